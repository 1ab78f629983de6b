import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { invalid } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { MessageStatus } from './tables.ts';
import type { InboundMessage } from './channels/types.ts';
import type { Rendered } from './sender-support.ts';

/** A message written by a person (a service reply), not rendered from a template. */
export interface DirectMessage {
  personId: string;
  channelId: string;
  subject?: string | null;
  text: string;
  html?: string | null;
  /** Email only: Message-ID, In-Reply-To, References (the client's reply threads back). */
  headers?: Record<string, string>;
  /** The address to send to (the one the client wrote from); default: the person's address on the channel. */
  to?: string | null;
  idempotencyKey: string;
  /** 'service': transactional (no marketing consent needed, never held, no caps or quiet hours). */
  kind: 'service';
  /** The ledger id to use (so the caller can name the Message-ID before the send); default a new one. */
  id?: string;
}

/** What `data.direct` of a direct ledger row holds. */
interface DirectData {
  subject: string | null;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  to: string | null;
}

const HEADER_NAMES = new Set(['message-id', 'in-reply-to', 'references']);

/** The direct content of a ledger row's data, or null for a templated message. */
export function directOf(data: Record<string, unknown> | null | undefined): DirectData | null {
  const d = data?.direct;
  if (!d || typeof d !== 'object') return null;
  const x = d as Partial<DirectData>;
  return {
    subject: typeof x.subject === 'string' ? x.subject : null,
    text: typeof x.text === 'string' ? x.text : '',
    html: typeof x.html === 'string' ? x.html : null,
    headers: x.headers && typeof x.headers === 'object' ? x.headers : {},
    to: typeof x.to === 'string' ? x.to : null,
  };
}

/** A direct message as the sender's rendered form. */
export function directRendered(d: DirectData): Rendered {
  return { templateId: '', version: 0, locale: null, subject: d.subject, html: d.html, text: d.text };
}

/**
 * engage.messages.sendDirect: queues a message with its own content (a service desk reply) in
 * the ledger, kind 'transactional', sent by the normal sender with the given email headers.
 * Idempotent by key: a second call returns the first row. In `trx` when given (the caller's
 * transaction), else in its own; the sender wakes after the commit.
 */
export async function sendDirect(
  k: EngageBaseKernel,
  engage: Engage,
  actor: Actor,
  m: DirectMessage,
  trx?: DbOrTx,
): Promise<{ id: string; status: MessageStatus }> {
  const ws = actor.workspaceId;
  if (m.kind !== 'service') throw invalid('kind', "only 'service' messages are sent direct", 'INVALID_OPTION');
  if (!m.text.trim() && !m.html) throw invalid('text', 'an empty message', 'REQUIRED');
  if (!m.idempotencyKey) throw invalid('idempotencyKey', 'required', 'REQUIRED');
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(m.headers ?? {})) {
    if (!HEADER_NAMES.has(name.toLowerCase()))
      throw invalid(`headers.${name}`, 'only Message-ID, In-Reply-To and References');
    if (/[\r\n]/.test(v) || v.length > 4000) throw invalid(`headers.${name}`, 'one line, at most 4000 characters');
    headers[
      name.toLowerCase() === 'message-id'
        ? 'Message-ID'
        : name.toLowerCase() === 'in-reply-to'
          ? 'In-Reply-To'
          : 'References'
    ] = v;
  }
  const db = trx ?? k.db;
  const channel = await db
    .selectFrom('engage_channels')
    .select(['id', 'type'])
    .where('workspace_id', '=', ws)
    .where('id', '=', m.channelId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!channel) throw invalid('channelId', 'no such channel in this workspace');
  const live = await k.cdp.directory.liveId(db, ws, m.personId);
  if (!live) throw invalid('personId', 'no such person in this workspace');
  const direct: DirectData = {
    subject: m.subject ?? null,
    text: m.text,
    html: m.html ?? null,
    headers,
    to: m.to ?? null,
  };
  const id = m.id ?? newId();
  const write = async (t: DbOrTx) => {
    await sql`
      WITH ins AS (
        INSERT INTO engage_messages (workspace_id, id, idempotency_key, person_id, channel_id, channel_type, template_id, kind, data, subject)
        VALUES (${ws}, ${id}, ${m.idempotencyKey}, ${m.personId}, ${channel.id}, ${channel.type}, NULL, 'transactional',
          ${JSON.stringify({ direct, service: true })}::jsonb, ${m.subject ?? null})
        ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
        RETURNING id
      )
      INSERT INTO engage_message_events (workspace_id, id, message_id, type, detail)
      SELECT ${ws}, ${newId()}, ins.id, 'queued', ${JSON.stringify({ direct: true, actor: actor.label })}::jsonb FROM ins
    `.execute(t);
    return t
      .selectFrom('engage_messages')
      .select(['id', 'status'])
      .where('workspace_id', '=', ws)
      .where('idempotency_key', '=', m.idempotencyKey)
      .executeTakeFirstOrThrow();
  };
  const out = trx ? await write(trx) : await k.db.transaction().execute(write);
  if (trx) setTimeout(() => engage.messages.sender.wake(), 50).unref();
  else engage.messages.sender.wake();
  return out;
}

/**
 * Who takes inbound texts of SMS and messenger channels (the service desk): a handler returns
 * true when it took the message (then it is not also put on the timeline by engage).
 */
export type InboundHandler = (
  ws: string,
  channel: { id: string; type: string },
  message: InboundMessage & { identity: { kind: string; value: string } },
) => Promise<boolean>;

/** `engage.inbound`: the handlers inbound callbacks reach after STOP handling. */
export class InboundHandlers {
  readonly handlers: InboundHandler[] = [];

  register(handler: InboundHandler): void {
    this.handlers.push(handler);
  }

  /** True when a handler took it. A handler's error fails the callback (the provider retries). */
  async dispatch(ws: string, channel: { id: string; type: string }, message: Parameters<InboundHandler>[2]) {
    for (const h of this.handlers) if (await h(ws, channel, message)) return true;
    return false;
  }
}
