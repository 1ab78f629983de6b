import type { Privacy } from '../../cdp/index.ts';

/**
 * GDPR: a person's CSAT answers (score, comment, when, for which conversation). Erase deletes
 * them before the desk deletes the conversations (whose deletion would take them by foreign key
 * anyway); SLA clocks hold nothing of the person beyond their conversation and go with it.
 */
export function registerCsatPersonData(privacy: Privacy) {
  privacy.registerModule('service-csat', {
    erase: async (trx, ws, ids) => {
      const r = await trx
        .deleteFrom('service_csat')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .executeTakeFirst();
      return { csatAnswers: Number(r.numDeletedRows ?? 0n) };
    },
    export: async (db, ws, ids) => ({
      csatAnswers: await db
        .selectFrom('service_csat')
        .select(['id', 'conversation_id', 'channel', 'score', 'comment', 'requested_at', 'answered_at'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('requested_at')
        .execute(),
    }),
  });
}
