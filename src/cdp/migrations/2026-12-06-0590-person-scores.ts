import { sql, type Kysely } from 'kysely';

/**
 * `person_scores` (issue 20): model scores other modules compute per person (the insights module:
 * churnProbability, predictedLtv, paymentRisk), one jsonb object per person, written through
 * `cdp.scores.set`. The profile shows them among its computed traits and segment rules read them as
 * traits (`{"trait":"churnProbability","op":"gte","value":0.7}`). A person without a row or a key
 * has no score (unknown), never a made-up one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE person_scores (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      scores jsonb NOT NULL DEFAULT '{}'::jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, person_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS person_scores`.execute(db);
}
