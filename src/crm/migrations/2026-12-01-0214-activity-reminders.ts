import { sql, type Kysely } from 'kysely';

/**
 * Task reminders that fire: `reminded_at` is set, in the transaction that sends the reminder, by
 * the scan that claims it (so it is sent once). The partial index holds only the reminders still
 * to send, in time order: the scan reads the due head of it across workspaces.
 *
 * Reminders already in the past when this runs were never sent by the old stub; they are marked
 * as sent instead of all arriving at once on the first scan after an upgrade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE crm_activities ADD COLUMN reminded_at timestamptz;
    UPDATE crm_activities SET reminded_at = reminder_at WHERE reminder_at IS NOT NULL AND reminder_at <= now();
    CREATE INDEX crm_activities_reminder_due_idx ON crm_activities (reminder_at)
      WHERE reminded_at IS NULL AND reminder_at IS NOT NULL AND kind = 'task' AND done_at IS NULL AND deleted_at IS NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
