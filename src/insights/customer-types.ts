import { kmeans } from 'ml-kmeans';
import type { PersonFacts } from '../cdp/index.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { FEATURES, featureTable, type FeatureStore } from './features.ts';
import { hash32, isHeldOut } from './models.ts';
import { round } from './metrics.ts';
import type { Scores } from './scores.ts';
import type { Trainer, TrainContext, TrainOutcome } from './trainer.ts';
import type { Factor } from './tables.ts';

/** The trait a customer's type is (`{"trait":"customerType","op":"eq","value":"champions"}`). */
export const CUSTOMER_TYPE_TRAIT = 'customerType';

/** What the clusters are drawn on: RFM, tenure, the recent pace, site visits, engagement with messages. */
export const CLUSTER_FEATURES = [
  'recencyDays',
  'tenureDays',
  'logOrders',
  'logRevenue',
  'logAverageCheck',
  'orders180',
  'visits30',
  'messageEngagementRate',
] as const;
type ClusterFeature = (typeof CLUSTER_FEATURES)[number];
const DEFS = CLUSTER_FEATURES.map((n) => FEATURES.find((f) => f.name === n)!);

/** The k tried; the one with the best silhouette on the training sample is kept. */
const K_RANGE = [4, 5, 6];
/** The silhouette is O(n²): computed on a seeded sample of at most this many points. */
const SILHOUETTE_SAMPLE = 1200;

/**
 * Named customer types. A cluster is named after the archetype its centroid (in standard
 * deviations from the customers' mean) points to most closely (cosine), each name used once —
 * so the names follow the data: a workspace without "big spenders" gets no such cluster.
 */
export const ARCHETYPES: Record<
  string,
  { profile: Partial<Record<ClusterFeature, number>>; en: [string, string]; ru: [string, string] }
> = {
  champions: {
    profile: { recencyDays: -1, logOrders: 1, logRevenue: 1, orders180: 1 },
    en: ['Champions', 'Buy often and recently, spend the most. Reward and ask for reviews; any channel works.'],
    ru: [
      'Чемпионы',
      'Покупают часто и недавно, тратят больше всех. Благодарить и просить отзывы; подходит любой канал.',
    ],
  },
  loyal: {
    profile: { recencyDays: -0.5, tenureDays: 0.8, logOrders: 0.8, logRevenue: 0.4 },
    en: ['Loyal', 'Long-standing regulars. Loyalty offers and early access; a warm, familiar tone.'],
    ru: ['Лояльные', 'Давние постоянные клиенты. Бонусы и ранний доступ; тёплый, дружеский тон.'],
  },
  new: {
    profile: { tenureDays: -1, logOrders: -0.7, recencyDays: -0.7 },
    en: ['New', 'First orders lately. Onboarding: a welcome series and a second-order incentive.'],
    ru: ['Новые', 'Недавно сделали первые заказы. Приветственная серия и стимул ко второй покупке.'],
  },
  at_risk: {
    profile: { recencyDays: 0.8, logOrders: 0.7, logRevenue: 0.7, orders180: -0.6 },
    en: ['At risk', 'Were valuable, have gone quiet. A personal win-back offer or a call; a caring tone.'],
    ru: ['Под угрозой ухода', 'Были ценными, но затихли. Личное предложение или звонок; заботливый тон.'],
  },
  hibernating: {
    profile: { recencyDays: 1, logOrders: -0.7, orders180: -0.7, visits30: -0.5 },
    en: ['Hibernating', 'Few orders long ago. Low-cost reactivation by email; stop if they do not respond.'],
    ru: ['Спящие', 'Мало заказов и давно. Недорогая реактивация по email; не настаивать без отклика.'],
  },
  big_spenders: {
    profile: { logAverageCheck: 1.2, logOrders: -0.3 },
    en: ['Big spenders', 'Rare but large orders. Premium assortment and personal service, not discounts.'],
    ru: ['Крупные покупки', 'Редкие, но крупные заказы. Премиальный ассортимент и личный сервис, а не скидки.'],
  },
  bargain_hunters: {
    profile: { logAverageCheck: -1, logOrders: 0.3 },
    en: ['Bargain hunters', 'Small checks, respond to promotions. Price offers and bundles by SMS or push.'],
    ru: ['Охотники за скидками', 'Небольшие чеки, откликаются на акции. Ценовые предложения и наборы по SMS или push.'],
  },
  browsers: {
    profile: { visits30: 1, messageEngagementRate: 0.6, orders180: -0.3 },
    en: ['Browsers', 'Visit and read often, buy less. Recommendations and reminders of viewed products.'],
    ru: ['Смотрящие', 'Часто заходят и читают рассылки, покупают реже. Рекомендации и напоминания о просмотренном.'],
  },
};
export const CUSTOMER_TYPES = Object.keys(ARCHETYPES);

export interface CustomerTypeCluster {
  key: string;
  index: number;
  /** Centroid in standard deviations from the customers' mean, per CLUSTER_FEATURES. */
  centroid: number[];
  size: number;
  share: number;
  /** The cluster's customers' averages in plain units. */
  profile: { recencyDays: number; orders: number; revenue: number; averageCheck: number; visits30: number };
  label: { en: string; ru: string };
  description: { en: string; ru: string };
}

export interface CustomerTypesParams {
  features: string[];
  mean: number[];
  sd: number[];
  clusters: CustomerTypeCluster[];
}

const sqDist = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);
const nearest = (x: readonly number[], centroids: readonly number[][]) => {
  let best = 0;
  for (let c = 1; c < centroids.length; c++) if (sqDist(x, centroids[c]) < sqDist(x, centroids[best])) best = c;
  return best;
};

/** Mean silhouette of a labelled sample: (b − a) / max(a, b) per point, a = own cluster, b = nearest other. */
export function silhouette(points: readonly number[][], labels: readonly number[]): number {
  const n = points.length;
  const groups = new Set(labels);
  if (groups.size < 2) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Map<number, { s: number; c: number }>();
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const d = Math.sqrt(sqDist(points[i], points[j]));
      const g = sum.get(labels[j]) ?? { s: 0, c: 0 };
      g.s += d;
      g.c++;
      sum.set(labels[j], g);
    }
    const own = sum.get(labels[i]);
    if (!own?.c) continue; // a singleton scores 0
    const a = own.s / own.c;
    let b = Number.POSITIVE_INFINITY;
    for (const [g, v] of sum) if (g !== labels[i] && v.c) b = Math.min(b, v.s / v.c);
    total += b === a ? 0 : (b - a) / Math.max(a, b);
  }
  return total / n;
}

/** A seeded sample of indexes (by a hash of the person id: the same people every run). */
const sample = (ids: readonly string[], idx: readonly number[], seed: number, max: number) =>
  [...idx].sort((a, b) => hash32(`${seed}:${ids[a]}`) - hash32(`${seed}:${ids[b]}`) || a - b).slice(0, max);

/** Names clusters after archetypes: the closest (cosine) pairs first, each archetype once. */
export function nameClusters(centroids: readonly number[][]): string[] {
  const vec = (k: string) => CLUSTER_FEATURES.map((f) => ARCHETYPES[k].profile[f] ?? 0);
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  const pairs: { c: number; k: string; cos: number }[] = [];
  centroids.forEach((c, i) => {
    for (const k of CUSTOMER_TYPES) {
      const a = vec(k);
      pairs.push({ c: i, k, cos: c.reduce((s, x, j) => s + x * a[j], 0) / (norm(c) * norm(a)) });
    }
  });
  pairs.sort((x, y) => y.cos - x.cos || x.c - y.c || x.k.localeCompare(y.k));
  const names: string[] = new Array(centroids.length);
  const used = new Set<string>();
  for (const p of pairs) {
    if (names[p.c] || used.has(p.k)) continue;
    names[p.c] = p.k;
    used.add(p.k);
  }
  return names;
}

/**
 * Customer types (issue 19, point 6): k-means on standardised RFM and engagement features of
 * customers (people with an order), k ∈ {4, 5, 6} by the best silhouette, fitted on the training
 * part; the held-out part is assigned to the nearest centroid and its silhouette is the model's
 * metric, against recency-quantile groups of the same size (the usual hand-made split) as the
 * baseline. People without an order have no type (unknown, not a guess).
 */
export function fitCustomerTypes(facts: readonly PersonFacts[], at: Date, seed: number) {
  const table = featureTable([...facts], at, DEFS);
  const d = table.names.length;
  const n = table.rows.length;
  const mean = Array.from({ length: d }, (_, j) => table.rows.reduce((s, r) => s + r[j], 0) / n);
  const sd = Array.from(
    { length: d },
    (_, j) => Math.sqrt(table.rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1,
  );
  const z = table.rows.map((r) => r.map((x, j) => (x - mean[j]) / sd[j]));
  const train: number[] = [];
  const test: number[] = [];
  table.ids.forEach((id, i) => {
    (isHeldOut(id, seed) ? test : train).push(i);
  });
  const trainSample = sample(table.ids, train, seed, SILHOUETTE_SAMPLE);
  let best: { k: number; centroids: number[][]; sil: number } | null = null;
  const tried: { k: number; silhouette: number | null }[] = [];
  for (const k of K_RANGE) {
    if (train.length < k * 5) continue;
    const fit = kmeans(
      train.map((i) => z[i]),
      k,
      { seed, initialization: 'kmeans++', maxIterations: 100 },
    );
    const sil = silhouette(
      trainSample.map((i) => z[i]),
      trainSample.map((i) => nearest(z[i], fit.centroids)),
    );
    tried.push({ k, silhouette: round(sil) });
    if (!best || sil > best.sil + 1e-9) best = { k, centroids: fit.centroids, sil };
  }
  if (!best) return null;
  const centroids = best.centroids;
  const names = nameClusters(centroids);
  const assigned = z.map((x) => nearest(x, centroids));
  const testSample = sample(table.ids, test, seed, SILHOUETTE_SAMPLE);
  const heldOut = silhouette(
    testSample.map((i) => z[i]),
    testSample.map((i) => assigned[i]),
  );
  // The baseline: the same number of groups by recency alone (quantiles), judged in the same space.
  const rec = table.names.indexOf('recencyDays');
  const byRecency = [...testSample].sort((a, b) => table.rows[a][rec] - table.rows[b][rec] || a - b);
  const quantile = new Map(
    byRecency.map((i, r) => [i, Math.min(best.k - 1, Math.floor((r * best.k) / byRecency.length))]),
  );
  const baseline = silhouette(
    testSample.map((i) => z[i]),
    testSample.map((i) => quantile.get(i)!),
  );
  const clusters: CustomerTypeCluster[] = centroids.map((c, index) => {
    const members = assigned.map((a, i) => (a === index ? i : -1)).filter((i) => i >= 0);
    const avg = (fn: (f: PersonFacts) => number) =>
      members.length ? members.reduce((s, i) => s + fn(facts[i]), 0) / members.length : 0;
    const a = ARCHETYPES[names[index]];
    return {
      key: names[index],
      index,
      centroid: c.map((x) => round(x, 3) ?? 0),
      size: members.length,
      share: round(members.length / n) ?? 0,
      profile: {
        recencyDays:
          round(
            avg((f) => (f.lastOrderAt ? (at.getTime() - f.lastOrderAt.getTime()) / 86_400_000 : 0)),
            1,
          ) ?? 0,
        orders:
          round(
            avg((f) => f.orders),
            2,
          ) ?? 0,
        revenue:
          round(
            avg((f) => f.revenue),
            2,
          ) ?? 0,
        averageCheck:
          round(
            avg((f) => (f.orders ? f.revenue / f.orders : 0)),
            2,
          ) ?? 0,
        visits30:
          round(
            avg((f) => f.visits30),
            2,
          ) ?? 0,
      },
      label: { en: a.en[0], ru: a.ru[0] },
      description: { en: a.en[1], ru: a.ru[1] },
    };
  });
  const params: CustomerTypesParams = {
    features: [...CLUSTER_FEATURES],
    mean: mean.map((x) => round(x, 6) ?? 0),
    sd: sd.map((x) => round(x, 6) ?? 1),
    clusters,
  };
  return {
    params,
    metrics: {
      model: 'k-means on standardised RFM and engagement',
      k: best.k,
      silhouette: round(heldOut),
      trainSilhouette: round(best.sil),
      tried,
      n,
      heldOut: test.length,
      clusters: clusters.map((c) => ({ key: c.key, size: c.size, share: c.share, profile: c.profile })),
    },
    baseline: { model: 'recency quantiles', silhouette: round(baseline) },
    trainSize: train.length,
  };
}

/** A person's type under fitted params, with the features that set the type apart most. */
export function assignType(p: CustomerTypesParams, row: readonly number[]) {
  const z = row.map((x, j) => (x - p.mean[j]) / (p.sd[j] || 1));
  const c =
    p.clusters[
      nearest(
        z,
        p.clusters.map((x) => x.centroid),
      )
    ];
  const factors: Factor[] = c.centroid
    .map((v, j) => ({ feature: p.features[j], value: round(row[j], 3) ?? 0, contribution: v }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
    .slice(0, 3);
  return { cluster: c, factors };
}

export class CustomerTypesTrainer implements Trainer {
  readonly kind = 'customer-types' as const;

  constructor(
    private k: InsightsBaseKernel,
    private store: FeatureStore,
    private scores: Scores,
  ) {}

  async train(ws: string, ctx: TrainContext): Promise<TrainOutcome> {
    const facts = (await this.store.facts(ws, ctx.now)).filter((f) => f.orders > 0);
    const min = this.k.config.insightsMinPeople;
    if (facts.length < min)
      return {
        status: 'insufficient_data',
        reason: `${facts.length} customers with an order; at least ${min} are needed`,
        metrics: { n: facts.length },
      };
    await ctx.progress(0.1, 'features');
    const fit = fitCustomerTypes(facts, ctx.now, ctx.seed);
    if (!fit)
      return {
        status: 'insufficient_data',
        reason: 'too few customers in the training part',
        metrics: { n: facts.length },
      };
    return {
      status: 'ready',
      metrics: { ...fit.metrics, trainSize: fit.trainSize },
      baseline: fit.baseline,
      params: fit.params as unknown as Record<string, unknown>,
      // How far the clusters' centroids spread on each feature: what tells the types apart.
      featureImportance: fit.params.features.map((feature, j) => ({
        feature,
        weight: round(Math.max(...fit.params.clusters.map((c) => Math.abs(c.centroid[j]))), 3) ?? 0,
      })),
    };
  }

  async score(ws: string, model: { version: number; params: Record<string, unknown> }, ctx: TrainContext) {
    const p = model.params as unknown as CustomerTypesParams;
    const facts = (await this.store.facts(ws, ctx.now)).filter((f) => f.orders > 0);
    const table = featureTable(facts, ctx.now, DEFS);
    const labels = new Map<string, string>();
    const rows = facts.map((f, i) => {
      const r = assignType(p, table.rows[i]);
      labels.set(f.personId, r.cluster.key);
      return { personId: f.personId, score: r.cluster.index, factors: r.factors };
    });
    return this.scores.replace(ws, 'customer-types', model.version, rows, ctx.now, {
      trait: CUSTOMER_TYPE_TRAIT,
      of: (personId) => labels.get(personId)!,
    });
  }
}
