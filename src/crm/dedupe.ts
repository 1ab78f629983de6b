import { sql, type Selectable } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, encodeCursor, keysetPage } from '../core/http/pagination.ts';
import { yieldToEventLoop } from '../core/db/database.ts';
import { identityKey } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmMergesTable } from './tables.ts';
import type { People, PeopleRow } from './people.ts';
import type { MergeNotice } from '../cdp/index.ts';

/**
 * Work limits of duplicate suggestions (see Dedupe.suggestions): rows one statement reads, rows
 * one request reads at most, people a name is compared with (the sorted-neighbourhood window), and
 * the largest block (people sharing an email, a phone, or a name at a company) whose pairs are made.
 */
export const SCAN_CHUNK = 1000;
export const SCAN_BUDGET = 40_000;
export const WINDOW = 5;
export const BLOCK_CAP = 20;
const PASSES = ['contact', 'name', 'similar'] as const;
type Pass = (typeof PASSES)[number];
type Reason = 'email' | 'phone' | 'name_company';
type Cand = { id: string; company: string | null; name: string; emails?: string[]; phones?: string[] };
type ScoredPair = { a: string; b: string; reasons: Reason[]; score: number };
/** Where a page goes on: pass, the chunk's start key (after which it reads) and the identical-name run there, the last pair given. */
type PersonView = Awaited<ReturnType<People['views']>>[number];
type DedupeCursor = { p: number; k: unknown; r: number; s?: number; a?: string; b?: string };
export type SuggestionPage = {
  data: { a: PersonView; b: PersonView; reasons: Reason[]; score: number }[];
  nextCursor: string | null;
  scan: { rowsScanned: number; candidatesScored: number; chunks: number; complete: boolean };
};
/** The normalised name duplicates compare: the expression of index crm_people_dedupe_name_idx (migration 0217). */
const DEDUPE_NAME = sql.raw(
  `translate(lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), 'ё', 'е')`,
);
const UUID = /^[0-9a-f-]{36}$/i;
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const comesAfter = (p: ScoredPair, c: { s: number; a: string; b: string }) =>
  p.score < c.s || (p.score === c.s && (p.a > c.a || (p.a === c.a && p.b > c.b)));
function validCursor(c: DedupeCursor): boolean {
  if (!Number.isInteger(c.p) || c.p < 0 || c.p > PASSES.length || !Number.isInteger(c.r) || c.r < 0) return false;
  const k = c.k;
  const keyOk =
    k === null ||
    (typeof k === 'string' && UUID.test(k)) ||
    (Array.isArray(k) &&
      k.length === 3 &&
      typeof k[0] === 'string' &&
      UUID.test(k[0]) &&
      typeof k[1] === 'string' &&
      typeof k[2] === 'string' &&
      UUID.test(k[2]));
  if (!keyOk) return false;
  if (c.s === undefined && c.a === undefined && c.b === undefined) return true;
  return (
    typeof c.s === 'number' && typeof c.a === 'string' && UUID.test(c.a) && typeof c.b === 'string' && UUID.test(c.b)
  );
}

/** The origin the CRM's own merges and undos give the CDP, so that its merge hooks leave them alone. */
const CRM_ORIGIN = 'crm';

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
  moved: Object.fromEntries(
    Object.entries(m.moved as Record<string, string[]>).map(([t, ids]) => [t.replace(/^crm_/, ''), ids.length]),
  ),
  actor: m.actor,
  createdAt: m.created_at,
  undoneAt: m.undone_at,
});

const empty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length);
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

  /**
   * Duplicate suggestions by blocking keys, with bounded work per statement and per request.
   *
   * Nothing compares every pair of a company any more (2,000 people in one company took 20 s, 393k
   * ran for over 13 minutes). Candidate pairs come only from small blocks, in three passes, in
   * order of how strong the evidence is (the order pages come in):
   * 1. `contact`: the same email or phone (E.164) — score 1. People are walked by id, SCAN_CHUNK at a
   *    time; each one's emails and phones are looked up in the identity graph (an index probe each),
   *    and a row sharing a value with the identifier's owner, or with another row of the same chunk,
   *    is a candidate. A value shared by more than BLOCK_CAP people gives pairs for its first
   *    BLOCK_CAP only. (Two rows sharing a value that neither owns in the identity graph — legacy
   *    data — are found when they fall in one chunk.)
   * 2. `name`: the same normalised name at the same company — score 0.9.
   * 3. `similar`: a similar name at the same company (same first letter, trigram similarity ≥ 0.6) —
   *    score 0.8 × similarity.
   *    Passes 2 and 3 walk the company's people in name order (index crm_people_dedupe_name_idx,
   *    a sorted neighbourhood) and compare each person with the next WINDOW people of the same
   *    company only: a company of n people gives at most WINDOW·n candidates (5,000 people: at most
   *    25,000, not 12.5 million), and a run of identical names gives pairs for its first BLOCK_CAP
   *    members only.
   * A pair found by an earlier pass is not repeated by a later one; every pair is scored with all
   * its reasons. Within a chunk pairs come most likely first (score, then ids).
   *
   * Each statement reads at most SCAN_CHUNK (+WINDOW) rows, and one request at most SCAN_BUDGET
   * rows, yielding to the event loop between chunks (PGlite runs in this thread). A page can
   * therefore hold fewer than `limit` pairs — even none — with a `nextCursor` to go on scanning;
   * `scan` says how much this request looked at. The cursor is opaque: pass, chunk start, last pair.
   */
  async suggestions(ws: string, q: { limit: number; cursor?: string }): Promise<SuggestionPage> {
    const c = decodeCursor<DedupeCursor>(q.cursor);
    if (c && !validCursor(c)) throw invalid('cursor', 'malformed cursor');
    let at: DedupeCursor = c ?? { p: 0, k: null, r: 0 };
    const found: { pair: ScoredPair; at: DedupeCursor }[] = [];
    const stats = { rowsScanned: 0, candidatesScored: 0, chunks: 0 };
    let done = false;
    for (;;) {
      if (at.p >= PASSES.length) {
        done = true;
        break;
      }
      if (stats.chunks > 0) await yieldToEventLoop();
      const chunk = await this.chunk(ws, PASSES[at.p], at);
      stats.chunks++;
      stats.rowsScanned += chunk.rows;
      stats.candidatesScored += chunk.scored;
      const after = at.a && at.b && at.s !== undefined ? { s: at.s, a: at.a, b: at.b } : null;
      for (const pair of chunk.pairs)
        if (!after || comesAfter(pair, after)) found.push({ pair, at: { p: at.p, k: at.k, r: at.r } });
      if (found.length > q.limit) break;
      at = chunk.next ? { p: at.p, k: chunk.next.k, r: chunk.next.r } : { p: at.p + 1, k: null, r: 0 };
      if (stats.rowsScanned >= this.scanBudget) break;
    }
    const page = found.slice(0, q.limit);
    let nextCursor: string | null = null;
    if (found.length > q.limit) {
      const last = page[page.length - 1];
      nextCursor = encodeCursor({ ...last.at, s: last.pair.score, a: last.pair.a, b: last.pair.b });
    } else if (!done) nextCursor = encodeCursor(at);
    const ids = [...new Set(page.flatMap((f) => [f.pair.a, f.pair.b]))];
    const rows = ids.length
      ? await this.deps.db
          .selectFrom('crm_people')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('person_id', 'in', ids)
          .execute()
      : [];
    const views = new Map((await this.people.views(this.deps.db, ws, rows)).map((v) => [v.id, v]));
    return {
      data: page
        .filter((f) => views.has(f.pair.a) && views.has(f.pair.b))
        .map(({ pair: p }) => ({ a: views.get(p.a)!, b: views.get(p.b)!, reasons: p.reasons, score: p.score })),
      nextCursor,
      scan: { ...stats, complete: done && !nextCursor },
    };
  }

  /** Work limits of `suggestions` (fields, so that tests can shrink them). */
  scanChunk = SCAN_CHUNK;
  scanBudget = SCAN_BUDGET;

  /** One chunk of one pass: its candidate pairs, scored, dismissed ones dropped, most likely first. */
  private async chunk(
    ws: string,
    pass: Pass,
    at: DedupeCursor,
  ): Promise<{ pairs: ScoredPair[]; rows: number; scored: number; next: { k: unknown; r: number } | null }> {
    const db = this.deps.db;
    const n = this.scanChunk;
    let candidates: Map<string, [Cand, Cand]>;
    let rows: number;
    let next: { k: unknown; r: number } | null = null;
    if (pass === 'contact') {
      const k = at.k as string | null;
      const chunk = (
        await sql<Cand>`
          SELECT person_id::text AS id, company_id::text AS company, ${DEDUPE_NAME} AS name, emails, phones FROM crm_people
          WHERE workspace_id = ${ws} AND deleted_at IS NULL ${k ? sql`AND person_id > ${k}::uuid` : sql``}
          ORDER BY person_id LIMIT ${n}`.execute(db)
      ).rows;
      rows = chunk.length;
      if (chunk.length === n) next = { k: chunk[chunk.length - 1].id, r: 0 };
      candidates = await this.contactCandidates(ws, chunk);
    } else {
      // The chunk plus WINDOW rows after it: the last rows of the chunk compare with those too.
      const k = at.k as [string, string, string] | null;
      const chunk = (
        await sql<Cand>`
          SELECT person_id::text AS id, company_id::text AS company, ${DEDUPE_NAME} AS name, emails, phones FROM crm_people
          WHERE workspace_id = ${ws} AND deleted_at IS NULL AND company_id IS NOT NULL
            ${k ? sql`AND (company_id, ${DEDUPE_NAME}, person_id) > (${k[0]}::uuid, ${k[1]}, ${k[2]}::uuid)` : sql``}
          ORDER BY company_id, ${DEDUPE_NAME}, person_id LIMIT ${n + WINDOW}`.execute(db)
      ).rows;
      rows = Math.min(n, chunk.length);
      candidates = new Map();
      // The rank of each row in its run of identical names (company and name), carried over chunks.
      let run = at.r;
      const rank: number[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const prev = i > 0 ? chunk[i - 1] : k ? { company: k[0], name: k[1] } : null;
        run = prev && prev.company === chunk[i].company && prev.name === chunk[i].name ? run + 1 : 1;
        rank.push(run);
      }
      for (let i = 0; i < rows; i++) {
        const x = chunk[i];
        if (!x.name) continue;
        for (let j = i + 1; j <= i + WINDOW && j < chunk.length; j++) {
          const y = chunk[j];
          if (y.company !== x.company) break;
          const same = x.name === y.name;
          if (pass === 'name' ? !same || rank[j] > BLOCK_CAP : same || x.name[0] !== y.name[0]) continue;
          candidates.set(pairKey(x.id, y.id), x.id < y.id ? [x, y] : [y, x]);
        }
      }
      if (chunk.length > n) next = { k: [chunk[n - 1].company, chunk[n - 1].name, chunk[n - 1].id], r: rank[n - 1] };
    }
    if (!candidates.size) return { pairs: [], rows, scored: 0, next };
    const pairs = await this.score(ws, [...candidates.values()]);
    // A pair an earlier pass gives is not repeated: `name` leaves shared contacts to `contact`,
    // `similar` only has different names (and leaves shared contacts to `contact` too).
    const mine = pairs.filter((p) =>
      pass === 'contact'
        ? true
        : !p.reasons.includes('email') &&
          !p.reasons.includes('phone') &&
          (pass === 'name' || p.reasons.includes('name_company')),
    );
    mine.sort((p, q) => q.score - p.score || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
    return { pairs: mine, rows, scored: candidates.size, next };
  }

  /**
   * Candidates sharing an email or phone with a row of the chunk: the identifier's owner in the
   * identity graph (one index probe per value) when it is another live CRM row holding the same
   * value, and rows of the chunk holding the same value; at most BLOCK_CAP rows per value.
   */
  private async contactCandidates(ws: string, chunk: Cand[]): Promise<Map<string, [Cand, Cand]>> {
    const out = new Map<string, [Cand, Cand]>();
    const blocks = new Map<string, { kind: 'email' | 'phone'; value: string; rows: Cand[] }>(); // identity key → rows of the chunk holding it
    for (const r of chunk)
      for (const [kind, values] of [
        ['email', r.emails ?? []],
        ['phone', r.phones ?? []],
      ] as const)
        for (const value of values) {
          const key = identityKey(kind, value);
          let block = blocks.get(key);
          if (!block) blocks.set(key, (block = { kind, value, rows: [] }));
          if (block.rows.length < BLOCK_CAP && !block.rows.some((x) => x.id === r.id)) block.rows.push(r);
        }
    if (!blocks.size) return out;
    const owners = await this.deps.cdp.directory.resolve(
      this.deps.db,
      ws,
      [...blocks.values()].map(({ kind, value }) => ({ kind, value })),
    );
    const outside = [
      ...new Set(
        [...owners.entries()]
          .filter(([key, id]) => !blocks.get(key)!.rows.some((x) => x.id === id))
          .map(([, id]) => id),
      ),
    ];
    const ownerRows = new Map<string, Cand>();
    if (outside.length)
      for (const r of (
        await sql<Cand>`
          SELECT person_id::text AS id, company_id::text AS company, ${DEDUPE_NAME} AS name, emails, phones FROM crm_people
          WHERE workspace_id = ${ws} AND deleted_at IS NULL AND person_id = ANY(${outside}::uuid[])`.execute(
          this.deps.db,
        )
      ).rows)
        ownerRows.set(r.id, r);
    for (const [key, block] of blocks) {
      const o = ownerRows.get(owners.get(key) ?? '');
      const holds = o && (block.kind === 'email' ? o.emails : o.phones)?.includes(block.value);
      const members = holds ? [...block.rows.slice(0, BLOCK_CAP - 1), o] : block.rows;
      for (let i = 0; i < members.length; i++)
        for (let j = i + 1; j < members.length; j++) {
          const [x, y] = members[i].id < members[j].id ? [members[i], members[j]] : [members[j], members[i]];
          out.set(pairKey(x.id, y.id), [x, y]);
        }
    }
    return out;
  }

  /** Every reason of each pair and its score (one statement for the name similarities); dismissed pairs dropped. */
  private async score(ws: string, pairs: [Cand, Cand][]): Promise<ScoredPair[]> {
    const need = pairs.filter(
      ([x, y]) =>
        x.company && x.company === y.company && x.name && y.name && x.name !== y.name && x.name[0] === y.name[0],
    );
    const sims = new Map<string, number>();
    if (need.length) {
      const r = await sql<{ a: string; b: string; s: number }>`
        SELECT x.a, x.b, similarity(x.na, x.nb)::float8 AS s FROM jsonb_to_recordset(${JSON.stringify(need.map(([x, y]) => ({ a: x.id, b: y.id, na: x.name, nb: y.name })))}::jsonb) AS x(a text, b text, na text, nb text)`.execute(
        this.deps.db,
      );
      for (const row of r.rows) sims.set(pairKey(row.a, row.b), Number(row.s));
    }
    const dismissed = new Set(
      (
        await sql<{ a: string; b: string }>`
          SELECT d.person_a::text AS a, d.person_b::text AS b FROM crm_duplicate_dismissals d
          JOIN unnest(${pairs.map(([x]) => x.id)}::uuid[], ${pairs.map(([, y]) => y.id)}::uuid[]) AS p(a, b) ON d.person_a = p.a AND d.person_b = p.b
          WHERE d.workspace_id = ${ws}`.execute(this.deps.db)
      ).rows.map((r) => pairKey(r.a, r.b)),
    );
    const out: ScoredPair[] = [];
    for (const [x, y] of pairs) {
      if (dismissed.has(pairKey(x.id, y.id))) continue;
      const scores: [Reason, number][] = [];
      if (x.emails && y.emails && x.emails.some((e) => y.emails!.includes(e))) scores.push(['email', 1]);
      if (x.phones && y.phones && x.phones.some((e) => y.phones!.includes(e))) scores.push(['phone', 1]);
      if (x.company && x.company === y.company && x.name && y.name) {
        if (x.name === y.name) scores.push(['name_company', 0.9]);
        else {
          const s = sims.get(pairKey(x.id, y.id));
          if (s !== undefined && s >= 0.6) scores.push(['name_company', round3(0.8 * s)]);
        }
      }
      // The name passes read no contacts: a pair they find is checked for shared ones here.
      if (!scores.length) continue;
      const score = round3(Math.min(1, Math.max(...scores.map(([, s]) => s)) + 0.05 * (scores.length - 1)));
      out.push({ a: x.id, b: y.id, reasons: scores.map(([r]) => r).sort(), score });
    }
    return out;
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
      await trx
        .insertInto('crm_duplicate_dismissals')
        .values({ workspace_id: ws, person_a: pa, person_b: pb })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await this.deps.audit.record(trx, actor, {
        action: 'dismissed',
        entityType: 'duplicate',
        entityId: pa,
        after: { a: pa, b: pb },
      });
    });
  }

  /**
   * Merges `otherId` into `id`: the CDP merge (identities, events, traits), the chosen fields,
   * emails, phones and tags united, and the other's activities, deals, consents and cadences moved.
   * The other person's CRM row is kept (deleted) for unmerge.
   */
  async merge(
    actor: Actor,
    id: string,
    input: { otherId: string; fields?: Partial<Record<MergeField, 'this' | 'other'>> },
  ) {
    const ws = actor.workspaceId;
    const dir = this.deps.cdp.directory;
    return this.deps.db.transaction().execute(async (trx) => {
      // The identity lock before the rows: the order the CDP's own merges (ingest) take them in,
      // as they run the merge hook (onCdpMerge) under that lock.
      await dir.lock(trx, ws);
      const into = await this.people.row(trx, ws, id, true);
      if (!into) throw notFound('Person');
      const fromId = await dir.liveId(trx, ws, input.otherId);
      if (!fromId) throw invalid('otherId', 'person not found');
      if (fromId === into.person_id) throw invalid('otherId', 'is the same person');
      const from = await this.people.row(trx, ws, fromId, true);
      if (!from) throw invalid('otherId', 'person is not in the CRM');
      const now = new Date();
      // The other row goes first: its external id may move to the survivor (unique among live rows).
      await this.retire(trx, ws, from.person_id, now);
      // origin 'crm': the merge hook leaves this merge alone (it is folded right here).
      const cdpMergeId = await dir.merge(trx, actor, from.person_id, into.person_id, 'crm: merged duplicates', {
        origin: CRM_ORIGIN,
      });
      const { mergeId, after } = await this.fold(trx, actor, into, from, input.fields ?? {}, cdpMergeId, now);
      return { ...after, mergeId };
    });
  }

  /** Undoes a merge: the CDP merge, both CRM rows exactly as they were, and the moved rows moved back. */
  async undo(actor: Actor, mergeId: string) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      await this.deps.cdp.directory.lock(trx, ws); // before the merge row: the order of the CDP's undo and its hook
      const m = await trx
        .selectFrom('crm_merges')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', mergeId)
        .forUpdate()
        .executeTakeFirst();
      if (!m) throw notFound('Merge');
      if (m.undone_at) throw new AppError('CONFLICT', 'This merge has already been undone');
      if (m.cdp_merge_id) {
        try {
          await this.deps.cdp.directory.undoMerge(trx, actor, m.cdp_merge_id, { origin: CRM_ORIGIN });
        } catch (e) {
          // Already undone from the CDP's merge history (before the undo hook restored the CRM side too):
          // the CRM part is still to be restored.
          if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
        }
      }
      return this.restoreMerge(trx, actor, m);
    });
  }

  /**
   * The CDP's merge hook (directory.onMerge): a merge the CRM did not ask for itself — tracking
   * (identify, alias, batch) linked two persons — folds the CRM side the way `merge` does with the
   * default field choice. Both in the CRM: the merged-away row into the survivor's. Only the
   * merged-away one: the survivor takes its row over (a copy under the survivor's id; the old row
   * is kept, deleted, for undo). Only the survivor, or neither: nothing to do.
   */
  async onCdpMerge(trx: Tx, ws: string, n: MergeNotice): Promise<void> {
    if (n.origin === CRM_ORIGIN) return;
    const rows = await trx
      .selectFrom('crm_people')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', 'in', [n.from, n.into])
      .orderBy('person_id')
      .forUpdate()
      .execute();
    const from = rows.find((r) => r.person_id === n.from && !r.deleted_at);
    if (!from) return;
    const into = rows.find((r) => r.person_id === n.into) ?? null;
    const actor = { ...n.actor, workspaceId: ws };
    const now = new Date();
    await this.retire(trx, ws, from.person_id, now);
    if (into && !into.deleted_at) await this.fold(trx, actor, into, from, {}, n.mergeId, now);
    else await this.takeOver(trx, actor, from, n.into, into, n.mergeId, now);
  }

  /** The CDP's undo hook (directory.onUndoMerge): the CRM merge recorded for that CDP merge is undone with it. */
  async onCdpUndo(trx: Tx, ws: string, n: MergeNotice): Promise<void> {
    if (n.origin === CRM_ORIGIN) return;
    const m = await trx
      .selectFrom('crm_merges')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('from_person', '=', n.from)
      .where('cdp_merge_id', '=', n.mergeId)
      .where('undone_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (m) await this.restoreMerge(trx, { ...n.actor, workspaceId: ws }, m);
  }

  /**
   * Folds `from` (already retired) into `into`, both live rows as they were before: fields by
   * `fields` (default: into's, or from's where into's is empty), emails, phones and tags united,
   * the rows hanging off `from` moved, and the merge recorded for unmerge.
   */
  private async fold(
    trx: Tx,
    actor: Actor,
    into: PeopleRow,
    from: PeopleRow,
    fields: Partial<Record<MergeField, 'this' | 'other'>>,
    cdpMergeId: string,
    now: Date,
  ) {
    const ws = actor.workspaceId;
    const beforeInto = (await this.people.views(trx, ws, [into]))[0];
    const beforeFrom = (await this.people.views(trx, ws, [from]))[0];
    const choices: Record<string, 'this' | 'other'> = {};
    const set: Record<string, unknown> = {};
    for (const [field, col] of Object.entries(MERGE_FIELDS) as [MergeField, keyof PeopleRow][]) {
      const choice = fields[field] ?? (empty(into[col]) && !empty(from[col]) ? 'other' : 'this');
      choices[field] = choice;
      if (field === 'customFields')
        set.custom_fields = JSON.stringify(
          choice === 'other'
            ? { ...into.custom_fields, ...from.custom_fields }
            : { ...from.custom_fields, ...into.custom_fields },
        );
      else set[col] = choice === 'other' ? from[col] : into[col];
    }
    set.emails = union(into.emails, from.emails);
    set.phones = union(into.phones, from.phones);
    set.tags = union(into.tags, from.tags);
    set.search = await this.people.searchOf(trx, ws, { ...into, ...(set as Partial<PeopleRow>) } as PeopleRow);
    set.updated_at = now;
    await trx
      .updateTable('crm_people')
      .set(set)
      .where('workspace_id', '=', ws)
      .where('person_id', '=', into.person_id)
      .execute();
    const moved = await this.moveAll(trx, ws, from.person_id, into.person_id);
    const mergeId = await this.record(trx, actor, {
      from: from.person_id,
      into: into.person_id,
      cdpMergeId,
      choices,
      fromRow: from,
      intoRow: into,
      moved,
    });
    const after = await this.people.get(ws, into.person_id, trx);
    await this.deps.audit.record(trx, actor, {
      action: 'delete',
      entityType: 'person',
      entityId: from.person_id,
      before: beforeFrom,
      record: { ...beforeFrom, mergedInto: into.person_id },
    });
    await this.deps.audit.record(trx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: into.person_id,
      before: beforeInto,
      after,
      record: after,
    });
    await this.deps.audit.record(trx, actor, {
      action: 'create',
      entityType: 'crm_merge',
      entityId: mergeId,
      after: { fromPerson: from.person_id, intoPerson: into.person_id, choices },
    });
    return { mergeId, after };
  }

  /**
   * The survivor `intoId` has no live CRM row (`prev`: its deleted one, or null): it takes `from`'s
   * (already retired) over — the same fields under its id —, with the rows hanging off `from`.
   */
  private async takeOver(
    trx: Tx,
    actor: Actor,
    from: PeopleRow,
    intoId: string,
    prev: PeopleRow | null,
    cdpMergeId: string,
    now: Date,
  ) {
    const ws = actor.workspaceId;
    const beforeFrom = (await this.people.views(trx, ws, [from]))[0];
    if (prev)
      await trx.deleteFrom('crm_people').where('workspace_id', '=', ws).where('person_id', '=', intoId).execute();
    await trx
      .insertInto('crm_people')
      .values({
        ...from,
        person_id: intoId,
        custom_fields: JSON.stringify(from.custom_fields ?? {}),
        updated_at: now,
        deleted_at: null,
      } as any)
      .execute();
    const moved = await this.moveAll(trx, ws, from.person_id, intoId);
    const choices = Object.fromEntries(Object.keys(MERGE_FIELDS).map((f) => [f, 'other' as const]));
    const mergeId = await this.record(trx, actor, {
      from: from.person_id,
      into: intoId,
      cdpMergeId,
      choices,
      fromRow: from,
      intoRow: prev,
      moved,
    });
    const after = await this.people.get(ws, intoId, trx);
    await this.deps.audit.record(trx, actor, {
      action: 'delete',
      entityType: 'person',
      entityId: from.person_id,
      before: beforeFrom,
      record: { ...beforeFrom, mergedInto: intoId },
    });
    await this.deps.audit.record(trx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: intoId,
      after,
      record: after,
    });
    await this.deps.audit.record(trx, actor, {
      action: 'create',
      entityType: 'crm_merge',
      entityId: mergeId,
      after: { fromPerson: from.person_id, intoPerson: intoId, choices },
    });
  }

  /**
   * Both CRM rows back exactly as they were (the survivor's removed when it had none), the moved
   * rows moved back, the merge marked undone. The CDP side is the caller's.
   */
  private async restoreMerge(trx: Tx, actor: Actor, m: MergeRow) {
    const ws = actor.workspaceId;
    const intoRow = m.into_row as unknown as PeopleRow | null;
    let fromRow = m.from_row as unknown as PeopleRow;
    // A survivor merged into someone else afterwards holds this merge's data in that person now:
    // that later merge has to be undone first (reviving the survivor would duplicate the data).
    const later = await trx
      .selectFrom('crm_merges')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('from_person', '=', m.into_person)
      .where('undone_at', 'is', null)
      .where('created_at', '>', m.created_at)
      .executeTakeFirst();
    if (later)
      throw new AppError(
        'CONFLICT',
        `The surviving person was merged into another one afterwards (merge ${later.id}); undo that merge first`,
        [{ path: 'id', message: `undo merge ${later.id} first` }],
      );
    const current = await trx
      .selectFrom('crm_people')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', m.into_person)
      .executeTakeFirst();
    const hadInto = current && !current.deleted_at ? current : undefined;
    const intoBefore = hadInto ? (await this.people.views(trx, ws, [hadInto]))[0] : null;
    if (intoRow && !intoRow.deleted_at && current) {
      // A fold: what the survivor has changed since the merge stays; only what the merge gave it goes back.
      const set = unfold(current, foldedRow(intoRow, fromRow, m.choices as Record<string, 'this' | 'other'>), intoRow);
      // The survivor first: it gives back the other's external id (unique among live rows).
      // Nothing changed since the merge: the row as it was, exactly (its updated_at too).
      if (Object.entries(set).every(([col, v]) => same(v, intoRow[col as keyof PeopleRow])))
        await this.restore(trx, ws, intoRow);
      else {
        set.search = await this.people.searchOf(trx, ws, { ...current, ...set } as PeopleRow);
        await trx
          .updateTable('crm_people')
          .set({ ...set, custom_fields: JSON.stringify(set.custom_fields), updated_at: new Date() } as any)
          .where('workspace_id', '=', ws)
          .where('person_id', '=', m.into_person)
          .execute();
      }
    } else {
      // A take-over: the survivor's row was the other's record under a new id, so edits made to it since come back with it.
      if (current && !current.deleted_at) {
        const carried: Record<string, unknown> = {};
        for (const col of [...Object.values(MERGE_FIELDS), 'emails', 'phones', 'tags'] as (keyof PeopleRow)[])
          carried[col] = current[col];
        fromRow = { ...fromRow, ...carried } as PeopleRow;
      }
      if (intoRow) await this.restore(trx, ws, intoRow);
      else
        await trx
          .deleteFrom('crm_people')
          .where('workspace_id', '=', ws)
          .where('person_id', '=', m.into_person)
          .execute();
    }
    await this.restore(trx, ws, fromRow);
    const moved = m.moved as Record<string, string[]>;
    for (const table of MOVED_TABLES)
      if (moved[table]?.length) await this.move(trx, ws, table, m.into_person, m.from_person, moved[table]);
    const done = await trx
      .updateTable('crm_merges')
      .set({ undone_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', m.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = mergeView(done);
    const into =
      intoRow && !intoRow.deleted_at && current && !current.deleted_at
        ? await this.people.get(ws, m.into_person, trx)
        : null;
    const from = await this.people.get(ws, m.from_person, trx);
    await this.deps.audit.record(trx, actor, {
      action: 'undone',
      entityType: 'crm_merge',
      entityId: m.id,
      before: { undoneAt: null },
      after: { undoneAt: view.undoneAt },
    });
    if (!into && intoBefore)
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'person',
        entityId: m.into_person,
        before: intoBefore,
        record: intoBefore,
      });
    await this.deps.audit.record(trx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: from.id,
      after: from,
      record: from,
    });
    return { ...view, into, from };
  }

  /** Marks a CRM row deleted (kept for unmerge). */
  private async retire(trx: Tx, ws: string, personId: string, now: Date) {
    await trx
      .updateTable('crm_people')
      .set({ deleted_at: now, updated_at: now })
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .execute();
  }

  private async moveAll(trx: Tx, ws: string, from: string, into: string) {
    const moved: Record<string, string[]> = {};
    for (const table of MOVED_TABLES) moved[table] = await this.move(trx, ws, table, from, into, null);
    return moved;
  }

  private async record(
    trx: Tx,
    actor: Actor,
    r: {
      from: string;
      into: string;
      cdpMergeId: string;
      choices: Record<string, 'this' | 'other'>;
      fromRow: PeopleRow;
      intoRow: PeopleRow | null;
      moved: Record<string, string[]>;
    },
  ) {
    const id = newId();
    await trx
      .insertInto('crm_merges')
      .values({
        workspace_id: actor.workspaceId,
        id,
        from_person: r.from,
        into_person: r.into,
        cdp_merge_id: r.cdpMergeId,
        choices: JSON.stringify(r.choices),
        from_row: JSON.stringify(r.fromRow),
        // JSON null: the survivor had no CRM row (a take-over); undo removes the one it got.
        into_row: JSON.stringify(r.intoRow),
        moved: JSON.stringify(r.moved),
        actor: actor.label,
      })
      .execute();
    return id;
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
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, mergeView, (last) => ({ id: last.id }));
  }

  private async move(
    trx: Tx,
    ws: string,
    table: MovedTable,
    from: string,
    into: string,
    only: string[] | null,
  ): Promise<string[]> {
    let q = trx
      .updateTable(table)
      .set({ person_id: into } as any)
      .where('workspace_id', '=', ws)
      .where('person_id', '=', from);
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

/** Equal as stored values (dates as their ISO text, object keys in any order). */
const same = (a: unknown, b: unknown) => stable(a) === stable(b);
const stable = (v: unknown): string =>
  v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? `{${Object.keys(v as object)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
        .join(',')}}`
    : JSON.stringify(v ?? null);

/** The survivor's row as a fold with these choices wrote it (see Dedupe.fold). */
function foldedRow(into: PeopleRow, from: PeopleRow, choices: Record<string, 'this' | 'other'>): PeopleRow {
  const out = { ...into } as Record<string, unknown>;
  for (const [field, col] of Object.entries(MERGE_FIELDS) as [MergeField, keyof PeopleRow][]) {
    const other = choices[field] === 'other';
    if (field === 'customFields')
      out.custom_fields = other
        ? { ...into.custom_fields, ...from.custom_fields }
        : { ...from.custom_fields, ...into.custom_fields };
    else out[col] = other ? from[col] : into[col];
  }
  out.emails = union(into.emails, from.emails);
  out.phones = union(into.phones, from.phones);
  out.tags = union(into.tags, from.tags);
  return out as unknown as PeopleRow;
}

/**
 * Undoes a fold on the survivor's current row: a field still holding what the merge wrote goes
 * back to its value before the merge, one changed since keeps the change; list entries and custom
 * fields the merge added go, the rest (and whatever came later) stays.
 */
function unfold(current: PeopleRow, folded: PeopleRow, before: PeopleRow): Record<string, any> {
  const set: Record<string, any> = {};
  for (const [field, col] of Object.entries(MERGE_FIELDS) as [MergeField, keyof PeopleRow][]) {
    if (field === 'customFields') continue;
    set[col] = same(current[col], folded[col]) ? before[col] : current[col];
  }
  const cf: Record<string, unknown> = { ...(current.custom_fields as Record<string, unknown>) };
  const was = (before.custom_fields ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries((folded.custom_fields ?? {}) as Record<string, unknown>))
    if (same(cf[k], v)) {
      if (k in was) cf[k] = was[k];
      else delete cf[k];
    }
  set.custom_fields = cf;
  for (const col of ['emails', 'phones', 'tags'] as const) {
    const added = new Set(folded[col].filter((x) => !before[col].includes(x)));
    set[col] = current[col].filter((x) => !added.has(x));
  }
  return set;
}
