import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../core/db/schema.ts';
import type { MembershipListener } from './segments.ts';

export interface SegmentSizesTable {
  workspace_id: string;
  segment_id: string;
  /** A UTC day, read as 'YYYY-MM-DD'. */
  day: string;
  size: number;
  entered: number;
  exited: number;
}

declare module '../../core/db/schema.ts' {
  interface DB {
    segment_sizes: SegmentSizesTable;
  }
}

export interface HistoryDay {
  day: string;
  size: number;
  entered: number;
  exited: number;
}

const DAY_MS = 86_400_000;
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A segment's size over time: one row per UTC day with a change, written by the membership
 * listener in the transaction of the change (one statement per batch, no count of the members
 * except for a segment's first row), read back with the days between carried forward.
 */
export class SegmentHistory {
  constructor(private db: Db) {}

  /** The membership listener (Segments.onMembership). */
  readonly record: MembershipListener = async (trx, change) => {
    const e = change.entered.length;
    const x = change.exited.length;
    if (!e && !x) return;
    const ws = change.workspaceId;
    const seg = change.segment.id;
    const day = utcDay(change.at);
    // The day's row grows by this change. A day's first row starts from the day before's size; a
    // segment's first row counts the members (after this change) less what later days changed (a
    // batch stamped in the past) — once in its life: the count is never made when the row exists.
    // Days after `day` (the same case) shift by this change.
    await sql`
      WITH later AS (
        UPDATE segment_sizes SET size = size + ${e - x}::int
        WHERE workspace_id = ${ws} AND segment_id = ${seg} AND day > ${day}::date
      ),
      same AS (
        UPDATE segment_sizes SET size = size + ${e - x}::int, entered = entered + ${e}::int, exited = exited + ${x}::int
        WHERE workspace_id = ${ws} AND segment_id = ${seg} AND day = ${day}::date
        RETURNING 1
      )
      INSERT INTO segment_sizes (workspace_id, segment_id, day, size, entered, exited)
      SELECT ${ws}, ${seg}, ${day}::date, coalesce(
        (SELECT size FROM segment_sizes WHERE workspace_id = ${ws} AND segment_id = ${seg} AND day < ${day}::date ORDER BY day DESC LIMIT 1) + ${e - x}::int,
        (SELECT count(*)::int FROM segment_members WHERE workspace_id = ${ws} AND segment_id = ${seg} AND exited_at IS NULL)
          - (SELECT coalesce(sum(entered - exited), 0)::int FROM segment_sizes WHERE workspace_id = ${ws} AND segment_id = ${seg} AND day > ${day}::date)
      ), ${e}, ${x}
      WHERE NOT EXISTS (SELECT 1 FROM same)
      -- Two first writers of a day: the second adds to the first's row.
      ON CONFLICT (workspace_id, segment_id, day) DO UPDATE SET
        size = segment_sizes.size + ${e - x}::int,
        entered = segment_sizes.entered + ${e}::int,
        exited = segment_sizes.exited + ${x}::int
    `.execute(trx);
  };

  /**
   * The last `days` UTC days up to `now`'s, oldest first, from the day the segment was created;
   * days without a change carry the size before them. `segment.size` is its size now (for a
   * segment with no recorded change at all). The caller checks that the segment exists.
   */
  async days(
    ws: string,
    segment: { id: string; createdAt: Date | string; size: number },
    days: number,
    now = new Date(),
  ): Promise<HistoryDay[]> {
    const today = utcDay(now);
    const from = utcDay(new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY_MS));
    const created = utcDay(new Date(segment.createdAt));
    // The later of the two (YYYY-MM-DD strings sort as days).
    const first = [from, created].sort()[1];
    if (first > today) return [];
    const rows = await this.db
      .selectFrom('segment_sizes')
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('d'), 'size', 'entered', 'exited'])
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segment.id)
      .where('day', '>=', first)
      .orderBy('day')
      .execute();
    const before = await this.db
      .selectFrom('segment_sizes')
      .select('size')
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segment.id)
      .where('day', '<', first)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst();
    // The size before the range: the last day before it, or before the first change recorded, or
    // (nothing recorded) the size now.
    let carry = before ? before.size : rows.length ? rows[0].size - rows[0].entered + rows[0].exited : segment.size;
    const byDay = new Map(rows.map((r) => [r.d, r]));
    const out: HistoryDay[] = [];
    for (let t = Date.parse(`${first}T00:00:00Z`); utcDay(new Date(t)) <= today; t += DAY_MS) {
      const d = utcDay(new Date(t));
      const r = byDay.get(d);
      if (r) carry = r.size;
      out.push({ day: d, size: carry, entered: r?.entered ?? 0, exited: r?.exited ?? 0 });
    }
    return out;
  }

  /** Drops the rows of segments that no longer exist (a deleted segment's history). */
  async removeOrphans(db: DbOrTx = this.db): Promise<number> {
    const r = await sql`
      DELETE FROM segment_sizes h WHERE NOT EXISTS (
        SELECT 1 FROM segments s WHERE s.workspace_id = h.workspace_id AND s.id = h.segment_id
      )`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  }
}
