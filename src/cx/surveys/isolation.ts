/** The surveys' `:id` routes (and those under them) → the resource the isolation test creates in workspace A (test/isolation-cx-surveys.ts). */
export const SURVEYS_PARAM_RESOURCE = { '/api/v1/surveys/:id': 'survey' } as const;
