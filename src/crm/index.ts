import { defineModule } from '../core/module.ts';
import { Crm } from './crm.ts';
import { crmSettings } from './settings.ts';
import { crmRoutes } from './routes.ts';
import { DEMO_FIELD_TEAM, seedCrmDemo } from './demo.ts';
import { registerCrmPersonData } from './person-data.ts';
import type { CrmKernel, CrmServices } from './kernel.ts';

/** The CRM: people and companies, custom fields, consent, deals and pipelines, activities, reports, import and export. */
export const crm = defineModule<CrmServices, CrmKernel>({
  name: 'crm',
  dependsOn: ['cdp'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: crmSettings,
  create: (k) => ({
    crm: new Crm({
      db: k.db,
      audit: k.audit,
      jobs: k.jobs,
      webhooks: k.webhooks,
      notifications: k.notifications,
      cdp: k.cdp,
      privacy: k.privacy,
      config: k.config,
      log: k.log.child({ component: 'crm' }),
    }),
  }),
  routes: crmRoutes,
  permissions: ['crm:read', 'crm:write'],
  // GDPR export and erase of the CRM's rows about a person (person-data.ts).
  privacy: (k) => registerCrmPersonData(k.privacy),
  // Its webhook entities and jobs are registered by its services (crm.ts).
  demo: {
    // Story 2's field team: 35 sales managers in all (with the named ones of src/cli/demo.ts).
    users: DEMO_FIELD_TEAM.map((u) => ({ ...u, role: 'manager' as const, locale: 'ru' as const })),
    seed: seedCrmDemo,
  },
  // Its `:id` routes → the resource the isolation test creates in workspace A (test/isolation-crm.ts builds them).
  isolation: {
    paramResource: {
      '/api/v1/people/:id': 'person',
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
      '/api/v1/exports/:id': 'exportJob',
    },
  },
});

export type { CrmKernel, CrmServices } from './kernel.ts';
export type { CrmSettings } from './settings.ts';
export { Crm, type CrmDeps } from './crm.ts';
