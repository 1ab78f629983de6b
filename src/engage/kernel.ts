import type { Config } from '../core/config.ts';
import type { CrmKernel } from '../crm/index.ts';
import type { LoyaltyServices } from '../loyalty/index.ts';
import type { Engage } from './engage.ts';
import type { EngageSettings } from './settings.ts';

/** What engage adds to the kernel. */
export interface EngageServices {
  /** Channels, templates, the send ledger, tracking, broadcasts, delivery analytics. */
  engage: Engage;
}

/** The kernel engage's services are built from: core's, the CDP's, the CRM's and loyalty's, plus its settings. */
export type EngageBaseKernel = CrmKernel & LoyaltyServices & { config: Config & EngageSettings };
/** The kernel as engage's code sees it once created. */
export type EngageKernel = EngageBaseKernel & EngageServices;
