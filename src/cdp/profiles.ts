import { sql } from 'kysely';
import type { Db } from '../core/db/schema.ts';
import { AppError, notFound } from '../core/errors.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { exactTime } from '../core/db/exact-time.ts';
import { normalizeIdentity, type IdentityKind } from './identifiers.ts';
import type { ComputedTraits } from './computed-traits.ts';
import type { TraitMeta } from './tables.ts';

/** Reads of persons: the unified profile (merges followed), lookups by identifier, the timeline and the live event stream. */
export class Profiles {
  constructor(
    private db: Db,
    private computedTraits: ComputedTraits,
  ) {}

  /** The live person an id refers to (following merges), or null. */
  private async livePerson(workspaceId: string, id: string) {
    let current = id;
    for (let hops = 0; hops < 100; hops++) {
      const p = await this.db
        .selectFrom('persons')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', current)
        .executeTakeFirst();
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
    return {
      id: p.id,
      identities,
      traits: p.traits,
      traitSources: await this.traitSources(workspaceId, p.traits, p.trait_meta),
      computedTraits,
      createdAt: p.created_at,
      updatedAt: p.updated_at,
    };
  }

  /**
   * Many profiles in one read (templates render a broadcast's chunk with it): each requested id →
   * its live person's id, identities and traits (merges followed); ids of no person are left out.
   * Computed traits are not included: they cost a query per person (`computedTraits.forPerson`).
   */
  async getPeople(workspaceId: string, ids: readonly string[]) {
    const out = new Map<
      string,
      { id: string; identities: { kind: string; value: string }[]; traits: Record<string, unknown> }
    >();
    const live = new Map<string, { id: string; traits: Record<string, unknown> }>();
    let frontier = new Map<string, string[]>([...new Set(ids)].map((id) => [id, [id]]));
    for (let hops = 0; hops < 100 && frontier.size; hops++) {
      const rows = await this.db
        .selectFrom('persons')
        .select(['id', 'merged_into', 'traits'])
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', [...frontier.keys()])
        .execute();
      const next = new Map<string, string[]>();
      for (const r of rows) {
        const asked = frontier.get(r.id) ?? [];
        if (!r.merged_into) for (const a of asked) live.set(a, { id: r.id, traits: r.traits });
        else next.set(r.merged_into, [...(next.get(r.merged_into) ?? []), ...asked]);
      }
      frontier = next;
    }
    const liveIds = [...new Set([...live.values()].map((p) => p.id))];
    const identities = new Map<string, { kind: string; value: string }[]>();
    if (liveIds.length)
      for (const i of await this.db
        .selectFrom('identities')
        .select(['person_id', 'kind', 'value'])
        .where('workspace_id', '=', workspaceId)
        .where('person_id', 'in', liveIds)
        .orderBy('kind')
        .orderBy('created_at')
        .orderBy('value')
        .execute())
        identities.set(i.person_id, [...(identities.get(i.person_id) ?? []), { kind: i.kind, value: i.value }]);
    for (const [asked, p] of live)
      out.set(asked, { id: p.id, identities: identities.get(p.id) ?? [], traits: p.traits });
    return out;
  }

  /** Per trait key, the source of its current value (with the source's current name). */
  private async traitSources(
    workspaceId: string,
    traits: Record<string, unknown>,
    meta: Record<string, TraitMeta> | null,
  ) {
    const out: Record<
      string,
      { sourceId: string; sourceName: string | null; kind: string | null; origin: string | null; at: string | null }
    > = {};
    const entries = Object.entries(meta ?? {}).filter(([k, m]) => k in traits && m && typeof m.sourceId === 'string');
    if (!entries.length) return out;
    const ids = [...new Set(entries.map(([, m]) => m.sourceId))];
    const names = new Map(
      (
        await this.db
          .selectFrom('sources')
          .select(['id', 'name'])
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', ids)
          .execute()
      ).map((r) => [r.id, r.name]),
    );
    for (const [k, m] of entries)
      out[k] = {
        sourceId: m.sourceId,
        sourceName: names.get(m.sourceId) ?? null,
        kind: m.kind ?? null,
        origin: m.origin ?? null,
        at: m.at ?? null,
      };
    return out;
  }

  async lookup(workspaceId: string, kind: IdentityKind, value: string) {
    const normal = normalizeIdentity(kind, value);
    const hit = normal
      ? await this.db
          .selectFrom('identities')
          .select('person_id')
          .where('workspace_id', '=', workspaceId)
          .where('kind', '=', kind)
          .where('value', '=', normal)
          .executeTakeFirst()
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
      .leftJoin('sources as s', (j) =>
        j.onRef('s.workspace_id', '=', 'e.workspace_id').onRef('s.id', '=', 'e.source_id'),
      )
      .select([
        'e.id',
        'e.message_id',
        'e.type',
        'e.event',
        'e.occurred_at',
        'e.properties',
        'e.traits',
        'e.source_id',
        'e.origin',
        's.name as source_name',
        's.kind as source_kind',
      ])
      .where('e.workspace_id', '=', workspaceId)
      .where('e.person_id', '=', p.id);
    if (q.types?.length) query = query.where('e.type', 'in', q.types);
    if (c) {
      if (typeof c.t !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.t)))
        throw new AppError('VALIDATION_FAILED', 'cursor: malformed cursor', [
          { path: 'cursor', message: 'malformed cursor' },
        ]);
      query = query.where(sql<boolean>`(e.occurred_at, e.id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    }
    const rows = await query
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(q.limit + 1)
      .execute();
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
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('type', 'in', ['track', 'page', 'screen', 'identify', 'group', 'alias']);
    if (q.sourceId) query = query.where('source_id', '=', q.sourceId);
    if (q.after) query = query.where('id', '>', q.after);
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) query = query.where('id', '<', c.id);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
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
