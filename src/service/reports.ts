import { sql } from 'kysely';
import { invalid } from '../core/errors.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import { OPEN_STATUSES } from './tables.ts';
import {
  csatStats,
  minutesBetween,
  slaStats,
  timeStats,
  type CsatStats,
  type SlaStats,
  type TimeStats,
} from './sla/metrics.ts';

export const BACKLOG_STEPS = ['day', 'hour'] as const;
export type BacklogStep = (typeof BACKLOG_STEPS)[number];
/** Hourly backlog points over at most this many days (744 points). */
const MAX_HOURLY_DAYS = 31;

export const REPORT_GROUPS = ['channel', 'topic', 'priority', 'agent', 'team', 'hour', 'day'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface ReportRow {
  /** The group's value (channel name, topic, user id, team id, hour 0–23, YYYY-MM-DD); null = none. */
  key: string | null;
  volume: number;
  firstResponse: TimeStats;
  resolution: TimeStats;
  sla: SlaStats;
  csat: CsatStats;
}

export interface ServiceReport {
  from: string;
  to: string;
  groupBy: ReportGroup;
  timezone: string;
  total: ReportRow;
  groups: ReportRow[];
  backlogStep: BacklogStep;
  /** Open conversations at the end of each day or hour of the period (in the time zone), exactly (status history). */
  backlog: { at: string; open: number }[];
}

const DAY = 86_400_000;
const MAX_DAYS = 366;

interface ConvRow {
  id: string;
  channel: string;
  topic: string | null;
  priority: string;
  assignee_id: string | null;
  team_id: string | null;
  created_at: Date;
  first_inbound_at: Date | null;
  first_response_at: Date | null;
  solved_at: Date | null;
  hour: number;
  day: string;
}

/**
 * GET /service/reports: every metric of sla/metrics.ts over a period, in total and by one
 * dimension. A conversation belongs to the group of its channel, topic, priority, assignee, team,
 * or the hour/day it was created (in `timezone`); a CSAT answer to the agent and team it was
 * recorded with (when grouping by agent or team), else to its conversation's group.
 */
export class ServiceReports {
  constructor(private k: ServiceBaseKernel) {}

  async report(
    ws: string,
    q: { from: Date; to: Date; groupBy?: ReportGroup; timezone?: string; backlogStep?: BacklogStep },
  ): Promise<ServiceReport> {
    const groupBy = q.groupBy ?? 'channel';
    const tz = q.timezone ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      throw invalid('timezone', `unknown time zone "${tz}"`);
    }
    if (!(q.to > q.from)) throw invalid('to', 'must be after from');
    if (q.to.getTime() - q.from.getTime() > MAX_DAYS * DAY)
      throw invalid('to', `a report covers at most ${MAX_DAYS} days`, 'TOO_LARGE');
    const step = q.backlogStep ?? 'day';
    if (step === 'hour' && q.to.getTime() - q.from.getTime() > MAX_HOURLY_DAYS * DAY)
      throw invalid('backlogStep', `an hourly backlog covers at most ${MAX_HOURLY_DAYS} days`, 'TOO_LARGE');
    const { from, to } = q;
    const inRange = (d: Date | null) => !!d && d >= from && d < to;

    const convs = (
      await sql<ConvRow>`
        SELECT id, channel, topic, priority, assignee_id, team_id, created_at, first_inbound_at, first_response_at, solved_at,
          extract(hour from created_at AT TIME ZONE ${tz})::int AS hour,
          to_char(created_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day
        FROM service_conversations
        WHERE workspace_id = ${ws} AND merged_into IS NULL
          AND ((created_at >= ${from} AND created_at < ${to})
            OR (first_response_at >= ${from} AND first_response_at < ${to})
            OR (solved_at >= ${from} AND solved_at < ${to}))
      `.execute(this.k.db)
    ).rows;
    const keyOf = (c: ConvRow): string | null => {
      switch (groupBy) {
        case 'channel':
          return c.channel;
        case 'topic':
          return c.topic;
        case 'priority':
          return c.priority;
        case 'agent':
          return c.assignee_id;
        case 'team':
          return c.team_id;
        case 'hour':
          return String(c.hour);
        case 'day':
          return c.day;
      }
    };
    const clocks = (
      await sql<{ conversation_id: string; outcome: 'met' | 'breached' }>`
        SELECT conversation_id, CASE WHEN outcome = 'met' THEN 'met' ELSE 'breached' END AS outcome
        FROM service_sla_clocks
        WHERE workspace_id = ${ws}
          AND ((outcome IN ('met', 'breached') AND stopped_at >= ${from} AND stopped_at < ${to})
            OR (stopped_at IS NULL AND breached_at >= ${from} AND breached_at < ${to}))
      `.execute(this.k.db)
    ).rows;
    const answers = (
      await sql<{ conversation_id: string; agent_id: string | null; team_id: string | null; score: number }>`
        SELECT conversation_id, agent_id, team_id, score FROM service_csat
        WHERE workspace_id = ${ws} AND score IS NOT NULL AND answered_at >= ${from} AND answered_at < ${to}
      `.execute(this.k.db)
    ).rows;
    // Clocks and answers of conversations outside the first query (created long ago) still need their group.
    const byId = new Map(convs.map((c) => [c.id, c]));
    const missing = [...new Set([...clocks, ...answers].map((x) => x.conversation_id))].filter((id) => !byId.has(id));
    if (missing.length) {
      const more = await sql<ConvRow>`
        SELECT id, channel, topic, priority, assignee_id, team_id, created_at, first_inbound_at, first_response_at, solved_at,
          extract(hour from created_at AT TIME ZONE ${tz})::int AS hour,
          to_char(created_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day
        FROM service_conversations WHERE workspace_id = ${ws} AND id = ANY(${missing}::uuid[])
      `.execute(this.k.db);
      for (const c of more.rows) byId.set(c.id, c);
    }

    interface Acc {
      volume: number;
      frt: number[];
      res: number[];
      sla: ('met' | 'breached')[];
      csat: number[];
    }
    const groups = new Map<string | null, Acc>();
    const total: Acc = { volume: 0, frt: [], res: [], sla: [], csat: [] };
    const acc = (key: string | null) => {
      let a = groups.get(key);
      if (!a) groups.set(key, (a = { volume: 0, frt: [], res: [], sla: [], csat: [] }));
      return a;
    };
    for (const c of convs) {
      const g = acc(keyOf(c));
      if (inRange(new Date(c.created_at))) {
        g.volume++;
        total.volume++;
      }
      const frt =
        c.first_response_at && inRange(new Date(c.first_response_at))
          ? minutesBetween(c.first_inbound_at, c.first_response_at)
          : null;
      if (frt !== null) {
        g.frt.push(frt);
        total.frt.push(frt);
      }
      const res = c.solved_at && inRange(new Date(c.solved_at)) ? minutesBetween(c.created_at, c.solved_at) : null;
      if (res !== null) {
        g.res.push(res);
        total.res.push(res);
      }
    }
    for (const x of clocks) {
      const c = byId.get(x.conversation_id);
      if (!c) continue;
      acc(keyOf(c)).sla.push(x.outcome);
      total.sla.push(x.outcome);
    }
    for (const a of answers) {
      const c = byId.get(a.conversation_id);
      const key = groupBy === 'agent' ? a.agent_id : groupBy === 'team' ? a.team_id : c ? keyOf(c) : null;
      acc(key).csat.push(a.score);
      total.csat.push(a.score);
    }
    const row = (key: string | null, a: Acc): ReportRow => ({
      key,
      volume: a.volume,
      firstResponse: timeStats(a.frt),
      resolution: timeStats(a.res),
      sla: slaStats(a.sla),
      csat: csatStats(a.csat),
    });
    const sorted = [...groups.entries()].sort(([a], [b]) =>
      groupBy === 'hour' ? Number(a) - Number(b) : String(a ?? '\uffff').localeCompare(String(b ?? '\uffff')),
    );
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      timezone: tz,
      total: row(null, total),
      groups: sorted.map(([k, a]) => row(k, a)),
      backlogStep: step,
      backlog: await this.backlog(ws, from, to, tz, step),
    };
  }

  /**
   * Open conversations at each local hour or day boundary in (from, to] (the last point: `to`),
   * exactly, from the status history: each move adds 1 when it enters an open status from a
   * closed one (or from nothing: created), takes 1 away when it leaves; a point counts the moves
   * before it. The moves are summed per bucket (the boundary after them) once, then accumulated.
   */
  private async backlog(ws: string, from: Date, to: Date, tz: string, step: BacklogStep) {
    const unit = step === 'hour' ? sql.lit('hour') : sql.lit('day');
    const one = step === 'hour' ? sql`interval '1 hour'` : sql`interval '1 day'`;
    const open = sql.join(OPEN_STATUSES.map((x) => sql.lit(x)));
    const r = await sql<{ at: Date; open: number }>`
      WITH points AS (
        SELECT DISTINCT least(((d + ${one}) AT TIME ZONE ${tz}), ${to}::timestamptz) AS at
        FROM generate_series(date_trunc(${unit}, ${from}::timestamptz AT TIME ZONE ${tz}),
                             date_trunc(${unit}, (${to}::timestamptz - interval '1 microsecond') AT TIME ZONE ${tz}),
                             ${one}) AS d
      ), buckets AS (
        SELECT least(((date_trunc(${unit}, h.at AT TIME ZONE ${tz}) + ${one}) AT TIME ZONE ${tz}), ${to}::timestamptz) AS at,
          sum((CASE WHEN h.to_status IN (${open}) THEN 1 ELSE 0 END)
            - (CASE WHEN h.from_status IN (${open}) THEN 1 ELSE 0 END)) AS n
        FROM service_conversation_status_changes h
        WHERE h.workspace_id = ${ws} AND h.at < ${to}::timestamptz
        GROUP BY 1
      )
      SELECT p.at, (SELECT coalesce(sum(b.n), 0) FROM buckets b WHERE b.at <= p.at)::int AS open
      FROM points p ORDER BY p.at
    `.execute(this.k.db);
    return r.rows.map((x) => ({ at: new Date(x.at).toISOString(), open: x.open }));
  }
}
