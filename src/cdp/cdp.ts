import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db, DbOrTx, Tx } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Webhooks } from '../core/webhooks/webhooks.ts';
import { systemActor, type Actor } from '../core/auth/actor.ts';
import { AppError, notFound } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { normalizeIdentity, type IdentityKind } from './identifiers.ts';
import { MAX_MESSAGE_BYTES, MessageError, measure, parseMessage, type BatchDefaults, type EventType, type ParsedMessage, type Rejected } from './messages.ts';
import { admitEvent } from './event-rules.ts';
import { IdentityCache, lockIdentities, NeedsExclusive, type CappedIdentity, planShared, resolveIdentitiesExclusive, sharedLockSql, sortedIdentities } from './identity.ts';
import type { Selectable } from 'kysely';
import type { SourcesTable, TraitMeta } from './tables.ts';
import { ComputedTraits, recomputeStats, statsCte } from './computed-traits.ts';
import { MergeHooks, PersonDirectory } from './directory.ts';
import { GroupCommit } from '../core/db/group-commit.ts';
import { exactTime } from '../core/db/exact-time.ts';

export const SOURCE_KINDS = ['web', 'mobile', 'server', 'pos', 'crm', 'import'] as const;
export const ORIGINS = ['first', 'second', 'third'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type Origin = (typeof ORIGINS)[number];

/** What a write key resolves to on the hot path. */
export interface SourceAuth {
  id: string;
  workspaceId: string;
  name: string;
  /** The source kind (web, crm, …): what the workspace's traitPrecedence setting ranks. */
  kind: string;
  origin: string;
  disabled: boolean;
}

const WRITE_KEY_CACHE_MS = 5_000;

const sourceView = (r: Selectable<SourcesTable>) => ({
  id: r.id,
  name: r.name,
  kind: r.kind as SourceKind,
  origin: r.origin as Origin,
  writeKey: r.write_key,
  disabled: r.disabled_at !== null,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type SourceView = ReturnType<typeof sourceView>;

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejected[];
  /** Identifiers not attached (and merges not made) because a person reached maxIdentitiesPerPerson. */
  capped: CappedIdentity[];
}

/** Events a group commit writes in one transaction at most (see ingest). */
const MAX_GROUP_EVENTS = 5_000;

/** One request's admitted messages, waiting for its group's write. */
interface PendingIngest {
  source: SourceAuth;
  messages: ParsedMessage[];
  receivedAt: Date;
}

/**
 * The customer data platform: sources and their write keys, Segment-spec ingestion, the identity
 * graph (persons, identities, merges), profiles and timelines. Persons belong to this module; other
 * modules (the CRM) reach them through this service.
 */
export class Cdp {
  private keyCache = new Map<string, { source: SourceAuth | null; until: number }>();
  /** Identifiers ingest has read or written, per workspace (identity.ts IdentityCache). */
  private identityCache = new IdentityCache();
  /** Sources that sent a repeated messageId lately, until when (see storeGroup). */
  private repeatsUntil = new Map<string, number>();
  /** Built-in and workspace-defined computed traits (computed-traits.ts). */
  readonly computedTraits: ComputedTraits;
  /** Persons, identities and the event stream for other modules (directory.ts). */
  readonly directory: PersonDirectory;
  /** Handlers other modules register through `directory.onMerge` / `onUndoMerge`. */
  private mergeHooks = new MergeHooks();
  /** Concurrent ingest requests of one source share a transaction (group commit). */
  private groups: GroupCommit<PendingIngest, { inserted: number; capped: CappedIdentity[] }>;

  constructor(
    private db: Db,
    private audit: Audit,
    webhooks: Webhooks,
    private log: Logger,
    opts: { ingestWriters?: number } = {},
  ) {
    this.groups = new GroupCommit({
      write: (items) => this.storeGroup(items),
      weight: (item) => item.messages.length,
      maxWeight: MAX_GROUP_EVENTS,
      parallel: opts.ingestWriters ?? 1,
    });
    this.computedTraits = new ComputedTraits(db, audit);
    this.directory = new PersonDirectory(db, this, this.mergeHooks);
    webhooks.registerEntity('source', 'Source');
    webhooks.registerEventType('merge.created', 'Two persons were merged into one');
    webhooks.registerEventType('merge.undone', 'A merge of two persons was undone');
  }

  // ---------------------------------------------------------------- sources

  async createSource(actor: Actor, input: { name: string; kind: SourceKind; origin?: Origin }) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('sources')
        .values({ workspace_id: actor.workspaceId, id: newId(), name: input.name.trim(), kind: input.kind, origin: input.origin ?? 'first', write_key: newWriteKey() })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = sourceView(row);
      await this.audit.record(trx, actor, { action: 'create', entityType: 'source', entityId: row.id, after: view, redact: ['writeKey'], record: view });
      return view;
    });
  }

  async listSources(workspaceId: string) {
    // The built-in source other modules append timeline entries through (directory.ts) takes no
    // tracking calls and has no key to hand out, so it is not listed.
    const rows = await this.db
      .selectFrom('sources')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('write_key', 'not like', 'wk\\_internal\\_%')
      .orderBy('id')
      .execute();
    return rows.map(sourceView);
  }

  async getSource(workspaceId: string, id: string, trx: DbOrTx = this.db) {
    const row = await trx
      .selectFrom('sources')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .where('write_key', 'not like', 'wk\\_internal\\_%')
      .executeTakeFirst();
    if (!row) throw notFound('Source');
    return sourceView(row);
  }

  async updateSource(actor: Actor, id: string, input: { name?: string; origin?: Origin; disabled?: boolean; rotateWriteKey?: boolean }) {
    let oldKey = '';
    const after = await this.db.transaction().execute(async (trx) => {
      const before = await this.getSource(actor.workspaceId, id, trx);
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.name !== undefined) set.name = input.name.trim();
      if (input.origin !== undefined) set.origin = input.origin;
      if (input.disabled !== undefined && input.disabled !== before.disabled) set.disabled_at = input.disabled ? new Date() : null;
      if (input.rotateWriteKey) set.write_key = newWriteKey();
      const row = await trx.updateTable('sources').set(set).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const after = sourceView(row);
      oldKey = before.writeKey;
      this.forgetKey(oldKey);
      await this.audit.record(trx, actor, { action: 'update', entityType: 'source', entityId: id, before, after, redact: ['writeKey'], record: after });
      return after;
    });
    this.forgetKey(oldKey); // again after commit: a request in between may have cached the old state
    return after;
  }

  /** Soft delete: the write key stops working at once; stored events keep their source. */
  async deleteSource(actor: Actor, id: string) {
    const key = await this.db.transaction().execute(async (trx) => {
      const before = await this.getSource(actor.workspaceId, id, trx);
      await trx.updateTable('sources').set({ deleted_at: new Date(), updated_at: new Date() }).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).execute();
      this.forgetKey(before.writeKey);
      await this.audit.record(trx, actor, { action: 'delete', entityType: 'source', entityId: id, before, redact: ['writeKey'], record: before });
      return before.writeKey;
    });
    this.forgetKey(key);
  }

  private forgetKey(key: string) {
    this.keyCache.delete(key);
  }

  /**
   * The source a write key belongs to, or null. Cached for a few seconds: a change made in this
   * process applies at once, one made by another process within WRITE_KEY_CACHE_MS.
   */
  async authenticateWriteKey(key: string): Promise<SourceAuth | null> {
    if (!key || key.length > 200) return null;
    const now = Date.now();
    const hit = this.keyCache.get(key);
    if (hit && hit.until > now) return hit.source;
    const row = await this.db
      .selectFrom('sources')
      .select(['id', 'workspace_id', 'name', 'kind', 'origin', 'disabled_at', 'deleted_at'])
      .where('write_key', '=', key)
      .executeTakeFirst();
    const source = row && !row.deleted_at ? { id: row.id, workspaceId: row.workspace_id, name: row.name, kind: row.kind, origin: row.origin, disabled: row.disabled_at !== null } : null;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(key, { source, until: now + WRITE_KEY_CACHE_MS });
    return source;
  }

  // ---------------------------------------------------------------- ingestion

  /**
   * Stores a batch of Segment-spec messages from one source. Malformed messages are rejected one by
   * one (reported with their index); the rest commit in one transaction before this returns: new
   * persons and identities, the events (one multi-row INSERT, a repeated messageId is skipped),
   * merges, and identify traits.
   */
  async ingest(source: SourceAuth, raws: unknown[], opts: { type?: EventType | null; defaults?: BatchDefaults; receivedAt?: Date } = {}): Promise<IngestResult> {
    const receivedAt = opts.receivedAt ?? new Date();
    const messages: ParsedMessage[] = [];
    const rejected: Rejected[] = [];
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i];
      const messageId = typeof (raw as any)?.messageId === 'string' ? String((raw as any).messageId).slice(0, 200) : undefined;
      const { bytes, nul } = measure(raw);
      if (bytes > MAX_MESSAGE_BYTES) {
        rejected.push({ index: i, messageId, message: `the message is ${bytes} bytes; at most ${MAX_MESSAGE_BYTES} bytes (32 KB) per message` });
        continue;
      }
      if (nul) {
        rejected.push({ index: i, messageId, message: 'the message contains a NUL character (\\u0000), which cannot be stored' });
        continue;
      }
      try {
        const parsed = parseMessage(raw, i, opts.type ?? null, receivedAt, opts.defaults);
        // Workspace event rules (event-rules.ts): a blocked track event is acknowledged, not stored; a renamed one is stored under its new name.
        if (await admitEvent(this.db, source.workspaceId, parsed)) messages.push(parsed);
      } catch (e) {
        if (!(e instanceof MessageError)) throw e;
        rejected.push({ index: i, messageId, message: `${e.path}: ${e.message}` });
      }
    }
    if (!messages.length) return { accepted: 0, duplicates: 0, rejected, capped: [] };
    const { inserted, capped } = await this.groups.submit(source.id, { source, messages, receivedAt });
    return { accepted: messages.length, duplicates: messages.length - inserted, rejected, capped };
  }

  /**
   * Writes the messages of several requests of one source in one transaction and tells each
   * request how many of its events were new and which of its identifiers hit the cap. Identity
   * resolution sees the requests in arrival order, each in its own message order.
   */
  private async storeGroup(items: PendingIngest[]): Promise<{ inserted: number; capped: CappedIdentity[] }[]> {
    const last = items[items.length - 1];
    const { source, receivedAt } = last;
    const messages: ParsedMessage[] = [];
    let base = 0;
    for (const item of items) {
      let top = 0;
      for (const m of item.messages) {
        top = Math.max(top, m.index);
        m.index += base; // relative order inside a request is kept
        m.receivedAt = item.receivedAt;
        messages.push(m);
      }
      base += top + 1;
    }
    // One consistent order for unique-index and row locks across concurrent batches.
    messages.sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : a.index - b.index));
    const inOrder = [...messages].sort((a, b) => a.index - b.index);
    const capped: CappedIdentity[] = [];
    // A repeated messageId (a client's retry) is rare: a group's events go in with a plain INSERT,
    // which costs the database less than ON CONFLICT DO NOTHING's speculative insertion. When one
    // is repeated after all (the unique index says so), the group is written again with ON
    // CONFLICT, and so are the source's groups for a minute after.
    let repeats = (this.repeatsUntil.get(source.id) ?? 0) > Date.now() || messages.some((m, i) => i > 0 && messages[i - 1].messageId === m.messageId);
    const inserted = await this.retrying(
      async (exclusive) => {
        capped.length = 0; // a retried attempt plans again
        return this.store(source, inOrder, messages, receivedAt, exclusive, repeats, capped);
      },
      (e) => {
        if (repeats || !isRepeatedMessage(e)) return false;
        repeats = true;
        this.repeatsUntil.set(source.id, Date.now() + 60_000);
        return true;
      },
    );
    if (capped.length) this.log.warn({ workspaceId: source.workspaceId, sourceId: source.id, capped: capped.slice(0, 20), count: capped.length }, 'identifiers not attached: maxIdentitiesPerPerson reached');
    if (items.length === 1) return [{ inserted, capped }];

    // Several requests: who got which new events (only worth a query when some were duplicates), and whose persons hit the cap.
    let stored: Set<string> | null = null;
    if (inserted < messages.length) {
      const ids = messages.map((m) => m.id);
      const rows = await this.db.selectFrom('events').select('id').where('workspace_id', '=', source.workspaceId).where('id', 'in', ids).execute();
      stored = new Set(rows.map((r) => r.id));
    }
    const owners = new Map<CappedIdentity, number>();
    for (const c of capped) {
      const k = items.findIndex((item) => item.messages.some((m) => m.personId === c.personId || (!!c.otherPersonId && m.personId === c.otherPersonId)));
      owners.set(c, Math.max(0, k));
    }
    return items.map((item, k) => ({
      inserted: stored ? item.messages.filter((m) => stored.has(m.id)).length : item.messages.length,
      capped: capped.filter((c) => owners.get(c) === k),
    }));
  }

  /**
   * Retries a transaction on deadlock or serialization failure, once in exclusive identity mode
   * when needed, and once more when `again` says the error calls for it.
   */
  private async retrying<T>(fn: (exclusive: boolean) => Promise<T>, again: (e: unknown) => boolean = () => false): Promise<T> {
    let exclusive = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(exclusive);
      } catch (e: any) {
        if (e instanceof NeedsExclusive && !exclusive) {
          exclusive = true;
          continue;
        }
        if (again(e)) continue;
        if ((e?.code === '40P01' || e?.code === '40001') && attempt < 5) {
          this.log.debug({ code: e.code, attempt }, 'ingest transaction retried');
          continue;
        }
        throw e;
      }
    }
  }

  /** `inOrder` drives identity resolution (message order); `sorted` (by messageId) the INSERT. */
  private async store(source: SourceAuth, inOrder: ParsedMessage[], sorted: ParsedMessage[], receivedAt: Date, exclusive: boolean, repeats: boolean, capped: CappedIdentity[]): Promise<number> {
    if (!exclusive) return this.storeShared(source, inOrder, sorted, receivedAt, repeats, capped);
    const ws = source.workspaceId;
    return this.db.transaction().execute(async (trx) => {
      const plan = await resolveIdentitiesExclusive(trx, ws, inOrder);
      capped.push(...plan.capped);
      await this.mergeHooks.added(trx, ws, plan.newIdentities, new Set(plan.newPersons));
      const r = await sql<{ n: number }>`
        WITH ins AS (${eventsInsert(source, receivedAt, sorted, true)}), stats AS (${statsCte(ws, 'ins')})
        SELECT count(*)::int AS n FROM ins
      `.execute(trx);
      if (plan.merges.length) {
        const actor = systemActor(ws, `source "${source.name}"`, 'api');
        for (const m of plan.merges) await this.applyMerge(trx, actor, m.from, m.into, m.reason);
      }
      if (plan.traits.size)
        await traitsUpdate(source, receivedAt, [...plan.traits].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, traits]) => ({ id, traits }))).execute(trx);
      return r.rows[0].n;
    });
  }

  /**
   * The common case, in four round trips: BEGIN with the shared identity lock; one read of the
   * batch's identifiers; one statement that writes new persons (with their traits), new identities,
   * the events and the traits of known persons; COMMIT. Batches that merge or give a known person
   * a user id throw NeedsExclusive from planning, and so does a batch whose new identity another
   * batch stored first (checked before COMMIT); both are rolled back and retried exclusively.
   */
  private async storeShared(source: SourceAuth, inOrder: ParsedMessage[], sorted: ParsedMessage[], receivedAt: Date, repeats: boolean, capped: CappedIdentity[]): Promise<number> {
    const ws = source.workspaceId;
    return this.db.connection().execute(async (conn) => {
      await sql.raw(`BEGIN; ${sharedLockSql(ws)}`).execute(conn);
      try {
        const plan = await planShared(conn, ws, inOrder, this.identityCache);
        capped.push(...plan.capped);
        const fresh = new Set(plan.newPersons);
        const persons = plan.newPersons.map((id) => ({ id, traits: plan.traits.get(id) ?? {} }));
        const known = [...plan.traits].filter(([id]) => !fresh.has(id)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, traits]) => ({ id, traits }));
        const identities = sortedIdentities(plan);
        // Lock the existing persons whose traits this batch updates (in id order) before the write,
        // and no others (concurrent writers would wait for each other's whole transaction), so that
        // the UPDATE inside the CTE below never has to recheck a row another batch changed meanwhile:
        // PostgreSQL 15.20 segfaults on that recheck (EvalPlanQual with sub-selects in a writable CTE).
        if (known.length)
          await sql`SELECT 1 FROM persons WHERE workspace_id = ${ws} AND id = ANY(${known.map((k) => k.id)}::uuid[]) ORDER BY id FOR NO KEY UPDATE`.execute(conn);
        const r = await sql<{ events: number; identities: number }>`
          WITH new_persons AS (
            INSERT INTO persons (workspace_id, id, traits, trait_meta)
            SELECT ${ws}, x.id, x.traits, (SELECT coalesce(jsonb_object_agg(k, ${traitMeta(source, receivedAt)}::jsonb), '{}'::jsonb) FROM jsonb_object_keys(x.traits) k)
            FROM jsonb_to_recordset(${JSON.stringify(persons)}::jsonb) AS x(id uuid, traits jsonb)
            RETURNING 1
          ), new_identities AS (
            INSERT INTO identities (workspace_id, kind, value, person_id)
            SELECT ${ws}, x.kind, x.value, x.person_id FROM jsonb_to_recordset(${JSON.stringify(identities)}::jsonb) AS x(kind text, value text, person_id uuid)
            ON CONFLICT DO NOTHING
            RETURNING 1
          ), new_events AS (${eventsInsert(source, receivedAt, sorted, repeats)}
          ), stats AS (${statsCte(ws, 'new_events')}
          ), known_traits AS (
            ${traitsUpdate(source, receivedAt, known)}
            RETURNING 1
          )
          SELECT (SELECT count(*) FROM new_events)::int AS events, (SELECT count(*) FROM new_identities)::int AS identities,
                 (SELECT count(*) FROM new_persons)::int AS persons, (SELECT count(*) FROM known_traits)::int AS traits
        `.execute(conn);
        if (r.rows[0].identities < identities.length) throw new NeedsExclusive(); // another batch stored one of them first
        await this.mergeHooks.added(conn as unknown as Tx, ws, plan.newIdentities, fresh);
        await sql.raw('COMMIT').execute(conn);
        if (plan.epoch !== undefined && plan.newIdentities.length) this.identityCache.added(ws, plan.epoch, plan.newIdentities);
        return r.rows[0].events;
      } catch (e) {
        await sql
          .raw('ROLLBACK')
          .execute(conn)
          .catch(() => {});
        throw e;
      }
    });
  }

  // ---------------------------------------------------------------- merges

  /**
   * Moves everything of `from` into `into`, recording what moved so that it can be undone, then
   * runs the merge hooks (directory.onMerge) in the same transaction. Every merge goes through
   * here: ingest (identify, alias, batch) and mergeIn.
   */
  private async applyMerge(trx: Tx, actor: Actor, from: string, into: string, reason: string, origin: string | null = null) {
    const ws = actor.workspaceId;
    const id = newId();
    const persons = await trx.selectFrom('persons').select(['id', 'traits', 'trait_meta']).where('workspace_id', '=', ws).where('id', 'in', [from, into]).forUpdate().execute();
    const fromTraits = persons.find((p) => p.id === from)?.traits ?? {};
    const intoTraits = persons.find((p) => p.id === into)?.traits ?? {};
    const traitMetaMerged = { ...(persons.find((p) => p.id === from)?.trait_meta ?? {}), ...(persons.find((p) => p.id === into)?.trait_meta ?? {}) };
    const moved = await trx.updateTable('identities').set({ person_id: into }).where('workspace_id', '=', ws).where('person_id', '=', from).returning(['kind', 'value']).execute();
    const ev = await sql<{ n: number }>`
      WITH recorded AS (
        INSERT INTO merge_events (workspace_id, merge_id, event_id)
        SELECT workspace_id, ${id}, id FROM events WHERE workspace_id = ${ws} AND person_id = ${from}
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM recorded
    `.execute(trx);
    await trx.updateTable('events').set({ person_id: into }).where('workspace_id', '=', ws).where('person_id', '=', from).execute();
    await trx.updateTable('persons').set({ merged_into: into, updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', from).execute();
    await recomputeStats(trx, ws, into);
    await recomputeStats(trx, ws, from);
    await trx
      .updateTable('persons')
      .set({ traits: JSON.stringify({ ...fromTraits, ...intoTraits }), trait_meta: JSON.stringify(traitMetaMerged), updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', into)
      .execute();
    const identities = moved.map((m) => ({ kind: m.kind, value: m.value }));
    await trx
      .insertInto('merges')
      .values({
        workspace_id: ws,
        id,
        from_person: from,
        into_person: into,
        reason,
        identities: JSON.stringify(identities) as any,
        event_count: ev.rows[0].n,
        from_traits: JSON.stringify(fromTraits),
        into_traits: JSON.stringify(intoTraits),
      })
      .execute();
    await this.mergeHooks.run('merge', trx, ws, { mergeId: id, from, into, reason, actor, origin });
    const view = { id, fromPerson: from, intoPerson: into, reason, identities, eventCount: ev.rows[0].n };
    await this.audit.record(trx, actor, { action: 'create', entityType: 'merge', entityId: id, after: view, record: view });
    this.log.debug({ merge: view }, 'persons merged');
    return id;
  }

  async listMerges(workspaceId: string, q: { personId?: string; limit: number; cursor?: string }) {
    let query = this.db.selectFrom('merges').selectAll().where('workspace_id', '=', workspaceId);
    if (q.personId) query = query.where((eb) => eb.or([eb('from_person', '=', q.personId!), eb('into_person', '=', q.personId!)]));
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) query = query.where('id', '<', c.id);
    const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
    return keysetPage(rows, q.limit, mergeView, (r) => ({ id: r.id }));
  }

  /**
   * Undoes a merge: the identifiers and events it moved go back to the original person, which
   * becomes a person of its own again. Traits the merge brought in (and nobody changed since) leave
   * the surviving person. Events that arrived after the merge stay where they were resolved.
   */
  async undoMerge(actor: Actor, id: string) {
    return this.db.transaction().execute((trx) => this.undoMergeIn(trx, actor, id));
  }

  /**
   * Merges `from` into `into` inside the caller's transaction (the CRM's merge of duplicates);
   * `origin` is handed to the merge hooks (MergeNotice.origin).
   */
  async mergeIn(trx: Tx, actor: Actor, from: string, into: string, reason: string, origin: string | null = null): Promise<string> {
    await lockIdentities(trx, actor.workspaceId);
    return this.applyMerge(trx, actor, from, into, reason, origin);
  }

  /** undoMerge inside the caller's transaction; runs the undo hooks (directory.onUndoMerge) before it returns. */
  async undoMergeIn(trx: Tx, actor: Actor, id: string, origin: string | null = null) {
    const ws = actor.workspaceId;
    {
      await lockIdentities(trx, ws);
      const m = await trx.selectFrom('merges').selectAll().where('workspace_id', '=', ws).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!m) throw notFound('Merge');
      if (m.undone_at) throw new AppError('CONFLICT', 'This merge has already been undone');
      if (m.identities.length)
        await sql`
          UPDATE identities i SET person_id = ${m.from_person}
          FROM jsonb_to_recordset(${JSON.stringify(m.identities)}::jsonb) AS x(kind text, value text)
          WHERE i.workspace_id = ${ws} AND i.kind = x.kind AND i.value = x.value
        `.execute(trx);
      await sql`
        UPDATE events e SET person_id = ${m.from_person}
        FROM merge_events me
        WHERE me.workspace_id = ${ws} AND me.merge_id = ${id} AND e.workspace_id = ${ws} AND e.id = me.event_id
      `.execute(trx);
      await trx.updateTable('persons').set({ merged_into: null, traits: JSON.stringify(m.from_traits), updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', m.from_person).execute();
      await recomputeStats(trx, ws, m.from_person);
      await recomputeStats(trx, ws, m.into_person);
      const into = await trx.selectFrom('persons').select(['traits', 'trait_meta']).where('workspace_id', '=', ws).where('id', '=', m.into_person).executeTakeFirst();
      if (into) {
        const traits = { ...into.traits };
        const meta = { ...into.trait_meta };
        for (const [k, v] of Object.entries(m.from_traits))
          if (!(k in m.into_traits) && JSON.stringify(traits[k]) === JSON.stringify(v)) {
            delete traits[k];
            delete meta[k];
          }
        await trx.updateTable('persons').set({ traits: JSON.stringify(traits), trait_meta: JSON.stringify(meta), updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', m.into_person).execute();
      }
      const after = await trx.updateTable('merges').set({ undone_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const view = mergeView(after);
      await this.mergeHooks.run('undo', trx, ws, { mergeId: id, from: m.from_person, into: m.into_person, reason: m.reason, actor, origin });
      await this.audit.record(trx, actor, { action: 'undone', entityType: 'merge', entityId: id, before: { undoneAt: null }, after: { undoneAt: view.undoneAt }, record: view });
      return view;
    }
  }

  // ---------------------------------------------------------------- persons and profiles

  /** The live person an id refers to (following merges), or null. */
  private async livePerson(workspaceId: string, id: string) {
    let current = id;
    for (let hops = 0; hops < 100; hops++) {
      const p = await this.db.selectFrom('persons').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', current).executeTakeFirst();
      if (!p) return null;
      if (!p.merged_into) return p;
      current = p.merged_into;
    }
    return null;
  }

  /** The unified profile. A merged-away person's id resolves to the person it was merged into. */
  async getPerson(workspaceId: string, id: string) {
    const p = await this.livePerson(workspaceId, id);
    if (!p) throw notFound('Person');
    const identities = await this.db
      .selectFrom('identities')
      .select(['kind', 'value'])
      .where('workspace_id', '=', workspaceId)
      .where('person_id', '=', p.id)
      .orderBy('kind')
      .orderBy('created_at')
      .orderBy('value')
      .execute();
    const computedTraits = await this.computedTraits.forPerson(workspaceId, p.id);
    return { id: p.id, identities, traits: p.traits, traitSources: await this.traitSources(workspaceId, p.traits, p.trait_meta), computedTraits, createdAt: p.created_at, updatedAt: p.updated_at };
  }

  /** Per trait key, the source of its current value (with the source's current name). */
  private async traitSources(workspaceId: string, traits: Record<string, unknown>, meta: Record<string, TraitMeta> | null) {
    const out: Record<string, { sourceId: string; sourceName: string | null; kind: string | null; origin: string | null; at: string | null }> = {};
    const entries = Object.entries(meta ?? {}).filter(([k, m]) => k in traits && m && typeof m.sourceId === 'string');
    if (!entries.length) return out;
    const ids = [...new Set(entries.map(([, m]) => m.sourceId))];
    const names = new Map(
      (await this.db.selectFrom('sources').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute()).map((r) => [r.id, r.name]),
    );
    for (const [k, m] of entries) out[k] = { sourceId: m.sourceId, sourceName: names.get(m.sourceId) ?? null, kind: m.kind ?? null, origin: m.origin ?? null, at: m.at ?? null };
    return out;
  }

  async lookup(workspaceId: string, kind: IdentityKind, value: string) {
    const normal = normalizeIdentity(kind, value);
    const hit = normal
      ? await this.db.selectFrom('identities').select('person_id').where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('value', '=', normal).executeTakeFirst()
      : undefined;
    if (!hit) throw notFound('Person');
    return this.getPerson(workspaceId, hit.person_id);
  }

  /** A person's events, newest first (keyset on occurred_at, id). */
  async timeline(workspaceId: string, personId: string, q: { limit: number; cursor?: string; types?: string[] }) {
    const p = await this.livePerson(workspaceId, personId);
    if (!p) throw notFound('Person');
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    let query = this.db
      .selectFrom('events as e')
      .leftJoin('sources as s', (j) => j.onRef('s.workspace_id', '=', 'e.workspace_id').onRef('s.id', '=', 'e.source_id'))
      .select(['e.id', 'e.message_id', 'e.type', 'e.event', 'e.occurred_at', 'e.properties', 'e.traits', 'e.source_id', 'e.origin', 's.name as source_name', 's.kind as source_kind'])
      .where('e.workspace_id', '=', workspaceId)
      .where('e.person_id', '=', p.id);
    if (q.types?.length) query = query.where('e.type', 'in', q.types);
    if (c) {
      if (typeof c.t !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.t))) throw new AppError('VALIDATION_FAILED', 'cursor: malformed cursor', [{ path: 'cursor', message: 'malformed cursor' }]);
      query = query.where(sql<boolean>`(e.occurred_at, e.id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    }
    const rows = await query.orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').limit(q.limit + 1).execute();
    return keysetPage(
      rows,
      q.limit,
      (r) => ({
        id: r.id,
        messageId: r.message_id,
        type: r.type,
        event: r.event,
        occurredAt: r.occurred_at,
        properties: r.type === 'identify' || r.type === 'group' ? (r.traits ?? {}) : r.properties,
        source: { id: r.source_id, name: r.source_name ?? null, kind: r.source_kind ?? null, origin: r.origin },
      }),
      (last) => ({ t: exactTime(last.occurred_at), id: last.id }),
    );
  }

  /** The live event stream (debugger): newest first; `after` returns only events newer than that event id. */
  async listEvents(workspaceId: string, q: { sourceId?: string; after?: string; limit: number; cursor?: string }) {
    // The debugger shows what arrives from sources; entries other modules append to timelines
    // (CRM changes, activities, …) are not incoming data.
    let query = this.db.selectFrom('events').selectAll().where('workspace_id', '=', workspaceId).where('type', 'in', ['track', 'page', 'screen', 'identify', 'group', 'alias']);
    if (q.sourceId) query = query.where('source_id', '=', q.sourceId);
    if (q.after) query = query.where('id', '>', q.after);
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) query = query.where('id', '<', c.id);
    const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
    return keysetPage(
      rows,
      q.limit,
      (r) => ({
        id: r.id,
        messageId: r.message_id,
        type: r.type,
        event: r.event,
        userId: r.user_id,
        anonymousId: r.anonymous_id,
        personId: r.person_id,
        sourceId: r.source_id,
        origin: r.origin,
        occurredAt: r.occurred_at,
        receivedAt: r.received_at,
        sentAt: r.sent_at,
        originalTimestamp: r.original_timestamp,
        properties: r.properties,
        traits: r.traits,
        context: r.context,
        extra: r.extra,
      }),
      (last) => ({ id: last.id }),
    );
  }
}

const newWriteKey = () => `wk_${randomToken(24)}`;

/** The trait_meta entry of every trait a batch from `source` sets. */
const traitMeta = (source: SourceAuth, at: Date) => JSON.stringify({ sourceId: source.id, kind: source.kind, origin: source.origin, at: at.toISOString() } satisfies TraitMeta);

/**
 * The traits UPDATE for known persons, set-based, with trait_meta written in the same statement.
 * Latest wins, except where the workspace's `traitPrecedence` setting ({trait: [source kinds, most
 * trusted first]}) ranks the kind of the source of the current value above this source's kind:
 * then the current value stands. Kinds not in a trait's list rank below every listed kind; a value
 * with no recorded source always yields.
 */
function traitsUpdate(source: SourceAuth, at: Date, rows: { id: string; traits: Record<string, unknown> }[]) {
  const ws = source.workspaceId;
  const rank = (kind: ReturnType<typeof sql>) =>
    sql`coalesce((SELECT e.o FROM jsonb_array_elements_text(pr.tp -> t.key) WITH ORDINALITY AS e(v, o) WHERE e.v = ${kind} LIMIT 1), 1000000)`;
  const kept = sql`
        FROM jsonb_each(x.traits) AS t
        WHERE NOT (jsonb_typeof(pr.tp -> t.key) = 'array' AND (p.trait_meta -> t.key) IS NOT NULL
                   AND ${rank(sql`p.trait_meta -> t.key ->> 'kind'`)} < ${rank(sql`${source.kind}::text`)})`;
  // Two scalar sub-selects, not `SET (traits, trait_meta) = (SELECT …)`: PostgreSQL 15 segfaulted on
  // that multiple-assignment form when concurrent batches updated the same person (row recheck).
  return sql`
    UPDATE persons p SET
      traits = p.traits || (SELECT coalesce(jsonb_object_agg(t.key, t.value), '{}'::jsonb) ${kept}),
      trait_meta = p.trait_meta || (SELECT coalesce(jsonb_object_agg(t.key, ${traitMeta(source, at)}::jsonb), '{}'::jsonb) ${kept}),
      updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, traits jsonb),
         (SELECT (SELECT settings -> 'traitPrecedence' FROM workspaces WHERE id = ${ws}) AS tp) AS pr
    WHERE p.workspace_id = ${ws} AND p.id = x.id AND p.id = ANY(${rows.map((r) => r.id)}::uuid[])`;
  // (p.id = ANY(…) repeats the join as an index condition: without statistics the join alone was
  // planned as a hash join over every person of the workspace.)
}

/**
 * The INSERT of a batch's events, returning what the stats CTE (computed-traits.ts statsCte) reads;
 * both ingest paths put it in a CTE. With `skipRepeated` a repeated messageId is skipped; without,
 * it fails the statement (isRepeatedMessage) and the caller writes the batch again with it.
 */
function eventsInsert(source: SourceAuth, receivedAt: Date, sorted: ParsedMessage[], skipRepeated: boolean) {
  return sql`
    INSERT INTO events (workspace_id, id, message_id, type, event, person_id, user_id, anonymous_id, source_id, origin,
                        occurred_at, received_at, sent_at, original_timestamp, properties, traits, context, extra)
    SELECT ${source.workspaceId}, x.id, x.message_id, x.type, x.event, x.person_id, x.user_id, x.anonymous_id, ${source.id}, ${source.origin},
           x.occurred_at, coalesce(x.received_at, ${receivedAt}), x.sent_at, x.original_timestamp, coalesce(x.properties, '{}'::jsonb), x.traits, coalesce(x.context, '{}'::jsonb), x.extra
    FROM jsonb_to_recordset(${eventRows(sorted)}::jsonb) AS x(
      id uuid, message_id text, type text, event text, person_id uuid, user_id text, anonymous_id text,
      occurred_at timestamptz, received_at timestamptz, sent_at timestamptz, original_timestamp timestamptz, properties jsonb, traits jsonb, context jsonb, extra jsonb)
    ${skipRepeated ? sql`ON CONFLICT (workspace_id, message_id) DO NOTHING` : sql``}
    RETURNING person_id, type, event, occurred_at, properties`;
}

/** The events' messageId unique index refused a row: a repeated message. */
function isRepeatedMessage(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string } | null;
  return err?.code === '23505' && (err.constraint === 'events_message_id_key' || /events_message_id_key/.test(err.message ?? ''));
}

/** A batch's events as one JSON array for jsonb_to_recordset. */
function eventRows(messages: ParsedMessage[]): string {
  return JSON.stringify(
    messages.map((m) => ({
      id: m.id,
      message_id: m.messageId,
      type: m.type,
      event: m.event,
      person_id: m.personId ?? null,
      user_id: m.userId,
      anonymous_id: m.anonymousId,
      occurred_at: m.occurredAt,
      received_at: m.receivedAt ?? null,
      sent_at: m.sentAt,
      original_timestamp: m.originalTimestamp,
      properties: m.properties,
      traits: m.traits,
      context: m.context,
      extra: m.extra,
    })),
  );
}

function mergeView(m: { id: string; from_person: string; into_person: string; reason: string; identities: { kind: string; value: string }[]; event_count: number; created_at: Date; undone_at: Date | null }) {
  return {
    id: m.id,
    fromPerson: m.from_person,
    intoPerson: m.into_person,
    reason: m.reason,
    identities: m.identities,
    eventCount: m.event_count,
    createdAt: m.created_at,
    undoneAt: m.undone_at,
  };
}
