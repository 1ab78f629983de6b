import { sql, type Kysely } from 'kysely';

/**
 * Workspace-editable text analysis (issue 19, point 4).
 *
 * `text_lexicon_entries`: a word (any form of it matches: stemmed) or a phrase with its sentiment
 * score −5..5 over the built-in lexicons (0 makes a word neutral, e.g. "долг" at a bank), optionally
 * a complaint phrase. `term_key` is the normalised term (lower case, ё → е, single spaces): one entry
 * per term. `text_topic_rules`: a topic's keywords; a rule with a built-in topic's key replaces it,
 * and `enabled = false` hides it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE text_lexicon_entries (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      term text NOT NULL,
      term_key text NOT NULL,
      score double precision NOT NULL CHECK (score >= -5 AND score <= 5),
      complaint boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, term_key)
    );

    CREATE TABLE text_topic_rules (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      keywords jsonb NOT NULL DEFAULT '[]'::jsonb,
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS text_topic_rules; DROP TABLE IF EXISTS text_lexicon_entries;`.execute(db);
}
