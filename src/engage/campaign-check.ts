import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, invalid } from '../core/errors.ts';
import { durationMs } from './campaign-audience.ts';
import { type CampaignInput, type Row, recordCampaignError, toDate } from './campaign-records.ts';
import { estimateAudience } from './campaign-results.ts';
import type { CampaignStep, CampaignVariant } from './campaign-tables.ts';
import type { EngageBaseKernel } from './kernel.ts';
import { TEMPLATE_FAMILY } from './references.ts';

/*
 * The checks of a campaign: its input when it is created or changed, and again what a launch
 * needs when it is approved, launched or started (references may have gone since).
 */

export async function segmentExists(db: DbOrTx, ws: string, id: string) {
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
export async function checkCampaign(k: EngageBaseKernel, ws: string, input: CampaignInput) {
  const name = input.name?.trim();
  if (!name) throw invalid('name', 'must not be empty', 'REQUIRED');
  if (name.length > 200) throw invalid('name', 'at most 200 characters', 'TOO_LONG');
  if (!(await segmentExists(k.db, ws, input.segmentId)))
    throw invalid('segmentId', 'no segment or list with this id in this workspace');
  const controlSegmentId = input.controlSegmentId ?? null;
  let controlPercent = input.controlPercent ?? null;
  if (controlSegmentId) {
    if (controlPercent) throw invalid('controlPercent', 'give controlPercent or controlSegmentId, not both');
    if (controlSegmentId === input.segmentId)
      throw invalid('controlSegmentId', 'the control segment must differ from the target segment');
    if (!(await segmentExists(k.db, ws, controlSegmentId)))
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
    const channel = await k.db
      .selectFrom('engage_channels')
      .select('type')
      .where('workspace_id', '=', ws)
      .where('id', '=', s.channelId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!channel) throw invalid(`steps.${i}.channelId`, 'no channel with this id in this workspace');
    const fits = async (path: string, templateId: string) => {
      const t = await k.db
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
  if (input.promotionId) await checkPromotion(k, ws, input.promotionId);
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

export async function checkPromotion(k: EngageBaseKernel, ws: string, id: string) {
  try {
    await k.loyalty.promotions.get(ws, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND')
      throw invalid('promotionId', 'no promotion with this id in this workspace');
    throw e;
  }
}

/**
 * What a launch needs, checked when it is approved, launched and started: every reference still
 * there (a template deleted since → 422 TEMPLATE_UNAVAILABLE naming the step), and someone in the
 * treatment reachable on a step's channel (consent and an address) — else 422
 * NO_REACHABLE_AUDIENCE, the reason also kept on the campaign (`error`).
 */
export async function launchable(
  k: EngageBaseKernel,
  ws: string,
  c: Row,
  opts: { audience?: boolean; record?: Actor } = {},
) {
  const gone = (path: string, what: string) =>
    new AppError('TEMPLATE_UNAVAILABLE', `${path}: ${what}`, [{ path, message: what }]);
  if (!(await segmentExists(k.db, ws, c.segment_id))) throw gone('segmentId', 'the segment was deleted');
  if (c.control_segment_id && !(await segmentExists(k.db, ws, c.control_segment_id)))
    throw gone('controlSegmentId', 'the control segment was deleted');
  for (const [i, s] of c.steps.entries()) {
    const ch = await k.db
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
      const row = await k.db
        .selectFrom('engage_templates')
        .select(['name', 'archived_at'])
        .where('workspace_id', '=', ws)
        .where('id', '=', t.id)
        .executeTakeFirst();
      if (!row || row.archived_at)
        throw gone(t.path, `the template${row ? ` "${row.name}"` : ''} was deleted: choose another`);
    }
  }
  if (c.promotion_id) await checkPromotion(k, ws, c.promotion_id);
  if (!opts.audience) return;
  const est = await estimateAudience(k.db, ws, c);
  const reachable = Object.values(est.reachable).reduce((a, n) => a + n, 0);
  if (reachable > 0) return;
  const why =
    est.treatment === 0
      ? `the treatment group is empty (audience ${est.audience}, control ${est.control})`
      : `none of the ${est.treatment} people of the treatment group can be reached on the campaign's channels (no consent or no address)`;
  if (opts.record) await recordCampaignError(k, opts.record, c.id, `NO_REACHABLE_AUDIENCE: ${why}`);
  throw new AppError('NO_REACHABLE_AUDIENCE', `Nobody to send to: ${why}`, [{ path: 'segmentId', message: why }]);
}
