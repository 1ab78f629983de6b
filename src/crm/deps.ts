import type { Logger } from 'pino';
import type { Db } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import type { Webhooks } from '../core/webhooks/webhooks.ts';
import type { Notifications } from '../core/notifications/index.ts';
import type { Config } from '../core/config.ts';
import type { Cdp, Privacy } from '../cdp/index.ts';
import type { CrmSettings } from './settings.ts';

/** What the CRM's services are built from (the kernel's parts; never another module's tables). */
export interface CrmDeps {
  db: Db;
  audit: Audit;
  jobs: Jobs;
  webhooks: Webhooks;
  /** In-app notifications (task reminders): the CRM creates them through this service only. */
  notifications: Notifications;
  cdp: Cdp;
  privacy: Privacy;
  config: Config & CrmSettings;
  log: Logger;
}
