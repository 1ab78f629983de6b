import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Loyalty } from './loyalty.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import { parseParams } from './mechanics/params.ts';
import type { Rule } from './mechanics/evaluate.ts';
import type { Geography, LoyaltyPromotionsTable, Mechanic, PromotionStatus } from './tables.ts';

type Row = Selectable<LoyaltyPromotionsTable>;

const geo = (g: Partial<Geography> | null | undefined): Geography => ({
  regions: g?.regions ?? [],
  cities: g?.cities ?? [],
  stores: g?.stores ?? [],
});

/** An active promotion whose end passed shows as `ended` (no job needs to flip it). */
const statusOf = (r: Row, now = new Date()): PromotionStatus =>
  r.status === 'active' && r.ends_at && r.ends_at <= now ? 'ended' : r.status;

/** The promotion view (contract-16.md). */
export const promotionView = (r: Row) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  mechanic: r.mechanic,
  params: r.params,
  status: statusOf(r),
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  geography: geo(r.geography),
  segmentId: r.segment_id,
  limitPerPerson: r.limit_per_person,
  limitTotal: r.limit_total,
  redemptions: r.redemptions,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type PromotionView = ReturnType<typeof promotionView>;

/** A row as the offers engine takes it. */
export const ruleOf = (r: Row): Rule => ({
  id: r.id,
  name: r.name,
  mechanic: r.mechanic,
  params: r.params,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  geography: geo(r.geography),
  segmentId: r.segment_id,
  limitPerPerson: r.limit_per_person,
  limitTotal: r.limit_total,
  redemptions: r.redemptions,
});

export interface PromotionInput {
  name: string;
  description?: string | null;
  mechanic: Mechanic;
  params: Record<string, unknown>;
  startsAt?: string | null;
  endsAt?: string | null;
  geography?: Partial<Geography> | null;
  segmentId?: string | null;
  limitPerPerson?: number | null;
  limitTotal?: number | null;
}

const unprocessable = (path: string, message: string, extra: Partial<ErrorDetail> = {}) =>
  new AppError('UNPROCESSABLE', `${path}: ${message}`, [{ path, message, ...extra }]);

const date = (v: string | null | undefined, path: string): Date | null => {
  if (v == null) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalid(path, 'not a date-time', 'INVALID_DATE');
  return d;
};

/** Whether two [start, end) intervals (null = unbounded) meet. */
const timesMeet = (a: Row, b: Row) =>
  (a.ends_at === null || b.starts_at === null || b.starts_at < a.ends_at) &&
  (b.ends_at === null || a.starts_at === null || a.starts_at < b.ends_at);

/** Geography: each of regions, cities, stores that both restrict must share a value (empty = everywhere). */
const placesMeet = (a: Geography, b: Geography) =>
  (['regions', 'cities', 'stores'] as const).every((k) => {
    if (!a[k].length || !b[k].length) return true;
    const set = new Set(a[k].map((x) => x.trim().toLowerCase()));
    return b[k].some((x) => set.has(x.trim().toLowerCase()));
  });

/**
 * Promotions: a mechanic with its params, validity dates, geography (regions, cities, stores;
 * empty = everywhere), an eligible segment, limits per person and in total. Lifecycle: draft →
 * active ⇄ paused → archived; an active one past its end shows as `ended`. Contradictions are
 * refused with 422: an end not after the start, params a mechanic cannot have, an unknown sku
 * or category, and two active percent-offs over the same products, places and time
 * (PROMOTION_OVERLAP, naming the other one).
 */
export class Promotions {
  /** How long evaluate reuses a workspace's active promotions in this process (a change made here drops them at once). */
  static readonly CACHE_MS = 2000;
  private cache = new Map<string, { at: number; rules: Rule[] }>();

  constructor(
    protected k: LoyaltyBaseKernel,
    protected loyalty: Loyalty,
  ) {}

  /**
   * The active promotions for the offers API's evaluate, read at most every CACHE_MS per workspace
   * (another process's change shows within that; redeem always reads them in its transaction).
   */
  async activeCached(ws: string): Promise<Rule[]> {
    const hit = this.cache.get(ws);
    if (hit && Date.now() - hit.at < Promotions.CACHE_MS) return hit.rules;
    const rules = await this.active(ws);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(ws, { at: Date.now(), rules });
    return rules;
  }

  /** Drops the workspace's cached active promotions (after a change, and after a redemption counted one). */
  forget(ws: string): void {
    this.cache.delete(ws);
  }

  protected async row(ws: string, id: string, db: DbOrTx = this.k.db, lock = false): Promise<Row> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('Promotion');
    let q = db.selectFrom('loyalty_promotions').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Promotion');
    return r;
  }

  /** One promotion's view; 404 `Promotion not found` when it is not of this workspace. */
  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<PromotionView> {
    return promotionView(await this.row(ws, id, db));
  }

  async list(
    ws: string,
    q: { status?: PromotionStatus; q?: string; limit: number; cursor?: { c: string; i: string } | null },
  ) {
    return this.k.db
      .selectFrom('loyalty_promotions')
      .selectAll()
      .select(sql<string>`created_at::text`.as('ck'))
      .where('workspace_id', '=', ws)
      .$if(q.status === 'active', (b) =>
        b
          .where('status', '=', 'active')
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', sql<Date>`now()`)])),
      )
      .$if(q.status === 'ended', (b) =>
        b.where((eb) =>
          eb.or([
            eb('status', '=', 'ended'),
            eb.and([eb('status', '=', 'active'), eb('ends_at', '<=', sql<Date>`now()`)]),
          ]),
        ),
      )
      .$if(!!q.status && q.status !== 'active' && q.status !== 'ended', (b) => b.where('status', '=', q.status!))
      .$if(!!q.q?.trim(), (b) => {
        const like = `%${q
          .q!.trim()
          .toLowerCase()
          .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        return b.where((eb) => eb.or([eb(sql`lower(name)`, 'like', like), eb(sql`lower(description)`, 'like', like)]));
      })
      .$if(!!q.cursor, (b) =>
        b.where(sql<boolean>`(created_at, id) < (${q.cursor!.c}::timestamptz, ${q.cursor!.i}::uuid)`),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute()
      .then((rows) => rows.map((r) => ({ ...promotionView(r), ck: r.ck })));
  }

  /** Active promotions at a till: every one with status active (dates, places and limits are checked per cart). */
  async active(ws: string, db: DbOrTx = this.k.db): Promise<Rule[]> {
    const rows = await db
      .selectFrom('loyalty_promotions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(ruleOf);
  }

  /** Checks a whole definition (create, or a row with a patch applied); returns the values to store. */
  private async check(ws: string, input: PromotionInput) {
    const name = input.name.trim();
    if (!name) throw invalid('name', 'must not be empty', 'REQUIRED');
    const params = parseParams(input.mechanic, input.params) as unknown as Record<string, unknown>;
    const startsAt = date(input.startsAt, 'startsAt');
    const endsAt = date(input.endsAt, 'endsAt');
    if (startsAt && endsAt && endsAt <= startsAt)
      throw unprocessable('endsAt', 'must be after startsAt', { code: 'TOO_SMALL' });
    const g = geo(input.geography);
    const clean = (list: string[]) => [...new Set(list.map((x) => x.trim()).filter(Boolean))];
    const geography = { regions: clean(g.regions), cities: clean(g.cities), stores: clean(g.stores) };
    // Skus and categories the catalogue does not have: 422 naming the first.
    const skus = (params.skus as string[] | undefined) ?? [];
    const giftSku = params.giftSku as string | undefined;
    const known = await this.loyalty.products.categories(ws, [...skus, ...(giftSku ? [giftSku] : [])]);
    skus.forEach((s, i) => {
      if (!known.has(s))
        throw unprocessable(`params.skus.${i}`, `no product "${s}" in the catalogue`, {
          code: 'UNKNOWN_PRODUCT',
          value: s,
        });
    });
    if (giftSku && !known.has(giftSku))
      throw unprocessable('params.giftSku', `no product "${giftSku}" in the catalogue`, {
        code: 'UNKNOWN_PRODUCT',
        value: giftSku,
      });
    const categories = (params.categories as string[] | undefined) ?? [];
    const cats = await this.loyalty.products.knownCategories(ws, categories);
    categories.forEach((c, i) => {
      if (!cats.has(c)) throw unprocessable(`params.categories.${i}`, `no product of category "${c}" in the catalogue`);
    });
    if (input.segmentId) {
      try {
        await this.k.segments.get(ws, input.segmentId);
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND')
          throw unprocessable('segmentId', 'no segment or list with this id in this workspace');
        throw e;
      }
    }
    return {
      name,
      description: (input.description ?? '').trim(),
      params,
      starts_at: startsAt,
      ends_at: endsAt,
      geography,
      segment_id: input.segmentId ?? null,
      limit_per_person: input.limitPerPerson ?? null,
      limit_total: input.limitTotal ?? null,
    };
  }

  /**
   * Two active percent-offs that can meet a cart line: overlapping validity, places and products
   * (no skus and no categories = every product). 422 PROMOTION_OVERLAP naming the other one.
   */
  private async checkOverlap(trx: Tx, ws: string, p: Row) {
    if (p.mechanic !== 'percent_off') return;
    // One active percent-off checked at a time per workspace: two activations racing cannot both pass.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`loyalty:overlap:${ws}`}))`.execute(trx);
    const others = await trx
      .selectFrom('loyalty_promotions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('mechanic', '=', 'percent_off')
      .where('status', '=', 'active')
      .where('id', '!=', p.id)
      .execute();
    const mine = p.params as { skus?: string[]; categories?: string[] };
    const now = new Date();
    for (const o of others) {
      if (o.ends_at && o.ends_at <= now) continue;
      if (!timesMeet(p, o) || !placesMeet(geo(p.geography), geo(o.geography))) continue;
      if (await this.productsMeet(trx, ws, mine, o.params as typeof mine))
        throw new AppError(
          'PROMOTION_OVERLAP',
          `Overlaps the active promotion "${o.name}" (${o.id}): both take a percentage off the same products in the same places and time`,
          [
            {
              path: 'params',
              message: `overlaps the active promotion "${o.name}"`,
              code: 'OVERLAPS',
              existingId: o.id,
            },
          ],
        );
    }
  }

  private async productsMeet(
    db: DbOrTx,
    ws: string,
    a: { skus?: string[]; categories?: string[] },
    b: { skus?: string[]; categories?: string[] },
  ): Promise<boolean> {
    const everything = (x: typeof a) => !x.skus?.length && !x.categories?.length;
    if (everything(a) || everything(b)) return true;
    const aSkus = new Set(a.skus ?? []);
    const aCats = new Set(a.categories ?? []);
    if ((b.skus ?? []).some((s) => aSkus.has(s))) return true;
    if ((b.categories ?? []).some((c) => aCats.has(c))) return true;
    // A sku of one in a category of the other.
    const cats = await this.loyalty.products.categories(ws, [...(a.skus ?? []), ...(b.skus ?? [])], db);
    const bCats = new Set(b.categories ?? []);
    return (
      (a.skus ?? []).some((s) => bCats.has(cats.get(s) ?? '\u0000')) ||
      (b.skus ?? []).some((s) => aCats.has(cats.get(s) ?? '\u0000'))
    );
  }

  async create(actor: Actor, input: PromotionInput): Promise<PromotionView> {
    const ws = actor.workspaceId;
    const v = await this.check(ws, input);
    const id = newId();
    const row = await this.k.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('loyalty_promotions')
        .values({
          workspace_id: ws,
          id,
          mechanic: input.mechanic,
          ...v,
          params: JSON.stringify(v.params),
          geography: JSON.stringify(v.geography),
          created_by: actor.label,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = promotionView(r);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'promotion',
        entityId: id,
        after: view,
        record: view,
      });
      return r;
    });
    this.forget(ws);
    return promotionView(row);
  }

  /** Changes a promotion (not an archived one); the mechanic only while a draft. */
  async update(actor: Actor, id: string, patch: Partial<PromotionInput>): Promise<PromotionView> {
    const ws = actor.workspaceId;
    const before = await this.row(ws, id);
    if (before.status === 'archived') throw new AppError('CONFLICT', 'An archived promotion cannot be changed');
    if (patch.mechanic !== undefined && patch.mechanic !== before.mechanic && before.status !== 'draft')
      throw new AppError('CONFLICT', `The mechanic can only change while a draft; this one is ${before.status}`, [
        { path: 'mechanic', message: 'only while a draft' },
      ]);
    const mechanic = patch.mechanic ?? before.mechanic;
    const merged: PromotionInput = {
      name: patch.name ?? before.name,
      description: patch.description !== undefined ? patch.description : before.description,
      mechanic,
      // A new mechanic needs its own params.
      params: patch.params ?? (mechanic === before.mechanic ? before.params : {}),
      startsAt: patch.startsAt !== undefined ? patch.startsAt : (before.starts_at?.toISOString() ?? null),
      endsAt: patch.endsAt !== undefined ? patch.endsAt : (before.ends_at?.toISOString() ?? null),
      geography:
        patch.geography !== undefined ? { ...geo(before.geography), ...(patch.geography ?? {}) } : before.geography,
      segmentId: patch.segmentId !== undefined ? patch.segmentId : before.segment_id,
      limitPerPerson: patch.limitPerPerson !== undefined ? patch.limitPerPerson : before.limit_per_person,
      limitTotal: patch.limitTotal !== undefined ? patch.limitTotal : before.limit_total,
    };
    const v = await this.check(ws, merged);
    const row = await this.k.db.transaction().execute(async (trx) => {
      const locked = await this.row(ws, id, trx, true);
      if (locked.status === 'archived') throw new AppError('CONFLICT', 'An archived promotion cannot be changed');
      const r = await trx
        .updateTable('loyalty_promotions')
        .set({
          ...v,
          mechanic,
          params: JSON.stringify(v.params),
          geography: JSON.stringify(v.geography),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (r.status === 'active') await this.checkOverlap(trx, ws, r);
      const view = promotionView(r);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'promotion',
        entityId: id,
        before: promotionView(locked),
        after: view,
        record: view,
      });
      return r;
    });
    this.forget(ws);
    return promotionView(row);
  }

  /** draft | paused → active (422 when its end passed or its params no longer fit the catalogue; PROMOTION_OVERLAP). */
  async activate(actor: Actor, id: string) {
    const r = await this.row(actor.workspaceId, id);
    if (r.ends_at && r.ends_at <= new Date())
      throw unprocessable('endsAt', 'the promotion has ended: move its end first');
    // Skus may have left the catalogue since it was written (checked before the transaction: it reads k.db).
    await this.check(actor.workspaceId, {
      name: r.name,
      mechanic: r.mechanic,
      params: r.params,
      startsAt: r.starts_at?.toISOString() ?? null,
      endsAt: r.ends_at?.toISOString() ?? null,
      geography: r.geography,
      segmentId: null,
    });
    return this.transition(actor, id, 'active', ['draft', 'paused', 'active'], (trx, row) =>
      this.checkOverlap(trx, row.workspace_id, row),
    );
  }

  /** active → paused. */
  pause(actor: Actor, id: string) {
    return this.transition(actor, id, 'paused', ['active', 'paused']);
  }

  /** Any but archived → archived (it never applies again; its history stays). */
  archive(actor: Actor, id: string) {
    return this.transition(actor, id, 'archived', ['draft', 'active', 'paused', 'ended', 'archived']);
  }

  private async transition(
    actor: Actor,
    id: string,
    to: PromotionStatus,
    from: PromotionStatus[],
    guard?: (trx: Tx, r: Row) => Promise<void>,
  ): Promise<PromotionView> {
    const ws = actor.workspaceId;
    const row = await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(ws, id, trx, true);
      const shown = statusOf(before);
      if (!from.includes(shown) || (to === 'paused' && shown !== 'active' && shown !== 'paused'))
        throw new AppError('CONFLICT', `A promotion that is ${shown} cannot become ${to}`, [
          { path: 'status', message: `is ${shown}` },
        ]);
      if (before.status === to) return before;
      const r = await trx
        .updateTable('loyalty_promotions')
        .set({ status: to, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await guard?.(trx, r);
      const view = promotionView(r);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'promotion',
        entityId: id,
        before: promotionView(before),
        after: view,
        record: view,
      });
      return r;
    });
    this.forget(ws);
    return promotionView(row);
  }
}
