import type { Privacy } from '../cdp/index.ts';

/**
 * GDPR: a person's conversations with every message, attachment, thread key and status change, for
 * the CDP's export and erase (src/cdp/privacy.ts). Erase deletes the conversations (messages,
 * attachments, inbound keys, thread keys, status changes and time-rule firings go with them by
 * foreign key); the numbers they had are not reused.
 * Other desk parts (SLA clocks, CSAT) key their rows by conversation and register their own.
 */
export function registerServicePersonData(privacy: Privacy) {
  privacy.registerModule('service', {
    erase: async (trx, ws, ids) => {
      const convs = await trx
        .selectFrom('service_conversations')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .execute();
      const convIds = convs.map((c) => c.id);
      if (!convIds.length) return { conversations: 0, messages: 0, attachments: 0 };
      const messages = await trx
        .selectFrom('service_messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('workspace_id', '=', ws)
        .where('conversation_id', 'in', convIds)
        .executeTakeFirst();
      const attachments = await trx
        .deleteFrom('service_attachments')
        .where('workspace_id', '=', ws)
        .where('message_id', 'in', (eb) =>
          eb
            .selectFrom('service_messages')
            .select('id')
            .where('workspace_id', '=', ws)
            .where('conversation_id', 'in', convIds),
        )
        .executeTakeFirst();
      // Conversations merged into one of these lose the pointer (their own rows are the person's too, or someone else's).
      await trx
        .updateTable('service_conversations')
        .set({ merged_into: null })
        .where('workspace_id', '=', ws)
        .where('merged_into', 'in', convIds)
        .execute();
      const deleted = await trx
        .deleteFrom('service_conversations')
        .where('workspace_id', '=', ws)
        .where('id', 'in', convIds)
        .executeTakeFirst();
      return {
        conversations: Number(deleted.numDeletedRows ?? 0n),
        messages: Number(messages?.n ?? 0),
        attachments: Number(attachments.numDeletedRows ?? 0n),
      };
    },
    export: async (db, ws, ids) => {
      const conversations = await db
        .selectFrom('service_conversations')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('created_at')
        .execute();
      const convIds = conversations.map((c) => c.id);
      const messages = convIds.length
        ? await db
            .selectFrom('service_messages')
            .select(['id', 'conversation_id', 'direction', 'channel', 'author_kind', 'body', 'html', 'created_at'])
            .where('workspace_id', '=', ws)
            .where('conversation_id', 'in', convIds)
            .orderBy('created_at')
            .execute()
        : [];
      const attachments = messages.length
        ? await db
            .selectFrom('service_attachments')
            .select(['id', 'message_id', 'filename', 'content_type', 'size'])
            .where('workspace_id', '=', ws)
            .where(
              'message_id',
              'in',
              messages.map((m) => m.id),
            )
            .execute()
        : [];
      const changes = convIds.length
        ? await db
            .selectFrom('service_conversation_status_changes')
            .select(['conversation_id', 'from_status', 'to_status', 'at', 'by_kind'])
            .where('workspace_id', '=', ws)
            .where('conversation_id', 'in', convIds)
            .orderBy('at')
            .orderBy('id')
            .execute()
        : [];
      return {
        conversations: conversations.map((c) => ({
          id: c.id,
          number: Number(c.number),
          subject: c.subject,
          status: c.status,
          priority: c.priority,
          channel: c.channel,
          tags: c.tags,
          createdAt: c.created_at,
          statusChanges: changes
            .filter((h) => h.conversation_id === c.id)
            .map((h) => ({ from: h.from_status, to: h.to_status, at: h.at, by: h.by_kind })),
          messages: messages
            .filter((m) => m.conversation_id === c.id)
            .map((m) => ({
              id: m.id,
              direction: m.direction,
              channel: m.channel,
              authorKind: m.author_kind,
              body: m.body,
              html: m.html,
              createdAt: m.created_at,
              attachments: attachments
                .filter((a) => a.message_id === m.id)
                .map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
            })),
        })),
      };
    },
  });
}
