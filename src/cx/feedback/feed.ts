import { sql, type RawBuilder } from 'kysely';
import { decodeCursor, encodeCursor } from '../../core/http/pagination.ts';
import { isUuid } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import type { AlertSource, Sentiment } from '../mentions/tables.ts';

/** The feed's sources: the desk's client messages, survey comments, public mentions. */
export const FEEDBACK_SOURCES = ['ticket', 'survey', 'mention'] as const satisfies readonly AlertSource[];
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];
/** How much of a text the feed shows. */
export const FEED_EXCERPT = 500;

export interface FeedbackFilter {
  limit: number;
  cursor?: string;
  source?: FeedbackSource;
  sentiment?: Sentiment;
  topic?: string;
  personId?: string;
}

export interface FeedbackItem {
  source: FeedbackSource;
  id: string;
  personId: string | null;
  excerpt: string;
  language: string;
  sentiment: { label: Sentiment; score: number };
  topics: string[];
  complaint: boolean;
  at: Date;
  /** Where it lives: the conversation, the survey, the mention (and its public URL). */
  link: {
    conversationId: string | null;
    surveyId: string | null;
    mentionId: string | null;
    url: string | null;
    path: string;
  };
}

type Row = {
  source: FeedbackSource;
  id: string;
  person_id: string | null;
  text: string;
  language: string | null;
  sentiment: Sentiment;
  score: number | string | null;
  topics: string[] | null;
  complaint: boolean | null;
  at: Date | string;
  cursor_at: string;
  parent_id: string | null;
  url: string | null;
};

const AT_TEXT = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

/**
 * Analysed feedback from all three sources, newest first, one shape (issue 19, point 7: verbatims
 * with sentiment). Each source's query is filtered, cut at the cursor and limited on its own
 * (an index each: at DESC, id DESC), then merged; the cursor is (at to the microsecond, id).
 */
export class FeedbackFeed {
  constructor(private k: CxBaseKernel) {}

  async list(ws: string, f: FeedbackFilter): Promise<{ data: FeedbackItem[]; nextCursor: string | null }> {
    const c = decodeCursor<{ at: string; id: string }>(f.cursor);
    if (c && (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at)) || !isUuid(c.id))) decodeCursor('!');
    const n = f.limit + 1;
    const after = (at: string, id: string) =>
      c ? sql`AND (${sql.ref(at)}, ${sql.ref(id)}) < (${c.at}::timestamptz, ${c.id}::uuid)` : sql``;
    const branches: RawBuilder<unknown>[] = [];
    const want = (s: FeedbackSource) => !f.source || f.source === s;
    if (want('ticket'))
      branches.push(sql`(SELECT 'ticket' AS source, message_id AS id, person_id, excerpt AS text, language, sentiment,
          sentiment_score AS score, topics, complaint, at, ${AT_TEXT('at')} AS cursor_at,
          conversation_id AS parent_id, NULL::text AS url
        FROM cx_ticket_analyses WHERE workspace_id = ${ws}
          ${f.sentiment ? sql`AND sentiment = ${f.sentiment}` : sql``}
          ${f.topic ? sql`AND ${f.topic} = ANY(topics)` : sql``}
          ${f.personId ? sql`AND person_id = ${f.personId}` : sql``}
          ${after('at', 'message_id')}
        ORDER BY at DESC, message_id DESC LIMIT ${n})`);
    if (want('survey'))
      branches.push(sql`(SELECT 'survey' AS source, id, person_id, comment AS text, analysis->>'language' AS language,
          sentiment, (analysis->'sentiment'->>'score')::real AS score,
          ARRAY(SELECT jsonb_array_elements_text(coalesce(analysis->'topics', '[]'::jsonb))) AS topics,
          (analysis->>'complaint')::boolean AS complaint, answered_at AS at, ${AT_TEXT('answered_at')} AS cursor_at,
          survey_id AS parent_id, NULL::text AS url
        FROM cx_survey_responses WHERE workspace_id = ${ws} AND comment IS NOT NULL AND sentiment IS NOT NULL
          ${f.sentiment ? sql`AND sentiment = ${f.sentiment}` : sql``}
          ${f.topic ? sql`AND analysis->'topics' @> jsonb_build_array(${f.topic}::text)` : sql``}
          ${f.personId ? sql`AND person_id = ${f.personId}` : sql``}
          ${after('answered_at', 'id')}
        ORDER BY answered_at DESC, id DESC LIMIT ${n})`);
    if (want('mention'))
      branches.push(sql`(SELECT 'mention' AS source, id, person_id,
          CASE WHEN title IS NULL THEN text ELSE title || E'\\n' || text END AS text, language, sentiment,
          sentiment_score AS score, topics, complaint, published_at AS at, ${AT_TEXT('published_at')} AS cursor_at,
          NULL::uuid AS parent_id, url
        FROM cx_mentions WHERE workspace_id = ${ws}
          ${f.sentiment ? sql`AND sentiment = ${f.sentiment}` : sql``}
          ${f.topic ? sql`AND ${f.topic} = ANY(topics)` : sql``}
          ${f.personId ? sql`AND person_id = ${f.personId}` : sql``}
          ${after('published_at', 'id')}
        ORDER BY published_at DESC, id DESC LIMIT ${n})`);
    const rows = (
      await sql<Row>`SELECT * FROM (${sql.join(branches, sql` UNION ALL `)}) u ORDER BY at DESC, id DESC LIMIT ${n}`.execute(
        this.k.db,
      )
    ).rows;
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      data: page.map(itemOf),
      nextCursor: rows.length > f.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
    };
  }
}

function itemOf(r: Row): FeedbackItem {
  const text = r.text ?? '';
  const link =
    r.source === 'ticket'
      ? { conversationId: r.parent_id, surveyId: null, mentionId: null, url: null, path: `/inbox/${r.parent_id}` }
      : r.source === 'survey'
        ? { conversationId: null, surveyId: r.parent_id, mentionId: null, url: null, path: `/surveys/${r.parent_id}` }
        : { conversationId: null, surveyId: null, mentionId: r.id, url: r.url, path: '/mentions' };
  return {
    source: r.source,
    id: r.id,
    personId: r.person_id,
    excerpt: text.length > FEED_EXCERPT ? `${text.slice(0, FEED_EXCERPT - 1)}…` : text,
    language: r.language ?? 'und',
    sentiment: { label: r.sentiment, score: Number(r.score ?? 0) },
    topics: r.topics ?? [],
    complaint: !!r.complaint,
    at: new Date(r.at),
    link,
  };
}
