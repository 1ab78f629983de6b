import { sql, type RawBuilder } from 'kysely';
import { invalid, notFound } from '../core/errors.ts';
import type { CrmDeps } from './deps.ts';
import type { Pipelines } from './pipelines.ts';
import { periodBound, userNames } from './refs.ts';

export const SALES_INTERVALS = ['day', 'week', 'month'] as const;
export const SALES_GROUPS = ['none', 'region', 'owner'] as const;

interface Period {
  from?: string;
  to?: string;
}

/** Bounds of one sales report's answer (periods of the range; series × periods points). */
const MAX_PERIODS = 5000;
const MAX_POINTS = 200_000;
const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

function checkTz(tz: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw invalid('tz', 'unknown time zone');
  }
}

/** `col` within [from, to) (a date-only `to` includes that whole day). */
function inPeriod(col: RawBuilder<unknown>, p: Period, tz = 'UTC'): RawBuilder<boolean> {
  const from = periodBound(p.from, false, tz);
  const to = periodBound(p.to, true, tz);
  if (from && isNaN(from.getTime())) throw invalid('from', 'not a date');
  if (to && isNaN(to.getTime())) throw invalid('to', 'not a date');
  return sql<boolean>`(${from}::timestamptz IS NULL OR ${col} >= ${from}::timestamptz) AND (${to}::timestamptz IS NULL OR ${col} < ${to}::timestamptz)`;
}

/** ISO 4217 code of the workspace's deals when nothing says otherwise (pipelines default to it too). */
const DEFAULT_CURRENCY = 'RUB';

/**
 * Sales reports as JSON for the charts: the funnel of a pipeline, won sales over time, what each
 * manager did, why deals were won or lost, and where won deals came from.
 *
 * Amounts in different currencies are never added up: a report with amounts covers the deals of
 * one currency (`currency`, asked for or else the one most of its deals are in, the pipeline's on a
 * tie) and lists every currency its deals are in (`currencies`, most deals first), so that a client
 * can offer the others. Kartoteka keeps no exchange rates.
 */
export class Reports {
  constructor(
    private deps: CrmDeps,
    private pipelines: Pipelines,
  ) {}

  /** The asked-for pipeline's currency, else the first pipeline's: the tie-breaker and the fallback of currencyOf. */
  private async preferredCurrency(ws: string, pipelineId: string | undefined): Promise<string | null> {
    const list = await this.pipelines.list(ws);
    return (pipelineId ? list.find((p) => p.id === pipelineId) : list[0])?.currency ?? null;
  }

  /** The currencies of the deals `where` matches (most deals first), and the one the report uses. */
  private async currencyOf(
    ws: string,
    where: RawBuilder<boolean>,
    asked: string | undefined,
    preferred: string | null,
  ): Promise<{ currency: string; currencies: string[] }> {
    const r = await sql<{ currency: string; n: number }>`
      SELECT d.currency, count(*)::int AS n FROM crm_deals d WHERE d.workspace_id = ${ws} AND d.deleted_at IS NULL AND ${where}
      GROUP BY 1 ORDER BY 2 DESC, (d.currency = ${preferred ?? ''}) DESC, 1
    `.execute(this.deps.db);
    const currencies = r.rows.map((x) => x.currency);
    return { currency: asked ?? currencies[0] ?? preferred ?? DEFAULT_CURRENCY, currencies };
  }

  /**
   * Deals created in the period, per stage: how many reached it (an open stage is reached by every
   * deal that got to it or to a later non-lost stage; won/lost by the deals that entered them), their
   * amount, the share that went on to the next stage, and the average time spent in the stage
   * (from the completed stays in crm_deal_stage_changes).
   */
  async funnel(ws: string, q: Period & { pipelineId?: string; currency?: string }) {
    const list = await this.pipelines.list(ws);
    const pipeline = q.pipelineId ? list.find((p) => p.id === q.pipelineId) : list[0];
    if (!pipeline) throw notFound('Pipeline');
    const created = inPeriod(sql`d.created_at`, q);
    const cur = await this.currencyOf(
      ws,
      sql<boolean>`d.pipeline_id = ${pipeline.id} AND ${created}`,
      q.currency,
      pipeline.currency,
    );
    const r = await sql<{ stage_id: string; n: number; amount: number; avg_seconds: number | null }>`
      WITH d AS (
        SELECT d.id, d.amount FROM crm_deals d
        WHERE d.workspace_id = ${ws} AND d.pipeline_id = ${pipeline.id} AND d.deleted_at IS NULL AND ${created} AND d.currency = ${cur.currency}
      ), visits AS (
        SELECT c.deal_id, c.to_stage_id AS stage_id FROM crm_deal_stage_changes c JOIN d ON d.id = c.deal_id WHERE c.workspace_id = ${ws}
        UNION
        SELECT x.id, x.stage_id FROM crm_deals x JOIN d ON d.id = x.id WHERE x.workspace_id = ${ws}
      ), per AS (
        SELECT v.deal_id,
          max(s.position) FILTER (WHERE s.kind <> 'lost') AS maxpos,
          bool_or(s.kind = 'won') AS won,
          bool_or(s.kind = 'lost') AS lost
        FROM visits v JOIN crm_stages s ON s.workspace_id = ${ws} AND s.id = v.stage_id AND s.pipeline_id = ${pipeline.id}
        GROUP BY v.deal_id
      ), reached AS (
        SELECT st.id AS stage_id, count(p.deal_id)::int AS n, coalesce(sum(d.amount), 0) AS amount
        FROM crm_stages st
        LEFT JOIN per p ON (st.kind = 'open' AND p.maxpos >= st.position) OR (st.kind = 'won' AND p.won) OR (st.kind = 'lost' AND p.lost)
        LEFT JOIN d ON d.id = p.deal_id
        WHERE st.workspace_id = ${ws} AND st.pipeline_id = ${pipeline.id} AND st.deleted_at IS NULL
        GROUP BY st.id
      ), stays AS (
        SELECT c.from_stage_id AS stage_id, avg(c.seconds_in_from)::float8 AS avg_seconds
        FROM crm_deal_stage_changes c JOIN d ON d.id = c.deal_id
        WHERE c.workspace_id = ${ws} AND c.from_stage_id IS NOT NULL AND c.seconds_in_from IS NOT NULL
        GROUP BY c.from_stage_id
      )
      SELECT reached.stage_id, reached.n, reached.amount, stays.avg_seconds FROM reached LEFT JOIN stays ON stays.stage_id = reached.stage_id
    `.execute(this.deps.db);
    const by = new Map(r.rows.map((x) => [x.stage_id, x]));
    const progress = pipeline.stages.filter((s) => s.kind !== 'lost');
    return {
      pipelineId: pipeline.id,
      pipelineName: pipeline.name,
      ...cur,
      stages: pipeline.stages.map((s) => {
        const row = by.get(s.id);
        const count = row?.n ?? 0;
        const i = progress.findIndex((p) => p.id === s.id);
        const next = s.kind === 'open' && i >= 0 ? progress[i + 1] : undefined;
        const nextCount = next ? (by.get(next.id)?.n ?? 0) : 0;
        return {
          stageId: s.id,
          name: s.name,
          kind: s.kind,
          count,
          amount: Number(row?.amount ?? 0),
          conversionToNext: next && count > 0 ? round(nextCount / count) : null,
          avgSecondsInStage: row?.avg_seconds == null ? null : Math.round(Number(row.avg_seconds)),
        };
      }),
    };
  }

  /** Won deals by the period they were closed in (every period of the range, zeros included). */
  async sales(
    ws: string,
    q: Period & {
      interval: (typeof SALES_INTERVALS)[number];
      groupBy: (typeof SALES_GROUPS)[number];
      tz?: string;
      pipelineId?: string;
      currency?: string;
    },
  ) {
    const tz = q.tz ?? 'UTC';
    checkTz(tz);
    const won = sql<boolean>`d.status = 'won' AND d.closed_at IS NOT NULL AND (${q.pipelineId ?? null}::uuid IS NULL OR d.pipeline_id = ${q.pipelineId ?? null}::uuid) AND ${inPeriod(sql`d.closed_at`, q, tz)}`;
    const cur = await this.currencyOf(ws, won, q.currency, await this.preferredCurrency(ws, q.pipelineId));
    const unit = sql.lit(q.interval);
    const key =
      q.groupBy === 'region'
        ? sql`coalesce(d.region, '')`
        : q.groupBy === 'owner'
          ? sql`coalesce(d.owner_id::text, '')`
          : sql`'all'`;
    const rows = (
      await sql<{ key: string; period: string; n: number; amount: number }>`
        SELECT ${key} AS key, to_char(date_trunc(${unit}, d.closed_at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS period, count(*)::int AS n, coalesce(sum(d.amount), 0) AS amount
        FROM crm_deals d
        WHERE d.workspace_id = ${ws} AND d.deleted_at IS NULL AND ${won} AND d.currency = ${cur.currency}
        GROUP BY 1, 2 ORDER BY 1, 2
      `.execute(this.deps.db)
    ).rows;
    // The periods of the range: from the bounds when given, else from the data.
    const from = periodBound(q.from, false, tz);
    const to = periodBound(q.to, true, tz);
    const first = from ? from.toISOString() : rows.length ? rows.map((r) => r.period).sort()[0] : null;
    const last = to
      ? new Date(to.getTime() - 1).toISOString()
      : rows.length
        ? rows
            .map((r) => r.period)
            .sort()
            .at(-1)!
        : null;
    let periods: string[] = [];
    if (first && last) {
      const g = await sql<{ p: string }>`
        SELECT to_char(g, 'YYYY-MM-DD') AS p FROM generate_series(
          date_trunc(${unit}, ${first}::timestamptz AT TIME ZONE ${from ? tz : 'UTC'}),
          date_trunc(${unit}, ${last}::timestamptz AT TIME ZONE ${to ? tz : 'UTC'}),
          ${`1 ${q.interval}`}::interval) g
        LIMIT ${MAX_PERIODS}
      `.execute(this.deps.db);
      periods = g.rows.map((x) => x.p);
    }
    const keys = [...new Set(rows.map((r) => r.key))];
    // The answer has one point per series and period: bound it (a request must not build millions).
    if (keys.length * periods.length > MAX_POINTS)
      throw invalid(
        'interval',
        `${keys.length} series × ${periods.length} periods is more than ${MAX_POINTS} points: choose a longer interval or a shorter period`,
      );
    const byKeyPeriod = new Map(rows.map((r) => [`${r.key}\u0000${r.period}`, r]));
    const totals = new Map<string, { count: number; amount: number }>();
    for (const r of rows) {
      const t = totals.get(r.key) ?? { count: 0, amount: 0 };
      t.count += r.n;
      t.amount += Number(r.amount);
      totals.set(r.key, t);
    }
    const names =
      q.groupBy === 'owner' ? await userNames(this.deps.db, ws, keys.filter(Boolean)) : new Map<string, string>();
    const label = (k: string) =>
      q.groupBy === 'none'
        ? 'All'
        : k === ''
          ? q.groupBy === 'region'
            ? 'No region'
            : 'No owner'
          : q.groupBy === 'owner'
            ? (names.get(k) ?? k)
            : k;
    return {
      interval: q.interval,
      groupBy: q.groupBy,
      tz,
      ...cur,
      periods,
      series: keys.map((k) => ({
        key: k,
        label: label(k),
        count: totals.get(k)!.count,
        amount: round(totals.get(k)!.amount, 2),
        points: periods.map((p) => {
          const hit = byKeyPeriod.get(`${k}\u0000${p}`);
          return { period: p, count: hit?.n ?? 0, amount: Number(hit?.amount ?? 0) };
        }),
      })),
    };
  }

  /**
   * What each manager did in the period: calls (in/out), meetings, visits, emails and notes they own
   * (by when they happened) and tasks they completed (by when they were done; the assignee's).
   */
  async activity(ws: string, q: Period & { kind?: string; direction?: 'in' | 'out' }) {
    const r = await sql<{
      owner_id: string | null;
      calls: number;
      calls_out: number;
      calls_in: number;
      meetings: number;
      visits: number;
      tasks_done: number;
      emails: number;
      notes: number;
    }>`
      SELECT x.owner_id,
        count(*) FILTER (WHERE x.kind = 'call')::int AS calls,
        count(*) FILTER (WHERE x.kind = 'call' AND x.direction = 'out')::int AS calls_out,
        count(*) FILTER (WHERE x.kind = 'call' AND x.direction = 'in')::int AS calls_in,
        count(*) FILTER (WHERE x.kind = 'meeting')::int AS meetings,
        count(*) FILTER (WHERE x.kind = 'visit')::int AS visits,
        count(*) FILTER (WHERE x.kind = 'task')::int AS tasks_done,
        count(*) FILTER (WHERE x.kind = 'email')::int AS emails,
        count(*) FILTER (WHERE x.kind = 'note')::int AS notes
      FROM (
        SELECT a.kind, a.direction, CASE WHEN a.kind = 'task' THEN coalesce(a.assignee_id, a.owner_id) ELSE a.owner_id END AS owner_id
        FROM crm_activities a
        WHERE a.workspace_id = ${ws} AND a.deleted_at IS NULL
          AND (${q.kind ?? null}::text IS NULL OR a.kind = ${q.kind ?? null}::text)
          AND (${q.direction ?? null}::text IS NULL OR a.direction = ${q.direction ?? null}::text)
          AND ((a.kind <> 'task' AND ${inPeriod(sql`a.occurred_at`, q)}) OR (a.kind = 'task' AND a.done_at IS NOT NULL AND ${inPeriod(sql`a.done_at`, q)}))
      ) x
      GROUP BY x.owner_id
    `.execute(this.deps.db);
    const names = await userNames(
      this.deps.db,
      ws,
      r.rows.map((x) => x.owner_id),
    );
    const rows = r.rows
      .map((x) => ({
        ownerId: x.owner_id,
        ownerName: x.owner_id ? (names.get(x.owner_id) ?? null) : null,
        calls: x.calls,
        callsOut: x.calls_out,
        callsIn: x.calls_in,
        meetings: x.meetings,
        visits: x.visits,
        tasksDone: x.tasks_done,
        emails: x.emails,
        notes: x.notes,
      }))
      .sort((a, b) =>
        a.ownerId === null ? 1 : b.ownerId === null ? -1 : (a.ownerName ?? '').localeCompare(b.ownerName ?? ''),
      );
    return { rows };
  }

  /** Why deals closed in the period were won or lost, most frequent first. */
  async reasons(ws: string, q: Period & { pipelineId?: string; currency?: string }) {
    const closed = sql<boolean>`d.status IN ('won', 'lost') AND (${q.pipelineId ?? null}::uuid IS NULL OR d.pipeline_id = ${q.pipelineId ?? null}::uuid) AND ${inPeriod(sql`d.closed_at`, q)}`;
    const cur = await this.currencyOf(ws, closed, q.currency, await this.preferredCurrency(ws, q.pipelineId));
    const r = await sql<{ status: string; reason: string | null; n: number; amount: number }>`
      SELECT d.status, d.close_reason AS reason, count(*)::int AS n, coalesce(sum(d.amount), 0) AS amount
      FROM crm_deals d
      WHERE d.workspace_id = ${ws} AND d.deleted_at IS NULL AND ${closed} AND d.currency = ${cur.currency}
      GROUP BY 1, 2 ORDER BY 3 DESC, 2
    `.execute(this.deps.db);
    const of = (status: string) =>
      r.rows
        .filter((x) => x.status === status)
        .map((x) => ({ reason: x.reason, count: x.n, amount: Number(x.amount) }));
    return { ...cur, won: of('won'), lost: of('lost') };
  }

  /** Where the deals won in the period came from: by source and by campaign, biggest amount first. */
  async sources(ws: string, q: Period & { pipelineId?: string; currency?: string }) {
    const won = sql<boolean>`d.status = 'won' AND (${q.pipelineId ?? null}::uuid IS NULL OR d.pipeline_id = ${q.pipelineId ?? null}::uuid) AND ${inPeriod(sql`d.closed_at`, q)}`;
    const cur = await this.currencyOf(ws, won, q.currency, await this.preferredCurrency(ws, q.pipelineId));
    const group = async (col: RawBuilder<unknown>) =>
      (
        await sql<{ k: string | null; n: number; amount: number }>`
          SELECT ${col} AS k, count(*)::int AS n, coalesce(sum(d.amount), 0) AS amount
          FROM crm_deals d
          WHERE d.workspace_id = ${ws} AND d.deleted_at IS NULL AND ${won} AND d.currency = ${cur.currency}
          GROUP BY 1 ORDER BY 3 DESC, 2 DESC, 1
        `.execute(this.deps.db)
      ).rows;
    return {
      ...cur,
      sources: (await group(sql`d.source`)).map((x) => ({ source: x.k, won: x.n, amount: Number(x.amount) })),
      campaigns: (await group(sql`d.campaign`)).map((x) => ({ campaign: x.k, won: x.n, amount: Number(x.amount) })),
    };
  }
}
