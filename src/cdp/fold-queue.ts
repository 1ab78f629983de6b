import { sql, type RawBuilder } from 'kysely';
import type { Db, DbOrTx, Tx } from '../core/db/schema.ts';
import { statsCte } from './computed-traits.ts';
import { sharedLockSql } from './identity.ts';
import type { FoldedEvents } from './fold-events.ts';

/**
 * The fold queue (migration 2026-12-05-1720-fold-queue.ts): what ingest leaves for the computed
 * traits follower, and the one statement that folds it.
 *
 * Ingest acknowledges once its events and identities commit; the same statement writes one
 * `cdp_fold_queue` row naming the events it stored (queueCte). A fold (foldStatement) deletes
 * rows, adds their events to person_stats (computed-traits.ts statsCte, the SQL ingest used to run
 * itself) and records in `segment_dirty` whose membership to re-evaluate, all in one transaction:
 * applied once, or (rolled back, crashed) not at all and left for the next claim.
 *
 * The rows hold event ids, not a summary: a fold reads the events by primary key and adds them,
 * however many events the persons had before (a (persons, event names) summary would have to
 * recompute each person from all their events).
 *
 * Locking: a fold holds the workspace's identity lock shared (as ingest's common path does), so
 * merges, undos and erasures (which hold it exclusively) never run beside one. A merge folds the
 * rows that name its persons in its own transaction before it recomputes them (foldPending), so
 * no event is counted by the recompute and again by a later fold; an erasure deletes the events,
 * and a later fold finds nothing of them to add.
 */

/** Queue rows one fold claims at most, and the events it folds at most (a row holds up to 5,000). */
const CLAIM_ROWS = 200;
const FOLD_EVENTS = 20_000;

/**
 * The CTE body that queues a transaction's stored events: `eventsCte` must be a CTE over
 * `INSERT INTO events … RETURNING id, person_id` (only rows actually inserted, so a repeated
 * messageId is never folded twice). No row when nothing was stored.
 */
export function queueCte(workspaceId: string, eventsCte: string): RawBuilder<unknown> {
  const e = sql.raw(eventsCte);
  return sql`
    INSERT INTO cdp_fold_queue (workspace_id, event_ids, person_ids, events)
    SELECT ${workspaceId}, array_agg(id), array_agg(DISTINCT person_id), count(*)
    FROM ${e} WHERE person_id IS NOT NULL
    HAVING count(*) > 0
    RETURNING 1`;
}

/**
 * Folds the queue rows of `workspaceId` that `which` selects (rows the caller has locked): their
 * events into person_stats, their persons into segment_dirty, the rows deleted. Events no longer
 * there (erased) are skipped. Exported for bench/ingest, which measures its cost per event.
 */
export function foldStatement(workspaceId: string, which: RawBuilder<unknown>) {
  return sql<{ events: number; persons: number }>`
    WITH q AS (
      DELETE FROM cdp_fold_queue WHERE workspace_id = ${workspaceId} AND ${which} RETURNING event_ids
    ), folded AS (
      -- ANY(ARRAY(…)): one primary-key probe per event, whatever the planner thinks of q's size.
      SELECT e.person_id, e.type, e.event, e.occurred_at, e.properties, e.traits
      FROM events e
      WHERE e.workspace_id = ${workspaceId} AND e.id = ANY(ARRAY(SELECT unnest(q.event_ids) FROM q)) AND e.person_id IS NOT NULL
    ), stats AS (${statsCte(workspaceId, 'folded')}
    ), dirty AS (
      INSERT INTO segment_dirty (workspace_id, person_ids, events, traits)
      SELECT ${workspaceId}, array_agg(DISTINCT person_id),
             coalesce(array_agg(DISTINCT event) FILTER (WHERE event IS NOT NULL), '{}'),
             coalesce(bool_or(traits IS NOT NULL AND traits <> '{}'::jsonb), false)
      FROM folded HAVING count(*) > 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM folded)::int AS events, (SELECT count(*) FROM stats)::int AS persons,
           (SELECT count(*) FROM dirty)::int AS dirty`;
}

export interface FoldResult {
  /** Queue rows folded (and deleted). */
  rows: number;
  /** Events added to person_stats. */
  events: number;
  /** Claimable rows were left for the next fold (the event budget was reached). */
  more: boolean;
}

/**
 * One fold of a workspace's queue in one transaction: the identity lock shared, up to
 * CLAIM_ROWS rows claimed in id order with SKIP LOCKED (rows another fold holds, or that are not
 * committed yet, wait for a later claim), the first FOLD_EVENTS events' worth folded.
 */
export async function foldBatch(db: Db, workspaceId: string, hooks?: FoldedEvents): Promise<FoldResult> {
  return db.transaction().execute(async (trx) => {
    await sql.raw(sharedLockSql(workspaceId)).execute(trx);
    const claimed = await sql<{ id: string; events: number }>`
      SELECT id, events FROM cdp_fold_queue WHERE workspace_id = ${workspaceId}
      ORDER BY id LIMIT ${CLAIM_ROWS} FOR UPDATE SKIP LOCKED`.execute(trx);
    if (!claimed.rows.length) return { rows: 0, events: 0, more: false };
    const ids: string[] = [];
    let events = 0;
    for (const r of claimed.rows) {
      if (ids.length && events + r.events > FOLD_EVENTS) break;
      ids.push(String(r.id));
      events += r.events;
    }
    const tell = await hooks?.collect(trx, workspaceId, ids);
    const r = await foldStatement(workspaceId, sql`id = ANY(${ids}::bigint[])`).execute(trx);
    await tell?.();
    return {
      rows: ids.length,
      events: r.rows[0].events,
      more: ids.length < claimed.rows.length || claimed.rows.length === CLAIM_ROWS,
    };
  });
}

/**
 * Folds, inside the caller's transaction, every queue row that names one of `personIds` (a merge
 * or undo, before it recomputes their stats from all their events). Waits for a fold that holds
 * such a row; under the exclusive identity lock there is none.
 */
export async function foldPending(
  trx: Tx,
  workspaceId: string,
  personIds: string[],
  hooks?: FoldedEvents,
): Promise<number> {
  const locked = await sql<{ id: string }>`
    SELECT id FROM cdp_fold_queue WHERE workspace_id = ${workspaceId} AND person_ids && ${personIds}::uuid[]
    ORDER BY id FOR UPDATE`.execute(trx);
  if (!locked.rows.length) return 0;
  const ids = locked.rows.map((r) => String(r.id));
  const tell = await hooks?.collect(trx, workspaceId, ids);
  const r = await foldStatement(workspaceId, sql`id = ANY(${ids}::bigint[])`).execute(trx);
  await tell?.();
  return r.rows[0].events;
}

/**
 * VACUUMs both queues. Each ingest transaction adds a row and each fold deletes it: PGlite runs no
 * autovacuum, and without VACUUM the emptied pages of their primary keys and TOAST (a row's event
 * ids) are never reused, so every claim would walk further through dead entries. Cheap on a near
 * empty table, and harmless beside a server's autovacuum.
 */
export async function vacuumQueues(db: Db): Promise<void> {
  await sql`VACUUM cdp_fold_queue, segment_dirty`.execute(db);
}

/** Workspaces with queued rows (the poll). */
export async function queuedWorkspaces(db: DbOrTx): Promise<string[]> {
  const r = await sql<{ workspace_id: string }>`SELECT DISTINCT workspace_id FROM cdp_fold_queue`.execute(db);
  return r.rows.map((x) => x.workspace_id);
}

/** Queued rows, of one workspace or all. */
export async function queuedRows(db: DbOrTx, workspaceId?: string): Promise<number> {
  const r = workspaceId
    ? await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM cdp_fold_queue WHERE workspace_id = ${workspaceId}`.execute(db)
    : await sql<{ n: number }>`SELECT count(*)::int AS n FROM cdp_fold_queue`.execute(db);
  return r.rows[0].n;
}
