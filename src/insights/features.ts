import type { InsightsBaseKernel } from './kernel.ts';

/** The feature store (point-in-time): filled in by the next commit. */
export class FeatureStore {
  constructor(readonly k: InsightsBaseKernel) {}
}
