import { sql, type Kysely } from 'kysely';

/**
 * Static lists (src/cdp/segments/lists.ts): a segment of kind 'list' has no rule; its members are
 * the ones people put in it, by hand or by a CSV upload.
 *
 * `segment_uploads`: one row per uploaded file (the job's state, counts and its first row errors);
 * `segment_upload_matches`: the persons an upload's rows matched, staged while the job reads the
 * file and applied to the list in one transaction at the end (nothing half-written), then dropped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE segments ADD COLUMN kind text NOT NULL DEFAULT 'rule';
    ALTER TABLE segments ALTER COLUMN rule DROP NOT NULL;
    ALTER TABLE segments ADD CONSTRAINT segments_kind_rule CHECK (
      (kind = 'rule' AND rule IS NOT NULL) OR (kind = 'list' AND rule IS NULL)
    );

    CREATE TABLE segment_uploads (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      segment_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'queued',
      identifier text NOT NULL,
      column_name text NOT NULL,
      mode text NOT NULL,
      file_name text NOT NULL,
      file_path text NOT NULL,
      rows integer NOT NULL DEFAULT 0,
      matched integer NOT NULL DEFAULT 0,
      added integer NOT NULL DEFAULT 0,
      removed integer NOT NULL DEFAULT 0,
      unmatched integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]'::jsonb,
      error text,
      job_id text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX segment_uploads_segment_idx ON segment_uploads (workspace_id, segment_id, created_at);

    CREATE TABLE segment_upload_matches (
      workspace_id uuid NOT NULL,
      upload_id uuid NOT NULL,
      person_id uuid NOT NULL,
      PRIMARY KEY (workspace_id, upload_id, person_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
