import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { invalid } from '../core/errors.ts';
import { userNames } from './refs.ts';
import { capped, LIST_COUNT_CAP, type ListCount } from './list-counts.ts';

export interface TeamSummaryQuery {
  /** IANA time zone the day, week and month are counted in (default UTC). */
  tz?: string;
  /** The day (YYYY-MM-DD in `tz`); default: today there. */
  day?: string;
}

export interface TeamSummary {
  day: string;
  tz: string;
  from: Date;
  to: Date;
  tasksToday: ListCount;
  overdueTasks: ListCount;
  callsToday: ListCount;
  meetingsToday: ListCount;
  newPeopleThisWeek: ListCount;
  wonThisMonth: { count: number; byCurrency: { currency: string; count: number; amount: number }[] };
  tasksTodayByAssignee: { userId: string | null; name: string | null; count: number }[];
}

function checkTz(tz: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw invalid('tz', 'unknown time zone');
  }
}

/**
 * The team's day for the admin's home page, counted in SQL: open tasks due today and overdue,
 * calls and meetings (with visits) today, people created this week (Monday first), deals won this
 * month. Each count is bounded (it stops at `cap`, then "more than"), and each reads one index range:
 * open tasks the partial crm_activities_due_idx, calls and meetings crm_activities_owner_idx
 * (workspace, owner, kind, occurred_at), people crm_people_created_idx, won deals crm_deals_closed_idx.
 */
export async function teamSummary(
  db: DbOrTx,
  ws: string,
  q: TeamSummaryQuery,
  cap = LIST_COUNT_CAP,
): Promise<TeamSummary> {
  const tz = q.tz ?? 'UTC';
  checkTz(tz);
  const limit = cap + 1;
  const openTask = sql`a.workspace_id = ${ws} AND a.kind = 'task' AND a.done_at IS NULL AND a.deleted_at IS NULL`;
  const done = sql`a.workspace_id = ${ws} AND a.deleted_at IS NULL`;
  const r = await sql<{
    day: string;
    day_from: Date;
    day_to: Date;
    tasks: number;
    overdue: number;
    calls: number;
    meetings: number;
    people: number;
    by_assignee: { id: string | null; n: number }[] | null;
    won: { currency: string; n: number; amount: string | number }[] | null;
  }>`
    WITH d AS (SELECT coalesce(${q.day ?? null}::date, (now() AT TIME ZONE ${tz})::date) AS d),
    b AS (
      SELECT to_char(d.d, 'YYYY-MM-DD') AS day,
        (d.d::timestamp AT TIME ZONE ${tz}) AS day_from,
        ((d.d + 1)::timestamp AT TIME ZONE ${tz}) AS day_to,
        (date_trunc('week', d.d::timestamp) AT TIME ZONE ${tz}) AS week_from,
        (date_trunc('month', d.d::timestamp) AT TIME ZONE ${tz}) AS month_from,
        ((date_trunc('month', d.d::timestamp) + interval '1 month') AT TIME ZONE ${tz}) AS month_to
      FROM d
    ),
    today_tasks AS (
      SELECT a.assignee_id FROM crm_activities a, b WHERE ${openTask} AND a.due_at >= b.day_from AND a.due_at < b.day_to LIMIT ${limit}
    )
    SELECT b.day, b.day_from, b.day_to,
      (SELECT count(*)::int FROM today_tasks) AS tasks,
      (SELECT count(*)::int FROM (SELECT 1 FROM crm_activities a WHERE ${openTask} AND a.due_at < b.day_from LIMIT ${limit}) x) AS overdue,
      (SELECT count(*)::int FROM (SELECT 1 FROM crm_activities a WHERE ${done} AND a.kind = 'call' AND a.occurred_at >= b.day_from AND a.occurred_at < b.day_to LIMIT ${limit}) x) AS calls,
      (SELECT count(*)::int FROM (SELECT 1 FROM crm_activities a WHERE ${done} AND a.kind IN ('meeting', 'visit') AND a.occurred_at >= b.day_from AND a.occurred_at < b.day_to LIMIT ${limit}) x) AS meetings,
      (SELECT count(*)::int FROM (SELECT 1 FROM crm_people p WHERE p.workspace_id = ${ws} AND p.deleted_at IS NULL AND p.created_at >= b.week_from AND p.created_at < b.day_to LIMIT ${limit}) x) AS people,
      (SELECT json_agg(json_build_object('id', t.assignee_id, 'n', t.n) ORDER BY t.n DESC, t.assignee_id)
         FROM (SELECT assignee_id, count(*)::int AS n FROM today_tasks GROUP BY assignee_id) t) AS by_assignee,
      (SELECT json_agg(json_build_object('currency', w.currency, 'n', w.n, 'amount', w.amount) ORDER BY w.n DESC, w.currency)
         FROM (SELECT d.currency, count(*)::int AS n, coalesce(sum(d.amount), 0) AS amount FROM crm_deals d
               WHERE d.workspace_id = ${ws} AND d.status = 'won' AND d.closed_at >= b.month_from AND d.closed_at < b.month_to AND d.deleted_at IS NULL
               GROUP BY d.currency) w) AS won
    FROM b
  `.execute(db);
  const row = r.rows[0];
  const byAssignee = row.by_assignee ?? [];
  const names = await userNames(
    db,
    ws,
    byAssignee.map((x) => x.id),
  );
  const won = (row.won ?? []).map((w) => ({ currency: w.currency, count: w.n, amount: Number(w.amount) }));
  return {
    day: row.day,
    tz,
    from: new Date(row.day_from),
    to: new Date(row.day_to),
    tasksToday: capped(row.tasks, cap),
    overdueTasks: capped(row.overdue, cap),
    callsToday: capped(row.calls, cap),
    meetingsToday: capped(row.meetings, cap),
    newPeopleThisWeek: capped(row.people, cap),
    wonThisMonth: { count: won.reduce((s, w) => s + w.count, 0), byCurrency: won },
    tasksTodayByAssignee: byAssignee.map((x) => ({
      userId: x.id,
      name: x.id ? (names.get(x.id) ?? null) : null,
      count: x.n,
    })),
  };
}
