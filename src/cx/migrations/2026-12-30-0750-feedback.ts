import { sql, type Kysely } from 'kysely';

/**
 * Feedback from every source (issue 19, points 4, 5, 7): the analysis of the service desk's client
 * messages (one row per message, written by the cx.ticket-analysis job; an excerpt of the text is
 * kept for the feed and for alert scopes matched on the text), and alert rules over all feedback:
 * `sources` (mention, survey, ticket; ["mention"] for the rules that existed) and the `product` scope.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE cx_ticket_analyses (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      message_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      person_id uuid,
      channel text NOT NULL,
      excerpt text NOT NULL,
      language text NOT NULL DEFAULT 'und',
      sentiment text NOT NULL DEFAULT 'neutral',
      sentiment_score real NOT NULL DEFAULT 0,
      topics text[] NOT NULL DEFAULT '{}',
      complaint boolean NOT NULL DEFAULT false,
      at timestamptz NOT NULL,
      analyzed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, message_id),
      CHECK (sentiment IN ('negative', 'neutral', 'positive'))
    );
    CREATE INDEX cx_ticket_analyses_at_idx ON cx_ticket_analyses (workspace_id, at DESC, message_id DESC);
    CREATE INDEX cx_ticket_analyses_conversation_idx ON cx_ticket_analyses (workspace_id, conversation_id, at);
    CREATE INDEX cx_ticket_analyses_person_idx ON cx_ticket_analyses (workspace_id, person_id) WHERE person_id IS NOT NULL;
    CREATE INDEX cx_ticket_analyses_negative_idx ON cx_ticket_analyses (workspace_id, at) WHERE sentiment = 'negative';
    ALTER TABLE cx_alert_rules ADD COLUMN sources text[] NOT NULL DEFAULT '{mention}';
    ALTER TABLE cx_alert_rules ADD CONSTRAINT cx_alert_rules_sources_check
      CHECK (cardinality(sources) > 0 AND sources <@ ARRAY['mention', 'survey', 'ticket']::text[]);
    ALTER TABLE cx_alert_rules DROP CONSTRAINT IF EXISTS cx_alert_rules_scope_check;
    ALTER TABLE cx_alert_rules ADD CONSTRAINT cx_alert_rules_scope_check
      CHECK (scope IN ('all', 'topic', 'store', 'keyword', 'product'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DELETE FROM cx_alert_rules WHERE scope = 'product';
    ALTER TABLE cx_alert_rules DROP CONSTRAINT IF EXISTS cx_alert_rules_scope_check;
    ALTER TABLE cx_alert_rules ADD CONSTRAINT cx_alert_rules_scope_check CHECK (scope IN ('all', 'topic', 'store', 'keyword'));
    ALTER TABLE cx_alert_rules DROP CONSTRAINT IF EXISTS cx_alert_rules_sources_check;
    ALTER TABLE cx_alert_rules DROP COLUMN IF EXISTS sources;
    DROP TABLE IF EXISTS cx_ticket_analyses;
  `.execute(db);
}
