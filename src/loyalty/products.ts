import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, invalid } from '../core/errors.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import type { LoyaltyProductsTable } from './tables.ts';

type Row = Selectable<LoyaltyProductsTable>;

export const productView = (r: Row) => ({
  sku: r.sku,
  name: r.name,
  category: r.category,
  price: r.price === null ? null : Number(r.price),
  createdAt: r.created_at,
});
export type ProductView = ReturnType<typeof productView>;

export interface ProductInput {
  sku: string;
  name: string;
  category?: string | null;
  price?: number | null;
}

/** Most products one PUT may carry. */
export const PRODUCTS_PER_PUT = 1000;

/** The product catalogue: a cart's lines and a promotion's skus must name products of it. */
export class Products {
  /** How long the offers API trusts a known sku's category in this process (an upsert here drops them at once). */
  static readonly CACHE_MS = 30_000;
  private cache = new Map<string, Map<string, { category: string | null; at: number }>>();

  constructor(protected k: LoyaltyBaseKernel) {}

  /**
   * `categories` for the offers API: known skus from a short-lived cache, the rest from the
   * database (an unknown sku is always looked up again).
   */
  async categoriesCached(ws: string, skus: readonly string[]): Promise<Map<string, string | null>> {
    let known = this.cache.get(ws);
    if (!known) {
      if (this.cache.size > 1000) this.cache.clear();
      known = new Map();
      this.cache.set(ws, known);
    }
    const now = Date.now();
    const out = new Map<string, string | null>();
    const missing: string[] = [];
    for (const sku of skus) {
      const hit = known.get(sku);
      if (hit && now - hit.at < Products.CACHE_MS) out.set(sku, hit.category);
      else missing.push(sku);
    }
    if (missing.length) {
      const found = await this.categories(ws, missing);
      if (known.size > 100_000) known.clear();
      for (const [sku, category] of found) {
        known.set(sku, { category, at: now });
        out.set(sku, category);
      }
    }
    return out;
  }

  async list(ws: string, q: { q?: string; category?: string; limit: number; cursor?: string | null }) {
    const rows = await this.k.db
      .selectFrom('loyalty_products')
      .selectAll()
      .where('workspace_id', '=', ws)
      .$if(!!q.category, (b) => b.where('category', '=', q.category!))
      .$if(!!q.q?.trim(), (b) => {
        const like = `%${q
          .q!.trim()
          .toLowerCase()
          .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        return b.where((eb) => eb.or([eb(sql`lower(sku)`, 'like', like), eb(sql`lower(name)`, 'like', like)]));
      })
      .$if(!!q.cursor, (b) => b.where('sku', '>', q.cursor!))
      .orderBy('sku')
      .limit(q.limit + 1)
      .execute();
    return rows;
  }

  /** Upserts by sku; 400 naming `products.<i>.<field>` for a bad one (nothing written then). */
  async upsert(actor: Actor, products: ProductInput[]): Promise<{ upserted: number }> {
    const ws = actor.workspaceId;
    if (!products.length) throw invalid('products', 'at least one product', 'TOO_FEW');
    if (products.length > PRODUCTS_PER_PUT)
      throw new AppError('VALIDATION_FAILED', `products: at most ${PRODUCTS_PER_PUT}`, [
        { path: 'products', message: `at most ${PRODUCTS_PER_PUT}`, code: 'TOO_MANY', limit: PRODUCTS_PER_PUT },
      ]);
    // The last of several entries of one sku wins (one statement cannot upsert a key twice).
    const bySku = new Map<string, { sku: string; name: string; category: string | null; price: number | null }>();
    products.forEach((p, i) => {
      const sku = p.sku.trim();
      const name = p.name.trim();
      if (!sku) throw invalid(`products.${i}.sku`, 'must not be empty', 'REQUIRED');
      if (!name) throw invalid(`products.${i}.name`, 'must not be empty', 'REQUIRED');
      if (p.price != null && !(Number.isFinite(p.price) && p.price >= 0))
        throw invalid(`products.${i}.price`, 'must be a number ≥ 0', 'TOO_SMALL');
      bySku.set(sku, {
        sku,
        name,
        category: p.category?.trim() || null,
        price: p.price == null ? null : Math.round(p.price * 100) / 100,
      });
    });
    const rows = [...bySku.values()];
    await this.k.db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO loyalty_products (workspace_id, sku, name, category, price)
        SELECT ${ws}, x.sku, x.name, x.category, x.price
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(sku text, name text, category text, price numeric)
        ON CONFLICT (workspace_id, sku) DO UPDATE
          SET name = excluded.name, category = excluded.category, price = excluded.price, updated_at = now()
      `.execute(trx);
      await this.k.audit.record(trx, actor, {
        action: 'upsert',
        entityType: 'product',
        entityId: ws,
        after: { skus: rows.map((r) => r.sku).slice(0, 100), count: rows.length },
      });
    });
    this.cache.delete(ws);
    return { upserted: rows.length };
  }

  /** The products of these skus (sku → category), from the caller's transaction if any. */
  async categories(ws: string, skus: readonly string[], db: DbOrTx = this.k.db): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    const unique = [...new Set(skus)];
    if (!unique.length) return out;
    const rows = await db
      .selectFrom('loyalty_products')
      .select(['sku', 'category'])
      .where('workspace_id', '=', ws)
      .where('sku', 'in', unique)
      .execute();
    for (const r of rows) out.set(r.sku, r.category);
    return out;
  }

  /** Which of these categories some product has. */
  async knownCategories(ws: string, categories: readonly string[], db: DbOrTx = this.k.db): Promise<Set<string>> {
    const unique = [...new Set(categories)];
    if (!unique.length) return new Set();
    const rows = await db
      .selectFrom('loyalty_products')
      .select('category')
      .distinct()
      .where('workspace_id', '=', ws)
      .where('category', 'in', unique)
      .execute();
    return new Set(rows.map((r) => r.category!));
  }
}
