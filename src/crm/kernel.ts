import type { Config } from '../core/config.ts';
import type { CdpKernel } from '../cdp/index.ts';
import type { Crm } from './crm.ts';
import type { CrmSettings } from './settings.ts';

/** What the CRM adds to the kernel. */
export interface CrmServices {
  /** People, companies, deals, activities, consent, reports. */
  crm: Crm;
}

/** The kernel as the CRM's code sees it: core's and the CDP's services (it depends on the CDP), plus its own. */
export type CrmKernel = CdpKernel & CrmServices & { config: Config & CrmSettings };
