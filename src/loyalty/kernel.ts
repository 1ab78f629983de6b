import type { Config } from '../core/config.ts';
import type { CrmKernel } from '../crm/index.ts';
import type { Loyalty } from './loyalty.ts';
import type { LoyaltySettings } from './settings.ts';

/** What loyalty adds to the kernel. */
export interface LoyaltyServices {
  /** Products, promotions, the offers API (evaluate, redeem), bonus points. */
  loyalty: Loyalty;
}

/** The kernel loyalty's services are built from: core's, the CDP's and the CRM's, plus its settings. */
export type LoyaltyBaseKernel = CrmKernel & { config: Config & LoyaltySettings };
/** The kernel as loyalty's code sees it once created. */
export type LoyaltyKernel = LoyaltyBaseKernel & LoyaltyServices;
