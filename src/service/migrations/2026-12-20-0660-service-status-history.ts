import { sql, type Kysely } from 'kysely';

/**
 * Status history and time-based automation (issue 18, items 5 and 10).
 *
 * `service_conversation_status_changes`: every move of a conversation's status (from → to, when,
 * by whom), written in the change's transaction; the exact backlog and the time rules read it.
 * Conversations that existed before get a reconstructed start (null → new at creation, then
 * new → their status at the stamp that best dates it) so neither starts from nothing.
 * `service_automation_firings`: a time rule fired for a conversation's entry into its condition
 * (`entered_at`); the primary key makes a firing happen once across workers and restarts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE service_conversation_status_changes (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      from_status text,
      to_status text NOT NULL,
      at timestamptz NOT NULL,
      by_kind text NOT NULL DEFAULT 'system',
      by_user_id uuid,
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX service_status_changes_conv_idx ON service_conversation_status_changes (workspace_id, conversation_id, at, id);
    CREATE INDEX service_status_changes_at_idx ON service_conversation_status_changes (workspace_id, at);

    INSERT INTO service_conversation_status_changes (workspace_id, id, conversation_id, from_status, to_status, at)
    SELECT workspace_id, gen_random_uuid(), id, NULL, 'new', created_at FROM service_conversations;
    INSERT INTO service_conversation_status_changes (workspace_id, id, conversation_id, from_status, to_status, at)
    SELECT workspace_id, gen_random_uuid(), id, 'new', status,
      greatest(created_at, coalesce(CASE status WHEN 'closed' THEN closed_at WHEN 'solved' THEN solved_at END, first_response_at, updated_at))
    FROM service_conversations WHERE status <> 'new';

    CREATE TABLE service_automation_firings (
      workspace_id uuid NOT NULL,
      rule_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      entered_at timestamptz NOT NULL,
      fired_at timestamptz NOT NULL,
      error text,
      PRIMARY KEY (workspace_id, rule_id, conversation_id, entered_at),
      FOREIGN KEY (workspace_id, rule_id) REFERENCES service_automation_rules (workspace_id, id) ON DELETE CASCADE,
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX service_automation_firings_conv_idx ON service_automation_firings (workspace_id, conversation_id);
    CREATE INDEX service_automation_rules_time_idx ON service_automation_rules (trigger) WHERE enabled AND trigger = 'time';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS service_automation_rules_time_idx;
    DROP TABLE IF EXISTS service_automation_firings;
    DROP TABLE IF EXISTS service_conversation_status_changes;
  `.execute(db);
}
