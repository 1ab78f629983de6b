import { sql } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import { identityKey, type Identity } from '../cdp/index.ts';
import type { RowErrorCode } from './import-fields.ts';
import type { Row } from './import-parsing.ts';
import { foldText, searchText } from './search-text.ts';

/*
 * What the import job asks of a writer (one per entity: import-people.ts, import-companies.ts,
 * import-deals.ts) and the helpers they share. A writer gets a batch of parsed rows and writes them
 * with set-based SQL in the job's transaction.
 */

/** A row a writer refused, with why. */
export interface Rejected {
  n: number;
  cells: string[];
  error: string;
  code: RowErrorCode;
  field: string | null;
}

export interface WriteResult {
  created: number;
  updated: number;
  rejected: Rejected[];
  /** The batch's second transaction, when the writer splits its work in two (see PeopleWriter), and the persons it writes. */
  finish?: (trx: Tx) => Promise<void>;
  persons?: Set<string>;
  externalIds?: Set<string>;
}
export type Good = { n: number; cells: string[]; value: Row };

/** Company ids by name (case-insensitive), creating the missing ones: "Компания" columns of people and deals. */
export async function companyIds(
  trx: Tx,
  ws: string,
  names: string[],
  known?: Map<string, string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (known)
    names = names.filter((n) => {
      const id = known.get(foldText(n));
      if (id) out.set(foldText(n), id);
      return !id;
    });
  if (!names.length) return out;
  // Matched on lower(name) (indexed); both the typed form and the ё-folded one are asked for.
  const want = [...new Set(names.flatMap((n) => [n.trim().toLowerCase(), foldText(n)]))];
  const found = await sql<{ id: string; k: string }>`
    SELECT DISTINCT ON (lower(name)) id, lower(name) AS k FROM crm_companies
    WHERE workspace_id = ${ws} AND lower(name) = ANY(${want}::text[]) AND deleted_at IS NULL
    ORDER BY lower(name), created_at`.execute(trx);
  for (const r of found.rows) out.set(foldText(r.k), r.id);
  const fresh: { id: string; name: string; search: string }[] = [];
  for (const n of names) {
    const k = foldText(n);
    if (out.has(k)) continue;
    const id = newId();
    out.set(k, id);
    fresh.push({ id, name: n.trim(), search: searchText({ texts: [n] }) });
  }
  if (fresh.length)
    await sql`INSERT INTO crm_companies (workspace_id, id, name, search)
      SELECT ${ws}, x.id, x.name, x.search FROM jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) AS x(id uuid, name text, search text)`.execute(
      trx,
    );
  if (known) for (const [k, id] of out) known.set(k, id);
  return out;
}

export const FIELD_COLUMN: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
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
  externalId: 'external_id',
  name: 'name',
  domain: 'domain',
  industry: 'industry',
  size: 'size',
  phone: 'phone',
  website: 'website',
  title: 'title',
  amount: 'amount',
  currency: 'currency',
  probability: 'probability',
  expectedClose: 'expected_close',
  campaign: 'campaign',
  closeReason: 'close_reason',
};

/** Existing values, overwritten by the row's non-empty cells; list fields are united. */
export function mergeInto(existing: Row | null, v: Row, scalar: string[]): Row {
  const out: Row = existing ? { ...existing } : {};
  for (const f of scalar) {
    const col = FIELD_COLUMN[f];
    if (v[f] !== undefined && v[f] !== null) out[col] = v[f];
    else if (!(col in out)) out[col] = null;
  }
  const union = (a: string[] | undefined, b: string[]) => [...new Set([...(a ?? []), ...b])];
  out.tags = union(out.tags, v.tags ?? []);
  out.custom_fields = { ...(out.custom_fields ?? {}), ...(v.customFields ?? {}) };
  return out;
}

/** Each identity once, as resolve() takes them. */
export function dedupeIds(ids: Identity[]): Identity[] {
  const seen = new Set<string>();
  return ids.filter((i) => {
    const k = identityKey(i.kind, i.value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
