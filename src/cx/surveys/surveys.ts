import type { CxBaseKernel } from '../kernel.ts';

/** NPS, CSAT, CES and custom surveys: delivery, re-contact limits, responses, metrics (issue 19). */
export class Surveys {
  constructor(readonly k: CxBaseKernel) {}
}
