/**
 * The CRM's part of the isolation fixture: records of workspace A that B must never reach. Each
 * section belongs to one part of the CRM; add the records your routes' `:id` parameters point at
 * (the key you set in `ids` is the resource name in PARAM_RESOURCE) and the private strings they
 * hold (markers: B's responses must never contain them).
 */
export type Post = (url: string, body: unknown) => Promise<any>;

export const CRM_PARAM_RESOURCE: Record<string, string> = {
  '/api/v1/companies/:id': 'company',
  '/api/v1/custom-fields/:id': 'customField',
  '/api/v1/views/:id': 'view',
  '/api/v1/crm-merges/:id': 'crmMerge',
  '/api/v1/pipelines/:id': 'pipeline',
  '/api/v1/deals/:id': 'deal',
  '/api/v1/activities/:id': 'activity',
  '/api/v1/call-scripts/:id': 'callScript',
  '/api/v1/cadences/:id': 'cadence',
  '/api/v1/imports/:id': 'import',
};

export async function crmFixtures(post: Post, ctx: { personId: string }): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const ids: Record<string, string> = {};
  const markers: string[] = [];
  void post;
  void ctx;

  // ---- people, companies, custom fields, views, consents, dedupe (crmMerge)

  // ---- pipelines, deals, activities, call scripts, cadences

  // ---- imports

  return { ids, markers };
}
