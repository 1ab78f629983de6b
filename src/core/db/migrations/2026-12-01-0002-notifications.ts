import { sql, type Kysely } from 'kysely';

/**
 * In-app notifications: one row per recipient (a workspace member). Keys lead with workspace_id;
 * the two indexes serve a user's list (newest first, UUIDv7 ids sort by time) and the unread
 * count the bell polls.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      user_id uuid NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      body text,
      link text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, user_id) REFERENCES workspace_members(workspace_id, user_id) ON DELETE CASCADE
    );
    CREATE INDEX notifications_user_idx ON notifications (workspace_id, user_id, id DESC);
    CREATE INDEX notifications_unread_idx ON notifications (workspace_id, user_id, id DESC) WHERE read_at IS NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
