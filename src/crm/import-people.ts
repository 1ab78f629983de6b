import { sql } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import { identityKey, type Identity } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { Row, UpsertBy } from './import-parsing.ts';
import { companyIds, dedupeIds, mergeInto, type Good, type Rejected, type WriteResult } from './import-writer.ts';
import { foldText, searchText } from './search-text.ts';

const PEOPLE_COLS = [
  'first_name',
  'last_name',
  'emails',
  'phones',
  'company_id',
  'position',
  'owner_id',
  'lifecycle_stage',
  'source',
  'street',
  'city',
  'region',
  'country',
  'postal_code',
  'birthday',
  'tags',
  'custom_fields',
  'external_id',
  'search',
] as const;
const PEOPLE_TYPES: Record<string, string> = {
  emails: 'text[]',
  phones: 'text[]',
  tags: 'text[]',
  company_id: 'uuid',
  owner_id: 'uuid',
  birthday: 'date',
  custom_fields: 'jsonb',
};
const PERSON_SCALARS = [
  'firstName',
  'lastName',
  'position',
  'ownerId',
  'lifecycleStage',
  'source',
  'street',
  'city',
  'region',
  'country',
  'postalCode',
  'birthday',
  'externalId',
];

/**
 * People: identities (emails, phones) are resolved under the workspace's identity lock, so a batch
 * and live tracking never create the same person twice. A row whose email or phone already belongs
 * to a CRM person is that person when upserting by it, and a conflict otherwise (as in the API); a
 * tracked-only person with that identity is adopted.
 */
export class PeopleWriter {
  /** Company ids by folded name, found or made by earlier batches of this run (a file names the same companies again and again). */
  private companies = new Map<string, string>();
  /** Batches whose CRM rows a second transaction is still writing (split mode): their persons, and when they are done. */
  readonly inflight: { ids: Set<string>; ext: Set<string>; done: Promise<void> }[] = [];

  constructor(
    private deps: CrmDeps,
    private ws: string,
    private upsertBy: UpsertBy,
    /** Write the CRM rows in a second transaction that overlaps the next batch (a server with connections to spare). */
    private split = false,
  ) {}

  async write(trx: Tx, rows: Good[]): Promise<WriteResult> {
    const ws = this.ws;
    const dir = this.deps.cdp.directory;
    const rejected: WriteResult['rejected'] = [];
    if (!rows.length) return { created: 0, updated: 0, rejected };
    await dir.lock(trx, ws);
    const ids: Identity[] = [];
    for (const r of rows) {
      for (const e of r.value.emails) ids.push({ kind: 'email', value: e });
      for (const p of r.value.phones) ids.push({ kind: 'phone', value: p });
    }
    const owner = await dir.resolve(trx, ws, dedupeIds(ids));
    const extIds = [...new Set(rows.map((r) => r.value.externalId).filter(Boolean))] as string[];
    for (const f of [...this.inflight]) if (extIds.some((x) => f.ext.has(x))) await f.done;
    const byExt = new Map<string, string>();
    if (extIds.length) {
      const r = await sql<{ person_id: string; external_id: string }>`
        SELECT person_id, external_id FROM crm_people WHERE workspace_id = ${ws} AND external_id = ANY(${extIds}::text[]) AND deleted_at IS NULL`.execute(
        trx,
      );
      for (const x of r.rows) byExt.set(x.external_id, x.person_id);
    }
    // Which CRM rows exist for the persons the identities point at (live, deleted or none). A
    // person whose CRM row the previous batch is still writing is waited for, so that its row is
    // read as it will be (a repeated email is then a conflict or an update, never an adoption).
    const candidates = new Set<string>([...owner.values(), ...byExt.values()]);
    for (const f of [...this.inflight]) if ([...candidates].some((id) => f.ids.has(id))) await f.done;
    const existing = new Map<string, Row>();
    if (candidates.size) {
      const r =
        await sql<Row>`SELECT * FROM crm_people WHERE workspace_id = ${ws} AND person_id = ANY(${[...candidates]}::uuid[])`.execute(
          trx,
        );
      for (const x of r.rows) existing.set(x.person_id, x);
    }

    const isCrm = (pid: string) => !!existing.get(pid) && !existing.get(pid)!.deleted_at;

    // Plan in file order: each row → a target person (new or existing); later rows of the same
    // person (upsert) merge into the same target.
    const planned = new Map<string, { row: Row; isNew: boolean; wasCrm: boolean; newIds: Identity[] }>();
    const claimed = new Map<string, string>(); // identity/external id key → person id (this batch)
    let created = 0;
    let updated = 0;
    const claim = (k: string) => claimed.get(k) ?? owner.get(k);
    for (const r of rows) {
      const v = r.value;
      const keys = [
        ...v.emails.map((e: string) => identityKey('email', e)),
        ...v.phones.map((p: string) => identityKey('phone', p)),
      ];
      const extKey = v.externalId ? `ext\u0001${v.externalId}` : null;
      let target: string | null = null;
      if (this.upsertBy === 'email')
        target = v.emails.map((e: string) => claim(identityKey('email', e))).find(Boolean) ?? null;
      else if (this.upsertBy === 'phone')
        target = v.phones.map((p: string) => claim(identityKey('phone', p))).find(Boolean) ?? null;
      else if (this.upsertBy === 'externalId' && extKey)
        target = claimed.get(extKey) ?? byExt.get(v.externalId) ?? null;
      // Without a match, a tracked-only person holding one of the identities is adopted.
      if (!target) {
        const holder = keys.map(claim).find(Boolean);
        if (holder && !isCrm(holder) && !planned.has(holder)) target = holder;
      }
      let problem: Omit<Rejected, 'n' | 'cells'> | null = null;
      for (const k of keys) {
        const h = claim(k);
        if (h && h !== target && (isCrm(h) || planned.has(h))) {
          const [kind, value] = k.split('\u0001');
          problem = {
            code: 'identity_taken',
            field: kind,
            error: `${kind} ${value} already belongs to another person${this.upsertBy ? '' : ' (choose "update existing by email/phone" to update it)'}`,
          };
          break;
        }
      }
      if (!problem && extKey) {
        const h = claimed.get(extKey) ?? byExt.get(v.externalId);
        if (h && h !== target)
          problem = {
            code: 'external_id_taken',
            field: 'externalId',
            error: `externalId ${v.externalId} already belongs to another person`,
          };
      }
      if (problem) {
        rejected.push({ n: r.n, cells: r.cells, ...problem });
        continue;
      }
      const isNew = !target;
      const pid = target ?? newId();
      let p = planned.get(pid);
      if (!p) {
        const ex = existing.get(pid);
        const wasCrm = isCrm(pid);
        const base = wasCrm ? ex! : null;
        p = { row: mergeInto(base, {}, PERSON_SCALARS), isNew, wasCrm, newIds: [] };
        p.row.person_id = pid;
        p.row.emails = base?.emails ?? [];
        p.row.phones = base?.phones ?? [];
        planned.set(pid, p);
        if (wasCrm) updated++;
        else created++;
      } else updated++; // a later row of the same person: counted per row, as when it falls in a later batch
      p.row = {
        ...mergeInto(p.row, v, PERSON_SCALARS),
        person_id: pid,
        emails: [...new Set([...p.row.emails, ...v.emails])],
        phones: [...new Set([...p.row.phones, ...v.phones])],
        company_name: v.company ?? p.row.company_name,
      };
      for (const k of keys) {
        if (claim(k) === pid) continue;
        claimed.set(k, pid);
        const [kind, value] = k.split('\u0001');
        p.newIds.push({ kind: kind as Identity['kind'], value });
      }
      if (extKey) claimed.set(extKey, pid);
    }

    const companyNames = [...planned.values()].map((p) => p.row.company_name).filter(Boolean) as string[];
    const companies = await companyIds(trx, ws, companyNames, this.companies);
    // Kept people's company stays in their search text.
    const keptCompanies = [
      ...new Set(
        [...planned.values()]
          .filter((p) => !p.row.company_name && p.row.company_id)
          .map((p) => p.row.company_id as string),
      ),
    ];
    if (keptCompanies.length) {
      const r = await sql<{
        id: string;
        name: string;
      }>`SELECT id, name FROM crm_companies WHERE workspace_id = ${ws} AND id = ANY(${keptCompanies}::uuid[])`.execute(
        trx,
      );
      const names = new Map(r.rows.map((c) => [c.id, c.name]));
      for (const p of planned.values())
        if (!p.row.company_name && p.row.company_id) p.row.company_name_kept = names.get(p.row.company_id) ?? null;
    }

    const fresh = [...planned.entries()].filter(([, p]) => p.isNew);
    await dir.create(
      trx,
      ws,
      fresh.map(([id, p]) => ({ id, identities: p.newIds })),
    );
    const attach = [...planned.entries()]
      .filter(([, p]) => !p.isNew)
      .flatMap(([id, p]) => p.newIds.map((i) => ({ ...i, personId: id })));
    if (attach.length) {
      const taken = await dir.attachMany(trx, ws, attach);
      if (taken.length) throw new Error(`identities changed under the import lock: ${taken.length}`);
    }

    const out = [...planned.values()].map(({ row }) => {
      const companyId = row.company_name ? (companies.get(foldText(row.company_name)) ?? null) : row.company_id;
      const o: Row = { person_id: row.person_id };
      // Absent keys read as NULL in jsonb_to_recordset: a smaller document to build and to parse.
      for (const c of PEOPLE_COLS) if (row[c] !== null && row[c] !== undefined) o[c] = row[c];
      o.emails ??= [];
      o.phones ??= [];
      o.tags ??= [];
      o.custom_fields ??= {};
      o.company_id = companyId ?? null;
      o.lifecycle_stage = row.lifecycle_stage ?? 'lead';
      o.search = searchText({
        texts: [
          row.first_name,
          row.last_name,
          row.company_name ?? row.company_name_kept ?? null,
          row.position,
          row.city,
        ],
        emails: row.emails,
        phones: row.phones,
      });
      return o;
    });

    const cols = ['person_id', ...PEOPLE_COLS];
    const insert = async (t: Tx) => {
      await sql`
      INSERT INTO crm_people (workspace_id, ${sql.raw(cols.join(', '))})
      SELECT ${ws}, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb) AS x(${sql.raw(cols.map((c) => `${c} ${c === 'person_id' ? 'uuid' : (PEOPLE_TYPES[c] ?? 'text')}`).join(', '))})
      ON CONFLICT (workspace_id, person_id) DO UPDATE SET
        ${sql.raw(PEOPLE_COLS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))}, updated_at = now(), deleted_at = NULL
    `.execute(t);
    };
    if (!this.split) {
      await insert(trx);
      return { created, updated, rejected };
    }
    // Split: the persons and identities commit with this transaction, the CRM rows with the next
    // one, which runs while the following batch resolves its identities. A crash in between leaves
    // tracked-only persons, which the retried batch adopts (same ids): nothing is lost or doubled.
    return {
      created,
      updated,
      rejected,
      finish: insert,
      persons: new Set(out.map((o) => o.person_id as string)),
      externalIds: new Set(out.map((o) => o.external_id as string).filter(Boolean)),
    };
  }
}
