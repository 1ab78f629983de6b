import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid } from '../core/errors.ts';
import { IDENTITY_KINDS, normalizeEmail, normalizePhone, type IdentityKind } from '../cdp/index.ts';
import type { Loyalty } from './loyalty.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import { evaluateCart, notApplicable, type Evaluation, type Rule } from './mechanics/evaluate.ts';
import { kopecks, type Line } from './mechanics/types.ts';

/** A person by id or by any identifier the identity graph knows. */
export type PersonRef = { id: string } | { kind: string; value: string };

export interface Cart {
  lines: { sku: string; quantity: number; price: number }[];
  store?: string | null;
  city?: string | null;
  region?: string | null;
}

/** Most lines a cart may have. */
export const MAX_CART_LINES = 500;

const EXTERNAL = /^external:[a-z0-9][a-z0-9_.-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person's balance (null: no row yet) and per-promotion use, as evaluate reads them. */
type PersonState = { balance: number | null; used: Record<string, number> | null };

export type EvaluateResult = Omit<Evaluation, 'paidKopecks'> & { personId: string; balance: number };

export interface RedeemResult {
  redemptionId: string;
  personId: string;
  promotions: Evaluation['promotions'];
  totalDiscount: number;
  pointsSpent: number;
  pointsEarned: number;
  balance: number;
  total: number;
}

/**
 * The offers API for tills and web shops. `evaluate` is read-only: the person's applicable
 * promotions over the cart and the reward they compute (mechanics/). `redeem` records it once per
 * `redemptionId` (the order id): the redemption row is inserted first with ON CONFLICT DO NOTHING,
 * so a retry (even a concurrent one, which waits for the first to commit) returns the stored body;
 * then, holding the person's balance lock, it counts the promotions toward their limits (the total
 * limit by a conditional update of each promotion's counter), spends and earns points, and appends
 * the `Offer Redeemed` timeline event, all in one transaction.
 */
export class Offers {
  constructor(
    protected k: LoyaltyBaseKernel,
    protected loyalty: Loyalty,
  ) {}

  /**
   * The live person and traits a reference names; 404 naming `person` when none. The till's hot
   * path: one indexed read of the CDP's identity and person rows (the directory's `resolve` and
   * `getPeople` take three); a merged-away person, or an identifier kind with its own
   * normalisation, goes through the CDP's services.
   */
  async resolve(ws: string, ref: PersonRef): Promise<{ id: string; traits: Record<string, unknown> }> {
    return (await this.resolveWith(ws, ref, null)).person;
  }

  /**
   * `resolve`, and with `limited` (the ids of promotions with a limit per person) the person's
   * balance and use of them read in the same statement (null when the person came through a merge
   * or the CDP's lookup: read them then with `state`).
   */
  private async resolveWith(
    ws: string,
    ref: PersonRef,
    limited: string[] | null,
  ): Promise<{ person: { id: string; traits: Record<string, unknown> }; state: PersonState | null }> {
    const missing = () =>
      new AppError('NOT_FOUND', 'Person not found', [{ path: 'person', message: 'no such person' }]);
    type Row = { id: string; merged_into: string | null; traits: Record<string, unknown> } & Partial<PersonState>;
    const extra = limited
      ? sql`, (SELECT balance FROM loyalty_balances b WHERE b.workspace_id = ${ws} AND b.person_id = p.id) AS balance,
          (SELECT jsonb_object_agg(promotion_id, n) FROM (
            SELECT promotion_id, count(*)::int AS n FROM loyalty_redemption_promotions r
            WHERE r.workspace_id = ${ws} AND r.person_id = p.id AND r.promotion_id = ANY(${limited}::uuid[])
            GROUP BY promotion_id) x) AS used`
      : sql``;
    let row: Row | undefined;
    let asked: string | null = null;
    if ('id' in ref) {
      if (!UUID.test(ref.id)) throw invalid('person.id', 'must be a UUID', 'INVALID_UUID');
      asked = ref.id;
      row = (
        await sql<Row>`SELECT p.id, p.merged_into, p.traits ${extra} FROM persons p WHERE p.workspace_id = ${ws} AND p.id = ${ref.id}`.execute(
          this.k.db,
        )
      ).rows[0];
    } else {
      const kind = ref.kind.trim().toLowerCase();
      if (!(IDENTITY_KINDS as readonly string[]).includes(kind) && !EXTERNAL.test(kind))
        throw invalid('person.kind', `unknown identifier kind "${ref.kind}"`, 'INVALID_OPTION');
      const value =
        kind === 'email' ? normalizeEmail(ref.value) : kind === 'phone' ? normalizePhone(ref.value) : ref.value.trim();
      if (!value) throw missing();
      row = (
        await sql<Row>`
          SELECT p.id, p.merged_into, p.traits ${extra} FROM persons p
          WHERE p.workspace_id = ${ws} AND p.id = (
            SELECT i.person_id FROM identities i WHERE i.workspace_id = ${ws} AND i.kind = ${kind} AND i.value = ${value} LIMIT 1)
        `.execute(this.k.db)
      ).rows[0];
      // Kinds with their own normalisation (telegram_id…): the CDP's lookup knows them.
      if (!row && kind !== 'email' && kind !== 'phone')
        asked = await this.k.cdp.lookup(ws, kind as IdentityKind, ref.value).then(
          (p) => p.id,
          () => null,
        );
      else asked = row?.id ?? null;
    }
    if (row && !row.merged_into)
      return {
        person: { id: row.id, traits: row.traits ?? {} },
        state: limited ? { balance: row.balance ?? null, used: row.used ?? null } : null,
      };
    if (!asked) throw missing();
    const p = (await this.k.cdp.getPeople(ws, [asked])).get(asked);
    if (!p) throw missing();
    return { person: { id: p.id, traits: p.traits }, state: null };
  }

  /** A person's balance and use of the promotions with a limit per person, in one read. */
  private async state(ws: string, personId: string, limited: string[]): Promise<PersonState> {
    const r = await sql<PersonState>`
      SELECT (SELECT balance FROM loyalty_balances WHERE workspace_id = ${ws} AND person_id = ${personId}) AS balance,
        (SELECT jsonb_object_agg(promotion_id, n) FROM (
          SELECT promotion_id, count(*)::int AS n FROM loyalty_redemption_promotions
          WHERE workspace_id = ${ws} AND person_id = ${personId} AND promotion_id = ANY(${limited}::uuid[])
          GROUP BY promotion_id) x) AS used
    `.execute(this.k.db);
    return r.rows[0] ?? { balance: null, used: null };
  }

  /** Cart lines checked against the catalogue: 422 naming `cart.lines.<i>.sku` for an unknown product. */
  async lines(ws: string, cart: Cart, db: DbOrTx = this.k.db): Promise<Line[]> {
    if (!cart.lines.length) throw invalid('cart.lines', 'at least one line', 'TOO_FEW');
    const skus = cart.lines.map((l) => l.sku);
    const categories =
      db === this.k.db
        ? await this.loyalty.products.categoriesCached(ws, skus)
        : await this.loyalty.products.categories(ws, skus, db);
    return cart.lines.map((l, i) => {
      if (!categories.has(l.sku))
        throw new AppError('UNPROCESSABLE', `cart.lines.${i}.sku: no product "${l.sku}" in the catalogue`, [
          {
            path: `cart.lines.${i}.sku`,
            message: `no product "${l.sku}" in the catalogue`,
            code: 'UNKNOWN_PRODUCT',
            value: l.sku,
          },
        ]);
      if (!Number.isInteger(l.quantity) || l.quantity < 1)
        throw invalid(`cart.lines.${i}.quantity`, 'a whole number ≥ 1', 'TOO_SMALL');
      if (!Number.isFinite(l.price) || l.price < 0) throw invalid(`cart.lines.${i}.price`, 'must be ≥ 0', 'TOO_SMALL');
      return {
        index: i,
        sku: l.sku,
        category: categories.get(l.sku) ?? null,
        quantity: l.quantity,
        price: kopecks(l.price),
        free: 0,
        discount: 0,
        percentApplied: false,
      };
    });
  }

  /** Per promotion with a limit per person: how many of this person's redemptions applied it. */
  private async usedByPerson(ws: string, personId: string, rules: Rule[], db: DbOrTx) {
    const used = new Map<string, number>();
    const limited = rules.filter((r) => r.limitPerPerson !== null).map((r) => r.id);
    if (limited.length)
      for (const r of await db
        .selectFrom('loyalty_redemption_promotions')
        .select(['promotion_id', sql<number>`count(*)::int`.as('n')])
        .where('workspace_id', '=', ws)
        .where('person_id', '=', personId)
        .where('promotion_id', 'in', limited)
        .groupBy('promotion_id')
        .execute())
        used.set(r.promotion_id, r.n);
    return used;
  }

  /** The promotions among `rules` that apply to this person's cart now. */
  private async applicable(
    ws: string,
    person: { id: string; traits: Record<string, unknown> },
    cart: Cart,
    rules: Rule[],
    used: Map<string, number>,
    db: DbOrTx,
    now = new Date(),
  ): Promise<Rule[]> {
    if (!rules.length) return [];
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
    const segments = rules.some((r) => r.segmentId)
      ? new Set(await this.k.segments.segmentsOf(ws, person.id, db))
      : new Set<string>();
    const ctx = {
      now,
      // The till says where it is; a web shop may leave it to the person's home region and city.
      region: cart.region ?? str(person.traits.region),
      city: cart.city ?? str(person.traits.city),
      store: cart.store ?? null,
      segments,
      usedByPerson: used,
    };
    return rules.filter((r) => notApplicable(r, ctx) === null);
  }

  /**
   * POST /offers/evaluate: read-only. The active promotions and the catalogue come from this
   * process's short-lived caches; the person, their balance, limits used and segments are read now.
   */
  async evaluate(ws: string, input: { person: PersonRef; cart: Cart }): Promise<EvaluateResult> {
    const [all, lines] = await Promise.all([this.loyalty.promotions.activeCached(ws), this.lines(ws, input.cart)]);
    const limited = all.filter((r) => r.limitPerPerson !== null).map((r) => r.id);
    // The person, their balance and their use of the limited promotions: one statement.
    const { person, state: read } = await this.resolveWith(ws, input.person, limited);
    const state = read ?? (await this.state(ws, person.id, limited));
    const used = new Map(Object.entries(state.used ?? {}));
    const rules = await this.applicable(ws, person, input.cart, all, used, this.k.db);
    const { paidKopecks: _paid, ...e } = evaluateCart(lines, rules, { pointsPer100: this.k.config.pointsPer100 });
    return { personId: person.id, balance: state.balance ?? 0, ...e };
  }

  /**
   * POST /offers/redeem: `created` false when this redemptionId was redeemed before (the body is
   * the one stored then, whatever this request carries).
   */
  async redeem(
    actor: Actor,
    input: { redemptionId: string; person: PersonRef; cart: Cart; pointsToSpend?: number },
  ): Promise<{ created: boolean; body: RedeemResult }> {
    const ws = actor.workspaceId;
    const redemptionId = input.redemptionId.trim();
    if (!redemptionId) throw invalid('redemptionId', 'must not be empty', 'REQUIRED');
    const stored = await this.stored(ws, redemptionId, this.k.db);
    if (stored) return { created: false, body: stored };
    const spend = input.pointsToSpend ?? 0;
    if (!Number.isInteger(spend) || spend < 0) throw invalid('pointsToSpend', 'a whole number ≥ 0', 'TOO_SMALL');
    const person = await this.resolve(ws, input.person);
    const lines = await this.lines(ws, input.cart);
    const now = new Date();
    const rate = this.k.config.pointsPer100;
    let countedLimited = false;
    const out = await this.k.db.transaction().execute(async (trx) => {
      const claimed = await sql<{ redemption_id: string }>`
        INSERT INTO loyalty_redemptions (workspace_id, redemption_id, person_id, store, city, region, created_by, created_at)
        VALUES (${ws}, ${redemptionId}, ${person.id}, ${input.cart.store ?? null}, ${input.cart.city ?? null},
                ${input.cart.region ?? null}, ${actor.label}, ${now})
        ON CONFLICT (workspace_id, redemption_id) DO NOTHING
        RETURNING redemption_id
      `.execute(trx);
      if (!claimed.rows.length) {
        // A concurrent redemption of the same id committed first (its insert made this one wait).
        const body = await this.stored(ws, redemptionId, trx);
        if (!body)
          throw new AppError('CONFLICT', 'This redemption is being recorded; retry', [
            { path: 'redemptionId', message: 'in progress' },
          ]);
        return { created: false, body };
      }
      // The person's redemptions and point changes are serialised from here (their limits too).
      await this.loyalty.points.lock(trx, ws, person.id);
      const all = await this.loyalty.promotions.active(ws, trx);
      const used = await this.usedByPerson(ws, person.id, all, trx);
      let rules = await this.applicable(ws, person, input.cart, all, used, trx, now);
      // Count each applied promotion toward its total limit; one that just reached it is dropped
      // and the cart evaluated again without it (which can only apply fewer discounts).
      const counted = new Set<string>();
      let e = evaluateCart(lines, rules, { pointsPer100: rate, pointsPaid: spend });
      for (let round = 0; round < 10; round++) {
        const need = e.promotions.map((p) => p.promotionId).filter((id) => !counted.has(id));
        if (!need.length) break;
        const got = await sql<{ id: string }>`
          UPDATE loyalty_promotions SET redemptions = redemptions + 1
          WHERE workspace_id = ${ws} AND id = ANY(${need}::uuid[]) AND (limit_total IS NULL OR redemptions < limit_total)
          RETURNING id
        `.execute(trx);
        for (const r of got.rows) counted.add(r.id);
        const full = new Set(need.filter((id) => !counted.has(id)));
        if (!full.size) break;
        rules = rules.filter((r) => !full.has(r.id));
        e = evaluateCart(lines, rules, { pointsPer100: rate, pointsPaid: spend });
      }
      const applied = new Set(e.promotions.map((p) => p.promotionId));
      countedLimited = all.some((r) => r.limitTotal !== null && applied.has(r.id));
      const uncount = [...counted].filter((id) => !applied.has(id));
      if (uncount.length)
        await sql`UPDATE loyalty_promotions SET redemptions = redemptions - 1 WHERE workspace_id = ${ws} AND id = ANY(${uncount}::uuid[])`.execute(
          trx,
        );
      const totalK = Math.round(e.total * 100);
      if (spend * 100 > totalK)
        throw new AppError('UNPROCESSABLE', `pointsToSpend: more than the total (${e.total})`, [
          {
            path: 'pointsToSpend',
            message: `more than the total (${e.total})`,
            code: 'TOO_LARGE',
            limit: Math.floor(e.total),
          },
        ]);
      const multiplier = e.promotions.find((p) => p.mechanic === 'points_multiplier');
      const entries = await this.loyalty.points.apply(
        trx,
        ws,
        person.id,
        [
          {
            type: 'spend',
            points: -spend,
            reason: `Order ${redemptionId}`,
            orderId: redemptionId,
            createdBy: actor.label,
            field: 'pointsToSpend',
          },
          {
            type: 'earn',
            points: e.pointsEarned,
            reason: `Order ${redemptionId}`,
            orderId: redemptionId,
            promotionId: multiplier?.promotionId ?? null,
            createdBy: actor.label,
          },
        ],
        now,
      );
      const balance = entries.length
        ? entries[entries.length - 1].balance_after
        : await this.loyalty.points.balance(ws, person.id, trx);
      const body: RedeemResult = {
        redemptionId,
        personId: person.id,
        promotions: e.promotions,
        totalDiscount: e.totalDiscount,
        pointsSpent: spend,
        pointsEarned: e.pointsEarned,
        balance,
        total: Math.round(e.paidKopecks) / 100,
      };
      if (e.promotions.length)
        await trx
          .insertInto('loyalty_redemption_promotions')
          .values(
            e.promotions.map((p) => ({
              workspace_id: ws,
              promotion_id: p.promotionId,
              redemption_id: redemptionId,
              person_id: person.id,
              discount: p.reward.discount,
              points: p.reward.points,
              created_at: now,
            })),
          )
          .execute();
      await trx
        .updateTable('loyalty_redemptions')
        .set({
          promotion_ids: JSON.stringify(e.promotions.map((p) => p.promotionId)),
          subtotal: e.subtotal,
          discount: e.totalDiscount,
          total: body.total,
          points_earned: e.pointsEarned,
          points_spent: spend,
          body: JSON.stringify(body),
        })
        .where('workspace_id', '=', ws)
        .where('redemption_id', '=', redemptionId)
        .execute();
      await this.loyalty.timeline(trx, ws, [
        {
          personId: person.id,
          type: 'loyalty',
          event: 'Offer Redeemed',
          properties: {
            redemptionId,
            promotionIds: e.promotions.map((p) => p.promotionId),
            total: body.total,
            discount: e.totalDiscount,
            pointsEarned: e.pointsEarned,
            pointsSpent: spend,
            store: input.cart.store ?? null,
            region: input.cart.region ?? null,
          },
          occurredAt: now,
          messageId: `loyalty:redeem:${redemptionId}`,
        },
      ]);
      return { created: true, body };
    });
    // A total limit may have been reached: evaluate in this process reads the counters again.
    if (countedLimited) this.loyalty.promotions.forget(ws);
    return out;
  }

  /** The body a redemption answered with, if it was recorded. */
  private async stored(ws: string, redemptionId: string, db: DbOrTx | Tx): Promise<RedeemResult | null> {
    const r = await db
      .selectFrom('loyalty_redemptions')
      .select('body')
      .where('workspace_id', '=', ws)
      .where('redemption_id', '=', redemptionId)
      .executeTakeFirst();
    return (r?.body as RedeemResult | null | undefined) ?? null;
  }
}
