import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { Tx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { BroadcastStatus, EngageBroadcastsTable } from './tables.ts';
import { TEMPLATE_FAMILY } from './references.ts';

declare module './tables.ts' {
  interface EngageBroadcastsTable {
    /** When the job had turned every member into a ledger row (migration 0360): the audience is frozen. */
    enumerated_at: Date | null;
  }
}

export const BROADCAST_JOB = 'engage.broadcast';
/** Ledger rows written per transaction while the audience is enumerated. */
export const BROADCAST_CHUNK = 1000;
/** Send time of a message written but not yet released by the enumeration (a pause holds at infinity). */
const HELD = new Date('9999-01-01T00:00:00Z');
const FINAL = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'complained', 'suppressed'];

/** Which template family fits which channel type. */
const FAMILY: Record<string, string> = TEMPLATE_FAMILY;

export interface BroadcastInput {
  name: string;
  segmentId: string;
  channelId: string;
  templateId: string;
  ratePerMinute?: number | null;
}

type Row = Selectable<EngageBroadcastsTable>;
const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  segmentId: r.segment_id,
  channelId: r.channel_id,
  templateId: r.template_id,
  status: r.status,
  scheduledAt: r.scheduled_at,
  ratePerMinute: r.rate_per_minute,
  total: r.total,
  queued: r.queued,
  audienceFrozen: r.enumerated_at !== null,
  error: r.error,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
export type BroadcastView = ReturnType<typeof view>;

/**
 * Broadcasts: one template over one channel to the members of a segment or list, now or at a
 * time, optionally throttled. The job `engage.broadcast` freezes the audience into the send ledger
 * in chunks (key `bc:<broadcast>:<person>`, so a restarted job makes nothing twice); the sender
 * does the rest. Pause holds the queued messages (send_after = infinity), resume releases them,
 * cancel suppresses them (reason 'cancelled'); a periodic check marks a broadcast finished once
 * every message is final.
 */
export class Broadcasts {
  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    k.jobs.define<{ broadcastId: string }>({
      name: BROADCAST_JOB,
      retryLimit: 5,
      retryDelaySeconds: 5,
      retryBackoff: true,
      handler: (data, ctx) => this.run(ctx.workspaceId, data.broadcastId, ctx),
    });
    k.jobs.every('engage.broadcasts.finish', 5, () => this.finishDone());
  }

  private async row(ws: string, id: string, trx: Tx | EngageBaseKernel['db'] = this.k.db, lock = false) {
    let q = trx.selectFrom('engage_broadcasts').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Broadcast');
    return r;
  }

  async get(ws: string, id: string): Promise<BroadcastView> {
    return view(await this.row(ws, id));
  }

  async list(ws: string, q: { status?: BroadcastStatus; limit: number; cursor?: { c: string; i: string } }) {
    const rows = await this.k.db
      .selectFrom('engage_broadcasts')
      .selectAll()
      .select(sql<string>`created_at::text`.as('ck'))
      .where('workspace_id', '=', ws)
      .$if(!!q.status, (b) => b.where('status', '=', q.status!))
      .$if(!!q.cursor, (b) =>
        b.where(sql<boolean>`(created_at, id) < (${q.cursor!.c}::timestamptz, ${q.cursor!.i}::uuid)`),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return rows;
  }

  /** Checks the references: 400 naming the field that is not of this workspace or does not fit. */
  private async check(ws: string, input: Partial<BroadcastInput>) {
    if (input.name !== undefined) {
      const n = input.name.trim();
      if (!n) throw invalid('name', 'must not be empty', 'REQUIRED');
      if (n.length > 200) throw invalid('name', 'at most 200 characters', 'TOO_LONG');
    }
    if (input.segmentId !== undefined) {
      const s = await this.k.db
        .selectFrom('segments')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', input.segmentId)
        .executeTakeFirst();
      if (!s) throw invalid('segmentId', 'no segment or list with this id in this workspace');
    }
    let channelType: string | undefined;
    if (input.channelId !== undefined) {
      const c = await this.k.db
        .selectFrom('engage_channels')
        .select('type')
        .where('workspace_id', '=', ws)
        .where('id', '=', input.channelId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!c) throw invalid('channelId', 'no channel with this id in this workspace');
      channelType = c.type;
    }
    if (input.templateId !== undefined) {
      const t = await this.k.db
        .selectFrom('engage_templates')
        .select('channel')
        .where('workspace_id', '=', ws)
        .where('id', '=', input.templateId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!t) throw invalid('templateId', 'no template with this id in this workspace');
      if (channelType && FAMILY[channelType] !== t.channel)
        throw invalid('templateId', `a ${t.channel} template cannot be sent over a ${channelType} channel`);
    }
    if (input.ratePerMinute != null && (!Number.isInteger(input.ratePerMinute) || input.ratePerMinute < 1))
      throw invalid('ratePerMinute', 'must be a positive whole number', 'TOO_SMALL');
  }

  async create(actor: Actor, input: BroadcastInput): Promise<BroadcastView> {
    const ws = actor.workspaceId;
    await this.check(ws, input);
    const id = newId();
    const r = await this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('engage_broadcasts')
        .values({
          workspace_id: ws,
          id,
          name: input.name.trim(),
          segment_id: input.segmentId,
          channel_id: input.channelId,
          template_id: input.templateId,
          rate_per_minute: input.ratePerMinute ?? null,
          created_by: actor.label,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'broadcast',
        entityId: id,
        after: view(row),
        record: view(row),
      });
      return row;
    });
    return view(r);
  }

  /** Changes a draft (or a scheduled one, before it starts). */
  async update(actor: Actor, id: string, input: Partial<BroadcastInput>): Promise<BroadcastView> {
    const ws = actor.workspaceId;
    const before = await this.row(ws, id);
    if (before.status !== 'draft')
      throw new AppError('CONFLICT', `Only a draft broadcast can be changed; this one is ${before.status}`);
    // The template must fit the channel whichever of the two changes.
    await this.check(ws, {
      ...input,
      channelId: input.channelId ?? (input.templateId ? before.channel_id : undefined),
      templateId: input.templateId ?? (input.channelId ? before.template_id : undefined),
    });
    const r = await this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('engage_broadcasts')
        .set({
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.segmentId !== undefined ? { segment_id: input.segmentId } : {}),
          ...(input.channelId !== undefined ? { channel_id: input.channelId } : {}),
          ...(input.templateId !== undefined ? { template_id: input.templateId } : {}),
          ...(input.ratePerMinute !== undefined ? { rate_per_minute: input.ratePerMinute } : {}),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'broadcast',
        entityId: id,
        before: view(before),
        after: view(row),
        record: view(row),
      });
      return row;
    });
    return view(r);
  }

  /** Deletes a draft. */
  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.row(actor.workspaceId, id);
    if (before.status !== 'draft')
      throw new AppError('CONFLICT', `Only a draft broadcast can be deleted; this one is ${before.status} (cancel it)`);
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('engage_broadcasts')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'broadcast',
        entityId: id,
        before: view(before),
      });
    });
  }

  private async transition(
    actor: Actor,
    id: string,
    from: BroadcastStatus[],
    apply: (trx: Tx, row: Row) => Promise<Partial<Record<keyof Row, unknown>>>,
  ): Promise<BroadcastView> {
    const ws = actor.workspaceId;
    const r = await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(ws, id, trx, true);
      if (!from.includes(before.status))
        throw new AppError('CONFLICT', `The broadcast is ${before.status}; this needs it ${from.join(' or ')}`);
      const set = await apply(trx, before);
      const row = await trx
        .updateTable('engage_broadcasts')
        .set({ ...(set as object), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'broadcast',
        entityId: id,
        before: view(before),
        after: view(row),
        record: view(row),
      });
      return row;
    });
    return view(r);
  }

  /** Sends now or at `at`: the job is queued in the same transaction (it exists if and only if the change commits). */
  async send(actor: Actor, id: string, opts: { at?: Date | null } = {}): Promise<BroadcastView> {
    const ws = actor.workspaceId;
    const b = await this.row(ws, id);
    await this.check(ws, { segmentId: b.segment_id, channelId: b.channel_id, templateId: b.template_id });
    const at = opts.at && opts.at.getTime() > Date.now() ? opts.at : null;
    return this.transition(actor, id, ['draft'], async (trx) => {
      const jobId = await this.k.jobs.enqueue(
        ws,
        BROADCAST_JOB,
        { broadcastId: id },
        { trx, ...(at ? { startAfterSeconds: Math.ceil((at.getTime() - Date.now()) / 1000) } : {}) },
      );
      return at
        ? { status: 'scheduled', scheduled_at: at, job_id: jobId }
        : { status: 'running', started_at: new Date(), job_id: jobId };
    });
  }

  /** Stops creating messages and holds the queued ones (the sender never claims a send_after of infinity). */
  async pause(actor: Actor, id: string): Promise<BroadcastView> {
    return this.transition(actor, id, ['scheduled', 'running'], async (trx) => {
      await sql`
        UPDATE engage_messages SET send_after = 'infinity'::timestamptz, updated_at = now()
        WHERE workspace_id = ${actor.workspaceId} AND broadcast_id = ${id} AND status = 'queued'
      `.execute(trx);
      return { status: 'paused' };
    });
  }

  /** Releases the held messages (re-spaced by the throttle from now) and finishes the enumeration if it was cut short. */
  async resume(actor: Actor, id: string): Promise<BroadcastView> {
    const ws = actor.workspaceId;
    return this.transition(actor, id, ['paused'], async (trx, row) => {
      const gapMs = row.rate_per_minute ? 60_000 / row.rate_per_minute : 0;
      await sql`
        UPDATE engage_messages m SET
          send_after = ${gapMs ? sql`now() + r.n * (${gapMs} * interval '1 millisecond')` : sql`NULL`},
          updated_at = now()
        FROM (
          SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM engage_messages
          WHERE workspace_id = ${ws} AND broadcast_id = ${id} AND status = 'queued'
        ) r
        WHERE m.workspace_id = ${ws} AND m.id = r.id
      `.execute(trx);
      const jobId = row.enumerated_at
        ? row.job_id
        : await this.k.jobs.enqueue(ws, BROADCAST_JOB, { broadcastId: id }, { trx });
      return { status: 'running', started_at: row.started_at ?? new Date(), job_id: jobId };
    });
  }

  /** Stops for good: queued messages become 'suppressed' with reason 'cancelled' (a history row each). */
  async cancel(actor: Actor, id: string): Promise<BroadcastView> {
    const ws = actor.workspaceId;
    return this.transition(actor, id, ['draft', 'scheduled', 'running', 'paused'], async (trx) => {
      await this.suppressQueued(trx, ws, id);
      return { status: 'cancelled', finished_at: new Date() };
    });
  }

  /** Ledger counts of the broadcast by status: the progress bar. */
  async progress(ws: string, id: string) {
    const b = await this.row(ws, id);
    const r = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM engage_messages
      WHERE workspace_id = ${ws} AND broadcast_id = ${id} GROUP BY status
    `.execute(this.k.db);
    const by: Record<string, number> = {};
    for (const x of r.rows) by[x.status] = Number(x.n);
    const created = Object.values(by).reduce((a, n) => a + n, 0);
    const pending = (by.queued ?? 0) + (by.sending ?? 0);
    const final = FINAL.reduce((a, s) => a + (by[s] ?? 0), 0);
    const total = b.enumerated_at ? created : Math.max(b.total ?? 0, created);
    return {
      status: b.status,
      total,
      audienceFrozen: b.enumerated_at !== null,
      created,
      pending,
      final,
      byStatus: by,
      fraction: total ? final / total : b.enumerated_at ? 1 : 0,
    };
  }

  /** The job: the segment's members → ledger rows, a chunk per transaction, until done or paused/cancelled. */
  async run(ws: string, id: string, ctx: Pick<JobContext, 'progress'>): Promise<{ created: number }> {
    const first = await this.row(ws, id);
    if ((first.status !== 'scheduled' && first.status !== 'running') || first.enumerated_at) return { created: 0 };
    // Read before the transaction: on PGlite (one connection) a query outside it would wait for it.
    const size = (await this.k.segments.get(ws, first.segment_id).catch(() => null))?.size ?? 0;
    const start = await this.k.db.transaction().execute(async (trx) => {
      const b = await this.row(ws, id, trx, true);
      if (b.status !== 'scheduled' && b.status !== 'running') return null;
      if (b.enumerated_at) return null;
      return trx
        .updateTable('engage_broadcasts')
        .set({
          status: 'running',
          started_at: b.started_at ?? new Date(),
          total: b.total ?? size,
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    if (!start) return { created: 0 };
    const kind =
      (
        await this.k.db
          .selectFrom('engage_templates')
          .select('kind')
          .where('workspace_id', '=', ws)
          .where('id', '=', start.template_id)
          .executeTakeFirst()
      )?.kind ?? 'marketing';
    const gapMs = start.rate_per_minute ? 60_000 / start.rate_per_minute : 0;
    const t0 = (start.scheduled_at ?? start.started_at ?? new Date()).getTime();
    let cursor: string | undefined;
    let seen = 0;
    let created = 0;
    for (;;) {
      const page = await this.k.segments.members(ws, start.segment_id, { limit: BROADCAST_CHUNK, cursor });
      // Written held, outside the lock (the ledger's enqueueMany reads through its own connection),
      // then released under the broadcast's row lock only if it is still running: a pause or a
      // cancel that commits meanwhile never lets one of these messages out.
      const n = page.data.length
        ? await this.engage.messages.enqueueMany(
            this.k.db,
            ws,
            page.data.map((m) => ({
              personId: m.personId,
              channelId: start.channel_id,
              templateId: start.template_id,
              broadcastId: id,
              idempotencyKey: `bc:${id}:${m.personId}`,
              kind,
              sendAfter: HELD,
            })),
          )
        : 0;
      created += n;
      const goOn = await this.k.db.transaction().execute(async (trx) => {
        const b = await this.row(ws, id, trx, true);
        if (b.status === 'cancelled') await this.suppressQueued(trx, ws, id);
        if (b.status !== 'running') return false;
        await this.release(trx, ws, id, gapMs, t0, b.queued);
        if (n)
          await trx
            .updateTable('engage_broadcasts')
            .set({ queued: sql`queued + ${n}`, updated_at: new Date() })
            .where('workspace_id', '=', ws)
            .where('id', '=', id)
            .execute();
        if (!page.nextCursor) {
          const all = await trx
            .selectFrom('engage_messages')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', ws)
            .where('broadcast_id', '=', id)
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('engage_broadcasts')
            .set({ enumerated_at: new Date(), total: Number(all.n), queued: Number(all.n), updated_at: new Date() })
            .where('workspace_id', '=', ws)
            .where('id', '=', id)
            .execute();
        }
        return true;
      });
      seen += page.data.length;
      if (!goOn) return { created };
      await ctx.progress(Math.min(1, seen / Math.max(1, start.total ?? seen)), `${seen} members read`);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    await this.finishDone(ws, id);
    return { created };
  }

  /**
   * Released: the enumeration's held messages get their send time, spaced by the throttle after
   * the `before` messages earlier chunks released (or now, unthrottled).
   */
  private async release(trx: Tx, ws: string, id: string, gapMs: number, t0: number, before: number) {
    await sql`
      UPDATE engage_messages m SET
        send_after = ${gapMs ? sql`greatest(now(), ${new Date(t0)}::timestamptz + (${before} + r.n) * (${gapMs} * interval '1 millisecond'))` : sql`NULL`},
        updated_at = now()
      FROM (
        SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM engage_messages
        WHERE workspace_id = ${ws} AND broadcast_id = ${id} AND status = 'queued' AND send_after >= ${HELD}
      ) r
      WHERE m.workspace_id = ${ws} AND m.id = r.id
    `.execute(trx);
  }

  private async suppressQueued(trx: Tx, ws: string, id: string) {
    const gone = await sql<{ id: string }>`
      UPDATE engage_messages SET status = 'suppressed', reason = 'cancelled', updated_at = now()
      WHERE workspace_id = ${ws} AND broadcast_id = ${id} AND status = 'queued'
      RETURNING id
    `.execute(trx);
    if (gone.rows.length)
      await trx
        .insertInto('engage_message_events')
        .values(
          gone.rows.map((m) => ({
            workspace_id: ws,
            id: newId(),
            message_id: m.id,
            type: 'suppressed',
            detail: JSON.stringify({ reason: 'cancelled', broadcastId: id }),
          })),
        )
        .execute();
  }

  /** Running broadcasts whose audience is frozen and whose every message is final → finished. */
  async finishDone(ws?: string, id?: string): Promise<number> {
    const r = await sql`
      UPDATE engage_broadcasts b SET status = 'finished', finished_at = now(), updated_at = now()
      WHERE b.status = 'running' AND b.enumerated_at IS NOT NULL
        ${ws ? sql`AND b.workspace_id = ${ws}` : sql``}
        ${id ? sql`AND b.id = ${id}` : sql``}
        AND NOT EXISTS (
          SELECT 1 FROM engage_messages m
          WHERE m.workspace_id = b.workspace_id AND m.broadcast_id = b.id AND m.status IN ('queued', 'sending')
        )
    `.execute(this.k.db);
    return Number(r.numAffectedRows ?? 0);
  }
}
