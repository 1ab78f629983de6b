import type { Privacy } from '../../cdp/index.ts';

/**
 * GDPR: the analysis of a person's messages to the service desk (with the excerpt of their text).
 * Erase deletes it (the messages themselves are the desk's, erased with the person there).
 */
export function registerFeedbackPersonData(privacy: Privacy) {
  privacy.registerModule('cx-feedback', {
    erase: async (trx, ws, ids) => {
      const r = await trx
        .deleteFrom('cx_ticket_analyses')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .executeTakeFirst();
      return { ticketMessageAnalyses: Number(r.numDeletedRows ?? 0n) };
    },
    export: async (db, ws, ids) => ({
      ticketMessageAnalyses: await db
        .selectFrom('cx_ticket_analyses')
        .select([
          'message_id',
          'conversation_id',
          'channel',
          'excerpt',
          'language',
          'sentiment',
          'sentiment_score',
          'topics',
          'complaint',
          'at',
        ])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('at')
        .limit(10_000)
        .execute(),
    }),
  });
}
