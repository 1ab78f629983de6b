import type { Config } from '../core/config.ts';
import type { InsightsKernel } from '../insights/index.ts';
import type { ServiceKernel } from '../service/index.ts';
import type { Cx } from './cx.ts';
import type { CxSettings } from './settings.ts';

/** What the customer-experience module adds to the kernel. */
export interface CxServices {
  /** Surveys (NPS, CSAT, CES), mentions and their alerts. */
  cx: Cx;
}

/** The kernel cx is built from: every module before it (insights' text analysis, the service desk), plus its settings. */
export type CxBaseKernel = ServiceKernel & InsightsKernel & { config: Config & CxSettings };
/** The kernel as cx's code sees it once created. */
export type CxKernel = CxBaseKernel & CxServices;
