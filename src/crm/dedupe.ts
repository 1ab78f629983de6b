import { sql, type Selectable } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import type { CrmDeps } from './crm.ts';
import type { CrmMergesTable } from './tables.ts';
import type { People, PeopleRow } from './people.ts';

/** Fields a merge can take from either person; unchosen ones keep this person's value, or the other's where this one is empty. */
export const MERGE_FIELDS = {
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
  externalId: 'external_id',
  customFields: 'custom_fields',
} as const;
export type MergeField = keyof typeof MERGE_FIELDS;

/** CRM rows that follow a person through a merge (and back on undo), by table. */
const MOVED_TABLES = ['crm_activities', 'crm_deals', 'crm_consents', 'crm_cadences'] as const;
type MovedTable = (typeof MOVED_TABLES)[number];

type MergeRow = Selectable<CrmMergesTable>;
const mergeView = (m: MergeRow) => ({
  id: m.id,
  fromPerson: m.from_person,
  intoPerson: m.into_person,
  cdpMergeId: m.cdp_merge_id,
  choices: m.choices as Record<string, 'this' | 'other'>,
  moved: Object.fromEntries(Object.entries(m.moved as Record<string, string[]>).map(([t, ids]) => [t.replace(/^crm_/, ''), ids.length])),
  actor: m.actor,
  createdAt: m.created_at,
  undoneAt: m.undone_at,
});

const empty = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length);
const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Duplicates: suggestions (same email or phone — possible through tracked persons adopted later —,
 * the same name at the same company, or a similar one), "not a duplicate" dismissals, and merges
 * that keep what unmerge needs to restore both people exactly (both rows as they were, and which
 * activities, deals, consents and cadences moved).
 */
export class Dedupe {
  constructor(
    private deps: CrmDeps,
    private people: People,
  ) {}

  async suggestions(ws: string, q: { limit: number; cursor?: string }) {
    const c = decodeCursor<{ s: string; a: string; b: string }>(q.cursor);
    if (c && (typeof c.s !== 'string' || !/^\d+(\.\d+)?$/.test(c.s) || typeof c.a !== 'string' || typeof c.b !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.a) || !/^[0-9a-f-]{36}$/i.test(c.b))) throw invalid('cursor', 'malformed cursor');
    const name = (t: string) => sql.raw(`translate(lower(trim(coalesce(${t}.first_name, '') || ' ' || coalesce(${t}.last_name, ''))), 'ё', 'е')`);
    const r = await sql<{ a: string; b: string; reasons: string[]; score: string }>`
      WITH live AS (
        SELECT person_id, emails, phones, company_id, first_name, last_name FROM crm_people WHERE workspace_id = ${ws} AND deleted_at IS NULL
      ), emails AS (
        SELECT person_id, unnest(emails) AS v FROM live
      ), phones AS (
        SELECT person_id, unnest(phones) AS v FROM live
      ), pairs AS (
        SELECT a.person_id AS a, b.person_id AS b, 'email' AS reason, 1.0 AS score FROM emails a JOIN emails b ON a.v = b.v AND a.person_id < b.person_id
        UNION ALL
        SELECT a.person_id, b.person_id, 'phone', 1.0 FROM phones a JOIN phones b ON a.v = b.v AND a.person_id < b.person_id
        UNION ALL
        SELECT a.person_id, b.person_id, 'name_company',
               CASE WHEN ${name('a')} = ${name('b')} THEN 0.9 ELSE round((0.8 * similarity(${name('a')}, ${name('b')}))::numeric, 3) END
        FROM live a JOIN live b ON a.company_id = b.company_id AND a.person_id < b.person_id
        WHERE a.company_id IS NOT NULL AND ${name('a')} <> '' AND ${name('b')} <> ''
          -- Blocking on the first letter keeps the trigram comparison off most pairs of a large company.
          AND (${name('a')} = ${name('b')} OR (left(${name('a')}, 1) = left(${name('b')}, 1) AND similarity(${name('a')}, ${name('b')}) >= 0.6))
      ), scored AS (
        SELECT a, b, array_agg(DISTINCT reason ORDER BY reason) AS reasons,
               round(least(1.0, max(score) + 0.05 * (count(DISTINCT reason) - 1))::numeric, 3) AS score
        FROM pairs p
        WHERE NOT EXISTS (SELECT 1 FROM crm_duplicate_dismissals d WHERE d.workspace_id = ${ws} AND d.person_a = p.a AND d.person_b = p.b)
        GROUP BY a, b
      )
      SELECT a, b, reasons, score::text AS score FROM scored
      ${c ? sql`WHERE (score < ${c.s}::numeric OR (score = ${c.s}::numeric AND (a, b) > (${c.a}::uuid, ${c.b}::uuid)))` : sql``}
      ORDER BY score DESC, a, b
      LIMIT ${q.limit + 1}
    `.execute(this.deps.db);
    const ids = [...new Set(r.rows.slice(0, q.limit).flatMap((p) => [p.a, p.b]))];
    const rows = ids.length ? await this.deps.db.selectFrom('crm_people').selectAll().where('workspace_id', '=', ws).where('person_id', 'in', ids).execute() : [];
    const views = new Map((await this.people.views(this.deps.db, ws, rows)).map((v) => [v.id, v]));
    return keysetPage(
      r.rows,
      q.limit,
      (p) => ({ a: views.get(p.a)!, b: views.get(p.b)!, reasons: p.reasons as ('email' | 'phone' | 'name_company')[], score: Number(p.score) }),
      (last) => ({ s: last.score, a: last.a, b: last.b }),
    );
  }

  /** "Not a duplicate": the pair stops being suggested. */
  async dismiss(actor: Actor, input: { a: string; b: string }) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const a = await this.deps.cdp.directory.liveId(trx, ws, input.a);
      if (!a) throw invalid('a', 'person not found');
      const b = await this.deps.cdp.directory.liveId(trx, ws, input.b);
      if (!b) throw invalid('b', 'person not found');
      if (a === b) throw invalid('b', 'is the same person as a');
      const [pa, pb] = a < b ? [a, b] : [b, a];
      await trx.insertInto('crm_duplicate_dismissals').values({ workspace_id: ws, person_a: pa, person_b: pb }).onConflict((oc) => oc.doNothing()).execute();
      await this.deps.audit.record(trx, actor, { action: 'dismissed', entityType: 'duplicate', entityId: pa, after: { a: pa, b: pb } });
    });
  }

  /**
   * Merges `otherId` into `id`: the CDP merge (identities, events, traits), the chosen fields,
   * emails, phones and tags united, and the other's activities, deals, consents and cadences moved.
   * The other person's CRM row is kept (deleted) for unmerge.
   */
  async merge(actor: Actor, id: string, input: { otherId: string; fields?: Partial<Record<MergeField, 'this' | 'other'>> }) {
    const ws = actor.workspaceId;
    const dir = this.deps.cdp.directory;
    return this.deps.db.transaction().execute(async (trx) => {
      const into = await this.people.row(trx, ws, id, true);
      if (!into) throw notFound('Person');
      const fromId = await dir.liveId(trx, ws, input.otherId);
      if (!fromId) throw invalid('otherId', 'person not found');
      if (fromId === into.person_id) throw invalid('otherId', 'is the same person');
      await dir.lock(trx, ws);
      const from = await this.people.row(trx, ws, fromId, true);
      if (!from) throw invalid('otherId', 'person is not in the CRM');
      const beforeInto = (await this.people.views(trx, ws, [into]))[0];
      const beforeFrom = (await this.people.views(trx, ws, [from]))[0];
      const choices: Record<string, 'this' | 'other'> = {};
      const set: Record<string, unknown> = {};
      for (const [field, col] of Object.entries(MERGE_FIELDS) as [MergeField, keyof PeopleRow][]) {
        const choice = input.fields?.[field] ?? (empty(into[col]) && !empty(from[col]) ? 'other' : 'this');
        choices[field] = choice;
        if (field === 'customFields') set.custom_fields = JSON.stringify(choice === 'other' ? { ...into.custom_fields, ...from.custom_fields } : { ...from.custom_fields, ...into.custom_fields });
        else set[col] = choice === 'other' ? from[col] : into[col];
      }
      set.emails = union(into.emails, from.emails);
      set.phones = union(into.phones, from.phones);
      set.tags = union(into.tags, from.tags);
      const now = new Date();
      // The other row goes first: its external id may move to the survivor (unique among live rows).
      await trx.updateTable('crm_people').set({ deleted_at: now, updated_at: now }).where('workspace_id', '=', ws).where('person_id', '=', from.person_id).execute();
      const cdpMergeId = await dir.merge(trx, actor, from.person_id, into.person_id, 'crm: merged duplicates');
      set.search = await this.people.searchOf(trx, ws, { ...into, ...(set as Partial<PeopleRow>) } as PeopleRow);
      set.updated_at = now;
      await trx.updateTable('crm_people').set(set).where('workspace_id', '=', ws).where('person_id', '=', into.person_id).execute();
      const moved: Record<string, string[]> = {};
      for (const table of MOVED_TABLES) moved[table] = await this.move(trx, ws, table, from.person_id, into.person_id, null);
      const mergeId = newId();
      await trx
        .insertInto('crm_merges')
        .values({
          workspace_id: ws,
          id: mergeId,
          from_person: from.person_id,
          into_person: into.person_id,
          cdp_merge_id: cdpMergeId,
          choices: JSON.stringify(choices),
          from_row: JSON.stringify(from),
          into_row: JSON.stringify(into),
          moved: JSON.stringify(moved),
          actor: actor.label,
        })
        .execute();
      const after = await this.people.get(ws, into.person_id, trx);
      await this.deps.audit.record(trx, actor, { action: 'delete', entityType: 'person', entityId: from.person_id, before: beforeFrom, record: { ...beforeFrom, mergedInto: into.person_id } });
      await this.deps.audit.record(trx, actor, { action: 'update', entityType: 'person', entityId: into.person_id, before: beforeInto, after, record: after });
      await this.deps.audit.record(trx, actor, { action: 'create', entityType: 'crm_merge', entityId: mergeId, after: { fromPerson: from.person_id, intoPerson: into.person_id, choices } });
      return { ...after, mergeId };
    });
  }

  /** Undoes a merge: the CDP merge, both CRM rows exactly as they were, and the moved rows moved back. */
  async undo(actor: Actor, mergeId: string) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const m = await trx.selectFrom('crm_merges').selectAll().where('workspace_id', '=', ws).where('id', '=', mergeId).forUpdate().executeTakeFirst();
      if (!m) throw notFound('Merge');
      if (m.undone_at) throw new AppError('CONFLICT', 'This merge has already been undone');
      await this.deps.cdp.directory.lock(trx, ws);
      if (m.cdp_merge_id) {
        try {
          await this.deps.cdp.directory.undoMerge(trx, actor, m.cdp_merge_id);
        } catch (e) {
          // Already undone from the CDP's merge history: the CRM part is still to be restored.
          if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
        }
      }
      // The survivor first: it gives back the other's external id (unique among live rows).
      await this.restore(trx, ws, m.into_row as unknown as PeopleRow);
      await this.restore(trx, ws, m.from_row as unknown as PeopleRow);
      const moved = m.moved as Record<string, string[]>;
      for (const table of MOVED_TABLES) if (moved[table]?.length) await this.move(trx, ws, table, m.into_person, m.from_person, moved[table]);
      const done = await trx.updateTable('crm_merges').set({ undone_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', mergeId).returningAll().executeTakeFirstOrThrow();
      const view = mergeView(done);
      const into = await this.people.get(ws, m.into_person, trx);
      const from = await this.people.get(ws, m.from_person, trx);
      await this.deps.audit.record(trx, actor, { action: 'undone', entityType: 'crm_merge', entityId: mergeId, before: { undoneAt: null }, after: { undoneAt: view.undoneAt } });
      await this.deps.audit.record(trx, actor, { action: 'create', entityType: 'person', entityId: from.id, after: from, record: from });
      return { ...view, into, from };
    });
  }

  /** The CRM merges a person took part in, newest first. */
  async list(ws: string, personId: string, q: { limit: number; cursor?: string }) {
    const live = await this.deps.cdp.directory.liveId(this.deps.db, ws, personId);
    if (!live) throw notFound('Person');
    const ids = [...new Set([live, personId])];
    let query = this.deps.db
      .selectFrom('crm_merges')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where((eb) => eb.or([eb('into_person', 'in', ids), eb('from_person', 'in', ids)]));
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) {
      if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw invalid('cursor', 'malformed cursor');
      query = query.where('id', '<', c.id);
    }
    const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
    return keysetPage(rows, q.limit, mergeView, (last) => ({ id: last.id }));
  }

  private async move(trx: Tx, ws: string, table: MovedTable, from: string, into: string, only: string[] | null): Promise<string[]> {
    let q = trx.updateTable(table).set({ person_id: into } as any).where('workspace_id', '=', ws).where('person_id', '=', from);
    if (only) q = q.where('id', 'in', only);
    const r = await q.returning('id').execute();
    return r.map((x) => x.id).sort();
  }

  /** Writes a stored row back exactly (dates and json from their JSON form). */
  private async restore(trx: Tx, ws: string, r: PeopleRow) {
    const { workspace_id: _w, person_id, ...rest } = r;
    const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
    await trx
      .updateTable('crm_people')
      .set({
        ...rest,
        custom_fields: JSON.stringify(r.custom_fields ?? {}),
        created_at: d(r.created_at)!,
        updated_at: d(r.updated_at)!,
        deleted_at: d(r.deleted_at),
      } as any)
      .where('workspace_id', '=', ws)
      .where('person_id', '=', person_id)
      .execute();
  }
}
