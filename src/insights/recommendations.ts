/**
 * Recommendations (issue 20): item-to-item co-purchase with a popularity fallback.
 *
 * Training (pure, `trainRecommendations`): every order is a basket of product ids (the sku of the
 * demo's items and of the loyalty catalogue). Two products are neighbours when people buy them in
 * the same order: the similarity is the cosine of their order sets,
 * `co(i, j) / sqrt(orders(i) · orders(j))` (`similarity: 'lift'` gives `co · N / (orders(i) · orders(j))`
 * instead), counted only for pairs seen together at least `minSupport` times. The model keeps, per
 * product, its top-N neighbours (these are the model's params, stored as such), plus the products'
 * popularity (distinct buyers) and names.
 *
 * Scoring (`recommend`): a person's candidates are the neighbours of what she bought, each weighted
 * by how recently she bought it (the last order counts fully, older ones decay with a half-life of
 * `halfLifeDays`); the score of a candidate is the sum of similarity × weight. "Buy again": a
 * product she bought herself (not lately) is a candidate too, weighted by the share of its buyers
 * who bought it again (`repeat`, learned in training: chronic medicines and nappies come back). When there are fewer
 * candidates than asked, the most popular products fill the list (below every co-purchase score),
 * and a person with no purchases gets the popular products only.
 *
 * Convention: we never recommend what the person bought in her last `recentDays` days (default 30)
 * — she has just bought it. Older purchases may come back (pharmacy goods are bought again).
 *
 * Evaluation (`evaluateRecommendations`): people of the held-out part, their orders split at a
 * cut-off time; the model sees the orders before it and is judged on the products bought after it
 * that the person had not bought in the `recentDays` before the cut-off (what the convention allows
 * to be recommended): precision@k and recall@k, against the popularity baseline under the same rule.
 */

export interface Order {
  personId: string;
  /** Epoch ms. */
  at: number;
  items: readonly string[];
}

export interface RecommendationParams {
  similarity: 'cosine' | 'lift';
  topN: number;
  minSupport: number;
  /** Product → its top neighbours, best first: [productId, similarity]. */
  neighbours: Record<string, [string, number][]>;
  /** Products by distinct buyers, most bought first: [productId, buyers]. */
  popularity: [string, number][];
  /**
   * Product → the share of its buyers who bought it again in a later order (chronic medicines,
   * nappies): "buy again" candidates from the person's own history. Absent in older versions.
   */
  repeat?: Record<string, number>;
  /** Product → name, as last seen in the orders (for templates); may be empty. */
  names: Record<string, string>;
  /** What it was trained on. */
  orders: number;
  people: number;
  products: number;
}

export interface TrainOptions {
  similarity?: 'cosine' | 'lift';
  /** Neighbours kept per product. */
  topN?: number;
  /** A pair must be bought together at least this many times. */
  minSupport?: number;
  names?: Record<string, string>;
}

export interface Recommendation {
  productId: string;
  score: number;
}

export interface RecommendOptions {
  limit?: number;
  /** The person's "now" (epoch ms): purchases within `recentDays` before it are not recommended. */
  now?: number;
  recentDays?: number;
  halfLifeDays?: number;
}

import { seededRandom } from '../core/seeded-random.ts';

const DAY = 86_400_000;
export const REC_DEFAULTS = { topN: 20, minSupport: 2, recentDays: 30, halfLifeDays: 180, limit: 10 } as const;

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

/** Item-to-item model from orders (deterministic: ties broken by product id). */
export function trainRecommendations(orders: readonly Order[], opts: TrainOptions = {}): RecommendationParams {
  const similarity = opts.similarity ?? 'cosine';
  const topN = opts.topN ?? REC_DEFAULTS.topN;
  const minSupport = opts.minSupport ?? REC_DEFAULTS.minSupport;
  const count = new Map<string, number>();
  const co = new Map<string, Map<string, number>>();
  const buyers = new Map<string, Set<string>>();
  // Orders per person and product, for the repeat rate.
  const bought = new Map<string, number>();
  let n = 0;
  for (const o of orders) {
    const items = [...new Set(o.items)];
    if (!items.length) continue;
    n++;
    for (const i of items) {
      count.set(i, (count.get(i) ?? 0) + 1);
      let b = buyers.get(i);
      if (!b) buyers.set(i, (b = new Set()));
      b.add(o.personId);
      const key = `${o.personId}\u0000${i}`;
      bought.set(key, (bought.get(key) ?? 0) + 1);
    }
    for (let x = 0; x < items.length; x++)
      for (let y = 0; y < items.length; y++) {
        if (x === y) continue;
        let m = co.get(items[x]!);
        if (!m) co.set(items[x]!, (m = new Map()));
        m.set(items[y]!, (m.get(items[y]!) ?? 0) + 1);
      }
  }
  const neighbours: Record<string, [string, number][]> = {};
  for (const [i, m] of [...co].sort((a, b) => a[0].localeCompare(b[0]))) {
    const ci = count.get(i)!;
    const list: [string, number][] = [];
    for (const [j, c] of m) {
      if (c < minSupport) continue;
      const cj = count.get(j)!;
      const s = similarity === 'lift' ? (c * n) / (ci * cj) : c / Math.sqrt(ci * cj);
      list.push([j, round(s)]);
    }
    list.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (list.length) neighbours[i] = list.slice(0, topN);
  }
  const popularity: [string, number][] = [...buyers]
    .map(([i, s]): [string, number] => [i, s.size])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const again = new Map<string, number>();
  for (const [key, c] of bought)
    if (c > 1) again.set(key.split('\u0000')[1]!, (again.get(key.split('\u0000')[1]!) ?? 0) + 1);
  const repeat: Record<string, number> = {};
  for (const [i, s] of [...buyers].sort((a, b) => a[0].localeCompare(b[0])))
    if (again.get(i)) repeat[i] = round(again.get(i)! / s.size);
  const people = new Set(orders.map((o) => o.personId)).size;
  const names: Record<string, string> = {};
  for (const [i] of popularity) if (opts.names?.[i]) names[i] = opts.names[i]!;
  return {
    similarity,
    topN,
    minSupport,
    neighbours,
    popularity,
    repeat,
    names,
    orders: n,
    people,
    products: count.size,
  };
}

/**
 * A person's recommendations from her orders (any order; those after `now` are ignored): co-purchase
 * neighbours of what she bought, then popular products to fill `limit`. Scores: co-purchase scores
 * are ≥ 1e-3; a popular product's is its share of buyers × 1e-3, so the fallback always ranks below.
 */
export function recommend(
  model: RecommendationParams,
  history: readonly Order[],
  opts: RecommendOptions = {},
): Recommendation[] {
  const limit = opts.limit ?? REC_DEFAULTS.limit;
  const now = opts.now ?? Math.max(0, ...history.map((o) => o.at));
  const recentDays = opts.recentDays ?? REC_DEFAULTS.recentDays;
  const halfLife = (opts.halfLifeDays ?? REC_DEFAULTS.halfLifeDays) * DAY;
  const past = history.filter((o) => o.at <= now);
  const recent = new Set(past.filter((o) => o.at > now - recentDays * DAY).flatMap((o) => o.items));
  // Each bought product's weight: the most recent purchase of it, decayed.
  const weight = new Map<string, number>();
  for (const o of past) {
    const w = 0.5 ** ((now - o.at) / halfLife);
    for (const i of o.items) weight.set(i, Math.max(weight.get(i) ?? 0, w));
  }
  const score = new Map<string, number>();
  for (const [i, w] of weight) {
    for (const [j, s] of model.neighbours[i] ?? []) {
      if (recent.has(j)) continue;
      score.set(j, (score.get(j) ?? 0) + s * w);
    }
    // Buy again: what she bought before (not lately), by how often its buyers buy it again.
    const again = model.repeat?.[i];
    if (again && !recent.has(i)) score.set(i, (score.get(i) ?? 0) + again * w);
  }
  const out: Recommendation[] = [...score]
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([productId, s]) => ({ productId, score: round(Math.max(s, 1e-3)) }));
  if (out.length < limit) {
    const taken = new Set(out.map((r) => r.productId));
    const top = model.popularity[0]?.[1] ?? 1;
    for (const [productId, buyers] of model.popularity) {
      if (out.length >= limit) break;
      if (taken.has(productId) || recent.has(productId)) continue;
      out.push({ productId, score: round((buyers / Math.max(1, top)) * 1e-3 * 0.999, 9) });
    }
  }
  return out;
}

/** The popularity baseline under the same convention (nothing bought in the last `recentDays`). */
export function recommendPopular(
  model: RecommendationParams,
  history: readonly Order[],
  opts: RecommendOptions = {},
): Recommendation[] {
  return recommend({ ...model, neighbours: {}, repeat: {} }, history, opts);
}

export interface EvaluationCase {
  personId: string;
  /** Orders before the cut-off. */
  history: Order[];
  /** Products bought after the cut-off that the convention lets us recommend. */
  future: Set<string>;
}

/**
 * The held-out part's cases: each person with orders on both sides of `cutoff`; products bought in
 * the `recentDays` before it do not count as hits (we would not recommend them).
 */
export function evaluationCases(
  orders: readonly Order[],
  cutoff: number,
  opts: { recentDays?: number; horizonDays?: number } = {},
): EvaluationCase[] {
  const recentDays = opts.recentDays ?? REC_DEFAULTS.recentDays;
  const horizon = cutoff + (opts.horizonDays ?? 365) * DAY;
  const byPerson = new Map<string, Order[]>();
  for (const o of orders) {
    let l = byPerson.get(o.personId);
    if (!l) byPerson.set(o.personId, (l = []));
    l.push(o);
  }
  const cases: EvaluationCase[] = [];
  for (const [personId, list] of [...byPerson].sort((a, b) => a[0].localeCompare(b[0]))) {
    const history = list.filter((o) => o.at < cutoff);
    const recent = new Set(history.filter((o) => o.at > cutoff - recentDays * DAY).flatMap((o) => o.items));
    const future = new Set(
      list
        .filter((o) => o.at >= cutoff && o.at < horizon)
        .flatMap((o) => o.items)
        .filter((i) => !recent.has(i)),
    );
    if (history.length && future.size) cases.push({ personId, history, future });
  }
  return cases;
}

export interface RankingMetrics {
  /** precision@k, averaged over people. */
  precision: number;
  /** recall@k, averaged over people. */
  recall: number;
  /** Share of people with at least one hit in the top k. */
  hitRate: number;
  people: number;
}

function rankingMetrics(cases: readonly EvaluationCase[], k: number, rank: (c: EvaluationCase) => Recommendation[]) {
  let p = 0;
  let r = 0;
  let h = 0;
  for (const c of cases) {
    const hits = rank(c).filter((x) => c.future.has(x.productId)).length;
    p += hits / k;
    r += hits / c.future.size;
    if (hits) h++;
  }
  const n = Math.max(1, cases.length);
  return { precision: round(p / n, 4), recall: round(r / n, 4), hitRate: round(h / n, 4), people: cases.length };
}

export interface RecommendationEvaluation {
  k: number;
  model: RankingMetrics;
  popularity: RankingMetrics;
  /** model precision@k ÷ popularity's (null when popularity scored nothing). */
  precisionLift: number | null;
}

/** precision@k and recall@k of the model and of popularity on the same cases. */
export function evaluateRecommendations(
  model: RecommendationParams,
  cases: readonly EvaluationCase[],
  cutoff: number,
  k = 10,
  opts: Omit<RecommendOptions, 'limit' | 'now'> = {},
): RecommendationEvaluation {
  const m = rankingMetrics(cases, k, (c) => recommend(model, c.history, { ...opts, limit: k, now: cutoff }));
  const pop = rankingMetrics(cases, k, (c) => recommendPopular(model, c.history, { ...opts, limit: k, now: cutoff }));
  return {
    k,
    model: m,
    popularity: pop,
    precisionLift: pop.precision > 0 ? round(m.precision / pop.precision, 3) : null,
  };
}

/**
 * The whole train/evaluate run for the bench and the training job: trains on the orders of everyone
 * not held out (the held-out people are never trained on), evaluates on the held-out people: their
 * orders before `cutoff` are the history, the products bought after it the truth.
 */
export function trainAndEvaluate(
  orders: readonly Order[],
  isHoldout: (personId: string) => boolean,
  cutoff: number,
  opts: TrainOptions & { k?: number } = {},
): { params: RecommendationParams; evaluation: RecommendationEvaluation } {
  const params = trainRecommendations(
    orders.filter((o) => !isHoldout(o.personId)),
    opts,
  );
  const cases = evaluationCases(
    orders.filter((o) => isHoldout(o.personId)),
    cutoff,
  );
  return { params, evaluation: evaluateRecommendations(params, cases, cutoff, opts.k ?? 10) };
}

/**
 * Generated baskets with planted co-purchase structure, for the tests and bench/models.ts: 40
 * products in 8 "tastes" of 5; each person has a taste and 2–6 monthly orders of 1–3 products,
 * each product from her taste with probability `signal`, else any product. The same seed gives the
 * same orders. (The demo's own generator plants need families too: src/cdp/demo-events.ts DEMO_NEEDS.)
 */
export function synthBaskets(opts: { seed: number; people: number; signal?: number; start?: number }): Order[] {
  const r = seededRandom(opts.seed);
  const signal = opts.signal ?? 0.8;
  const start = opts.start ?? Date.UTC(2026, 0, 1);
  const orders: Order[] = [];
  for (let p = 0; p < opts.people; p++) {
    const taste = r.int(0, 7);
    for (let n = 0, count = r.int(2, 6); n < count; n++) {
      const items = new Set<string>();
      for (let i = 0, k = r.int(1, 3); i < k; i++)
        items.add(`P${r.chance(signal) ? taste * 5 + r.int(0, 4) : r.int(0, 39)}`);
      orders.push({ personId: `u${p}`, at: start + n * 30 * DAY + r.int(0, 20) * DAY, items: [...items] });
    }
  }
  return orders;
}
