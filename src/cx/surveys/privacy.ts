import type { Privacy } from '../../cdp/index.ts';

/**
 * GDPR: a person's survey answers (score, answers, comment and its analysis) and the requests sent
 * to them. Erase deletes both; the follow-up tickets are the desk's, erased with the person there.
 */
export function registerSurveysPersonData(privacy: Privacy) {
  privacy.registerModule('cx-surveys', {
    erase: async (trx, ws, ids) => {
      const a = await trx
        .deleteFrom('cx_survey_responses')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .executeTakeFirst();
      const b = await trx
        .deleteFrom('cx_survey_recipients')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .executeTakeFirst();
      return { surveyResponses: Number(a.numDeletedRows ?? 0n), surveyRequests: Number(b.numDeletedRows ?? 0n) };
    },
    export: async (db, ws, ids) => ({
      surveyResponses: await db
        .selectFrom('cx_survey_responses as r')
        .innerJoin('cx_surveys as s', (j) =>
          j.onRef('s.workspace_id', '=', 'r.workspace_id').onRef('s.id', '=', 'r.survey_id'),
        )
        .select([
          'r.id',
          's.name as survey',
          's.type',
          'r.score',
          'r.answers',
          'r.comment',
          'r.channel',
          'r.answered_at',
        ])
        .where('r.workspace_id', '=', ws)
        .where('r.person_id', 'in', ids)
        .orderBy('r.answered_at')
        .execute(),
      surveyRequests: await db
        .selectFrom('cx_survey_recipients')
        .select(['id', 'survey_id', 'channel', 'status', 'skip_reason', 'sent_at'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', ids)
        .orderBy('sent_at')
        .execute(),
    }),
  });
}
