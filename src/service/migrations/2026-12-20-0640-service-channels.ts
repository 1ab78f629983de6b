import { sql, type Kysely } from 'kysely';

/**
 * The IMAP poller's place in each polled mailbox (S-CHAN, src/service/channels/imap-poller.ts):
 * the mailbox's UIDVALIDITY and the highest UID filed, so a restart neither files a message twice
 * nor skips one read elsewhere meanwhile; a lease so two workers never poll one mailbox at once;
 * the last error, shown on the inbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE service_imap_state (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      inbox_id uuid NOT NULL,
      uid_validity bigint,
      last_uid bigint NOT NULL DEFAULT 0,
      lease_until timestamptz,
      polled_at timestamptz,
      filed integer NOT NULL DEFAULT 0,
      last_error text,
      PRIMARY KEY (workspace_id, inbox_id),
      FOREIGN KEY (workspace_id, inbox_id) REFERENCES service_inboxes (workspace_id, id) ON DELETE CASCADE
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS service_imap_state;`.execute(db);
}
