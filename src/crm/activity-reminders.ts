import { sql, type Selectable } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { NotificationInput } from '../core/notifications/index.ts';
import type { CrmDeps } from './deps.ts';
import type { Activities, ActivityView } from './activities.ts';
import type { CrmActivitiesTable } from './tables.ts';

export const REMINDER_EVENT = 'activity.reminder';
export const REMINDERS_TASK = 'crm.activity-reminders';
/** Reminders claimed, notified and emitted per transaction. */
const BATCH = 200;

/** Where a reminder takes its reader: the deal, else the person, else the company card; else the agenda. */
export function reminderLink(a: Pick<ActivityView, 'dealId' | 'personId' | 'companyId'>): string {
  if (a.dealId) return `/deals/${a.dealId}`;
  if (a.personId) return `/people/${a.personId}`;
  if (a.companyId) return `/companies/${a.companyId}`;
  return '/agenda';
}

/**
 * Task reminders that fire. Every `reminderScanSeconds` each worker process runs `scan`: it claims
 * the due reminders of open, live tasks with a conditional UPDATE … SET reminded_at … RETURNING
 * (rows another worker is claiming are skipped, SKIP LOCKED, and `reminded_at IS NULL` is checked
 * again under the row lock), and in the same transaction writes the assignee's notification (the
 * owner's, who created the task unless told otherwise, when there is no assignee) and the
 * `activity.reminder` webhook event. So a reminder is sent once, or not at all if the transaction
 * fails and the next scan takes it again. Changing dueAt or reminderAt clears `reminded_at`
 * (activities.ts); done and deleted tasks are never claimed. There is no email: the platform has
 * no mail transport yet.
 */
export class ActivityReminders {
  constructor(
    private deps: CrmDeps,
    private activities: Activities,
  ) {
    deps.jobs.every(REMINDERS_TASK, deps.config.reminderScanSeconds, () => this.scan());
  }

  /** Sends every reminder due at `now`, in batches; returns how many were sent. */
  async scan(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.deps.db.transaction().execute((trx) => this.claimAndSend(trx, now));
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async claimAndSend(trx: Tx, now: Date): Promise<number> {
    const claimed = await sql<Selectable<CrmActivitiesTable>>`
      UPDATE crm_activities a SET reminded_at = ${now}
      FROM (
        SELECT workspace_id, id FROM crm_activities
        WHERE reminded_at IS NULL AND reminder_at IS NOT NULL AND kind = 'task' AND done_at IS NULL AND deleted_at IS NULL
          AND reminder_at <= ${now}
        ORDER BY reminder_at
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      ) due
      WHERE a.workspace_id = due.workspace_id AND a.id = due.id
        AND a.reminded_at IS NULL AND a.done_at IS NULL AND a.deleted_at IS NULL
      RETURNING a.*`.execute(trx);
    if (!claimed.rows.length) return 0;
    const byWs = new Map<string, Selectable<CrmActivitiesTable>[]>();
    for (const r of claimed.rows) byWs.set(r.workspace_id, [...(byWs.get(r.workspace_id) ?? []), r]);
    for (const [ws, rows] of byWs) {
      const views = await this.activities.views(trx, ws, rows);
      const notes: NotificationInput[] = [];
      for (const v of views) {
        const recipient = v.assigneeId ?? v.ownerId;
        const title = v.subject ?? (v.body ?? '').slice(0, 200);
        const link = reminderLink(v);
        if (recipient)
          notes.push({
            workspaceId: ws,
            userId: recipient,
            kind: REMINDER_EVENT,
            title,
            link,
            data: {
              title,
              activityId: v.id,
              dueAt: v.dueAt,
              reminderAt: v.reminderAt,
              personId: v.personId,
              person: v.person?.name || null,
              dealId: v.dealId,
              deal: v.deal?.title ?? null,
              companyId: v.companyId,
              company: v.company?.name ?? null,
            },
          });
        // The webhook event, through the audit log like every other record event.
        await this.deps.audit.record(trx, systemActor(ws, 'reminders'), {
          action: 'reminder',
          entityType: 'activity',
          entityId: v.id,
          record: { ...v, recipientId: recipient, link },
        });
      }
      await this.deps.notifications.create(trx, notes);
    }
    return claimed.rows.length;
  }
}
