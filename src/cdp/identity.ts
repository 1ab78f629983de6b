import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import {
  externalKind,
  identityKey,
  normalizeEmail,
  normalizeIdentity,
  normalizePhone,
  normalizeTelegramId,
  type Identity,
} from './identifiers.ts';
import type { ParsedMessage } from './messages.ts';

/**
 * Identity resolution for one batch, set-based: one query reads every identifier the batch
 * mentions; when all are known and each message points at one person (the steady state) nothing
 * is locked or written. Otherwise the workspace's identity lock is taken (transaction-scoped, so
 * two ingest processes cannot create the same identifier twice), the identifiers are read again,
 * and the batch is planned in memory in message order:
 *
 * - a message's identifiers (userId, anonymousId, alias previousId, identify email/phone traits)
 *   belong to one person; unknown ones are attached to it, a new person is created when none is known;
 * - two known persons are merged (the one without a user id into the one with it; otherwise the
 *   later into the earlier), **never** two persons with different user ids — then the identifier
 *   simply stays where it is;
 * - a person holds at most one user id.
 *
 * Events are stored with the person as it was when each message was resolved; merges are applied
 * afterwards, in order, and each records the identifiers and events it moved, so it can be undone.
 */

export interface MergePlan {
  from: string;
  into: string;
  reason: string;
}

/** An identifier that was not attached because its person is at `maxIdentitiesPerPerson`. */
export interface CappedIdentity {
  kind: string;
  value: string;
  personId: string;
  /** Set when the identifier belongs to another person: the merge it would have caused was skipped. */
  otherPersonId?: string;
}

export const DEFAULT_MAX_IDENTITIES = 100;

export interface ResolutionPlan {
  newPersons: string[];
  /** Identifiers left unattached (and merges skipped) because of the per-person cap. */
  capped: CappedIdentity[];
  newIdentities: (Identity & { personId: string })[];
  merges: MergePlan[];
  /** Set when the plan was made without the known persons' identity counts and needs them. */
  needsCounts?: boolean;
  /** identify traits per surviving person, in message order (latest wins). */
  traits: Map<string, Record<string, unknown>>;
}

interface Known {
  owner: Map<string, string>;
  userIdOf: Map<string, string | null>;
  /** The workspace's maxIdentitiesPerPerson (read with the identifiers). */
  cap?: number;
  /** Identities per known person (read only when the batch adds to or merges known persons: readCounts). */
  count?: Map<string, number>;
  /** The workspace's identity epoch (identity_epochs, read with the identifiers): see IdentityCache. */
  epoch?: string;
}

/**
 * An in-process copy of identifier → person (and person → user id) for the shared ingest path,
 * so that a group reads from the database only the identifiers it has not seen before.
 *
 * Why it stays true, also with several processes: an identifier's person changes only by an
 * UPDATE or DELETE of its row (merge, undo, erase), and a trigger on `identities` counts those in
 * the workspace's epoch (identity_epochs) in the same transaction. Every group reads the epoch
 * together with the identifiers it misses, under the shared identity lock, so a change committed
 * before it is seen, and the workspace's cache is dropped and read again. New rows (INSERT) never
 * change a cached answer; the one thing they can make stale is "this person has no user id", and
 * a plan built on that either stays in its lane or adds a user id / merges, which the shared path
 * never does itself: it goes to the exclusive path, which reads everything from the database.
 */
export class IdentityCache {
  private byWorkspace = new Map<
    string,
    { epoch: string; owner: Map<string, string>; userIdOf: Map<string, string | null> }
  >();
  private entries = 0;

  constructor(private readonly max = 300_000) {}

  /** What the cache knows of `keys` (null when it holds nothing for the workspace). */
  lookup(
    workspaceId: string,
    keys: Identity[],
  ): { epoch: string; hits: Map<string, string>; userIdOf: Map<string, string | null>; misses: Identity[] } | null {
    const w = this.byWorkspace.get(workspaceId);
    if (!w) return null;
    const hits = new Map<string, string>();
    const userIdOf = new Map<string, string | null>();
    const misses: Identity[] = [];
    for (const k of keys) {
      const key = identityKey(k.kind, k.value);
      const p = w.owner.get(key);
      if (p === undefined) misses.push(k);
      else {
        hits.set(key, p);
        userIdOf.set(p, w.userIdOf.get(p) ?? null);
      }
    }
    return { epoch: w.epoch, hits, userIdOf, misses };
  }

  /** Remembers what the database said at `epoch`; a different epoch first drops the workspace's entries. */
  remember(
    workspaceId: string,
    epoch: string,
    owner: Iterable<[string, string]>,
    userIdOf: Iterable<[string, string | null]>,
  ) {
    let w = this.byWorkspace.get(workspaceId);
    if (w && w.epoch !== epoch) {
      this.entries -= w.owner.size;
      w = undefined;
    }
    if (!w) this.byWorkspace.set(workspaceId, (w = { epoch, owner: new Map(), userIdOf: new Map() }));
    for (const [k, p] of owner) {
      if (!w.owner.has(k)) this.entries++;
      w.owner.set(k, p);
    }
    for (const [p, u] of userIdOf) if (u || !w.userIdOf.get(p)) w.userIdOf.set(p, u);
    if (this.entries > this.max) this.clear();
  }

  /** Identities a committed group wrote (at the epoch it read). */
  added(workspaceId: string, epoch: string, identities: { kind: string; value: string; personId: string }[]) {
    const w = this.byWorkspace.get(workspaceId);
    if (!w || w.epoch !== epoch) return;
    this.remember(
      workspaceId,
      epoch,
      identities.map((i) => [identityKey(i.kind, i.value), i.personId] as [string, string]),
      identities.filter((i) => i.kind === 'user_id').map((i) => [i.personId, i.value] as [string, string]),
    );
  }

  /** Forgets a workspace (its epoch moved while a group was planned from it). */
  drop(workspaceId: string) {
    const w = this.byWorkspace.get(workspaceId);
    if (!w) return;
    this.entries -= w.owner.size;
    this.byWorkspace.delete(workspaceId);
  }

  clear() {
    this.byWorkspace.clear();
    this.entries = 0;
  }
}

const IDENTITY_LOCK = 4_204_201;

/** The workspace's identity lock, exclusively (merging, undoing, creating identities). */
export async function lockIdentities(trx: Tx, workspaceId: string) {
  await sql`SELECT pg_advisory_xact_lock(${IDENTITY_LOCK}, hashtext(${workspaceId}))`.execute(trx);
}

/**
 * Identifiers from identify traits (email, phone, telegramId, vkId) and, for every message type,
 * Segment's `context.externalIds` ([{id, type, collection, encoding}] → kind `external:<type>`;
 * only the users collection, or none given).
 */
function traitIdentities(m: ParsedMessage): Identity[] {
  const out: Identity[] = [];
  if (m.type === 'identify' && m.traits) {
    const email = normalizeEmail(m.traits.email);
    if (email) out.push({ kind: 'email', value: email });
    const phone = normalizePhone(m.traits.phone);
    if (phone) out.push({ kind: 'phone', value: phone });
    const tg = normalizeTelegramId(m.traits.telegramId);
    if (tg) out.push({ kind: 'telegram_id', value: tg });
    const vk = normalizeIdentity('vk_id', m.traits.vkId);
    if (vk) out.push({ kind: 'vk_id', value: vk });
  }
  const ext = m.context?.externalIds;
  if (Array.isArray(ext))
    for (const e of ext.slice(0, 20)) {
      if (!e || typeof e !== 'object') continue;
      const { id, type, collection } = e as Record<string, unknown>;
      if (collection !== undefined && collection !== null && collection !== 'users') continue;
      const kind = externalKind(type);
      const value = kind ? normalizeIdentity(kind, id) : null;
      if (kind && value) out.push({ kind, value });
    }
  return out;
}

/** Every identifier a message mentions, user id first; alias previousId as both kinds (resolved later). */
function mentioned(m: ParsedMessage): Identity[] {
  const out: Identity[] = [];
  if (m.userId) out.push({ kind: 'user_id', value: m.userId });
  if (m.anonymousId) out.push({ kind: 'anonymous_id', value: m.anonymousId });
  if (m.previousId) out.push({ kind: 'user_id', value: m.previousId }, { kind: 'anonymous_id', value: m.previousId });
  out.push(...traitIdentities(m));
  return out;
}

/** The identifiers a message claims, in precedence order, with alias previousId settled. */
function claimed(m: ParsedMessage, owner: Map<string, string>): Identity[] {
  const out: Identity[] = [];
  if (m.userId) out.push({ kind: 'user_id', value: m.userId });
  if (m.previousId && m.previousId !== m.userId) {
    const asUser = owner.has(identityKey('user_id', m.previousId));
    out.push({ kind: asUser ? 'user_id' : 'anonymous_id', value: m.previousId });
  }
  if (m.anonymousId) out.push({ kind: 'anonymous_id', value: m.anonymousId });
  out.push(...traitIdentities(m));
  return out;
}

async function readKnown(trx: DbOrTx, workspaceId: string, keys: Identity[], always = false): Promise<Known> {
  const owner = new Map<string, string>();
  const userIdOf = new Map<string, string | null>();
  if (!keys.length && !always) return { owner, userIdOf };
  const rows = await knownSql(workspaceId, keys).execute(trx);
  let cap = DEFAULT_MAX_IDENTITIES;
  let epoch = '0';
  for (const r of rows.rows) {
    if (r.kind === null) {
      const n = Number(r.cap);
      if (r.cap !== null && Number.isInteger(n) && n >= 1) cap = n;
      epoch = r.epoch ?? '0';
      continue;
    }
    owner.set(identityKey(r.kind, r.value), r.person_id);
    if (!userIdOf.get(r.person_id)) userIdOf.set(r.person_id, r.user_id);
  }
  return { owner, userIdOf, cap, epoch };
}

/**
 * readKnown through the cache: only the identifiers the cache lacks are read (with the epoch); when
 * the epoch moved, the rest are read too. What was read is remembered.
 */
async function readKnownCached(
  trx: DbOrTx,
  workspaceId: string,
  keys: Identity[],
  cache: IdentityCache,
): Promise<Known> {
  const cached = cache.lookup(workspaceId, keys);
  const known = await readKnown(trx, workspaceId, cached ? cached.misses : keys, true);
  if (cached && cached.hits.size && cached.epoch === known.epoch) {
    // Only what was just read is new to the cache; the hits are already in it.
    cache.remember(workspaceId, known.epoch, known.owner, known.userIdOf);
    for (const [k, p] of cached.hits) known.owner.set(k, p);
    for (const [p, u] of cached.userIdOf) if (!known.userIdOf.get(p)) known.userIdOf.set(p, u);
    return known;
  }
  if (cached && cached.hits.size) {
    // The epoch moved: what the cache said is read again.
    const stale = new Set(cached.hits.keys());
    const rest = await readKnown(
      trx,
      workspaceId,
      keys.filter((x) => stale.has(identityKey(x.kind, x.value))),
    );
    for (const [k, p] of rest.owner) known.owner.set(k, p);
    for (const [p, u] of rest.userIdOf) if (!known.userIdOf.get(p)) known.userIdOf.set(p, u);
  }
  cache.remember(workspaceId, known.epoch!, known.owner, known.userIdOf);
  return known;
}

/**
 * The read of a batch's identifiers: each one's person and that person's user id, plus the
 * workspace's identity cap (a row with kind NULL). Exported for bench/ingest, which measures it.
 */
export function knownSql(workspaceId: string, keys: Identity[]) {
  return sql<{
    kind: string | null;
    value: string;
    person_id: string;
    user_id: string | null;
    cap: unknown;
    epoch: string | null;
  }>`
    SELECT k.kind, k.value, i.person_id, u.value AS user_id, NULL::jsonb AS cap, NULL::text AS epoch
    FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(kind text, value text)
    -- LATERAL … LIMIT 1: a primary-key probe per identifier, whatever the statistics say. A plain
    -- join was planned as a hash join over every identity of the workspace while the table had no
    -- statistics (a new install, PGlite between analyses, a server without autovacuum): ingest then
    -- slowed down as the graph grew.
    JOIN LATERAL (SELECT i.person_id FROM identities i WHERE i.workspace_id = ${workspaceId} AND i.kind = k.kind AND i.value = k.value LIMIT 1) i ON true
    LEFT JOIN LATERAL (SELECT u.value FROM identities u WHERE u.workspace_id = ${workspaceId} AND u.person_id = i.person_id AND u.kind = 'user_id' LIMIT 1) u ON true
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, (SELECT settings -> 'maxIdentitiesPerPerson' FROM workspaces WHERE id = ${workspaceId}),
           (SELECT epoch::text FROM identity_epochs WHERE workspace_id = ${workspaceId})
  `;
}

/** Adds to `known` the identity count of every known person (one query). */
async function readCounts(trx: DbOrTx, workspaceId: string, known: Known): Promise<Known> {
  const persons = [...new Set(known.owner.values())];
  const r = await sql<{ counts: Record<string, number> | null }>`
    SELECT (SELECT jsonb_object_agg(c.person_id, c.n) FROM (
              SELECT person_id, count(*)::int AS n FROM identities
              WHERE workspace_id = ${workspaceId} AND person_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(persons)}::jsonb))
              GROUP BY person_id) c) AS counts
  `.execute(trx);
  known.count = new Map(Object.entries(r.rows[0]?.counts ?? {}));
  return known;
}

/**
 * Plans with the identity cap. The counts of known persons cost a query, so the batch is planned
 * first without them; only when that plan adds identifiers to (or merges) a known person are the
 * counts read and the batch planned again, from the same starting point.
 */
async function planCapped(
  trx: DbOrTx,
  workspaceId: string,
  messages: ParsedMessage[],
  known: Known,
): Promise<ResolutionPlan> {
  if (!known.count) {
    const first = plan(messages, { owner: new Map(known.owner), userIdOf: new Map(known.userIdOf), cap: known.cap });
    if (!first.needsCounts) return first;
  }
  if (!known.count) await readCounts(trx, workspaceId, known);
  return plan(messages, known);
}

function distinctKeys(messages: ParsedMessage[]): Identity[] {
  const seen = new Map<string, Identity>();
  for (const m of messages) for (const id of mentioned(m)) seen.set(identityKey(id.kind, id.value), id);
  return [...seen.values()];
}

/** True when every message's identifiers are known and point at one person: nothing to write. */
function settled(messages: ParsedMessage[], known: Known): boolean {
  for (const m of messages) {
    let person: string | undefined;
    for (const id of claimed(m, known.owner)) {
      const p = known.owner.get(identityKey(id.kind, id.value));
      if (!p || (person && p !== person)) return false;
      person = p;
    }
    if (!person) return false;
    m.personId = person;
  }
  return true;
}

function plan(messages: ParsedMessage[], known: Known): ResolutionPlan {
  const { owner, userIdOf } = known;
  const count = known.count ?? new Map<string, number>();
  const cap = known.cap ?? DEFAULT_MAX_IDENTITIES;
  const created = new Set<string>();
  let needsCounts = false;
  /** Identities of a person; a known person's count is only known after readCounts. */
  const cnt = (p: string) => {
    if (!known.count && !created.has(p)) needsCounts = true;
    return count.get(p) ?? 0;
  };
  const parent = new Map<string, string>();
  const find = (p: string) => {
    while (parent.has(p)) p = parent.get(p)!;
    return p;
  };
  const out: ResolutionPlan = { newPersons: [], capped: [], newIdentities: [], merges: [], traits: new Map() };
  const pendingTraits: { person: string; traits: Record<string, unknown> }[] = [];

  for (const m of messages) {
    const ids = claimed(m, owner);
    const uid = m.userId;
    const uidOwner = uid ? owner.get(identityKey('user_id', uid)) : undefined;
    let person: string | null = uidOwner ? find(uidOwner) : null;
    for (const id of ids) {
      if (id.kind === 'user_id' && id.value === uid) continue;
      const o = owner.get(identityKey(id.kind, id.value));
      if (!o) continue;
      const q = find(o);
      if (person === null) {
        const qUser = userIdOf.get(q);
        if (uid && qUser && qUser !== uid) continue; // someone else's: leave it there
        person = q;
        continue;
      }
      if (q === person) continue;
      const uq = userIdOf.get(q) ?? null;
      const up = userIdOf.get(person) ?? null;
      if (uq && up && uq !== up) continue; // never merge two different user ids
      if (cnt(q) + cnt(person) > cap) {
        out.capped.push({ kind: id.kind, value: id.value, personId: person, otherPersonId: q }); // the merged person would exceed the cap
        continue;
      }
      let from = q;
      let into = person;
      if (uq && !up) [from, into] = [person, q];
      const via = `${id.kind} ${JSON.stringify(id.value)}`;
      out.merges.push({
        from,
        into,
        reason: `${m.type}: ${via} links ${uid ? `user_id ${JSON.stringify(uid)}` : 'the same person'} (message ${m.messageId})`,
      });
      parent.set(from, into);
      count.set(into, (count.get(into) ?? 0) + (count.get(from) ?? 0));
      userIdOf.set(into, up ?? uq);
      person = into;
    }
    if (!person) {
      person = newId();
      created.add(person);
      out.newPersons.push(person);
      userIdOf.set(person, null);
    }
    for (const id of ids) {
      const key = identityKey(id.kind, id.value);
      if (owner.has(key)) continue;
      if (id.kind === 'user_id' && userIdOf.get(person) && userIdOf.get(person) !== id.value) continue; // one user id per person
      if (cnt(person) >= cap) {
        if (!out.capped.some((c) => c.kind === id.kind && c.value === id.value))
          out.capped.push({ kind: id.kind, value: id.value, personId: person });
        continue;
      }
      count.set(person, (count.get(person) ?? 0) + 1);
      owner.set(key, person);
      out.newIdentities.push({ ...id, personId: person });
      if (id.kind === 'user_id') userIdOf.set(person, id.value);
    }
    m.personId = person;
    if (m.type === 'identify' && m.traits && Object.keys(m.traits).length)
      pendingTraits.push({ person, traits: m.traits });
  }
  for (const t of pendingTraits) {
    const p = find(t.person);
    out.traits.set(p, { ...(out.traits.get(p) ?? {}), ...t.traits });
  }
  if (needsCounts) out.needsCounts = true;
  return out;
}

/** Thrown when a batch needs to write identities or merge while holding only the shared lock. */
export class NeedsExclusive extends Error {}

/**
 * Resolves every message's person (sets `personId`) and writes new persons and identities. The
 * returned merges must be applied after the events are stored (see Cdp.applyMerge).
 *
 * Locking: the workspace's identity lock is held in shared mode by batches that merge nothing and
 * give no existing person a user id — the steady state (all identifiers known) and also new
 * visitors, new persons, and new anonymous ids, emails or phones for a known person (see
 * planShared; Cdp.storeShared writes them). Many such batches run at once. They add their
 * identities optimistically: when another batch stored one of them first (the identities primary
 * key), the batch rolls back and is retried here, exclusively, planned against what the other
 * batch committed — the same outcome as if the two had run one after the other. A batch that
 * merges or adds a user id to an existing person also comes here: exclusively, no concurrent
 * batch can add a second user id to the same person, nor move a person away meanwhile.
 */
export async function resolveIdentitiesExclusive(
  trx: Tx,
  workspaceId: string,
  messages: ParsedMessage[],
): Promise<ResolutionPlan> {
  await lockIdentities(trx, workspaceId);
  const p = await planCapped(trx, workspaceId, messages, await readKnown(trx, workspaceId, distinctKeys(messages)));
  await writeNew(trx, workspaceId, p);
  return p;
}

/** The statement that takes the workspace's identity lock in shared mode (for a caller that batches it with BEGIN). */
export function sharedLockSql(workspaceId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(workspaceId)) throw new Error('workspace id is not a uuid');
  return `SELECT pg_advisory_xact_lock_shared(${IDENTITY_LOCK}, hashtext('${workspaceId}'))`;
}

/**
 * Plans a batch for the shared path without writing anything; throws NeedsExclusive when the batch
 * merges or gives an existing person a user id. The caller writes the plan's new persons and
 * identities under the shared lock and must throw NeedsExclusive (rolling back) when fewer
 * identities than planned were new, or when the workspace's identity epoch is no longer the
 * plan's `epoch`.
 *
 * The plan may be made before the caller's transaction, outside the lock (ingest.ts plans, then
 * sends its whole transaction in one round trip): what it read can only have been made wrong
 * since by an UPDATE or DELETE of identities (merge, undo, erasure), and those move the epoch,
 * which the write checks under the lock; identities other batches inserted meanwhile are what the
 * count check catches, as for two shared batches at once; and a person that got a user id
 * meanwhile only matters to plans that add one or merge, which go to the exclusive path anyway
 * (IdentityCache explains the same for what it holds).
 */
export async function planShared(
  trx: DbOrTx,
  workspaceId: string,
  messages: ParsedMessage[],
  cache?: IdentityCache,
): Promise<ResolutionPlan & { epoch?: string }> {
  const keys = distinctKeys(messages);
  const settledPlan = (epoch: string | undefined) => {
    const traits = new Map<string, Record<string, unknown>>();
    for (const m of messages)
      if (m.type === 'identify' && m.traits && Object.keys(m.traits).length)
        traits.set(m.personId!, { ...(traits.get(m.personId!) ?? {}), ...m.traits });
    return { newPersons: [], capped: [], newIdentities: [], merges: [], traits, epoch };
  };
  // Every identifier in the cache and nothing to write (the steady state): no read at all. The
  // cache's epoch goes with the plan and the write checks it (see the doc comment above).
  const cached = cache?.lookup(workspaceId, keys);
  if (cached && !cached.misses.length) {
    const fromCache = { owner: new Map(cached.hits), userIdOf: new Map(cached.userIdOf), epoch: cached.epoch };
    if (settled(messages, fromCache)) return settledPlan(cached.epoch);
  }
  const known = cache ? await readKnownCached(trx, workspaceId, keys, cache) : await readKnown(trx, workspaceId, keys);
  if (settled(messages, known)) return settledPlan(known.epoch);
  const p = await planCapped(trx, workspaceId, messages, known);
  const fresh = new Set(p.newPersons);
  if (p.merges.length || p.newIdentities.some((i) => i.kind === 'user_id' && !fresh.has(i.personId)))
    throw new NeedsExclusive();
  return { ...p, epoch: known.epoch };
}

/** New identities in key order (concurrent inserts take the primary-key locks in one order). */
export function sortedIdentities(p: ResolutionPlan) {
  return p.newIdentities
    .map((i) => ({ kind: i.kind, value: i.value, person_id: i.personId }))
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Inserts the plan's new persons and identities (in key order). */
async function writeNew(trx: Tx, workspaceId: string, p: ResolutionPlan): Promise<void> {
  if (p.newPersons.length)
    await sql`
      INSERT INTO persons (workspace_id, id)
      SELECT ${workspaceId}, x.id FROM jsonb_to_recordset(${JSON.stringify(p.newPersons.map((id) => ({ id })))}::jsonb) AS x(id uuid)
    `.execute(trx);
  if (p.newIdentities.length)
    await sql`
      INSERT INTO identities (workspace_id, kind, value, person_id)
      SELECT ${workspaceId}, x.kind, x.value, x.person_id
      FROM jsonb_to_recordset(${JSON.stringify(sortedIdentities(p))}::jsonb) AS x(kind text, value text, person_id uuid)
      ON CONFLICT DO NOTHING
    `.execute(trx);
}
