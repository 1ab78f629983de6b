import { sql } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import type { Row, UpsertBy } from './import-parsing.ts';
import { mergeInto, type Good, type WriteResult } from './import-writer.ts';
import { searchText } from './search-text.ts';

const COMPANY_COLS = [
  'name',
  'domain',
  'industry',
  'size',
  'phone',
  'website',
  'owner_id',
  'street',
  'city',
  'region',
  'country',
  'postal_code',
  'tags',
  'custom_fields',
  'external_id',
  'search',
] as const;
const COMPANY_SCALARS = [
  'name',
  'domain',
  'industry',
  'size',
  'phone',
  'website',
  'ownerId',
  'street',
  'city',
  'region',
  'country',
  'postalCode',
  'externalId',
];

/** Companies: matched by external id or (upserting by phone) phone, else created. */
export class CompaniesWriter {
  constructor(
    private ws: string,
    private upsertBy: UpsertBy,
  ) {}

  async write(trx: Tx, rows: Good[]): Promise<WriteResult> {
    const ws = this.ws;
    const rejected: WriteResult['rejected'] = [];
    if (!rows.length) return { created: 0, updated: 0, rejected };
    const extIds = [...new Set(rows.map((r) => r.value.externalId).filter(Boolean))] as string[];
    const phonesWanted =
      this.upsertBy === 'phone' ? ([...new Set(rows.map((r) => r.value.phone).filter(Boolean))] as string[]) : [];
    const found = await sql<Row>`
      SELECT * FROM crm_companies WHERE workspace_id = ${ws} AND deleted_at IS NULL
        AND (external_id = ANY(${extIds}::text[]) OR phone = ANY(${phonesWanted}::text[]))
      ORDER BY created_at`.execute(trx);
    const byExt = new Map<string, Row>();
    const byPhone = new Map<string, Row>();
    const byId = new Map<string, Row>(found.rows.map((c) => [c.id, c]));
    for (const c of found.rows) {
      if (c.external_id) byExt.set(c.external_id, c);
      if (c.phone && !byPhone.has(c.phone)) byPhone.set(c.phone, c);
    }
    const planned = new Map<string, { row: Row; isNew: boolean }>();
    const claimedExt = new Map<string, string>();
    const claimedPhone = new Map<string, string>();
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const v = r.value;
      let target: string | null = null;
      if (this.upsertBy === 'externalId' && v.externalId)
        target = claimedExt.get(v.externalId) ?? byExt.get(v.externalId)?.id ?? null;
      if (this.upsertBy === 'phone' && v.phone) target = claimedPhone.get(v.phone) ?? byPhone.get(v.phone)?.id ?? null;
      if (v.externalId) {
        const h = claimedExt.get(v.externalId) ?? byExt.get(v.externalId)?.id;
        if (h && h !== target) {
          rejected.push({
            n: r.n,
            cells: r.cells,
            code: 'external_id_taken',
            field: 'externalId',
            error: `externalId ${v.externalId} already belongs to another company`,
          });
          continue;
        }
      }
      const id = target ?? newId();
      let p = planned.get(id);
      if (!p) {
        const base = target ? (byId.get(target) ?? null) : null;
        p = { row: { ...(base ?? {}), id }, isNew: !base };
        planned.set(id, p);
        if (base) updated++;
        else created++;
      } else updated++; // counted per row (see PeopleWriter)
      p.row = { ...mergeInto(p.row, v, COMPANY_SCALARS), id };
      if (v.externalId) claimedExt.set(v.externalId, id);
      if (v.phone) claimedPhone.set(v.phone, id);
    }
    const out = [...planned.values()].map(({ row }) => {
      const o: Row = { id: row.id };
      for (const c of COMPANY_COLS) o[c] = row[c] ?? null;
      o.tags = row.tags ?? [];
      o.custom_fields = row.custom_fields ?? {};
      o.search = searchText({
        texts: [row.name, row.domain, row.website, row.city],
        phones: row.phone ? [row.phone] : [],
      });
      return o;
    });
    const types: Record<string, string> = { id: 'uuid', owner_id: 'uuid', tags: 'text[]', custom_fields: 'jsonb' };
    const cols = ['id', ...COMPANY_COLS];
    await sql`
      INSERT INTO crm_companies (workspace_id, ${sql.raw(cols.join(', '))})
      SELECT ${ws}, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb) AS x(${sql.raw(cols.map((c) => `${c} ${types[c] ?? 'text'}`).join(', '))})
      ON CONFLICT (workspace_id, id) DO UPDATE SET ${sql.raw(COMPANY_COLS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))}, updated_at = now()
    `.execute(trx);
    return { created, updated, rejected };
  }
}
