import type { CxBaseKernel } from '../kernel.ts';

/** Public mentions from feeds and webhooks, their analysis, authors and alerts (issue 19). */
export class Mentions {
  constructor(readonly k: CxBaseKernel) {}
}
