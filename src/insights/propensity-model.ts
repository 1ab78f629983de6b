import type { FeatureStore } from './features.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { type PropensityParams, type ResponseExample, scorePropensity, trainPropensity } from './propensity.ts';
import type { Scores } from './scores.ts';
import type { Trainer, TrainContext, TrainOutcome } from './trainer.ts';

/** What a propensity version's params keep: the models, and the type a person's stored score is for. */
export interface PropensityModelParams extends PropensityParams {
  /** The campaign type with the most examples: `insights_scores` keeps each person's propensity for it. */
  scoredType: string;
}

/** The examples of past campaigns: each treatment member with features as of the launch. */
async function examplesOf(
  k: InsightsBaseKernel,
  features: FeatureStore,
  ws: string,
  before: Date,
): Promise<ResponseExample[]> {
  const campaigns = await k.engage.campaigns.responses(ws, { before });
  const out: ResponseExample[] = [];
  for (const c of campaigns) {
    if (!c.members.length) continue;
    const table = await features.features(ws, c.launchedAt, { personIds: c.members.map((m) => m.personId) });
    const row = new Map(table.ids.map((id, i) => [id, table.rows[i]!]));
    for (const m of c.members) {
      const x = row.get(m.personId);
      // A recipient with no history before the launch has no features: not an example.
      if (!x) continue;
      out.push({
        personId: m.personId,
        campaignId: c.campaignId,
        type: c.type,
        at: c.launchedAt.getTime(),
        responded: m.responded,
        features: Object.fromEntries(table.names.map((n, j) => [n, x[j]!])),
      });
    }
  }
  return out;
}

/**
 * The `propensity` kind (propensity.ts): trains on the finished campaigns' treatment groups (read
 * through `engage.campaigns.responses`), each recipient's features at the launch (the feature
 * store, point in time); scores everyone with history now for the campaign type with the most
 * examples (`scoredType`), with the person's response history so far.
 */
export function propensityTrainer(
  k: InsightsBaseKernel,
  insights: { features: FeatureStore; scores: Scores },
): Trainer {
  return {
    kind: 'propensity',
    async train(ws: string, ctx: TrainContext): Promise<TrainOutcome> {
      await ctx.progress(0.1, 'reading past campaigns');
      const examples = await examplesOf(k, insights.features, ws, ctx.now);
      await ctx.progress(0.5, 'fitting');
      const out = trainPropensity(examples, { seed: ctx.seed });
      if (out.status === 'insufficient_data') return out;
      const counts = new Map<string, number>();
      for (const e of examples) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      const scoredType = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      const params: PropensityModelParams = { ...out.params, scoredType };
      return {
        status: 'ready',
        metrics: { ...out.metrics, scoredType },
        baseline: { ...out.baseline },
        params: params as unknown as Record<string, unknown>,
        featureImportance: out.featureImportance,
      };
    },
    async score(ws, model, ctx) {
      const params = model.params as unknown as PropensityModelParams;
      const table = await insights.features.features(ws, ctx.now);
      // Each person's campaigns so far and the share she responded to.
      const history = new Map<string, { n: number; hits: number }>();
      for (const c of await k.engage.campaigns.responses(ws, { before: ctx.now }))
        for (const m of c.members) {
          const h = history.get(m.personId) ?? { n: 0, hits: 0 };
          h.n++;
          if (m.responded) h.hits++;
          history.set(m.personId, h);
        }
      const rows = table.ids.map((personId, i) => {
        const h = history.get(personId);
        const f: Record<string, number> = Object.fromEntries(table.names.map((n, j) => [n, table.rows[i]![j]!]));
        f.past_campaigns = h?.n ?? 0;
        f.past_response_rate = h?.n ? h.hits / h.n : 0;
        return { personId, ...scorePropensity(params, params.scoredType, f) };
      });
      return insights.scores.replace(ws, 'propensity', model.version, rows, ctx.now);
    },
  };
}
