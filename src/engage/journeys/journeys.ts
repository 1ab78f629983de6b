import type { Engage } from '../engage.ts';
import type { EngageBaseKernel } from '../kernel.ts';
import './tables.ts';

/**
 * Journeys (issue 17): a definition (entry, steps, goal; definition.ts) edited as a draft and
 * published as numbered versions; each person's position is a run row (engage_journey_runs) the
 * runtime (runtime.ts) moves through the steps.
 */
export class Journeys {
  // J-ENGINE: `readonly runtime: JourneyRuntime;` and in the constructor
  //   this.runtime = new JourneyRuntime(k, engage);
  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {}
}
