import type { InsightsBaseKernel } from './kernel.ts';
import type { Insights } from './insights.ts';
import type { ModelKind } from './tables.ts';

export const TRAIN_JOB = 'insights.train';
export const NIGHTLY_JOB = 'insights.nightly';

/**
 * Trainings run as pg-boss jobs: `insights.train` (one kind, one version, queued by
 * POST /models/{kind}/train with its version row in the same transaction; progress at /jobs/{id}),
 * and `insights.nightly` (cron, setting insightsTrainCron) that queues a training of every
 * trainable kind in every workspace with events (one without any is skipped), so scores follow
 * the data each night.
 */
export function defineTrainJobs(k: InsightsBaseKernel, insights: Insights): void {
  k.jobs.define<{ kind: ModelKind; version: number; seed?: number }>({
    name: TRAIN_JOB,
    // A training is not retried: a failure is recorded on its version; the next one is a new version.
    retryLimit: 0,
    expireInSeconds: 3600,
    handler: async (data, ctx) => {
      const out = await insights.train(ctx.workspaceId, data.kind, {
        version: data.version,
        seed: data.seed,
        progress: ctx.progress,
      });
      await ctx.progress(1, out.status);
      return out;
    },
  });
  k.jobs.define({
    name: NIGHTLY_JOB,
    cron: k.config.insightsTrainCron,
    retryLimit: 1,
    handler: async () => {
      const rows = await k.db.selectFrom('workspaces').select('id').execute();
      let queued = 0;
      let skipped = 0;
      for (const w of rows) {
        // A workspace with no events has nothing to learn from: no version at all (rather than
        // an insufficient_data version of every kind each night).
        const any = await k.db
          .selectFrom('events')
          .select('id')
          .where('workspace_id', '=', w.id)
          .limit(1)
          .executeTakeFirst();
        if (!any) {
          skipped++;
          continue;
        }
        for (const kind of insights.trainable()) {
          await k.db.transaction().execute(async (trx) => {
            const version = await insights.models.begin(trx, w.id, kind);
            const jobId = await k.jobs.enqueue(w.id, TRAIN_JOB, { kind, version }, { trx });
            await insights.models.setJob(trx, w.id, kind, version, jobId);
          });
          queued++;
        }
      }
      return { queued, skipped };
    },
  });
}
