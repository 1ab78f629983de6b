import { sql } from 'kysely';
import type { Db, DbOrTx } from '../core/db/schema.ts';
import { MODEL_KINDS, type FeatureWeight, type ModelKind, type ModelStatus } from './tables.ts';

/** A model version as the API shows it. */
export interface ModelVersionView {
  version: number;
  status: ModelStatus;
  trainedAt: Date | null;
  createdAt: Date;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  featureImportance: FeatureWeight[];
  error: string | null;
  jobId: string | null;
}

/** `GET /models/{kind}`: the current model (latest ready), or the latest attempt when none is ready. */
export interface ModelView {
  kind: ModelKind;
  status: ModelStatus | 'untrained';
  trainedAt: Date | null;
  version: number | null;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  featureImportance: FeatureWeight[];
  /** The latest attempt's status and reason when it is not the current model (e.g. insufficient_data). */
  lastAttempt: ModelVersionView | null;
  history: ModelVersionView[];
}

type Row = {
  version: number;
  status: ModelStatus;
  trained_at: Date | null;
  created_at: Date;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  feature_importance: FeatureWeight[];
  error: string | null;
  job_id: string | null;
};

const versionView = (r: Row): ModelVersionView => ({
  version: r.version,
  status: r.status,
  trainedAt: r.trained_at,
  createdAt: r.created_at,
  metrics: r.metrics ?? {},
  baseline: r.baseline ?? {},
  featureImportance: r.feature_importance ?? [],
  error: r.error,
  jobId: r.job_id,
});

export const HISTORY_LIMIT = 20;

/** The versions of each kind's models (insights_models): every training is a row, never overwritten. */
export class ModelStore {
  constructor(private db: Db) {}

  /** A new version in state `training` (the next number for the kind), inside the caller's transaction. */
  async begin(trx: DbOrTx, ws: string, kind: ModelKind, jobId: string | null = null): Promise<number> {
    // Serialise version numbers per kind (two trainings queued at once get different ones).
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`insights:${ws}:${kind}`}))`.execute(trx);
    const last = await trx
      .selectFrom('insights_models')
      .select(sql<number>`coalesce(max(version), 0)`.as('v'))
      .where('workspace_id', '=', ws)
      .where('kind', '=', kind)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('insights_models')
      .values({
        workspace_id: ws,
        kind,
        version,
        status: 'training',
        trained_at: null,
        metrics: '{}',
        baseline: '{}',
        params: '{}',
        feature_importance: '[]',
        error: null,
        job_id: jobId,
      })
      .execute();
    return version;
  }

  async setJob(trx: DbOrTx, ws: string, kind: ModelKind, version: number, jobId: string): Promise<void> {
    await trx
      .updateTable('insights_models')
      .set({ job_id: jobId })
      .where('workspace_id', '=', ws)
      .where('kind', '=', kind)
      .where('version', '=', version)
      .execute();
  }

  /** Ends a version: ready with its fit, or insufficient_data / failed with the reason. */
  async finish(
    trx: DbOrTx,
    ws: string,
    kind: ModelKind,
    version: number,
    end:
      | {
          status: 'ready';
          trainedAt: Date;
          metrics: Record<string, unknown>;
          baseline: Record<string, unknown>;
          params: Record<string, unknown>;
          featureImportance: FeatureWeight[];
        }
      | { status: 'insufficient_data' | 'failed'; error: string; metrics?: Record<string, unknown> },
  ): Promise<void> {
    const set =
      end.status === 'ready'
        ? {
            status: end.status,
            trained_at: end.trainedAt,
            metrics: JSON.stringify(end.metrics),
            baseline: JSON.stringify(end.baseline),
            params: JSON.stringify(end.params),
            feature_importance: JSON.stringify(end.featureImportance),
            error: null,
          }
        : { status: end.status, error: end.error.slice(0, 2000), metrics: JSON.stringify(end.metrics ?? {}) };
    await trx
      .updateTable('insights_models')
      .set(set)
      .where('workspace_id', '=', ws)
      .where('kind', '=', kind)
      .where('version', '=', version)
      .execute();
  }

  /** The current model of a kind (latest ready) with its fitted params, or null. */
  async current(
    db: DbOrTx,
    ws: string,
    kind: ModelKind,
  ): Promise<{ version: number; params: Record<string, unknown>; trainedAt: Date } | null> {
    const r = await db
      .selectFrom('insights_models')
      .select(['version', 'params', 'trained_at'])
      .where('workspace_id', '=', ws)
      .where('kind', '=', kind)
      .where('status', '=', 'ready')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? { version: r.version, params: r.params ?? {}, trainedAt: r.trained_at ?? new Date(0) } : null;
  }

  /** A version's status (tests, the job). */
  async version(db: DbOrTx, ws: string, kind: ModelKind, version: number): Promise<ModelVersionView | null> {
    const r = await db
      .selectFrom('insights_models')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('kind', '=', kind)
      .where('version', '=', version)
      .executeTakeFirst();
    return r ? versionView(r) : null;
  }

  async view(ws: string, kind: ModelKind): Promise<ModelView> {
    const rows = await this.db
      .selectFrom('insights_models')
      .select([
        'version',
        'status',
        'trained_at',
        'created_at',
        'metrics',
        'baseline',
        'feature_importance',
        'error',
        'job_id',
      ])
      .where('workspace_id', '=', ws)
      .where('kind', '=', kind)
      .orderBy('version', 'desc')
      .limit(HISTORY_LIMIT)
      .execute();
    const history = rows.map(versionView);
    let ready = history.find((h) => h.status === 'ready') ?? null;
    if (!ready && rows.length === HISTORY_LIMIT) {
      const cur = await this.current(this.db, ws, kind);
      if (cur) ready = await this.version(this.db, ws, kind, cur.version);
    }
    const latest = history[0] ?? null;
    return {
      kind,
      status: ready ? 'ready' : (latest?.status ?? 'untrained'),
      trainedAt: ready?.trainedAt ?? null,
      version: ready?.version ?? null,
      metrics: ready?.metrics ?? {},
      baseline: ready?.baseline ?? {},
      featureImportance: ready?.featureImportance ?? [],
      lastAttempt: latest && latest.version !== ready?.version ? latest : null,
      history,
    };
  }

  async list(ws: string): Promise<ModelView[]> {
    return Promise.all(MODEL_KINDS.map((k) => this.view(ws, k)));
  }
}
