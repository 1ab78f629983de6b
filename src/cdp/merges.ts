import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Tx } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { lockIdentities } from './identity.ts';
import { recomputeStats } from './computed-traits.ts';
import { foldPending } from './fold-queue.ts';
import type { MergeHooks } from './directory.ts';
import type { FoldedEvents } from './fold-events.ts';

/**
 * Merges of two persons and their undo. Each merge records what it moved (identities, events,
 * traits) so that it can be undone; the merge hooks other modules register run in its transaction.
 */
export class Merges {
  constructor(
    private db: Db,
    private audit: Audit,
    private log: Logger,
    private mergeHooks: MergeHooks,
    /** Told of the events a merge folds early (fold-events.ts). */
    private foldedEvents?: FoldedEvents,
  ) {}

  /**
   * Moves everything of `from` into `into`, recording what moved so that it can be undone, then
   * runs the merge hooks (directory.onMerge) in the same transaction. Every merge goes through
   * here: ingest (identify, alias, batch) and mergeIn.
   */
  async applyMerge(trx: Tx, actor: Actor, from: string, into: string, reason: string, origin: string | null = null) {
    const ws = actor.workspaceId;
    const id = newId();
    const persons = await trx
      .selectFrom('persons')
      .select(['id', 'traits', 'trait_meta'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', [from, into])
      .forUpdate()
      .execute();
    // Their events still queued for the computed traits follower are folded now: the recompute
    // below counts every event of theirs, and a later fold must not add those again.
    await foldPending(trx, ws, [from, into], this.foldedEvents);
    const fromTraits = persons.find((p) => p.id === from)?.traits ?? {};
    const intoTraits = persons.find((p) => p.id === into)?.traits ?? {};
    const traitMetaMerged = {
      ...(persons.find((p) => p.id === from)?.trait_meta ?? {}),
      ...(persons.find((p) => p.id === into)?.trait_meta ?? {}),
    };
    const moved = await trx
      .updateTable('identities')
      .set({ person_id: into })
      .where('workspace_id', '=', ws)
      .where('person_id', '=', from)
      .returning(['kind', 'value'])
      .execute();
    const ev = await sql<{ n: number }>`
      WITH recorded AS (
        INSERT INTO merge_events (workspace_id, merge_id, event_id)
        SELECT workspace_id, ${id}, id FROM events WHERE workspace_id = ${ws} AND person_id = ${from}
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM recorded
    `.execute(trx);
    await trx
      .updateTable('events')
      .set({ person_id: into })
      .where('workspace_id', '=', ws)
      .where('person_id', '=', from)
      .execute();
    await trx
      .updateTable('persons')
      .set({ merged_into: into, updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', from)
      .execute();
    await recomputeStats(trx, ws, into);
    await recomputeStats(trx, ws, from);
    await trx
      .updateTable('persons')
      .set({
        traits: JSON.stringify({ ...fromTraits, ...intoTraits }),
        trait_meta: JSON.stringify(traitMetaMerged),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', into)
      .execute();
    const identities = moved.map((m) => ({ kind: m.kind, value: m.value }));
    await trx
      .insertInto('merges')
      .values({
        workspace_id: ws,
        id,
        from_person: from,
        into_person: into,
        reason,
        identities: JSON.stringify(identities) as any,
        event_count: ev.rows[0].n,
        from_traits: JSON.stringify(fromTraits),
        into_traits: JSON.stringify(intoTraits),
      })
      .execute();
    await this.mergeHooks.run('merge', trx, ws, { mergeId: id, from, into, reason, actor, origin });
    const view = { id, fromPerson: from, intoPerson: into, reason, identities, eventCount: ev.rows[0].n };
    await this.audit.record(trx, actor, {
      action: 'create',
      entityType: 'merge',
      entityId: id,
      after: view,
      record: view,
    });
    this.log.debug({ merge: view }, 'persons merged');
    return id;
  }

  async listMerges(workspaceId: string, q: { personId?: string; limit: number; cursor?: string }) {
    let query = this.db.selectFrom('merges').selectAll().where('workspace_id', '=', workspaceId);
    if (q.personId)
      query = query.where((eb) => eb.or([eb('from_person', '=', q.personId!), eb('into_person', '=', q.personId!)]));
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) query = query.where('id', '<', c.id);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, mergeView, (r) => ({ id: r.id }));
  }

  /**
   * Undoes a merge: the identifiers and events it moved go back to the original person, which
   * becomes a person of its own again. Traits the merge brought in (and nobody changed since) leave
   * the surviving person. Events that arrived after the merge stay where they were resolved.
   */
  async undoMerge(actor: Actor, id: string) {
    return this.db.transaction().execute((trx) => this.undoMergeIn(trx, actor, id));
  }

  /**
   * Merges `from` into `into` inside the caller's transaction (the CRM's merge of duplicates);
   * `origin` is handed to the merge hooks (MergeNotice.origin).
   */
  async mergeIn(
    trx: Tx,
    actor: Actor,
    from: string,
    into: string,
    reason: string,
    origin: string | null = null,
  ): Promise<string> {
    await lockIdentities(trx, actor.workspaceId);
    return this.applyMerge(trx, actor, from, into, reason, origin);
  }

  /** undoMerge inside the caller's transaction; runs the undo hooks (directory.onUndoMerge) before it returns. */
  async undoMergeIn(trx: Tx, actor: Actor, id: string, origin: string | null = null) {
    const ws = actor.workspaceId;
    {
      await lockIdentities(trx, ws);
      const m = await trx
        .selectFrom('merges')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!m) throw notFound('Merge');
      if (m.undone_at) throw new AppError('CONFLICT', 'This merge has already been undone');
      // As in applyMerge: queued events of both are folded before their stats are recomputed.
      await foldPending(trx, ws, [m.from_person, m.into_person], this.foldedEvents);
      if (m.identities.length)
        await sql`
          UPDATE identities i SET person_id = ${m.from_person}
          FROM jsonb_to_recordset(${JSON.stringify(m.identities)}::jsonb) AS x(kind text, value text)
          WHERE i.workspace_id = ${ws} AND i.kind = x.kind AND i.value = x.value
        `.execute(trx);
      await sql`
        UPDATE events e SET person_id = ${m.from_person}
        FROM merge_events me
        WHERE me.workspace_id = ${ws} AND me.merge_id = ${id} AND e.workspace_id = ${ws} AND e.id = me.event_id
      `.execute(trx);
      await trx
        .updateTable('persons')
        .set({ merged_into: null, traits: JSON.stringify(m.from_traits), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', m.from_person)
        .execute();
      await recomputeStats(trx, ws, m.from_person);
      await recomputeStats(trx, ws, m.into_person);
      const into = await trx
        .selectFrom('persons')
        .select(['traits', 'trait_meta'])
        .where('workspace_id', '=', ws)
        .where('id', '=', m.into_person)
        .executeTakeFirst();
      if (into) {
        const traits = { ...into.traits };
        const meta = { ...into.trait_meta };
        for (const [k, v] of Object.entries(m.from_traits))
          if (!(k in m.into_traits) && JSON.stringify(traits[k]) === JSON.stringify(v)) {
            delete traits[k];
            delete meta[k];
          }
        await trx
          .updateTable('persons')
          .set({ traits: JSON.stringify(traits), trait_meta: JSON.stringify(meta), updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', m.into_person)
          .execute();
      }
      const after = await trx
        .updateTable('merges')
        .set({ undone_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = mergeView(after);
      await this.mergeHooks.run('undo', trx, ws, {
        mergeId: id,
        from: m.from_person,
        into: m.into_person,
        reason: m.reason,
        actor,
        origin,
      });
      await this.audit.record(trx, actor, {
        action: 'undone',
        entityType: 'merge',
        entityId: id,
        before: { undoneAt: null },
        after: { undoneAt: view.undoneAt },
        record: view,
      });
      return view;
    }
  }
}

function mergeView(m: {
  id: string;
  from_person: string;
  into_person: string;
  reason: string;
  identities: { kind: string; value: string }[];
  event_count: number;
  created_at: Date;
  undone_at: Date | null;
}) {
  return {
    id: m.id,
    fromPerson: m.from_person,
    intoPerson: m.into_person,
    reason: m.reason,
    identities: m.identities,
    eventCount: m.event_count,
    createdAt: m.created_at,
    undoneAt: m.undone_at,
  };
}
