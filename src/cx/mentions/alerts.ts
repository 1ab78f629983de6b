import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import { systemActor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/roles.ts';
import type { DbOrTx } from '../../core/db/schema.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { decodeCursor, keysetPage } from '../../core/http/pagination.ts';
import { isUuid, newId } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { spikeOf, windowIndex, windowsOf, type SpikeVerdict } from './spike.ts';
import type { AlertScope, AlertSource, CxAlertRulesTable, CxAlertsTable } from './tables.ts';

type RuleRow = Selectable<CxAlertRulesTable>;
type AlertRow = Selectable<CxAlertsTable>;

/** The webhook event an alert sends (declared in the module's webhookEventTypes). */
export const MENTION_ALERT = 'mention.alert';
/** The job that emails an alert to the rule's addresses through engage's email channel. */
export const ALERT_EMAIL_JOB = 'cx.mention-alert-email';

export const ruleView = (r: RuleRow) => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  scopeValue: r.scope_value,
  metric: r.metric,
  sources: r.sources,
  windowMinutes: r.window_minutes,
  baselineWindows: r.baseline_windows,
  sigma: Number(r.sigma),
  minCount: r.min_count,
  emails: r.emails,
  emailChannelId: r.email_channel_id,
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type RuleView = ReturnType<typeof ruleView>;

type Breakdown = Record<AlertSource, number>;
type AlertDetails = {
  ruleName?: string;
  scope?: string;
  scopeValue?: string | null;
  mentionIds?: string[];
  sources?: AlertSource[];
  bySource?: Partial<Breakdown>;
  sample?: { source: AlertSource; id: string }[];
};

export const alertView = (a: AlertRow, rule?: Pick<RuleRow, 'name' | 'scope' | 'scope_value'> | null) => {
  const d = a.details as AlertDetails;
  const sources = d.sources ?? ['mention'];
  return {
    id: a.id,
    ruleId: a.rule_id,
    ruleName: rule?.name ?? d.ruleName ?? '',
    scope: (rule?.scope ?? d.scope ?? 'all') as AlertScope,
    scopeValue: rule?.scope_value ?? d.scopeValue ?? null,
    windowStart: a.window_start,
    windowEnd: a.window_end,
    count: a.count,
    baselineMean: Number(a.baseline_mean),
    baselineSd: Number(a.baseline_sd),
    threshold: Number(a.threshold),
    mentionIds: d.mentionIds ?? [],
    /** The sources the rule counted when it raised this alert (alerts from before sources: mention). */
    sources,
    /** The current window's negative items per source. */
    bySource: {
      mention: d.bySource?.mention ?? (sources.includes('mention') && !d.bySource ? a.count : 0),
      survey: d.bySource?.survey ?? 0,
      ticket: d.bySource?.ticket ?? 0,
    },
    /** Up to 20 of the window's items, newest first. */
    sample: d.sample ?? (d.mentionIds ?? []).map((id) => ({ source: 'mention' as AlertSource, id })),
    createdAt: a.created_at,
    acknowledgedAt: a.acknowledged_at,
  };
};
export type AlertView = ReturnType<typeof alertView>;

export interface RuleInput {
  name: string;
  scope?: AlertScope;
  scopeValue?: string | null;
  /** The feedback counted (default ["mention"]). */
  sources?: AlertSource[];
  windowMinutes?: number;
  baselineWindows?: number;
  sigma?: number;
  minCount?: number;
  emails?: string[];
  emailChannelId?: string | null;
  enabled?: boolean;
}

/**
 * The rule's scope as a condition on one source's columns (topic: its key; store, keyword: the
 * text; product: its key among the topics or its name in the text). `topics` is a text[] expression.
 */
function scopeFilter(
  rule: Pick<RuleRow, 'scope' | 'scope_value'>,
  text: RawBuilder<unknown>,
  topics: RawBuilder<unknown>,
) {
  const v = rule.scope_value ?? '';
  const like = `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (rule.scope === 'topic') return sql`AND ${v} = ANY(${topics})`;
  if (rule.scope === 'store' || rule.scope === 'keyword') return sql`AND ${text} ILIKE ${like}`;
  if (rule.scope === 'product') return sql`AND (${v} = ANY(${topics}) OR ${text} ILIKE ${like})`;
  return sql``;
}

/**
 * The negative items of the rule's sources and scope published in [from, to): mentions (their
 * time of publication), survey comments (answered), the desk's client messages (written).
 */
function negativeItems(
  ws: string,
  rule: Pick<RuleRow, 'scope' | 'scope_value' | 'sources'>,
  from: Date,
  to: Date,
): RawBuilder<{ source: AlertSource; id: string; at: Date | string }> {
  const parts: RawBuilder<unknown>[] = [];
  const sources = rule.sources?.length ? rule.sources : (['mention'] as AlertSource[]);
  if (sources.includes('mention'))
    parts.push(sql`SELECT 'mention' AS source, id, published_at AS at FROM cx_mentions
      WHERE workspace_id = ${ws} AND sentiment = 'negative' AND published_at >= ${from} AND published_at < ${to}
        ${scopeFilter(rule, sql`(text || ' ' || coalesce(title, ''))`, sql`topics`)}`);
  if (sources.includes('survey'))
    parts.push(sql`SELECT 'survey' AS source, id, answered_at AS at FROM cx_survey_responses
      WHERE workspace_id = ${ws} AND sentiment = 'negative' AND comment IS NOT NULL
        AND answered_at >= ${from} AND answered_at < ${to}
        ${scopeFilter(rule, sql`comment`, sql`ARRAY(SELECT jsonb_array_elements_text(coalesce(analysis->'topics', '[]'::jsonb)))`)}`);
  if (sources.includes('ticket'))
    parts.push(sql`SELECT 'ticket' AS source, message_id AS id, at FROM cx_ticket_analyses
      WHERE workspace_id = ${ws} AND sentiment = 'negative' AND at >= ${from} AND at < ${to}
        ${scopeFilter(rule, sql`excerpt`, sql`topics`)}`);
  return sql`${sql.join(parts, sql` UNION ALL `)}`;
}

/**
 * Alerts on waves of negative mentions (issue 19, point 5): rules per workspace, the spike rule of
 * spike.ts over negative mentions of the rule's scope, at most one alert per rule and window,
 * delivered to the bell of the members who manage CX, to webhook subscribers (`mention.alert`) and
 * by email through an engage email channel.
 */
export class MentionAlerts {
  constructor(private k: CxBaseKernel) {}

  wire(): void {
    this.k.jobs.define<{ workspaceId: string; alertId: string }>({
      name: ALERT_EMAIL_JOB,
      retryLimit: 5,
      handler: (d) => this.email(d.workspaceId, d.alertId),
    });
  }

  // Rules ------------------------------------------------------------------

  async listRules(ws: string): Promise<RuleView[]> {
    const rows = await this.k.db
      .selectFrom('cx_alert_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('name')
      .orderBy('id')
      .limit(500)
      .execute();
    return rows.map(ruleView);
  }

  private async ruleRow(ws: string, id: string, db: DbOrTx = this.k.db): Promise<RuleRow> {
    const r = await db
      .selectFrom('cx_alert_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Alert rule');
    return r;
  }

  async getRule(ws: string, id: string): Promise<RuleView> {
    return ruleView(await this.ruleRow(ws, id));
  }

  private async checkRule(
    ws: string,
    r: { scope: AlertScope; scopeValue: string | null; emails: string[]; emailChannelId: string | null },
  ) {
    if (r.scope !== 'all' && !r.scopeValue)
      throw invalid('scopeValue', `a ${r.scope} rule names its ${r.scope}`, 'REQUIRED');
    if (r.emails.length && !r.emailChannelId)
      throw invalid('emailChannelId', 'emails go through an email channel', 'REQUIRED');
    if (r.emailChannelId) {
      const ch = await this.k.engage.channels.get(ws, r.emailChannelId).catch(() => null);
      if (!ch) throw invalid('emailChannelId', 'no such channel in this workspace', 'INVALID');
      if (ch.type !== 'email') throw invalid('emailChannelId', 'not an email channel', 'INVALID_OPTION');
    }
  }

  async createRule(actor: Actor, input: RuleInput): Promise<RuleView> {
    const scope = input.scope ?? 'all';
    const scopeValue = scope === 'all' ? null : (input.scopeValue ?? null);
    const emails = input.emails ?? [];
    const emailChannelId = input.emailChannelId ?? null;
    await this.checkRule(actor.workspaceId, { scope, scopeValue, emails, emailChannelId });
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('cx_alert_rules')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          name: input.name,
          scope,
          scope_value: scopeValue,
          sources: dedupeSources(input.sources ?? ['mention']),
          window_minutes: input.windowMinutes ?? 60,
          baseline_windows: input.baselineWindows ?? 24,
          sigma: input.sigma ?? 3,
          min_count: input.minCount ?? 5,
          emails,
          email_channel_id: emailChannelId,
          enabled: input.enabled ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = ruleView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'mention_alert_rule',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  async updateRule(actor: Actor, id: string, patch: Partial<RuleInput>): Promise<RuleView> {
    const ws = actor.workspaceId;
    const cur = await this.ruleRow(ws, id);
    const scope = patch.scope ?? cur.scope;
    const scopeValue = scope === 'all' ? null : patch.scopeValue !== undefined ? patch.scopeValue : cur.scope_value;
    const emails = patch.emails ?? cur.emails;
    const emailChannelId = patch.emailChannelId !== undefined ? patch.emailChannelId : cur.email_channel_id;
    await this.checkRule(ws, { scope, scopeValue, emails, emailChannelId });
    return this.k.db.transaction().execute(async (trx) => {
      const before = ruleView(await this.ruleRow(ws, id, trx));
      const row = await trx
        .updateTable('cx_alert_rules')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          scope,
          scope_value: scopeValue,
          ...(patch.sources !== undefined ? { sources: dedupeSources(patch.sources) } : {}),
          ...(patch.windowMinutes !== undefined ? { window_minutes: patch.windowMinutes } : {}),
          ...(patch.baselineWindows !== undefined ? { baseline_windows: patch.baselineWindows } : {}),
          ...(patch.sigma !== undefined ? { sigma: patch.sigma } : {}),
          ...(patch.minCount !== undefined ? { min_count: patch.minCount } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          emails,
          email_channel_id: emailChannelId,
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = ruleView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'mention_alert_rule',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = ruleView(await this.ruleRow(ws, id, trx));
      await trx.deleteFrom('cx_alert_rules').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'mention_alert_rule',
        entityId: id,
        before,
      });
    });
  }

  // Raised alerts ------------------------------------------------------------

  async list(ws: string, q: { limit: number; cursor?: string; ruleId?: string }) {
    let query = this.k.db
      .selectFrom('cx_alerts as a')
      .leftJoin('cx_alert_rules as r', (j) =>
        j.onRef('r.workspace_id', '=', 'a.workspace_id').onRef('r.id', '=', 'a.rule_id'),
      )
      .selectAll('a')
      .select(['r.name', 'r.scope', 'r.scope_value'])
      .where('a.workspace_id', '=', ws);
    if (q.ruleId) query = query.where('a.rule_id', '=', q.ruleId);
    const c = decodeCursor<{ at: string; id: string }>(q.cursor);
    if (c) {
      const at = new Date(c.at);
      if (Number.isNaN(at.getTime()) || !isUuid(c.id)) decodeCursor('!');
      query = query.where((eb) =>
        eb.or([eb('a.created_at', '<', at), eb.and([eb('a.created_at', '=', at), eb('a.id', '<', c.id)])]),
      );
    }
    const rows = await query
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(
      rows,
      q.limit,
      (r) => alertView(r, r.name ? { name: r.name, scope: r.scope!, scope_value: r.scope_value } : null),
      (last) => ({ at: new Date(last.created_at).toISOString(), id: last.id }),
    );
  }

  async get(ws: string, id: string): Promise<AlertView> {
    const a = await this.k.db
      .selectFrom('cx_alerts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!a) throw notFound('Alert');
    const r = await this.k.db
      .selectFrom('cx_alert_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', a.rule_id)
      .executeTakeFirst();
    return alertView(a, r ?? null);
  }

  async acknowledge(actor: Actor, id: string): Promise<AlertView> {
    const ws = actor.workspaceId;
    const r = await this.k.db
      .updateTable('cx_alerts')
      .set({ acknowledged_at: sql`coalesce(acknowledged_at, now())` })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r.numUpdatedRows) throw notFound('Alert');
    return this.get(ws, id);
  }

  // Evaluation ----------------------------------------------------------------

  /** The verdict of one rule at `now` (the counts from the database). */
  async verdict(ws: string, rule: RuleRow, now = new Date()): Promise<SpikeVerdict> {
    const spec = {
      windowMinutes: rule.window_minutes,
      baselineWindows: rule.baseline_windows,
      sigma: Number(rule.sigma),
      minCount: rule.min_count,
    };
    const { baselineStart, end } = windowsOf(spec, now);
    const rows = await sql<{ at: Date | string }>`
      SELECT at FROM (${negativeItems(ws, rule, baselineStart, end)}) u LIMIT 100000
    `.execute(this.k.db);
    const counts = new Map<number, number>();
    for (const r of rows.rows) {
      const i = windowIndex(new Date(r.at), spec.windowMinutes);
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    return spikeOf(spec, counts, now);
  }

  /** Evaluates every enabled rule of a workspace now; returns the alerts raised (a window already alerted raises nothing). */
  async evaluate(ws: string, now = new Date()): Promise<AlertView[]> {
    const rules = await this.k.db
      .selectFrom('cx_alert_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('enabled', '=', true)
      .execute();
    const raised: AlertView[] = [];
    for (const rule of rules) {
      const v = await this.verdict(ws, rule, now);
      if (!v.spike) continue;
      const a = await this.raise(ws, rule, v);
      if (a) raised.push(a);
    }
    return raised;
  }

  /** The periodic job: every workspace with an enabled rule. */
  async evaluateAll(now = new Date()): Promise<void> {
    const wss = await this.k.db
      .selectFrom('cx_alert_rules')
      .select('workspace_id')
      .distinct()
      .where('enabled', '=', true)
      .limit(10_000)
      .execute();
    for (const w of wss)
      await this.evaluate(w.workspace_id, now).catch((err) =>
        this.k.log.warn({ err, workspaceId: w.workspace_id }, 'mention alerts failed'),
      );
  }

  private async raise(ws: string, rule: RuleRow, v: SpikeVerdict): Promise<AlertView | null> {
    const items = negativeItems(ws, rule, v.windowStart, v.windowEnd);
    const sample = await sql<{ source: AlertSource; id: string }>`
      SELECT source, id FROM (${items}) u ORDER BY at DESC, id DESC LIMIT 20
    `.execute(this.k.db);
    const counted = await sql<{ source: AlertSource; n: number | string }>`
      SELECT source, count(*) AS n FROM (${items}) u GROUP BY source
    `.execute(this.k.db);
    const bySource: Breakdown = { mention: 0, survey: 0, ticket: 0 };
    for (const r of counted.rows) bySource[r.source] = Number(r.n);
    const sources = rule.sources?.length ? rule.sources : (['mention'] as AlertSource[]);
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('cx_alerts')
        .values({
          workspace_id: ws,
          id: newId(),
          rule_id: rule.id,
          window_start: v.windowStart,
          window_end: v.windowEnd,
          count: v.count,
          baseline_mean: v.mean,
          baseline_sd: v.sd,
          threshold: v.threshold,
          details: JSON.stringify({
            ruleName: rule.name,
            scope: rule.scope,
            scopeValue: rule.scope_value,
            mentionIds: sample.rows.filter((r) => r.source === 'mention').map((r) => r.id),
            sources,
            bySource,
            sample: sample.rows,
          }),
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'rule_id', 'window_start']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      const view = alertView(row, rule);
      const members = await trx
        .selectFrom('workspace_members')
        .select(['user_id', 'role'])
        .where('workspace_id', '=', ws)
        .where('disabled_at', 'is', null)
        .execute();
      const title = `${rule.name}: ${v.count} negative ${whatOf(sources)} (usual ${v.mean.toFixed(1)})`.slice(0, 500);
      await this.k.notifications.create(
        trx,
        members
          .filter((m) => can(m.role, 'cx:write'))
          .map((m) => ({
            workspaceId: ws,
            userId: m.user_id,
            kind: MENTION_ALERT,
            title,
            link: '/mentions/alerts',
            data: { alertId: row.id, ruleId: rule.id },
          })),
      );
      await this.k.webhooks.emit(trx, {
        workspaceId: ws,
        type: MENTION_ALERT,
        data: view as unknown as Record<string, unknown>,
      });
      await this.k.audit.record(trx, systemActor(ws, 'mention-alerts'), {
        action: 'raise',
        entityType: 'mention_alert',
        entityId: row.id,
        record: view,
      });
      if (rule.emails.length && rule.email_channel_id)
        await this.k.jobs.enqueue(ws, ALERT_EMAIL_JOB, { alertId: row.id }, { trx });
      return view;
    });
  }

  /** Emails an alert to its rule's addresses (the job; an address already sent to is skipped on a retry). */
  private async email(ws: string, alertId: string): Promise<{ sent: number }> {
    const a = await this.k.db
      .selectFrom('cx_alerts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', alertId)
      .executeTakeFirst();
    if (!a) return { sent: 0 };
    const rule = await this.k.db
      .selectFrom('cx_alert_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', a.rule_id)
      .executeTakeFirst();
    if (!rule?.email_channel_id || !rule.emails.length) return { sent: 0 };
    const { adapter } = await this.k.engage.channels.adapter(ws, rule.email_channel_id);
    const details = a.details as { emailed?: string[] };
    const done = new Set(details.emailed ?? []);
    const view = alertView(a, rule);
    const subject = `Kartoteka alert: ${rule.name}`.slice(0, 300);
    const text = [
      `${view.count} negative ${whatOf(view.sources)} between ${new Date(view.windowStart).toISOString()} and ${new Date(view.windowEnd).toISOString()}.`,
      `The usual level: ${view.baselineMean.toFixed(2)} ± ${view.baselineSd.toFixed(2)} per window (threshold ${view.threshold.toFixed(2)}).`,
      rule.scope === 'all' ? `Scope: all ${whatOf(view.sources)}.` : `Scope: ${rule.scope} "${rule.scope_value}".`,
      view.sources.length > 1 || view.sources[0] !== 'mention'
        ? `By source: ${view.sources.map((s) => `${s} ${view.bySource[s]}`).join(', ')}.`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
    let sent = 0;
    for (const [i, to] of rule.emails.entries()) {
      if (done.has(to)) continue;
      await adapter.send({ messageId: `${alertId}-${i}`, to, subject, text });
      done.add(to);
      sent++;
      await this.k.db
        .updateTable('cx_alerts')
        .set({ details: sql`jsonb_set(details, '{emailed}', ${JSON.stringify([...done])}::jsonb)` })
        .where('workspace_id', '=', ws)
        .where('id', '=', alertId)
        .execute();
    }
    return { sent };
  }
}

/** What an alert counts, in words (the bell's title, the email). */
function whatOf(sources: readonly AlertSource[]): string {
  if (sources.length === 1 && sources[0] === 'mention') return 'mentions';
  if (sources.length === 1 && sources[0] === 'survey') return 'survey comments';
  if (sources.length === 1 && sources[0] === 'ticket') return 'ticket messages';
  return 'feedback items';
}

/** The sources in their canonical order, each once. */
const dedupeSources = (xs: readonly AlertSource[]): AlertSource[] =>
  (['mention', 'survey', 'ticket'] as const).filter((x) => xs.includes(x));
