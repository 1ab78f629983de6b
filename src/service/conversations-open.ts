import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { invalid } from '../core/errors.ts';
import { isUuid, newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Service } from './service.ts';
import type { InboxChannel, Priority } from './tables.ts';
import { nextNumber, subjectOf } from './conversations-store.ts';

/** `POST /conversations`: a ticket an agent (or a module) opens on a client's behalf. */
export interface OpenInput {
  personId: string;
  subject: string;
  priority?: Priority;
  assigneeId?: string | null;
  teamId?: string | null;
  /** The inbox it belongs to (its channel is the conversation's); default: see `placeOf`. */
  inboxId?: string | null;
  tags?: string[];
  /** The internal note it starts with (default: the subject). Never sent to the client. */
  note?: string | null;
  /** Idempotency: the same key on the workspace opens one conversation (a retried job, a double click). */
  externalId?: string | null;
}

export interface OpenResult {
  conversationId: string;
  /** This externalId opened one before: nothing was written. */
  duplicate: boolean;
}

/** Cyrillic → 'ru', Latin → 'en' (inbound.ts' rule for a client's first message; an agent can correct it). */
function languageOf(text: string): string | null {
  const cyr = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  const lat = (text.match(/[a-z]/gi) ?? []).length;
  if (cyr + lat < 3) return null;
  return cyr >= lat ? 'ru' : 'en';
}

/** The inbox key under which `externalId`s of opened tickets are kept (service_inbound_keys). */
const openKey = (externalId: string) => `open:${externalId}`;

/** Which inbox channel reaches a person with an identity of this kind. */
const CHANNEL_OF_IDENTITY: Record<string, InboxChannel[]> = {
  email: ['email'],
  phone: ['sms', 'whatsapp'],
  telegram_id: ['telegram'],
  vk_id: ['vk'],
  anonymous_id: ['chat'],
};

/**
 * Opening a ticket for an existing person ("New ticket" in Zendesk or HubSpot): a conversation whose
 * first message is an internal note (direction `note`: the client did not write it), in one
 * transaction with the change hooks (status history, SLA, holds, survey outcomes), the audit row
 * (and so `conversation.created` for webhooks), a timeline entry, and routing when neither an
 * assignee nor a team is given.
 *
 * Its inbox and channel, which decide where replies go (as for any conversation: the channel, else
 * one chosen on the reply): the inbox given; else the inbox and channel of the person's latest
 * conversation (where they last talked to the desk); else the oldest inbox on a channel the person
 * has an identity for (email → email, phone → SMS/WhatsApp, Telegram, VK, an anonymous id → chat);
 * else the workspace's oldest inbox. A workspace without any inbox cannot hold one (400 inboxId).
 */
export async function openConversation(
  k: ServiceBaseKernel,
  service: Service,
  actor: Actor,
  input: OpenInput,
): Promise<OpenResult> {
  const ws = actor.workspaceId;
  const subject = subjectOf(input.subject, '');
  if (!subject) throw invalid('subject', 'a ticket needs a subject', 'REQUIRED');
  const note = (input.note ?? '').trim() || subject;
  if (note.length > 100_000) throw invalid('note', 'at most 100000 characters', 'TOO_LONG');
  const externalId = (input.externalId ?? '').trim();
  if (externalId.length > 400) throw invalid('externalId', 'at most 400 characters', 'TOO_LONG');
  const personId = isUuid(input.personId) ? await k.cdp.directory.liveId(k.db, ws, input.personId) : null;
  if (!personId) throw invalid('personId', 'no such person in this workspace', 'UNKNOWN_PERSON');
  await service.conversations.checkRefs(ws, { assigneeId: input.assigneeId, teamId: input.teamId });
  const place = await placeOf(k, ws, personId, input.inboxId ?? null);
  const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
  const traits = (await k.cdp.getPeople(ws, [personId])).get(personId)?.traits ?? {};
  const routed = !input.assigneeId && !input.teamId;

  return service.hooks.transact(async (trx, emit) => {
    if (externalId) {
      // The identity lock orders two opens of one key (as inbound does for one message).
      await k.cdp.directory.lock(trx, ws);
      const dup = await duplicateOf(trx, ws, place.inboxId, externalId);
      if (dup) return { conversationId: dup, duplicate: true };
    }
    const now = new Date();
    const id = newId();
    const status = input.assigneeId ? 'open' : 'new';
    await trx
      .insertInto('service_conversations')
      .values({
        workspace_id: ws,
        id,
        number: await nextNumber(trx, ws),
        inbox_id: place.inboxId,
        person_id: personId,
        channel: place.channel,
        subject,
        status,
        priority: input.priority ?? 'normal',
        topic: null,
        language: languageOf(`${subject}\n${note}`),
        assignee_id: input.assigneeId ?? null,
        team_id: input.teamId ?? null,
        tags,
        custom: '{}',
        merged_into: null,
        first_inbound_at: null,
        first_response_at: null,
        last_inbound_at: null,
        last_outbound_at: null,
        last_message_at: now,
        next_response_due_at: null,
        solved_at: null,
        closed_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const messageId = newId();
    const userId = actor.type === 'user' ? actor.id : null;
    // A member or an API key writes as an agent; a module (a survey follow-up) as the system.
    const authorKind = actor.type === 'system' ? 'system' : 'agent';
    await trx
      .insertInto('service_messages')
      .values({
        workspace_id: ws,
        id: messageId,
        conversation_id: id,
        direction: 'note',
        channel: place.channel,
        author_user_id: userId,
        author_kind: authorKind,
        body: note,
        html: null,
        external_id: null,
        thread_key: null,
        engage_message_id: null,
        created_at: now,
      })
      .execute();
    if (externalId)
      await trx
        .insertInto('service_inbound_keys')
        .values({ workspace_id: ws, inbox_id: place.inboxId, external_id: openKey(externalId), message_id: messageId })
        .execute();
    const record = service.conversations.viewOf(await service.conversations.row(trx, ws, id));
    await k.audit.record(trx, actor, { action: 'create', entityType: 'conversation', entityId: id, record });
    await k.cdp.directory.appendEvents(trx, ws, [
      {
        personId,
        type: 'service',
        event: 'Conversation Opened',
        messageId: `svc-open:${id}`,
        occurredAt: now,
        properties: { conversationId: id, inboxId: place.inboxId, channel: place.channel, subject, by: actor.label },
      },
    ]);
    await emit(ws, id, {
      kind: 'created',
      messageId,
      direction: 'note',
      by: { kind: authorKind, userId },
    });
    if (routed) await service.routing.route(trx, emit, ws, id, { text: note, subject, traits });
    return { conversationId: id, duplicate: false };
  });
}

async function duplicateOf(trx: Tx, ws: string, inboxId: string, externalId: string): Promise<string | null> {
  const hit = await trx
    .selectFrom('service_inbound_keys as k')
    .innerJoin('service_messages as m', (j) =>
      j.onRef('m.workspace_id', '=', 'k.workspace_id').onRef('m.id', '=', 'k.message_id'),
    )
    .select('m.conversation_id')
    .where('k.workspace_id', '=', ws)
    .where('k.inbox_id', '=', inboxId)
    .where('k.external_id', '=', openKey(externalId))
    .executeTakeFirst();
  return hit?.conversation_id ?? null;
}

/** The inbox and channel of a new ticket (see `openConversation`). */
async function placeOf(
  k: ServiceBaseKernel,
  ws: string,
  personId: string,
  inboxId: string | null,
): Promise<{ inboxId: string; channel: InboxChannel }> {
  const db: DbOrTx = k.db;
  const inboxes = await db
    .selectFrom('service_inboxes')
    .select(['id', 'channel'])
    .where('workspace_id', '=', ws)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (inboxId) {
    const hit = inboxes.find((i) => i.id === inboxId);
    if (!hit) throw invalid('inboxId', 'no such inbox in this workspace');
    return { inboxId: hit.id, channel: hit.channel };
  }
  if (!inboxes.length) throw invalid('inboxId', 'this workspace has no inbox yet: create one first', 'REQUIRED');
  const last = await db
    .selectFrom('service_conversations')
    .select(['inbox_id', 'channel'])
    .where('workspace_id', '=', ws)
    .where('person_id', '=', personId)
    .where('merged_into', 'is', null)
    .where(
      'inbox_id',
      'in',
      inboxes.map((i) => i.id),
    )
    .orderBy(sql`coalesce(last_inbound_at, last_message_at, created_at)`, 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last) return { inboxId: last.inbox_id, channel: last.channel };
  const kinds = (await k.cdp.directory.identitiesOf(db, ws, personId)).map((i) => i.kind as string);
  const reachable = new Set(kinds.flatMap((kind) => CHANNEL_OF_IDENTITY[kind] ?? []));
  const pick = inboxes.find((i) => reachable.has(i.channel)) ?? inboxes[0]!;
  return { inboxId: pick.id, channel: pick.channel };
}

/**
 * Each person's chat conversation a message can still reach them in: their latest conversation on
 * the chat channel that is neither closed nor merged away (key: the person id asked, live ids).
 */
export async function chatConversationsOf(
  db: DbOrTx,
  ws: string,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(personIds)].filter(isUuid);
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('service_conversations')
    .select(['person_id', 'id'])
    .distinctOn('person_id')
    .where('workspace_id', '=', ws)
    .where('person_id', 'in', ids)
    .where('channel', '=', 'chat')
    .where('merged_into', 'is', null)
    .where('status', '!=', 'closed')
    .orderBy('person_id')
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.id]));
}
