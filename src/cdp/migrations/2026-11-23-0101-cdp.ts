import { sql, type Kysely } from 'kysely';

/**
 * CDP: sources (with write keys), the event stream, persons, identities and merges.
 *
 * The event table has no foreign keys (ingest speed; it is the table that grows without bound).
 * `events_message_id_key` gives messageId idempotency; when the table is range-partitioned by time
 * on a PostgreSQL server, that guarantee moves to a separate (workspace_id, message_id) table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE sources (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      kind text NOT NULL,
      origin text NOT NULL DEFAULT 'first',
      write_key text NOT NULL,
      disabled_at timestamptz,
      deleted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    -- Looked up on every tracking request, before the workspace is known.
    CREATE UNIQUE INDEX sources_write_key_key ON sources (write_key);

    CREATE TABLE persons (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      traits jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      merged_into uuid,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE identities (
      workspace_id uuid NOT NULL,
      kind text NOT NULL,
      value text NOT NULL,
      person_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, kind, value),
      FOREIGN KEY (workspace_id, person_id) REFERENCES persons(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX identities_person_idx ON identities (workspace_id, person_id);

    CREATE TABLE merges (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      from_person uuid NOT NULL,
      into_person uuid NOT NULL,
      reason text NOT NULL,
      identities jsonb NOT NULL DEFAULT '[]'::jsonb,
      event_count integer NOT NULL DEFAULT 0,
      from_traits jsonb NOT NULL DEFAULT '{}'::jsonb,
      into_traits jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      undone_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX merges_from_idx ON merges (workspace_id, from_person, id DESC);
    CREATE INDEX merges_into_idx ON merges (workspace_id, into_person, id DESC);

    -- Which events a merge moved, so that undo puts exactly those back.
    CREATE TABLE merge_events (
      workspace_id uuid NOT NULL,
      merge_id uuid NOT NULL,
      event_id uuid NOT NULL,
      PRIMARY KEY (workspace_id, merge_id, event_id)
    );

    CREATE TABLE events (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      message_id text NOT NULL,
      type text NOT NULL,
      event text,
      person_id uuid,
      user_id text,
      anonymous_id text,
      source_id uuid NOT NULL,
      origin text NOT NULL,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      sent_at timestamptz,
      original_timestamp timestamptz,
      properties jsonb NOT NULL DEFAULT '{}'::jsonb,
      traits jsonb,
      context jsonb NOT NULL DEFAULT '{}'::jsonb,
      extra jsonb,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX events_message_id_key ON events (workspace_id, message_id);
    CREATE INDEX events_person_time_idx ON events (workspace_id, person_id, occurred_at DESC, id DESC);
    CREATE INDEX events_source_idx ON events (workspace_id, source_id, id DESC);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
