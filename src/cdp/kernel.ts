import type { Kernel } from '../core/kernel.ts';
import type { Config } from '../core/config.ts';
import type { Cdp } from './cdp.ts';
import type { Privacy } from './privacy.ts';
import type { Segments } from './segments/segments.ts';
import type { Audiences } from './segments/audiences.ts';
import type { CdpSettings } from './settings.ts';

/** What the CDP adds to the kernel. */
export interface CdpServices {
  cdp: Cdp;
  /** GDPR export and erase of a person; modules holding person data register here (privacy.ts). */
  privacy: Privacy;
  /** Segments: rules, membership, the condition kinds later modules add to (segments/). */
  segments: Segments;
  /** What follows membership out: size history, segment.entered/exited webhooks, destinations (segments/audiences.ts). */
  audiences: Audiences;
}

/** The kernel as the CDP's code sees it: core's services and settings, plus its own. */
export type CdpKernel = Kernel & CdpServices & { config: Config & CdpSettings };
