import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Actor } from '../core/auth/actor.ts';
import { notFound } from '../core/errors.ts';
import { lockIdentities } from './identity.ts';

/**
 * GDPR: export everything stored about a person, and erase it.
 *
 * "The person" is the live person an id refers to (a merged-away id resolves through `merged_into`)
 * together with every person merged into it, transitively: the same human as the profile shows.
 *
 * ## For module authors (CRM, engage, service, insights): register your person data
 *
 * Every table with a `person_id` column must be covered: `src/cdp/privacy.test.ts` walks
 * information_schema after an erase and fails for any table that still holds a row of the erased
 * person. In your module's wiring (where it gets the kernel):
 *
 * ```ts
 * kernel.privacy.registerModule('crm', {
 *   // Called first, inside the erase transaction (the workspace's identity lock is held, so no
 *   // event can attach to the person meanwhile); delete or anonymise your rows; return row counts.
 *   erase: async (trx, workspaceId, personIds) => ({ activities: (await trx.deleteFrom('activities')…).length }),
 *   // Everything you hold about these persons, as plain JSON; shown under `modules.crm` in the export.
 *   export: async (db, workspaceId, personIds) => ({ activities: … }),
 * });
 * ```
 *
 * Erasers run before the CDP's own rows go (so foreign keys to persons are still satisfied), all
 * in one transaction: if any of them throws, nothing is erased. The erase is audited as
 * `person.erased` with row counts only — no personal data; audit entries and webhook deliveries
 * about the person (and about merges involving them) keep who/when/what but lose their field
 * values.
 */
export type PersonEraser = (
  trx: Tx,
  workspaceId: string,
  personIds: string[],
) => Promise<Record<string, number> | void>;
export type PersonExporter = (db: DbOrTx, workspaceId: string, personIds: string[]) => Promise<unknown>;

export interface PersonDataModule {
  erase: PersonEraser;
  export?: PersonExporter;
}

export class Privacy {
  private modules = new Map<string, PersonDataModule>();

  constructor(
    private db: Db,
    private audit: Audit,
  ) {}

  /** A module's eraser (and exporter) for the rows it keeps about persons. */
  registerModule(name: string, m: PersonDataModule) {
    if (name === 'cdp' || this.modules.has(name)) throw new Error(`person data module "${name}" is already registered`);
    this.modules.set(name, m);
  }

  /** Shorthand for a module with only an eraser. */
  registerEraser(name: string, erase: PersonEraser) {
    this.registerModule(name, { erase });
  }

  /** The live person and every person merged into it; null when the id is unknown. */
  private async personSet(
    trx: DbOrTx,
    workspaceId: string,
    id: string,
  ): Promise<{ live: string; ids: string[] } | null> {
    let live = id;
    for (let hops = 0; ; hops++) {
      const p = await trx
        .selectFrom('persons')
        .select(['id', 'merged_into'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', live)
        .executeTakeFirst();
      if (!p || hops > 100) return null;
      if (!p.merged_into) break;
      live = p.merged_into;
    }
    const r = await sql<{ id: string }>`
      WITH RECURSIVE tree AS (
        SELECT id FROM persons WHERE workspace_id = ${workspaceId} AND id = ${live}
        UNION
        SELECT p.id FROM persons p JOIN tree t ON p.workspace_id = ${workspaceId} AND p.merged_into = t.id
      )
      SELECT id FROM tree
    `.execute(trx);
    return { live, ids: r.rows.map((x) => x.id).sort() };
  }

  private async mergeIds(trx: DbOrTx, workspaceId: string, ids: string[]) {
    const rows = await trx
      .selectFrom('merges')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('from_person', 'in', ids), eb('into_person', 'in', ids)]))
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Everything stored about the person, as one JSON document. Events are all included (no paging):
   * for a person with millions of events this is a job that writes a file, later.
   */
  async export(workspaceId: string, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const set = await this.personSet(trx, workspaceId, id);
      if (!set) throw notFound('Person');
      const { live, ids } = set;
      const persons = await trx
        .selectFrom('persons')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', ids)
        .orderBy('created_at')
        .execute();
      const person = persons.find((p) => p.id === live)!;
      const identities = await trx
        .selectFrom('identities')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('person_id', 'in', ids)
        .orderBy('kind')
        .orderBy('value')
        .execute();
      const events = await trx
        .selectFrom('events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('person_id', 'in', ids)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      const merges = await trx
        .selectFrom('merges')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('from_person', 'in', ids), eb('into_person', 'in', ids)]))
        .orderBy('id')
        .execute();
      const about = [...ids, ...merges.map((m) => m.id)];
      const audit = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('entity_id', 'in', about)
        .orderBy('id')
        .execute();
      const modules: Record<string, unknown> = {};
      for (const [name, m] of this.modules) if (m.export) modules[name] = await m.export(trx, workspaceId, ids);
      return {
        exportedAt: new Date().toISOString(),
        person: {
          id: live,
          traits: person.traits,
          createdAt: person.created_at,
          updatedAt: person.updated_at,
          mergedPersons: ids.filter((x) => x !== live),
        },
        traits: person.traits,
        /** Where each trait's current value came from ({key: {sourceId, kind, origin, at}}). */
        traitSources: person.trait_meta,
        identities: identities.map((i) => ({
          kind: i.kind,
          value: i.value,
          personId: i.person_id,
          createdAt: i.created_at,
        })),
        events: events.map((e) => ({
          id: e.id,
          messageId: e.message_id,
          type: e.type,
          event: e.event,
          personId: e.person_id,
          userId: e.user_id,
          anonymousId: e.anonymous_id,
          sourceId: e.source_id,
          origin: e.origin,
          occurredAt: e.occurred_at,
          receivedAt: e.received_at,
          sentAt: e.sent_at,
          originalTimestamp: e.original_timestamp,
          properties: e.properties,
          traits: e.traits,
          context: e.context,
          extra: e.extra,
        })),
        merges: merges.map((m) => ({
          id: m.id,
          fromPerson: m.from_person,
          intoPerson: m.into_person,
          reason: m.reason,
          identities: m.identities,
          eventCount: m.event_count,
          fromTraits: m.from_traits,
          intoTraits: m.into_traits,
          createdAt: m.created_at,
          undoneAt: m.undone_at,
        })),
        audit: audit.map((a) => ({
          id: a.id,
          occurredAt: a.occurred_at,
          actorType: a.actor_type,
          actorLabel: a.actor_label,
          channel: a.channel,
          action: a.action,
          entityType: a.entity_type,
          entityId: a.entity_id,
          changes: a.changes,
        })),
        modules,
      };
    });
  }

  /**
   * Erases the person everywhere, in one transaction: every registered module's rows, then the
   * CDP's (events, merge records and what they moved, identities, person_stats, the persons). Their
   * identifiers become unknown: a later event with one of them starts a new person.
   */
  async erase(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    return this.db.transaction().execute(async (trx) => {
      // Exclusive: no ingest batch attaches events or identities to the person while it goes.
      await lockIdentities(trx, ws);
      const set = await this.personSet(trx, ws, id);
      if (!set) throw notFound('Person');
      const { live, ids } = set;
      const merges = await this.mergeIds(trx, ws, ids);
      const counts: Record<string, number> = { persons: ids.length };
      for (const [name, m] of this.modules) {
        const r = await m.erase(trx, ws, ids);
        for (const [k, v] of Object.entries(r ?? {})) counts[`${name}.${k}`] = v;
      }
      const n = (r: { numDeletedRows: bigint }[]) => Number(r.reduce((s, x) => s + x.numDeletedRows, 0n));
      if (merges.length)
        await trx.deleteFrom('merge_events').where('workspace_id', '=', ws).where('merge_id', 'in', merges).execute();
      await sql`
        DELETE FROM merge_events me USING events e
        WHERE me.workspace_id = ${ws} AND e.workspace_id = ${ws} AND e.id = me.event_id AND e.person_id IN (${sql.join(ids)})
      `.execute(trx);
      counts.events = n(
        await trx.deleteFrom('events').where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
      );
      counts.merges = merges.length
        ? n(await trx.deleteFrom('merges').where('workspace_id', '=', ws).where('id', 'in', merges).execute())
        : 0;
      counts.identities = n(
        await trx.deleteFrom('identities').where('workspace_id', '=', ws).where('person_id', 'in', ids).execute(),
      );
      // Computed traits (src/cdp/migrations/…-computed-traits.ts): one row per person.
      await sql`DELETE FROM person_stats WHERE workspace_id = ${ws} AND person_id IN (${sql.join(ids)})`.execute(trx);
      await trx.deleteFrom('persons').where('workspace_id', '=', ws).where('id', 'in', ids).execute();

      // What the audit log and webhook deliveries say about them keeps its shape, not its values.
      const about = [...ids, ...merges];
      await trx
        .updateTable('audit_log')
        .set({ changes: JSON.stringify([]) as any })
        .where('workspace_id', '=', ws)
        .where('entity_id', 'in', about)
        .execute();
      await sql`
        UPDATE webhook_deliveries
        SET payload = jsonb_set(jsonb_set(payload, '{data,changes}', '[]'::jsonb), '{data,record}', 'null'::jsonb)
        WHERE workspace_id = ${ws} AND payload->'data'->>'entityId' IN (${sql.join(about)})
      `.execute(trx);

      const result = { personId: live, erased: counts };
      await this.audit.record(trx, actor, {
        action: 'erased',
        entityType: 'person',
        entityId: live,
        after: counts,
        record: result,
      });
      return result;
    });
  }
}
