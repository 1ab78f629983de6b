import { sql, type RawBuilder } from 'kysely';
import type { Db, DbOrTx } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { PersonScores } from './person-scores.ts';

/**
 * Computed traits.
 *
 * Built in: `person_stats` keeps, per person, counters that the fold follower adds each stored
 * event to, right after its ingest transaction commits (fold-queue.ts, with `statsCte`): events,
 * first/last seen, orders ("Order Completed" track events, Segment e-commerce spec), revenue and
 * sessions. Read them right after an ingest only once `cdp.settled()` resolved. Everything else (average check,
 * purchase frequency, LTV, predicted LTV, RFM) is derived from that row when a profile is read,
 * so it is always current without a batch job.
 *
 * Workspace-defined: `computed_trait_definitions` (count / sum / avg / min / max / first / last of
 * an event property, optionally over the last N days), evaluated at read time with one query over
 * the person's events.
 */

export const ORDER_EVENT = 'Order Completed';
/** A page/screen/track event more than this after the person's previous event starts a new session. */
export const SESSION_GAP = "interval '30 minutes'";
export const AGGREGATIONS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

const DAY_MS = 86_400_000;

/**
 * SQL: a jsonb value as numeric — a JSON number, or a string holding a plain decimal number (at most
 * 30 integer and 20 fraction digits, so that a hostile value can never make the cast, and with it
 * the whole ingest statement, fail); anything else is NULL.
 */
export function numericOf(x: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(CASE jsonb_typeof(${x}) WHEN 'number' THEN (${x})::numeric WHEN 'string' THEN CASE WHEN (${x} #>> '{}') ~ '^[[:space:]]*[-+]?[0-9]{1,30}([.][0-9]{1,20})?[[:space:]]*$' THEN trim(${x} #>> '{}')::numeric END END)`;
}

/** SQL: an order's revenue — properties.revenue ?? properties.total ?? properties.value (in currencyOf's currency). */
export function revenueOf(props: string): RawBuilder<unknown> {
  return numericOf(
    sql.raw(
      `coalesce(nullif(${props}->'revenue', 'null'::jsonb), nullif(${props}->'total', 'null'::jsonb), nullif(${props}->'value', 'null'::jsonb))`,
    ),
  );
}

/** SQL: an order's currency — properties.currency as an upper-case three-letter code, or "" when it names none. */
export function currencyOf(props: string): RawBuilder<unknown> {
  const c = `upper(btrim(${props} ->> 'currency'))`;
  return sql.raw(`(CASE WHEN ${c} ~ '^[A-Z]{3}$' THEN ${c} ELSE '' END)`);
}

/** SQL: two {currency: number} maps added key by key. */
const addMaps = (a: string, b: string) =>
  `(SELECT coalesce(jsonb_object_agg(k, coalesce((${a} ->> k)::numeric, 0) + coalesce((${b} ->> k)::numeric, 0)), '{}'::jsonb) FROM (SELECT jsonb_object_keys(${a}) UNION SELECT jsonb_object_keys(${b})) AS keys(k))`;

/** SQL: the orders of `eventsSql` (a FROM item aliased e) per person as {currency: revenue} and {currency: orders}. */
function perCurrency(eventsSql: RawBuilder<unknown>, where: RawBuilder<unknown>) {
  return sql`
    SELECT c.person_id, jsonb_object_agg(c.cur, c.amt) AS r, jsonb_object_agg(c.cur, c.n) AS o
    FROM (
      SELECT e.person_id, ${currencyOf('e.properties')} AS cur, coalesce(sum(${revenueOf('e.properties')}), 0) AS amt, count(*) AS n
      FROM ${eventsSql} WHERE ${where} AND ${sql.raw(IS_ORDER('e'))} GROUP BY 1, 2
    ) c GROUP BY c.person_id`;
}

const IS_ORDER = (e: string) => `(${e}.type = 'track' AND ${e}.event = '${ORDER_EVENT}')`;
const IS_SESSION_TYPE = (e: string) => `(${e}.type IN ('page', 'screen', 'track'))`;

/**
 * The CTE that folds a batch of stored events into person_stats, for the fold statement
 * (fold-queue.ts): `eventsCte` must name a CTE (or table) of `person_id, type, event, occurred_at,
 * properties`, each stored event exactly once (the fold queue names only rows actually inserted,
 * so a repeated messageId is not counted).
 *
 * Sessions are an approximation for in-order arrival: a page/screen/track event starts a session
 * when it comes more than 30 minutes after the later of (the previous event of any type in the
 * batch for that person, the person's stored last_seen_at), or when it is the person's first
 * page/screen/track event (an identify just before it does not swallow the first session). An
 * event older than last_seen_at (late or backfilled) never starts one; a merge or undo recomputes
 * sessions from the events in time order. Two concurrent batches for one person read the same
 * last_seen_at and may each count a session start (two folds of one
 * workspace in different processes, each with its own rows).
 */
export function statsCte(workspaceId: string, eventsCte: string): RawBuilder<unknown> {
  return sql`
    INSERT INTO person_stats AS s (workspace_id, person_id, event_count, first_seen_at, last_seen_at, order_count, revenue, first_order_at, last_order_at, sessions,
                                   revenue_by_currency, orders_by_currency)
    SELECT ${workspaceId}, g.*, coalesce(oc.r, '{}'::jsonb), coalesce(oc.o, '{}'::jsonb)
    FROM (
    SELECT b.person_id, count(*), min(b.occurred_at), max(b.occurred_at),
           count(*) FILTER (WHERE b.is_order), coalesce(sum(b.amount) FILTER (WHERE b.is_order), 0),
           min(b.occurred_at) FILTER (WHERE b.is_order), max(b.occurred_at) FILTER (WHERE b.is_order),
           count(*) FILTER (WHERE b.is_session AND (b.prev IS NULL OR b.occurred_at > b.prev + ${sql.raw(SESSION_GAP)} OR (b.sn = 1 AND coalesce(b.known_sessions, 0) = 0)))
    FROM (
      SELECT e.person_id, e.occurred_at, ${sql.raw(IS_SESSION_TYPE('e'))} AS is_session, ${sql.raw(IS_ORDER('e'))} AS is_order,
             CASE WHEN ${sql.raw(IS_ORDER('e'))} THEN ${revenueOf('e.properties')} END AS amount,
             greatest(lag(e.occurred_at) OVER (PARTITION BY e.person_id ORDER BY e.occurred_at), ps.last_seen_at) AS prev,
             row_number() OVER (PARTITION BY e.person_id, ${sql.raw(IS_SESSION_TYPE('e'))} ORDER BY e.occurred_at) AS sn, ps.sessions AS known_sessions
      FROM ${sql.raw(eventsCte)} e
      -- LATERAL … LIMIT 1: one primary-key probe per row. A plain join is planned as a hash join that
      -- reads all of person_stats on every batch (ingest speed then falls with the table's size).
      LEFT JOIN LATERAL (SELECT p.last_seen_at, p.sessions FROM person_stats p WHERE p.workspace_id = ${workspaceId} AND p.person_id = e.person_id LIMIT 1) ps ON true
      WHERE e.person_id IS NOT NULL
    ) b
    GROUP BY b.person_id
    ) g (person_id, event_count, first_seen_at, last_seen_at, order_count, revenue, first_order_at, last_order_at, sessions)
    LEFT JOIN (${perCurrency(sql.raw(`${eventsCte} e`), sql`e.person_id IS NOT NULL`)}) oc ON oc.person_id = g.person_id
    ORDER BY g.person_id
    ON CONFLICT (workspace_id, person_id) DO UPDATE SET
      event_count = s.event_count + EXCLUDED.event_count,
      first_seen_at = least(s.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = greatest(s.last_seen_at, EXCLUDED.last_seen_at),
      order_count = s.order_count + EXCLUDED.order_count,
      revenue = s.revenue + EXCLUDED.revenue,
      first_order_at = least(s.first_order_at, EXCLUDED.first_order_at),
      last_order_at = greatest(s.last_order_at, EXCLUDED.last_order_at),
      sessions = s.sessions + EXCLUDED.sessions,
      revenue_by_currency = CASE WHEN EXCLUDED.revenue_by_currency = '{}'::jsonb THEN s.revenue_by_currency ELSE ${sql.raw(addMaps('s.revenue_by_currency', 'EXCLUDED.revenue_by_currency'))} END,
      orders_by_currency = CASE WHEN EXCLUDED.orders_by_currency = '{}'::jsonb THEN s.orders_by_currency ELSE ${sql.raw(addMaps('s.orders_by_currency', 'EXCLUDED.orders_by_currency'))} END
    RETURNING 1`;
}

/**
 * Recomputes one person's stats from their events (one aggregate statement): after a merge moved
 * events onto them, or an undo moved events back. A person with no events loses the row.
 */
export async function recomputeStats(trx: DbOrTx, workspaceId: string, personId: string): Promise<void> {
  await sql`
    WITH b AS (
      SELECT e.occurred_at, ${sql.raw(IS_SESSION_TYPE('e'))} AS is_session, ${sql.raw(IS_ORDER('e'))} AS is_order,
             CASE WHEN ${sql.raw(IS_ORDER('e'))} THEN ${revenueOf('e.properties')} END AS amount,
             lag(e.occurred_at) OVER (ORDER BY e.occurred_at, e.id) AS prev,
             row_number() OVER (PARTITION BY ${sql.raw(IS_SESSION_TYPE('e'))} ORDER BY e.occurred_at, e.id) AS sn
      FROM events e WHERE e.workspace_id = ${workspaceId} AND e.person_id = ${personId}
    ), agg AS (
      SELECT count(*)::int AS event_count, min(occurred_at) AS first_seen_at, max(occurred_at) AS last_seen_at,
             count(*) FILTER (WHERE is_order)::int AS order_count, coalesce(sum(amount) FILTER (WHERE is_order), 0) AS revenue,
             min(occurred_at) FILTER (WHERE is_order) AS first_order_at, max(occurred_at) FILTER (WHERE is_order) AS last_order_at,
             count(*) FILTER (WHERE is_session AND (prev IS NULL OR occurred_at > prev + ${sql.raw(SESSION_GAP)} OR sn = 1))::int AS sessions
      FROM b
    ), gone AS (
      DELETE FROM person_stats WHERE workspace_id = ${workspaceId} AND person_id = ${personId} AND (SELECT event_count FROM agg) = 0
    ), oc AS (${perCurrency(sql`events e`, sql`e.workspace_id = ${workspaceId} AND e.person_id = ${personId}`)})
    INSERT INTO person_stats (workspace_id, person_id, event_count, first_seen_at, last_seen_at, order_count, revenue, first_order_at, last_order_at, sessions,
                              revenue_by_currency, orders_by_currency)
    SELECT ${workspaceId}, ${personId}, event_count, first_seen_at, last_seen_at, order_count, revenue, first_order_at, last_order_at, sessions,
           coalesce((SELECT r FROM oc), '{}'::jsonb), coalesce((SELECT o FROM oc), '{}'::jsonb)
    FROM agg WHERE event_count > 0
    ON CONFLICT (workspace_id, person_id) DO UPDATE SET
      event_count = EXCLUDED.event_count, first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at,
      order_count = EXCLUDED.order_count, revenue = EXCLUDED.revenue, first_order_at = EXCLUDED.first_order_at,
      last_order_at = EXCLUDED.last_order_at, sessions = EXCLUDED.sessions,
      revenue_by_currency = EXCLUDED.revenue_by_currency, orders_by_currency = EXCLUDED.orders_by_currency
  `.execute(trx);
}

// ---------------------------------------------------------------- derived traits

/**
 * RFM segment names from the recency and frequency scores (the usual R×F grid; monetary is
 * reported but does not pick the segment):
 *
 * | R \ F | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | new | potential_loyalist | potential_loyalist | champions | champions |
 * | 4 | promising | potential_loyalist | potential_loyalist | loyal | loyal |
 * | 3 | about_to_sleep | about_to_sleep | need_attention | loyal | loyal |
 * | 2 | hibernating | hibernating | at_risk | at_risk | cant_lose |
 * | 1 | lost | hibernating | at_risk | at_risk | cant_lose |
 */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export function rfmSegment(r: number, f: number): RfmSegment {
  if (r <= 2) {
    if (f === 5) return 'cant_lose';
    if (f >= 3) return 'at_risk';
    return r === 1 && f === 1 ? 'lost' : 'hibernating';
  }
  if (r === 3) return f <= 2 ? 'about_to_sleep' : f === 3 ? 'need_attention' : 'loyal';
  if (f >= 4) return r === 5 ? 'champions' : 'loyal';
  if (f >= 2) return 'potential_loyalist';
  return r === 5 ? 'new' : 'promising';
}

/**
 * A score 1–5 by quintile of the mid-rank: (customers below + half of those equal, this one
 * included) / customers. Ten distinct values score 1,1,2,2,3,3,4,4,5,5; ties share a score; a
 * workspace's only customer scores 3.
 */
export const quintile = (below: number, equal: number, n: number) =>
  n <= 0 ? 3 : Math.min(5, Math.max(1, 1 + Math.floor((5 * (below + equal / 2)) / n)));

interface StatsRow {
  event_count: number;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  order_count: number;
  revenue: string | number;
  first_order_at: Date | null;
  last_order_at: Date | null;
  sessions: number;
  revenue_by_currency?: Record<string, number | string>;
  orders_by_currency?: Record<string, number | string>;
}

/** The currency of a workspace without a `currency` setting (as a new pipeline's). */
export const DEFAULT_CURRENCY = 'RUB';

/** A stats row's amounts per currency, orders that name none counted in `main`. */
function inCurrencies(map: Record<string, number | string> | undefined, main: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    const c = k || main;
    out[c] = (out[c] ?? 0) + Number(v);
  }
  return out;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The built-in traits derived from a person's stats at `now`. Money is in the workspace's
 * currency (`currency`; an order that names no currency is taken to be in it): revenue, average
 * check (over the orders in that currency), LTV and predicted LTV. `revenueByCurrency` has every
 * currency the person paid in; `revenue` of a stats row without per-currency maps (written before
 * they existed) counts as the workspace's currency.
 *
 * - purchaseFrequencyDays: (lastOrderAt − firstOrderAt) / (orderCount − 1), in days; null below 2 orders.
 * - ltv: historical revenue.
 * - predictedLtv12m = averageCheck × (365 / interval) × decay, where interval = purchaseFrequencyDays
 *   and decay = 1 while the customer is not overdue (days since the last order ≤ interval), else
 *   exp(1 − daysSinceLastOrder / interval): one interval overdue keeps 37 %, two keep 14 %.
 *   Only with enough history (LTV_MIN_ORDERS orders over LTV_MIN_SPAN_DAYS days or more); else null,
 *   and `predictedLtv12mBasis` says why (the profile shows "not enough history: N orders over D days").
 */
/**
 * The least history the 12-month prediction stands on. An interval from two orders is one sample:
 * two orders six days apart extrapolate to 60 orders a year (104,937 ₽ from a customer who had spent
 * 3,450 ₽). Three orders give two intervals to average, and a 60-day span keeps the annualising
 * factor at most about six (365 / 60), so one lucky week cannot become a year. Below either, no
 * number is better than a wrong one (a real model comes with the insights module).
 */
export const LTV_MIN_ORDERS = 3;
export const LTV_MIN_SPAN_DAYS = 60;

export function deriveTraits(s: StatsRow | undefined, now: Date, currency = DEFAULT_CURRENCY) {
  const orderCount = s?.order_count ?? 0;
  const byCurrency = s?.revenue_by_currency
    ? inCurrencies(s.revenue_by_currency, currency)
    : s && orderCount > 0
      ? { [currency]: Number(s.revenue) }
      : {};
  const ordersByCurrency = s?.orders_by_currency
    ? inCurrencies(s.orders_by_currency, currency)
    : { [currency]: orderCount };
  const revenue = byCurrency[currency] ?? 0;
  const priced = ordersByCurrency[currency] ?? 0;
  const averageCheck = priced > 0 ? round(revenue / priced) : null;
  const firstOrderAt = s?.first_order_at ?? null;
  const lastOrderAt = s?.last_order_at ?? null;
  const lastSeenAt = s?.last_seen_at ?? null;
  const purchaseFrequencyDays =
    orderCount >= 2 && firstOrderAt && lastOrderAt
      ? round((lastOrderAt.getTime() - firstOrderAt.getTime()) / DAY_MS / (orderCount - 1), 1)
      : null;
  const spanDays =
    firstOrderAt && lastOrderAt ? Math.floor((lastOrderAt.getTime() - firstOrderAt.getTime()) / DAY_MS) : 0;
  const enough =
    orderCount >= LTV_MIN_ORDERS &&
    spanDays >= LTV_MIN_SPAN_DAYS &&
    averageCheck !== null &&
    purchaseFrequencyDays !== null;
  let predictedLtv12m: number | null = null;
  if (enough && lastOrderAt) {
    const interval = Math.max(1, purchaseFrequencyDays!);
    const sinceLastOrder = Math.max(0, (now.getTime() - lastOrderAt.getTime()) / DAY_MS);
    const decay = sinceLastOrder <= interval ? 1 : Math.exp(1 - sinceLastOrder / interval);
    predictedLtv12m = round(averageCheck! * (365 / interval) * decay);
  }
  const predictedLtv12mBasis = {
    orders: orderCount,
    spanDays,
    minOrders: LTV_MIN_ORDERS,
    minSpanDays: LTV_MIN_SPAN_DAYS,
    reason:
      predictedLtv12m !== null
        ? null
        : `not enough history: ${orderCount} order${orderCount === 1 ? '' : 's'} over ${spanDays} day${spanDays === 1 ? '' : 's'} (the prediction needs ${LTV_MIN_ORDERS} orders over ${LTV_MIN_SPAN_DAYS} days)`,
  };
  return {
    eventCount: s?.event_count ?? 0,
    orderCount,
    currency,
    revenue: round(revenue),
    revenueByCurrency: Object.fromEntries(Object.entries(byCurrency).map(([k, v]) => [k, round(v)])),
    averageCheck,
    firstOrderAt,
    lastOrderAt,
    firstSeenAt: s?.first_seen_at ?? null,
    lastSeenAt,
    sessions: s?.sessions ?? 0,
    daysSinceLastActivity: lastSeenAt ? Math.max(0, Math.floor((now.getTime() - lastSeenAt.getTime()) / DAY_MS)) : null,
    purchaseFrequencyDays,
    ltv: round(revenue),
    predictedLtv12m,
    predictedLtv12mBasis,
  };
}

// ---------------------------------------------------------------- workspace-defined traits

export interface DefinitionInput {
  key: string;
  event: string;
  property?: string | null;
  aggregation: string;
  windowDays?: number | null;
}

const definitionView = (r: {
  id: string;
  key: string;
  event: string;
  property: string | null;
  aggregation: string;
  window_days: number | null;
  created_at: Date;
}) => ({
  id: r.id,
  key: r.key,
  event: r.event,
  property: r.property,
  aggregation: r.aggregation as Aggregation,
  windowDays: r.window_days,
  createdAt: r.created_at,
});
export type DefinitionView = ReturnType<typeof definitionView>;

export const TRAIT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export class ComputedTraits {
  constructor(
    private db: Db,
    private audit: Audit,
    /** Model scores (person-scores.ts): each registered name is a computed trait, null when unknown. */
    private scores?: PersonScores,
  ) {}

  async listDefinitions(workspaceId: string) {
    const rows = await this.db
      .selectFrom('computed_trait_definitions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('key')
      .execute();
    return rows.map(definitionView);
  }

  async createDefinition(actor: Actor, input: DefinitionInput) {
    const key = input.key.trim();
    if (!TRAIT_KEY.test(key))
      throw invalid('key', 'must start with a letter and contain only letters, digits and _ (at most 64)');
    if (!(AGGREGATIONS as readonly string[]).includes(input.aggregation))
      throw invalid('aggregation', `unknown aggregation "${input.aggregation}"; one of ${AGGREGATIONS.join(', ')}`);
    const property = input.property?.trim() || null;
    if (input.aggregation !== 'count' && !property) throw invalid('property', `is required for ${input.aggregation}`);
    if (
      input.windowDays !== undefined &&
      input.windowDays !== null &&
      (!Number.isInteger(input.windowDays) || input.windowDays < 1 || input.windowDays > 36_500)
    )
      throw invalid('windowDays', 'must be a whole number of days between 1 and 36500, or null for all time');
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('computed_trait_definitions')
        .select('id')
        .where('workspace_id', '=', actor.workspaceId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (taken)
        throw new AppError('ALREADY_EXISTS', `A computed trait with the key "${key}" already exists`, [
          { path: 'key', message: 'already exists' },
        ]);
      const row = await trx
        .insertInto('computed_trait_definitions')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          key,
          event: input.event.trim(),
          property,
          aggregation: input.aggregation,
          window_days: input.windowDays ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((e) => {
          if (e?.code === '23505')
            throw new AppError('ALREADY_EXISTS', `A computed trait with the key "${key}" already exists`, [
              { path: 'key', message: 'already exists' },
            ]);
          throw e;
        });
      const view = definitionView(row);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'computed_trait',
        entityId: row.id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  async deleteDefinition(actor: Actor, id: string) {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('computed_trait_definitions')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('Computed trait');
      const view = definitionView(row);
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'computed_trait',
        entityId: id,
        before: view,
        record: view,
      });
    });
  }

  /**
   * Every computed trait of a (live) person, at `now`. `firstSeenAt` is the first entry of the whole
   * timeline (a CRM record, an activity or a consent as well as a tracked event), so a profile never
   * says "first seen" after an entry it lists: person_stats counts tracked events only.
   */
  async forPerson(workspaceId: string, personId: string, now = new Date()) {
    const [stats, definitions, ws, first] = await Promise.all([
      this.db
        .selectFrom('person_stats')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('person_id', '=', personId)
        .executeTakeFirst(),
      this.listDefinitions(workspaceId),
      this.db
        .selectFrom('workspaces')
        .select(sql<string | null>`settings ->> 'currency'`.as('currency'))
        .where('id', '=', workspaceId)
        .executeTakeFirst(),
      sql<{
        at: Date | null;
      }>`SELECT min(occurred_at) AS at FROM events WHERE workspace_id = ${workspaceId} AND person_id = ${personId}`.execute(
        this.db,
      ),
    ]);
    const currency = ws?.currency && /^[A-Z]{3}$/.test(ws.currency) ? ws.currency : DEFAULT_CURRENCY;
    const derived = deriveTraits(stats, now, currency);
    const firstAt = first.rows[0]?.at ? new Date(first.rows[0].at) : null;
    if (firstAt && (!derived.firstSeenAt || firstAt < derived.firstSeenAt)) derived.firstSeenAt = firstAt;
    const [rfm, custom, scores] = await Promise.all([
      stats && stats.order_count > 0 ? this.rfm(workspaceId, personId, stats, currency) : null,
      this.evaluate(workspaceId, personId, definitions, now),
      this.scores ? this.scores.forPerson(workspaceId, personId) : ({} as Record<string, number | string | null>),
    ]);
    return { ...derived, rfm, custom, ...scores };
  }

  /**
   * RFM scores by quintile among the workspace's customers (persons with at least one order):
   * one count query over person_stats. It reads every customer row of the workspace, fine up to
   * some 10⁵ customers per profile read; past that, keep the quintile boundaries per workspace
   * (refreshed by a job) and compare against them instead.
   */
  private async rfm(workspaceId: string, personId: string, s: StatsRow, currency: string) {
    // Monetary: revenue in the workspace's currency (orders naming none count as it).
    if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`not a currency code: ${currency}`);
    const money = (t: string) =>
      sql.raw(
        `(coalesce((${t}.revenue_by_currency ->> '${currency}')::numeric, 0) + coalesce((${t}.revenue_by_currency ->> '')::numeric, 0))`,
      );
    const m = money('ps');
    const own = sql`(SELECT ${money('me')} FROM person_stats me WHERE me.workspace_id = ${workspaceId} AND me.person_id = ${personId})`;
    const r = await sql<{ n: number; r: number; re: number; f: number; fe: number; m: number; me: number }>`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE last_order_at < ${s.last_order_at}::timestamptz)::int AS r,
             count(*) FILTER (WHERE last_order_at = ${s.last_order_at}::timestamptz)::int AS re,
             count(*) FILTER (WHERE order_count < ${s.order_count}::int)::int AS f,
             count(*) FILTER (WHERE order_count = ${s.order_count}::int)::int AS fe,
             count(*) FILTER (WHERE ${m} < ${own})::int AS m,
             count(*) FILTER (WHERE ${m} = ${own})::int AS me
      FROM person_stats ps WHERE ps.workspace_id = ${workspaceId} AND ps.order_count > 0
    `.execute(this.db);
    const c = r.rows[0];
    const scores = { r: quintile(c.r, c.re, c.n), f: quintile(c.f, c.fe, c.n), m: quintile(c.m, c.me, c.n) };
    return { ...scores, segment: rfmSegment(scores.r, scores.f) };
  }

  /** All workspace-defined traits of a person in one query over their events (events_person_time_idx). */
  private async evaluate(
    workspaceId: string,
    personId: string,
    defs: DefinitionView[],
    now: Date,
  ): Promise<Record<string, unknown>> {
    if (!defs.length) return {};
    const columns = defs.map((d, i) => {
      const cond = d.windowDays
        ? sql`e.event = ${d.event} AND e.occurred_at >= ${new Date(now.getTime() - d.windowDays * DAY_MS)}::timestamptz`
        : sql`e.event = ${d.event}`;
      const alias = sql.raw(`c${i}`);
      if (d.aggregation === 'count') return sql`count(*) FILTER (WHERE ${cond})::int AS ${alias}`;
      const value = sql`(e.properties -> ${d.property}::text)`;
      if (d.aggregation === 'first' || d.aggregation === 'last') {
        const dir = sql.raw(d.aggregation === 'first' ? 'ASC' : 'DESC');
        return sql`(array_agg(${value} ORDER BY e.occurred_at ${dir}, e.id ${dir}) FILTER (WHERE ${cond} AND nullif(${value}, 'null'::jsonb) IS NOT NULL))[1] AS ${alias}`;
      }
      const expr = numericOf(value);
      const fn = sql.raw(d.aggregation);
      const agg = sql`${fn}(${expr}) FILTER (WHERE ${cond})`;
      return d.aggregation === 'sum' ? sql`coalesce(${agg}, 0) AS ${alias}` : sql`${agg} AS ${alias}`;
    });
    const events = [...new Set(defs.map((d) => d.event))];
    const r = await sql<Record<string, unknown>>`
      SELECT ${sql.join(columns)} FROM events e
      WHERE e.workspace_id = ${workspaceId} AND e.person_id = ${personId} AND e.event IN (${sql.join(events)})
    `.execute(this.db);
    const row = r.rows[0] ?? {};
    const out: Record<string, unknown> = {};
    defs.forEach((d, i) => {
      const v = row[`c${i}`];
      out[d.key] =
        v === undefined
          ? null
          : ['sum', 'avg', 'min', 'max'].includes(d.aggregation) && v !== null
            ? round(Number(v), 4)
            : (v ?? null);
    });
    return out;
  }
}
