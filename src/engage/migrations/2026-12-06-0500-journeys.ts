import { sql, type Kysely } from 'kysely';

/**
 * Journeys (issue 17).
 *
 * `engage_journeys`: a journey, its draft definition and the latest published version.
 * `engage_journey_versions`: each published definition (runs stay on the version they entered).
 * `engage_journey_runs`: a person's position, one row per entry; `due_at` is when the runtime must
 * act (the partial index is what the claim loop reads).
 * `engage_journey_steps`: the step log (a person's path; the canvas' counts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE engage_journeys (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      description text,
      status text NOT NULL DEFAULT 'draft',
      definition jsonb NOT NULL,
      version integer,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX engage_journeys_created_idx ON engage_journeys (workspace_id, created_at DESC, id DESC);
    CREATE INDEX engage_journeys_status_idx ON engage_journeys (status) WHERE status = 'active';

    CREATE TABLE engage_journey_versions (
      workspace_id uuid NOT NULL,
      journey_id uuid NOT NULL,
      version integer NOT NULL,
      definition jsonb NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      published_by text,
      PRIMARY KEY (workspace_id, journey_id, version)
    );

    CREATE TABLE engage_journey_runs (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      journey_id uuid NOT NULL,
      version integer NOT NULL,
      person_id uuid NOT NULL,
      grp text NOT NULL DEFAULT 'treatment',
      state text NOT NULL,
      step_id text,
      due_at timestamptz,
      waiting_for jsonb,
      step_entered_at timestamptz NOT NULL DEFAULT now(),
      entered_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      exit_reason text,
      entry_key text NOT NULL,
      lease_until timestamptz,
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, journey_id, entry_key)
    );
    CREATE INDEX engage_journey_runs_due_idx ON engage_journey_runs (due_at)
      WHERE state IN ('active', 'waiting') AND due_at IS NOT NULL;
    CREATE INDEX engage_journey_runs_person_idx ON engage_journey_runs (workspace_id, person_id);
    CREATE INDEX engage_journey_runs_step_idx ON engage_journey_runs (workspace_id, journey_id, state, step_id);

    CREATE TABLE engage_journey_steps (
      workspace_id uuid NOT NULL,
      run_id uuid NOT NULL,
      seq integer NOT NULL,
      journey_id uuid NOT NULL,
      version integer NOT NULL,
      step_id text NOT NULL,
      entered_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz,
      left_at timestamptz,
      outcome text,
      detail jsonb,
      PRIMARY KEY (workspace_id, run_id, seq)
    );
    CREATE INDEX engage_journey_steps_step_idx ON engage_journey_steps (workspace_id, journey_id, step_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
