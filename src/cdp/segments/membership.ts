import { sql, type RawBuilder } from 'kysely';
import type { Db, DbOrTx } from '../../core/db/schema.ts';
import { invalid } from '../../core/errors.ts';
import { decodeCursor, keysetPage } from '../../core/http/pagination.ts';
import type { PersonDirectory } from '../directory.ts';

/** Timeline entries of membership changes: type `segment`, these event names. */
export const ENTERED = 'Segment Entered';
export const EXITED = 'Segment Exited';

/**
 * Told, inside the transaction that wrote them, of a segment's enters and exits (webhooks, size
 * history and audience syncs build on it). It runs in that transaction: what it writes commits or
 * rolls back with the membership.
 */
export type MembershipListener = (
  trx: DbOrTx,
  change: {
    workspaceId: string;
    segment: { id: string; name: string; version: number };
    entered: readonly string[];
    exited: readonly string[];
    at: Date;
  },
) => Promise<void>;

/**
 * Whose stored membership a change compares with: these ids, the persons a subquery gives
 * (`SELECT person_id …`), or everyone (null).
 */
export type Scope = readonly string[] | RawBuilder<unknown> | null;

/**
 * The one writer of `segment_members`, for rules (recompute, incremental evaluate) and lists
 * (members added, removed, uploaded) alike: the difference between the stored membership and what
 * it should be, each enter and exit a timeline entry, the listeners told, in the caller's
 * transaction. Also the readers of stored membership (sizes, member pages, a person's segments).
 */
export class Membership {
  private listeners: MembershipListener[] = [];

  constructor(
    private db: Db,
    private directory: PersonDirectory,
  ) {}

  /** Adds a listener of membership changes (see MembershipListener). */
  onChange(listener: MembershipListener): void {
    this.listeners.push(listener);
  }

  /**
   * Makes the stored membership of the persons in `scope` equal to `fresh` in one statement: the
   * ones missing enter, the ones no longer there exit. `fresh` is a `SELECT person_id` query with
   * one row per person, all of them in `scope` (the caller restricts it: a rule compiled with
   * `only`, a list's ids). Returns the ids that entered and exited, and how many persons of the
   * scope are members now (for a scope of everyone: the size).
   */
  async apply(
    trx: DbOrTx,
    ws: string,
    seg: { id: string; name: string; version: number },
    fresh: RawBuilder<unknown>,
    scope: Scope,
    now: Date,
  ): Promise<{ entered: string[]; exited: string[]; members: number }> {
    const sourceId = await this.directory.internalSource(trx, ws);
    const ms = now.getTime();
    const inScope =
      scope === null
        ? sql``
        : Array.isArray(scope)
          ? sql`AND person_id = ANY(${scope}::uuid[])`
          : sql`AND person_id IN (${scope as RawBuilder<unknown>})`;
    // A UUIDv7 made in SQL (the time part is `now`), so that timeline entries sort like the others.
    const eventId = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(${ms}::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;
    const props = (event: string): RawBuilder<unknown> =>
      sql`jsonb_build_object('segmentId', ${seg.id}::text, 'segmentName', ${seg.name}::text, 'version', ${seg.version}::int, 'change', ${event}::text)`;
    const r = await sql<{ entered: string[]; exited: string[]; members: number }>`
      WITH fresh AS MATERIALIZED (${fresh}),
      cur AS MATERIALIZED (
        SELECT person_id FROM segment_members
        WHERE workspace_id = ${ws} AND segment_id = ${seg.id} AND exited_at IS NULL ${inScope}
      ),
      -- A FULL JOIN is a hash or merge join whatever the estimates (CTEs have no statistics; an
      -- anti-join planned as a nested loop over two CTE scans was quadratic: 75 s for 10k members).
      diff AS MATERIALIZED (
        SELECT coalesce(f.person_id, c.person_id) AS person_id, f.person_id IS NOT NULL AS now_in
        FROM fresh f FULL JOIN cur c ON c.person_id = f.person_id
        WHERE f.person_id IS NULL OR c.person_id IS NULL
      ),
      entering AS (SELECT person_id FROM diff WHERE now_in),
      leaving AS (SELECT person_id FROM diff WHERE NOT now_in),
      entered AS (
        INSERT INTO segment_members (workspace_id, segment_id, person_id, entered_at, exited_at)
        SELECT ${ws}, ${seg.id}, person_id, ${now}, NULL FROM entering
        ON CONFLICT (workspace_id, segment_id, person_id) DO UPDATE SET entered_at = excluded.entered_at, exited_at = NULL
        RETURNING person_id
      ),
      exited AS (
        UPDATE segment_members m SET exited_at = ${now}
        FROM leaving l
        WHERE m.workspace_id = ${ws} AND m.segment_id = ${seg.id} AND m.person_id = l.person_id AND m.exited_at IS NULL
        RETURNING m.person_id
      ),
      changes AS (
        SELECT person_id, ${ENTERED}::text AS event, 'in' AS dir FROM entered
        UNION ALL SELECT person_id, ${EXITED}::text, 'out' FROM exited
      ),
      logged AS (
        INSERT INTO events (workspace_id, id, message_id, type, event, person_id, source_id, origin, occurred_at, received_at, properties)
        SELECT ${ws}, ${eventId}, 'seg:' || ${seg.id}::text || ':' || person_id::text || ':' || dir || ':' || ${String(ms)}, 'segment', event, person_id, ${sourceId}, 'first', ${now}, ${now},
               CASE dir WHEN 'in' THEN ${props('entered')} ELSE ${props('exited')} END
        FROM changes
        ON CONFLICT (workspace_id, message_id) DO NOTHING
      )
      SELECT coalesce((SELECT array_agg(person_id::text) FROM entered), '{}'::text[]) AS entered,
             coalesce((SELECT array_agg(person_id::text) FROM exited), '{}'::text[]) AS exited,
             (SELECT count(*)::int FROM fresh) AS members
    `.execute(trx);
    const { entered, exited, members } = r.rows[0];
    if (entered.length || exited.length)
      for (const listener of this.listeners)
        await listener(trx, {
          workspaceId: ws,
          segment: { id: seg.id, name: seg.name, version: seg.version },
          entered,
          exited,
          at: now,
        });
    return { entered, exited, members };
  }

  /** Current sizes of segments. */
  async sizes(ws: string, ids: string[], db: DbOrTx = this.db): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('segment_members')
      .select(['segment_id', sql<number>`count(*)::int`.as('n')])
      .where('workspace_id', '=', ws)
      .where('segment_id', 'in', ids)
      .where('exited_at', 'is', null)
      .groupBy('segment_id')
      .execute();
    return new Map(rows.map((r) => [r.segment_id, r.n]));
  }

  /** A page of current members, newest first: `{ data: [{ personId, enteredAt }], nextCursor }`. */
  async page(ws: string, id: string, q: { limit: number; cursor?: string }) {
    const c = decodeCursor<{ e: string; p: string }>(q.cursor);
    if (c && (typeof c.e !== 'string' || typeof c.p !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.p)))
      throw invalid('cursor', 'malformed cursor', 'MALFORMED');
    const rows = await sql<{ person_id: string; entered_at: Date; k: string }>`
      SELECT person_id, entered_at, entered_at::text AS k FROM segment_members
      WHERE workspace_id = ${ws} AND segment_id = ${id} AND exited_at IS NULL
        ${c ? sql`AND (entered_at, person_id) < (${c.e}::timestamptz, ${c.p}::uuid)` : sql``}
      ORDER BY entered_at DESC, person_id DESC
      LIMIT ${q.limit + 1}
    `.execute(this.db);
    return keysetPage(
      rows.rows,
      q.limit,
      (r) => ({ personId: r.person_id, enteredAt: r.entered_at }),
      (last) => ({ e: last.k, p: last.person_id }),
    );
  }

  /** The ids of the segments a person is in now. */
  async segmentsOf(ws: string, personId: string, db: DbOrTx = this.db): Promise<string[]> {
    const rows = await db
      .selectFrom('segment_members')
      .select('segment_id')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .where('exited_at', 'is', null)
      .orderBy('segment_id')
      .execute();
    return rows.map((r) => r.segment_id);
  }
}
