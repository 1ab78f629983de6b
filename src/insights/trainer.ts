import type { FeatureWeight, ModelKind } from './tables.ts';

/** What a training run is given. */
export interface TrainContext {
  /** The moment the training stands at: features see events before `now - horizon`, labels the horizon after. */
  now: Date;
  /** Seeds every random choice (the split, a forest's bootstraps): the same data and seed give the same model. */
  seed: number;
  progress(fraction: number, message?: string): Promise<void>;
}

/** What a training ends with. */
export type TrainOutcome =
  | {
      status: 'ready';
      /** Held-out metrics of the model (auc, lift…). */
      metrics: Record<string, unknown>;
      /** The same metrics of the baseline it is compared with (recency-only, popularity…). */
      baseline: Record<string, unknown>;
      /** Everything scoring needs (coefficients, scaler, co-occurrence top-N…): stored with the version. */
      params: Record<string, unknown>;
      featureImportance: FeatureWeight[];
    }
  | { status: 'insufficient_data'; reason: string; metrics?: Record<string, unknown> };

/**
 * One kind of model. `train` fits on the workspace's history; `score` (the kinds that are
 * per-person scores) applies a fitted version to everyone at `now` and writes the scores.
 */
export interface Trainer {
  kind: ModelKind;
  train(ws: string, ctx: TrainContext): Promise<TrainOutcome>;
  score?(ws: string, model: { version: number; params: Record<string, unknown> }, ctx: TrainContext): Promise<number>;
}
