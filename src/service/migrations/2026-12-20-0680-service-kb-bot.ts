import { sql, type Kysely } from 'kysely';

/**
 * The knowledge base and the bot (issue 18, point 6).
 *
 * `service_kb_articles`: articles in Russian or English, searched by agents and the bot through
 * `search`, a tsvector built with the article's own language's configuration (title weighted A,
 * body B) so Russian word forms meet ("карты" finds "карта"). `service_bot_sessions`: the bot's
 * state per conversation — misses in a row, what it was asked and answered (the handover note
 * reads it), and when it handed over (it stays silent from then on); erased with its conversation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE service_kb_articles (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      locale text NOT NULL CHECK (locale IN ('ru', 'en')),
      tags text[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
      updated_by uuid,
      updated_by_label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        CASE WHEN locale = 'ru'
          THEN setweight(to_tsvector('russian'::regconfig, title), 'A') || setweight(to_tsvector('russian'::regconfig, body), 'B')
          ELSE setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')
        END
      ) STORED,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX service_kb_articles_search_idx ON service_kb_articles USING gin (search);
    CREATE INDEX service_kb_articles_list_idx ON service_kb_articles (workspace_id, updated_at DESC, id DESC);

    CREATE TABLE service_bot_sessions (
      workspace_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      misses int NOT NULL DEFAULT 0,
      turns jsonb NOT NULL DEFAULT '[]'::jsonb,
      handed_over_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, conversation_id),
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS service_bot_sessions; DROP TABLE IF EXISTS service_kb_articles;`.execute(db);
}
