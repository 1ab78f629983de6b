import { sql, type Kysely } from 'kysely';

/**
 * Event rules (data management): per workspace, a tracked event name is either blocked (acknowledged
 * to the sender, never stored) or renamed (stored under `rename_to`, the original name kept in
 * `extra.originalEvent`). One rule per event name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE event_rules (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      event text NOT NULL,
      action text NOT NULL CHECK (action IN ('block', 'rename')),
      rename_to text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CONSTRAINT event_rules_event_key UNIQUE (workspace_id, event),
      CHECK ((action = 'rename') = (rename_to IS NOT NULL))
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
