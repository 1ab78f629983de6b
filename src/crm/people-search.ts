import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { CrmDeps } from './deps.ts';
import { personViews, type PeopleRow } from './people-fields.ts';
import { searchText } from './search-text.ts';

/*
 * Text search over people: the `search` column (names, emails, phone forms, company name,
 * position, city) kept in step with every write, and the ways a page of matches is found fast.
 */

/** How similar (pg_trgm word_similarity) a record must be for the typo-tolerant fallback. */
const FUZZY_THRESHOLD = 0.5;
/** Above this many CRM people (all workspaces) the typo fallback is skipped (see fuzzy()). */
const FUZZY_MAX_ROWS = 300_000;
/** Up to this many text matches are fetched and sorted (see textPage()). */
const RARE_MATCHES = 10_000;
/** A window with at least this many matches of all the (common) words goes straight to the sort walk. */
const WALK_SEEN = 5;
/** How far the sort walk goes before the matches are fetched and sorted instead (see textPage()). */
const WALK_ROWS = 20_000;
/** How many people of the list's order a text search tests first (see textPage()). */
const WINDOW = 2000;

export interface SearchTuning {
  window: number;
  rareMatches: number;
  walkRows: number;
}

export class PeopleSearch {
  /** Text search thresholds (see textPage); tests lower them to drive every path on a few rows. */
  tuning: SearchTuning = { window: WINDOW, rareMatches: RARE_MATCHES, walkRows: WALK_ROWS };

  constructor(private deps: CrmDeps) {}

  /**
   * One page of a text search, sorted. Which way is fast depends on how many people the words
   * match, so the page is found in up to three steps:
   * 1. Walk the first WINDOW people in the list's own order (the sort index) and test the words on
   *    them. When a page fills there (words that match more than about 1 % of people: a common
   *    surname, "анна"), that is the answer, exactly: the first matches of the window are the first
   *    matches of the list. The same walk counts each word's matches.
   * 2. Otherwise the words the window found rarely go to the trigram index; the common ones are only
   *    tested on what it returns (their posting lists are the expensive part of a trigram scan).
   *    Up to RARE_MATCHES matches are fetched (id and sort key) and sorted.
   * 3. More matches than that, or only common words that together still showed up WALK_SEEN times
   *    in the window: walk the sort order testing every word, for up to WALK_ROWS rows (a page is
   *    usually near); when it is not, all matches of the indexed words are fetched and sorted.
   */
  async textPage(
    ws: string,
    whereOf: (extra: RawBuilder<unknown>[]) => RawBuilder<unknown>,
    sortExpr: RawBuilder<unknown>,
    dir: RawBuilder<unknown>,
    words: string[],
    like: (w: string) => RawBuilder<unknown>,
    likeUnindexed: (w: string) => RawBuilder<unknown>,
    limit: number,
  ): Promise<{ rows: PeopleRow[] }> {
    const db = this.deps.db;
    const all = sql.join(words.map(like), sql` AND `);
    // The walk stops as soon as a page is full (the subquery streams in index order).
    const walk = (n: number) =>
      sql`SELECT p.person_id, p.search, ${sortExpr} AS s FROM crm_people p WHERE ${whereOf([])} ORDER BY ${sortExpr} ${dir}, p.person_id ${dir} LIMIT ${n}`;
    const { window } = this.tuning;
    const first = await sql<{ person_id: string }>`
      SELECT p.person_id FROM (${walk(window)}) p WHERE ${all} ORDER BY p.s ${dir}, p.person_id ${dir} LIMIT ${limit + 1}
    `.execute(db);
    const ids = first.rows.map((r) => r.person_id);
    let stat: { total: number } & Record<string, number> = { total: window };
    if (ids.length <= limit) {
      // No full page in the window: how many people it held (all of them, when fewer), and how
      // often each word matched there.
      const counts = sql.join(
        words.map((w, i) => sql`count(*) FILTER (WHERE ${like(w)})::int AS ${sql.ref(`w${i}`)}`),
        sql`, `,
      );
      stat = (
        await sql<
          { total: number } & Record<string, number>
        >`SELECT count(*)::int AS total, ${counts} FROM (${walk(window)}) p`.execute(db)
      ).rows[0];
    }
    if (ids.length > limit || stat.total < window) return this.rowsByIds(ws, ids);
    const rare = words.filter((w, i) => w.length >= 3 && stat[`w${i}`] * 100 < stat.total);
    // Every word common, and together still seen a few times in the window: the sort walk fills a
    // page within a few ten thousand rows, cheaper than the trigram lists of common words.
    const walkNow = !rare.length && ids.length >= WALK_SEEN;
    const indexed = rare.length ? rare : words.filter((w) => w.length >= 3);
    const cap = this.tuning.rareMatches;
    const conds = [...indexed.map(like), ...words.filter((w) => !indexed.includes(w)).map(likeUnindexed)];
    // Matches of the indexed words (ids and sort keys; with `max`, at most max + 1 are read), sorted; n = how many were read.
    const fetchSorted = (max: number | null) =>
      sql<{ person_id: string; n: number }>`
      WITH m AS MATERIALIZED (SELECT p.person_id, ${sortExpr} AS s FROM crm_people p WHERE ${whereOf(conds)} ${max === null ? sql`` : sql`LIMIT ${max + 1}`})
      SELECT m.person_id, (SELECT count(*) FROM m)::int AS n FROM m ORDER BY m.s ${dir}, m.person_id ${dir} LIMIT ${limit + 1}
    `.execute(db);
    if (indexed.length && !walkNow) {
      const m = await fetchSorted(cap);
      if ((m.rows[0]?.n ?? 0) <= cap)
        return this.rowsByIds(
          ws,
          m.rows.map((r) => r.person_id),
        );
    }
    // The walk tests the words on each row in sort order (unindexed forms keep the planner on the
    // sort index), over at most WALK_ROWS rows: matches can cluster far down the order (digits of
    // phone numbers follow the order people were created in), and then fetching them all is cheaper.
    const walked = await sql<{ person_id: string }>`
      SELECT p.person_id FROM (${walk(this.tuning.walkRows)}) p WHERE ${sql.join(words.map(likeUnindexed), sql` AND `)}
      ORDER BY p.s ${dir}, p.person_id ${dir} LIMIT ${limit + 1}
    `.execute(db);
    if (walked.rows.length > limit || !indexed.length) {
      if (walked.rows.length > limit)
        return this.rowsByIds(
          ws,
          walked.rows.map((r) => r.person_id),
        );
      // No word the trigram index can take (all shorter than 3 letters): walk on to the end.
      return sql<PeopleRow>`
        SELECT p.* FROM crm_people p WHERE ${whereOf(words.map(likeUnindexed))}
        ORDER BY ${sortExpr} ${dir}, p.person_id ${dir} LIMIT ${limit + 1}
      `.execute(db);
    }
    return this.rowsByIds(
      ws,
      (await fetchSorted(null)).rows.map((r) => r.person_id),
    );
  }

  private async rowsByIds(ws: string, ids: string[]): Promise<{ rows: PeopleRow[] }> {
    if (!ids.length) return { rows: [] };
    const r =
      await sql<PeopleRow>`SELECT p.* FROM crm_people p WHERE p.workspace_id = ${ws} AND p.person_id = ANY(${ids}::uuid[])`.execute(
        this.deps.db,
      );
    const byId = new Map(r.rows.map((x) => [x.person_id, x]));
    return { rows: ids.map((id) => byId.get(id)!).filter(Boolean) };
  }

  /**
   * Typo tolerance: when the substring search finds nothing, the people whose search text has a
   * word most like the query (pg_trgm word_similarity, served by the trigram index), best first.
   * One page only: a similarity ranking has no stable keyset.
   */
  async fuzzy(ws: string, filters: RawBuilder<unknown>[], text: string, limit: number) {
    // "Typo-tolerant where cheap": the trigram scan behind it reads the posting lists of common
    // trigrams, about a second at a million people. Past FUZZY_MAX_ROWS (the planner's estimate) it
    // is skipped; below, a server also gets a time budget (PGlite has no statement_timeout).
    const size = await sql<{
      n: number;
    }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'crm_people'::regclass`.execute(this.deps.db);
    if ((size.rows[0]?.n ?? 0) > FUZZY_MAX_ROWS) return { data: [], nextCursor: null };
    const rows = await this.deps.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`.execute(trx);
      await sql`SELECT set_config('statement_timeout', ${`${this.deps.config.searchFuzzyBudgetMs}ms`}, true)`.execute(
        trx,
      );
      const r = await sql<PeopleRow>`
        SELECT p.* FROM crm_people p
        WHERE p.workspace_id = ${ws} AND p.deleted_at IS NULL AND p.search %> ${text} ${filters.length ? sql`AND ${sql.join(filters, sql` AND `)}` : sql``}
        ORDER BY word_similarity(${text}, p.search) DESC, p.person_id
        LIMIT ${limit}
      `
        .execute(trx)
        .catch((e) => {
          if (e?.code === '57014') return { rows: [] as PeopleRow[] }; // statement_timeout: no fuzzy matches in budget
          throw e;
        });
      return r.rows;
    });
    return { data: await personViews(this.deps.db, ws, rows), nextCursor: null };
  }
}

/** The `search` column of a person (names, emails, phone forms, company name, position, city). */
export async function searchOf(
  trx: DbOrTx,
  ws: string,
  r: Pick<PeopleRow, 'first_name' | 'last_name' | 'emails' | 'phones' | 'company_id' | 'position' | 'city'>,
) {
  const company = r.company_id
    ? await trx
        .selectFrom('crm_companies')
        .select('name')
        .where('workspace_id', '=', ws)
        .where('id', '=', r.company_id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  return searchOfRow(r, company?.name ?? null);
}

/** Rebuilds the search text of a company's people (its name is part of it). */
export async function reindexCompany(trx: DbOrTx, ws: string, companyId: string) {
  const rows = await trx
    .selectFrom('crm_people')
    .select(['person_id', 'first_name', 'last_name', 'emails', 'phones', 'company_id', 'position', 'city'])
    .where('workspace_id', '=', ws)
    .where('company_id', '=', companyId)
    .execute();
  if (!rows.length) return;
  const company = await trx
    .selectFrom('crm_companies')
    .select(['name', 'deleted_at'])
    .where('workspace_id', '=', ws)
    .where('id', '=', companyId)
    .executeTakeFirst();
  const name = company && !company.deleted_at ? company.name : null;
  const updates = rows.map((r) => ({ id: r.person_id, search: searchOfRow(r, name) }));
  await sql`
    UPDATE crm_people p SET search = x.search
    FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, search text)
    WHERE p.workspace_id = ${ws} AND p.person_id = x.id
  `.execute(trx);
}

export function searchOfRow(
  r: Pick<PeopleRow, 'first_name' | 'last_name' | 'emails' | 'phones' | 'position' | 'city'>,
  companyName: string | null,
) {
  return searchText({
    texts: [r.first_name, r.last_name, companyName, r.position, r.city],
    emails: r.emails,
    phones: r.phones,
  });
}
