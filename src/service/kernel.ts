import type { Config } from '../core/config.ts';
import type { EngageKernel } from '../engage/index.ts';
import type { Service } from './service.ts';
import type { ServiceSettings } from './settings.ts';

/** What the service desk adds to the kernel. */
export interface ServiceServices {
  /** Inboxes, conversations (tickets), inbound, replies, teams, routing, automation. */
  service: Service;
}

/** The kernel the service desk is built from: core's, the CDP's, the CRM's, loyalty's and engage's, plus its settings. */
export type ServiceBaseKernel = EngageKernel & { config: Config & ServiceSettings };
/** The kernel as the service desk's code sees it once created. */
export type ServiceKernel = ServiceBaseKernel & ServiceServices;
