import type { Factor, FeatureWeight } from './tables.ts';
import { importance, isHeldOut, type LogisticModel, predictLogistic, topFactors, trainLogistic } from './models.ts';
import { auc, logLoss, round, topDecileLift } from './metrics.ts';

/**
 * Response propensity per campaign type (issue 20), the pure half: trained on past campaigns'
 * treatment groups (who got the messages, and who then converted within the campaign's attribution
 * window), one logistic regression (models.ts's Newton/IRLS fit, standardised features and a bias term)
 * per campaign type with enough examples, and a pooled one (with the type as one-hot columns) for
 * the rest. A campaign's type is the mechanic of its promotion (`percent-off`, `points-multiplier`,
 * `buy-n-get-m`, `gift`, `birthday-points`) or `none` without one.
 *
 * Each example's features are the person's as of the campaign's launch (point in time), plus her
 * own response history before it (`past_campaigns`, `past_response_rate`). Evaluation: the people
 * are split by a seeded hash (a person's examples all on one side), 30 % held out; the model's
 * AUC, log loss and top-decile lift there against the baseline — the person's past response rate
 * (smoothed towards the type's rate; the type's rate for a person with no history).
 * Deterministic: the same examples and seed give the same coefficients.
 */

export interface ResponseExample {
  personId: string;
  campaignId: string;
  type: string;
  /** Launch (epoch ms): the features' cut-off. */
  at: number;
  responded: boolean;
  features: Record<string, number>;
}

export interface PropensityParams {
  /** Feature columns, in order (the pooled model adds `type:<t>` one-hot columns after them). */
  features: string[];
  types: string[];
  /** Per-type models (types with enough examples). */
  byType: Record<string, LogisticModel>;
  pooled: LogisticModel;
  /** Response rate of each type in training. */
  baseRates: Record<string, number>;
  rate: number;
}

export interface PropensityMetrics {
  auc: number | null;
  logLoss: number;
  topDecileLift: number | null;
  responseRate: number;
  examples: number;
  positives: number;
}

export type PropensityOutcome =
  | {
      status: 'ready';
      params: PropensityParams;
      metrics: PropensityMetrics & {
        model: string;
        byType: Record<string, { auc: number | null; examples: number; model: 'own' | 'pooled' }>;
      };
      baseline: PropensityMetrics & { model: string };
      featureImportance: FeatureWeight[];
    }
  | { status: 'insufficient_data'; reason: string; metrics: Record<string, unknown> };

export const PROPENSITY_DEFAULTS = { holdoutShare: 0.3, minExamples: 200, minPositives: 20, minTypeExamples: 150 };

function metricsOf(scores: number[], labels: number[]): PropensityMetrics {
  const positives = labels.filter((y) => y === 1).length;
  return {
    auc: round(auc(scores, labels)),
    logLoss: round(logLoss(scores, labels)) ?? 0,
    topDecileLift: round(topDecileLift(scores, labels)),
    responseRate: round(positives / Math.max(1, labels.length)) ?? 0,
    examples: labels.length,
    positives,
  };
}

const row = (features: string[], e: ResponseExample) => features.map((f) => e.features[f] ?? 0);
const pooledRow = (p: Pick<PropensityParams, 'features' | 'types'>, type: string, f: Record<string, number>) => [
  ...p.features.map((n) => f[n] ?? 0),
  ...p.types.map((t) => (t === type ? 1 : 0)),
];
const pooledNames = (p: Pick<PropensityParams, 'features' | 'types'>) => [
  ...p.features,
  ...p.types.map((t) => `type:${t}`),
];

/**
 * Each example with `past_campaigns` and `past_response_rate` added: the person's campaigns of
 * any type launched before this one and the share she responded to (no future campaign counts).
 */
export function withResponseHistory(examples: readonly ResponseExample[]): ResponseExample[] {
  const byPerson = new Map<string, ResponseExample[]>();
  for (const e of examples) {
    let l = byPerson.get(e.personId);
    if (!l) byPerson.set(e.personId, (l = []));
    l.push(e);
  }
  return examples.map((e) => {
    const before = byPerson.get(e.personId)!.filter((o) => o.at < e.at);
    const hits = before.filter((o) => o.responded).length;
    return {
      ...e,
      features: {
        ...e.features,
        past_campaigns: before.length,
        past_response_rate: before.length ? hits / before.length : 0,
      },
    };
  });
}

/** Trains and evaluates (see the header); too few examples or responses → insufficient_data. */
export function trainPropensity(
  examples: readonly ResponseExample[],
  opts: { seed: number } & Partial<typeof PROPENSITY_DEFAULTS>,
): PropensityOutcome {
  const o = { ...PROPENSITY_DEFAULTS, ...opts };
  const all = withResponseHistory(examples);
  const positives = all.filter((e) => e.responded).length;
  if (all.length < o.minExamples || positives < o.minPositives)
    return {
      status: 'insufficient_data',
      reason: `${all.length} campaign recipients with ${positives} responses: at least ${o.minExamples} recipients and ${o.minPositives} responses of finished campaigns are needed`,
      metrics: { examples: all.length, positives },
    };
  const features = [...new Set(all.flatMap((e) => Object.keys(e.features)))].sort();
  const types = [...new Set(all.map((e) => e.type))].sort();
  const test = (e: ResponseExample) => isHeldOut(e.personId, o.seed, o.holdoutShare);
  const train = all.filter((e) => !test(e));
  const held = all.filter(test);
  const y = (e: ResponseExample) => (e.responded ? 1 : 0);
  const rateOf = (xs: ResponseExample[]) => xs.filter((e) => e.responded).length / Math.max(1, xs.length);
  const baseRates = Object.fromEntries(types.map((t) => [t, round(rateOf(train.filter((e) => e.type === t))) ?? 0]));
  const rate = round(rateOf(train)) ?? 0;
  const shape = { features, types };
  const pooled = trainLogistic(
    train.map((e) => pooledRow(shape, e.type, e.features)),
    train.map(y),
    pooledNames(shape),
  );
  const byType: Record<string, LogisticModel> = {};
  for (const t of types) {
    const rows = train.filter((e) => e.type === t);
    const pos = rows.filter((e) => e.responded).length;
    if (rows.length >= o.minTypeExamples && pos >= o.minPositives / 2 && pos < rows.length)
      byType[t] = trainLogistic(
        rows.map((e) => row(features, e)),
        rows.map(y),
        features,
      );
  }
  const params: PropensityParams = { features, types, byType, pooled, baseRates, rate };
  const scores = held.map((e) => scorePropensity(params, e.type, e.features).score);
  const labels = held.map(y);
  // The baseline: the person's own past response rate, smoothed towards the type's (two campaigns' worth).
  const base = held.map((e) => {
    const n = e.features.past_campaigns ?? 0;
    const r = baseRates[e.type] ?? rate;
    return (n * (e.features.past_response_rate ?? 0) + 2 * r) / (n + 2);
  });
  const byTypeMetrics = Object.fromEntries(
    types.map((t) => {
      const idx = held.map((e, i) => (e.type === t ? i : -1)).filter((i) => i >= 0);
      const a = auc(
        idx.map((i) => scores[i]!),
        idx.map((i) => labels[i]!),
      );
      return [t, { auc: round(a), examples: idx.length, model: byType[t] ? ('own' as const) : ('pooled' as const) }];
    }),
  );
  return {
    status: 'ready',
    params,
    metrics: { model: 'logistic-regression', ...metricsOf(scores, labels), byType: byTypeMetrics },
    baseline: { model: 'past response rate', ...metricsOf(base, labels) },
    // The pooled model's standardised weights (the types' columns as `type:<t>`).
    featureImportance: importance(pooled),
  };
}

/** A person's propensity to respond to a campaign of `type`, with the top factors (log-odds). */
export function scorePropensity(
  params: PropensityParams,
  type: string,
  features: Record<string, number>,
): { score: number; factors: Factor[] } {
  const own = params.byType[type];
  const x = own ? params.features.map((f) => features[f] ?? 0) : pooledRow(params, type, features);
  const m = own ?? params.pooled;
  return { score: round(predictLogistic(m, x), 6) ?? 0, factors: topFactors(m, x) };
}
