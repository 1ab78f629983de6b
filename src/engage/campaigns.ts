import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import { decideCampaign } from './campaign-ab.ts';
import { checkCampaign } from './campaign-check.ts';
import { CAMPAIGN_JOB, runCampaign } from './campaign-launch.ts';
import { type CampaignInput, type CampaignView, campaignRow, campaignView, num, type Row } from './campaign-records.ts';
import { campaignResults, estimateAudience } from './campaign-results.ts';
import { campaignResponses } from './campaign-responses.ts';
import { tickCampaigns } from './campaign-schedule.ts';
import { approveCampaign, cancelCampaign, finishCampaign, launchCampaign, startCampaign } from './campaign-states.ts';
import type { CampaignStatus } from './campaign-tables.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';

// The names the routes, the tests and the demo import from here since before the split.
export { CAMPAIGN_CHUNK, CAMPAIGN_JOB } from './campaign-launch.ts';
export {
  type CampaignInput,
  type CampaignRow,
  type CampaignStepInput,
  type CampaignView,
  campaignView,
} from './campaign-records.ts';

/**
 * Campaigns (issue 16): an audience (a segment or list, optionally narrowed to regions) with a
 * control group held out, one or more waves of messages (steps, each optionally A/B-tested), a
 * conversion event and an attribution window. Life: draft → approved → scheduled → running →
 * finished, or cancelled; who approved and launched it is kept on the record and in the audit log.
 *
 * The job `engage.campaign` freezes the audience into `engage_campaign_members` a chunk per
 * transaction (the group of each person is a hash of campaign and person: stable across restarts
 * and relaunches) and queues the treatment's messages in the same transaction through the ledger
 * (key `cp:<campaign>:<step>:<person>`), so a restarted job makes nothing twice; control members get
 * no message. Consent, caps and quiet hours are the sender's (policy.ts), as for every message.
 * A periodic check starts scheduled campaigns, finishes those past `endsAt` and picks A/B winners.
 */
export class Campaigns {
  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    k.jobs.define<{ campaignId: string }>({
      name: CAMPAIGN_JOB,
      retryLimit: 5,
      retryDelaySeconds: 5,
      retryBackoff: true,
      handler: (data, ctx) => this.run(ctx.workspaceId, data.campaignId, ctx),
    });
    k.jobs.every('engage.campaigns.tick', 15, () => this.tick());
    // GDPR: a person's campaign memberships (group, variant, region) go with the person.
    k.privacy.registerModule('engage-campaigns', {
      erase: async (trx, ws, personIds) => {
        if (!personIds.length) return { campaignMemberships: 0 };
        const gone = await trx
          .deleteFrom('engage_campaign_members')
          .where('workspace_id', '=', ws)
          .where('person_id', 'in', personIds)
          .executeTakeFirst();
        return { campaignMemberships: Number(gone.numDeletedRows) };
      },
      export: async (db, ws, personIds) => ({
        campaignMemberships: !personIds.length
          ? []
          : await db
              .selectFrom('engage_campaign_members')
              .select(['campaign_id as campaignId', 'grp as group', 'variant', 'region', 'entered_at as enteredAt'])
              .where('workspace_id', '=', ws)
              .where('person_id', 'in', personIds)
              .orderBy('entered_at')
              .execute(),
      }),
    });
    // A merge: the survivor takes the merged-away person's memberships (their events follow the survivor).
    k.cdp.directory.onMerge(async (trx, ws, m) => {
      await sql`
        UPDATE engage_campaign_members cm SET person_id = ${m.into}
        WHERE cm.workspace_id = ${ws} AND cm.person_id = ${m.from}
          AND NOT EXISTS (SELECT 1 FROM engage_campaign_members o
            WHERE o.workspace_id = cm.workspace_id AND o.campaign_id = cm.campaign_id AND o.person_id = ${m.into})
      `.execute(trx);
    });
  }

  private row(ws: string, id: string, db: DbOrTx = this.k.db, lock = false): Promise<Row> {
    return campaignRow(db, ws, id, lock);
  }

  async get(ws: string, id: string): Promise<CampaignView> {
    return campaignView(await this.row(ws, id));
  }

  async list(ws: string, q: { status?: CampaignStatus; q?: string; limit: number; cursor?: { c: string; i: string } }) {
    const text = q.q?.trim();
    return this.k.db
      .selectFrom('engage_campaigns')
      .selectAll()
      .select(sql<string>`created_at::text`.as('ck'))
      .where('workspace_id', '=', ws)
      .$if(!!q.status, (b) => b.where('status', '=', q.status!))
      .$if(!!text, (b) => b.where(sql<boolean>`(name ILIKE ${`%${text}%`} OR coalesce(goal, '') ILIKE ${`%${text}%`})`))
      .$if(!!q.cursor, (b) =>
        b.where(sql<boolean>`(created_at, id) < (${q.cursor!.c}::timestamptz, ${q.cursor!.i}::uuid)`),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
  }

  // ---- CRUD

  async create(actor: Actor, input: CampaignInput): Promise<CampaignView> {
    const ws = actor.workspaceId;
    const values = await checkCampaign(this.k, ws, input);
    const id = newId();
    const r = await this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('engage_campaigns')
        .values({ workspace_id: ws, id, ...values, created_by: actor.label })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'campaign',
        entityId: id,
        after: campaignView(row),
        record: campaignView(row),
      });
      return row;
    });
    return campaignView(r);
  }

  /** The input a row was made from: PATCH merges into it and checks the whole again. */
  private inputOf(r: Row): CampaignInput {
    return {
      name: r.name,
      goal: r.goal,
      segmentId: r.segment_id,
      controlPercent: r.control_percent,
      controlSegmentId: r.control_segment_id,
      steps: r.steps,
      conversionEvent: r.conversion_event,
      attributionWindow: r.attribution_window,
      promotionId: r.promotion_id,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      geography: r.geography,
      budget: num(r.budget),
      costPerMessage: num(r.cost_per_message),
      ownerId: r.owner_id,
      revenueProperty: r.revenue_property,
      abTest: r.ab_test,
    };
  }

  /** Changes a draft (409 otherwise). */
  async update(actor: Actor, id: string, patch: Partial<CampaignInput>): Promise<CampaignView> {
    const ws = actor.workspaceId;
    const before = await this.row(ws, id);
    if (before.status !== 'draft')
      throw new AppError('CONFLICT', `Only a draft campaign can be changed; this one is ${before.status}`);
    const merged: CampaignInput = { ...this.inputOf(before) };
    for (const [k, v] of Object.entries(patch))
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    // Choosing a control segment replaces the percent (and the other way round).
    if (patch.controlSegmentId && patch.controlPercent === undefined) merged.controlPercent = null;
    if (patch.controlPercent && patch.controlSegmentId === undefined) merged.controlSegmentId = null;
    const values = await checkCampaign(this.k, ws, merged);
    const r = await this.k.db.transaction().execute(async (trx) => {
      const cur = await this.row(ws, id, trx, true);
      if (cur.status !== 'draft')
        throw new AppError('CONFLICT', `Only a draft campaign can be changed; this one is ${cur.status}`);
      const row = await trx
        .updateTable('engage_campaigns')
        .set({ ...values, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'campaign',
        entityId: id,
        before: campaignView(cur),
        after: campaignView(row),
        record: campaignView(row),
      });
      return row;
    });
    return campaignView(r);
  }

  /** Deletes a draft (409 otherwise: cancel it). */
  async remove(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(ws, id, trx, true);
      if (before.status !== 'draft')
        throw new AppError(
          'CONFLICT',
          `Only a draft campaign can be deleted; this one is ${before.status} (cancel it)`,
        );
      await trx.deleteFrom('engage_campaigns').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'campaign',
        entityId: id,
        before: campaignView(before),
      });
    });
  }

  // ---- states (campaign-states.ts)

  approve(actor: Actor, id: string): Promise<CampaignView> {
    return approveCampaign(this.k, actor, id);
  }

  /** A draft or approved campaign: scheduled for a future `startsAt`, else running now. */
  launch(actor: Actor, id: string): Promise<CampaignView> {
    return launchCampaign(this.k, actor, id);
  }

  /** A scheduled campaign whose time came. */
  start(ws: string, id: string): Promise<void> {
    return startCampaign(this.k, ws, id);
  }

  cancel(actor: Actor, id: string): Promise<CampaignView> {
    return cancelCampaign(this.k, actor, id);
  }

  finish(actor: Actor, id: string): Promise<CampaignView> {
    return finishCampaign(this.k, actor, id);
  }

  // ---- audience and results

  async estimate(ws: string, id: string) {
    return estimateAudience(this.k.db, ws, await this.row(ws, id));
  }

  /**
   * Finished campaigns' treatment groups and who responded (campaign-responses.ts), launched
   * before `before`: what insights trains response propensity on.
   */
  responses(ws: string, opts: { before: Date; limit?: number }) {
    return campaignResponses(this.k, ws, opts);
  }

  async results(ws: string, id: string) {
    return campaignResults(this.k.db, ws, await this.row(ws, id));
  }

  // ---- the job (campaign-launch.ts), the A/B decision (campaign-ab.ts), the periodic check (campaign-schedule.ts)

  run(ws: string, id: string, ctx: Pick<JobContext, 'progress'>): Promise<{ members: number; queued: number }> {
    return runCampaign(this.k, this.engage, ws, id, ctx);
  }

  decide(actor: Actor, id: string, variant?: string): Promise<CampaignView> {
    return decideCampaign(this.k, actor, id, variant);
  }

  tick(now = new Date()): Promise<{ started: number; finished: number; decided: number }> {
    return tickCampaigns(this.k, now);
  }
}
