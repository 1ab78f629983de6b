import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Tx } from '../core/db/schema.ts';
import { systemActor } from '../core/auth/actor.ts';
import { GroupCommit } from '../core/db/group-commit.ts';
import {
  MAX_MESSAGE_BYTES,
  MessageError,
  measure,
  parseMessage,
  type BatchDefaults,
  type EventType,
  type ParsedMessage,
  type Rejected,
} from './messages.ts';
import { admitEvent } from './event-rules.ts';
import {
  IdentityCache,
  NeedsExclusive,
  type CappedIdentity,
  planShared,
  resolveIdentitiesExclusive,
  sharedLockSql,
  sortedIdentities,
} from './identity.ts';
import { queueCte } from './fold-queue.ts';
import type { MergeHooks } from './directory.ts';
import type { Merges } from './merges.ts';
import type { SourceAuth } from './sources.ts';
import type { TraitMeta } from './tables.ts';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejected[];
  /** Identifiers not attached (and merges not made) because a person reached maxIdentitiesPerPerson. */
  capped: CappedIdentity[];
}

/**
 * Told, after a group's transaction committed, which persons got which messages (the computed
 * traits follower folds what the transaction queued). Called synchronously: it must only take note.
 */
export type StoredListener = (workspaceId: string, messages: readonly ParsedMessage[]) => void;

/** Events a group commit writes in one transaction at most (see ingest). */
const MAX_GROUP_EVENTS = 5_000;

/**
 * A source's further concurrent writes (up to ingestWriters) start only once this many events wait
 * (GroupCommit parallelFrom); until then they join the running write's next group. Each group pays a
 * fixed cost on both sides (statements, planning, its commit, and a fold and a segment pass after
 * it), so fewer, larger groups cost less per event. Measured (bench/ingest, PostgreSQL, 16
 * connections, back to back): without it 13,322 events/s, 51 + 70 µs of server + database CPU per
 * event, p99 215 ms; with 1,000: 13,752/s, 47 + 63 µs, p99 167 ms; with 2,000: 11,878/s (too few
 * writes in flight to hide their round trips).
 */
const PARALLEL_FROM_EVENTS = 1_000;

/** One request's admitted messages, waiting for its group's write. */
interface PendingIngest {
  source: SourceAuth;
  messages: ParsedMessage[];
  receivedAt: Date;
}

/**
 * Segment-spec ingestion, the write path of every tracked event: parse and admit (ingest), then
 * group concurrent requests of a source into one transaction (storeGroup) that resolves identities
 * and writes persons, identities, events and traits (store, storeShared), and queues the stored
 * events for the computed traits follower (fold-queue.ts): a request is acknowledged once its
 * events and identities are durable; computed traits and segment membership follow within a
 * moment. What must happen to every stored event goes to that follower, not on this path.
 */
export class Ingest {
  /** Identifiers ingest has read or written, per workspace (identity.ts IdentityCache). */
  private identityCache = new IdentityCache();
  /** Sources that sent a repeated messageId lately, until when (see storeGroup). */
  private repeatsUntil = new Map<string, number>();
  /** Concurrent ingest requests of one source share a transaction (group commit). */
  private groups: GroupCommit<PendingIngest, { inserted: number; capped: CappedIdentity[] }>;
  private storedListeners: StoredListener[] = [];

  constructor(
    private db: Db,
    private log: Logger,
    private mergeHooks: MergeHooks,
    private merges: Merges,
    opts: { ingestWriters?: number } = {},
  ) {
    this.groups = new GroupCommit({
      write: (items) => this.storeGroup(items),
      weight: (item) => item.messages.length,
      maxWeight: MAX_GROUP_EVENTS,
      parallel: opts.ingestWriters ?? 1,
      parallelFrom: PARALLEL_FROM_EVENTS,
    });
  }

  /** Registers a listener told about every committed group (see StoredListener). */
  onStored(listener: StoredListener): void {
    this.storedListeners.push(listener);
  }

  /**
   * Stores a batch of Segment-spec messages from one source. Malformed messages are rejected one by
   * one (reported with their index); the rest commit in one transaction before this returns: new
   * persons and identities, the events (one multi-row INSERT, a repeated messageId is skipped),
   * merges, identify traits, and the fold queue's row for computed traits (folded after the commit).
   */
  async ingest(
    source: SourceAuth,
    raws: unknown[],
    opts: { type?: EventType | null; defaults?: BatchDefaults; receivedAt?: Date } = {},
  ): Promise<IngestResult> {
    const receivedAt = opts.receivedAt ?? new Date();
    const parsed: ParsedMessage[] = [];
    const rejected: Rejected[] = [];
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i];
      const messageId =
        typeof (raw as any)?.messageId === 'string' ? String((raw as any).messageId).slice(0, 200) : undefined;
      const refused = unstorable(raw);
      if (refused) {
        rejected.push({ index: i, messageId, message: refused });
        continue;
      }
      try {
        parsed.push(parseMessage(raw, i, opts.type ?? null, receivedAt, opts.defaults));
      } catch (e) {
        if (!(e instanceof MessageError)) throw e;
        rejected.push({ index: i, messageId, message: `${e.path}: ${e.message}` });
      }
    }
    return this.ingestParsed(source, parsed, receivedAt, rejected);
  }

  /**
   * Stores messages the caller already checked (unstorable) and parsed (parseMessage with the same
   * `receivedAt`): the tracking API's single-message routes parse to answer a malformed message
   * with a 400, and hand the result on rather than have it parsed twice.
   */
  async ingestParsed(
    source: SourceAuth,
    parsed: ParsedMessage[],
    receivedAt: Date,
    rejected: Rejected[] = [],
  ): Promise<IngestResult> {
    const messages: ParsedMessage[] = [];
    // Workspace event rules (event-rules.ts): a blocked track event is acknowledged, not stored; a renamed one is stored under its new name.
    for (const m of parsed) if (await admitEvent(this.db, source.workspaceId, m)) messages.push(m);
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
    let repeats =
      (this.repeatsUntil.get(source.id) ?? 0) > Date.now() ||
      messages.some((m, i) => i > 0 && messages[i - 1].messageId === m.messageId);
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
    if (capped.length)
      this.log.warn(
        { workspaceId: source.workspaceId, sourceId: source.id, capped: capped.slice(0, 20), count: capped.length },
        'identifiers not attached: maxIdentitiesPerPerson reached',
      );
    for (const listener of this.storedListeners) listener(source.workspaceId, messages);
    if (items.length === 1) return [{ inserted, capped }];

    // Several requests: who got which new events (only worth a query when some were duplicates), and whose persons hit the cap.
    let stored: Set<string> | null = null;
    if (inserted < messages.length) {
      const ids = messages.map((m) => m.id);
      const rows = await this.db
        .selectFrom('events')
        .select('id')
        .where('workspace_id', '=', source.workspaceId)
        .where('id', 'in', ids)
        .execute();
      stored = new Set(rows.map((r) => r.id));
    }
    const owners = new Map<CappedIdentity, number>();
    for (const c of capped) {
      const k = items.findIndex((item) =>
        item.messages.some((m) => m.personId === c.personId || (!!c.otherPersonId && m.personId === c.otherPersonId)),
      );
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
  private async retrying<T>(
    fn: (exclusive: boolean) => Promise<T>,
    again: (e: unknown) => boolean = () => false,
  ): Promise<T> {
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
  private async store(
    source: SourceAuth,
    inOrder: ParsedMessage[],
    sorted: ParsedMessage[],
    receivedAt: Date,
    exclusive: boolean,
    repeats: boolean,
    capped: CappedIdentity[],
  ): Promise<number> {
    if (!exclusive) return this.storeShared(source, inOrder, sorted, receivedAt, repeats, capped);
    const ws = source.workspaceId;
    return this.db.transaction().execute(async (trx) => {
      const plan = await resolveIdentitiesExclusive(trx, ws, inOrder);
      capped.push(...plan.capped);
      await this.mergeHooks.added(trx, ws, plan.newIdentities, new Set(plan.newPersons));
      // Queued in the events' own statement, before the merges below: a merge folds the queued rows
      // of its persons (this one too) before it recomputes their stats, so nothing counts twice.
      const r = await sql<{ n: number }>`
        WITH ins AS (${eventsInsert(source, receivedAt, sorted, true)}), queued AS (${queueCte(ws, 'ins')})
        SELECT count(*)::int AS n FROM ins
      `.execute(trx);
      if (plan.merges.length) {
        const actor = systemActor(ws, `source "${source.name}"`, 'api');
        for (const m of plan.merges) await this.merges.applyMerge(trx, actor, m.from, m.into, m.reason);
      }
      if (plan.traits.size)
        await traitsUpdate(
          source,
          receivedAt,
          [...plan.traits].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, traits]) => ({ id, traits })),
        ).execute(trx);
      return r.rows[0].n;
    });
  }

  /**
   * The common case. The batch is planned first (planShared: its identifiers from the identity
   * cache; only those the cache lacks are read, outside the transaction, and none at all when the
   * cache knows them all and nothing is to be written — the steady state), then written in four
   * round trips: BEGIN with the shared identity lock; the row locks of the known persons whose
   * traits it updates; one statement that writes new persons (with their traits), new identities,
   * the events, their fold queue row and the traits of known persons; COMMIT. That statement fails
   * (recheck) when another batch stored one of its new identities first, or when identities
   * changed since the plan was made (the workspace's identity epoch moved: a merge, undo or
   * erasure); the batch then rolls back and is retried exclusively, as are batches that merge or
   * give a known person a user id (NeedsExclusive from planning).
   */
  private async storeShared(
    source: SourceAuth,
    inOrder: ParsedMessage[],
    sorted: ParsedMessage[],
    receivedAt: Date,
    repeats: boolean,
    capped: CappedIdentity[],
  ): Promise<number> {
    const ws = source.workspaceId;
    return this.db.connection().execute(async (conn) => {
      const plan = await planShared(conn, ws, inOrder, this.identityCache);
      capped.push(...plan.capped);
      const fresh = new Set(plan.newPersons);
      const persons = plan.newPersons.map((id) => ({ id, traits: plan.traits.get(id) ?? {} }));
      const known = [...plan.traits]
        .filter(([id]) => !fresh.has(id))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, traits]) => ({ id, traits }));
      const identities = sortedIdentities(plan);
      // Lock the existing persons whose traits this batch updates (in id order) before the write,
      // and no others (concurrent writers would wait for each other's whole transaction), so that
      // the UPDATE inside the CTE below never has to recheck a row another batch changed meanwhile:
      // PostgreSQL 15.20 segfaults on that recheck (EvalPlanQual with sub-selects in a writable CTE).
      const lockKnown = known.length
        ? sql`SELECT 1 FROM persons WHERE workspace_id = ${ws} AND id = ANY(${known.map((k) => k.id)}::uuid[]) ORDER BY id FOR NO KEY UPDATE`
        : null;
      const write = sql<{ events: number; identities: number }>`
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
        ), queued AS (${queueCte(ws, 'new_events')}
        ), known_traits AS (
          ${traitsUpdate(source, receivedAt, known)}
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM new_events)::int AS events, (SELECT count(*) FROM new_identities)::int AS identities,
               (SELECT count(*) FROM new_persons)::int AS persons, (SELECT count(*) FROM known_traits)::int AS traits,
               ${recheck(ws, identities.length, plan.epoch)} AS recheck
      `;
      try {
        await sql.raw(`BEGIN; ${sharedLockSql(ws)}`).execute(conn);
        if (lockKnown) await lockKnown.execute(conn);
        const r = await write.execute(conn);
        await this.mergeHooks.added(conn as unknown as Tx, ws, plan.newIdentities, fresh);
        await sql.raw('COMMIT').execute(conn);
        if (plan.epoch !== undefined && plan.newIdentities.length)
          this.identityCache.added(ws, plan.epoch, plan.newIdentities);
        return r.rows[0].events;
      } catch (e) {
        await sql
          .raw('ROLLBACK')
          .execute(conn)
          .catch(() => {});
        if (isRecheck(e)) {
          this.identityCache.drop(ws); // what it planned from may be stale: read afresh next time
          throw new NeedsExclusive();
        }
        throw e;
      }
    });
  }
}

/** Marks the error recheck() raises. */
const RECHECK = 'kartoteka-ingest-recheck';

/**
 * An expression that fails the shared path's write (so that it rolls back) when fewer of its new
 * identities were inserted than planned (another batch stored one first) or when the workspace's
 * identity epoch is no longer the one the plan was made at. Plain SQL has no RAISE: the failure is
 * a cast of a marked text to integer, built from the counts so that the planner cannot fold it.
 */
function recheck(workspaceId: string, identities: number, epoch: string | undefined) {
  const inserted = sql`(SELECT count(*) FROM new_identities)`;
  const moved =
    epoch === undefined
      ? sql`false`
      : sql`coalesce((SELECT epoch::text FROM identity_epochs WHERE workspace_id = ${workspaceId}), '0') <> ${epoch}::text`;
  return sql`CASE WHEN ${inserted} < ${identities}::int OR ${moved} THEN (${RECHECK}::text || ' ' || ${inserted})::int END`;
}

const isRecheck = (e: unknown) => (e as { message?: string } | null)?.message?.includes(RECHECK) ?? false;

export const NUL_REJECTED = 'the message contains a NUL character (\\u0000), which cannot be stored';

/** Why a raw message cannot be stored whatever its content (too large, a NUL), or null. */
export function unstorable(raw: unknown): string | null {
  const { bytes, nul } = measure(raw);
  if (bytes > MAX_MESSAGE_BYTES)
    return `the message is ${bytes} bytes; at most ${MAX_MESSAGE_BYTES} bytes (32 KB) per message`;
  if (nul) return NUL_REJECTED;
  return null;
}

/** The trait_meta entry of every trait a batch from `source` sets. */
const traitMeta = (source: SourceAuth, at: Date) =>
  JSON.stringify({
    sourceId: source.id,
    kind: source.kind,
    origin: source.origin,
    at: at.toISOString(),
  } satisfies TraitMeta);

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
 * The INSERT of a batch's events, returning what the fold queue's CTE (fold-queue.ts queueCte)
 * reads; both ingest paths put it in a CTE. With `skipRepeated` a repeated messageId is skipped; without,
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
    RETURNING id, person_id`;
}

/** The events' messageId unique index refused a row: a repeated message. */
function isRepeatedMessage(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string } | null;
  return (
    err?.code === '23505' &&
    (err.constraint === 'events_message_id_key' || /events_message_id_key/.test(err.message ?? ''))
  );
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
