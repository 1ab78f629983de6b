import { sql } from 'kysely';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';

/**
 * Delivery analytics over the send ledger, one aggregate query each. Definitions (also in the
 * routes' descriptions and the UI):
 * - sent: messages handed to the provider (sent_at set, or a status past sending: sent, delivered,
 *   opened, clicked, bounced, complained);
 * - delivered: messages that reached the person (delivered_at, opened_at or clicked_at set, or
 *   status delivered/opened/clicked): an open or a click implies delivery;
 * - opened / clicked: unique per message (opened_at / clicked_at; a click implies an open);
 * - bounced, unsubscribed, complained: messages with bounced_at / unsubscribed_at / complained_at
 *   (or that status); failed, suppressed: by status; pending: queued or sending.
 * - deliveryRate = delivered / sent, openRate = opened / delivered, clickRate = clicked /
 *   delivered, clickToOpenRate = clicked / opened; null when the denominator is 0.
 */
export interface StatsFilter {
  broadcastId?: string;
  templateId?: string;
  channelId?: string;
  messageId?: string;
  /** Messages created at or after. */
  from?: Date;
  /** Messages created before. */
  to?: Date;
}

export interface Counts {
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
  complained: number;
  failed: number;
  suppressed: number;
}
export interface Rates {
  deliveryRate: number | null;
  openRate: number | null;
  clickRate: number | null;
  clickToOpenRate: number | null;
}
export type StatsView = Counts & Rates;

const COUNT_KEYS: (keyof Counts)[] = [
  'total',
  'pending',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'unsubscribed',
  'complained',
  'failed',
  'suppressed',
];

const DAY = 86_400_000;
const MAX_FILLED_DAYS = 1000;
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function withRates(c: Counts): StatsView {
  return {
    ...c,
    deliveryRate: ratio(c.delivered, c.sent),
    openRate: ratio(c.opened, c.delivered),
    clickRate: ratio(c.clicked, c.delivered),
    clickToOpenRate: ratio(c.clicked, c.opened),
  };
}

const MEASURES = sql`
  count(*)::int AS total,
  count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS pending,
  count(*) FILTER (WHERE sent_at IS NOT NULL OR status IN ('sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained'))::int AS sent,
  count(*) FILTER (WHERE delivered_at IS NOT NULL OR opened_at IS NOT NULL OR clicked_at IS NOT NULL OR status IN ('delivered', 'opened', 'clicked'))::int AS delivered,
  count(*) FILTER (WHERE opened_at IS NOT NULL OR clicked_at IS NOT NULL OR status IN ('opened', 'clicked'))::int AS opened,
  count(*) FILTER (WHERE clicked_at IS NOT NULL OR status = 'clicked')::int AS clicked,
  count(*) FILTER (WHERE bounced_at IS NOT NULL OR status = 'bounced')::int AS bounced,
  count(*) FILTER (WHERE unsubscribed_at IS NOT NULL)::int AS unsubscribed,
  count(*) FILTER (WHERE complained_at IS NOT NULL OR status = 'complained')::int AS complained,
  count(*) FILTER (WHERE status = 'failed')::int AS failed,
  count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed
`;

function countsOf(r: Record<string, unknown>): Counts {
  const c = {} as Counts;
  for (const k of COUNT_KEYS) c[k] = Number(r[k] ?? 0);
  return c;
}

export class Stats {
  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {}

  private where(ws: string, f: StatsFilter) {
    return sql.join(
      [
        sql`workspace_id = ${ws}`,
        ...(f.broadcastId ? [sql`broadcast_id = ${f.broadcastId}`] : []),
        ...(f.templateId ? [sql`template_id = ${f.templateId}`] : []),
        ...(f.channelId ? [sql`channel_id = ${f.channelId}`] : []),
        ...(f.messageId ? [sql`id = ${f.messageId}`] : []),
        ...(f.from ? [sql`created_at >= ${f.from}`] : []),
        ...(f.to ? [sql`created_at < ${f.to}`] : []),
      ],
      sql` AND `,
    );
  }

  async totals(ws: string, f: StatsFilter): Promise<StatsView> {
    const r = await sql<
      Record<string, unknown>
    >`SELECT ${MEASURES} FROM engage_messages WHERE ${this.where(ws, f)}`.execute(this.k.db);
    return withRates(countsOf(r.rows[0] ?? {}));
  }

  /** The totals and a daily series (UTC days of the messages' creation), in one query (GROUPING SETS). */
  async series(ws: string, f: StatsFilter): Promise<StatsView & { series: (StatsView & { date: string })[] }> {
    const r = await sql<Record<string, unknown> & { day: string | null }>`
      SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, ${MEASURES}
      FROM engage_messages WHERE ${this.where(ws, f)}
      GROUP BY GROUPING SETS ((date_trunc('day', created_at AT TIME ZONE 'UTC')), ())
      ORDER BY 1 NULLS FIRST
    `.execute(this.k.db);
    const all = r.rows.find((x) => x.day === null);
    const days = new Map(r.rows.filter((x) => x.day !== null).map((x) => [x.day as string, countsOf(x)]));
    // A chart wants every day of the period, the empty ones too.
    if (f.from && f.to && f.to.getTime() - f.from.getTime() <= MAX_FILLED_DAYS * DAY) {
      for (
        let t = Date.UTC(f.from.getUTCFullYear(), f.from.getUTCMonth(), f.from.getUTCDate());
        t < f.to.getTime();
        t += DAY
      ) {
        const d = new Date(t).toISOString().slice(0, 10);
        if (!days.has(d)) days.set(d, countsOf({}));
      }
    }
    return {
      ...withRates(countsOf(all ?? {})),
      series: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, c]) => ({ date, ...withRates(c) })),
    };
  }
}
