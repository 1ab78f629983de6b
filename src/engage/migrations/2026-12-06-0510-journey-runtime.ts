import { sql, type Kysely } from 'kysely';

/**
 * The journey runtime (issue 17): `step_seq` numbers a run's step log rows (the next one is
 * step_seq + 1, written with the position in one transaction); the claim reads due runs through
 * the partial index on due_at of migration 0500.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE engage_journey_runs ADD COLUMN step_seq integer NOT NULL DEFAULT 0;
    CREATE INDEX engage_journey_runs_waiting_idx ON engage_journey_runs (workspace_id, person_id)
      WHERE state IN ('active', 'waiting');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
