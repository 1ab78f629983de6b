import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage, sortKeyOf } from '../core/http/pagination.ts';
import { normalizePhone } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmCompaniesTable } from './tables.ts';
import { applyCustomFields, customFieldFilter, type CustomFields } from './custom-fields.ts';
import { notDeleted, type People } from './people.ts';
import { likeEscape, parseQuery, searchText } from './search-text.ts';
import { assertMember, userNames } from './refs.ts';
import { exactTime } from '../core/db/exact-time.ts';
import { cappedCount, LIST_COUNT_CAP, type ListCount } from './list-counts.ts';

export const COMPANY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

export interface CompanyInput {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  size?: string | null;
  phone?: string | null;
  website?: string | null;
  street?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  postalCode?: string | null;
  ownerId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  externalId?: string | null;
}

export interface CompanyListQuery {
  q?: string;
  limit: number;
  cursor?: string;
  sort?: CompanySort;
  order?: 'asc' | 'desc';
  ownerId?: string;
  industry?: string;
  city?: string;
  tag?: string;
  customFields?: Record<string, string>;
}

/** The list's filters: what GET /companies and GET /companies/count share. */
export type CompanyFilters = Pick<CompanyListQuery, 'ownerId' | 'industry' | 'city' | 'tag' | 'customFields'>;

type Row = Selectable<CrmCompaniesTable>;

const COLUMNS = {
  name: 'name',
  domain: 'domain',
  industry: 'industry',
  size: 'size',
  phone: 'phone',
  website: 'website',
  street: 'street',
  city: 'city',
  region: 'region',
  country: 'country',
  postalCode: 'postal_code',
  ownerId: 'owner_id',
  tags: 'tags',
  externalId: 'external_id',
} as const satisfies Record<string, keyof Row>;

const SORTS: Record<CompanySort, { expr: RawBuilder<unknown>; cast: string; value: ((r: Row) => string) | 'sql' }> = {
  // lower(name) comes from PostgreSQL (sortKeyOf): JavaScript lower-cases some letters differently.
  name: { expr: sql`lower(c.name)`, cast: 'text', value: 'sql' },
  createdAt: { expr: sql`c.created_at`, cast: 'timestamptz', value: (r) => exactTime(r.created_at) },
  updatedAt: { expr: sql`c.updated_at`, cast: 'timestamptz', value: (r) => exactTime(r.updated_at) },
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** `https://www.Example.com/path` → `example.com`: the form people compare domains in. */
export function normalizeDomain(v: string | null | undefined): string | null {
  const s = str(v);
  if (!s) return null;
  const host = s
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '');
  if (!/^[a-z0-9а-яё.-]+\.[a-zа-яё0-9-]{2,}$/i.test(host)) throw invalid('domain', 'not a valid domain');
  return host;
}

/** Companies: organisations people work at; their page rolls up people, deals and activity. */
export class Companies {
  constructor(
    private deps: CrmDeps,
    private customFields: CustomFields,
    private people: People,
  ) {}

  private async views(trx: DbOrTx, ws: string, rows: Row[]) {
    const owners = await userNames(
      trx,
      ws,
      rows.map((r) => r.owner_id),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      domain: r.domain,
      industry: r.industry,
      size: r.size,
      phone: r.phone,
      website: r.website,
      street: r.street,
      city: r.city,
      region: r.region,
      country: r.country,
      postalCode: r.postal_code,
      ownerId: r.owner_id,
      owner: r.owner_id && owners.has(r.owner_id) ? { id: r.owner_id, name: owners.get(r.owner_id)! } : null,
      tags: r.tags,
      customFields: r.custom_fields,
      externalId: r.external_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  private async row(trx: DbOrTx, ws: string, id: string, forUpdate = false) {
    let q = trx
      .selectFrom('crm_companies')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Company');
    return r;
  }

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    return (await this.views(trx, ws, [await this.row(trx, ws, id)]))[0];
  }

  /** The company with its rollups: people, open and won deals, the latest activity. */
  async detail(ws: string, id: string) {
    const db = this.deps.db;
    const view = await this.get(ws, id);
    const people = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = ${ws} AND company_id = ${id} AND deleted_at IS NULL`.execute(
      db,
    );
    const deals = await sql<{ status: string; currency: string; n: number; amount: string | number }>`
      SELECT status, currency, count(*)::int AS n, coalesce(sum(amount), 0) AS amount FROM crm_deals
      WHERE workspace_id = ${ws} AND company_id = ${id} AND deleted_at IS NULL AND status IN ('open', 'won')
      GROUP BY status, currency
      ORDER BY status, sum(amount) DESC NULLS LAST, currency
    `.execute(db);
    // The latest thing done: a task counts when it was done, not when it was set or falls due (an
    // open task for next week is not the company's last activity).
    const last = await sql<{ at: Date | null }>`
      SELECT max(CASE WHEN a.kind = 'task' THEN a.done_at ELSE a.occurred_at END) AS at FROM crm_activities a
      WHERE a.workspace_id = ${ws} AND a.deleted_at IS NULL
        AND (a.company_id = ${id} OR a.person_id IN (SELECT person_id FROM crm_people WHERE workspace_id = ${ws} AND company_id = ${id} AND deleted_at IS NULL))
    `.execute(db);
    // Amounts in different currencies cannot be added up: byCurrency has one total per currency
    // (largest first); `amount` stays the plain sum for clients written before it.
    const roll = (status: string) => {
      const rows = deals.rows.filter((d) => d.status === status);
      return {
        count: rows.reduce((a, r) => a + r.n, 0),
        amount: rows.reduce((a, r) => a + Number(r.amount), 0),
        byCurrency: rows.map((r) => ({ currency: r.currency, count: r.n, amount: Number(r.amount) })),
      };
    };
    return {
      ...view,
      peopleCount: people.rows[0].n,
      openDeals: roll('open'),
      wonDeals: roll('won'),
      lastActivityAt: last.rows[0]?.at ?? null,
    };
  }

  /** The list's filters (not the text search) as conditions on `c`. */
  private async filterConds(ws: string, q: CompanyFilters): Promise<RawBuilder<unknown>[]> {
    const conds: RawBuilder<unknown>[] = [];
    if (q.ownerId) conds.push(sql`c.owner_id = ${q.ownerId}::uuid`);
    if (q.industry) conds.push(sql`lower(c.industry) = ${q.industry.trim().toLowerCase()}`);
    if (q.city) conds.push(sql`lower(c.city) = ${q.city.trim().toLowerCase()}`);
    if (q.tag) conds.push(sql`c.tags @> ARRAY[${q.tag}::text]`);
    const cf = Object.entries(q.customFields ?? {});
    if (cf.length) {
      const defs = await this.customFields.defs(this.deps.db, ws, 'company');
      for (const [key, value] of cf)
        conds.push(sql`c.custom_fields @> ${JSON.stringify(customFieldFilter(defs, key, value))}::jsonb`);
    }
    return conds;
  }

  /**
   * How many companies the list's filters select (no text search: its typo-tolerant fallback has
   * no exact count), counted up to `cap` (then "more than cap").
   */
  async count(ws: string, q: CompanyFilters, cap = LIST_COUNT_CAP): Promise<ListCount> {
    const conds = await this.filterConds(ws, q);
    return cappedCount(
      this.deps.db,
      sql`crm_companies c WHERE c.workspace_id = ${ws} AND c.deleted_at IS NULL ${conds.length ? sql`AND ${sql.join(conds, sql` AND `)}` : sql``}`,
      cap,
    );
  }

  async list(ws: string, q: CompanyListQuery) {
    const sortKey = q.sort ?? 'name';
    const order = q.order ?? (sortKey === 'name' ? 'asc' : 'desc');
    const sort = SORTS[sortKey];
    const conds = await this.filterConds(ws, q);
    const filters = [...conds];
    const parsed = q.q?.trim() ? parseQuery(q.q) : null;
    if (parsed) {
      const words = parsed.text.split(' ').filter(Boolean);
      const text = words.length
        ? sql.join(
            words.map((w) => sql`c.search LIKE ${`%${likeEscape(w)}%`}`),
            sql` AND `,
          )
        : sql`false`;
      const digits = parsed.phone ? parsed.phone.replace(/\D/g, '') : null;
      conds.push(digits ? sql`c.search LIKE ${`%${digits}%`}` : sql`(${text})`);
    }
    const c = decodeCursor<{ v: string; id: string }>(q.cursor);
    if (c) {
      if (typeof c.v !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id))
        throw invalid('cursor', 'malformed cursor');
      if (sort.cast === 'timestamptz' && Number.isNaN(Date.parse(c.v))) throw invalid('cursor', 'malformed cursor');
      conds.push(
        sql`(${sort.expr}, c.id) ${order === 'desc' ? sql`<` : sql`>`} (${c.v}::${sql.raw(sort.cast)}, ${c.id}::uuid)`,
      );
    }
    const dir = sql.raw(order === 'desc' ? 'DESC' : 'ASC');
    const where = (list: RawBuilder<unknown>[]) => (list.length ? sql`AND ${sql.join(list, sql` AND `)}` : sql``);
    let rows = (
      await sql<Row>`
        SELECT c.* FROM crm_companies c WHERE c.workspace_id = ${ws} AND c.deleted_at IS NULL ${where(conds)}
        ORDER BY ${sort.expr} ${dir}, c.id ${dir} LIMIT ${q.limit + 1}
      `.execute(this.deps.db)
    ).rows;
    if (!rows.length && parsed && !c && parsed.text.length >= 3) {
      // Typo tolerance, as for people: best trigram word similarity first, one page.
      rows = await this.deps.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)`.execute(trx);
        const r = await sql<Row>`
          SELECT c.* FROM crm_companies c WHERE c.workspace_id = ${ws} AND c.deleted_at IS NULL AND c.search %> ${parsed.text} ${where(filters)}
          ORDER BY word_similarity(${parsed.text}, c.search) DESC, c.id LIMIT ${q.limit}
        `.execute(trx);
        return r.rows;
      });
      return { data: await this.views(this.deps.db, ws, rows), nextCursor: null };
    }
    const views = await this.views(this.deps.db, ws, rows);
    const lastRow = rows.length > q.limit ? rows[q.limit - 1] : null;
    const lastKey =
      lastRow && sort.value === 'sql'
        ? await sortKeyOf(
            this.deps.db,
            sort.expr,
            sql`crm_companies c WHERE c.workspace_id = ${ws} AND c.id = ${lastRow.id}`,
          )
        : null;
    return keysetPage(
      views,
      q.limit,
      (v) => v,
      (last) => {
        const r = rows.find((x) => x.id === last.id)!;
        return { v: sort.value === 'sql' ? lastKey : sort.value(r), id: r.id };
      },
    );
  }

  async create(actor: Actor, input: CompanyInput & { name: string }) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const fields = await this.clean(trx, ws, input, {});
      await this.checkExternalId(trx, ws, fields.external_id as string | null | undefined, null);
      const id = newId();
      const now = new Date();
      const values = {
        workspace_id: ws,
        id,
        name: fields.name as string,
        domain: null,
        industry: null,
        size: null,
        phone: null,
        website: null,
        street: null,
        city: null,
        region: null,
        country: null,
        postal_code: null,
        owner_id: actor.type === 'user' ? actor.id : null,
        tags: [],
        custom_fields: '{}',
        external_id: null,
        ...fields,
        created_at: now,
        updated_at: now,
      } as any;
      values.search = companySearch(values);
      await trx.insertInto('crm_companies').values(values).execute();
      const view = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'company',
        entityId: id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: CompanyInput) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      const before = (await this.views(trx, ws, [row]))[0];
      const set = await this.clean(trx, ws, patch, row.custom_fields);
      if (set.external_id !== undefined) await this.checkExternalId(trx, ws, set.external_id as string | null, id);
      if (!Object.keys(set).length) return before;
      const merged = { ...row, ...set };
      set.search = companySearch(merged as any);
      set.updated_at = new Date();
      await trx.updateTable('crm_companies').set(set).where('workspace_id', '=', ws).where('id', '=', id).execute();
      if (set.name !== undefined && set.name !== row.name) await this.people.reindexCompany(trx, ws, id);
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'company',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /**
   * Soft delete; its people stay and are unlinked (their company becomes empty; the company they were
   * unlinked from is remembered for restore), deals and activities keep the id.
   */
  async delete(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      const before = (await this.views(trx, ws, [row]))[0];
      const now = new Date();
      await trx
        .updateTable('crm_companies')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.people.reindexCompany(trx, ws, id);
      await sql`
        UPDATE crm_people SET company_id = NULL, unlinked_company_id = ${id}
        WHERE workspace_id = ${ws} AND company_id = ${id}
      `.execute(trx);
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'company',
        entityId: id,
        before,
        record: before,
      });
    });
  }

  /**
   * Brings a deleted company back as it was: the people its delete unlinked are linked again (those
   * linked to another company since, or whose company was changed by hand, stay as they are) and
   * their search text has its name again; deals and activities never lost the link. 404: no such
   * company; 409 naming the field: not deleted (`deletedAt`), or its external id is another live
   * company's now (`externalId`). Answers the company as GET /companies/{id} does.
   */
  async restore(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('crm_companies')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('Company');
      if (!row.deleted_at) throw notDeleted('company');
      await this.checkExternalId(trx, ws, row.external_id, id);
      const now = new Date();
      await trx
        .updateTable('crm_companies')
        .set({ deleted_at: null, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await sql`
        UPDATE crm_people SET company_id = CASE WHEN company_id IS NULL THEN unlinked_company_id ELSE company_id END, unlinked_company_id = NULL
        WHERE workspace_id = ${ws} AND unlinked_company_id = ${id}
      `.execute(trx);
      await this.people.reindexCompany(trx, ws, id);
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'restore',
        entityType: 'company',
        entityId: id,
        after,
        record: after,
      });
    });
    return this.detail(ws, id);
  }

  /**
   * Deleted companies, newest deletion first, keyset-paginated on (deletedAt, id); each view carries
   * `deletedAt`. `q`: every word a substring of the search text (name, domain, industry, city, phone).
   */
  async listDeleted(ws: string, q: { limit: number; cursor?: string; q?: string }) {
    const conds: RawBuilder<unknown>[] = [];
    const words = q.q?.trim() ? parseQuery(q.q).text.split(' ').filter(Boolean) : [];
    for (const w of words) conds.push(sql`c.search LIKE ${`%${likeEscape(w)}%`}`);
    const cur = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (cur) {
      if (
        typeof cur.t !== 'string' ||
        Number.isNaN(Date.parse(cur.t)) ||
        typeof cur.id !== 'string' ||
        !/^[0-9a-f-]{36}$/i.test(cur.id)
      )
        throw invalid('cursor', 'malformed cursor');
      conds.push(sql`(c.deleted_at, c.id) < (${cur.t}::timestamptz, ${cur.id}::uuid)`);
    }
    const rows = (
      await sql<Row & { deleted_at: Date }>`
        SELECT c.* FROM crm_companies c WHERE c.workspace_id = ${ws} AND c.deleted_at IS NOT NULL
          ${conds.length ? sql`AND ${sql.join(conds, sql` AND `)}` : sql``}
        ORDER BY c.deleted_at DESC, c.id DESC LIMIT ${q.limit + 1}
      `.execute(this.deps.db)
    ).rows;
    const page = keysetPage(
      rows,
      q.limit,
      (r) => r,
      (last) => ({ t: exactTime(last.deleted_at), id: last.id }),
    );
    const views = await this.views(this.deps.db, ws, page.data);
    return { data: views.map((v, i) => ({ ...v, deletedAt: page.data[i].deleted_at })), nextCursor: page.nextCursor };
  }

  /** Validated column values of an input (only the fields given). */
  private async clean(trx: DbOrTx, ws: string, input: CompanyInput, currentCustom: Record<string, unknown>) {
    const set: Record<string, unknown> = {};
    const problems: ErrorDetail[] = [];
    for (const [field, col] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
      const v = input[field];
      if (v === undefined) continue;
      if (field === 'name') {
        if (!str(v)) problems.push({ path: 'name', message: 'cannot be empty' });
        else set.name = str(v);
      } else if (field === 'tags')
        set.tags = [...new Set(((v as string[] | null) ?? []).map((t) => t.trim()).filter(Boolean))];
      else if (field === 'ownerId') set.owner_id = v;
      else if (field === 'domain') set.domain = normalizeDomain(v as string | null);
      else if (field === 'phone') {
        const s = str(v);
        const p = s ? normalizePhone(s) : null;
        if (s && !p) problems.push({ path: 'phone', message: 'not a valid phone number' });
        else set.phone = p;
      } else set[col] = str(v);
    }
    if (problems.length)
      throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
    await assertMember(trx, ws, input.ownerId, 'ownerId');
    if (input.customFields !== undefined)
      set.custom_fields = JSON.stringify(
        applyCustomFields(currentCustom, await this.customFields.validate(trx, ws, 'company', input.customFields)),
      );
    return set;
  }

  private async checkExternalId(trx: DbOrTx, ws: string, ext: string | null | undefined, selfId: string | null) {
    if (!ext) return;
    const hit = await trx
      .selectFrom('crm_companies')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('external_id', '=', ext)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (hit && hit.id !== selfId)
      throw new AppError('CONFLICT', `externalId: already used by company ${hit.id}`, [
        { path: 'externalId', message: 'already used by another company', existingId: hit.id } as ErrorDetail,
      ]);
  }
}

function companySearch(r: {
  name: string;
  domain: string | null;
  industry: string | null;
  city: string | null;
  website: string | null;
  phone: string | null;
}) {
  return searchText({ texts: [r.name, r.domain, r.industry, r.city], phones: r.phone ? [r.phone] : [] });
}
