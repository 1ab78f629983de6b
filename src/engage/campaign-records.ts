import type { Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { AbTest, CampaignStatus, CampaignVariant, EngageCampaignsTable } from './campaign-tables.ts';
import type { EngageBaseKernel } from './kernel.ts';

/*
 * A campaign's record as the other campaign parts share it: the input shape, the view the API
 * returns, reading a row, and the audited state change every transition goes through. Kept apart
 * from the service so the launch job, the A/B decision and the scheduler can use it without a
 * cycle through campaigns.ts.
 */

export interface CampaignStepInput {
  channelId: string;
  templateId: string;
  delay?: string | null;
  variants?: CampaignVariant[] | null;
}
export interface CampaignInput {
  name: string;
  goal?: string | null;
  segmentId: string;
  controlPercent?: number | null;
  controlSegmentId?: string | null;
  steps: CampaignStepInput[];
  conversionEvent: string;
  attributionWindow: string;
  promotionId?: string | null;
  startsAt?: Date | string | null;
  endsAt?: Date | string | null;
  geography?: { regions?: string[] } | null;
  budget?: number | null;
  costPerMessage?: number | null;
  ownerId?: string | null;
  revenueProperty?: string | null;
  abTest?: AbTest | null;
}

export type Row = Selectable<EngageCampaignsTable>;
export const num = (v: string | number | null) => (v == null ? null : Number(v));
export const campaignView = (r: Row) => ({
  id: r.id,
  name: r.name,
  goal: r.goal,
  status: r.status,
  segmentId: r.segment_id,
  controlSegmentId: r.control_segment_id,
  controlPercent: r.control_percent,
  steps: r.steps.map((s, index) => ({
    index,
    channelId: s.channelId,
    templateId: s.templateId,
    delay: s.delay,
    variants: s.variants,
  })),
  promotionId: r.promotion_id,
  conversionEvent: r.conversion_event,
  attributionWindow: r.attribution_window,
  revenueProperty: r.revenue_property,
  geography: { regions: r.geography?.regions ?? [] },
  budget: num(r.budget),
  costPerMessage: num(r.cost_per_message),
  ownerId: r.owner_id,
  abTest: r.ab_test,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  launchedBy: r.launched_by,
  launchedAt: r.launched_at,
  finishedAt: r.finished_at,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  audience: r.audience,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  // Beyond the contract's fields (contract-16.md, Changes): the A/B winner and the last refusal.
  winner: r.ab_winner,
  error: r.error,
});
export type CampaignView = ReturnType<typeof campaignView>;
export type CampaignRow = Row;

export const toDate = (v: Date | string | null | undefined) => (v == null ? null : new Date(v));

/** The campaign's row (404 if it is not this workspace's); `lock` takes the row lock for a transition. */
export async function campaignRow(db: DbOrTx, ws: string, id: string, lock = false): Promise<Row> {
  let q = db.selectFrom('engage_campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Campaign');
  return r;
}

/**
 * A state change under the row lock: 409 unless the campaign is in one of `from`; `apply` gives
 * the columns to set (and may do more in the same transaction); audited with before and after.
 */
export async function transitionCampaign(
  k: EngageBaseKernel,
  actor: Actor,
  id: string,
  from: CampaignStatus[],
  apply: (trx: Tx, row: Row) => Promise<Partial<Record<keyof Row, unknown>>>,
): Promise<CampaignView> {
  const ws = actor.workspaceId;
  const r = await k.db.transaction().execute(async (trx) => {
    const before = await campaignRow(trx, ws, id, true);
    if (!from.includes(before.status))
      throw new AppError('CONFLICT', `The campaign is ${before.status}; this needs it ${from.join(' or ')}`);
    const set = await apply(trx, before);
    const row = await trx
      .updateTable('engage_campaigns')
      .set({ ...(set as object), updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await k.audit.record(trx, actor, {
      action: 'update',
      entityType: 'campaign',
      entityId: id,
      before: campaignView(before),
      after: campaignView(row),
      record: campaignView(row),
    });
    return row;
  });
  return campaignView(r);
}

/** Keeps a refusal on the campaign (`error`), optionally ending it with `status`; audited. */
export async function recordCampaignError(
  k: EngageBaseKernel,
  actor: Actor,
  id: string,
  error: string,
  status?: CampaignStatus,
) {
  await k.db.transaction().execute(async (trx) => {
    const before = await campaignRow(trx, actor.workspaceId, id, true);
    const row = await trx
      .updateTable('engage_campaigns')
      .set({ error, ...(status ? { status, finished_at: new Date() } : {}), updated_at: new Date() })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await k.audit.record(trx, actor, {
      action: 'update',
      entityType: 'campaign',
      entityId: id,
      before: campaignView(before),
      after: campaignView(row),
      record: campaignView(row),
    });
  });
}
