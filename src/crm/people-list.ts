import { sql, type RawBuilder } from 'kysely';
import { invalid } from '../core/errors.ts';
import { decodeCursor, keysetPage, sortKeyOf } from '../core/http/pagination.ts';
import { exactTime } from '../core/db/exact-time.ts';
import { normalizeEmail } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { CustomFields } from './custom-fields.ts';
import { customFieldFilter } from './custom-fields.ts';
import { personViews, type PeopleRow } from './people-fields.ts';
import type { PeopleSearch } from './people-search.ts';
import { likeEscape, parseQuery } from './search-text.ts';

export const PEOPLE_SORTS = ['createdAt', 'updatedAt', 'lastName', 'firstName', 'city', 'lifecycleStage'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

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

/**
 * Sort keys: a non-null expression (so row-value keyset comparisons hold) matching an index of
 * migration 0211 or 0201 exactly, its SQL type, and the cursor value of a row.
 */
const SORTS: Record<
  PeopleSort,
  { expr: RawBuilder<unknown>; cast: string; value: ((r: PeopleRow) => string) | 'sql' }
> = {
  createdAt: { expr: sql`p.created_at`, cast: 'timestamptz', value: (r) => exactTime(r.created_at) },
  updatedAt: { expr: sql`p.updated_at`, cast: 'timestamptz', value: (r) => exactTime(r.updated_at) },
  // lower() keys come from PostgreSQL itself (sortKeyOf): JavaScript's toLowerCase differs on some
  // letters (İ, a final Σ), and a cursor that does not equal the index key skips or repeats rows.
  lastName: { expr: sql`coalesce(lower(p.last_name), '')`, cast: 'text', value: 'sql' },
  firstName: { expr: sql`coalesce(lower(p.first_name), '')`, cast: 'text', value: 'sql' },
  city: { expr: sql`coalesce(lower(p.city), '')`, cast: 'text', value: 'sql' },
  lifecycleStage: { expr: sql`p.lifecycle_stage`, cast: 'text', value: (r) => r.lifecycle_stage },
};

/** The people list: filters, sort orders with keyset pages, text search (people-search.ts), counts, and the deleted ones. */
export class PeopleList {
  constructor(
    private deps: CrmDeps,
    private customFields: CustomFields,
    private search: PeopleSearch,
  ) {}

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
      if (typeof c.v !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id))
        throw invalid('cursor', 'malformed cursor');
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
    } else rows = await this.search.textPage(ws, whereOf, sort.expr, dir, textWords, like, likeUnindexed, q.limit);
    if (!rows.rows.length && parsed && !exactIds && !parsed.phone && !c && parsed.text.length >= 3)
      return this.search.fuzzy(ws, filters, parsed.text, q.limit);
    const lastRow = rows.rows.length > q.limit ? rows.rows[q.limit - 1] : null;
    const lastKey =
      lastRow && sort.value === 'sql'
        ? await sortKeyOf(
            this.deps.db,
            sort.expr,
            sql`crm_people p WHERE p.workspace_id = ${ws} AND p.person_id = ${lastRow.person_id}`,
          )
        : null;
    return keysetPage(
      await personViews(this.deps.db, ws, rows.rows),
      q.limit,
      (v) => v,
      (last) => {
        const row = rows.rows.find((r) => r.person_id === last.id)!;
        return { v: sort.value === 'sql' ? lastKey : sort.value(row), id: row.person_id };
      },
    );
  }

  /**
   * How many people the filters select (no text search: its typo-tolerant fallback has no exact
   * count). Counting stops at `cap`: past it the answer is "more than cap" (`exact: false`), so a
   * million-row workspace is not scanned to print one number.
   */
  async count(
    ws: string,
    q: Omit<PeopleListQuery, 'limit' | 'q' | 'cursor' | 'sort' | 'order'>,
    cap = COUNT_CAP,
  ): Promise<{ count: number; exact: boolean }> {
    const conds = await this.filters(ws, { ...q, limit: 1 } as PeopleListQuery);
    const where = sql`p.workspace_id = ${ws} AND p.deleted_at IS NULL ${conds.length ? sql`AND ${sql.join(conds, sql` AND `)}` : sql``}`;
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM crm_people p WHERE ${where} LIMIT ${cap + 1}) x`.execute(
      this.deps.db,
    );
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
      for (const [key, value] of cf)
        out.push(sql`p.custom_fields @> ${JSON.stringify(customFieldFilter(defs, key, value))}::jsonb`);
    }
    return out;
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
      if (
        typeof c.t !== 'string' ||
        Number.isNaN(Date.parse(c.t)) ||
        typeof c.id !== 'string' ||
        !/^[0-9a-f-]{36}$/i.test(c.id)
      )
        throw invalid('cursor', 'malformed cursor');
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
    const page = keysetPage(
      rows,
      q.limit,
      (r) => r,
      (last) => ({ t: exactTime(last.deleted_at), id: last.person_id }),
    );
    const views = await personViews(this.deps.db, ws, page.data);
    return { data: views.map((v, i) => ({ ...v, deletedAt: page.data[i].deleted_at })), nextCursor: page.nextCursor };
  }
}

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
