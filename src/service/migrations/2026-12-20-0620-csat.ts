import { sql, type Kysely } from 'kysely';

/**
 * CSAT surveys (S-SLA): one request per solve of a conversation (`cycle` = the conversation's
 * reopen count at the solve), sent on the client's channel with a signed link. The answer (1–5,
 * a comment) is stored here with the agent and team who owned the conversation when it was solved,
 * so reports group by them even after a reassignment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE service_csat (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      cycle integer NOT NULL DEFAULT 0,
      person_id uuid NOT NULL,
      agent_id uuid,
      team_id uuid,
      channel text NOT NULL,
      locale text NOT NULL DEFAULT 'ru',
      score integer,
      comment text,
      follow_up text,
      requested_at timestamptz NOT NULL DEFAULT now(),
      answered_at timestamptz,
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, conversation_id, cycle),
      CHECK (score IS NULL OR score BETWEEN 1 AND 5),
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX service_csat_person_idx ON service_csat (workspace_id, person_id, answered_at);
    CREATE INDEX service_csat_answered_idx ON service_csat (workspace_id, answered_at) WHERE answered_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS service_csat;`.execute(db);
}
