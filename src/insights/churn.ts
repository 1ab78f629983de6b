import type { PersonFacts } from '../cdp/index.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import type { FeatureStore } from './features.ts';
import { checkLeakage, FEATURES, featureTable, type FeatureDef } from './features.ts';
import { fitBinaryAsync, importance, predictLogistic, topFactors, type LogisticModel } from './models.ts';
import type { Scores } from './scores.ts';
import type { Trainer, TrainContext, TrainOutcome } from './trainer.ts';

const DAY = 86_400_000;
/** Churn: no order in the next 90 days. */
export const CHURN_HORIZON_DAYS = 90;

/**
 * The churn population: active customers — people with an order in the 120 days before the
 * cut-off. Churn is defined for them only: someone whose last order is older has lapsed already
 * (a win-back target, not a retention one), and including them lets recency alone find "churners"
 * who left long ago.
 */
export const CHURN_ACTIVE_DAYS = 120;
export const isCustomer = (f: PersonFacts, at: Date) =>
  f.orders > 0 && f.lastOrderAt !== null && f.lastOrderAt.getTime() >= at.getTime() - CHURN_ACTIVE_DAYS * DAY;

/**
 * The churn model's training set: features at `cutoff` (events before it only) of the customers
 * then, labelled 1 when they ordered nothing in the horizon after it (orders before cutoff + h
 * minus orders before cutoff).
 */
export async function churnDataset(
  store: Pick<FeatureStore, 'facts'>,
  ws: string,
  cutoff: Date,
  defs: FeatureDef[] = FEATURES,
) {
  const at = (await store.facts(ws, cutoff)).filter((f) => isCustomer(f, cutoff));
  const later = new Map(
    (
      await store.facts(
        ws,
        new Date(cutoff.getTime() + CHURN_HORIZON_DAYS * DAY),
        at.map((f) => f.personId),
      )
    ).map((f) => [f.personId, f.orders]),
  );
  const table = featureTable(at, cutoff, defs);
  const labels = at.map((f) => ((later.get(f.personId) ?? f.orders) - f.orders > 0 ? 0 : 1));
  return { table, labels };
}

/** Whether a data set can train a binary model: enough people and enough of each outcome. */
export function enoughData(labels: readonly number[], minPeople: number): string | null {
  const pos = labels.reduce((s, y) => s + y, 0);
  const neg = labels.length - pos;
  if (labels.length < minPeople) return `${labels.length} people with history; at least ${minPeople} are needed`;
  if (pos < 10 || neg < 10) return `${pos} positive and ${neg} negative outcomes; at least 10 of each are needed`;
  return null;
}

/**
 * Churn probability: a logistic regression (models.ts, Newton/IRLS) on the feature store's
 * features at now − 90 days, labelled by the 90 days since; evaluated on a held-out part (seeded
 * split by person) against a recency-only baseline. Scores every customer at now. The random
 * forest is compared in bench/models only: ml-random-forest is synchronous and took 60 s on 2,700
 * rows here, which would stall the server's event loop (training runs in the server's process).
 */
export class ChurnTrainer implements Trainer {
  readonly kind = 'churn' as const;

  constructor(
    private k: InsightsBaseKernel,
    private store: FeatureStore,
    private scores: Scores,
    /** Extra features (tests plant a leaking one here). */
    readonly defs: FeatureDef[] = FEATURES,
  ) {}

  async train(ws: string, ctx: TrainContext): Promise<TrainOutcome> {
    const cutoff = new Date(ctx.now.getTime() - CHURN_HORIZON_DAYS * DAY);
    await ctx.progress(0.1, 'features');
    const { table, labels } = await churnDataset(this.store, ws, cutoff, this.defs);
    const short = enoughData(labels, this.k.config.insightsMinPeople);
    if (short) return { status: 'insufficient_data', reason: short, metrics: { n: labels.length } };
    checkLeakage(table, labels);
    await ctx.progress(0.4, 'fitting');
    const recency = table.names.indexOf('recencyDays');
    const fit = await fitBinaryAsync(table.ids, table.rows, labels, table.names, {
      seed: ctx.seed,
      baseline: { name: 'recency', score: (r) => r[recency] },
    });
    return {
      status: 'ready',
      metrics: { ...fit.metrics, horizonDays: CHURN_HORIZON_DAYS, cutoff: cutoff.toISOString() },
      baseline: fit.baseline,
      params: { model: fit.model },
      featureImportance: importance(fit.model),
    };
  }

  async score(ws: string, model: { version: number; params: Record<string, unknown> }, ctx: TrainContext) {
    const m = model.params.model as LogisticModel;
    const defs = this.defs.filter((d) => m.names.includes(d.name));
    const facts = (await this.store.facts(ws, ctx.now)).filter((f) => isCustomer(f, ctx.now));
    const table = featureTable(facts, ctx.now, defs);
    const rows: { personId: string; score: number; factors: ReturnType<typeof topFactors> }[] = [];
    for (let i = 0; i < table.ids.length; i++) {
      // Let the event loop run between blocks (the server's process scores 100k people in seconds).
      if (i % 2000 === 1999) await new Promise<void>((resolve) => setImmediate(resolve));
      rows.push({
        personId: table.ids[i],
        score: predictLogistic(m, table.rows[i]),
        factors: topFactors(m, table.rows[i]),
      });
    }
    return this.scores.replace(ws, 'churn', model.version, rows, ctx.now);
  }
}
