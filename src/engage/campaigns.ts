import { sql, type Selectable } from 'kysely';
import { systemActor, type Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { EnqueueRow } from './messages.ts';
import type {
  AbDecision,
  AbTest,
  CampaignStatus,
  CampaignStep,
  CampaignVariant,
  EngageCampaignsTable,
} from './campaign-tables.ts';
import { abStepIndex, durationMs, inAbTest, isControl, variantOf } from './campaign-audience.ts';
import { campaignResults, estimateAudience, variantRates } from './campaign-results.ts';
import { twoProportion } from './campaign-stats.ts';
import { TEMPLATE_FAMILY } from './references.ts';

export const CAMPAIGN_JOB = 'engage.campaign';
/** Members frozen (and their messages queued) per transaction. */
export const CAMPAIGN_CHUNK = 1000;
const NIL = '00000000-0000-0000-0000-000000000000';

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

type Row = Selectable<EngageCampaignsTable>;
const num = (v: string | number | null) => (v == null ? null : Number(v));
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

const toDate = (v: Date | string | null | undefined) => (v == null ? null : new Date(v));

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

  private async row(ws: string, id: string, db: DbOrTx = this.k.db, lock = false): Promise<Row> {
    let q = db.selectFrom('engage_campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Campaign');
    return r;
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

  // ---- validation

  private async segmentExists(ws: string, id: string, db: DbOrTx = this.k.db) {
    return !!(await db
      .selectFrom('segments')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst());
  }

  /**
   * The whole input, normalised, or a 400 naming the field: references of this workspace that fit
   * (a template of the channel's family), durations, shares, the A/B test's step, dates.
   */
  private async check(ws: string, input: CampaignInput) {
    const name = input.name?.trim();
    if (!name) throw invalid('name', 'must not be empty', 'REQUIRED');
    if (name.length > 200) throw invalid('name', 'at most 200 characters', 'TOO_LONG');
    if (!(await this.segmentExists(ws, input.segmentId)))
      throw invalid('segmentId', 'no segment or list with this id in this workspace');
    const controlSegmentId = input.controlSegmentId ?? null;
    let controlPercent = input.controlPercent ?? null;
    if (controlSegmentId) {
      if (controlPercent) throw invalid('controlPercent', 'give controlPercent or controlSegmentId, not both');
      if (controlSegmentId === input.segmentId)
        throw invalid('controlSegmentId', 'the control segment must differ from the target segment');
      if (!(await this.segmentExists(ws, controlSegmentId)))
        throw invalid('controlSegmentId', 'no segment or list with this id in this workspace');
      controlPercent = null;
    } else {
      controlPercent ??= 10;
      if (!Number.isInteger(controlPercent) || controlPercent < 0)
        throw invalid('controlPercent', 'a whole percent from 0 to 90', 'TOO_SMALL');
      if (controlPercent > 90) throw invalid('controlPercent', 'at most 90 percent', 'TOO_LARGE');
    }
    if (!durationMs(input.attributionWindow))
      throw invalid('attributionWindow', 'a duration such as "7d", "48h" or "30m"', 'INVALID_FORMAT');
    const conversionEvent = input.conversionEvent?.trim();
    if (!conversionEvent) throw invalid('conversionEvent', 'must not be empty', 'REQUIRED');
    if (!input.steps?.length) throw invalid('steps', 'at least one step', 'TOO_FEW');
    const steps: CampaignStep[] = [];
    for (const [i, s] of input.steps.entries()) {
      const channel = await this.k.db
        .selectFrom('engage_channels')
        .select('type')
        .where('workspace_id', '=', ws)
        .where('id', '=', s.channelId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!channel) throw invalid(`steps.${i}.channelId`, 'no channel with this id in this workspace');
      const fits = async (path: string, templateId: string) => {
        const t = await this.k.db
          .selectFrom('engage_templates')
          .select('channel')
          .where('workspace_id', '=', ws)
          .where('id', '=', templateId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!t) throw invalid(path, 'no template with this id in this workspace');
        if (TEMPLATE_FAMILY[channel.type] !== t.channel)
          throw invalid(path, `a ${t.channel} template cannot be sent over a ${channel.type} channel`);
      };
      await fits(`steps.${i}.templateId`, s.templateId);
      if (s.delay != null && !durationMs(s.delay))
        throw invalid(`steps.${i}.delay`, 'a duration such as "2d" or "12h"', 'INVALID_FORMAT');
      let variants: CampaignVariant[] | null = null;
      if (s.variants?.length) {
        if (s.variants.length < 2) throw invalid(`steps.${i}.variants`, 'at least two variants', 'TOO_FEW');
        const keys = new Set<string>();
        for (const [j, v] of s.variants.entries()) {
          if (!/^[A-Za-z0-9_-]{1,20}$/.test(v.key ?? ''))
            throw invalid(`steps.${i}.variants.${j}.key`, 'letters, digits, - or _ (up to 20)', 'INVALID_FORMAT');
          if (keys.has(v.key)) throw invalid(`steps.${i}.variants.${j}.key`, `the key ${v.key} appears twice`);
          keys.add(v.key);
          if (!(v.share > 0)) throw invalid(`steps.${i}.variants.${j}.share`, 'a percent above 0', 'TOO_SMALL');
          await fits(`steps.${i}.variants.${j}.templateId`, v.templateId);
        }
        const total = s.variants.reduce((a, v) => a + v.share, 0);
        if (Math.abs(total - 100) > 1e-9)
          throw invalid(`steps.${i}.variants`, `the shares must add up to 100 (they add up to ${total})`);
        variants = s.variants.map((v) => ({ key: v.key, templateId: v.templateId, share: v.share }));
      }
      steps.push({ channelId: s.channelId, templateId: s.templateId, delay: s.delay ?? null, variants });
    }
    const abTest = input.abTest ?? null;
    if (abTest) {
      const withVariants = steps.filter((s) => s.variants?.length).length;
      if (withVariants !== 1)
        throw invalid('abTest', `an A/B test needs exactly one step with variants (this campaign has ${withVariants})`);
      if (!durationMs(abTest.decideAfter))
        throw invalid('abTest.decideAfter', 'a duration such as "24h"', 'INVALID_FORMAT');
      if (!Number.isInteger(abTest.testPercent) || abTest.testPercent < 1 || abTest.testPercent > 100)
        throw invalid('abTest.testPercent', 'a whole percent from 1 to 100', 'TOO_SMALL');
    }
    const startsAt = toDate(input.startsAt);
    const endsAt = toDate(input.endsAt);
    if (startsAt && endsAt && endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
    if (input.budget != null && !(input.budget >= 0)) throw invalid('budget', 'must not be negative', 'TOO_SMALL');
    if (input.costPerMessage != null && !(input.costPerMessage >= 0))
      throw invalid('costPerMessage', 'must not be negative', 'TOO_SMALL');
    if (input.promotionId) await this.checkPromotion(ws, input.promotionId);
    const regions = [...new Set((input.geography?.regions ?? []).map((r) => r.trim()).filter(Boolean))];
    return {
      name,
      goal: input.goal?.trim() || null,
      segment_id: input.segmentId,
      control_segment_id: controlSegmentId,
      control_percent: controlPercent,
      steps: JSON.stringify(steps),
      promotion_id: input.promotionId ?? null,
      conversion_event: conversionEvent,
      attribution_window: input.attributionWindow,
      revenue_property: input.revenueProperty?.trim() || 'revenue',
      geography: JSON.stringify({ regions }),
      budget: input.budget ?? null,
      cost_per_message: input.costPerMessage ?? null,
      owner_id: input.ownerId ?? null,
      ab_test: abTest
        ? JSON.stringify({
            metric: abTest.metric,
            testPercent: abTest.testPercent,
            decideAfter: abTest.decideAfter,
            auto: abTest.auto,
          })
        : null,
      starts_at: startsAt,
      ends_at: endsAt,
    };
  }

  private async checkPromotion(ws: string, id: string) {
    try {
      await this.k.loyalty.promotions.get(ws, id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        throw invalid('promotionId', 'no promotion with this id in this workspace');
      throw e;
    }
  }

  // ---- CRUD

  async create(actor: Actor, input: CampaignInput): Promise<CampaignView> {
    const ws = actor.workspaceId;
    const values = await this.check(ws, input);
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
    const values = await this.check(ws, merged);
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

  // ---- states

  private async transition(
    actor: Actor,
    id: string,
    from: CampaignStatus[],
    apply: (trx: Tx, row: Row) => Promise<Partial<Record<keyof Row, unknown>>>,
  ): Promise<CampaignView> {
    const ws = actor.workspaceId;
    const r = await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(ws, id, trx, true);
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
      await this.k.audit.record(trx, actor, {
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

  async approve(actor: Actor, id: string): Promise<CampaignView> {
    await this.launchable(actor.workspaceId, await this.row(actor.workspaceId, id));
    return this.transition(actor, id, ['draft'], async () => ({
      status: 'approved',
      approved_by: actor.label,
      approved_at: new Date(),
      error: null,
    }));
  }

  /**
   * What a launch needs, checked when it is approved, launched and started: every reference still
   * there (a template deleted since → 422 TEMPLATE_UNAVAILABLE naming the step), and someone in the
   * treatment reachable on a step's channel (consent and an address) — else 422
   * NO_REACHABLE_AUDIENCE, the reason also kept on the campaign (`error`).
   */
  private async launchable(ws: string, c: Row, opts: { audience?: boolean; record?: Actor } = {}) {
    const gone = (path: string, what: string) =>
      new AppError('TEMPLATE_UNAVAILABLE', `${path}: ${what}`, [{ path, message: what }]);
    if (!(await this.segmentExists(ws, c.segment_id))) throw gone('segmentId', 'the segment was deleted');
    if (c.control_segment_id && !(await this.segmentExists(ws, c.control_segment_id)))
      throw gone('controlSegmentId', 'the control segment was deleted');
    for (const [i, s] of c.steps.entries()) {
      const ch = await this.k.db
        .selectFrom('engage_channels')
        .select(['id', 'deleted_at'])
        .where('workspace_id', '=', ws)
        .where('id', '=', s.channelId)
        .executeTakeFirst();
      if (!ch || ch.deleted_at) throw gone(`steps.${i}.channelId`, 'the channel was deleted');
      const templates = [
        { path: `steps.${i}.templateId`, id: s.templateId },
        ...(s.variants ?? []).map((v, j) => ({ path: `steps.${i}.variants.${j}.templateId`, id: v.templateId })),
      ];
      for (const t of templates) {
        const row = await this.k.db
          .selectFrom('engage_templates')
          .select(['name', 'archived_at'])
          .where('workspace_id', '=', ws)
          .where('id', '=', t.id)
          .executeTakeFirst();
        if (!row || row.archived_at)
          throw gone(t.path, `the template${row ? ` "${row.name}"` : ''} was deleted: choose another`);
      }
    }
    if (c.promotion_id) await this.checkPromotion(ws, c.promotion_id);
    if (!opts.audience) return;
    const est = await estimateAudience(this.k.db, ws, c);
    const reachable = Object.values(est.reachable).reduce((a, n) => a + n, 0);
    if (reachable > 0) return;
    const why =
      est.treatment === 0
        ? `the treatment group is empty (audience ${est.audience}, control ${est.control})`
        : `none of the ${est.treatment} people of the treatment group can be reached on the campaign's channels (no consent or no address)`;
    if (opts.record) await this.recordError(opts.record, c.id, `NO_REACHABLE_AUDIENCE: ${why}`);
    throw new AppError('NO_REACHABLE_AUDIENCE', `Nobody to send to: ${why}`, [{ path: 'segmentId', message: why }]);
  }

  private async recordError(actor: Actor, id: string, error: string, status?: CampaignStatus) {
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(actor.workspaceId, id, trx, true);
      const row = await trx
        .updateTable('engage_campaigns')
        .set({ error, ...(status ? { status, finished_at: new Date() } : {}), updated_at: new Date() })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'campaign',
        entityId: id,
        before: campaignView(before),
        after: campaignView(row),
        record: campaignView(row),
      });
    });
  }

  /**
   * Launch a draft or an approved campaign: a draft is approved by its launcher (recorded). With
   * a future `startsAt` it becomes scheduled (the periodic check starts it); else it runs now: the
   * job that freezes the audience is queued in the same transaction.
   */
  async launch(actor: Actor, id: string): Promise<CampaignView> {
    const ws = actor.workspaceId;
    const c = await this.row(ws, id);
    if (c.status !== 'draft' && c.status !== 'approved')
      throw new AppError('CONFLICT', `The campaign is ${c.status}; only a draft or an approved one can be launched`);
    await this.launchable(ws, c, { audience: true, record: actor });
    const later = c.starts_at && c.starts_at.getTime() > Date.now();
    return this.transition(actor, id, ['draft', 'approved'], async (trx, row) => {
      const approved =
        row.status === 'draft' ? { approved_by: actor.label, approved_at: new Date() } : ({} as Record<string, never>);
      if (later) return { ...approved, status: 'scheduled', launched_by: actor.label, error: null };
      await this.k.jobs.enqueue(ws, CAMPAIGN_JOB, { campaignId: id }, { trx });
      return {
        ...approved,
        status: 'running',
        launched_by: actor.label,
        launched_at: new Date(),
        error: null,
      };
    });
  }

  /** A scheduled campaign whose time came: checked again, then running (or cancelled with the reason). */
  async start(ws: string, id: string): Promise<void> {
    const actor = systemActor(ws, 'campaign scheduler');
    const c = await this.row(ws, id);
    if (c.status !== 'scheduled') return;
    try {
      await this.launchable(ws, c, { audience: true });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      await this.recordError(actor, id, `${e.code}: ${e.message}`, 'cancelled');
      return;
    }
    await this.transition(actor, id, ['scheduled'], async (trx) => {
      await this.k.jobs.enqueue(ws, CAMPAIGN_JOB, { campaignId: id }, { trx });
      return { status: 'running', launched_at: new Date() };
    });
  }

  /** Stops for good; its queued messages become suppressed with reason 'cancelled'. */
  async cancel(actor: Actor, id: string): Promise<CampaignView> {
    return this.transition(actor, id, ['draft', 'approved', 'scheduled', 'running'], async (trx) => {
      await this.suppressQueued(trx, actor.workspaceId, id, 'cancelled');
      return { status: 'cancelled', finished_at: new Date() };
    });
  }

  /** Ends a running campaign: waves not yet sent are dropped (reason 'campaign_finished'); results keep counting. */
  async finish(actor: Actor, id: string): Promise<CampaignView> {
    return this.transition(actor, id, ['running'], async (trx) => {
      await this.suppressQueued(trx, actor.workspaceId, id, 'campaign_finished');
      return { status: 'finished', finished_at: new Date() };
    });
  }

  private async suppressQueued(trx: Tx, ws: string, id: string, reason: string) {
    const gone = await sql<{ id: string }>`
      UPDATE engage_messages SET status = 'suppressed', reason = ${reason}, updated_at = now()
      WHERE workspace_id = ${ws} AND campaign_id = ${id} AND status = 'queued'
      RETURNING id
    `.execute(trx);
    if (gone.rows.length)
      await trx
        .insertInto('engage_message_events')
        .values(
          gone.rows.map((m) => ({
            workspace_id: ws,
            id: newId(),
            message_id: m.id,
            type: 'suppressed',
            detail: JSON.stringify({ reason, campaignId: id }),
          })),
        )
        .execute();
  }

  // ---- audience and results

  async estimate(ws: string, id: string) {
    return estimateAudience(this.k.db, ws, await this.row(ws, id));
  }

  async results(ws: string, id: string) {
    return campaignResults(this.k.db, ws, await this.row(ws, id));
  }

  // ---- the job

  /**
   * Freezes the audience (control segment first, then the target segment; a person already frozen
   * keeps their row) and queues the treatment's messages, a chunk per transaction under the
   * campaign's row lock (a cancel that commits meanwhile stops it before the next chunk, and
   * suppresses what was queued). Then, once an A/B winner is known, the rest of the treatment gets
   * the winner. Every step is idempotent: a retried or repeated job adds nothing twice.
   */
  async run(ws: string, id: string, ctx: Pick<JobContext, 'progress'>): Promise<{ members: number; queued: number }> {
    const c = await this.row(ws, id);
    const out = { members: 0, queued: 0 };
    if (c.status !== 'running') return out;
    const kinds = await this.templateKinds(ws, c);
    if (!c.enumerated_at) {
      const phases: { segmentId: string; control: boolean }[] = [
        ...(c.control_segment_id ? [{ segmentId: c.control_segment_id, control: true }] : []),
        { segmentId: c.segment_id, control: false },
      ];
      for (const phase of phases) {
        let cursor = NIL;
        for (;;) {
          const step = await this.k.db.transaction().execute(async (trx) => {
            const cur = await this.row(ws, id, trx, true);
            if (cur.status !== 'running') return null;
            return this.freezeChunk(trx, cur, phase, cursor, kinds);
          });
          if (!step) return out;
          out.members += step.inserted;
          out.queued += step.queued;
          await ctx.progress(0.5, `${out.members} members frozen`);
          if (!step.next) break;
          cursor = step.next;
        }
      }
      await this.k.db.transaction().execute(async (trx) => {
        const n = await trx
          .selectFrom('engage_campaign_members')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', ws)
          .where('campaign_id', '=', id)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('engage_campaigns')
          .set({ enumerated_at: new Date(), audience: Number(n.n), updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      });
    }
    out.queued += await this.sendWinner(ws, id, kinds);
    return out;
  }

  private async templateKinds(ws: string, c: Row): Promise<Map<string, 'marketing' | 'transactional'>> {
    const ids = [...new Set(c.steps.flatMap((s) => [s.templateId, ...(s.variants ?? []).map((v) => v.templateId)]))];
    const rows = await this.k.db
      .selectFrom('engage_templates')
      .select(['id', 'kind'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.kind]));
  }

  /** One chunk of a segment's current members after `cursor` (by person id), frozen and messaged. */
  private async freezeChunk(
    trx: Tx,
    c: Row,
    phase: { segmentId: string; control: boolean },
    cursor: string,
    kinds: Map<string, 'marketing' | 'transactional'>,
  ): Promise<{ inserted: number; queued: number; next: string | null }> {
    const ws = c.workspace_id;
    const regions = (c.geography?.regions ?? []).map((r) => r.toLowerCase());
    const page = await sql<{ person_id: string; region: string | null }>`
      SELECT sm.person_id, nullif(coalesce(p.traits->>'region', p.traits#>>'{address,region}'), '') AS region
      FROM segment_members sm
      JOIN persons p ON p.workspace_id = sm.workspace_id AND p.id = sm.person_id AND p.merged_into IS NULL
      WHERE sm.workspace_id = ${ws} AND sm.segment_id = ${phase.segmentId} AND sm.exited_at IS NULL
        AND sm.person_id > ${cursor}::uuid
        ${regions.length ? sql`AND lower(coalesce(p.traits->>'region', p.traits#>>'{address,region}')) = ANY(${regions}::text[])` : sql``}
      ORDER BY sm.person_id
      LIMIT ${CAMPAIGN_CHUNK}
    `.execute(trx);
    if (!page.rows.length) return { inserted: 0, queued: 0, next: null };
    const ab = c.ab_test;
    const abStep = abStepIndex(c.steps);
    const members = page.rows.map((p) => {
      const grp = phase.control || (c.control_percent != null && isControl(c.id, p.person_id, c.control_percent));
      const vs = abStep >= 0 ? c.steps[abStep].variants! : null;
      const variant =
        grp || !vs
          ? null
          : ab && !inAbTest(c.id, p.person_id, ab.testPercent)
            ? c.ab_winner
            : variantOf(c.id, p.person_id, vs).key;
      return { person_id: p.person_id, grp: grp ? 'control' : 'treatment', variant, region: p.region };
    });
    const ins = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO engage_campaign_members (workspace_id, campaign_id, person_id, grp, variant, region)
        SELECT ${ws}, ${c.id}, x.person_id, x.grp, x.variant, x.region
        FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS x(person_id uuid, grp text, variant text, region text)
        ON CONFLICT (workspace_id, campaign_id, person_id) DO NOTHING
        RETURNING 1
      ) SELECT count(*)::int AS n FROM ins
    `.execute(trx);
    // The rows as frozen (a person frozen earlier, e.g. by the control segment, keeps theirs).
    const frozen = await trx
      .selectFrom('engage_campaign_members')
      .select(['person_id', 'grp', 'variant'])
      .where('workspace_id', '=', ws)
      .where('campaign_id', '=', c.id)
      .where(
        'person_id',
        'in',
        page.rows.map((p) => p.person_id),
      )
      .execute();
    const rows = frozen.filter((m) => m.grp === 'treatment').flatMap((m) => this.messagesOf(c, m, kinds));
    const queued = rows.length ? await this.engage.messages.enqueueMany(trx, ws, rows) : 0;
    const next = page.rows.length < CAMPAIGN_CHUNK ? null : page.rows[page.rows.length - 1].person_id;
    return { inserted: Number(ins.rows[0]?.n ?? 0), queued, next };
  }

  /** A treatment member's messages, one per step (a step's delay after launch → its send time). */
  private messagesOf(
    c: Row,
    m: { person_id: string; variant: string | null },
    kinds: Map<string, 'marketing' | 'transactional'>,
    only?: number,
  ): EnqueueRow[] {
    const abStep = abStepIndex(c.steps);
    const t0 = (c.launched_at ?? new Date()).getTime();
    const out: EnqueueRow[] = [];
    for (const [i, s] of c.steps.entries()) {
      if (only !== undefined && i !== only) continue;
      let templateId = s.templateId;
      let variant: string | null = null;
      if (s.variants?.length) {
        const v =
          i === abStep && c.ab_test
            ? s.variants.find((x) => x.key === m.variant)
            : i === abStep && m.variant
              ? s.variants.find((x) => x.key === m.variant)
              : variantOf(c.id, m.person_id, s.variants);
        if (!v) continue; // waiting for the A/B winner
        templateId = v.templateId;
        variant = v.key;
      }
      const delay = durationMs(s.delay);
      out.push({
        personId: m.person_id,
        channelId: s.channelId,
        templateId,
        idempotencyKey: `cp:${c.id}:${i}:${m.person_id}`,
        kind: kinds.get(templateId) ?? 'marketing',
        sendAfter: delay ? new Date(t0 + delay) : null,
        campaignId: c.id,
        campaignStep: i,
        variant,
      });
    }
    return out;
  }

  /** After an A/B decision: the waiting part of the treatment gets the winner, a chunk per transaction. */
  private async sendWinner(ws: string, id: string, kinds: Map<string, 'marketing' | 'transactional'>) {
    let queued = 0;
    for (;;) {
      const n = await this.k.db.transaction().execute(async (trx) => {
        const c = await this.row(ws, id, trx, true);
        if (c.status !== 'running' || !c.ab_test || !c.ab_winner) return 0;
        const abStep = abStepIndex(c.steps);
        const waiting = await trx
          .selectFrom('engage_campaign_members')
          .select(['person_id'])
          .where('workspace_id', '=', ws)
          .where('campaign_id', '=', id)
          .where('grp', '=', 'treatment')
          .where('variant', 'is', null)
          .orderBy('person_id')
          .limit(CAMPAIGN_CHUNK)
          .execute();
        if (!waiting.length) return 0;
        const ids = waiting.map((w) => w.person_id);
        await trx
          .updateTable('engage_campaign_members')
          .set({ variant: c.ab_winner })
          .where('workspace_id', '=', ws)
          .where('campaign_id', '=', id)
          .where('person_id', 'in', ids)
          .execute();
        const rows = ids.flatMap((p) => this.messagesOf(c, { person_id: p, variant: c.ab_winner }, kinds, abStep));
        // The winner goes out now: a delay counts from the decision for the waiting part.
        const now = new Date();
        for (const r of rows) if (r.sendAfter && r.sendAfter < now) r.sendAfter = null;
        await this.engage.messages.enqueueMany(trx, ws, rows);
        return ids.length;
      });
      if (!n) return queued;
      queued += n;
    }
  }

  // ---- A/B

  /**
   * Picks the A/B winner — `variant` by hand, or the best rate of the test's metric — records it
   * with the comparison of the top two (two-proportion z-test), and queues the job that sends the
   * winner to the rest of the treatment.
   */
  async decide(actor: Actor, id: string, variant?: string): Promise<CampaignView> {
    const ws = actor.workspaceId;
    const c = await this.row(ws, id);
    if (!c.ab_test) throw new AppError('CONFLICT', 'The campaign has no A/B test');
    const abStep = abStepIndex(c.steps);
    const keys = c.steps[abStep]?.variants?.map((v) => v.key) ?? [];
    if (variant !== undefined && !keys.includes(variant))
      throw invalid('variant', `not a variant of this campaign (${keys.join(', ')})`, 'INVALID_OPTION');
    const rates = await variantRates(this.k.db, ws, c, abStep);
    const ranked = [...rates].sort(
      (a, b) => (b.rate ?? -1) - (a.rate ?? -1) || keys.indexOf(a.key) - keys.indexOf(b.key),
    );
    const winner = variant ?? ranked[0]?.key ?? keys[0];
    const [first, second] = ranked.filter((r) => r.sent > 0);
    const test = first && second ? twoProportion(first.hits, first.sent, second.hits, second.sent) : null;
    const decision: AbDecision = {
      winner,
      metric: c.ab_test.metric,
      decidedAt: new Date().toISOString(),
      decidedBy: actor.label,
      how: variant !== undefined ? 'manual' : 'auto',
      variants: rates,
      comparison:
        test && first && second
          ? { first: first.key, second: second.key, diff: test.diff, ci: test.ci, pValue: test.pValue }
          : null,
    };
    return this.transition(actor, id, ['running'], async (trx, row) => {
      if (row.ab_winner) throw new AppError('CONFLICT', `The A/B winner was already chosen: ${row.ab_winner}`);
      await this.k.jobs.enqueue(ws, CAMPAIGN_JOB, { campaignId: id }, { trx });
      return { ab_winner: winner, ab_decision: JSON.stringify(decision) };
    });
  }

  // ---- the periodic check

  /** Starts scheduled campaigns whose time came, finishes running ones past `endsAt`, decides due A/B tests. */
  async tick(now = new Date()): Promise<{ started: number; finished: number; decided: number }> {
    const out = { started: 0, finished: 0, decided: 0 };
    const due = await this.k.db
      .selectFrom('engage_campaigns')
      .select(['workspace_id', 'id', 'status', 'starts_at', 'ends_at', 'ab_test', 'ab_winner', 'launched_at'])
      .where('status', 'in', ['scheduled', 'running'])
      .where((e) =>
        e.or([
          e.and([e('status', '=', 'scheduled'), e('starts_at', '<=', now)]),
          e.and([e('status', '=', 'running'), e('ends_at', '<=', now)]),
          e.and([e('status', '=', 'running'), e('ab_test', 'is not', null), e('ab_winner', 'is', null)]),
        ]),
      )
      .limit(500)
      .execute();
    for (const c of due) {
      const actor = systemActor(c.workspace_id, 'campaign scheduler');
      try {
        if (c.status === 'scheduled') {
          await this.start(c.workspace_id, c.id);
          out.started++;
        } else if (c.ends_at && c.ends_at <= now) {
          await this.finish(actor, c.id);
          out.finished++;
        } else if (
          c.ab_test?.auto &&
          c.launched_at &&
          c.launched_at.getTime() + (durationMs(c.ab_test.decideAfter) ?? 0) <= now.getTime()
        ) {
          await this.decide(actor, c.id);
          out.decided++;
        }
      } catch (e) {
        // Another process or a user got there first (409): the next tick sees the new state.
        if (!(e instanceof AppError)) throw e;
      }
    }
    return out;
  }
}
