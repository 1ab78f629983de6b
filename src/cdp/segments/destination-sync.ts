import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../core/db/schema.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import type { Outbound } from '../../core/net/outbound.ts';
import { outboundRequest } from '../../core/net/request.ts';
import { SIGNATURE_HEADER, attemptError, signPayload } from '../../core/webhooks/webhooks.ts';
import { SYNC_JOB } from './destinations.ts';

/** Persons per POST at most. */
export const PAGE_SIZE = 1000;
/** How long a sync holds its destination (renewed at each page); a crashed worker's hold expires. */
const LEASE_SECONDS = 300;

/** One POST to a destination (see README.md in this folder). */
export interface AudienceDelta {
  type: 'audience.delta';
  segment: { id: string; name: string };
  added: { personId: string; email: string | null; phone: string | null; userId: string | null }[];
  removed: { personId: string }[];
  /** A full sync: `added` (over all its pages) is every current member; drop the others at the last page. */
  full: boolean;
  /** The change sequence this sync brings the receiver to: it grows; a retried sync sends the same one. */
  seq: number;
  /** 1-based page of this sync, and whether it is the last one. */
  page: number;
  last: boolean;
}

export interface SyncOptions {
  timeoutMs: number;
  maxAttempts: number;
  retryDelaySeconds: number;
}

/**
 * The sync job: sends a destination the persons whose membership changed after its cursor —
 * `added` if they are members now, `removed` if not (state, not history: a person who flipped
 * twice is sent once, as they are now) — or, for a full sync, every current member, in signed
 * pages of at most PAGE_SIZE. The cursor moves only once every page got a 2xx; a failure is
 * recorded on the destination and thrown, and the job queue retries with backoff.
 */
export class DestinationSync {
  constructor(
    private db: Db,
    private jobs: Jobs,
    private outbound: Outbound,
    private log: Logger,
    private opts: SyncOptions,
  ) {
    jobs.define<{ destinationId: string; full?: boolean }>({
      name: SYNC_JOB,
      retryLimit: opts.maxAttempts - 1,
      retryDelaySeconds: opts.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 60 * 60,
      handler: (data, ctx) => this.sync(ctx.workspaceId, data.destinationId, data.full === true),
    });
  }

  async sync(ws: string, destinationId: string, full: boolean) {
    const claimed = await sql<{ segment_id: string; url: string; secret: string; cursor: string }>`
      UPDATE segment_destinations
      SET lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), sync_pending = false
      WHERE workspace_id = ${ws} AND id = ${destinationId} AND active
        AND (lease_until IS NULL OR lease_until < now())
      RETURNING segment_id, url, secret, cursor::text AS cursor
    `.execute(this.db);
    const d = claimed.rows[0];
    if (!d) {
      const exists = await this.db
        .selectFrom('segment_destinations')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', destinationId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!exists) return { skipped: 'no such active destination' };
      // Another worker is syncing it: come back once it is done (what it missed is still after the cursor).
      await this.jobs.enqueue(ws, SYNC_JOB, { destinationId, full }, { startAfterSeconds: 5 });
      return { skipped: 'busy' };
    }
    try {
      const seg = await this.db
        .selectFrom('segments')
        .select(['id', 'name'])
        .where('workspace_id', '=', ws)
        .where('id', '=', d.segment_id)
        .executeTakeFirst();
      if (!seg) {
        await this.finish(ws, destinationId, { status: 'failed', error: 'the segment was deleted' });
        return { skipped: 'segment deleted' };
      }
      // The sequence first, the persons after: a change committed in between is sent now and again
      // next time (it is after the new cursor too), never lost.
      const top = await this.db
        .selectFrom('segment_changes')
        .select(sql<string>`coalesce(max(seq), 0)::text`.as('m'))
        .where('workspace_id', '=', ws)
        .where('segment_id', '=', d.segment_id)
        .executeTakeFirstOrThrow();
      const seq = Number(top.m);
      const cursor = Number(d.cursor);
      if (!full && seq <= cursor) {
        await this.finish(ws, destinationId, { status: 'succeeded', cursor: seq });
        return { pages: 0, added: 0, removed: 0 };
      }
      const totals = { pages: 0, added: 0, removed: 0 };
      const pages = full ? this.members(ws, d.segment_id) : this.changes(ws, d.segment_id, cursor, seq);
      for await (const p of pages) {
        const body: AudienceDelta = {
          type: 'audience.delta',
          segment: { id: seg.id, name: seg.name },
          added: await this.identifiers(ws, p.added),
          removed: p.removed.map((personId) => ({ personId })),
          full,
          seq,
          page: totals.pages + 1,
          last: p.last,
        };
        await this.post(d.url, d.secret, destinationId, JSON.stringify(body));
        totals.pages++;
        totals.added += body.added.length;
        totals.removed += body.removed.length;
        await this.renewLease(ws, destinationId);
      }
      await this.finish(ws, destinationId, { status: 'succeeded', cursor: seq });
      this.log.debug({ workspaceId: ws, destinationId, full, seq, ...totals }, 'audience synced');
      return totals;
    } catch (e) {
      const error = e instanceof SendError ? e.message : attemptError(e, this.opts.timeoutMs);
      await this.finish(ws, destinationId, { status: 'failed', error });
      throw new Error(`audience sync failed: ${error}`);
    }
  }

  /** Every current member, by person id, pages of PAGE_SIZE (one page, maybe empty, at least). */
  private async *members(ws: string, segmentId: string) {
    let after: string | null = null;
    for (;;) {
      const rows: { person_id: string }[] = (
        await sql<{ person_id: string }>`
          SELECT person_id::text AS person_id FROM segment_members
          WHERE workspace_id = ${ws} AND segment_id = ${segmentId} AND exited_at IS NULL
            ${after ? sql`AND person_id > ${after}::uuid` : sql``}
          ORDER BY person_id LIMIT ${PAGE_SIZE + 1}
        `.execute(this.db)
      ).rows;
      const last = rows.length <= PAGE_SIZE;
      const page = rows.slice(0, PAGE_SIZE).map((r) => r.person_id);
      yield { added: page, removed: [] as string[], last };
      if (last) return;
      after = page[page.length - 1];
    }
  }

  /** The persons changed in (cursor, top], each with whether they are a member now; none: no page. */
  private async *changes(ws: string, segmentId: string, cursor: number, top: number) {
    let after: { seq: string; person: string } | null = null;
    for (;;) {
      const rows: { seq: string; person_id: string; member: boolean }[] = (
        await sql<{ seq: string; person_id: string; member: boolean }>`
          SELECT c.seq::text AS seq, c.person_id::text AS person_id, m.person_id IS NOT NULL AS member
          FROM segment_changes c
          LEFT JOIN segment_members m ON m.workspace_id = c.workspace_id AND m.segment_id = c.segment_id
            AND m.person_id = c.person_id AND m.exited_at IS NULL
          WHERE c.workspace_id = ${ws} AND c.segment_id = ${segmentId}
            AND c.seq > ${cursor} AND c.seq <= ${top}
            ${after ? sql`AND (c.seq, c.person_id) > (${after.seq}::bigint, ${after.person}::uuid)` : sql``}
          ORDER BY c.seq, c.person_id LIMIT ${PAGE_SIZE + 1}
        `.execute(this.db)
      ).rows;
      const page = rows.slice(0, PAGE_SIZE);
      if (!page.length) return;
      const last = rows.length <= PAGE_SIZE;
      yield {
        added: page.filter((r) => r.member).map((r) => r.person_id),
        removed: page.filter((r) => !r.member).map((r) => r.person_id),
        last,
      };
      if (last) return;
      const end = page[page.length - 1];
      after = { seq: end.seq, person: end.person_id };
    }
  }

  /**
   * Email, phone and user id of each person (their newest of each kind), in one query: the
   * directory (PersonDirectory.identitiesOf) reads one person at a time.
   */
  private async identifiers(ws: string, personIds: string[]): Promise<AudienceDelta['added']> {
    if (!personIds.length) return [];
    const pick = (kind: string) =>
      sql`(SELECT i.value FROM identities i WHERE i.workspace_id = ${ws} AND i.person_id = p.id AND i.kind = ${kind} ORDER BY i.created_at DESC, i.value LIMIT 1)`;
    const rows = await sql<{ person_id: string; email: string | null; phone: string | null; user_id: string | null }>`
      SELECT p.id::text AS person_id, ${pick('email')} AS email, ${pick('phone')} AS phone, ${pick('user_id')} AS user_id
      FROM unnest(${personIds}::uuid[]) WITH ORDINALITY AS p(id, n)
      ORDER BY p.n
    `.execute(this.db);
    return rows.rows.map((r) => ({ personId: r.person_id, email: r.email, phone: r.phone, userId: r.user_id }));
  }

  private async post(url: string, secret: string, destinationId: string, body: string) {
    // Through the outbound policy, as webhooks: checked at connect time, no redirects, the answer unread.
    const res = await outboundRequest(this.outbound, url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kartoteka-Audiences/1',
        [SIGNATURE_HEADER]: signPayload(secret, body),
        'kartoteka-destination': destinationId,
      },
      body,
      timeoutMs: this.opts.timeoutMs,
    });
    if (res.status < 200 || res.status >= 300) throw new SendError(`HTTP ${res.status}`);
  }

  private async renewLease(ws: string, id: string) {
    await sql`
      UPDATE segment_destinations SET lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
      WHERE workspace_id = ${ws} AND id = ${id}
    `.execute(this.db);
  }

  private async finish(
    ws: string,
    id: string,
    r: { status: 'succeeded' | 'failed'; error?: string; cursor?: number },
  ): Promise<void> {
    await this.db
      .updateTable('segment_destinations')
      .set({
        lease_until: null,
        ...(r.status === 'succeeded' ? { last_sync_at: new Date() } : {}),
        last_status: r.status,
        last_error: r.error ?? null,
        ...(r.cursor !== undefined ? { cursor: sql<string>`greatest(cursor, ${r.cursor}::bigint)` } : {}),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
  }
}

/** A receiver's answer other than 2xx. */
class SendError extends Error {}
