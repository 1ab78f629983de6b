import { sql, type Kysely } from 'kysely';

/**
 * The insights module's tables (issue 20).
 *
 * `insights_models`: every training of every kind (churn, propensity, recommendations,
 * payment-risk, ltv) as a version: its status ('training' | 'ready' | 'failed' |
 * 'insufficient_data'), the held-out metrics and the baseline's, the fitted parameters and the
 * feature importance. The current model of a kind is its latest `ready` version, so a training that
 * found too little data keeps the last good one in use.
 * `insights_scores`: each person's latest score of a kind with its top factors and the version that
 * produced it; the score kinds are also written to the CDP's person_scores as computed traits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE insights_models (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind text NOT NULL,
      version integer NOT NULL,
      status text NOT NULL,
      trained_at timestamptz,
      metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
      baseline jsonb NOT NULL DEFAULT '{}'::jsonb,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      feature_importance jsonb NOT NULL DEFAULT '[]'::jsonb,
      error text,
      job_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, kind, version)
    );
    CREATE INDEX insights_models_ready_idx ON insights_models (workspace_id, kind, version DESC) WHERE status = 'ready';

    CREATE TABLE insights_scores (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      kind text NOT NULL,
      score double precision NOT NULL,
      factors jsonb NOT NULL DEFAULT '[]'::jsonb,
      model_version integer NOT NULL,
      scored_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, person_id, kind)
    );
    CREATE INDEX insights_scores_kind_idx ON insights_scores (workspace_id, kind, score DESC, person_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS insights_scores; DROP TABLE IF EXISTS insights_models;`.execute(db);
}
