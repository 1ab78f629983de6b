import { defineModule } from '../core/module.ts';
import { Crm } from './crm.ts';
import { crmSettings } from './settings.ts';
import { crmRoutes } from './routes.ts';
import { DEMO_FIELD_TEAM, seedCrmDemo } from './demo.ts';
import { seedMemberConsents } from './demo-member-consents.ts';
import { registerCrmPersonData } from './person-data.ts';
import { REMINDER_EVENT } from './activity-reminders.ts';
import { registerCrmSegmentConditions } from './segment-conditions.ts';
import { followCrmChanges } from './segment-updates.ts';
import type { CrmKernel, CrmServices } from './kernel.ts';

/** The CRM: people and companies, custom fields, consent, deals and pipelines, activities, reports, import and export. */
export const crm = defineModule<CrmServices, CrmKernel>({
  name: 'crm',
  dependsOn: ['cdp'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: crmSettings,
  create: (k) => {
    // Segment conditions over the CRM's data: fields, consent, deals (segment-conditions.ts).
    registerCrmSegmentConditions(k.segments.conditions);
    // …and the segments follow its changes (segment-updates.ts).
    followCrmChanges(k);
    return {
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
    };
  },
  routes: crmRoutes,
  permissions: ['crm:read', 'crm:write'],
  // GDPR export and erase of the CRM's rows about a person (person-data.ts).
  privacy: (k) => registerCrmPersonData(k.privacy),
  // Record types announced to webhook subscribers (`<entity>.created|updated|deleted`) and the
  // other events its services send; its jobs are still defined by the services that run them.
  webhookEntities: [
    ['person', 'Person'],
    ['company', 'Company'],
    ['deal', 'Deal'],
    ['activity', 'Activity'],
    ['consent', 'Consent change'],
    ['custom_field', 'Custom field'],
    ['pipeline', 'Pipeline'],
    ['call_script', 'Call script'],
    ['cadence', 'Cadence'],
    ['import', 'Import'],
  ],
  webhookEventTypes: {
    'person.restored': 'Person restored after a delete (POST /people/{id}/restore)',
    'company.restored': 'Company restored after a delete (POST /companies/{id}/restore)',
    'deal.restored': 'Deal restored after a delete (POST /deals/{id}/restore)',
    'deal.won': 'Deal moved to a won stage (instead of deal.updated)',
    'deal.lost': 'Deal moved to a lost stage (instead of deal.updated)',
    [REMINDER_EVENT]: "A task's reminder time came (sent once per reminder time; never for a done or deleted task)",
  },
  demo: {
    // Story 2's field team: 35 sales managers in all (with the named ones of src/cli/demo.ts).
    users: DEMO_FIELD_TEAM.map((u) => ({ ...u, role: 'manager' as const, locale: 'ru' as const })),
    seed: seedCrmDemo,
    // The loyalty members exist once the CDP's demo ran: their consents come at the end.
    finish: seedMemberConsents,
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
