import { sql, type Kysely } from 'kysely';

/**
 * Audiences (src/cdp/segments/history.ts, destinations.ts): a segment's size over time and its
 * syncs to destinations.
 *
 * `segment_sizes`: one row per segment and UTC day with a membership change: the size at the end of
 * that day and how many entered and exited during it (days without a row keep the size before them).
 *
 * `segment_destinations`: URLs that receive a segment's added/removed deltas, signed with `secret`.
 * `cursor` is the change sequence (below) the destination has acknowledged; `sync_pending` debounces
 * the sync job (one queued job per destination); `lease_until` keeps two workers from syncing one
 * destination at once.
 *
 * `segment_changes`: for segments with destinations only, each person's latest change as a sequence
 * number per segment, given under the destinations' row locks so that it grows in commit order; a
 * sync sends the persons changed after its cursor, added or removed by their state now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE segment_sizes (
      workspace_id uuid NOT NULL,
      segment_id uuid NOT NULL,
      day date NOT NULL,
      size integer NOT NULL,
      entered integer NOT NULL DEFAULT 0,
      exited integer NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, segment_id, day)
    );

    CREATE TABLE segment_destinations (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      segment_id uuid NOT NULL,
      url text NOT NULL,
      description text NOT NULL DEFAULT '',
      secret text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      cursor bigint NOT NULL DEFAULT 0,
      sync_pending boolean NOT NULL DEFAULT false,
      lease_until timestamptz,
      last_sync_at timestamptz,
      last_status text,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX segment_destinations_segment_idx ON segment_destinations (workspace_id, segment_id);

    CREATE TABLE segment_changes (
      workspace_id uuid NOT NULL,
      segment_id uuid NOT NULL,
      person_id uuid NOT NULL,
      seq bigint NOT NULL,
      PRIMARY KEY (workspace_id, segment_id, person_id)
    );
    CREATE INDEX segment_changes_seq_idx ON segment_changes (workspace_id, segment_id, seq, person_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
