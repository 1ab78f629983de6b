import { notFound } from '../core/errors.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { isHeldOut } from './models.ts';
import type { ModelStore } from './model-store.ts';
import {
  type Order,
  type Recommendation,
  type RecommendationParams,
  recommend,
  trainAndEvaluate,
  trainRecommendations,
} from './recommendations.ts';
import type { Trainer, TrainContext, TrainOutcome } from './trainer.ts';

const DAY = 86_400_000;
/** The held-out people's orders in the last this many days are the truth of the evaluation. */
export const REC_EVAL_DAYS = 90;
/** Fewer orders with two or more products than this, or fewer buyers: nothing to learn from. */
export const REC_MIN_BASKETS = 50;
export const REC_MIN_PEOPLE = 20;

const toOrders = (baskets: { personId: string; occurredAt: Date; items: string[] }[]): Order[] =>
  baskets.map((b) => ({ personId: b.personId, at: b.occurredAt.getTime(), items: b.items }));

/**
 * The `recommendations` kind (recommendations.ts): reads the workspace's baskets through the CDP
 * (`cdp.orderBaskets`, before the training's now), evaluates on the held-out people (a seeded 20 %:
 * their orders before now − 90 days are the history, the products they bought after it the truth)
 * against popularity, then fits the model in use on everyone's orders. Nothing is scored ahead:
 * recommendations are computed when asked (API, templates) from the version in use.
 */
export function recommendationsTrainer(k: InsightsBaseKernel): Trainer {
  return {
    kind: 'recommendations',
    async train(ws: string, ctx: TrainContext): Promise<TrainOutcome> {
      await ctx.progress(0.1, 'reading orders');
      const { baskets, names } = await k.cdp.orderBaskets(ws, { before: ctx.now });
      const orders = toOrders(baskets);
      const multi = orders.filter((o) => o.items.length >= 2).length;
      const people = new Set(orders.map((o) => o.personId)).size;
      if (multi < REC_MIN_BASKETS || people < REC_MIN_PEOPLE)
        return {
          status: 'insufficient_data',
          reason: `${orders.length} orders of ${people} people, ${multi} with two or more products: at least ${REC_MIN_BASKETS} such orders and ${REC_MIN_PEOPLE} buyers are needed`,
          metrics: { orders: orders.length, people, multiProductOrders: multi },
        };
      await ctx.progress(0.3, 'evaluating on the held-out people');
      const cutoff = ctx.now.getTime() - REC_EVAL_DAYS * DAY;
      const { evaluation } = trainAndEvaluate(orders, (p) => isHeldOut(p, ctx.seed), cutoff);
      await ctx.progress(0.7, 'fitting');
      const params = trainRecommendations(orders, { names });
      const pairs = Object.entries(params.neighbours)
        .flatMap(([a, list]) => list.map(([b, s]) => ({ feature: `${a} → ${b}`, weight: s })))
        .filter((p) => p.feature.split(' → ')[0]! < p.feature.split(' → ')[1]!)
        .sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature))
        .slice(0, 10);
      return {
        status: 'ready',
        metrics: {
          model: `item-to-item (${params.similarity})`,
          k: evaluation.k,
          precisionAt10: evaluation.model.precision,
          recallAt10: evaluation.model.recall,
          hitRate: evaluation.model.hitRate,
          evaluatedPeople: evaluation.model.people,
          precisionLift: evaluation.precisionLift,
          orders: params.orders,
          people: params.people,
          products: params.products,
        },
        baseline: {
          model: 'popularity',
          k: evaluation.k,
          precisionAt10: evaluation.popularity.precision,
          recallAt10: evaluation.popularity.recall,
          hitRate: evaluation.popularity.hitRate,
          evaluatedPeople: evaluation.popularity.people,
        },
        params: params as unknown as Record<string, unknown>,
        // The strongest co-purchase pairs (similarity), for the models page.
        featureImportance: pairs,
      };
    },
  };
}

// The version in use, read at most every few seconds per workspace: a broadcast renders
// recommendations for every recipient (templates), the params are the same for all of them. A new
// version serves within CACHE_MS; "no model yet" is not cached.
const CACHE_MS = 10_000;
const cache = new WeakMap<object, Map<string, { at: number; params: Promise<RecommendationParams | null> }>>();

function currentParams(
  k: InsightsBaseKernel,
  models: Pick<ModelStore, 'current'>,
  ws: string,
): Promise<RecommendationParams | null> {
  let byWs = cache.get(models);
  if (!byWs) cache.set(models, (byWs = new Map()));
  const hit = byWs.get(ws);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.params;
  const params = models
    .current(k.db, ws, 'recommendations')
    .then((m) => (m ? (m.params as unknown as RecommendationParams) : null));
  params.then(
    (p) => (p ? undefined : byWs.delete(ws)),
    () => byWs.delete(ws),
  );
  byWs.set(ws, { at: Date.now(), params });
  if (byWs.size > 1000) byWs.delete(byWs.keys().next().value!);
  return params;
}

/**
 * A person's recommendations from the version in use: co-purchase neighbours of what she bought,
 * popular products to fill; never what she bought in the last 30 days. No trained model → none.
 * 404 for a person not in the workspace (a merged-away id answers for the survivor).
 */
export async function recommendationsFor(
  k: InsightsBaseKernel,
  models: Pick<ModelStore, 'current'>,
  ws: string,
  personId: string,
  opts: { limit?: number; now?: Date } = {},
): Promise<(Recommendation & { name: string | null })[]> {
  const live = (await k.cdp.getPeople(ws, [personId])).get(personId);
  if (!live) throw notFound('Person');
  const params = await currentParams(k, models, ws);
  if (!params) return [];
  const now = opts.now ?? new Date();
  const { baskets } = await k.cdp.orderBaskets(ws, { before: now, personIds: [live.id], limit: 200 });
  return recommend(params, toOrders(baskets), { limit: opts.limit ?? 10, now: now.getTime() }).map((r) => ({
    ...r,
    name: params.names?.[r.productId] ?? null,
  }));
}

/**
 * What templates see as `recommendations` (engage's registered context): up to 10 products, each
 * with `productId`, `name`, `score` and a `label` ("name (id)") that `{{ recommendations | first: 3 }}` prints.
 */
export async function recommendationContext(
  k: InsightsBaseKernel,
  models: Pick<ModelStore, 'current'>,
  ws: string,
  personId: string,
) {
  const list = await recommendationsFor(k, models, ws, personId, { limit: 10 });
  return list.map((r) => ({
    productId: r.productId,
    name: r.name ?? r.productId,
    score: r.score,
    label: r.name ? `${r.name} (${r.productId})` : r.productId,
  }));
}
