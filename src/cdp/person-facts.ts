import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { ORDER_EVENT, revenueOf, numericOf } from './computed-traits.ts';

/** One person's event facts before a moment (point in time): what models are trained and scored on. */
export interface PersonFacts {
  personId: string;
  /** Every event (tracked, CRM, message) before the cut-off. */
  events: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  orders: number;
  revenue: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  orders90: number;
  orders180: number;
  revenue180: number;
  /** Average amount of the last two orders (the check's trend against revenue / orders); null without orders. */
  recentCheck: number | null;
  /** Days between consecutive orders: mean, the last gap and the one before it (null with fewer orders). */
  meanGapDays: number | null;
  lastGapDays: number | null;
  prevGapDays: number | null;
  /** Distinct product categories ordered. */
  categories: number;
  /** Page and screen views, and "Product Viewed", in the 30 days before the cut-off. */
  visits30: number;
  views30: number;
  /**
   * Message events in the 90 days before: delivered, and opened or clicked — the messages engage
   * sent (type `message`) and those an email service or the site's pixel tracks (`Email Opened`,
   * `Email Link Clicked`); engaged in the 90 days before those (90–180 days before the cut-off).
   */
  messagesDelivered90: number;
  messagesEngaged90: number;
  messagesEngagedPrev90: number;
  /** `Feedback Submitted` {rating 1–5} in the 180 days before; those rated 1–2 (complaints). */
  ratings180: number;
  lowRatings180: number;
  /** CRM timeline entries: activities (calls, meetings, tickets) in the 180 days before, and deal events. */
  activities180: number;
  deals: number;
  /** "Invoice Issued" / "Invoice Paid" (invoiceId, amount, dueDate / paidAt, daysLate). */
  invoices: number;
  invoicesPaid: number;
  invoicesLate: number;
  meanDaysLate: number | null;
  maxDaysLate: number | null;
  /** Invoices past their due date and not paid before the cut-off; and those more than 30 days past (defaulted). */
  overdueUnpaid: number;
  defaulted: number;
}

const CHUNK_IDS = 10_000;

/**
 * Per-person facts from the event stream as it stood before `before` (events with occurred_at <
 * before; nothing at or after it is read): the feature store of the insights module builds its
 * features from these, and its labels from the difference between two cut-offs. Live persons
 * only; `personIds` restricts to some (scoring one person). One set-based statement.
 */
export async function personFacts(
  db: DbOrTx,
  ws: string,
  opts: { before: Date; personIds?: readonly string[] },
): Promise<PersonFacts[]> {
  if (opts.personIds && opts.personIds.length > CHUNK_IDS) {
    const out: PersonFacts[] = [];
    for (let i = 0; i < opts.personIds.length; i += CHUNK_IDS)
      out.push(...(await personFacts(db, ws, { ...opts, personIds: opts.personIds.slice(i, i + CHUNK_IDS) })));
    return out;
  }
  const before = opts.before;
  const only = opts.personIds ? sql`AND e.person_id = ANY(${[...opts.personIds]}::uuid[])` : sql``;
  const ago = (days: number) => sql`${new Date(before.getTime() - days * 86_400_000)}::timestamptz`;
  const days = (x: string) => sql.raw(`(extract(epoch from ${x}) / 86400.0)`);
  const engaged = sql`((type = 'message' AND (event LIKE '% Opened' OR event LIKE '% Clicked')) OR (type = 'track' AND event IN ('Email Opened', 'Email Link Clicked')))`;
  const feedback = sql`(type = 'track' AND event = 'Feedback Submitted')`;
  const r = await sql<Record<string, unknown>>`
    WITH ev AS (
      SELECT e.person_id, e.type, e.event, e.occurred_at, e.properties
      FROM events e JOIN persons p ON p.workspace_id = e.workspace_id AND p.id = e.person_id AND p.merged_into IS NULL
      WHERE e.workspace_id = ${ws} AND e.occurred_at < ${before}::timestamptz ${only}
    ),
    o AS (
      SELECT person_id, occurred_at, properties, ${revenueOf('properties')} AS amt,
             occurred_at - lag(occurred_at) OVER (PARTITION BY person_id ORDER BY occurred_at) AS gap,
             row_number() OVER (PARTITION BY person_id ORDER BY occurred_at DESC) AS rn
      FROM ev WHERE type = 'track' AND event = ${ORDER_EVENT}
    ),
    og AS (
      SELECT person_id, count(*)::int AS orders, coalesce(sum(amt), 0)::float8 AS revenue,
             min(occurred_at) AS first_order_at, max(occurred_at) AS last_order_at,
             count(*) FILTER (WHERE occurred_at >= ${ago(90)})::int AS orders90,
             count(*) FILTER (WHERE occurred_at >= ${ago(180)})::int AS orders180,
             coalesce(sum(amt) FILTER (WHERE occurred_at >= ${ago(180)}), 0)::float8 AS revenue180,
             avg(${days('gap')})::float8 AS mean_gap,
             max(${days('gap')}) FILTER (WHERE rn = 1)::float8 AS last_gap,
             max(${days('gap')}) FILTER (WHERE rn = 2)::float8 AS prev_gap,
             avg(amt) FILTER (WHERE rn <= 2)::float8 AS recent_check
      FROM o GROUP BY person_id
    ),
    cat AS (
      SELECT o.person_id, count(DISTINCT pr ->> 'category')::int AS categories
      FROM o CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(o.properties -> 'products') = 'array' THEN o.properties -> 'products' ELSE '[]'::jsonb END) pr
      GROUP BY o.person_id
    ),
    ag AS (
      SELECT person_id, count(*)::int AS events, min(occurred_at) AS first_seen_at, max(occurred_at) AS last_seen_at,
             count(*) FILTER (WHERE type IN ('page', 'screen') AND occurred_at >= ${ago(30)})::int AS visits30,
             count(*) FILTER (WHERE type = 'track' AND event = 'Product Viewed' AND occurred_at >= ${ago(30)})::int AS views30,
             count(*) FILTER (WHERE type = 'message' AND event LIKE '% Delivered' AND occurred_at >= ${ago(90)})::int AS delivered90,
             count(*) FILTER (WHERE ${engaged} AND occurred_at >= ${ago(90)})::int AS engaged90,
             count(*) FILTER (WHERE ${engaged} AND occurred_at < ${ago(90)} AND occurred_at >= ${ago(180)})::int AS engaged_prev90,
             count(*) FILTER (WHERE ${feedback} AND occurred_at >= ${ago(180)})::int AS ratings180,
             count(*) FILTER (WHERE ${feedback} AND occurred_at >= ${ago(180)} AND ${numericOf(sql.raw(`(properties -> 'rating')`))} <= 2)::int AS low_ratings180,
             count(*) FILTER (WHERE type = 'activity' AND occurred_at >= ${ago(180)})::int AS activities180,
             count(*) FILTER (WHERE type = 'deal')::int AS deals
      FROM ev GROUP BY person_id
    ),
    -- One row per invoice from its issue and payment events, by grouping (no join: a join of two
    -- DISTINCT ON subqueries of ev was planned as a nested loop re-sorting ev per invoice — minutes
    -- for a few thousand invoices).
    per AS (
      SELECT person_id, properties ->> 'invoiceId' AS invoice,
             (array_agg(CASE WHEN (properties ->> 'dueDate') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN left(properties ->> 'dueDate', 10)::date END
                        ORDER BY occurred_at) FILTER (WHERE event = 'Invoice Issued'))[1] AS due,
             bool_or(event = 'Invoice Issued') AS issued,
             bool_or(event = 'Invoice Paid') AS is_paid,
             (array_agg(${numericOf(sql.raw(`(properties -> 'daysLate')`))}::float8 ORDER BY occurred_at)
               FILTER (WHERE event = 'Invoice Paid'))[1] AS days_late
      FROM ev WHERE type = 'track' AND event IN ('Invoice Issued', 'Invoice Paid') AND properties ? 'invoiceId'
      GROUP BY person_id, properties ->> 'invoiceId'
    ),
    inv AS (
      SELECT person_id, count(*)::int AS invoices, count(*) FILTER (WHERE is_paid)::int AS paid,
             count(*) FILTER (WHERE is_paid AND days_late > 0)::int AS late,
             avg(days_late) FILTER (WHERE is_paid)::float8 AS mean_late, max(days_late) FILTER (WHERE is_paid)::float8 AS max_late,
             count(*) FILTER (WHERE NOT is_paid AND due < ${before}::timestamptz)::int AS overdue,
             count(*) FILTER (WHERE NOT is_paid AND due + 30 < ${before}::timestamptz)::int AS defaulted
      FROM per WHERE issued
      GROUP BY person_id
    )
    SELECT ag.*, og.orders, og.revenue, og.first_order_at, og.last_order_at, og.orders90, og.orders180, og.revenue180,
           og.mean_gap, og.last_gap, og.prev_gap, og.recent_check, cat.categories,
           inv.invoices, inv.paid, inv.late, inv.mean_late, inv.max_late, inv.overdue, inv.defaulted
    FROM ag LEFT JOIN og ON og.person_id = ag.person_id LEFT JOIN cat ON cat.person_id = ag.person_id
    LEFT JOIN inv ON inv.person_id = ag.person_id
    ORDER BY ag.person_id
  `.execute(db);
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  const nn = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const d = (v: unknown) => (v ? new Date(v as string) : null);
  return r.rows.map((x) => ({
    personId: x.person_id as string,
    events: n(x.events),
    firstSeenAt: d(x.first_seen_at),
    lastSeenAt: d(x.last_seen_at),
    orders: n(x.orders),
    revenue: n(x.revenue),
    firstOrderAt: d(x.first_order_at),
    lastOrderAt: d(x.last_order_at),
    orders90: n(x.orders90),
    orders180: n(x.orders180),
    revenue180: n(x.revenue180),
    recentCheck: nn(x.recent_check),
    meanGapDays: nn(x.mean_gap),
    lastGapDays: nn(x.last_gap),
    prevGapDays: nn(x.prev_gap),
    categories: n(x.categories),
    visits30: n(x.visits30),
    views30: n(x.views30),
    messagesDelivered90: n(x.delivered90),
    messagesEngaged90: n(x.engaged90),
    messagesEngagedPrev90: n(x.engaged_prev90),
    ratings180: n(x.ratings180),
    lowRatings180: n(x.low_ratings180),
    activities180: n(x.activities180),
    deals: n(x.deals),
    invoices: n(x.invoices),
    invoicesPaid: n(x.paid),
    invoicesLate: n(x.late),
    meanDaysLate: nn(x.mean_late),
    maxDaysLate: nn(x.max_late),
    overdueUnpaid: n(x.overdue),
    defaulted: n(x.defaulted),
  }));
}
