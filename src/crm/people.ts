import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage, sortKeyOf } from '../core/http/pagination.ts';
import { identityKey, normalizeEmail, normalizePhone, type AddedIdentity, type Identity } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmPeopleTable } from './tables.ts';
import type { CustomFields } from './custom-fields.ts';
import { applyCustomFields, customFieldFilter } from './custom-fields.ts';
import type { Consents } from './consents.ts';
import { likeEscape, parseQuery, searchText } from './search-text.ts';
import { assertCompany, assertMember, userNames } from './refs.ts';
import { exactTime } from '../core/db/exact-time.ts';

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const PEOPLE_SORTS = ['createdAt', 'updatedAt', 'lastName', 'firstName', 'city', 'lifecycleStage'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export interface PersonInput {
  firstName?: string | null;
  lastName?: string | null;
  emails?: string[];
  phones?: string[];
  companyId?: string | null;
  position?: string | null;
  ownerId?: string | null;
  lifecycleStage?: LifecycleStage;
  source?: string | null;
  street?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  postalCode?: string | null;
  birthday?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  externalId?: string | null;
}

/** Where counting a list stops: past it a list says "more than". */
export const COUNT_CAP = 10_000;

export interface PeopleListQuery {
  q?: string;
  limit: number;
  cursor?: string;
  sort?: PeopleSort;
  order?: 'asc' | 'desc';
  lifecycleStage?: string;
  ownerId?: string;
  companyId?: string;
  city?: string;
  region?: string;
  country?: string;
  tag?: string;
  source?: string;
  createdFrom?: string;
  createdTo?: string;
  /** `cf.KEY=value` query parameters, KEY → value. */
  customFields?: Record<string, string>;
}

export type PeopleRow = Selectable<CrmPeopleTable>;
type Ref = { id: string; name: string } | null;

/** Plain columns: API field → column (emails, phones and customFields are handled on their own). */
const COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  companyId: 'company_id',
  position: 'position',
  ownerId: 'owner_id',
  lifecycleStage: 'lifecycle_stage',
  source: 'source',
  street: 'street',
  city: 'city',
  region: 'region',
  country: 'country',
  postalCode: 'postal_code',
  birthday: 'birthday',
  tags: 'tags',
  externalId: 'external_id',
} as const satisfies Record<string, keyof PeopleRow>;
/** Every field a person view carries that a write can change (the `fields` of person.updated). */
export const PERSON_FIELDS = [...Object.keys(COLUMNS), 'emails', 'phones', 'customFields'] as (keyof PersonInput)[];

/**
 * Sort keys: a non-null expression (so row-value keyset comparisons hold) matching an index of
 * migration 0211 or 0201 exactly, its SQL type, and the cursor value of a row.
 */
const SORTS: Record<PeopleSort, { expr: RawBuilder<unknown>; cast: string; value: ((r: PeopleRow) => string) | 'sql' }> = {
  createdAt: { expr: sql`p.created_at`, cast: 'timestamptz', value: (r) => exactTime(r.created_at) },
  updatedAt: { expr: sql`p.updated_at`, cast: 'timestamptz', value: (r) => exactTime(r.updated_at) },
  // lower() keys come from PostgreSQL itself (sortKeyOf): JavaScript's toLowerCase differs on some
  // letters (İ, a final Σ), and a cursor that does not equal the index key skips or repeats rows.
  lastName: { expr: sql`coalesce(lower(p.last_name), '')`, cast: 'text', value: 'sql' },
  firstName: { expr: sql`coalesce(lower(p.first_name), '')`, cast: 'text', value: 'sql' },
  city: { expr: sql`coalesce(lower(p.city), '')`, cast: 'text', value: 'sql' },
  lifecycleStage: { expr: sql`p.lifecycle_stage`, cast: 'text', value: (r) => r.lifecycle_stage },
};

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

export const displayName = (first: string | null | undefined, last: string | null | undefined, emails: string[] = [], phones: string[] = []) =>
  [first, last].filter((x) => x && x.trim()).join(' ') || emails[0] || phones[0] || '';

/** Normalised emails (lower-cased, de-duplicated); an invalid one is a 400 on `emails.N`. */
export function normalizeEmails(list: string[], path = 'emails'): string[] {
  const problems: ErrorDetail[] = [];
  const out: string[] = [];
  list.forEach((raw, i) => {
    const e = normalizeEmail(raw);
    if (!e) problems.push({ path: `${path}.${i}`, message: 'not a valid email address' });
    else if (!out.includes(e)) out.push(e);
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** Phones as E.164 (a number without country code is Russian); an invalid one is a 400 on `phones.N`. */
export function normalizePhones(list: string[], path = 'phones'): string[] {
  const problems: ErrorDetail[] = [];
  const out: string[] = [];
  list.forEach((raw, i) => {
    const p = normalizePhone(raw);
    if (!p) problems.push({ path: `${path}.${i}`, message: 'not a valid phone number' });
    else if (!out.includes(p)) out.push(p);
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** Both lists normalised, every invalid entry of either reported at once. */
export function normalizeContacts(emails: string[], phones: string[]) {
  const problems: ErrorDetail[] = [];
  const attempt = <T>(f: () => T, fallback: T) => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push(...e.details);
      return fallback;
    }
  };
  const out = { emails: attempt(() => normalizeEmails(emails), []), phones: attempt(() => normalizePhones(phones), []) };
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

const identitiesOf = (emails: string[], phones: string[]): (Identity & { path: string })[] => [
  ...emails.map((value, i) => ({ kind: 'email' as const, value, path: `emails.${i}` })),
  ...phones.map((value, i) => ({ kind: 'phone' as const, value, path: `phones.${i}` })),
];

/** 409 for a restore of a record that is not deleted. */
export const notDeleted = (what: string) =>
  new AppError('CONFLICT', `deletedAt: this ${what} is not deleted`, [{ path: 'deletedAt', message: `the ${what} is not deleted` }]);

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * People: the CRM face of the CDP's persons. The person id is the CDP person id; emails and phones
 * are that person's identities, kept in step on every write, so tracked behaviour and CRM data are
 * one profile. Each create/update lands on the person's timeline as a `change` event.
 */
export class People {
  /** Text search thresholds (see textPage); tests lower them to drive every path on a few rows. */
  searchTuning = { window: WINDOW, rareMatches: RARE_MATCHES, walkRows: WALK_ROWS };

  constructor(
    private deps: CrmDeps,
    private customFields: CustomFields,
    private consents: Consents,
  ) {
    deps.webhooks.registerEntity('person', 'Person');
    deps.webhooks.registerEventType('person.restored', 'Person restored after a delete (POST /people/{id}/restore)');
  }

  private get directory() {
    return this.deps.cdp.directory;
  }

  // ---------------------------------------------------------------- reads

  /** List views of rows (company and owner names resolved in two queries). */
  async views(trx: DbOrTx, ws: string, rows: PeopleRow[]) {
    const companyIds = [...new Set(rows.map((r) => r.company_id).filter((x): x is string => !!x))];
    const companies = companyIds.length
      ? new Map(
          (await trx.selectFrom('crm_companies').select(['id', 'name']).where('workspace_id', '=', ws).where('id', 'in', companyIds).where('deleted_at', 'is', null).execute()).map((c) => [
            c.id,
            c.name,
          ]),
        )
      : new Map<string, string>();
    const owners = await userNames(trx, ws, rows.map((r) => r.owner_id));
    return rows.map((r) => {
      const company: Ref = r.company_id && companies.has(r.company_id) ? { id: r.company_id, name: companies.get(r.company_id)! } : null;
      const owner: Ref = r.owner_id && owners.has(r.owner_id) ? { id: r.owner_id, name: owners.get(r.owner_id)! } : null;
      return {
        id: r.person_id,
        firstName: r.first_name,
        lastName: r.last_name,
        name: displayName(r.first_name, r.last_name, r.emails, r.phones),
        emails: r.emails,
        phones: r.phones,
        companyId: r.company_id,
        company,
        position: r.position,
        ownerId: r.owner_id,
        owner,
        lifecycleStage: r.lifecycle_stage as LifecycleStage,
        source: r.source,
        street: r.street,
        city: r.city,
        region: r.region,
        country: r.country,
        postalCode: r.postal_code,
        birthday: r.birthday,
        tags: r.tags,
        customFields: r.custom_fields,
        externalId: r.external_id,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  /** The live CRM row of a person id (a merged-away id resolves to the survivor), or null. */
  async row(trx: DbOrTx, ws: string, id: string, forUpdate = false): Promise<PeopleRow | null> {
    const live = await this.directory.liveId(trx, ws, id);
    if (!live) return null;
    let q = trx.selectFrom('crm_people').selectAll().where('workspace_id', '=', ws).where('person_id', '=', live).where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    return (await q.executeTakeFirst()) ?? null;
  }

  /** The list view of a CRM person; 404 when the CRM does not hold them. */
  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    const row = await this.row(trx, ws, id);
    if (!row) throw notFound('Person');
    return (await this.views(trx, ws, [row]))[0];
  }

  /**
   * The unified person: CRM fields, the CDP profile (identities, traits, computed traits) and the
   * consent state. A person only tracked so far (no CRM row) comes back with empty CRM fields; one
   * deleted from the CRM is gone (404).
   */
  async detail(ws: string, id: string) {
    const profile = await this.deps.cdp.getPerson(ws, id);
    const row = await this.deps.db.selectFrom('crm_people').selectAll().where('workspace_id', '=', ws).where('person_id', '=', profile.id).executeTakeFirst();
    if (row?.deleted_at) throw notFound('Person');
    const base = row ? (await this.views(this.deps.db, ws, [row]))[0] : trackedView(profile);
    return {
      ...base,
      inCrm: !!row,
      identities: profile.identities,
      traits: profile.traits,
      computedTraits: profile.computedTraits,
      consents: await this.consents.current(ws, profile.id),
    };
  }

  /** The CRM person whose phones include this E.164 number (telephony), or null. */
  async findByPhone(ws: string, e164: string, trx: DbOrTx = this.deps.db): Promise<string | null> {
    // Through the identity graph (an exact key); the phones array is only the CRM's copy.
    const owner = (await this.deps.cdp.directory.resolve(trx, ws, [{ kind: 'phone', value: e164 }])).values().next().value;
    if (owner) {
      const row = await trx.selectFrom('crm_people').select('person_id').where('workspace_id', '=', ws).where('person_id', '=', owner).where('deleted_at', 'is', null).executeTakeFirst();
      if (row) return row.person_id;
    }
    return null; // a CRM person's phone is always an identity of theirs (create and import refuse taken ones)
  }

  async list(ws: string, q: PeopleListQuery) {
    const sortKey = q.sort ?? 'createdAt';
    const order = q.order ?? (sortKey === 'createdAt' || sortKey === 'updatedAt' ? 'desc' : 'asc');
    const sort = SORTS[sortKey];
    const filters = await this.filters(ws, q);
    const parsed = q.q?.trim() ? parseQuery(q.q) : null;
    const textWords = parsed ? parsed.text.split(' ').filter(Boolean) : [];
    const conds = [...filters];
    // A phone (any format) or a whole email is looked up in the identity graph, an exact key: the
    // planner cannot estimate `phones @> …` and walked the whole sort index for one row.
    const email = parsed && !parsed.phone ? normalizeEmail(q.q) : null;
    const exact = parsed?.phone
      ? { kind: 'phone' as const, value: parsed.phone }
      : email
        ? { kind: 'email' as const, value: email }
        : null;
    let exactIds: string[] | null = null;
    if (exact) {
      exactIds = [...new Set((await this.deps.cdp.directory.resolve(this.deps.db, ws, [exact])).values())];
      if (!exactIds.length && exact.kind === 'email') exactIds = null; // part of a longer address: search the text
    }
    if (exactIds) conds.push(sql`p.person_id = ANY(${exactIds}::uuid[])`);
    const c = decodeCursor<{ v: string; id: string }>(q.cursor);
    if (c) {
      if (typeof c.v !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw invalid('cursor', 'malformed cursor');
      if (sort.cast === 'timestamptz' && Number.isNaN(Date.parse(c.v))) throw invalid('cursor', 'malformed cursor');
      const cmp = order === 'desc' ? sql`<` : sql`>`;
      conds.push(sql`(${sort.expr}, p.person_id) ${cmp} (${c.v}::${sql.raw(sort.cast)}, ${c.id}::uuid)`);
    }
    const dir = sql.raw(order === 'desc' ? 'DESC' : 'ASC');
    const whereOf = (extra: RawBuilder<unknown>[]) => {
      const all = [...conds, ...extra];
      return sql`p.workspace_id = ${ws} AND p.deleted_at IS NULL ${all.length ? sql`AND ${sql.join(all, sql` AND `)}` : sql``}`;
    };
    const like = (w: string) => sql`p.search LIKE ${`%${likeEscape(w)}%`}`;
    // The same test in a form the trigram index cannot serve: a word common enough to be found by
    // walking the sort order is only checked on the rows the rarer words found.
    const likeUnindexed = (w: string) => sql`(p.search || '') LIKE ${`%${likeEscape(w)}%`}`;
    let rows: { rows: PeopleRow[] };
    if (!parsed || exactIds) {
      rows = await sql<PeopleRow>`
        SELECT p.* FROM crm_people p WHERE ${whereOf([])}
        ORDER BY ${sort.expr} ${dir}, p.person_id ${dir} LIMIT ${q.limit + 1}`.execute(this.deps.db);
    } else if (!textWords.length) {
      rows = { rows: [] };
    } else rows = await this.textPage(ws, whereOf, sort.expr, dir, textWords, like, likeUnindexed, q.limit);
    if (!rows.rows.length && parsed && !exactIds && !parsed.phone && !c && parsed.text.length >= 3) return this.fuzzy(ws, filters, parsed.text, q.limit);
    const lastRow = rows.rows.length > q.limit ? rows.rows[q.limit - 1] : null;
    const lastKey = lastRow && sort.value === 'sql' ? await sortKeyOf(this.deps.db, sort.expr, sql`crm_people p WHERE p.workspace_id = ${ws} AND p.person_id = ${lastRow.person_id}`) : null;
    return keysetPage(await this.views(this.deps.db, ws, rows.rows), q.limit, (v) => v, (last) => {
      const row = rows.rows.find((r) => r.person_id === last.id)!;
      return { v: sort.value === 'sql' ? lastKey : sort.value(row), id: row.person_id };
    });
  }

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
  private async textPage(
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
    const walk = (n: number) => sql`SELECT p.person_id, p.search, ${sortExpr} AS s FROM crm_people p WHERE ${whereOf([])} ORDER BY ${sortExpr} ${dir}, p.person_id ${dir} LIMIT ${n}`;
    const { window } = this.searchTuning;
    const first = await sql<{ person_id: string }>`
      SELECT p.person_id FROM (${walk(window)}) p WHERE ${all} ORDER BY p.s ${dir}, p.person_id ${dir} LIMIT ${limit + 1}
    `.execute(db);
    const ids = first.rows.map((r) => r.person_id);
    let stat: { total: number } & Record<string, number> = { total: window };
    if (ids.length <= limit) {
      // No full page in the window: how many people it held (all of them, when fewer), and how
      // often each word matched there.
      const counts = sql.join(words.map((w, i) => sql`count(*) FILTER (WHERE ${like(w)})::int AS ${sql.ref(`w${i}`)}`), sql`, `);
      stat = (await sql<{ total: number } & Record<string, number>>`SELECT count(*)::int AS total, ${counts} FROM (${walk(window)}) p`.execute(db)).rows[0];
    }
    if (ids.length > limit || stat.total < window) return this.rowsByIds(ws, ids);
    const rare = words.filter((w, i) => w.length >= 3 && stat[`w${i}`] * 100 < stat.total);
    // Every word common, and together still seen a few times in the window: the sort walk fills a
    // page within a few ten thousand rows, cheaper than the trigram lists of common words.
    const walkNow = !rare.length && ids.length >= WALK_SEEN;
    const indexed = rare.length ? rare : words.filter((w) => w.length >= 3);
    const cap = this.searchTuning.rareMatches;
    const conds = [...indexed.map(like), ...words.filter((w) => !indexed.includes(w)).map(likeUnindexed)];
    // Matches of the indexed words (ids and sort keys; with `max`, at most max + 1 are read), sorted; n = how many were read.
    const fetchSorted = (max: number | null) => sql<{ person_id: string; n: number }>`
      WITH m AS MATERIALIZED (SELECT p.person_id, ${sortExpr} AS s FROM crm_people p WHERE ${whereOf(conds)} ${max === null ? sql`` : sql`LIMIT ${max + 1}`})
      SELECT m.person_id, (SELECT count(*) FROM m)::int AS n FROM m ORDER BY m.s ${dir}, m.person_id ${dir} LIMIT ${limit + 1}
    `.execute(db);
    if (indexed.length && !walkNow) {
      const m = await fetchSorted(cap);
      if ((m.rows[0]?.n ?? 0) <= cap) return this.rowsByIds(ws, m.rows.map((r) => r.person_id));
    }
    // The walk tests the words on each row in sort order (unindexed forms keep the planner on the
    // sort index), over at most WALK_ROWS rows: matches can cluster far down the order (digits of
    // phone numbers follow the order people were created in), and then fetching them all is cheaper.
    const walked = await sql<{ person_id: string }>`
      SELECT p.person_id FROM (${walk(this.searchTuning.walkRows)}) p WHERE ${sql.join(words.map(likeUnindexed), sql` AND `)}
      ORDER BY p.s ${dir}, p.person_id ${dir} LIMIT ${limit + 1}
    `.execute(db);
    if (walked.rows.length > limit || !indexed.length) {
      if (walked.rows.length > limit) return this.rowsByIds(ws, walked.rows.map((r) => r.person_id));
      // No word the trigram index can take (all shorter than 3 letters): walk on to the end.
      return sql<PeopleRow>`
        SELECT p.* FROM crm_people p WHERE ${whereOf(words.map(likeUnindexed))}
        ORDER BY ${sortExpr} ${dir}, p.person_id ${dir} LIMIT ${limit + 1}
      `.execute(db);
    }
    return this.rowsByIds(ws, (await fetchSorted(null)).rows.map((r) => r.person_id));
  }

  private async rowsByIds(ws: string, ids: string[]): Promise<{ rows: PeopleRow[] }> {
    if (!ids.length) return { rows: [] };
    const r = await sql<PeopleRow>`SELECT p.* FROM crm_people p WHERE p.workspace_id = ${ws} AND p.person_id = ANY(${ids}::uuid[])`.execute(this.deps.db);
    const byId = new Map(r.rows.map((x) => [x.person_id, x]));
    return { rows: ids.map((id) => byId.get(id)!).filter(Boolean) };
  }

  /**
   * Typo tolerance: when the substring search finds nothing, the people whose search text has a
   * word most like the query (pg_trgm word_similarity, served by the trigram index), best first.
   * One page only: a similarity ranking has no stable keyset.
   */
  private async fuzzy(ws: string, filters: RawBuilder<unknown>[], text: string, limit: number) {
    // "Typo-tolerant where cheap": the trigram scan behind it reads the posting lists of common
    // trigrams, about a second at a million people. Past FUZZY_MAX_ROWS (the planner's estimate) it
    // is skipped; below, a server also gets a time budget (PGlite has no statement_timeout).
    const size = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'crm_people'::regclass`.execute(this.deps.db);
    if ((size.rows[0]?.n ?? 0) > FUZZY_MAX_ROWS) return { data: [], nextCursor: null };
    const rows = await this.deps.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`.execute(trx);
      await sql`SELECT set_config('statement_timeout', ${`${this.deps.config.searchFuzzyBudgetMs}ms`}, true)`.execute(trx);
      const r = await sql<PeopleRow>`
        SELECT p.* FROM crm_people p
        WHERE p.workspace_id = ${ws} AND p.deleted_at IS NULL AND p.search %> ${text} ${filters.length ? sql`AND ${sql.join(filters, sql` AND `)}` : sql``}
        ORDER BY word_similarity(${text}, p.search) DESC, p.person_id
        LIMIT ${limit}
      `.execute(trx).catch((e) => {
        if (e?.code === '57014') return { rows: [] as PeopleRow[] }; // statement_timeout: no fuzzy matches in budget
        throw e;
      });
      return r.rows;
    });
    return { data: await this.views(this.deps.db, ws, rows), nextCursor: null };
  }

  /**
   * How many people the filters select (no text search: its typo-tolerant fallback has no exact
   * count). Counting stops at `cap`: past it the answer is "more than cap" (`exact: false`), so a
   * million-row workspace is not scanned to print one number.
   */
  async count(ws: string, q: Omit<PeopleListQuery, 'limit' | 'q' | 'cursor' | 'sort' | 'order'>, cap = COUNT_CAP): Promise<{ count: number; exact: boolean }> {
    const conds = await this.filters(ws, { ...q, limit: 1 } as PeopleListQuery);
    const where = sql`p.workspace_id = ${ws} AND p.deleted_at IS NULL ${conds.length ? sql`AND ${sql.join(conds, sql` AND `)}` : sql``}`;
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM crm_people p WHERE ${where} LIMIT ${cap + 1}) x`.execute(this.deps.db);
    const n = Number(r.rows[0]?.n ?? 0);
    return n > cap ? { count: cap, exact: false } : { count: n, exact: true };
  }

  private async filters(ws: string, q: PeopleListQuery): Promise<RawBuilder<unknown>[]> {
    const out: RawBuilder<unknown>[] = [];
    if (q.lifecycleStage) out.push(sql`p.lifecycle_stage = ${q.lifecycleStage}`);
    if (q.ownerId) out.push(sql`p.owner_id = ${q.ownerId}::uuid`);
    if (q.companyId) out.push(sql`p.company_id = ${q.companyId}::uuid`);
    if (q.city) out.push(sql`coalesce(lower(p.city), '') = ${q.city.trim().toLowerCase()}`);
    if (q.region) out.push(sql`lower(p.region) = ${q.region.trim().toLowerCase()}`);
    if (q.country) out.push(sql`lower(p.country) = ${q.country.trim().toLowerCase()}`);
    if (q.source) out.push(sql`p.source = ${q.source}`);
    if (q.tag) out.push(sql`p.tags @> ARRAY[${q.tag}::text]`);
    if (q.createdFrom) out.push(sql`p.created_at >= ${bound(q.createdFrom, 'createdFrom')}::timestamptz`);
    if (q.createdTo) out.push(sql`p.created_at < ${bound(q.createdTo, 'createdTo', true)}::timestamptz`);
    const cf = Object.entries(q.customFields ?? {});
    if (cf.length) {
      const defs = await this.customFields.defs(this.deps.db, ws, 'person');
      for (const [key, value] of cf) out.push(sql`p.custom_fields @> ${JSON.stringify(customFieldFilter(defs, key, value))}::jsonb`);
    }
    return out;
  }

  // ---------------------------------------------------------------- writes

  /**
   * A new CRM person (in the caller's transaction when one is given: telephony and import create
   * people as part of their own writes). Emails and phones that already identify a tracked-only
   * person make this that person (same id, their history kept); ones on another CRM person are a
   * conflict.
   */
  async create(actor: Actor, input: PersonInput, trx?: Tx) {
    if (trx) return this.createIn(trx, actor, input);
    return this.deps.db.transaction().execute((t) => this.createIn(t, actor, input));
  }

  private async createIn(trx: Tx, actor: Actor, input: PersonInput) {
    const ws = actor.workspaceId;
    const { emails, phones } = normalizeContacts(input.emails ?? [], input.phones ?? []);
    const custom = applyCustomFields({}, await this.customFields.validate(trx, ws, 'person', input.customFields));
    await this.checkRefs(trx, ws, input);
    await this.directory.lock(trx, ws);
    const adopted = await this.claim(trx, actor, null, emails, phones);
    await this.checkExternalId(trx, ws, input.externalId, adopted);
    const id = adopted ?? newId();
    const identities = identitiesOf(emails, phones).map(({ kind, value }) => ({ kind, value }));
    if (adopted) await this.directory.attach(trx, ws, id, identities);
    else await this.directory.create(trx, ws, [{ id, identities }]);
    const now = new Date();
    const values = {
      first_name: str(input.firstName),
      last_name: str(input.lastName),
      emails,
      phones,
      company_id: input.companyId ?? null,
      position: str(input.position),
      owner_id: input.ownerId !== undefined ? input.ownerId : actor.type === 'user' ? actor.id : null,
      lifecycle_stage: input.lifecycleStage ?? 'lead',
      source: str(input.source),
      street: str(input.street),
      city: str(input.city),
      region: str(input.region),
      country: str(input.country),
      postal_code: str(input.postalCode),
      birthday: input.birthday ?? null,
      tags: cleanTags(input.tags),
      custom_fields: JSON.stringify(custom),
      external_id: str(input.externalId),
      search: await this.searchOf(trx, ws, { first_name: str(input.firstName), last_name: str(input.lastName), emails, phones, company_id: input.companyId ?? null, position: str(input.position), city: str(input.city) }),
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    // A person deleted from the CRM earlier and adopted again gets a fresh row in place of the old one.
    await trx
      .insertInto('crm_people')
      .values({ workspace_id: ws, person_id: id, ...values })
      .onConflict((oc) => oc.columns(['workspace_id', 'person_id']).doUpdateSet(values))
      .execute();
    const view = await this.get(ws, id, trx);
    const fields = Object.fromEntries(PERSON_FIELDS.filter((f) => !isEmpty(view[f as keyof typeof view])).map((f) => [f, view[f as keyof typeof view]]));
    await this.directory.appendEvents(trx, ws, [{ personId: id, type: 'change', event: 'person.created', properties: { fields, ...(adopted ? { adopted: true } : {}) }, occurredAt: now }]);
    await this.deps.audit.record(trx, actor, { action: 'create', entityType: 'person', entityId: id, after: view, record: view });
    return view;
  }

  /**
   * A partial change (`null` clears a field). Emails and phones given replace the lists, and the
   * person's identities follow: removed ones are detached, new ones attached (one that identifies a
   * tracked-only person merges that person in). A tracked-only person is brought into the CRM.
   */
  async update(actor: Actor, id: string, patch: PersonInput) {
    const ws = actor.workspaceId;
    // Traits (default names for a tracked-only person) are read before the transaction: the CDP
    // reads on its own connection, which PGlite's single connection would wait for forever.
    const liveBefore = await this.directory.liveId(this.deps.db, ws, id);
    const traits = liveBefore && !(await this.row(this.deps.db, ws, liveBefore)) ? (await this.deps.cdp.getPerson(ws, liveBefore)).traits : {};
    return this.deps.db.transaction().execute(async (trx) => {
      const live = await this.directory.liveId(trx, ws, id);
      if (!live) throw notFound('Person');
      await this.directory.lock(trx, ws);
      const existing = await trx.selectFrom('crm_people').selectAll().where('workspace_id', '=', ws).where('person_id', '=', live).forUpdate().executeTakeFirst();
      if (existing?.deleted_at) throw notFound('Person');
      const row = existing ?? (await this.trackedRow(trx, ws, live, live === liveBefore ? traits : {}));
      const before = (await this.views(trx, ws, [row]))[0];
      const set: Record<string, unknown> = {};
      for (const [field, col] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
        const v = patch[field];
        if (v === undefined) continue;
        if (field === 'tags') set.tags = cleanTags(v as string[] | undefined);
        else if (field === 'lifecycleStage') {
          if (v === null) throw invalid('lifecycleStage', 'cannot be cleared');
          set[col] = v;
        } else if (field === 'companyId' || field === 'ownerId' || field === 'birthday') set[col] = v;
        else set[col] = str(v);
      }
      await this.checkRefs(trx, ws, patch);
      // A company chosen by hand wins over the one a company delete unlinked (see Companies.restore).
      if (patch.companyId !== undefined && existing) set.unlinked_company_id = null;
      if (patch.externalId !== undefined) await this.checkExternalId(trx, ws, patch.externalId, live);
      if (patch.customFields !== undefined)
        set.custom_fields = JSON.stringify(applyCustomFields(row.custom_fields, await this.customFields.validate(trx, ws, 'person', patch.customFields ?? {})));
      const given = normalizeContacts(patch.emails ?? [], patch.phones ?? []);
      const emails = patch.emails !== undefined ? given.emails : row.emails;
      const phones = patch.phones !== undefined ? given.phones : row.phones;
      if (patch.emails !== undefined || patch.phones !== undefined) {
        await this.claim(trx, actor, live, emails, phones);
        const removed = [
          ...row.emails.filter((e) => !emails.includes(e)).map((value) => ({ kind: 'email' as const, value })),
          ...row.phones.filter((p) => !phones.includes(p)).map((value) => ({ kind: 'phone' as const, value })),
        ];
        await this.directory.detach(trx, ws, live, removed);
        await this.directory.attach(trx, ws, live, identitiesOf(emails, phones).map(({ kind, value }) => ({ kind, value })));
        set.emails = emails;
        set.phones = phones;
      }
      const merged = { ...row, ...set } as PeopleRow;
      set.search = await this.searchOf(trx, ws, merged);
      const now = new Date();
      set.updated_at = now;
      if (existing) await trx.updateTable('crm_people').set(set).where('workspace_id', '=', ws).where('person_id', '=', live).execute();
      else
        await trx
          .insertInto('crm_people')
          .values({ ...rowValues(merged), ...set, workspace_id: ws, person_id: live, created_at: now } as any)
          .execute();
      const after = await this.get(ws, live, trx);
      const changed = PERSON_FIELDS.filter((f) => JSON.stringify(before[f as keyof typeof before]) !== JSON.stringify(after[f as keyof typeof after]));
      if (changed.length || !existing) {
        const fields = Object.fromEntries(changed.map((f) => [f, after[f as keyof typeof after]]));
        await this.directory.appendEvents(trx, ws, [{ personId: live, type: 'change', event: existing ? 'person.updated' : 'person.created', properties: { fields }, occurredAt: now }]);
        await this.deps.audit.record(trx, actor, { action: existing ? 'update' : 'create', entityType: 'person', entityId: live, before: existing ? before : null, after, record: after });
      }
      return after;
    });
  }

  /** Removes the person from the CRM (soft delete); the CDP person, its identities and events stay. */
  async delete(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      if (!row) throw notFound('Person');
      const before = (await this.views(trx, ws, [row]))[0];
      const now = new Date();
      await trx.updateTable('crm_people').set({ deleted_at: now, updated_at: now }).where('workspace_id', '=', ws).where('person_id', '=', row.person_id).execute();
      await this.directory.appendEvents(trx, ws, [{ personId: row.person_id, type: 'change', event: 'person.deleted', properties: { fields: {} }, occurredAt: now }]);
      await this.deps.audit.record(trx, actor, { action: 'delete', entityType: 'person', entityId: row.person_id, before, record: before });
    });
  }

  /**
   * Brings a person deleted from the CRM back, as they were (their CRM row was only marked deleted).
   * 404: no CRM row at all. 409 CONFLICT naming the field: not deleted (`deletedAt`; a create or an
   * import that adopted the person's identities has already brought them back), an email or phone of
   * theirs that now belongs to another live CRM person (`emails.N`/`phones.N`), merged into another
   * person since (`id`: undo the merge instead), or an external id another live person holds now
   * (`externalId`). Ones a tracked-only person holds now are merged in, as create does. Answers the
   * person as GET /people/{id} does.
   */
  async restore(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    const personId = await this.deps.db.transaction().execute(async (trx) => {
      await this.directory.lock(trx, ws);
      const row = await trx.selectFrom('crm_people').selectAll().where('workspace_id', '=', ws).where('person_id', '=', id).forUpdate().executeTakeFirst();
      const live = await this.directory.liveId(trx, ws, id);
      if (!row || !row.deleted_at) {
        // A merged-away id names its survivor, as GET does.
        if (row || (live && (await this.row(trx, ws, live)))) throw notDeleted('person');
        throw notFound('Person');
      }
      const ids = identitiesOf(row.emails, row.phones);
      const owners = await this.directory.resolve(trx, ws, ids.map(({ kind, value }) => ({ kind, value })));
      for (const i of ids) {
        const owner = owners.get(identityKey(i.kind, i.value));
        if (owner && owner !== id && (await this.row(trx, ws, owner))) {
          const field = i.kind === 'email' ? 'email' : 'phone';
          throw new AppError('CONFLICT', `${i.path}: this ${field} belongs to another person (${owner})`, [{ path: i.path, message: 'belongs to another person', existingId: owner } as ErrorDetail]);
        }
      }
      if (live !== id)
        throw new AppError('CONFLICT', `id: this person was merged into ${live}; undo the merge to bring them back`, [{ path: 'id', message: 'merged into another person', existingId: live } as ErrorDetail]);
      await this.checkExternalId(trx, ws, row.external_id, id);
      await this.claim(trx, actor, id, row.emails, row.phones);
      await this.directory.attach(trx, ws, id, ids.map(({ kind, value }) => ({ kind, value })));
      const now = new Date();
      const search = await this.searchOf(trx, ws, row);
      await trx.updateTable('crm_people').set({ deleted_at: null, updated_at: now, search }).where('workspace_id', '=', ws).where('person_id', '=', id).execute();
      const after = await this.get(ws, id, trx);
      await this.directory.appendEvents(trx, ws, [{ personId: id, type: 'change', event: 'person.restored', properties: { fields: {} }, occurredAt: now }]);
      await this.deps.audit.record(trx, actor, { action: 'restore', entityType: 'person', entityId: id, after, record: after });
      return id;
    });
    return this.detail(ws, personId);
  }

  /**
   * People deleted from the CRM, newest deletion first, keyset-paginated on (deletedAt, id); each
   * view carries `deletedAt`. People merged into another (whose row a merge retired) are not listed:
   * undoing the merge is what brings them back. `q`: every word must be a substring of the search
   * text (names, emails, phones, company, position, city); no typo fallback.
   */
  async listDeleted(ws: string, q: { limit: number; cursor?: string; q?: string }) {
    const conds: RawBuilder<unknown>[] = [];
    const words = q.q?.trim() ? parseQuery(q.q).text.split(' ').filter(Boolean) : [];
    for (const w of words) conds.push(sql`p.search LIKE ${`%${likeEscape(w)}%`}`);
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (c) {
      if (typeof c.t !== 'string' || Number.isNaN(Date.parse(c.t)) || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw invalid('cursor', 'malformed cursor');
      conds.push(sql`(p.deleted_at, p.person_id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    }
    const rows = (
      await sql<PeopleRow & { deleted_at: Date }>`
        SELECT p.* FROM crm_people p
        WHERE p.workspace_id = ${ws} AND p.deleted_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM crm_merges m WHERE m.workspace_id = p.workspace_id AND m.from_person = p.person_id AND m.undone_at IS NULL)
          ${conds.length ? sql`AND ${sql.join(conds, sql` AND `)}` : sql``}
        ORDER BY p.deleted_at DESC, p.person_id DESC LIMIT ${q.limit + 1}
      `.execute(this.deps.db)
    ).rows;
    const page = keysetPage(rows, q.limit, (r) => r, (last) => ({ t: exactTime(last.deleted_at), id: last.person_id }));
    const views = await this.views(this.deps.db, ws, page.data);
    return { data: views.map((v, i) => ({ ...v, deletedAt: page.data[i].deleted_at })), nextCursor: page.nextCursor };
  }

  /**
   * The CDP's identities hook (directory.onIdentitiesAdded): an email or phone that tracking gave a
   * CRM person (an identify's traits) joins the person's list and search text, so that the card,
   * the list and the search show what the identity graph knows. Deleted CRM rows stay as they are.
   */
  async onIdentitiesAdded(trx: Tx, ws: string, added: AddedIdentity[]) {
    const ids = [...new Set(added.map((a) => a.personId))];
    const rows = await trx
      .selectFrom('crm_people')
      .select(['person_id', 'first_name', 'last_name', 'emails', 'phones', 'company_id', 'position', 'city'])
      .where('workspace_id', '=', ws)
      .where('person_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute();
    if (!rows.length) return;
    const companyIds = [...new Set(rows.map((r) => r.company_id).filter(Boolean))] as string[];
    const names = new Map<string, string>();
    if (companyIds.length)
      for (const c of await trx.selectFrom('crm_companies').select(['id', 'name']).where('workspace_id', '=', ws).where('id', 'in', companyIds).where('deleted_at', 'is', null).execute()) names.set(c.id, c.name);
    const updates = [];
    for (const r of rows) {
      const mine = added.filter((a) => a.personId === r.person_id);
      const emails = [...new Set([...r.emails, ...mine.filter((a) => a.kind === 'email').map((a) => a.value)])];
      const phones = [...new Set([...r.phones, ...mine.filter((a) => a.kind === 'phone').map((a) => a.value)])];
      if (emails.length === r.emails.length && phones.length === r.phones.length) continue;
      const next = { ...r, emails, phones };
      updates.push({ id: r.person_id, emails, phones, search: searchOfRow(next, r.company_id ? (names.get(r.company_id) ?? null) : null) });
    }
    if (!updates.length) return;
    await sql`
      UPDATE crm_people p SET emails = x.emails, phones = x.phones, search = x.search, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, emails text[], phones text[], search text)
      WHERE p.workspace_id = ${ws} AND p.person_id = x.id
    `.execute(trx);
  }

  /** Rebuilds the search text of a company's people (its name is part of it). */
  async reindexCompany(trx: DbOrTx, ws: string, companyId: string) {
    const rows = await trx
      .selectFrom('crm_people')
      .select(['person_id', 'first_name', 'last_name', 'emails', 'phones', 'company_id', 'position', 'city'])
      .where('workspace_id', '=', ws)
      .where('company_id', '=', companyId)
      .execute();
    if (!rows.length) return;
    const company = await trx.selectFrom('crm_companies').select(['name', 'deleted_at']).where('workspace_id', '=', ws).where('id', '=', companyId).executeTakeFirst();
    const name = company && !company.deleted_at ? company.name : null;
    const updates = rows.map((r) => ({ id: r.person_id, search: searchOfRow(r, name) }));
    await sql`
      UPDATE crm_people p SET search = x.search
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, search text)
      WHERE p.workspace_id = ${ws} AND p.person_id = x.id
    `.execute(trx);
  }

  /** The `search` column of a person (names, emails, phone forms, company name, position, city). */
  async searchOf(trx: DbOrTx, ws: string, r: Pick<PeopleRow, 'first_name' | 'last_name' | 'emails' | 'phones' | 'company_id' | 'position' | 'city'>) {
    const company = r.company_id
      ? await trx.selectFrom('crm_companies').select('name').where('workspace_id', '=', ws).where('id', '=', r.company_id).where('deleted_at', 'is', null).executeTakeFirst()
      : undefined;
    return searchOfRow(r, company?.name ?? null);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Takes emails and phones for `selfId` (null: a person about to be created), under the identity
   * lock: one on another live CRM person → 409 naming it; ones on tracked-only persons → the first
   * of them is adopted (returned, when creating) and the others are merged into it (or into
   * `selfId`), as the CDP would on an identify call naming them together.
   */
  private async claim(trx: Tx, actor: Actor, selfId: string | null, emails: string[], phones: string[]): Promise<string | null> {
    const ws = actor.workspaceId;
    const ids = identitiesOf(emails, phones);
    const owners = await this.directory.resolve(trx, ws, ids.map(({ kind, value }) => ({ kind, value })));
    const others = new Map<string, string>();
    for (const i of ids) {
      const owner = owners.get(identityKey(i.kind, i.value));
      if (owner && owner !== selfId && !others.has(owner)) others.set(owner, i.path);
    }
    if (!others.size) return null;
    const crm = new Set(
      (
        await trx
          .selectFrom('crm_people')
          .select('person_id')
          .where('workspace_id', '=', ws)
          .where('person_id', 'in', [...others.keys()])
          .where('deleted_at', 'is', null)
          .execute()
      ).map((r) => r.person_id),
    );
    for (const [owner, path] of others)
      if (crm.has(owner)) {
        const field = path.startsWith('emails') ? 'email' : 'phone';
        throw new AppError('CONFLICT', `${path}: this ${field} belongs to another person (${owner})`, [{ path, message: `belongs to another person`, existingId: owner } as ErrorDetail]);
      }
    const [first, ...rest] = [...others.keys()];
    const into = selfId ?? first;
    for (const from of selfId ? [first, ...rest] : rest) await this.directory.merge(trx, actor, from, into, 'crm: identifiers of one contact');
    return selfId ? null : first;
  }

  private async checkRefs(trx: DbOrTx, ws: string, input: PersonInput) {
    await assertCompany(trx, ws, input.companyId);
    await assertMember(trx, ws, input.ownerId, 'ownerId');
  }

  private async checkExternalId(trx: DbOrTx, ws: string, externalId: string | null | undefined, selfId: string | null) {
    const ext = str(externalId);
    if (!ext) return;
    const hit = await trx.selectFrom('crm_people').select('person_id').where('workspace_id', '=', ws).where('external_id', '=', ext).where('deleted_at', 'is', null).executeTakeFirst();
    if (hit && hit.person_id !== selfId)
      throw new AppError('CONFLICT', `externalId: already used by person ${hit.person_id}`, [{ path: 'externalId', message: 'already used by another person', existingId: hit.person_id } as ErrorDetail]);
  }

  /** A CRM row for a tracked-only person, from their identities and traits (not stored). */
  private async trackedRow(trx: DbOrTx, ws: string, personId: string, traits: Record<string, unknown>): Promise<PeopleRow> {
    const identities = await this.directory.identitiesOf(trx, ws, personId);
    const now = new Date();
    return {
      workspace_id: ws,
      person_id: personId,
      first_name: str(traits.firstName ?? traits.first_name),
      last_name: str(traits.lastName ?? traits.last_name),
      emails: identities.filter((i) => i.kind === 'email').map((i) => i.value),
      phones: identities.filter((i) => i.kind === 'phone').map((i) => i.value),
      company_id: null,
      position: null,
      owner_id: null,
      lifecycle_stage: 'lead',
      source: null,
      street: null,
      city: null,
      region: null,
      country: null,
      postal_code: null,
      birthday: null,
      tags: [],
      custom_fields: {},
      external_id: null,
      search: '',
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
  }
}

function searchOfRow(r: Pick<PeopleRow, 'first_name' | 'last_name' | 'emails' | 'phones' | 'position' | 'city'>, companyName: string | null) {
  return searchText({ texts: [r.first_name, r.last_name, companyName, r.position, r.city], emails: r.emails, phones: r.phones });
}

/** The insertable columns of a row (for storing a tracked-only person's first CRM row). */
function rowValues(r: PeopleRow) {
  const { workspace_id: _w, person_id: _p, created_at: _c, updated_at: _u, ...rest } = r;
  return { ...rest, custom_fields: JSON.stringify(r.custom_fields) };
}

function cleanTags(tags: string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const t of tags ?? []) {
    const s = t.trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length) || (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length);

function bound(v: string, path: string, end = false): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime())) throw invalid(path, 'not a valid date');
    return new Date(d.getTime() + (end ? 86_400_000 : 0)).toISOString();
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalid(path, 'not a valid date or date-time');
  return d.toISOString();
}

/** The person view of someone only tracked so far: identities and traits, CRM fields empty. */
function trackedView(profile: { id: string; identities: { kind: string; value: string }[]; traits: Record<string, unknown>; createdAt: Date | string; updatedAt: Date | string }) {
  const emails = profile.identities.filter((i) => i.kind === 'email').map((i) => i.value);
  const phones = profile.identities.filter((i) => i.kind === 'phone').map((i) => i.value);
  const t = profile.traits;
  const firstName = str(t.firstName ?? t.first_name);
  const lastName = str(t.lastName ?? t.last_name);
  return {
    id: profile.id,
    firstName,
    lastName,
    name: (firstName || lastName ? displayName(firstName, lastName) : str(t.name)) ?? displayName(null, null, emails, phones),
    emails,
    phones,
    companyId: null,
    company: null,
    position: null,
    ownerId: null,
    owner: null,
    lifecycleStage: null,
    source: null,
    street: null,
    city: null,
    region: null,
    country: null,
    postalCode: null,
    birthday: null,
    tags: [],
    customFields: {},
    externalId: null,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}

