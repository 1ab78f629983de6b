import { sql, type Kysely } from 'kysely';

/**
 * `engage_messaging_policy`: a workspace's delivery policy (frequency caps, quiet hours, default
 * time zone), one JSON document per workspace; absent = no caps, no quiet hours, UTC.
 * The sender claims due messages oldest-due first (`engage_messages_queued_idx`), finds leases
 * that ran out (`engage_messages_lease_idx`) and counts a person's recent marketing messages for
 * the frequency caps (`engage_messages_sent_idx`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE engage_messaging_policy (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      policy jsonb NOT NULL DEFAULT '{}'::jsonb,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX engage_messages_queued_idx ON engage_messages ((coalesce(send_after, '-infinity'::timestamptz))) WHERE status = 'queued';
    CREATE INDEX engage_messages_lease_idx ON engage_messages (claimed_until) WHERE status = 'sending';
    CREATE INDEX engage_messages_sent_idx ON engage_messages (workspace_id, person_id, sent_at) WHERE sent_at IS NOT NULL AND kind = 'marketing';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
