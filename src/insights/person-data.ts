import { sql } from 'kysely';
import type { Privacy } from '../cdp/index.ts';

/**
 * GDPR: what insights keeps about a person — her latest score of each kind with its top factors
 * and the version that produced it (`insights_scores`), and the same scores as the CDP's computed
 * traits (`person_scores`, written by insights only) — for the CDP's export and erase
 * (src/cdp/privacy.ts). Erase deletes both; the models themselves hold no person's data (their
 * params are coefficients and product pairs, their metrics counts).
 */
export function registerInsightsPersonData(privacy: Privacy) {
  privacy.registerModule('insights', {
    erase: async (trx, ws, ids) => {
      const scores =
        await sql`DELETE FROM insights_scores WHERE workspace_id = ${ws} AND person_id = ANY(${ids}::uuid[])`.execute(
          trx,
        );
      const traits =
        await sql`DELETE FROM person_scores WHERE workspace_id = ${ws} AND person_id = ANY(${ids}::uuid[])`.execute(
          trx,
        );
      return { scores: Number(scores.numAffectedRows ?? 0), scoreTraits: Number(traits.numAffectedRows ?? 0) };
    },
    export: async (db, ws, ids) => {
      const scores = await sql<Record<string, unknown>>`
        SELECT person_id AS "personId", kind, score, factors, model_version AS "modelVersion", scored_at AS "scoredAt"
        FROM insights_scores WHERE workspace_id = ${ws} AND person_id = ANY(${ids}::uuid[]) ORDER BY person_id, kind`.execute(
        db,
      );
      const traits = await sql<Record<string, unknown>>`
        SELECT person_id AS "personId", scores, updated_at AS "updatedAt"
        FROM person_scores WHERE workspace_id = ${ws} AND person_id = ANY(${ids}::uuid[]) ORDER BY person_id`.execute(
        db,
      );
      return { scores: scores.rows, scoreTraits: traits.rows };
    },
  });
}
