import { sql } from 'kysely';
import type { Db, DbOrTx } from '../core/db/schema.ts';

const CHUNK = 5000;

/**
 * Model scores as computed traits (issue 20). A later module (insights) registers the names of
 * the scores it computes and writes them through `set`; the profile lists every registered name
 * among its computed traits (null when the person has none: unknown, never invented) and segment
 * rules read them as traits: `{"trait":"churnProbability","op":"gte","value":0.7}` (rules.ts reads
 * a registered name from person_scores, not from the identify traits).
 */
export class PersonScores {
  private readonly registered = new Set<string>();

  constructor(private db: Db) {}

  /** Declares score names (their values come only from `set`). */
  register(names: readonly string[]): void {
    for (const n of names) this.registered.add(n);
  }

  /** The registered names. */
  get names(): ReadonlySet<string> {
    return this.registered;
  }

  /**
   * Replaces one score for the whole workspace, in the caller's transaction: the persons in `rows`
   * get their value, everyone else loses theirs (a person the model no longer scores is unknown).
   * Returns the persons whose score was set or removed (for the segments to re-evaluate).
   */
  async set(trx: DbOrTx, ws: string, name: string, rows: readonly { personId: string; value: number }[]) {
    if (!this.registered.has(name)) throw new Error(`score ${name} is not registered`);
    const removed = await sql<{ person_id: string }>`
      UPDATE person_scores SET scores = scores - ${name}::text, updated_at = now()
      WHERE workspace_id = ${ws} AND scores ? ${name}::text RETURNING person_id`.execute(trx);
    const touched = new Set(removed.rows.map((r) => r.person_id));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK).filter((r) => Number.isFinite(r.value));
      if (!part.length) continue;
      await sql`
        INSERT INTO person_scores (workspace_id, person_id, scores)
        SELECT ${ws}::uuid, u.id, jsonb_build_object(${name}::text, u.v)
        FROM unnest(${part.map((r) => r.personId)}::uuid[], ${part.map((r) => r.value)}::float8[]) AS u(id, v)
        ON CONFLICT (workspace_id, person_id) DO UPDATE SET scores = person_scores.scores || EXCLUDED.scores, updated_at = now()
      `.execute(trx);
      for (const r of part) touched.add(r.personId);
    }
    await sql`DELETE FROM person_scores WHERE workspace_id = ${ws} AND scores = '{}'::jsonb`.execute(trx);
    return [...touched];
  }

  /**
   * `set` for a score whose values are labels (insights' customer types: `champions`, `at_risk` …):
   * the same replace, a JSON string per person, so rules compare it as text (`eq`, `in`).
   */
  async setLabels(trx: DbOrTx, ws: string, name: string, rows: readonly { personId: string; value: string }[]) {
    if (!this.registered.has(name)) throw new Error(`score ${name} is not registered`);
    const removed = await sql<{ person_id: string }>`
      UPDATE person_scores SET scores = scores - ${name}::text, updated_at = now()
      WHERE workspace_id = ${ws} AND scores ? ${name}::text RETURNING person_id`.execute(trx);
    const touched = new Set(removed.rows.map((r) => r.person_id));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      if (!part.length) continue;
      await sql`
        INSERT INTO person_scores (workspace_id, person_id, scores)
        SELECT ${ws}::uuid, u.id, jsonb_build_object(${name}::text, u.v)
        FROM unnest(${part.map((r) => r.personId)}::uuid[], ${part.map((r) => r.value)}::text[]) AS u(id, v)
        ON CONFLICT (workspace_id, person_id) DO UPDATE SET scores = person_scores.scores || EXCLUDED.scores, updated_at = now()
      `.execute(trx);
      for (const r of part) touched.add(r.personId);
    }
    await sql`DELETE FROM person_scores WHERE workspace_id = ${ws} AND scores = '{}'::jsonb`.execute(trx);
    return [...touched];
  }

  /** A person's registered scores: name → value (a number, or a label), or null when unknown. */
  async forPerson(ws: string, personId: string, db: DbOrTx = this.db): Promise<Record<string, number | string | null>> {
    const out: Record<string, number | string | null> = {};
    if (!this.registered.size) return out;
    const row = await db
      .selectFrom('person_scores')
      .select('scores')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    for (const n of this.registered) {
      const v = row?.scores?.[n];
      out[n] = (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' ? v : null;
    }
    return out;
  }

  /** Erases a person's scores (GDPR erase, in the eraser's transaction). */
  async erase(trx: DbOrTx, ws: string, personId: string): Promise<number> {
    const r = await trx
      .deleteFrom('person_scores')
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }
}
