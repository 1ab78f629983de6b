import type { Logger } from 'pino';
import type { Db } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import type { Webhooks } from '../core/webhooks/webhooks.ts';
import type { Config } from '../core/config.ts';
import type { Cdp, Privacy } from '../cdp/index.ts';
import { Pipelines } from './pipelines.ts';
import { Deals } from './deals.ts';

/** What the CRM's services are built from (the kernel's parts; never another module's tables). */
export interface CrmDeps {
  db: Db;
  audit: Audit;
  jobs: Jobs;
  webhooks: Webhooks;
  cdp: Cdp;
  privacy: Privacy;
  config: Config;
  log: Logger;
}

/**
 * The CRM service: people and companies (the sales face of the CDP's persons), consent history,
 * custom fields, saved views, dedupe, pipelines and deals, activities, reports, import and export.
 * Other modules call this; only the CRM touches its `crm_*` tables.
 */
export class Crm {
  readonly pipelines: Pipelines;
  readonly deals: Deals;
  constructor(readonly deps: CrmDeps) {
    this.pipelines = new Pipelines(deps);
    this.deals = new Deals(deps, this.pipelines);
    // Each part is wired here, one line each (see README.md for the layout).
  }
}
