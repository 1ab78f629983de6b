import { sql, type Kysely } from 'kysely';

/**
 * Computed traits and segment membership leave the acknowledged write path (issue 14, item 4).
 *
 * `cdp_fold_queue`: one row per ingest transaction, written in the statement that inserts the
 * events: the ids of the events it stored and their persons. The fold follower (fold-follower.ts)
 * claims rows with `FOR UPDATE SKIP LOCKED`, folds their events into person_stats and deletes them
 * in one transaction, so a fold is applied exactly once, and a row that commits after rows with
 * higher ids (concurrent writers draw ids before they commit) is simply claimed later: there is no
 * "last id" cursor that could pass it by.
 *
 * `segment_dirty`: what a fold changed (persons, event names, whether identify traits came with
 * them), written by the fold transaction itself. The segment follower (segments/follower.ts)
 * leases rows, re-evaluates membership for those persons and deletes the rows afterwards; a
 * process that dies in between leaves them to be leased again once `claimed_until` passes.
 *
 * Both are queues, near empty while the followers keep up; ids are plain sequences (the order
 * rows are claimed in), keys lead with workspace_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE cdp_fold_queue (
      workspace_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      event_ids uuid[] NOT NULL,
      person_ids uuid[] NOT NULL,
      events integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE segment_dirty (
      workspace_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      person_ids uuid[] NOT NULL,
      events text[] NOT NULL,
      traits boolean NOT NULL,
      claimed_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS segment_dirty; DROP TABLE IF EXISTS cdp_fold_queue`.execute(db);
}
