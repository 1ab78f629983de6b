import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { AppendedEvent } from '../cdp/index.ts';
import type { Loyalty } from './loyalty.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import type { LoyaltyPointsTable, PointType } from './tables.ts';

type Entry = Selectable<LoyaltyPointsTable>;
const DAY = 86_400_000;
/** How far ahead `expiringSoon` looks. */
export const EXPIRING_SOON_DAYS = 30;
/** Persons whose points expiry one scan handles (each in its own short transaction). */
const EXPIRY_BATCH = 200;

export const entryView = (e: Entry) => ({
  id: e.id,
  type: e.type,
  points: e.points,
  balanceAfter: e.balance_after,
  reason: e.reason,
  orderId: e.order_id,
  promotionId: e.promotion_id,
  expiresAt: e.expires_at,
  createdBy: e.created_by,
  createdAt: e.created_at,
});
export type PointsEntryView = ReturnType<typeof entryView>;

/** The timeline event of each entry type. */
export const POINTS_EVENT: Record<PointType, string> = {
  earn: 'Points Earned',
  spend: 'Points Spent',
  expire: 'Points Expired',
  adjust: 'Points Adjusted',
};

/** One change of a balance: points signed (spend, expire and a negative adjust are negative). */
export interface PointsChange {
  type: PointType;
  points: number;
  reason?: string;
  orderId?: string | null;
  promotionId?: string | null;
  idempotencyKey?: string | null;
  createdBy?: string | null;
  /** The request field the points came from (named by INSUFFICIENT_POINTS). */
  field?: string;
}

/**
 * Bonus points: an append-only ledger per person and a balance row. Every change locks the
 * person's balance row (FOR UPDATE) first, so concurrent spends are serialised and the balance
 * never goes below zero (a CHECK guards it too). An earn (or a positive adjust) is a lot that
 * expires after KARTOTEKA_POINTS_TTL_DAYS; spends and negative adjusts use the lots that expire
 * first (FIFO); the expiry job turns what is left of an expired lot into an `expire` entry (and
 * every change does the same for the person first, so a balance never counts expired points).
 * Each entry is a timeline event (Points Earned / Spent / Expired / Adjusted).
 */
export class Points {
  constructor(
    protected k: LoyaltyBaseKernel,
    protected loyalty: Loyalty,
  ) {
    k.jobs.every('loyalty.points-expiry', k.config.pointsExpiryScanSeconds, () => this.expireAll());
    // A merged-away person's points, redemptions and grants go to the survivor (an undo leaves them there).
    k.cdp.directory.onMerge((trx, ws, m) => this.merge(trx, ws, m.from, m.into));
  }

  /** Moves `from`'s balance, ledger, redemptions and birthday grants to `into` (in the merge's transaction). */
  async merge(trx: Tx, ws: string, from: string, into: string): Promise<void> {
    const held = await trx
      .selectFrom('loyalty_balances')
      .select('balance')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', from)
      .forUpdate()
      .executeTakeFirst();
    const redeemed = await trx
      .selectFrom('loyalty_redemptions')
      .select('redemption_id')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', from)
      .limit(1)
      .executeTakeFirst();
    if (!held && !redeemed) return;
    const balance = await this.lock(trx, ws, into);
    for (const t of ['loyalty_points', 'loyalty_redemptions', 'loyalty_redemption_promotions'] as const)
      await trx
        .updateTable(t)
        .set({ person_id: into })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', from)
        .execute();
    // A grant both had for one promotion and year: the survivor's stays.
    await sql`
      DELETE FROM loyalty_birthday_grants g WHERE g.workspace_id = ${ws} AND g.person_id = ${from}
        AND EXISTS (SELECT 1 FROM loyalty_birthday_grants o WHERE o.workspace_id = g.workspace_id
          AND o.promotion_id = g.promotion_id AND o.year = g.year AND o.person_id = ${into})
    `.execute(trx);
    await trx
      .updateTable('loyalty_birthday_grants')
      .set({ person_id: into })
      .where('workspace_id', '=', ws)
      .where('person_id', '=', from)
      .execute();
    if (held) {
      await trx
        .updateTable('loyalty_balances')
        .set({ balance: balance + held.balance, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', into)
        .execute();
      await trx.deleteFrom('loyalty_balances').where('workspace_id', '=', ws).where('person_id', '=', from).execute();
    }
  }

  /** The live person of an id (merges followed); 404 naming `field` when there is none. */
  async person(ws: string, id: string, field = 'id'): Promise<string> {
    const live = /^[0-9a-f-]{36}$/i.test(id) ? await this.k.cdp.directory.liveId(this.k.db, ws, id) : null;
    if (!live) throw new AppError('NOT_FOUND', 'Person not found', [{ path: field, message: 'no such person' }]);
    return live;
  }

  async balance(ws: string, personId: string, db: DbOrTx = this.k.db): Promise<number> {
    const r = await db
      .selectFrom('loyalty_balances')
      .select('balance')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return r?.balance ?? 0;
  }

  /** Balance, what expires within 30 days, and the ledger newest first (keyset on id: UUIDv7 ids follow time). */
  async history(ws: string, id: string, q: { limit: number; cursor?: string | null }) {
    const personId = await this.person(ws, id);
    const rows = await this.k.db
      .selectFrom('loyalty_points')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .$if(!!q.cursor, (b) => b.where('id', '<', q.cursor!))
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const now = new Date();
    const soon = await this.k.db
      .selectFrom('loyalty_points')
      .select([sql<number>`coalesce(sum(remaining), 0)::int`.as('points'), sql<Date | null>`min(expires_at)`.as('at')])
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .where('remaining', '>', 0)
      .where('expires_at', '>', now)
      .where('expires_at', '<=', new Date(now.getTime() + EXPIRING_SOON_DAYS * DAY))
      .executeTakeFirst();
    return {
      personId,
      balance: await this.balance(ws, personId),
      expiringSoon: soon && soon.points > 0 && soon.at ? { points: soon.points, at: new Date(soon.at) } : null,
      data: rows.slice(0, q.limit).map(entryView),
      nextCursor: rows.length > q.limit ? rows[q.limit - 1].id : null,
    };
  }

  /**
   * POST /persons/{id}/points: earn, spend or adjust. Earn and spend take positive points (a spend
   * is stored negative); adjust takes either sign. 422 INSUFFICIENT_POINTS for more than the
   * balance. With an idempotency key, a retry returns the entry made the first time.
   */
  async change(
    actor: Actor,
    id: string,
    input: {
      type: 'earn' | 'spend' | 'adjust';
      points: number;
      reason: string;
      orderId?: string | null;
      promotionId?: string | null;
      idempotencyKey?: string | null;
    },
  ): Promise<{ entry: PointsEntryView; created: boolean }> {
    const ws = actor.workspaceId;
    if (!Number.isInteger(input.points) || input.points === 0)
      throw invalid('points', 'a whole number other than 0', 'INVALID');
    if (input.type !== 'adjust' && input.points < 0)
      throw invalid('points', `must be positive for ${input.type} (a spend is subtracted)`, 'TOO_SMALL');
    const personId = await this.person(ws, id);
    if (input.promotionId)
      await this.loyalty.promotions.get(ws, input.promotionId).catch(() => {
        throw invalid('promotionId', 'no promotion with this id in this workspace');
      });
    const key = input.idempotencyKey ? `api:${input.idempotencyKey}` : null;
    return this.k.db.transaction().execute(async (trx) => {
      await this.lock(trx, ws, personId);
      if (key) {
        const existing = await trx
          .selectFrom('loyalty_points')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('idempotency_key', '=', key)
          .executeTakeFirst();
        if (existing) return { entry: entryView(existing), created: false };
      }
      const [entry] = await this.apply(trx, ws, personId, [
        {
          type: input.type,
          points: input.type === 'spend' ? -input.points : input.points,
          reason: input.reason,
          orderId: input.orderId ?? null,
          promotionId: input.promotionId ?? null,
          idempotencyKey: key,
          createdBy: actor.label,
          field: 'points',
        },
      ]);
      return { entry: entryView(entry), created: true };
    });
  }

  /** Takes the person's balance row lock (creating the row at 0); returns the balance. */
  async lock(trx: Tx, ws: string, personId: string): Promise<number> {
    await sql`
      INSERT INTO loyalty_balances (workspace_id, person_id) VALUES (${ws}, ${personId})
      ON CONFLICT (workspace_id, person_id) DO NOTHING
    `.execute(trx);
    const r = await trx
      .selectFrom('loyalty_balances')
      .select('balance')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return r.balance;
  }

  /**
   * Applies changes to a person's balance in the caller's transaction, holding the balance lock
   * (taken here if not yet): expired lots first, then each change in order. A negative change
   * beyond the balance is 422 INSUFFICIENT_POINTS naming its `field`, and the transaction must
   * roll back. Returns the entries made for `changes` (the expiries are not in it).
   */
  async apply(trx: Tx, ws: string, personId: string, changes: PointsChange[], now = new Date()): Promise<Entry[]> {
    let balance = await this.lock(trx, ws, personId);
    const made: Entry[] = [];
    const expired = await this.expireLots(trx, ws, personId, balance, now);
    balance = expired.balance;
    const all: Entry[] = [...expired.entries];
    for (const c of changes) {
      if (c.points === 0) continue;
      if (c.points < 0) {
        const need = -c.points;
        if (need > balance)
          throw new AppError(
            'INSUFFICIENT_POINTS',
            `${c.field ?? 'points'}: ${need} points asked, the balance is ${balance}`,
            [
              {
                path: c.field ?? 'points',
                message: `more than the balance (${balance})`,
                code: 'INSUFFICIENT_POINTS',
                limit: balance,
              },
            ],
          );
        await this.consume(trx, ws, personId, need);
      }
      balance += c.points;
      const lot = c.points > 0 && (c.type === 'earn' || c.type === 'adjust');
      const ttl = this.k.config.pointsTtlDays;
      const e = await trx
        .insertInto('loyalty_points')
        .values({
          workspace_id: ws,
          id: newId(),
          person_id: personId,
          type: c.type,
          points: c.points,
          balance_after: balance,
          remaining: lot ? c.points : null,
          reason: c.reason ?? '',
          order_id: c.orderId ?? null,
          promotion_id: c.promotionId ?? null,
          expires_at: lot && ttl > 0 ? new Date(now.getTime() + ttl * DAY) : null,
          idempotency_key: c.idempotencyKey ?? null,
          created_by: c.createdBy ?? null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      made.push(e);
      all.push(e);
    }
    if (all.length) {
      await trx
        .updateTable('loyalty_balances')
        .set({ balance, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', personId)
        .execute();
      await this.loyalty.timeline(trx, ws, all.map(eventOf));
    }
    return made;
  }

  /** Uses `need` points of the lots that expire first (FIFO); the caller checked the balance. */
  private async consume(trx: Tx, ws: string, personId: string, need: number) {
    const lots = await trx
      .selectFrom('loyalty_points')
      .select(['id', 'remaining'])
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .where('remaining', '>', 0)
      .orderBy('expires_at', (ob) => ob.asc().nullsLast())
      .orderBy('id')
      .execute();
    const updates: { id: string; remaining: number }[] = [];
    for (const lot of lots) {
      if (need <= 0) break;
      const take = Math.min(need, lot.remaining ?? 0);
      need -= take;
      updates.push({ id: lot.id, remaining: (lot.remaining ?? 0) - take });
    }
    if (need > 0) throw new Error(`points ledger of ${personId} holds less than its balance`);
    if (updates.length)
      await sql`
        UPDATE loyalty_points p SET remaining = x.remaining
        FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, remaining int)
        WHERE p.workspace_id = ${ws} AND p.id = x.id
      `.execute(trx);
  }

  /** Expires what is left of the person's lots past their expiry (balance lock held); one entry per lot. */
  private async expireLots(trx: Tx, ws: string, personId: string, balance: number, now: Date) {
    const lots = await trx
      .selectFrom('loyalty_points')
      .select(['id', 'remaining', 'expires_at', 'order_id', 'promotion_id'])
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .where('remaining', '>', 0)
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .orderBy('id')
      .execute();
    const entries: Entry[] = [];
    if (!lots.length) return { balance, entries };
    const rows = lots.map((l) => {
      balance -= l.remaining ?? 0;
      return {
        workspace_id: ws,
        id: newId(),
        person_id: personId,
        type: 'expire' as const,
        points: -(l.remaining ?? 0),
        balance_after: Math.max(0, balance),
        remaining: null,
        reason: `Expired: points earned before ${l.expires_at!.toISOString().slice(0, 10)}`,
        order_id: l.order_id,
        promotion_id: l.promotion_id,
        expires_at: null,
        idempotency_key: `expire:${l.id}`,
        created_by: 'system',
        created_at: now,
      };
    });
    if (balance < 0) throw new Error(`points ledger of ${personId} holds more than its balance`);
    entries.push(...(await trx.insertInto('loyalty_points').values(rows).returningAll().execute()));
    await trx
      .updateTable('loyalty_points')
      .set({ remaining: 0 })
      .where('workspace_id', '=', ws)
      .where(
        'id',
        'in',
        lots.map((l) => l.id),
      )
      .execute();
    return { balance, entries };
  }

  /**
   * The expiry job (every KARTOTEKA_POINTS_EXPIRY_SCAN_SECONDS in each worker): the persons with
   * lots past their expiry, each expired in its own transaction under the balance lock (a second
   * worker finds nothing left to expire). Returns how many entries it made.
   */
  async expireAll(now = new Date()): Promise<number> {
    let made = 0;
    for (;;) {
      const due = await this.k.db
        .selectFrom('loyalty_points')
        .select(['workspace_id', 'person_id'])
        .distinct()
        .where('remaining', '>', 0)
        .where('expires_at', '<=', now)
        .limit(EXPIRY_BATCH)
        .execute();
      if (!due.length) return made;
      for (const d of due)
        made += await this.k.db.transaction().execute(async (trx) => {
          const before = await this.lock(trx, d.workspace_id, d.person_id);
          const r = await this.expireLots(trx, d.workspace_id, d.person_id, before, now);
          if (!r.entries.length) return 0;
          await trx
            .updateTable('loyalty_balances')
            .set({ balance: r.balance, updated_at: now })
            .where('workspace_id', '=', d.workspace_id)
            .where('person_id', '=', d.person_id)
            .execute();
          await this.loyalty.timeline(trx, d.workspace_id, r.entries.map(eventOf));
          return r.entries.length;
        });
      if (due.length < EXPIRY_BATCH) return made;
    }
  }
}

/** A ledger entry as a timeline event. */
export const eventOf = (e: Entry): AppendedEvent => ({
  personId: e.person_id,
  type: 'loyalty',
  event: POINTS_EVENT[e.type],
  properties: {
    entryId: e.id,
    points: e.points,
    balanceAfter: e.balance_after,
    reason: e.reason,
    ...(e.order_id ? { orderId: e.order_id } : {}),
    ...(e.promotion_id ? { promotionId: e.promotion_id } : {}),
    ...(e.expires_at ? { expiresAt: e.expires_at.toISOString() } : {}),
  },
  occurredAt: e.created_at,
  messageId: `loyalty:points:${e.id}`,
});
