import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { ORDER_EVENT } from './computed-traits.ts';

/** One order's products (a basket): what co-purchase recommendations are trained and scored on. */
export interface OrderBasket {
  personId: string;
  occurredAt: Date;
  /** Product ids (`product_id`, else `sku`, else `id` of each of `properties.products`), distinct. */
  items: string[];
}

/** At most this many orders per read (the most recent ones): a training's bound. */
export const MAX_BASKETS = 500_000;

/**
 * The baskets of `Order Completed` events before `before` (point in time: nothing at or after it),
 * of live persons (or of `personIds`), oldest first, with the last name seen of each product.
 * The most recent `limit` orders at most (default MAX_BASKETS).
 */
export async function orderBaskets(
  db: DbOrTx,
  ws: string,
  opts: { before: Date; personIds?: readonly string[]; limit?: number },
): Promise<{ baskets: OrderBasket[]; names: Record<string, string> }> {
  const only = opts.personIds ? sql`AND e.person_id = ANY(${[...opts.personIds]}::uuid[])` : sql``;
  const limit = Math.max(1, Math.min(opts.limit ?? MAX_BASKETS, MAX_BASKETS));
  const r = await sql<{ person_id: string; occurred_at: Date; id: string; item: string | null; name: string | null }>`
    WITH o AS (
      SELECT e.id, e.person_id, e.occurred_at, e.properties
      FROM events e JOIN persons p ON p.workspace_id = e.workspace_id AND p.id = e.person_id AND p.merged_into IS NULL
      WHERE e.workspace_id = ${ws} AND e.type = 'track' AND e.event = ${ORDER_EVENT}
        AND e.occurred_at < ${opts.before}::timestamptz ${only}
      ORDER BY e.occurred_at DESC, e.id DESC
      LIMIT ${limit}
    )
    SELECT o.person_id, o.occurred_at, o.id,
           left(coalesce(pr ->> 'product_id', pr ->> 'sku', pr ->> 'id'), 200) AS item,
           left(pr ->> 'name', 200) AS name
    FROM o CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(o.properties -> 'products') = 'array' THEN o.properties -> 'products' ELSE '[]'::jsonb END) pr
    ORDER BY o.occurred_at, o.id
  `.execute(db);
  const baskets: OrderBasket[] = [];
  const names: Record<string, string> = {};
  let last = null as { id: string; basket: OrderBasket } | null;
  for (const x of r.rows) {
    if (!x.item) continue;
    if (x.name) names[x.item] = x.name;
    if (last?.id !== x.id) {
      last = { id: x.id, basket: { personId: x.person_id, occurredAt: new Date(x.occurred_at), items: [] } };
      baskets.push(last.basket);
    }
    if (!last.basket.items.includes(x.item)) last.basket.items.push(x.item);
  }
  return { baskets, names };
}
