import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { ChannelType, EngageMessagesTable, MessageKind, MessageStatus } from './tables.ts';
import type { InboundMessage, StatusReport } from './channels/types.ts';
import { Sender } from './sender.ts';
import { api } from './sender-support.ts';
import { SEGMENTS_JOB, logChanges, parts, type Change } from './ledger.ts';
import { applyInbound, applyReports } from './messages-inbound.ts';
import { sendDirect, type DirectMessage } from './direct-send.ts';

/** Which template channel fits which channel type. */
const TEMPLATE_CHANNEL: Record<ChannelType, string> = {
  email: 'email',
  sms: 'sms',
  push: 'push',
  telegram: 'messenger',
  whatsapp: 'messenger',
  vk: 'messenger',
  webhook: 'webhook',
};
const FINAL: readonly MessageStatus[] = ['bounced', 'failed', 'complained', 'suppressed'];

type Row = Selectable<EngageMessagesTable>;
export type MessageView = ReturnType<typeof view> & {
  history: { type: string; detail: Record<string, unknown>; occurredAt: Date }[];
};
const view = (r: Row) => ({
  id: r.id,
  personId: r.person_id,
  channelId: r.channel_id,
  channelType: r.channel_type,
  templateId: r.template_id,
  templateVersion: r.template_version,
  broadcastId: r.broadcast_id,
  kind: r.kind,
  status: r.status,
  reason: r.reason,
  address: r.address,
  subject: r.subject,
  providerId: r.provider_id,
  attempts: r.attempts,
  sendAfter: r.send_after,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  deliveredAt: r.delivered_at,
  openedAt: r.opened_at,
  clickedAt: r.clicked_at,
});

export interface EnqueueRow {
  personId: string;
  channelId: string;
  templateId: string;
  broadcastId?: string | null;
  idempotencyKey: string;
  kind: MessageKind;
  sendAfter?: Date | null;
  data?: Record<string, unknown>;
  /** A campaign's message: its campaign, wave (step index) and A/B variant (campaigns.ts). */
  campaignId?: string | null;
  campaignStep?: number | null;
  variant?: string | null;
}

export interface ListFilter {
  limit: number;
  cursor?: string;
  personId?: string;
  channelId?: string;
  broadcastId?: string;
  status?: MessageStatus;
  from?: Date;
  to?: Date;
}

/**
 * The send ledger (issue 15): one row per message, unique per workspace by its idempotency key,
 * so a retried request or a restarted broadcast never makes a second message. Messages are
 * queued here and sent by the Sender (sender.ts); provider reports, tracking and inbound replies
 * move them forward (`record`, `applyReports`, `applyInbound`).
 */
export class Messages {
  readonly sender: Sender;

  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    this.sender = new Sender(k, engage);
    k.jobs.define<{ personIds: string[]; events: string[] }>({
      name: SEGMENTS_JOB,
      retryLimit: 3,
      retryDelaySeconds: 5,
      retryBackoff: true,
      handler: (data, ctx) => k.segments.evaluate(ctx.workspaceId, data.personIds, { events: data.events }),
    });
  }

  /** POST /messages: validates, queues one message (or finds the one with this key), wakes the sender. */
  async send(
    actor: Actor,
    input: {
      personId: string;
      channelId: string;
      templateId: string;
      data?: Record<string, unknown>;
      idempotencyKey?: string;
      kind?: MessageKind;
    },
  ): Promise<{ id: string; status: MessageStatus }> {
    const ws = actor.workspaceId;
    const live = await this.k.cdp.directory.liveId(this.k.db, ws, input.personId);
    if (!live) throw invalid('personId', 'no such person in this workspace');
    const parts = api(this.engage);
    const channel = await parts.channels.get(ws, input.channelId).catch(notFoundAs('channelId', 'channel'));
    const template = await parts.templates.get(ws, input.templateId).catch(notFoundAs('templateId', 'template'));
    if (TEMPLATE_CHANNEL[channel.type] !== template.channel)
      throw invalid(
        'templateId',
        `a ${template.channel} template cannot be sent over a ${channel.type} channel (it needs a ${TEMPLATE_CHANNEL[channel.type]} template)`,
      );
    const id = newId();
    const key = input.idempotencyKey ?? id;
    const out = await this.k.db.transaction().execute(async (trx) => {
      await this.insert(trx, ws, [
        {
          id,
          personId: input.personId,
          channelId: channel.id,
          channelType: channel.type,
          templateId: template.id,
          idempotencyKey: key,
          kind: input.kind ?? template.kind,
          data: input.data ?? {},
        },
      ]);
      return trx
        .selectFrom('engage_messages')
        .select(['id', 'status'])
        .where('workspace_id', '=', ws)
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();
    });
    this.sender.wake();
    return out;
  }

  /** A message with its own content (a service desk reply), transactional, in `trx` when given (direct-send.ts). */
  sendDirect(actor: Actor, m: DirectMessage, trx?: DbOrTx): Promise<{ id: string; status: MessageStatus }> {
    return sendDirect(this.k, this.engage, actor, m, trx);
  }

  /**
   * Queues many messages in the caller's transaction (broadcasts: key `bc:<broadcastId>:<personId>`);
   * keys already in the ledger are skipped. Returns how many were new. The sender finds them at
   * its next poll (within a second) or at the wake shortly after.
   */
  async enqueueMany(trx: DbOrTx, ws: string, rows: EnqueueRow[]): Promise<number> {
    if (!rows.length) return 0;
    // Read in the caller's transaction: on PGlite (one connection) a read beside it would wait for it forever.
    const ids = [...new Set(rows.map((r) => r.channelId))];
    const found = await trx
      .selectFrom('engage_channels')
      .select(['id', 'type'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute();
    const types = new Map<string, ChannelType>(found.map((c) => [c.id, c.type]));
    for (const id of ids) if (!types.has(id)) throw invalid('channelId', 'no such channel in this workspace');
    const n = await this.insert(
      trx,
      ws,
      rows.map((r) => ({ ...r, id: newId(), channelType: types.get(r.channelId)!, data: r.data ?? {} })),
    );
    // After the caller's commit, most likely; the poll covers a longer transaction.
    setTimeout(() => this.sender.wake(), 50).unref();
    return n;
  }

  private async insert(
    trx: DbOrTx,
    ws: string,
    rows: (EnqueueRow & { id: string; channelType: ChannelType; data: Record<string, unknown> })[],
  ): Promise<number> {
    const values = rows.map((r) => ({
      id: r.id,
      key: r.idempotencyKey,
      person_id: r.personId,
      channel_id: r.channelId,
      channel_type: r.channelType,
      template_id: r.templateId,
      broadcast_id: r.broadcastId ?? null,
      kind: r.kind,
      data: r.data,
      send_after: r.sendAfter ? new Date(r.sendAfter).toISOString() : null,
      campaign_id: r.campaignId ?? null,
      campaign_step: r.campaignStep ?? null,
      variant: r.variant ?? null,
    }));
    const r = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO engage_messages (workspace_id, id, idempotency_key, person_id, channel_id, channel_type, template_id, broadcast_id, kind, data, send_after,
          campaign_id, campaign_step, variant)
        SELECT ${ws}, x.id, x.key, x.person_id, x.channel_id, x.channel_type, x.template_id, x.broadcast_id, x.kind, coalesce(x.data, '{}'::jsonb), x.send_after,
          x.campaign_id, x.campaign_step, x.variant
        FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS x(id uuid, key text, person_id uuid, channel_id uuid, channel_type text,
          template_id uuid, broadcast_id uuid, kind text, data jsonb, send_after timestamptz, campaign_id uuid, campaign_step int, variant text)
        ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
        RETURNING id
      ), hist AS (
        INSERT INTO engage_message_events (workspace_id, id, message_id, type, detail)
        SELECT ${ws}, gen_random_uuid(), ins.id, 'queued', '{}'::jsonb FROM ins
      )
      SELECT count(*)::int AS n FROM ins
    `.execute(trx);
    return r.rows[0]?.n ?? 0;
  }

  async get(ws: string, id: string): Promise<MessageView> {
    const row = await this.k.db
      .selectFrom('engage_messages')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Message');
    const history = await this.k.db
      .selectFrom('engage_message_events')
      .select(['type', 'detail', 'occurred_at'])
      .where('workspace_id', '=', ws)
      .where('message_id', '=', id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return {
      ...view(row),
      history: history.map((h) => ({ type: h.type, detail: h.detail, occurredAt: h.occurred_at })),
    };
  }

  /** The message log, newest first (keyset on created_at, id). */
  async list(ws: string, f: ListFilter) {
    const after = decodeCursor<{ t: string; id: string }>(f.cursor);
    let q = this.k.db.selectFrom('engage_messages').selectAll().where('workspace_id', '=', ws);
    if (f.personId) q = q.where('person_id', '=', f.personId);
    if (f.channelId) q = q.where('channel_id', '=', f.channelId);
    if (f.broadcastId) q = q.where('broadcast_id', '=', f.broadcastId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<', f.to);
    if (after) q = q.where(sql<boolean>`(created_at, id) < (${new Date(after.t)}::timestamptz, ${after.id}::uuid)`);
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
    return keysetPage(rows, f.limit, view, (l) => ({ t: new Date(l.created_at).toISOString(), id: l.id }));
  }

  /** A failed message (its send failed or was interrupted) queued again: the same row, attempts kept. */
  async retry(ws: string, id: string): Promise<{ id: string; status: MessageStatus }> {
    const m = await this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('engage_messages')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('Message');
      if (row.status !== 'failed')
        throw new AppError('CONFLICT', `only a failed message can be retried (this one is ${row.status})`);
      await trx
        .updateTable('engage_messages')
        .set({ status: 'queued', reason: null, send_after: null, claimed_until: null, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('engage_message_events')
        .values({
          workspace_id: ws,
          id: newId(),
          message_id: id,
          type: 'queued',
          detail: JSON.stringify({ retry: true, previous: row.reason }),
        })
        .execute();
      return row;
    });
    this.sender.wake();
    return { id: m.id, status: 'queued' };
  }

  /**
   * A status step or an interaction of a sent message: a history row; the status moves forward
   * only (an open after a click stays clicked; opened and clicked imply delivered); first
   * opened_at / clicked_at / unsubscribed_at kept; a timeline event for the person.
   */
  async record(ws: string, messageId: string, type: string, detail: Record<string, unknown> = {}, at = new Date()) {
    // A repeat open or click (most pixel hits: mail clients reload images) changes no status or
    // stamp: its history row goes in with one statement and no row lock, so readers of one
    // message never queue behind each other on the tracking endpoints.
    if (type === 'opened' || type === 'clicked') {
      const col = type === 'opened' ? 'opened_at' : 'clicked_at';
      const repeat = await sql<{ id: string; status: MessageStatus; person_id: string; channel_type: ChannelType }>`
        WITH m AS (
          SELECT id, status, person_id, channel_type FROM engage_messages
          WHERE workspace_id = ${ws} AND id = ${messageId} AND ${sql.ref(col)} IS NOT NULL
        ), h AS (
          INSERT INTO engage_message_events (workspace_id, id, message_id, type, detail, occurred_at)
          SELECT ${ws}, ${newId()}, m.id, ${type}, ${JSON.stringify(detail)}::jsonb, ${at} FROM m
        )
        SELECT * FROM m
      `.execute(this.k.db);
      const r = repeat.rows[0];
      if (r) return { id: r.id, status: r.status, personId: r.person_id, channelType: r.channel_type };
    }
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('engage_messages')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', messageId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('Message');
      const next = nextStatus(row.status, type);
      const stamp = (col: keyof Row, when: boolean) => (when && row[col] == null ? { [col]: at } : {});
      const first =
        (type === 'opened' && !row.opened_at) ||
        (type === 'clicked' && !row.clicked_at) ||
        (type === 'unsubscribed' && !row.unsubscribed_at) ||
        (type === 'complained' && !row.complained_at);
      const set = {
        ...stamp('delivered_at', ['delivered', 'opened', 'clicked'].includes(type) && !FINAL.includes(row.status)),
        ...stamp('opened_at', type === 'opened'),
        ...stamp('clicked_at', type === 'clicked'),
        ...stamp('bounced_at', type === 'bounced' && next !== null),
        ...stamp('complained_at', type === 'complained'),
        ...stamp('unsubscribed_at', type === 'unsubscribed'),
        ...(next ? { status: next, ...(detail.reason ? { reason: String(detail.reason) } : {}) } : {}),
      };
      if (Object.keys(set).length)
        await trx
          .updateTable('engage_messages')
          .set({ ...set, updated_at: at })
          .where('workspace_id', '=', ws)
          .where('id', '=', messageId)
          .execute();
      const change: Change = {
        ...parts(row),
        status: next ?? row.status,
        type,
        detail,
        reason: typeof detail.reason === 'string' ? detail.reason : null,
        at,
      };
      if (next || first) await logChanges(trx, this.k, [change], at);
      else
        await trx
          .insertInto('engage_message_events')
          .values({
            workspace_id: ws,
            id: newId(),
            message_id: messageId,
            type,
            detail: JSON.stringify(detail),
            occurred_at: at,
          })
          .execute();
      return { id: row.id, status: next ?? row.status, personId: row.person_id, channelType: row.channel_type };
    });
  }

  /** Provider callbacks and DSNs: each report finds its message by the provider's id on this channel. */
  applyReports(ws: string, channelId: string, reports: StatusReport[]): Promise<number> {
    return applyReports(this.k, this, ws, channelId, reports);
  }

  /** Replies on SMS and messengers: STOP withdraws marketing consent; other texts go to the timeline. */
  applyInbound(ws: string, channelId: string, inbound: InboundMessage[]): Promise<number> {
    return applyInbound(this.k, this.engage, ws, channelId, inbound);
  }

  /** Module stop: the sender finishes the batch in hand. */
  async stop(): Promise<void> {
    await this.sender.stop();
  }
}

/** Forward only: queued → sending → sent → delivered → opened → clicked; null = unchanged. */
export function nextStatus(cur: MessageStatus, type: string): MessageStatus | null {
  const from: Record<string, readonly MessageStatus[]> = {
    delivered: ['sending', 'sent'],
    opened: ['sending', 'sent', 'delivered'],
    clicked: ['sending', 'sent', 'delivered', 'opened'],
    bounced: ['sending', 'sent', 'delivered'],
    failed: ['sending', 'sent'],
    complained: ['sending', 'sent', 'delivered', 'opened', 'clicked'],
  };
  return from[type]?.includes(cur) ? (type as MessageStatus) : null;
}

function notFoundAs(path: string, what: string) {
  return (err: unknown): never => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw invalid(path, `no such ${what} in this workspace`);
    throw err;
  };
}
