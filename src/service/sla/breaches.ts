import { sql } from 'kysely';
import { systemActor } from '../../core/auth/actor.ts';
import type { DbOrTx } from '../../core/db/schema.ts';
import type { NotificationInput } from '../../core/notifications/notifications.ts';
import type { ServiceBaseKernel } from '../kernel.ts';
import type { SlaMetric } from './tables.ts';

export const SLA_WARNING = 'sla.warning';
export const SLA_BREACHED = 'sla.breached';
/** How often the scan runs (seconds): a warning or breach is raised at most this late. */
export const SLA_SCAN_SECONDS = 15;
const BATCH = 200;

interface Claimed {
  workspace_id: string;
  id: string;
  conversation_id: string;
  policy_id: string;
  metric: SlaMetric;
  cycle: number;
  target_minutes: number;
  due_at: Date;
  warn_at: Date | null;
  number: string;
  subject: string;
  assignee_id: string | null;
  team_id: string | null;
  person_id: string;
  priority: string;
}

/**
 * Raises SLA warnings (a running clock past its warning time, by default 80 % of the target) and
 * breaches (past its due time): each clock once for each, claimed by a conditional update in one
 * transaction with what it causes — in-app notifications to the assignee (or, without one, the
 * team's members), and an audit record `sla`/`warning|breached`, which is also the webhook event
 * `sla.warning` / `sla.breached`. A breach found first raises no late warning.
 */
export class SlaBreaches {
  constructor(private k: ServiceBaseKernel) {}

  /** One scan; returns how many warnings and breaches it raised. */
  async scan(now = new Date()): Promise<{ warnings: number; breaches: number }> {
    let breaches = 0;
    let warnings = 0;
    for (;;) {
      const n = await this.k.db.transaction().execute((trx) => this.raise(trx, 'breached', now));
      breaches += n;
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await this.k.db.transaction().execute((trx) => this.raise(trx, 'warning', now));
      warnings += n;
      if (n < BATCH) break;
    }
    return { warnings, breaches };
  }

  private async raise(trx: DbOrTx, kind: 'warning' | 'breached', now: Date): Promise<number> {
    const due = kind === 'breached' ? sql.ref('due_at') : sql.ref('warn_at');
    const mark =
      kind === 'breached'
        ? sql`breached_at = ${now}, warned_at = coalesce(c.warned_at, ${now})`
        : sql`warned_at = ${now}`;
    const unset = kind === 'breached' ? sql`breached_at IS NULL` : sql`warned_at IS NULL`;
    const claimed = await sql<Claimed>`
      UPDATE service_sla_clocks c SET ${mark}
      FROM (
        SELECT workspace_id, id FROM service_sla_clocks
        WHERE stopped_at IS NULL AND running_since IS NOT NULL AND ${unset} AND ${due} <= ${now}
        ORDER BY ${due} LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      ) d, service_conversations v
      WHERE c.workspace_id = d.workspace_id AND c.id = d.id
        AND v.workspace_id = c.workspace_id AND v.id = c.conversation_id
      RETURNING c.workspace_id, c.id, c.conversation_id, c.policy_id, c.metric, c.cycle, c.target_minutes,
        c.due_at, c.warn_at, v.number, v.subject, v.assignee_id, v.team_id, v.person_id, v.priority
    `.execute(trx);
    if (!claimed.rows.length) return 0;
    const type = kind === 'breached' ? SLA_BREACHED : SLA_WARNING;
    const notes: NotificationInput[] = [];
    for (const r of claimed.rows) {
      const recipients = r.assignee_id ? [r.assignee_id] : await this.teamMembers(trx, r.workspace_id, r.team_id);
      const record = {
        clockId: r.id,
        conversationId: r.conversation_id,
        number: Number(r.number),
        subject: r.subject,
        metric: r.metric,
        cycle: r.cycle,
        policyId: r.policy_id,
        targetMinutes: r.target_minutes,
        dueAt: new Date(r.due_at).toISOString(),
        priority: r.priority,
        personId: r.person_id,
        assigneeId: r.assignee_id,
        teamId: r.team_id,
      };
      for (const userId of recipients)
        notes.push({
          workspaceId: r.workspace_id,
          userId,
          kind: type,
          title: `#${r.number} ${r.subject}`.trim().slice(0, 500),
          link: `/service/conversations/${r.conversation_id}`,
          data: record,
        });
      await this.k.audit.record(trx, systemActor(r.workspace_id, 'sla'), {
        action: kind,
        entityType: 'sla',
        entityId: r.id,
        record,
      });
    }
    await this.k.notifications.create(trx, notes);
    return claimed.rows.length;
  }

  private async teamMembers(db: DbOrTx, ws: string, teamId: string | null): Promise<string[]> {
    if (!teamId) return [];
    const rows = await db
      .selectFrom('service_team_members')
      .select('user_id')
      .where('workspace_id', '=', ws)
      .where('team_id', '=', teamId)
      .execute();
    return rows.map((r) => r.user_id);
  }
}
