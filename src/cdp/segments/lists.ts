import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Audit } from '../../core/audit/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Db, DbOrTx, Tx } from '../../core/db/schema.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import type { MergeNotice } from '../directory.ts';
import type { Evaluator } from './follower.ts';
import type { Membership } from './membership.ts';
import { listModule } from './references.ts';

/** Person ids per add or remove call. */
export const MAX_LIST_IDS = 1000;
/** Persons per re-evaluation of the rules that refer to a list. */
const PROPAGATE_CHUNK = 1000;
/** The durable second pass of a list change's propagation (see Lists). */
export const PROPAGATE_JOB = 'segments.lists-propagate';
/** When it runs: late enough that the immediate pass has long done the work in the common case. */
const PROPAGATE_AFTER_SECONDS = 15;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The segment row a list operation works on. */
export interface ListRow {
  id: string;
  name: string;
  version: number;
}

/** 409 for a list operation on a segment whose members follow a rule. */
export const notAList = () =>
  new AppError('NOT_A_LIST', 'The segment is not a list: its members follow its rule', [
    { path: 'id', message: 'a rule segment' },
  ]);

/**
 * Static lists: segments of kind 'list', whose members are the ones put in them (by hand here,
 * by CSV in list-uploads.ts). Adding and removing go through the same writer as rules
 * (membership.ts): timeline entries 'Segment Entered' / 'Segment Exited' and the membership
 * listeners, in the transaction of the change.
 *
 * A rule that refers to a list (`{"segment":"<list id>"}`) reads its stored members. Once a change
 * commits, the persons it touched are re-evaluated (Segments.evaluate) for the rule segments that
 * listen for that list (trigger `module list:<id>`, expanded through references): the cost follows
 * the change, not the size of the segments, as for any other event. The same persons are queued,
 * in the change's transaction, for a second pass a little later (PROPAGATE_JOB): evaluate is
 * idempotent, so a process that dies between the commit and the first pass, or a pass that
 * fails, loses nothing.
 */
export class Lists {
  constructor(
    private db: Db,
    private audit: Audit,
    private membership: Membership,
    private evaluator: Evaluator,
    private jobs: Jobs,
    private log: Logger,
  ) {
    jobs.define<{ listId: string; personIds: string[] }>({
      name: PROPAGATE_JOB,
      retryLimit: 5,
      retryDelaySeconds: 10,
      retryBackoff: true,
      handler: (data, ctx) => this.propagate(ctx.workspaceId, data.listId, data.personIds, true),
    });
  }

  /** Queues, in the transaction of a list change, the durable second pass for the persons it touched. */
  async queuePropagate(trx: DbOrTx, ws: string, listId: string, personIds: readonly string[]): Promise<void> {
    for (let i = 0; i < personIds.length; i += PROPAGATE_CHUNK)
      await this.jobs.enqueue(
        ws,
        PROPAGATE_JOB,
        { listId, personIds: personIds.slice(i, i + PROPAGATE_CHUNK) },
        { trx, startAfterSeconds: PROPAGATE_AFTER_SECONDS },
      );
  }

  /** Adds persons (1–1000 ids of this workspace's persons) to a list; returns how many entered. */
  async add(actor: Actor, id: string, personIds: readonly string[] | undefined): Promise<{ added: number }> {
    const ws = actor.workspaceId;
    const entered = await this.db.transaction().execute(async (trx) => {
      const seg = await this.lockList(trx, ws, id);
      const live = await this.livePersons(trx, ws, personIds);
      const fresh = sql`SELECT DISTINCT x AS person_id FROM unnest(${live}::uuid[]) AS x`;
      const r = await this.membership.apply(trx, ws, seg, fresh, live, new Date());
      await this.record(trx, actor, seg, r.entered.length, 0);
      await this.queuePropagate(trx, ws, id, r.entered);
      return r.entered;
    });
    await this.propagate(ws, id, entered);
    return { added: entered.length };
  }

  /** Removes persons (1–1000 ids of this workspace's persons) from a list; returns how many exited. */
  async remove(actor: Actor, id: string, personIds: readonly string[] | undefined): Promise<{ removed: number }> {
    const ws = actor.workspaceId;
    const exited = await this.db.transaction().execute(async (trx) => {
      const seg = await this.lockList(trx, ws, id);
      const live = await this.livePersons(trx, ws, personIds);
      // The ids as given and the persons they were merged into.
      const scope = [...new Set([...(personIds ?? []).map((p) => p.toLowerCase()), ...live])];
      const none = sql`SELECT NULL::uuid AS person_id WHERE false`;
      const r = await this.membership.apply(trx, ws, seg, none, scope, new Date());
      await this.record(trx, actor, seg, 0, r.exited.length);
      await this.queuePropagate(trx, ws, id, r.exited);
      return r.exited;
    });
    await this.propagate(ws, id, exited);
    return { removed: exited.length };
  }

  /**
   * A merge (directory.onMerge, in its transaction): the lists the merged-away person was in pass
   * to the survivor, who enters them (unless a member already) while the merged-away exits. An
   * undone merge leaves the lists as they are. Rules that refer to those lists catch up with the
   * survivor at their next evaluation or recompute.
   */
  async onMerge(trx: Tx, ws: string, m: MergeNotice): Promise<void> {
    const lists = await sql<ListRow>`
      SELECT s.id, s.name, s.version FROM segment_members sm
      JOIN segments s ON s.workspace_id = sm.workspace_id AND s.id = sm.segment_id
      WHERE sm.workspace_id = ${ws} AND sm.person_id = ${m.from} AND sm.exited_at IS NULL AND s.kind = 'list'
      ORDER BY s.id
    `.execute(trx);
    const now = new Date();
    for (const list of lists.rows) {
      await this.membership.apply(trx, ws, list, sql`SELECT ${m.into}::uuid AS person_id`, [m.into], now);
      await this.membership.apply(trx, ws, list, sql`SELECT NULL::uuid AS person_id WHERE false`, [m.from], now);
      await this.queuePropagate(trx, ws, list.id, [m.into, m.from]);
    }
  }

  /** The list, locked for the change: 404 when not in this workspace, 409 NOT_A_LIST for a rule segment. */
  async lockList(trx: DbOrTx, ws: string, id: string): Promise<ListRow> {
    const seg = await trx
      .selectFrom('segments')
      .select(['id', 'name', 'version', 'kind'])
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!seg) throw notFound('Segment');
    if (seg.kind !== 'list') throw notAList();
    return seg;
  }

  /** The list without a lock (routes check it before reading an upload's body). */
  async assertList(ws: string, id: string): Promise<ListRow> {
    return this.lockList(this.db, ws, id);
  }

  /**
   * Re-evaluates, for the persons a list change touched, the rule segments that refer to the list
   * (directly or through others).
   */
  async propagate(ws: string, listId: string, personIds: readonly string[], queued = false): Promise<void> {
    const change = { modules: [listModule(listId)] };
    for (let i = 0; i < personIds.length; i += PROPAGATE_CHUNK) {
      try {
        await this.evaluator.evaluate(ws, personIds.slice(i, i + PROPAGATE_CHUNK), change);
      } catch (err) {
        // The queued pass is retried by its job; the immediate one leaves the work to it.
        if (queued) throw err;
        this.log.warn(
          { err, workspaceId: ws, listId },
          'segments referring to a list not updated yet; queued pass follows',
        );
        return;
      }
    }
  }

  /**
   * The live persons of `ids` (a merged-away id gives the person it was merged into). Refuses,
   * naming `personIds.N`, a missing or oversized list, an id that is not a UUID, and one that is
   * no person of this workspace.
   */
  private async livePersons(trx: DbOrTx, ws: string, ids: readonly string[] | undefined): Promise<string[]> {
    if (!ids?.length) throw invalid('personIds', `1 to ${MAX_LIST_IDS} person ids`, 'REQUIRED');
    if (ids.length > MAX_LIST_IDS)
      throw new AppError('VALIDATION_FAILED', `personIds: at most ${MAX_LIST_IDS} ids`, [
        { path: 'personIds', message: `at most ${MAX_LIST_IDS} ids`, code: 'TOO_MANY', limit: MAX_LIST_IDS },
      ]);
    for (const [i, p] of ids.entries())
      if (typeof p !== 'string' || !UUID.test(p))
        throw invalid(`personIds.${i}`, 'must be a person id (UUID)', 'INVALID_UUID');
    // A merged-away id leads, through merged_into (a chain when it was merged before its survivor was), to a live person.
    const rows = await sql<{ i: number; live: string | null }>`
      WITH RECURSIVE x AS (
        SELECT id, i FROM unnest(${ids.map((p) => p.toLowerCase())}::uuid[]) WITH ORDINALITY AS x(id, i)
      ),
      chain AS (
        SELECT x.i, p.id, p.merged_into, 0 AS hops
        FROM x JOIN persons p ON p.workspace_id = ${ws} AND p.id = x.id
        UNION ALL
        SELECT c.i, p.id, p.merged_into, c.hops + 1
        FROM chain c JOIN persons p ON p.workspace_id = ${ws} AND p.id = c.merged_into
        WHERE c.hops < 100
      )
      SELECT x.i::int - 1 AS i, (SELECT c.id::text FROM chain c WHERE c.i = x.i AND c.merged_into IS NULL LIMIT 1) AS live
      FROM x ORDER BY x.i
    `.execute(trx);
    const missing = rows.rows.find((r) => !r.live);
    if (missing) throw invalid(`personIds.${missing.i}`, 'no person with this id in this workspace', 'INVALID_OPTION');
    return [...new Set(rows.rows.map((r) => r.live!))];
  }

  /** The change in the audit log (and as `segment.updated` to webhooks): the list's size before and after. */
  async record(trx: DbOrTx, actor: Actor, seg: ListRow, added: number, removed: number): Promise<void> {
    if (!added && !removed) return;
    const size = (await this.membership.sizes(actor.workspaceId, [seg.id], trx)).get(seg.id) ?? 0;
    await this.audit.record(trx, actor, {
      action: 'update',
      entityType: 'segment',
      entityId: seg.id,
      before: { size: size - added + removed },
      after: { size },
    });
  }
}
