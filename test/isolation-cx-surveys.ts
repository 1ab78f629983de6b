/**
 * The surveys' part of the isolation fixture: a survey of workspace A with a passive answer of A's
 * person (a detractor's follow-up ticket would land in A after the snapshot), keyed by the resource
 * name of `isolation.paramResource` (src/cx/surveys/isolation.ts), and the private strings it holds.
 */
import type { Post } from './isolation-crm.ts';

export async function cxSurveysFixtures(
  post: Post,
  personId: string,
): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const survey = await post('/api/v1/surveys', {
    name: 'A private survey',
    type: 'nps',
    question: 'A private survey question',
  });
  if (!survey?.id) throw new Error(`survey fixture: ${JSON.stringify(survey)}`);
  const answer = await post(`/api/v1/surveys/${survey.id}/responses`, {
    personId,
    score: 8,
    comment: 'A private survey verbatim',
  });
  if (!answer?.id) throw new Error(`survey response fixture: ${JSON.stringify(answer)}`);
  return {
    ids: { survey: survey.id },
    markers: ['A private survey', 'A private survey question', 'A private survey verbatim'],
  };
}
