import { sql, type Generated, type Selectable } from 'kysely';
import type { Db, DbOrTx } from '../../core/db/schema.ts';
import type { Audit } from '../../core/audit/audit.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Outbound } from '../../core/net/outbound.ts';
import { notFound } from '../../core/errors.ts';
import { isUuid, newId, randomToken } from '../../core/ids.ts';
import type { MembershipListener } from './segments.ts';

export interface SegmentDestinationsTable {
  workspace_id: string;
  id: string;
  segment_id: string;
  url: string;
  description: Generated<string>;
  secret: string;
  active: Generated<boolean>;
  /** bigint: read as a string. */
  cursor: Generated<string>;
  sync_pending: Generated<boolean>;
  lease_until: Date | null;
  last_sync_at: Date | null;
  last_status: string | null;
  last_error: string | null;
  created_at: Generated<Date>;
}

export interface SegmentChangesTable {
  workspace_id: string;
  segment_id: string;
  person_id: string;
  seq: string;
}

declare module '../../core/db/schema.ts' {
  interface DB {
    segment_destinations: SegmentDestinationsTable;
    segment_changes: SegmentChangesTable;
  }
}

export const SYNC_JOB = 'segments.destination-sync';
/** How long changes gather before a destination's sync runs (one queued sync per destination). */
export const SYNC_DEBOUNCE_SECONDS = 2;

const view = (r: Selectable<SegmentDestinationsTable>, withSecret: boolean) => ({
  id: r.id,
  segmentId: r.segment_id,
  url: r.url,
  description: r.description,
  active: r.active,
  lastSyncAt: r.last_sync_at,
  lastStatus: r.last_status as 'succeeded' | 'failed' | null,
  lastError: r.last_error,
  createdAt: r.created_at,
  ...(withSecret ? { secret: r.secret } : {}),
});
export type DestinationView = ReturnType<typeof view>;

/**
 * Audience destinations: URLs that receive a segment's added/removed members as signed deltas
 * (destination-sync.ts sends them). The membership listener `track` notes, for segments with a
 * destination only, which persons changed under a per-segment sequence, and queues one debounced
 * sync per destination.
 */
export class SegmentDestinations {
  constructor(
    private db: Db,
    private audit: Audit,
    private jobs: Jobs,
    private outbound: Outbound,
  ) {}

  async list(ws: string, segmentId: string): Promise<DestinationView[]> {
    const rows = await this.db
      .selectFrom('segment_destinations')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segmentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => view(r, false));
  }

  /** A new destination (its URL through the outbound policy); a full sync is queued at once. Returns the secret once. */
  async create(actor: Actor, segmentId: string, input: { url: string; description?: string }) {
    const ws = actor.workspaceId;
    await this.outbound.checkUrl(input.url, 'url');
    return this.db.transaction().execute(async (trx) => {
      // Shares the lock every membership write holds: writes in flight commit first (the full sync
      // below reads them), later ones see this destination and note their changes.
      const seg = await trx
        .selectFrom('segments')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', segmentId)
        .forShare()
        .executeTakeFirst();
      if (!seg) throw notFound('Segment');
      const row = await trx
        .insertInto('segment_destinations')
        .values({
          workspace_id: ws,
          id: newId(),
          segment_id: segmentId,
          url: input.url,
          description: input.description?.trim() ?? '',
          secret: `audsec_${randomToken(24)}`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const v = view(row, false);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'segment_destination',
        entityId: row.id,
        after: v,
        record: v,
      });
      await this.jobs.enqueue(ws, SYNC_JOB, { destinationId: row.id, full: true }, { trx });
      return view(row, true);
    });
  }

  async remove(actor: Actor, segmentId: string, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, ws, segmentId, id);
      await trx.deleteFrom('segment_destinations').where('workspace_id', '=', ws).where('id', '=', id).execute();
      const v = view(before, false);
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'segment_destination',
        entityId: id,
        before: v,
        record: v,
      });
    });
  }

  /** Queues a full resync (all current members); returns the job id. */
  async resync(ws: string, segmentId: string, id: string): Promise<string> {
    await this.row(this.db, ws, segmentId, id);
    return this.jobs.enqueue(ws, SYNC_JOB, { destinationId: id, full: true });
  }

  private async row(db: DbOrTx, ws: string, segmentId: string, id: string) {
    // An id that is not one is simply not found (the route takes any text, so that another
    // workspace's segment is a 404 whatever follows it).
    if (!isUuid(id)) throw notFound('Destination');
    const r = await db
      .selectFrom('segment_destinations')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segmentId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Destination');
    return r;
  }

  /**
   * The membership listener (Segments.onMembership). A segment without an active destination pays
   * one indexed query. Otherwise its destinations' rows are locked until the change commits, so the
   * sequence given to the changed persons grows in commit order (a sync never skips one that
   * commits late), and a sync is queued for each destination that had none pending.
   */
  readonly track: MembershipListener = async (trx, change) => {
    if (!change.entered.length && !change.exited.length) return;
    const ws = change.workspaceId;
    const seg = change.segment.id;
    const marked = await sql<{ id: string; was_pending: boolean }>`
      UPDATE segment_destinations d SET sync_pending = true
      FROM (
        SELECT id, sync_pending FROM segment_destinations
        WHERE workspace_id = ${ws} AND segment_id = ${seg} AND active
        ORDER BY id FOR UPDATE
      ) o
      WHERE d.workspace_id = ${ws} AND d.id = o.id
      RETURNING d.id, o.sync_pending AS was_pending
    `.execute(trx);
    if (!marked.rows.length) return;
    await sql`
      INSERT INTO segment_changes (workspace_id, segment_id, person_id, seq)
      SELECT ${ws}, ${seg}, p, (SELECT coalesce(max(seq), 0) + 1 FROM segment_changes WHERE workspace_id = ${ws} AND segment_id = ${seg})
      FROM (SELECT DISTINCT p FROM unnest(${[...change.entered, ...change.exited]}::uuid[]) AS u(p)) x
      ON CONFLICT (workspace_id, segment_id, person_id) DO UPDATE SET seq = excluded.seq
    `.execute(trx);
    for (const d of marked.rows)
      if (!d.was_pending)
        await this.jobs.enqueue(
          ws,
          SYNC_JOB,
          { destinationId: d.id, full: false },
          { trx, startAfterSeconds: SYNC_DEBOUNCE_SECONDS },
        );
  };

  /** Drops destinations of deleted segments, and the change notes of segments without a destination. */
  async removeOrphans(): Promise<number> {
    const a = await sql`
      DELETE FROM segment_destinations d WHERE NOT EXISTS (
        SELECT 1 FROM segments s WHERE s.workspace_id = d.workspace_id AND s.id = d.segment_id
      )`.execute(this.db);
    const b = await sql`
      DELETE FROM segment_changes c WHERE NOT EXISTS (
        SELECT 1 FROM segment_destinations d WHERE d.workspace_id = c.workspace_id AND d.segment_id = c.segment_id
      )`.execute(this.db);
    return Number(a.numAffectedRows ?? 0) + Number(b.numAffectedRows ?? 0);
  }
}
