import type { Actor } from '../core/auth/actor.ts';
import { AppError } from '../core/errors.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { ModelStore, type ModelView } from './model-store.ts';
import { Scores } from './scores.ts';
import { defineTrainJobs, TRAIN_JOB } from './train-jobs.ts';
import type { Trainer, TrainContext } from './trainer.ts';
import { CustomerTypesTrainer } from './customer-types.ts';
import { MODEL_KINDS, type ModelKind } from './tables.ts';
import { FeatureStore } from './features.ts';
import { ChurnTrainer } from './churn.ts';
import { LtvTrainer } from './ltv.ts';
import { PaymentRiskTrainer } from './payment-risk.ts';

export const DEFAULT_SEED = 20;

/**
 * The insights module's service (`k.insights`): the feature store (features.ts), the versions of
 * each kind's models (model-store.ts), trainings as jobs (train-jobs.ts), and per-person scores
 * (scores.ts) that the CDP shows as computed traits. Each kind of model is a `Trainer`
 * (churn.ts, ltv.ts, payment-risk.ts; recommendations and propensity register theirs).
 */
export class Insights {
  readonly models: ModelStore;
  readonly features: FeatureStore;
  readonly scores: Scores;
  private readonly trainers = new Map<ModelKind, Trainer>();

  constructor(private k: InsightsBaseKernel) {
    this.models = new ModelStore(k.db);
    this.features = new FeatureStore(k);
    this.scores = new Scores(k);
    defineTrainJobs(k, this);
    this.registerTrainer(new ChurnTrainer(k, this.features, this.scores));
    this.registerTrainer(new LtvTrainer(k, this.features, this.scores));
    this.registerTrainer(new PaymentRiskTrainer(k, this.features, this.scores));
    this.registerTrainer(new CustomerTypesTrainer(k, this.features, this.scores));
  }

  /** Adds (or replaces) the trainer of a kind. */
  registerTrainer(trainer: Trainer): void {
    this.trainers.set(trainer.kind, trainer);
  }

  trainer(kind: ModelKind): Trainer | undefined {
    return this.trainers.get(kind);
  }

  listModels(ws: string): Promise<ModelView[]> {
    return this.models.list(ws);
  }

  getModel(ws: string, kind: ModelKind): Promise<ModelView> {
    return this.models.view(ws, kind);
  }

  /** Queues a training (POST /models/{kind}/train): a version in state `training` and its job, in one transaction. */
  async requestTraining(
    actor: Actor,
    kind: ModelKind,
    opts: { seed?: number } = {},
  ): Promise<{ jobId: string; version: number }> {
    if (!this.trainers.has(kind))
      throw new AppError('UNAVAILABLE', `the ${kind} model cannot be trained yet`, [
        { path: 'kind', message: 'not available yet' },
      ]);
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      const version = await this.models.begin(trx, ws, kind);
      const jobId = await this.k.jobs.enqueue(
        ws,
        TRAIN_JOB,
        { kind, version, seed: opts.seed ?? DEFAULT_SEED },
        { trx },
      );
      await this.models.setJob(trx, ws, kind, version, jobId);
      return { jobId, version };
    });
  }

  /**
   * Trains a version now (the job's handler; tests and the bench call it directly): begins a
   * version unless given one, fits, records the outcome, and scores everyone with the new model.
   * Too little data ends the version as insufficient_data and leaves the last good model in use.
   */
  async train(
    ws: string,
    kind: ModelKind,
    opts: { version?: number; now?: Date; seed?: number; progress?: TrainContext['progress'] } = {},
  ) {
    const trainer = this.trainers.get(kind);
    if (!trainer) throw new AppError('UNAVAILABLE', `the ${kind} model cannot be trained yet`);
    const version = opts.version ?? (await this.k.db.transaction().execute((trx) => this.models.begin(trx, ws, kind)));
    const ctx: TrainContext = {
      now: opts.now ?? new Date(),
      seed: opts.seed ?? DEFAULT_SEED,
      progress: opts.progress ?? (async () => {}),
    };
    try {
      const out = await trainer.train(ws, ctx);
      if (out.status === 'insufficient_data') {
        await this.models.finish(this.k.db, ws, kind, version, {
          status: 'insufficient_data',
          error: out.reason,
          metrics: out.metrics,
        });
        return { version, status: out.status, reason: out.reason };
      }
      await this.models.finish(this.k.db, ws, kind, version, { ...out, trainedAt: new Date() });
      let scored = 0;
      if (trainer.score) {
        await ctx.progress(0.8, 'scoring');
        scored = await trainer.score(ws, { version, params: out.params }, ctx);
      }
      return { version, status: out.status, metrics: out.metrics, baseline: out.baseline, scored };
    } catch (err) {
      await this.models.finish(this.k.db, ws, kind, version, {
        status: 'failed',
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  }

  /** Rescores with the current model of a kind (no training); 0 when there is none. */
  async rescore(ws: string, kind: ModelKind, now = new Date()): Promise<number> {
    const trainer = this.trainers.get(kind);
    const model = await this.models.current(this.k.db, ws, kind);
    if (!trainer?.score || !model) return 0;
    return trainer.score(ws, model, { now, seed: DEFAULT_SEED, progress: async () => {} });
  }

  /** The kinds a trainer exists for, in the API's order. */
  trainable(): ModelKind[] {
    return MODEL_KINDS.filter((k) => this.trainers.has(k));
  }
}
