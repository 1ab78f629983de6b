import { sql } from 'kysely';
import { invalid } from '../../core/errors.ts';
import { decodeCursor, keysetPage } from '../../core/http/pagination.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { figures, responseRate, type Figures } from './metrics.ts';
import type { Surveys } from './surveys.ts';
import { responseView } from './views.ts';

export interface ResultsQuery {
  interval?: 'week' | 'month';
  segmentId?: string;
  from?: Date;
  to?: Date;
}

const MAX_SEGMENTS = 20;

/**
 * A survey's results: the figures of metrics.ts over the answered scores (as counts per score,
 * so the metric is computed in one place), over time by week or month, by the segments the
 * people were in when they answered, the response rate of the waves, the verbatims' sentiment
 * and the follow-ups' outcomes. One survey's rows at a time: the grouping is bounded by the scale.
 */
export class SurveyResults {
  constructor(
    private k: CxBaseKernel,
    private surveys: Surveys,
  ) {}

  async results(ws: string, surveyId: string, q: ResultsQuery = {}) {
    const s = await this.surveys.get(ws, surveyId);
    const where = sql.join(
      [
        sql`workspace_id = ${ws}`,
        sql`survey_id = ${surveyId}`,
        ...(q.segmentId ? [sql`segment_ids @> ${JSON.stringify([q.segmentId])}::jsonb`] : []),
        ...(q.from ? [sql`answered_at >= ${q.from}`] : []),
        ...(q.to ? [sql`answered_at < ${q.to}`] : []),
      ],
      sql` AND `,
    );
    const counts = (rows: { score: number | null; n: number }[]) =>
      new Map(rows.filter((r) => r.score != null).map((r) => [Number(r.score), Number(r.n)]));

    const all = await sql<{ score: number | null; n: number; c: number; with_recipient: number }>`
      SELECT score, count(*)::int AS n, count(comment)::int AS c, count(recipient_id)::int AS with_recipient
      FROM cx_survey_responses WHERE ${where} GROUP BY score
    `.execute(this.k.db);
    const total = all.rows.reduce((a, r) => a + Number(r.n), 0);
    const viaWaves = all.rows.reduce((a, r) => a + Number(r.with_recipient), 0);
    const head = figures(s.type, counts(all.rows));

    const interval = q.interval ?? 'month';
    const periods = await sql<{ p: Date; score: number | null; n: number }>`
      SELECT date_trunc(${interval}, answered_at AT TIME ZONE 'UTC') AS p, score, count(*)::int AS n
      FROM cx_survey_responses WHERE ${where} GROUP BY 1, 2 ORDER BY 1
    `.execute(this.k.db);
    const byPeriod = new Map<string, { score: number | null; n: number }[]>();
    for (const r of periods.rows) {
      const key = new Date(r.p).toISOString().slice(0, 10);
      byPeriod.set(key, [...(byPeriod.get(key) ?? []), r]);
    }
    const overTime = [...byPeriod].map(([period, rows]) => ({ period, ...pick(figures(s.type, counts(rows))) }));

    const seg = await sql<{ segment_id: string; score: number | null; n: number }>`
      SELECT x.segment_id, r.score, count(*)::int AS n
      FROM cx_survey_responses r CROSS JOIN LATERAL jsonb_array_elements_text(r.segment_ids) AS x(segment_id)
      WHERE ${where} GROUP BY 1, 2
    `.execute(this.k.db);
    const bySeg = new Map<string, { score: number | null; n: number }[]>();
    for (const r of seg.rows) bySeg.set(r.segment_id, [...(bySeg.get(r.segment_id) ?? []), r]);
    const names = new Map((await this.k.segments.list(ws)).map((x) => [x.id, x.name]));
    const bySegment = [...bySeg]
      .filter(([id]) => names.has(id))
      .map(([segmentId, rows]) => ({ segmentId, name: names.get(segmentId)!, ...pick(figures(s.type, counts(rows))) }))
      .sort((a, b) => b.responses - a.responses || a.name.localeCompare(b.name))
      .slice(0, MAX_SEGMENTS);

    const rec = await this.k.db
      .selectFrom('cx_survey_recipients')
      .select(['status', 'skip_reason', sql<number>`count(*)::int`.as('n')])
      .where('workspace_id', '=', ws)
      .where('survey_id', '=', surveyId)
      .groupBy(['status', 'skip_reason'])
      .execute();
    const delivered = rec.filter((r) => r.status === 'sent').reduce((a, r) => a + Number(r.n), 0);
    const skipped = Object.fromEntries(
      rec.filter((r) => r.status === 'skipped').map((r) => [r.skip_reason ?? 'other', Number(r.n)]),
    );

    const sentiment = await sql<{ sentiment: string; n: number }>`
      SELECT sentiment, count(*)::int AS n FROM cx_survey_responses
      WHERE ${where} AND sentiment IS NOT NULL GROUP BY 1
    `.execute(this.k.db);
    const follow = await sql<{ status: string | null; n: number }>`
      SELECT coalesce(follow_up_status, 'open') AS status, count(*)::int AS n FROM cx_survey_responses
      WHERE ${where} AND follow_up IS NOT NULL GROUP BY 1
    `.execute(this.k.db);

    return {
      surveyId,
      type: s.type,
      ...head,
      responses: s.type === 'nps' ? head.responses : total,
      comments: all.rows.reduce((a, r) => a + Number(r.c), 0),
      delivered,
      skipped,
      responseRate: responseRate(viaWaves, delivered),
      interval,
      overTime,
      bySegment,
      sentiment: {
        positive: 0,
        neutral: 0,
        negative: 0,
        ...Object.fromEntries(sentiment.rows.map((r) => [r.sentiment, Number(r.n)])),
      },
      followUps: Object.fromEntries(follow.rows.map((r) => [r.status ?? 'open', Number(r.n)])),
    };
  }

  /** The answers, newest first (the verbatims): filtered by sentiment, NPS category, with a comment. */
  async responses(
    ws: string,
    surveyId: string,
    q: {
      limit: number;
      cursor?: string;
      sentiment?: string;
      category?: 'promoter' | 'passive' | 'detractor';
      withComment?: boolean;
      segmentId?: string;
    },
  ) {
    const s = await this.surveys.get(ws, surveyId);
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (c && (typeof c.t !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)))
      throw invalid('cursor', 'malformed cursor', 'MALFORMED');
    let query = this.k.db
      .selectFrom('cx_survey_responses')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('survey_id', '=', surveyId);
    if (q.sentiment) query = query.where('sentiment', '=', q.sentiment);
    if (q.withComment) query = query.where('comment', 'is not', null);
    if (q.segmentId) query = query.where(sql<boolean>`segment_ids @> ${JSON.stringify([q.segmentId])}::jsonb`);
    if (q.category === 'promoter') query = query.where('score', '>=', 9);
    if (q.category === 'passive') query = query.where('score', 'in', [7, 8]);
    if (q.category === 'detractor') query = query.where('score', '<=', 6);
    if (c) query = query.where(sql<boolean>`(answered_at, id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    const rows = await query
      .orderBy('answered_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = keysetPage(
      rows,
      q.limit,
      (r) => responseView(r, s.type),
      (r) => ({ t: r.answered_at.toISOString(), id: r.id }),
    );
    const people = await this.k.cdp.getPeople(ws, [...new Set(page.data.map((r) => r.personId))]);
    return {
      ...page,
      data: page.data.map((r) => {
        const p = people.get(r.personId);
        const t = (p?.traits ?? {}) as Record<string, unknown>;
        const name = [t.firstName, t.lastName].filter(Boolean).join(' ') || (t.name as string) || null;
        return { ...r, person: { id: r.personId, name, email: (t.email as string) ?? null } };
      }),
    };
  }
}

const pick = (f: Figures) => ({
  responses: f.responses,
  promoters: f.promoters,
  passives: f.passives,
  detractors: f.detractors,
  nps: f.nps,
  score: f.score,
});
