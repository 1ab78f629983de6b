import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';

/** A tracked event handed to a fold listener (fold-queue.ts), read in the fold's transaction. */
export interface FoldedEvent {
  id: string;
  personId: string;
  event: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Which event names a listener wants in a workspace now (cheap: called on every fold; the caller
 * caches). `db` is the fold's transaction: on PGlite, its one connection.
 */
export type FoldedEventNames = (workspaceId: string, db: DbOrTx) => Promise<ReadonlySet<string>>;
/** Runs inside the fold's transaction: what it writes commits with the fold, or neither does. */
export type FoldedEventListener = (trx: Tx, workspaceId: string, events: FoldedEvent[]) => Promise<void>;

/**
 * The listeners of folded events (journeys: entries, waits on an event, goals). A fold hands them
 * the events of the queue rows it folds, in its own transaction, so each event reaches them once:
 * with the fold that deleted its queue row, never again and never lost (a fold that rolls back
 * leaves the rows, and their events, for the next). A fold costs nothing more while no listener
 * wants any of the workspace's event names: the events are read only when one does, and only
 * those of the names wanted.
 */
export class FoldedEvents {
  private listeners: { names: FoldedEventNames; listener: FoldedEventListener }[] = [];

  add(names: FoldedEventNames, listener: FoldedEventListener): void {
    this.listeners.push({ names, listener });
  }

  /**
   * Before the fold statement deletes the queue rows `rowIds` (bigint ids) of `workspaceId`: reads
   * their events of the names wanted; returns a function that tells the listeners (call it after
   * the fold statement, in the same transaction), or null when nobody wants any.
   */
  async collect(trx: Tx, workspaceId: string, rowIds: string[]): Promise<(() => Promise<void>) | null> {
    if (!this.listeners.length || !rowIds.length) return null;
    const wanted: { names: string[]; listener: FoldedEventListener }[] = [];
    for (const l of this.listeners) {
      const names = await l.names(workspaceId, trx);
      if (names.size) wanted.push({ names: [...names], listener: l.listener });
    }
    if (!wanted.length) return null;
    const all = [...new Set(wanted.flatMap((w) => w.names))];
    const r = await sql<{
      id: string;
      person_id: string;
      event: string;
      properties: Record<string, unknown> | null;
      occurred_at: Date;
    }>`
      SELECT e.id, e.person_id, e.event, e.properties, e.occurred_at
      FROM events e
      WHERE e.workspace_id = ${workspaceId} AND e.person_id IS NOT NULL AND e.event = ANY(${all}::text[])
        AND e.id = ANY(ARRAY(SELECT unnest(q.event_ids) FROM cdp_fold_queue q WHERE q.workspace_id = ${workspaceId} AND q.id = ANY(${rowIds}::bigint[])))
      ORDER BY e.occurred_at, e.id`.execute(trx);
    if (!r.rows.length) return null;
    const events: FoldedEvent[] = r.rows.map((e) => ({
      id: e.id,
      personId: e.person_id,
      event: e.event,
      properties: e.properties ?? {},
      occurredAt: new Date(e.occurred_at),
    }));
    return async () => {
      for (const w of wanted) {
        const names = new Set(w.names);
        const mine = events.filter((e) => names.has(e.event));
        if (mine.length) await w.listener(trx, workspaceId, mine);
      }
    };
  }
}
