import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid } from '../core/errors.ts';
import { abStepIndex } from './campaign-audience.ts';
import { CAMPAIGN_JOB } from './campaign-launch.ts';
import { type CampaignView, campaignRow, transitionCampaign } from './campaign-records.ts';
import { variantRates } from './campaign-results.ts';
import { twoProportion } from './campaign-stats.ts';
import type { AbDecision } from './campaign-tables.ts';
import type { EngageBaseKernel } from './kernel.ts';

/**
 * Picks the A/B winner — `variant` by hand, or the best rate of the test's metric — records it
 * with the comparison of the top two (two-proportion z-test), and queues the job that sends the
 * winner to the rest of the treatment.
 */
export async function decideCampaign(
  k: EngageBaseKernel,
  actor: Actor,
  id: string,
  variant?: string,
): Promise<CampaignView> {
  const ws = actor.workspaceId;
  const c = await campaignRow(k.db, ws, id);
  if (!c.ab_test) throw new AppError('CONFLICT', 'The campaign has no A/B test');
  const abStep = abStepIndex(c.steps);
  const keys = c.steps[abStep]?.variants?.map((v) => v.key) ?? [];
  if (variant !== undefined && !keys.includes(variant))
    throw invalid('variant', `not a variant of this campaign (${keys.join(', ')})`, 'INVALID_OPTION');
  const rates = await variantRates(k.db, ws, c, abStep);
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
  return transitionCampaign(k, actor, id, ['running'], async (trx, row) => {
    if (row.ab_winner) throw new AppError('CONFLICT', `The A/B winner was already chosen: ${row.ab_winner}`);
    await k.jobs.enqueue(ws, CAMPAIGN_JOB, { campaignId: id }, { trx });
    return { ab_winner: winner, ab_decision: JSON.stringify(decision) };
  });
}
