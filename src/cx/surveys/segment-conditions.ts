import { sql } from 'kysely';
import { z } from 'zod';
import type { ConditionKind, ConditionRegistry } from '../../cdp/index.ts';
import { SURVEY_TYPES } from './tables.ts';

const DURATION = /^(\d{1,5})(d|w)$/;
const ms = (d: string) => {
  const m = DURATION.exec(d)!;
  return Number(m[1]) * (m[2] === 'w' ? 604_800_000 : 86_400_000);
};

type SurveyCond = {
  survey: {
    surveyId?: string;
    type?: (typeof SURVEY_TYPES)[number];
    category?: 'promoter' | 'passive' | 'detractor';
    lte?: number;
    gte?: number;
    within?: string;
  };
};

/** `{"survey":{"type":"nps","category":"detractor","within":"90d"}}`: answered a survey matching every given field. */
const surveyKind: ConditionKind<SurveyCond> = {
  key: 'survey',
  module: 'cx',
  description:
    'Answered a survey matching every given field: surveyId, type (nps, csat, ces, custom), category (NPS: promoter 9–10, passive 7–8, detractor 0–6), score ≤ lte / ≥ gte, within the last "90d" or "4w"',
  schema: z.strictObject({
    survey: z.strictObject({
      surveyId: z.uuid().optional(),
      type: z.enum(SURVEY_TYPES).optional(),
      category: z.enum(['promoter', 'passive', 'detractor']).optional(),
      lte: z.number().int().min(0).max(100).optional(),
      gte: z.number().int().min(0).max(100).optional(),
      within: z.string().regex(DURATION, { message: 'must be a duration such as "90d" or "4w"' }).optional(),
    }),
  }),
  compile: (c, ctx) => {
    const k = c.survey;
    const conds = [sql`r.workspace_id = ${ctx.workspaceId}`, ctx.restrict(sql.ref('r.person_id'))];
    if (k.surveyId) conds.push(sql`r.survey_id = ${k.surveyId}`);
    if (k.type || k.category) conds.push(sql`s.type = ${k.category ? 'nps' : k.type}`);
    if (k.category === 'promoter') conds.push(sql`r.score >= 9`);
    if (k.category === 'passive') conds.push(sql`r.score BETWEEN 7 AND 8`);
    if (k.category === 'detractor') conds.push(sql`r.score <= 6`);
    if (k.lte != null) conds.push(sql`r.score <= ${k.lte}`);
    if (k.gte != null) conds.push(sql`r.score >= ${k.gte}`);
    if (k.within) conds.push(sql`r.answered_at >= ${new Date(ctx.now.getTime() - ms(k.within))}`);
    const alias = ctx.join(
      `survey:${JSON.stringify(k)}`,
      sql`SELECT r.person_id, count(*) AS n FROM cx_survey_responses r
        JOIN cx_surveys s ON s.workspace_id = r.workspace_id AND s.id = r.survey_id
        WHERE ${sql.join(conds, sql` AND `)} GROUP BY r.person_id`,
    );
    return sql<boolean>`(${sql.ref(`${alias}.n`)} IS NOT NULL)`;
  },
  triggers: (c) => [{ on: 'module', name: 'cx' }, ...(c.survey.within ? [{ on: 'time' } as const] : [])],
  example: { survey: { type: 'nps', category: 'detractor', within: '90d' } },
};

export function registerSurveyConditions(registry: ConditionRegistry): void {
  registry.register(surveyKind as ConditionKind);
}
