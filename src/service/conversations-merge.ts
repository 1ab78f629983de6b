import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { Tx } from '../core/db/schema.ts';
import { AppError, invalid } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Service } from './service.ts';
import { nextNumber, subjectOf } from './conversations-store.ts';
import { changedBy } from './status-history.ts';

/** Merge (two conversations of one request become one history) and split (messages taken out into a new one). */
export class Merges {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  /**
   * POST /conversations/{id}/merge {intoId}: the messages, thread keys and tags of `id` move into
   * `intoId`; `id` is closed with merged_into set (its URL still answers, pointing there).
   */
  async merge(actor: Actor, id: string, intoId: string) {
    const ws = actor.workspaceId;
    if (id === intoId) throw invalid('intoId', 'a conversation cannot be merged into itself');
    await this.service.hooks.transact(async (trx, emit) => {
      // Both rows locked in id order: two merges of the same pair at once cannot deadlock.
      const [a, b] = [id, intoId].sort();
      const first = await this.service.conversations
        .row(trx, ws, a!, true)
        .catch(notFoundAs(a === id ? null : 'intoId'));
      const second = await this.service.conversations
        .row(trx, ws, b!, true)
        .catch(notFoundAs(b === id ? null : 'intoId'));
      const from = first.id === id ? first : second;
      const into = first.id === id ? second : first;
      if (from.merged_into) throw new AppError('CONFLICT', 'this conversation was already merged into another one');
      if (into.merged_into)
        throw invalid('intoId', 'that conversation was merged into another one: merge into that one');
      if (into.status === 'closed') throw invalid('intoId', 'that conversation is closed (final)');
      await trx
        .updateTable('service_messages')
        .set({ conversation_id: into.id })
        .where('workspace_id', '=', ws)
        .where('conversation_id', '=', from.id)
        .execute();
      await trx
        .updateTable('service_thread_keys')
        .set({ conversation_id: into.id })
        .where('workspace_id', '=', ws)
        .where('conversation_id', '=', from.id)
        .execute();
      const tags = [...new Set([...into.tags, ...from.tags])];
      await trx
        .updateTable('service_conversations')
        .set({ tags, version: sql`version + 1`, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', into.id)
        .execute();
      await restamp(trx, ws, into.id);
      await trx
        .updateTable('service_conversations')
        .set({
          merged_into: into.id,
          status: 'closed',
          closed_at: new Date(),
          version: sql`version + 1`,
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', from.id)
        .execute();
      await this.service.messages.systemNote(trx, ws, into.id, `Conversation #${from.number} was merged into this one`);
      await this.k.audit.record(trx, actor, {
        action: 'merge',
        entityType: 'conversation',
        entityId: from.id,
        before: { status: from.status, mergedInto: null },
        after: { status: 'closed', mergedInto: into.id },
      });
      await emit(ws, from.id, {
        kind: 'updated',
        fields: { status: 'closed', mergedInto: into.id },
        by: changedBy(actor),
      });
      await emit(ws, into.id, { kind: 'updated', fields: { mergedFrom: from.id, tags } });
    });
    return this.service.conversations.get(ws, intoId);
  }

  /** POST /conversations/{id}/split {messageIds}: those messages (and their thread keys) into a new conversation. */
  async split(actor: Actor, id: string, messageIds: string[]) {
    const ws = actor.workspaceId;
    const ids = [...new Set(messageIds)];
    if (!ids.length) throw invalid('messageIds', 'at least one message', 'TOO_FEW');
    const newIdOf = newId();
    await this.service.hooks.transact(async (trx, emit) => {
      const conv = await this.service.conversations.row(trx, ws, id, true);
      if (conv.merged_into) throw new AppError('CONFLICT', 'this conversation was merged into another one');
      const rows = await trx
        .selectFrom('service_messages')
        .select(['id', 'conversation_id', 'direction', 'body', 'thread_key', 'created_at'])
        .where('workspace_id', '=', ws)
        .where('conversation_id', '=', id)
        .orderBy('created_at')
        .execute();
      const mine = new Set(rows.map((r) => r.id));
      const foreign = ids.findIndex((m) => !mine.has(m));
      if (foreign >= 0) throw invalid(`messageIds.${foreign}`, 'not a message of this conversation');
      const moving = rows.filter((r) => ids.includes(r.id));
      if (moving.length === rows.length) throw invalid('messageIds', 'every message would move: nothing would be left');
      const firstIn = moving.find((r) => r.direction === 'in') ?? moving[0]!;
      await trx
        .insertInto('service_conversations')
        .values({
          workspace_id: ws,
          id: newIdOf,
          number: await nextNumber(trx, ws),
          inbox_id: conv.inbox_id,
          person_id: conv.person_id,
          channel: conv.channel,
          subject: subjectOf(null, firstIn.body) || conv.subject,
          status: 'open',
          priority: conv.priority,
          topic: conv.topic,
          language: conv.language,
          assignee_id: conv.assignee_id,
          team_id: conv.team_id,
          tags: conv.tags,
          custom: JSON.stringify(conv.custom),
          merged_into: null,
          first_inbound_at: null,
          first_response_at: null,
          last_inbound_at: null,
          last_outbound_at: null,
          last_message_at: firstIn.created_at,
          next_response_due_at: null,
          solved_at: null,
          closed_at: null,
          created_at: firstIn.created_at,
          updated_at: new Date(),
        })
        .execute();
      await trx
        .updateTable('service_messages')
        .set({ conversation_id: newIdOf })
        .where('workspace_id', '=', ws)
        .where('id', 'in', ids)
        .execute();
      const keys = moving.map((r) => r.thread_key).filter((k): k is string => !!k);
      if (keys.length)
        await trx
          .updateTable('service_thread_keys')
          .set({ conversation_id: newIdOf })
          .where('workspace_id', '=', ws)
          .where('key', 'in', keys)
          .execute();
      await restamp(trx, ws, id);
      await restamp(trx, ws, newIdOf);
      await this.service.messages.systemNote(trx, ws, newIdOf, `Split from conversation #${conv.number}`);
      await this.k.audit.record(trx, actor, {
        action: 'split',
        entityType: 'conversation',
        entityId: id,
        after: { splitInto: newIdOf, messageIds: ids },
      });
      await emit(ws, newIdOf, { kind: 'created', by: changedBy(actor) });
      await emit(ws, id, { kind: 'updated', fields: { splitInto: newIdOf } });
    });
    return this.service.conversations.get(ws, newIdOf);
  }
}

/** A conversation's stamps again from its messages (after messages moved in or out). */
async function restamp(trx: Tx, ws: string, id: string) {
  await sql`
    UPDATE service_conversations c SET
      first_inbound_at = s.first_in, last_inbound_at = s.last_in, last_outbound_at = s.last_out,
      first_response_at = s.first_reply, last_message_at = coalesce(s.last_any, c.created_at)
    FROM (
      SELECT min(created_at) FILTER (WHERE direction = 'in') AS first_in,
             max(created_at) FILTER (WHERE direction = 'in') AS last_in,
             max(created_at) FILTER (WHERE direction = 'out') AS last_out,
             min(created_at) FILTER (WHERE direction = 'out' AND author_kind = 'agent') AS first_reply,
             max(created_at) FILTER (WHERE direction <> 'note') AS last_any
      FROM service_messages WHERE workspace_id = ${ws} AND conversation_id = ${id}
    ) s
    WHERE c.workspace_id = ${ws} AND c.id = ${id}
  `.execute(trx);
}

function notFoundAs(path: string | null) {
  return (err: unknown): never => {
    if (path && err instanceof AppError && err.code === 'NOT_FOUND')
      throw invalid(path, 'no such conversation in this workspace');
    throw err;
  };
}
