import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { isUuid, newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Emit, Service } from './service.ts';
import type { AuthorKind, InboxChannel, ServiceMessagesTable } from './tables.ts';
import { contentDisposition, safeContentType } from './messages-attachments.ts';
import { mentionsIn } from './messages-mentions.ts';

type Row = Selectable<ServiceMessagesTable>;
export const messageView = (
  r: Row,
  attachments: { id: string; filename: string; contentType: string; size: number }[] = [],
) => ({
  id: r.id,
  conversationId: r.conversation_id,
  direction: r.direction,
  channel: r.channel,
  body: r.body,
  html: r.html,
  authorKind: r.author_kind,
  authorUserId: r.author_user_id,
  mentions: r.mentions,
  engageMessageId: r.engage_message_id,
  attachments,
  createdAt: r.created_at,
});
export type MessageView = ReturnType<typeof messageView>;

export interface ReplyInput {
  body: string;
  html?: string | null;
  /** Answer on another channel than the conversation's (the history stays one). */
  channel?: InboxChannel;
  /** Reply through this inbox (of the workspace, on the reply's channel; its channel when `channel` is absent). */
  inboxId?: string;
  /** An internal note: never sent to the client. */
  internal?: boolean;
  /** Users to notify (notes and replies); `@email` in the body mentions too. */
  mentions?: string[];
  /** Default: agent for a user or an API key, bot for the system (automation). */
  authorKind?: AuthorKind;
}

/** The messages of a conversation: reading them, replies through engage, internal notes with @mentions. */
export class Messages {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  /** Oldest first, with their attachments' metadata (at most `limit`, default 1000). */
  async list(ws: string, conversationId: string, opts: { limit?: number } = {}): Promise<MessageView[]> {
    await this.service.conversations.row(this.k.db, ws, conversationId);
    const rows = await this.k.db
      .selectFrom('service_messages')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(opts.limit ?? 1000)
      .execute();
    const files = rows.length
      ? await this.k.db
          .selectFrom('service_attachments')
          .select(['id', 'message_id', 'filename', 'content_type', 'size'])
          .where('workspace_id', '=', ws)
          .where(
            'message_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      : [];
    const byMessage = new Map<string, { id: string; filename: string; contentType: string; size: number }[]>();
    for (const f of files)
      byMessage.set(f.message_id, [
        ...(byMessage.get(f.message_id) ?? []),
        { id: f.id, filename: f.filename, contentType: f.content_type, size: f.size },
      ]);
    return rows.map((r) => messageView(r, byMessage.get(r.id) ?? []));
  }

  /**
   * One message by its id with its conversation's person (for readers in later modules, such as
   * cx's analysis of clients' messages), or null when the workspace has no such message.
   */
  async get(ws: string, messageId: string): Promise<(MessageView & { personId: string }) | null> {
    if (!isUuid(messageId)) return null;
    const r = await this.k.db
      .selectFrom('service_messages as m')
      .innerJoin('service_conversations as c', (j) =>
        j.onRef('c.workspace_id', '=', 'm.workspace_id').onRef('c.id', '=', 'm.conversation_id'),
      )
      .selectAll('m')
      .select('c.person_id')
      .where('m.workspace_id', '=', ws)
      .where('m.id', '=', messageId)
      .executeTakeFirst();
    return r ? { ...messageView(r), personId: r.person_id } : null;
  }

  /** One attachment of a conversation's message, with the headers a safe download needs. */
  async attachment(ws: string, conversationId: string, attachmentId: string) {
    await this.service.conversations.row(this.k.db, ws, conversationId);
    if (!isUuid(attachmentId)) throw notFound('Attachment');
    const row = await this.k.db
      .selectFrom('service_attachments as a')
      .innerJoin('service_messages as m', (j) =>
        j.onRef('m.workspace_id', '=', 'a.workspace_id').onRef('m.id', '=', 'a.message_id'),
      )
      .select(['a.filename', 'a.content_type', 'a.content', 'a.size'])
      .where('a.workspace_id', '=', ws)
      .where('a.id', '=', attachmentId)
      .where('m.conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (!row) throw notFound('Attachment');
    return {
      content: row.content,
      contentType: safeContentType(row.content_type),
      disposition: contentDisposition(row.filename),
      size: row.size,
    };
  }

  /** A note by the system (e.g. an attachment refused), in the caller's transaction. */
  async systemNote(trx: Tx, ws: string, conversationId: string, body: string, at = new Date()): Promise<string> {
    const id = newId();
    await trx
      .insertInto('service_messages')
      .values({
        workspace_id: ws,
        id,
        conversation_id: conversationId,
        direction: 'note',
        channel: (await this.service.conversations.row(trx, ws, conversationId)).channel,
        author_user_id: null,
        author_kind: 'system',
        body,
        html: null,
        external_id: null,
        thread_key: null,
        engage_message_id: null,
        created_at: at,
      })
      .execute();
    return id;
  }

  /** POST /conversations/{id}/messages: a reply (sent through engage) or an internal note. */
  async reply(actor: Actor, conversationId: string, input: ReplyInput): Promise<MessageView> {
    const ws = actor.workspaceId;
    const id = await this.service.hooks.transact((trx, emit) => this.replyIn(trx, emit, actor, conversationId, input));
    const [view] = (await this.list(ws, conversationId)).filter((m) => m.id === id);
    if (!view) throw notFound('Message');
    return view;
  }

  /** The reply in the caller's transaction (macros and automation use it); returns the message id. */
  async replyIn(trx: Tx, emit: Emit, actor: Actor, conversationId: string, input: ReplyInput): Promise<string> {
    const ws = actor.workspaceId;
    const body = input.body ?? '';
    if (!body.trim()) throw invalid('body', 'an empty message', 'REQUIRED');
    if (body.length > 100_000) throw invalid('body', 'at most 100000 characters', 'TOO_LONG');
    const conv = await this.service.conversations.row(trx, ws, conversationId, true);
    if (conv.merged_into) throw new AppError('CONFLICT', 'this conversation was merged into another one: answer there');
    if (conv.status === 'closed' && !input.internal)
      throw new AppError('CONFLICT', 'a closed conversation is final: a new message from the client opens a new one');
    const now = new Date();
    // A second reply in the same millisecond still sorts after the first.
    const last = await trx
      .selectFrom('service_messages')
      .select(sql<Date>`max(created_at)`.as('t'))
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    const at = last?.t && new Date(last.t) >= now ? new Date(new Date(last.t).getTime() + 1) : now;
    const authorKind: AuthorKind = input.authorKind ?? (actor.type === 'system' ? 'bot' : 'agent');
    const mentions = await this.mentioned(trx, ws, body, input.mentions ?? []);
    const id = newId();
    const chosen = input.inboxId && !input.internal ? await this.chosenInbox(trx, ws, input) : null;
    const channel = chosen?.channel ?? input.channel ?? conv.channel;
    let engageId: string | null = null;
    let threadKey: string | null = null;
    if (!input.internal) {
      const route = chosen
        ? { channelId: chosen.channel_id, domain: chosen.address?.split('@')[1] ?? null }
        : await this.routeOf(trx, ws, conv, channel);
      if (route) {
        engageId = newId();
        const headers: Record<string, string> = {};
        let subject: string | null = null;
        if (channel === 'email') {
          threadKey = `<svc.${id}@${route.domain ?? 'kartoteka.invalid'}>`;
          const refs = await this.threadRefs(trx, ws, conversationId);
          headers['Message-ID'] = threadKey;
          if (refs.length) {
            headers['In-Reply-To'] = refs[refs.length - 1]!;
            headers.References = refs.slice(-20).join(' ');
          }
          subject = /^(re|ответ|отв)\s*:/i.test(conv.subject)
            ? conv.subject
            : `Re: ${conv.subject || `#${conv.number}`}`;
        }
        await this.k.engage.messages.sendDirect(
          actor,
          {
            id: engageId,
            personId: conv.person_id,
            channelId: route.channelId,
            subject,
            text: body,
            html: input.html ?? null,
            headers,
            idempotencyKey: `svc:${id}`,
            kind: 'service',
          },
          trx,
        );
      } else if (channel !== 'chat' && channel !== 'api')
        throw invalid('channel', `no inbox of this workspace replies on ${channel} (set its channelId)`);
    }
    await trx
      .insertInto('service_messages')
      .values({
        workspace_id: ws,
        id,
        conversation_id: conversationId,
        direction: input.internal ? 'note' : 'out',
        channel,
        author_user_id: actor.type === 'user' ? actor.id : null,
        author_kind: authorKind,
        body,
        html: input.html ?? null,
        external_id: null,
        thread_key: threadKey,
        engage_message_id: engageId,
        mentions,
        created_at: at,
      })
      .execute();
    if (threadKey) await this.service.inbound.storeKeys(trx, ws, conversationId, [threadKey]);
    const fields: Record<string, unknown> = {};
    if (!input.internal) {
      const human = authorKind === 'agent';
      const status = human && (conv.status === 'new' || conv.status === 'reopened') ? 'open' : conv.status;
      if (status !== conv.status) fields.status = status;
      await trx
        .updateTable('service_conversations')
        .set({
          status,
          last_outbound_at: at,
          last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
          ...(human && !conv.first_response_at ? { first_response_at: at } : {}),
          ...(human && !conv.assignee_id && actor.type === 'user' && actor.id ? { assignee_id: actor.id } : {}),
          version: sql`version + 1`,
          updated_at: now,
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', conversationId)
        .execute();
      if (human && !conv.assignee_id && actor.type === 'user' && actor.id) fields.assigneeId = actor.id;
      await this.k.cdp.directory.appendEvents(trx, ws, [
        {
          personId: conv.person_id,
          type: 'service',
          event: 'Message Sent',
          messageId: `svc:${id}`,
          occurredAt: at,
          properties: { conversationId, messageId: id, channel, authorKind, text: body.slice(0, 500) },
        },
      ]);
    }
    if (mentions.length)
      await this.k.notifications.create(
        trx,
        mentions
          .filter((u) => u !== actor.id)
          .map((userId) => ({
            workspaceId: ws,
            userId,
            kind: 'service.mention',
            title: `${actor.label} mentioned you in #${conv.number}${conv.subject ? `: ${conv.subject}` : ''}`.slice(
              0,
              500,
            ),
            body: body.slice(0, 1000),
            link: `/service/conversations/${conversationId}`,
            data: { conversationId, messageId: id },
          })),
      );
    await emit(ws, conversationId, { kind: 'message', messageId: id, direction: input.internal ? 'note' : 'out' });
    if (Object.keys(fields).length)
      await emit(ws, conversationId, {
        kind: 'updated',
        fields,
        at,
        by: { kind: authorKind, userId: actor.type === 'user' ? actor.id : null },
      });
    return id;
  }

  /** The inbox named by `inboxId`: of this workspace, on the reply's channel, able to send (else 422 naming the field). */
  private async chosenInbox(trx: DbOrTx, ws: string, input: ReplyInput) {
    const row = isUuid(input.inboxId!)
      ? await trx
          .selectFrom('service_inboxes')
          .select(['id', 'channel', 'channel_id', 'address'])
          .where('workspace_id', '=', ws)
          .where('id', '=', input.inboxId!)
          .where('deleted_at', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!row) throw invalid('inboxId', 'no such inbox in this workspace');
    if (input.channel && row.channel !== input.channel)
      throw invalid('inboxId', `this inbox is on ${row.channel}, not ${input.channel}`);
    if (!row.channel_id) throw invalid('inboxId', 'this inbox sends nothing (set its channelId)', 'INVALID_OPTION');
    return { ...row, channel_id: row.channel_id };
  }

  /**
   * The engage channel a reply on `channel` goes through: the inbox the client last wrote from on
   * that channel (any of their conversations), else the conversation's own inbox when it has this
   * channel, else the oldest inbox of that channel.
   */
  private async routeOf(trx: DbOrTx, ws: string, conv: { inbox_id: string; person_id: string }, channel: InboxChannel) {
    const rows = await trx
      .selectFrom('service_inboxes')
      .select(['id', 'channel', 'channel_id', 'address'])
      .where('workspace_id', '=', ws)
      .where('channel', '=', channel)
      .where('channel_id', 'is not', null)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .execute();
    const own = await trx
      .selectFrom('service_inboxes')
      .select(['id', 'channel', 'channel_id', 'address'])
      .where('workspace_id', '=', ws)
      .where('id', '=', conv.inbox_id)
      .executeTakeFirst();
    const lastFrom =
      rows.length > 1
        ? await trx
            .selectFrom('service_messages as m')
            .innerJoin('service_inbound_keys as k', (j) =>
              j.onRef('k.workspace_id', '=', 'm.workspace_id').onRef('k.message_id', '=', 'm.id'),
            )
            .innerJoin('service_conversations as c', (j) =>
              j.onRef('c.workspace_id', '=', 'm.workspace_id').onRef('c.id', '=', 'm.conversation_id'),
            )
            .select('k.inbox_id')
            .where('m.workspace_id', '=', ws)
            .where('c.person_id', '=', conv.person_id)
            .where('m.direction', '=', 'in')
            .where('m.channel', '=', channel)
            .where(
              'k.inbox_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('m.created_at', 'desc')
            .limit(1)
            .executeTakeFirst()
        : undefined;
    // The conversation's own inbox when it has this channel (api/chat inboxes reply through theirs).
    const pick =
      rows.find((r) => r.id === lastFrom?.inbox_id) ??
      rows.find((r) => r.id === conv.inbox_id) ??
      ((channel === 'chat' || channel === 'api') && own?.channel === channel && own.channel_id ? own : rows[0]);
    if (!pick?.channel_id) return null;
    const domain = (pick.address ?? rows.find((r) => r.address)?.address ?? '').split('@')[1] ?? null;
    return { channelId: pick.channel_id, domain };
  }

  /** The email Message-IDs of the conversation, oldest first (In-Reply-To: the last; References: all). */
  private async threadRefs(trx: DbOrTx, ws: string, conversationId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('service_messages')
      .select('thread_key')
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .where('thread_key', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.thread_key!).filter((k) => /^<[^<>\s]+>$/.test(k));
  }

  /** Mentioned members: the ids given (members only) and `@email` in the text. */
  private async mentioned(trx: DbOrTx, ws: string, body: string, ids: string[]): Promise<string[]> {
    const emails = mentionsIn(body);
    if (!ids.length && !emails.length) return [];
    const rows = await trx
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.id')
      .where('m.workspace_id', '=', ws)
      .where('m.disabled_at', 'is', null)
      .where((eb) =>
        eb.or([
          ...(ids.length ? [eb('u.id', 'in', ids)] : []),
          ...(emails.length ? [eb(sql`lower(u.email)`, 'in', emails)] : []),
        ]),
      )
      .execute();
    const found = new Set(rows.map((r) => r.id));
    const unknown = ids.filter((i) => !found.has(i));
    if (unknown.length) throw invalid('mentions', `not a member of this workspace: ${unknown[0]}`);
    return [...found];
  }
}
