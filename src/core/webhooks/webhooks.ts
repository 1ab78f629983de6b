import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.ts';
import type { Audit, RecordEvent } from '../audit/audit.ts';
import type { Db, DbOrTx } from '../db/schema.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, randomToken } from '../ids.ts';
import { decodeCursor, keysetPage } from '../http/pagination.ts';
import { BLOCKED_MESSAGE, OutboundBlockedError, type Outbound } from '../net/outbound.ts';
import { outboundRequest } from '../net/request.ts';

export const SIGNATURE_HEADER = 'kartoteka-signature';
export const DELIVER_JOB = 'webhook.deliver';

/** Stripe-style signature: `t=UNIX,v1=hex(HMAC_SHA256(secret, "t.body"))`. */
export function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** What a receiver does: check the HMAC and that the timestamp is recent (replay protection). */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || !parts.v1) return false;
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** An event a module emits (`Webhooks.emit`): its type must be registered (module definition `webhookEventTypes`). */
export interface ModuleEvent {
  workspaceId: string;
  type: string;
  data: Record<string, unknown>;
  /** Default: now. */
  occurredAt?: Date;
}

export interface EventTypeInfo {
  type: string;
  description: string;
}

const subscriptionView = (r: any, withSecret: boolean) => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.event_types,
  active: r.active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  ...(withSecret ? { secret: r.secret } : {}),
});

const deliveryView = (r: any) => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status as 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled',
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  replayOf: r.replay_of,
  createdAt: r.created_at,
  completedAt: r.completed_at,
});

export class Webhooks {
  private eventTypes = new Map<string, string>();

  constructor(
    private db: Db,
    private audit: Audit,
    private jobs: Jobs,
    private log: Logger,
    private outbound: Outbound,
    private opts: { timeoutMs: number; maxAttempts: number; retryDelaySeconds: number },
  ) {
    this.registerEntity('webhook', 'Webhook subscription');
    this.eventTypes.set('webhook.ping', 'Test event sent from the webhook settings');
    audit.onEvent((trx, event) => this.fanOut(trx, event));
    jobs.define<{ deliveryId: string; workspaceId: string }>({
      name: DELIVER_JOB,
      retryLimit: opts.maxAttempts - 1,
      retryDelaySeconds: opts.retryDelaySeconds,
      retryBackoff: true,
      concurrency: 2,
      handler: (data, ctx) => this.deliver(ctx.workspaceId, data.deliveryId),
    });
  }

  /** Modules announce the record types they write: `<entity>.created|updated|deleted` become subscribable. */
  registerEntity(entityType: string, label: string) {
    for (const past of ['created', 'updated', 'deleted'])
      this.eventTypes.set(`${entityType}.${past}`, `${label} ${past}`);
  }
  registerEventType(type: string, description: string) {
    this.eventTypes.set(type, description);
  }
  listEventTypes(): EventTypeInfo[] {
    return [...this.eventTypes]
      .map(([type, description]) => ({ type, description }))
      .sort((a, b) => a.type.localeCompare(b.type));
  }

  private validateEventTypes(types: string[]) {
    const known = new Set(this.eventTypes.keys());
    const entities = new Set([...known].map((t) => t.split('.')[0]));
    types.forEach((t, i) => {
      const ok = t === '*' || known.has(t) || (t.endsWith('.*') && entities.has(t.slice(0, -2)));
      if (!ok)
        throw new AppError('VALIDATION_FAILED', `eventTypes.${i}: unknown event type "${t}"`, [
          { path: `eventTypes.${i}`, message: `unknown event type "${t}"`, code: 'UNKNOWN_EVENT_TYPE', value: t },
        ]);
    });
  }

  /** The outbound requests policy decides: 400 for a URL that is not http(s), 422 OUTBOUND_BLOCKED naming `url`. */
  private async validateUrl(url: string) {
    await this.outbound.checkUrl(url, 'url');
  }

  async list(workspaceId: string) {
    const rows = await this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => subscriptionView(r, false));
  }

  private async row(workspaceId: string, id: string, trx: DbOrTx = this.db) {
    const r = await trx
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Webhook');
    return r;
  }

  async get(workspaceId: string, id: string) {
    return subscriptionView(await this.row(workspaceId, id), true);
  }

  async create(actor: Actor, input: { url: string; eventTypes: string[]; description?: string; active?: boolean }) {
    this.validateEventTypes(input.eventTypes);
    await this.validateUrl(input.url);
    const id = newId();
    const secret = `whsec_${randomToken(24)}`;
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('webhook_subscriptions')
        .values({
          workspace_id: actor.workspaceId,
          id,
          url: input.url,
          description: input.description ?? '',
          event_types: input.eventTypes,
          secret,
          active: input.active ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = subscriptionView(r, false);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'webhook',
        entityId: id,
        after: view,
        record: view,
      });
      return subscriptionView(r, true);
    });
  }

  async update(
    actor: Actor,
    id: string,
    input: { url?: string; eventTypes?: string[]; description?: string; active?: boolean; rotateSecret?: boolean },
  ) {
    if (input.eventTypes !== undefined) this.validateEventTypes(input.eventTypes);
    if (input.url !== undefined) {
      // Another workspace's id is a 404 before anything is said about the URL.
      await this.row(actor.workspaceId, id);
      await this.validateUrl(input.url);
    }
    return this.db.transaction().execute(async (trx) => {
      const before = await this.row(actor.workspaceId, id, trx);
      const r = await trx
        .updateTable('webhook_subscriptions')
        .set({
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.eventTypes !== undefined ? { event_types: input.eventTypes } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          ...(input.rotateSecret ? { secret: `whsec_${randomToken(24)}` } : {}),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = subscriptionView(r, false);
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'webhook',
        entityId: id,
        before: { ...subscriptionView(before, false), secret: before.secret },
        after: { ...view, secret: r.secret },
        redact: ['secret'],
        record: view,
      });
      return subscriptionView(r, true);
    });
  }

  async remove(actor: Actor, id: string) {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(actor.workspaceId, id, trx);
      await trx
        .deleteFrom('webhook_subscriptions')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'webhook',
        entityId: id,
        before: subscriptionView(before, false),
        record: subscriptionView(before, false),
      });
    });
  }

  /** Called inside the transaction that made the change: deliveries and their jobs commit with it. */
  private async fanOut(trx: DbOrTx, event: RecordEvent) {
    const subs = await trx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'event_types'])
      .where('workspace_id', '=', event.workspaceId)
      .where('active', '=', true)
      .execute();
    const entity = event.type.split('.')[0];
    for (const s of subs) {
      const match = s.event_types.some((t) => t === '*' || t === event.type || t === `${entity}.*`);
      if (match)
        await this.enqueueDelivery(
          trx,
          event.workspaceId,
          s.id,
          event.id,
          event.type,
          event as unknown as Record<string, unknown>,
          null,
        );
    }
  }

  /**
   * A module's own event (not a record change, so no audit row): enqueues a delivery per event for
   * each active subscription of its workspace that takes its type, inside `trx` (deliveries commit
   * with the change that caused them). The envelope is the record events' one, with the system as
   * actor. Subscriptions are read first, once per workspace: a workspace without any pays one
   * indexed query. Returns the ids of the events delivered to someone.
   */
  async emit(trx: DbOrTx, events: ModuleEvent | readonly ModuleEvent[]): Promise<string[]> {
    const list = Array.isArray(events) ? (events as readonly ModuleEvent[]) : [events as ModuleEvent];
    const ids: string[] = [];
    const byWorkspace = new Map<string, ModuleEvent[]>();
    for (const e of list) {
      if (!this.eventTypes.has(e.type)) throw new Error(`webhooks.emit: event type ${e.type} is not registered`);
      byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
    }
    for (const [workspaceId, evs] of byWorkspace) {
      const subs = await trx
        .selectFrom('webhook_subscriptions')
        .select(['id', 'event_types'])
        .where('workspace_id', '=', workspaceId)
        .where('active', '=', true)
        .execute();
      if (!subs.length) continue;
      for (const e of evs) {
        const entity = e.type.split('.')[0];
        const takers = subs.filter((s) => s.event_types.some((t) => t === '*' || t === e.type || t === `${entity}.*`));
        if (!takers.length) continue;
        const envelope = {
          id: newId(),
          type: e.type,
          workspaceId,
          occurredAt: (e.occurredAt ?? new Date()).toISOString(),
          actor: { type: 'system', id: null, label: 'Kartoteka', channel: 'system' },
          data: e.data,
        };
        for (const s of takers) await this.enqueueDelivery(trx, workspaceId, s.id, envelope.id, e.type, envelope, null);
        ids.push(envelope.id);
      }
    }
    return ids;
  }

  private async enqueueDelivery(
    trx: DbOrTx,
    workspaceId: string,
    subscriptionId: string,
    eventId: string,
    eventType: string,
    payload: Record<string, unknown>,
    replayOf: string | null,
  ) {
    const id = newId();
    await trx
      .insertInto('webhook_deliveries')
      .values({
        workspace_id: workspaceId,
        id,
        subscription_id: subscriptionId,
        event_id: eventId,
        event_type: eventType,
        payload: JSON.stringify(payload) as any,
        status: 'pending',
        replay_of: replayOf,
        next_attempt_at: new Date(),
      })
      .execute();
    await this.jobs.enqueue(workspaceId, DELIVER_JOB, { deliveryId: id }, { trx });
    return id;
  }

  async test(actor: Actor, subscriptionId: string) {
    const sub = await this.row(actor.workspaceId, subscriptionId);
    if (!sub.active) throw new AppError('CONFLICT', 'The webhook is paused: activate it to send events');
    const event = {
      id: newId(),
      type: 'webhook.ping',
      workspaceId: actor.workspaceId,
      occurredAt: new Date().toISOString(),
      actor: { type: actor.type, id: actor.id, label: actor.label, channel: actor.channel },
      data: { message: 'Kartoteka webhook test' },
    };
    const id = await this.db
      .transaction()
      .execute((trx) =>
        this.enqueueDelivery(trx, actor.workspaceId, subscriptionId, event.id, event.type, event, null),
      );
    return this.getDelivery(actor.workspaceId, id);
  }

  async replay(actor: Actor, deliveryId: string) {
    const d = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!d) throw notFound('Delivery');
    const sub = await this.row(actor.workspaceId, d.subscription_id);
    if (!sub.active) throw new AppError('CONFLICT', 'The webhook is paused: activate it to replay deliveries');
    const id = await this.db
      .transaction()
      .execute((trx) =>
        this.enqueueDelivery(trx, actor.workspaceId, d.subscription_id, d.event_id, d.event_type, d.payload, d.id),
      );
    return this.getDelivery(actor.workspaceId, id);
  }

  async listDeliveries(
    workspaceId: string,
    subscriptionId: string,
    q: { status?: string; limit: number; cursor?: string },
  ) {
    await this.row(workspaceId, subscriptionId);
    let query = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('subscription_id', '=', subscriptionId);
    if (q.status) query = query.where('status', '=', q.status);
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) query = query.where('id', '<', c.id);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, deliveryView, (r) => ({ id: r.id }));
  }

  async getDelivery(workspaceId: string, id: string) {
    const d = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!d) throw notFound('Delivery');
    const attempts = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('delivery_id', '=', id)
      .orderBy('attempt')
      .execute();
    return {
      ...deliveryView(d),
      payload: d.payload,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at,
        durationMs: a.duration_ms,
        statusCode: a.status_code,
        error: a.error,
      })),
    };
  }

  /** One attempt. Throwing hands the retry (with backoff) to the job queue. */
  private async deliver(workspaceId: string, deliveryId: string) {
    const d = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!d || d.status === 'succeeded' || d.status === 'cancelled') return { skipped: true };
    const sub = await this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', d.subscription_id)
      .executeTakeFirst();
    if (!sub || !sub.active) {
      await this.db
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled', completed_at: new Date(), next_attempt_at: null })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', deliveryId)
        .execute();
      return { skipped: true };
    }
    const attempt = d.attempts + 1;
    const body = JSON.stringify(d.payload);
    const started = new Date();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // Through the outbound policy: only an address it allows, checked when connecting; no
      // redirects; the response body is never read, only the status is kept.
      const res = await outboundRequest(this.outbound, sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kartoteka-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(sub.secret, body),
          'kartoteka-event': d.event_type,
          'kartoteka-delivery': d.id,
          'kartoteka-event-id': d.event_id,
        },
        body,
        timeoutMs: this.opts.timeoutMs,
      });
      statusCode = res.status;
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (e) {
      error = attemptError(e, this.opts.timeoutMs);
      if (e instanceof OutboundBlockedError)
        this.log.warn({ deliveryId, workspaceId, reason: e.reason }, 'webhook delivery blocked by the outbound policy');
    }
    const ok = error === null;
    const final = ok || attempt >= this.opts.maxAttempts;
    const nextDelay = this.opts.retryDelaySeconds * 2 ** (attempt - 1);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          workspace_id: workspaceId,
          id: newId(),
          delivery_id: deliveryId,
          attempt,
          started_at: started,
          duration_ms: Date.now() - started.getTime(),
          status_code: statusCode,
          error,
        })
        .execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          status: ok ? 'succeeded' : final ? 'failed' : 'retrying',
          last_status_code: statusCode,
          last_error: error,
          next_attempt_at: final ? null : new Date(Date.now() + nextDelay * 1000),
          completed_at: final ? new Date() : null,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', deliveryId)
        .execute();
    });
    if (!ok) {
      this.log.info({ deliveryId, attempt, error }, 'webhook delivery failed');
      throw new Error(`webhook delivery failed: ${error}`);
    }
    return { statusCode };
  }
}

/**
 * What an attempt that got no HTTP status records: what kind of failure, never an address, a
 * resolved name or a TLS peer's details (a log that reports them turns webhooks into a scanner).
 */
export function attemptError(e: unknown, timeoutMs: number): string {
  if (e instanceof OutboundBlockedError) return BLOCKED_MESSAGE;
  if (e instanceof Error && e.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? `connection failed (${code})` : 'connection failed';
}
