import { sql } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import { invalid } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Service } from './service.ts';
import type { InboxChannel } from './tables.ts';
import { cleanFilename, refusal, type AttachmentInput } from './messages-attachments.ts';
import { normalIdentity } from './people.ts';
import { nextNumber, subjectOf } from './conversations-store.ts';
import { conversationView } from './conversations.ts';

export interface InboundServiceMessage {
  inboxId: string;
  channel: InboxChannel;
  /** From the channel: email, phone, telegram_id, vk_id, anonymous_id, user_id. */
  identities: { kind: string; value: string }[];
  /** E.g. `{ name }` for a new person. */
  traits?: Record<string, unknown>;
  /** Idempotency: the same externalId on the same inbox twice is one message. */
  externalId: string;
  /** Email: In-Reply-To + References; chat: the chat session id. */
  threadKeys?: string[];
  /** Email: this message's Message-ID (stored as a thread key). */
  ownKey?: string;
  subject?: string;
  /** Plain text (always). */
  text: string;
  /** Already sanitised by the receiver. */
  html?: string;
  attachments?: AttachmentInput[];
  at?: Date;
}

export interface InboundResult {
  conversationId: string;
  messageId: string;
  personId: string;
  /** A new conversation was opened. */
  created: boolean;
  /** This externalId was received before: nothing was written. */
  duplicate: boolean;
  /** Attachments not kept, with the reason (the message is kept). */
  refused: { filename: string; reason: string }[];
}

const MAX_TEXT = 200_000;

/**
 * Inbound from every channel (issue 18, item 1): the person found or created through the identity
 * graph, the message threaded (thread keys, else the client's recent conversation on the inbox,
 * else a new one), stored once per externalId, its attachments kept or refused with the reason, a
 * timeline entry, routing on a new conversation, and the hooks told.
 */
export class Inbound {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  async receive(ws: string, m: InboundServiceMessage): Promise<InboundResult> {
    const inbox = await this.service.inboxes.get(ws, m.inboxId);
    const externalId = (m.externalId ?? '').trim();
    if (!externalId)
      throw invalid('externalId', 'required: the same message sent twice must be recognised', 'REQUIRED');
    if (externalId.length > 500) throw invalid('externalId', 'at most 500 characters', 'TOO_LONG');
    const text = (m.text ?? '').slice(0, MAX_TEXT);
    if (!text.trim() && !m.html && !m.attachments?.length) throw invalid('text', 'an empty message', 'REQUIRED');
    if (!m.identities.some((i) => normalIdentity(i)))
      throw invalid(
        'identities',
        'no usable identity of the sender (email, phone, telegram_id, vk_id, anonymous_id, user_id)',
      );
    const at = m.at ?? new Date();
    const kept: AttachmentInput[] = [];
    const refused: { filename: string; reason: string }[] = [];
    for (const a of m.attachments ?? []) {
      const why = refusal(a, {
        maxBytes: this.k.config.serviceAttachmentMaxBytes,
        blocked: this.k.config.serviceBlockedTypes,
      });
      if (why) refused.push({ filename: cleanFilename(a.filename), reason: why });
      else kept.push(a);
    }
    // Routing reads the person's traits: known persons' before the transaction (one connection on PGlite).
    const pre = await this.service.routing.personFacts(ws, m.identities);

    return this.service.hooks.transact(async (trx, emit) => {
      const { personId, created: newPerson } = await this.service.people.findOrCreate(trx, ws, m.identities, m.traits);
      // The identity lock is held: a second delivery of this message waits here, then finds the first.
      const dup = await trx
        .selectFrom('service_inbound_keys as k')
        .innerJoin('service_messages as msg', (j) =>
          j.onRef('msg.workspace_id', '=', 'k.workspace_id').onRef('msg.id', '=', 'k.message_id'),
        )
        .select(['msg.id', 'msg.conversation_id'])
        .where('k.workspace_id', '=', ws)
        .where('k.inbox_id', '=', inbox.id)
        .where('k.external_id', '=', externalId)
        .executeTakeFirst();
      if (dup)
        return {
          conversationId: dup.conversation_id,
          messageId: dup.id,
          personId,
          created: false,
          duplicate: true,
          refused: [],
        };

      const keys = [
        ...new Set([...(m.threadKeys ?? []), ...(m.ownKey ? [m.ownKey] : [])].map((x) => x.trim()).filter(Boolean)),
      ].map((x) => x.slice(0, 998));
      let conversationId = await this.thread(trx, ws, inbox.id, personId, m.threadKeys ?? [], at);
      const created = !conversationId;
      if (!conversationId) {
        conversationId = newId();
        await trx
          .insertInto('service_conversations')
          .values({
            workspace_id: ws,
            id: conversationId,
            number: await nextNumber(trx, ws),
            inbox_id: inbox.id,
            person_id: personId,
            channel: m.channel,
            subject: subjectOf(m.subject, text),
            status: 'new',
            priority: 'normal',
            topic: null,
            language: detectLanguage(text),
            assignee_id: null,
            team_id: null,
            custom: '{}',
            merged_into: null,
            first_inbound_at: at,
            first_response_at: null,
            last_inbound_at: at,
            last_outbound_at: null,
            last_message_at: at,
            next_response_due_at: null,
            solved_at: null,
            closed_at: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      const messageId = newId();
      await trx
        .insertInto('service_messages')
        .values({
          workspace_id: ws,
          id: messageId,
          conversation_id: conversationId,
          direction: 'in',
          channel: m.channel,
          author_user_id: null,
          author_kind: 'client',
          body: text,
          html: m.html ?? null,
          external_id: externalId,
          thread_key: m.ownKey?.trim().slice(0, 998) || null,
          engage_message_id: null,
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('service_inbound_keys')
        .values({ workspace_id: ws, inbox_id: inbox.id, external_id: externalId, message_id: messageId })
        .execute();
      await this.storeKeys(trx, ws, conversationId, keys);
      for (const a of kept)
        await trx
          .insertInto('service_attachments')
          .values({
            workspace_id: ws,
            id: newId(),
            message_id: messageId,
            filename: cleanFilename(a.filename),
            content_type: a.contentType.split(';')[0].trim().toLowerCase().slice(0, 200) || 'application/octet-stream',
            size: a.content.length,
            content: a.content,
          })
          .execute();
      if (refused.length)
        await this.service.messages.systemNote(
          trx,
          ws,
          conversationId,
          refused.map((r) => `Attachment "${r.filename}" refused: ${r.reason}`).join('\n'),
          new Date(at.getTime() + 1),
        );
      const moved = created ? null : await this.touch(trx, ws, conversationId, m.channel, at);
      await this.k.cdp.directory.appendEvents(trx, ws, [
        {
          personId,
          type: 'service',
          event: 'Message Received',
          messageId: `svc:${messageId}`,
          occurredAt: at,
          properties: {
            conversationId,
            messageId,
            inboxId: inbox.id,
            channel: m.channel,
            subject: m.subject ?? null,
            text: text.slice(0, 500),
          },
        },
      ]);
      if (created) {
        const record = conversationView(await this.service.conversations.row(trx, ws, conversationId));
        // Subscribers of conversation.created (the entity's event; a create has no audit row: the client made it).
        await this.k.webhooks.emit(trx, {
          workspaceId: ws,
          type: 'conversation.created',
          occurredAt: at,
          data: { entityType: 'conversation', entityId: conversationId, action: 'create', changes: [], record },
        });
      }
      await emit(ws, conversationId, {
        kind: created ? 'created' : 'message',
        messageId,
        direction: 'in',
        by: { kind: 'client' },
      });
      if (moved) await emit(ws, conversationId, { kind: 'updated', fields: moved, at, by: { kind: 'client' } });
      const traits = pre && pre.personId === personId ? pre.traits : newPerson ? (m.traits ?? {}) : {};
      // An inbox with its bot on routes when the bot hands over (bot/bot.ts), not before.
      if (created && !this.service.bot.holdsRouting(inbox.settings))
        await this.service.routing.route(trx, emit, ws, conversationId, { text, subject: m.subject ?? '', traits });
      await this.service.automation.run(trx, emit, ws, conversationId, created ? 'created' : 'message', {
        text,
        subject: m.subject ?? '',
        traits,
      });
      return { conversationId, messageId, personId, created, duplicate: false, refused };
    });
  }

  /**
   * The conversation a message joins: one its thread keys name (merges followed; a closed one is
   * final), else the person's latest conversation on this inbox not closed with a message in the
   * last `serviceThreadDays`; null = a new one.
   */
  private async thread(trx: Tx, ws: string, inboxId: string, personId: string, keys: string[], at: Date) {
    const clean = keys.map((x) => x.trim()).filter(Boolean);
    if (clean.length) {
      const hit = await trx
        .selectFrom('service_thread_keys as t')
        .innerJoin('service_conversations as c', (j) =>
          j.onRef('c.workspace_id', '=', 't.workspace_id').onRef('c.id', '=', 't.conversation_id'),
        )
        .select(['c.id', 'c.status', 'c.merged_into'])
        .where('t.workspace_id', '=', ws)
        .where('t.key', 'in', clean)
        .orderBy('c.last_message_at', 'desc')
        .executeTakeFirst();
      if (hit) {
        const live = await this.service.conversations.liveOf(trx, ws, hit.id);
        if (live && live.status !== 'closed') return live.id;
        if (live?.status === 'closed') return null;
      }
    }
    const days = this.k.config.serviceThreadDays;
    if (!days) return null;
    const since = new Date(at.getTime() - days * 86_400_000);
    const recent = await trx
      .selectFrom('service_conversations')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .where('inbox_id', '=', inboxId)
      .where('merged_into', 'is', null)
      .where('status', '!=', 'closed')
      .where('last_message_at', '>=', since)
      .orderBy('last_message_at', 'desc')
      .executeTakeFirst();
    return recent?.id ?? null;
  }

  /** Thread keys → this conversation; a key of a closed conversation moves to the new one. */
  async storeKeys(trx: Tx, ws: string, conversationId: string, keys: string[]) {
    if (!keys.length) return;
    await sql`
      INSERT INTO service_thread_keys (workspace_id, key, conversation_id)
      SELECT ${ws}, k, ${conversationId} FROM unnest(${keys}::text[]) AS k
      ON CONFLICT (workspace_id, key) DO UPDATE SET conversation_id = EXCLUDED.conversation_id
      WHERE EXISTS (
        SELECT 1 FROM service_conversations c
        WHERE c.workspace_id = service_thread_keys.workspace_id AND c.id = service_thread_keys.conversation_id AND c.status = 'closed'
      )
    `.execute(trx);
  }

  /** A client's message on an existing conversation: stamps, the channel they used, the status machine. */
  private async touch(trx: Tx, ws: string, id: string, channel: InboxChannel, at: Date) {
    const cur = await this.service.conversations.row(trx, ws, id, true);
    const status = cur.status === 'solved' ? 'reopened' : cur.status === 'pending' ? 'open' : cur.status;
    await trx
      .updateTable('service_conversations')
      .set({
        channel,
        status,
        last_inbound_at: at,
        last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`,
        first_inbound_at: cur.first_inbound_at ?? at,
        ...(cur.status === 'solved' ? { solved_at: null, reopened_count: cur.reopened_count + 1 } : {}),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    const fields = { ...(status !== cur.status ? { status } : {}), ...(channel !== cur.channel ? { channel } : {}) };
    return Object.keys(fields).length ? fields : null;
  }
}

/** Cyrillic text → 'ru', Latin → 'en', else null (routing by language; an agent can correct it). */
export function detectLanguage(text: string): string | null {
  const cyr = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  const lat = (text.match(/[a-z]/gi) ?? []).length;
  if (cyr + lat < 3) return null;
  return cyr >= lat ? 'ru' : 'en';
}
