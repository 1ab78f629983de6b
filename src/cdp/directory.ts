import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { identityKey, type Identity } from './identifiers.ts';
import { lockIdentities } from './identity.ts';

/** An entry another module appends to a person's event stream (its timeline). */
export interface AppendedEvent {
  personId: string;
  /** Not a Segment type: `change`, `activity`, `deal`, `consent`, `message`, `ticket`, … */
  type: string;
  event: string;
  properties?: Record<string, unknown>;
  occurredAt?: Date;
  /** Idempotency: the same messageId is stored once (default: a new id). */
  messageId?: string;
}

interface MergeOps {
  mergeIn(trx: Tx, actor: Actor, from: string, into: string, reason: string, origin?: string | null): Promise<string>;
  undoMergeIn(trx: Tx, actor: Actor, id: string, origin?: string | null): Promise<unknown>;
}

/** A merge of two persons (or the undo of one), as the merge hooks see it. */
export interface MergeNotice {
  /** The CDP merge (`merges.id`, `GET /api/v1/merges`). */
  mergeId: string;
  /** The merged-away person. */
  from: string;
  /** The surviving person. */
  into: string;
  reason: string;
  actor: Actor;
  /**
   * The module that asked for this merge or undo through `directory.merge`/`undoMerge` with an
   * origin (e.g. `crm`), so that its own handler can skip what it does itself; null for the CDP's
   * own merges (ingest: identify, alias, batch) and for undos from the CDP's merge history.
   */
  origin: string | null;
}

/** Runs inside the merge's (or undo's) transaction, with the workspace's identity lock held; throwing rolls it back. */
export type MergeHandler = (trx: Tx, workspaceId: string, merge: MergeNotice) => Promise<void>;

/** An email or phone that tracking attached to a person who existed before (an identify's traits). */
export interface AddedIdentity {
  personId: string;
  kind: 'email' | 'phone';
  value: string;
}

/** Runs inside the ingest transaction, with the workspace's identity lock held; throwing rolls the batch back. */
export type IdentitiesHandler = (trx: Tx, workspaceId: string, added: AddedIdentity[]) => Promise<void>;

/** The handlers other modules registered for merges and undos (called by the CDP only when one happens). */
export class MergeHooks {
  readonly merge: MergeHandler[] = [];
  readonly undo: MergeHandler[] = [];
  readonly identities: IdentitiesHandler[] = [];

  /** Runs the identities handlers for the plan's new emails and phones of persons that are not new. */
  async added(
    trx: Tx,
    workspaceId: string,
    newIdentities: { kind: string; value: string; personId: string }[],
    freshPersons: Set<string>,
  ): Promise<void> {
    if (!this.identities.length) return;
    const added = newIdentities.filter(
      (i): i is AddedIdentity => (i.kind === 'email' || i.kind === 'phone') && !freshPersons.has(i.personId),
    );
    if (!added.length) return;
    for (const h of this.identities) await h(trx, workspaceId, added);
  }

  async run(which: 'merge' | 'undo', trx: Tx, workspaceId: string, notice: MergeNotice): Promise<void> {
    for (const h of this[which]) await h(trx, workspaceId, notice);
  }
}

/**
 * How other modules (the CRM first) reach persons, identities and the event stream without
 * touching the CDP's tables. Everything runs in the caller's transaction, so a CRM write and the
 * identities and timeline entries it implies commit or roll back together.
 */
export class PersonDirectory {
  /** workspace → id of its built-in source for events appended by modules (safe to lose). */
  private internalSources = new Map<string, string>();

  constructor(
    _db: Db,
    private ops: MergeOps,
    private hooks: MergeHooks = new MergeHooks(),
  ) {}

  /**
   * Registers a handler called for every merge of two persons, whichever path made it (tracking
   * ingest — identify, alias, batch —, `merge` below), inside the merge's transaction after the
   * identities and events moved. Nothing runs on ingest batches that merge nobody.
   */
  onMerge(handler: MergeHandler): void {
    this.hooks.merge.push(handler);
  }

  /** Registers a handler called for every undone merge (the CDP's merge history or `undoMerge`), inside the undo's transaction. */
  onUndoMerge(handler: MergeHandler): void {
    this.hooks.undo.push(handler);
  }

  /**
   * Registers a handler called when tracking (an identify's traits) gives a person who existed
   * before the batch a new email or phone, inside the ingest transaction, before any merge that
   * batch makes. Nothing runs on batches that add none.
   */
  onIdentitiesAdded(handler: IdentitiesHandler): void {
    this.hooks.identities.push(handler);
  }

  /** Takes the workspace's identity lock: call before resolve → create/attach in one transaction. */
  lock(trx: Tx, workspaceId: string) {
    return lockIdentities(trx, workspaceId);
  }

  /** Which live person each (already normalised) identity belongs to; keys from `identityKey`. */
  async resolve(trx: DbOrTx, workspaceId: string, identities: Identity[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!identities.length) return out;
    const rows = await sql<{ kind: string; value: string; person_id: string }>`
      SELECT x.kind, x.value, coalesce(p.merged_into, i.person_id) AS person_id
      FROM jsonb_to_recordset(${JSON.stringify(identities)}::jsonb) AS x(kind text, value text)
      -- Index probes per identifier whatever the statistics say (see identity.ts readKnown).
      JOIN LATERAL (SELECT i.person_id FROM identities i WHERE i.workspace_id = ${workspaceId} AND i.kind = x.kind AND i.value = x.value LIMIT 1) i ON true
      JOIN LATERAL (SELECT p.merged_into FROM persons p WHERE p.workspace_id = ${workspaceId} AND p.id = i.person_id LIMIT 1) p ON true
    `.execute(trx);
    for (const r of rows.rows) out.set(identityKey(r.kind, r.value), r.person_id);
    return out;
  }

  /**
   * New persons, each with its identities (which must be free: resolve them first under the lock).
   * Returns the ids in input order.
   */
  async create(
    trx: DbOrTx,
    workspaceId: string,
    persons: { id?: string; traits?: Record<string, unknown>; identities: Identity[] }[],
  ): Promise<string[]> {
    if (!persons.length) return [];
    const rows = persons.map((p) => ({ id: p.id ?? newId(), traits: p.traits ?? {} }));
    await sql`
      INSERT INTO persons (workspace_id, id, traits)
      SELECT ${workspaceId}, x.id, x.traits FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, traits jsonb)
    `.execute(trx);
    const identities = persons.flatMap((p, i) => p.identities.map((id) => ({ ...id, person_id: rows[i].id })));
    await this.insertIdentities(trx, workspaceId, identities);
    return rows.map((r) => r.id);
  }

  /** Attaches identities to existing persons; ones already taken are left alone and returned. */
  async attach(trx: DbOrTx, workspaceId: string, personId: string, identities: Identity[]): Promise<Identity[]> {
    const stored = await this.insertIdentities(
      trx,
      workspaceId,
      identities.map((i) => ({ ...i, person_id: personId })),
    );
    const got = new Set(stored.map((s) => identityKey(s.kind, s.value)));
    return identities.filter((i) => !got.has(identityKey(i.kind, i.value)));
  }

  /** `attach` for many persons in one statement (bulk imports); returns the ones already taken. */
  async attachMany(
    trx: DbOrTx,
    workspaceId: string,
    rows: (Identity & { personId: string })[],
  ): Promise<(Identity & { personId: string })[]> {
    const stored = await this.insertIdentities(
      trx,
      workspaceId,
      rows.map(({ personId, ...i }) => ({ ...i, person_id: personId })),
    );
    const got = new Set(stored.map((s) => identityKey(s.kind, s.value)));
    return rows.filter((i) => !got.has(identityKey(i.kind, i.value)));
  }

  /** Detaches identities from a person (e.g. an email removed in the CRM). */
  async detach(trx: DbOrTx, workspaceId: string, personId: string, identities: Identity[]): Promise<void> {
    if (!identities.length) return;
    await sql`
      DELETE FROM identities i USING jsonb_to_recordset(${JSON.stringify(identities)}::jsonb) AS x(kind text, value text)
      WHERE i.workspace_id = ${workspaceId} AND i.person_id = ${personId} AND i.kind = x.kind AND i.value = x.value
    `.execute(trx);
  }

  /** The identities of a person (live id or merged-away id). */
  async identitiesOf(trx: DbOrTx, workspaceId: string, personId: string): Promise<Identity[]> {
    const rows = await trx
      .selectFrom('identities')
      .select(['kind', 'value'])
      .where('workspace_id', '=', workspaceId)
      .where('person_id', '=', personId)
      .orderBy('kind')
      .orderBy('value')
      .execute();
    return rows as Identity[];
  }

  /** The live id of a person: itself, or the person it was merged into; null when unknown. */
  async liveId(trx: DbOrTx, workspaceId: string, id: string): Promise<string | null> {
    let current = id;
    for (let hops = 0; hops < 100; hops++) {
      const p = await trx
        .selectFrom('persons')
        .select(['id', 'merged_into'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', current)
        .executeTakeFirst();
      if (!p) return null;
      if (!p.merged_into) return p.id;
      current = p.merged_into;
    }
    return null;
  }

  /** Appends entries to persons' event streams (their timelines), from the workspace's built-in "CRM" source. */
  async appendEvents(trx: DbOrTx, workspaceId: string, events: AppendedEvent[]): Promise<void> {
    if (!events.length) return;
    const sourceId = await this.internalSource(trx, workspaceId);
    const now = new Date();
    const rows = events.map((e) => {
      if (!e.type || ['track', 'page', 'screen', 'identify', 'group', 'alias'].includes(e.type))
        throw new Error(`appendEvents: "${e.type}" is reserved for tracked events`);
      const id = newId();
      return {
        id,
        message_id: e.messageId ?? `int:${id}`,
        type: e.type,
        event: e.event,
        person_id: e.personId,
        occurred_at: (e.occurredAt ?? now).toISOString(),
        properties: e.properties ?? {},
      };
    });
    await sql`
      INSERT INTO events (workspace_id, id, message_id, type, event, person_id, source_id, origin, occurred_at, received_at, properties)
      SELECT ${workspaceId}, x.id, x.message_id, x.type, x.event, x.person_id, ${sourceId}, 'first', x.occurred_at, ${now}, x.properties
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, message_id text, type text, event text, person_id uuid, occurred_at timestamptz, properties jsonb)
      ON CONFLICT (workspace_id, message_id) DO NOTHING
    `.execute(trx);
  }

  /**
   * Sets traits of a live person in the caller's transaction (a journey's update_trait step): each
   * a dotted path (`address.city`, missing objects on the way created) and a JSON value, recorded
   * in trait_meta as coming from the workspace's built-in source. Returns false for no such live
   * person (nothing written). Segments are the caller's to re-evaluate (`segments.evaluate` with
   * `{ traits: true }`).
   */
  async setTraits(
    trx: DbOrTx,
    workspaceId: string,
    personId: string,
    traits: { path: string; value: unknown }[],
  ): Promise<boolean> {
    if (!traits.length) return true;
    return (await this.setTraitsOf(trx, workspaceId, [personId], traits)).size > 0;
  }

  /**
   * `setTraits` for many live persons in one statement (a journey batch's update_trait steps):
   * the same traits for each. Returns the ids written (a missing or merged-away id is not).
   */
  async setTraitsOf(
    trx: DbOrTx,
    workspaceId: string,
    personIds: readonly string[],
    traits: { path: string; value: unknown }[],
  ): Promise<Set<string>> {
    if (!traits.length || !personIds.length) return new Set(traits.length ? [] : personIds);
    const sourceId = await this.internalSource(trx, workspaceId);
    let expr = sql`p.traits`;
    for (const t of traits) {
      const parts = t.path.split('.');
      // Every object on the way exists (an absent or non-object one becomes {}), then the value.
      for (let i = 1; i < parts.length; i++) {
        const at = parts.slice(0, i);
        expr = sql`jsonb_set(${expr}, ${at}::text[], CASE WHEN jsonb_typeof(${expr} #> ${at}::text[]) = 'object' THEN ${expr} #> ${at}::text[] ELSE '{}'::jsonb END, true)`;
      }
      expr = sql`jsonb_set(${expr}, ${parts}::text[], ${JSON.stringify(t.value ?? null)}::jsonb, true)`;
    }
    const meta = JSON.stringify(
      Object.fromEntries(
        traits.map((t) => [
          t.path.split('.')[0],
          { sourceId, kind: 'crm', origin: 'first', at: new Date().toISOString() },
        ]),
      ),
    );
    const r = await sql<{ id: string }>`
      UPDATE persons p SET traits = ${expr}, trait_meta = p.trait_meta || ${meta}::jsonb, updated_at = now()
      WHERE p.workspace_id = ${workspaceId} AND p.id = ANY(${[...new Set(personIds)]}::uuid[]) AND p.merged_into IS NULL
      RETURNING p.id
    `.execute(trx);
    return new Set(r.rows.map((x) => x.id));
  }

  /**
   * Live persons whose date trait (`birthday`, `renewal.date`: "YYYY-MM-DD…") falls, by month and
   * day, `offsetDays` after today in their own time zone (their `timezone` trait when PostgreSQL
   * knows the zone, else `fallbackZone`): offsetDays −3 finds the birthdays three days from now.
   * A page of at most `limit` by person id after `after`; `date` is the person's local today.
   */
  async dateTraitDue(
    db: DbOrTx,
    workspaceId: string,
    q: { trait: string; offsetDays?: number; fallbackZone: string; now?: Date; after?: string; limit: number },
  ): Promise<{ personId: string; timezone: string; date: string; value: string }[]> {
    const path = q.trait.split('.');
    const r = await sql<{ person_id: string; tz: string; today: string; value: string }>`
      WITH p AS (
        SELECT id, traits #>> ${path}::text[] AS v,
          CASE WHEN traits->>'timezone' IN (SELECT name FROM pg_timezone_names) THEN traits->>'timezone' ELSE ${q.fallbackZone} END AS tz
        FROM persons
        WHERE workspace_id = ${workspaceId} AND merged_into IS NULL AND id > ${q.after ?? '00000000-0000-0000-0000-000000000000'}::uuid
          AND (traits #>> ${path}::text[]) ~ '^\\d{4}-\\d{2}-\\d{2}'
      )
      SELECT id AS person_id, tz, to_char((${q.now ?? new Date()}::timestamptz AT TIME ZONE tz)::date, 'YYYY-MM-DD') AS today, v AS value
      FROM p
      WHERE substr(v, 6, 5) = to_char((${q.now ?? new Date()}::timestamptz AT TIME ZONE tz)::date - ${q.offsetDays ?? 0}::int, 'MM-DD')
      ORDER BY id
      LIMIT ${q.limit}
    `.execute(db);
    return r.rows.map((x) => ({ personId: x.person_id, timezone: x.tz, date: x.today, value: x.value }));
  }

  /**
   * Takes back entries a module appended (e.g. the timeline entries of an activity deleted in the
   * CRM): the person's `type` events whose properties contain `match`. Tracked events cannot be
   * removed this way. Returns how many went.
   */
  async removeEvents(
    trx: DbOrTx,
    workspaceId: string,
    personId: string,
    type: string,
    match: Record<string, string>,
  ): Promise<number> {
    if (['track', 'page', 'screen', 'identify', 'group', 'alias'].includes(type))
      throw new Error(`removeEvents: "${type}" events are tracked, not appended`);
    // Appended to this id, or moved to the person it was merged into since.
    const ids = [...new Set([personId, (await this.liveId(trx, workspaceId, personId)) ?? personId])];
    const r = await sql`
      DELETE FROM events WHERE workspace_id = ${workspaceId} AND person_id = ANY(${ids}::uuid[]) AND type = ${type} AND properties @> ${JSON.stringify(match)}::jsonb
    `.execute(trx);
    return Number(r.numAffectedRows ?? 0);
  }

  /**
   * Merges `from` into `into` (identities, events, traits), recorded and undoable; returns the CDP
   * merge id. `origin` names the calling module to the merge hooks (see MergeNotice.origin).
   */
  merge(
    trx: Tx,
    actor: Actor,
    from: string,
    into: string,
    reason: string,
    opts: { origin?: string } = {},
  ): Promise<string> {
    if (from === into) throw new AppError('VALIDATION_FAILED', 'A person cannot be merged into itself');
    return this.ops.mergeIn(trx, actor, from, into, reason, opts.origin ?? null);
  }

  undoMerge(trx: Tx, actor: Actor, mergeId: string, opts: { origin?: string } = {}): Promise<unknown> {
    return this.ops.undoMergeIn(trx, actor, mergeId, opts.origin ?? null);
  }

  /** Stored identities (duplicates skipped) as {kind, value}. */
  private async insertIdentities(trx: DbOrTx, workspaceId: string, rows: (Identity & { person_id: string })[]) {
    if (!rows.length) return [];
    const r = await sql<{ kind: string; value: string }>`
      INSERT INTO identities (workspace_id, kind, value, person_id)
      SELECT ${workspaceId}, x.kind, x.value, x.person_id FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(kind text, value text, person_id uuid)
      ORDER BY x.kind, x.value
      ON CONFLICT DO NOTHING
      RETURNING kind, value
    `.execute(trx);
    return r.rows;
  }

  /** The workspace's built-in source of appended entries (created on first use, in the caller's transaction). */
  async internalSource(trx: DbOrTx, workspaceId: string): Promise<string> {
    const cached = this.internalSources.get(workspaceId);
    if (cached) return cached;
    // One per workspace, found by its fixed write key (disabled: it takes no tracking calls) and
    // created on first use in the caller's transaction; only a row seen before this call is cached,
    // so a rolled-back first write leaves no stale id behind.
    const writeKey = `wk_internal_${workspaceId.replace(/-/g, '')}`;
    const found = await trx.selectFrom('sources').select('id').where('write_key', '=', writeKey).executeTakeFirst();
    if (found) {
      this.internalSources.set(workspaceId, found.id);
      return found.id;
    }
    await sql`
      INSERT INTO sources (workspace_id, id, name, kind, origin, write_key, disabled_at)
      VALUES (${workspaceId}, ${newId()}, 'CRM', 'crm', 'first', ${writeKey}, now())
      ON CONFLICT (write_key) DO NOTHING
    `.execute(trx);
    const row = await trx
      .selectFrom('sources')
      .select('id')
      .where('write_key', '=', writeKey)
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
