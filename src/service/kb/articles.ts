import { sql, type Selectable } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import type { DbOrTx } from '../../core/db/schema.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { decodeCursor, encodeCursor } from '../../core/http/pagination.ts';
import { isUuid, newId } from '../../core/ids.ts';
import type { ServiceBaseKernel } from '../kernel.ts';
import type { KbLocale, KbStatus, ServiceKbArticlesTable } from './tables.ts';

type Row = Omit<Selectable<ServiceKbArticlesTable>, 'search'>;
const COLUMNS = [
  'workspace_id',
  'id',
  'title',
  'body',
  'locale',
  'tags',
  'status',
  'updated_by',
  'updated_by_label',
  'created_at',
  'updated_at',
] as const;

export const articleView = (r: Row) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  locale: r.locale,
  tags: r.tags,
  status: r.status,
  updatedBy: r.updated_by || r.updated_by_label ? { id: r.updated_by, label: r.updated_by_label } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type ArticleView = ReturnType<typeof articleView>;

export interface ArticleInput {
  title: string;
  body: string;
  locale: KbLocale;
  tags?: string[];
  status?: KbStatus;
}

export interface ArticleQuery {
  q?: string;
  locale?: KbLocale;
  status?: KbStatus;
  tag?: string;
  limit: number;
  cursor?: string;
}

/** The text-search configuration of a locale (PostgreSQL's Snowball stemmers; PGlite has them too). */
export const configOf = (locale: KbLocale) => (locale === 'ru' ? sql`'russian'::regconfig` : sql`'english'::regconfig`);

/** At most this deep into ranked results (an offset cursor: ranks are floats, no stable keyset). */
const MAX_SEARCH_OFFSET = 1000;

/** How well an article answers a question: 0–1 (the bot's threshold compares against it). */
export interface ArticleMatch {
  article: ArticleView;
  score: number;
}

/**
 * The knowledge base (issue 18, point 6): articles in Russian and English, drafts and published
 * ones; agents search it (ranked full-text search in the article's language, title first) and the
 * bot answers from the best published article in the client's language.
 */
export class KnowledgeBase {
  constructor(private k: ServiceBaseKernel) {}

  /** Without `q`: newest change first (keyset). With `q`: best match first (offset cursor, 1000 deep). */
  async list(ws: string, q: ArticleQuery) {
    let query = this.k.db.selectFrom('service_kb_articles').select(COLUMNS).where('workspace_id', '=', ws);
    if (q.locale) query = query.where('locale', '=', q.locale);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.tag) query = query.where(sql<boolean>`${q.tag} = ANY(tags)`);
    if (q.q) {
      const text = q.q;
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const c = decodeCursor<{ o: number }>(q.cursor);
      const offset = c ? Number(c.o) : 0;
      if (!Number.isInteger(offset) || offset < 0 || offset > MAX_SEARCH_OFFSET)
        throw new AppError('VALIDATION_FAILED', 'cursor: malformed cursor', [
          { path: 'cursor', message: 'malformed cursor' },
        ]);
      // Each article is matched in its own language; a title containing the words verbatim also counts.
      const ru = sql`websearch_to_tsquery('russian'::regconfig, ${text})`;
      const en = sql`websearch_to_tsquery('english'::regconfig, ${text})`;
      const rank = sql<number>`(CASE WHEN locale = 'ru' THEN ts_rank_cd(search, ${ru}, 32) ELSE ts_rank_cd(search, ${en}, 32) END
        + CASE WHEN title ILIKE ${like} THEN 1 ELSE 0 END)`;
      const rows = await query
        .select(rank.as('rank'))
        .where((eb) =>
          eb.or([
            eb.and([eb('locale', '=', 'ru'), sql<boolean>`search @@ ${ru}`]),
            eb.and([eb('locale', '=', 'en'), sql<boolean>`search @@ ${en}`]),
            eb('title', 'ilike', like),
          ]),
        )
        .orderBy('rank', 'desc')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .offset(offset)
        .limit(q.limit + 1)
        .execute();
      const page = rows.slice(0, q.limit);
      const next = offset + q.limit;
      return {
        data: page.map(articleView),
        nextCursor: rows.length > q.limit && next <= MAX_SEARCH_OFFSET ? encodeCursor({ o: next }) : null,
      };
    }
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (c) {
      if (typeof c.t !== 'string' || Number.isNaN(Date.parse(c.t)) || typeof c.id !== 'string' || !isUuid(c.id))
        throw new AppError('VALIDATION_FAILED', 'cursor: malformed cursor', [
          { path: 'cursor', message: 'malformed cursor' },
        ]);
      query = query.where(sql<boolean>`(updated_at, id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    }
    const rows = await query
      .select(sql<string>`to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('t'))
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(articleView),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.t, id: last.id }) : null,
    };
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<ArticleView> {
    if (!isUuid(id)) throw notFound('Article');
    const row = await db
      .selectFrom('service_kb_articles')
      .select(COLUMNS)
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Article');
    return articleView(row);
  }

  async create(actor: Actor, input: ArticleInput): Promise<ArticleView> {
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_kb_articles')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          title: input.title,
          body: input.body,
          locale: input.locale,
          tags: cleanTags(input.tags),
          status: input.status ?? 'draft',
          updated_by: actor.type === 'user' ? actor.id : null,
          updated_by_label: actor.label,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      const view = articleView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'kb_article',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<ArticleInput>): Promise<ArticleView> {
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const set: Record<string, unknown> = {};
      for (const f of ['title', 'body', 'locale', 'status'] as const) if (patch[f] !== undefined) set[f] = patch[f];
      if (patch.tags !== undefined) set.tags = cleanTags(patch.tags);
      if (!Object.keys(set).length) return before;
      const row = await trx
        .updateTable('service_kb_articles')
        .set({
          ...set,
          updated_by: actor.type === 'user' ? actor.id : null,
          updated_by_label: actor.label,
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      const after = articleView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'kb_article',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      await trx.deleteFrom('service_kb_articles').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, { action: 'delete', entityType: 'kb_article', entityId: id, before });
    });
  }

  /**
   * The published article that best answers `text` in `locale`, with its score: the share of the
   * question's words (stemmed, stop words dropped) the article has — a word in the title counts 1,
   * in the body 0.6. Any one word finds candidates (an OR query), the five best ranked are scored.
   */
  async best(ws: string, text: string, locale: KbLocale): Promise<ArticleMatch | null> {
    const cfg = configOf(locale);
    const words = await sql<{
      w: string[];
    }>`SELECT tsvector_to_array(to_tsvector(${cfg}, ${text.slice(0, 2000)})) AS w`.execute(this.k.db);
    const lexemes = (words.rows[0]?.w ?? []).slice(0, 30);
    if (!lexemes.length) return null;
    const query = lexemes.map((l) => `'${l.replace(/'/g, "''")}'`).join(' | ');
    const rows = await sql<Row & { title_words: string[]; all_words: string[] }>`
      SELECT ${sql.join(COLUMNS.map((c) => sql.ref(c)))},
             tsvector_to_array(ts_filter(search, '{a}')) AS title_words,
             tsvector_to_array(search) AS all_words
      FROM service_kb_articles
      WHERE workspace_id = ${ws} AND status = 'published' AND locale = ${locale} AND search @@ ${query}::tsquery
      ORDER BY ts_rank_cd(search, ${query}::tsquery, 32) DESC, updated_at DESC, id DESC
      LIMIT 5
    `.execute(this.k.db);
    let best: ArticleMatch | null = null;
    for (const r of rows.rows) {
      const title = new Set(r.title_words);
      const all = new Set(r.all_words);
      const got = lexemes.reduce((s, l) => s + (title.has(l) ? 1 : all.has(l) ? 0.6 : 0), 0);
      const score = Math.round((got / lexemes.length) * 1000) / 1000;
      if (!best || score > best.score) best = { article: articleView(r), score };
    }
    return best;
  }
}

function cleanTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))];
}
