import { sql } from 'kysely';
import { notFound } from '../core/errors.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { SCORE_TRAITS, type Factor, type ModelKind, type ScoreKind } from './tables.ts';

export interface ScoreRow {
  personId: string;
  score: number;
  factors: Factor[];
}

export interface ScoreView {
  kind: ModelKind;
  score: number;
  modelVersion: number;
  scoredAt: Date;
  factors: Factor[];
}

const CHUNK = 2000;
const EVALUATE_CHUNK = 5000;

/**
 * Per-person scores: `insights_scores` keeps each person's latest score of a kind with its top
 * factors; the score kinds (churn, ltv, payment-risk) are also the CDP's computed traits
 * churnProbability / predictedLtv / paymentRisk (`cdp.scores`), and segments are re-evaluated for
 * every person whose score was set or removed.
 */
export class Scores {
  constructor(private k: InsightsBaseKernel) {}

  /**
   * Replaces a kind's scores in the workspace with `rows` (everyone not in them has none: unknown),
   * then moves segment memberships. Returns how many people were scored.
   */
  async replace(
    ws: string,
    kind: ModelKind,
    version: number,
    rows: readonly ScoreRow[],
    now = new Date(),
    /** A kind whose trait is a label, not the score (customer types: `customerType` = `champions` …). */
    label?: { trait: string; of: (personId: string) => string },
  ) {
    const trait = (SCORE_TRAITS as Record<string, string>)[kind] as string | undefined;
    const touched = await this.k.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('insights_scores').where('workspace_id', '=', ws).where('kind', '=', kind).execute();
      for (let i = 0; i < rows.length; i += CHUNK) {
        const part = rows.slice(i, i + CHUNK);
        await trx
          .insertInto('insights_scores')
          .values(
            part.map((r) => ({
              workspace_id: ws,
              person_id: r.personId,
              kind,
              score: r.score,
              factors: JSON.stringify(r.factors),
              model_version: version,
              scored_at: now,
            })),
          )
          .execute();
      }
      if (label)
        return this.k.cdp.scores.setLabels(
          trx,
          ws,
          label.trait,
          rows.map((r) => ({ personId: r.personId, value: label.of(r.personId) })),
        );
      return trait
        ? this.k.cdp.scores.set(
            trx,
            ws,
            trait,
            rows.map((r) => ({ personId: r.personId, value: r.score })),
          )
        : [];
    });
    for (let i = 0; i < touched.length; i += EVALUATE_CHUNK)
      await this.k.segments.evaluate(ws, touched.slice(i, i + EVALUATE_CHUNK), { traits: true });
    return rows.length;
  }

  /** A person's scores with their factors (`GET /people/{id}/scores`); 404 for an unknown person. */
  async forPerson(ws: string, personId: string): Promise<ScoreView[]> {
    const id = await this.k.cdp.directory.liveId(this.k.db, ws, personId);
    if (!id) throw notFound('Person');
    const rows = await this.k.db
      .selectFrom('insights_scores')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', id)
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      score: r.score,
      modelVersion: r.model_version,
      scoredAt: r.scored_at,
      factors: r.factors ?? [],
    }));
  }

  /**
   * "At-risk valuable customers": people with churnProbability ≥ minChurn, by predictedLtv (desc,
   * unknown last), then person id. Keyset-paged on (ltv, id).
   */
  async atRisk(ws: string, q: { minChurn: number; limit: number; after?: { ltv: number | null; id: string } | null }) {
    const ltvKey = sql<number>`coalesce(l.score, -1)`;
    let query = this.k.db
      .selectFrom('insights_scores as c')
      .leftJoin('insights_scores as l', (j) =>
        j
          .onRef('l.workspace_id', '=', 'c.workspace_id')
          .onRef('l.person_id', '=', 'c.person_id')
          .on('l.kind', '=', 'ltv'),
      )
      .select(['c.person_id as personId', 'c.score as churn', 'l.score as ltv', 'c.factors as factors'])
      .where('c.workspace_id', '=', ws)
      .where('c.kind', '=', 'churn')
      .where('c.score', '>=', q.minChurn);
    if (q.after) {
      const a = q.after.ltv ?? -1;
      query = query.where(sql<boolean>`(${ltvKey} < ${a} OR (${ltvKey} = ${a} AND c.person_id > ${q.after.id}))`);
    }
    return query
      .orderBy(ltvKey, 'desc')
      .orderBy('c.person_id')
      .limit(q.limit + 1)
      .execute();
  }

  /** How many people hold a score of each kind, and a histogram (for the score distributions). */
  async distribution(ws: string, kind: ScoreKind, buckets = 10) {
    const r = await sql<{ lo: number; hi: number; n: number }>`
      SELECT min(score) AS lo, max(score) AS hi, count(*)::int AS n FROM insights_scores WHERE workspace_id = ${ws} AND kind = ${kind}`.execute(
      this.k.db,
    );
    const { lo, hi, n } = r.rows[0] ?? { lo: 0, hi: 0, n: 0 };
    if (!n) return { count: 0, min: null, max: null, buckets: [] as { from: number; to: number; count: number }[] };
    const min = kind === 'ltv' ? Number(lo) : 0;
    const max = kind === 'ltv' ? Math.max(Number(hi), min + 1e-9) : 1;
    const width = (max - min) / buckets;
    const rows = await sql<{ b: number; n: number }>`
      SELECT least(floor((score - ${min}) / ${width})::int, ${buckets - 1}) AS b, count(*)::int AS n
      FROM insights_scores WHERE workspace_id = ${ws} AND kind = ${kind} GROUP BY 1 ORDER BY 1`.execute(this.k.db);
    const counts = new Map(rows.rows.map((x) => [Number(x.b), Number(x.n)]));
    return {
      count: Number(n),
      min: Number(lo),
      max: Number(hi),
      buckets: Array.from({ length: buckets }, (_, i) => ({
        from: min + i * width,
        to: min + (i + 1) * width,
        count: counts.get(i) ?? 0,
      })),
    };
  }
}
