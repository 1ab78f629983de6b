import type { Tx, DbOrTx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { identityKey, type AddedIdentity } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { CustomFields } from './custom-fields.ts';
import { applyCustomFields } from './custom-fields.ts';
import type { Consents } from './consents.ts';
import { assertCompany, assertMember } from './refs.ts';
import {
  COLUMNS,
  PERSON_FIELDS,
  cleanTags,
  isEmpty,
  normalizeContacts,
  notDeleted,
  personViews,
  rowValues,
  str,
  trackedView,
  type PeopleRow,
  type PersonInput,
} from './people-fields.ts';
import { PeopleSearch, reindexCompany, searchOf, type SearchTuning } from './people-search.ts';
import { PeopleList, type PeopleListQuery } from './people-list.ts';
import { claim, identitiesOf, onIdentitiesAdded, trackedRow } from './people-identities.ts';

export {
  LIFECYCLE_STAGES,
  PERSON_FIELDS,
  displayName,
  normalizeContacts,
  normalizeEmails,
  normalizePhones,
  notDeleted,
  type LifecycleStage,
  type PeopleRow,
  type PersonInput,
} from './people-fields.ts';
export { COUNT_CAP, PEOPLE_SORTS, type PeopleListQuery, type PeopleSort } from './people-list.ts';

/**
 * People: the CRM face of the CDP's persons. The person id is the CDP person id; emails and phones
 * are that person's identities, kept in step on every write, so tracked behaviour and CRM data are
 * one profile. Each create/update lands on the person's timeline as a `change` event. The list and
 * the text search live in people-list.ts and people-search.ts; this class is their one surface.
 */
export class People {
  private search: PeopleSearch;
  private lists: PeopleList;

  constructor(
    private deps: CrmDeps,
    private customFields: CustomFields,
    private consents: Consents,
  ) {
    this.search = new PeopleSearch(deps);
    this.lists = new PeopleList(deps, customFields, this.search);
  }

  private get directory() {
    return this.deps.cdp.directory;
  }

  /** Text search thresholds (people-search.ts); tests lower them to drive every path on a few rows. */
  get searchTuning(): SearchTuning {
    return this.search.tuning;
  }
  set searchTuning(t: SearchTuning) {
    this.search.tuning = t;
  }

  // ---------------------------------------------------------------- reads

  /** List views of rows (company and owner names resolved in two queries). */
  views(trx: DbOrTx, ws: string, rows: PeopleRow[]) {
    return personViews(trx, ws, rows);
  }

  /** The live CRM row of a person id (a merged-away id resolves to the survivor), or null. */
  async row(trx: DbOrTx, ws: string, id: string, forUpdate = false): Promise<PeopleRow | null> {
    const live = await this.directory.liveId(trx, ws, id);
    if (!live) return null;
    let q = trx
      .selectFrom('crm_people')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', live)
      .where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    return (await q.executeTakeFirst()) ?? null;
  }

  /** The CRM rows of many live person ids in one query (not deleted); others are left out. */
  async rowsOf(ws: string, personIds: readonly string[], trx: DbOrTx = this.deps.db): Promise<PeopleRow[]> {
    if (!personIds.length) return [];
    return trx
      .selectFrom('crm_people')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', 'in', [...personIds])
      .where('deleted_at', 'is', null)
      .execute();
  }

  /** The list view of a CRM person; 404 when the CRM does not hold them. */
  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    const row = await this.row(trx, ws, id);
    if (!row) throw notFound('Person');
    return (await personViews(trx, ws, [row]))[0];
  }

  /**
   * The unified person: CRM fields, the CDP profile (identities, traits, computed traits) and the
   * consent state. A person only tracked so far (no CRM row) comes back with empty CRM fields; one
   * deleted from the CRM is gone (404).
   */
  async detail(ws: string, id: string) {
    const profile = await this.deps.cdp.getPerson(ws, id);
    const row = await this.deps.db
      .selectFrom('crm_people')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', profile.id)
      .executeTakeFirst();
    if (row?.deleted_at) throw notFound('Person');
    const base = row ? (await personViews(this.deps.db, ws, [row]))[0] : trackedView(profile);
    return {
      ...base,
      inCrm: !!row,
      identities: profile.identities,
      traits: profile.traits,
      computedTraits: profile.computedTraits,
      consents: await this.consents.current(ws, profile.id),
    };
  }

  /** The CRM person whose phones include this E.164 number (telephony), or null. */
  async findByPhone(ws: string, e164: string, trx: DbOrTx = this.deps.db): Promise<string | null> {
    // Through the identity graph (an exact key); the phones array is only the CRM's copy.
    const owner = (await this.deps.cdp.directory.resolve(trx, ws, [{ kind: 'phone', value: e164 }]))
      .values()
      .next().value;
    if (owner) {
      const row = await trx
        .selectFrom('crm_people')
        .select('person_id')
        .where('workspace_id', '=', ws)
        .where('person_id', '=', owner)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (row) return row.person_id;
    }
    return null; // a CRM person's phone is always an identity of theirs (create and import refuse taken ones)
  }

  list(ws: string, q: PeopleListQuery) {
    return this.lists.list(ws, q);
  }

  /**
   * How many people the filters select (no text search: its typo-tolerant fallback has no exact
   * count). Counting stops at `cap`: past it the answer is "more than cap" (`exact: false`), so a
   * million-row workspace is not scanned to print one number.
   */
  count(
    ws: string,
    q: Omit<PeopleListQuery, 'limit' | 'q' | 'cursor' | 'sort' | 'order'>,
    cap?: number,
  ): Promise<{ count: number; exact: boolean }> {
    return this.lists.count(ws, q, cap);
  }

  /**
   * People deleted from the CRM, newest deletion first, keyset-paginated on (deletedAt, id); each
   * view carries `deletedAt`. People merged into another (whose row a merge retired) are not listed:
   * undoing the merge is what brings them back. `q`: every word must be a substring of the search
   * text (names, emails, phones, company, position, city); no typo fallback.
   */
  listDeleted(ws: string, q: { limit: number; cursor?: string; q?: string }) {
    return this.lists.listDeleted(ws, q);
  }

  // ---------------------------------------------------------------- writes

  /**
   * A new CRM person (in the caller's transaction when one is given: telephony and import create
   * people as part of their own writes). Emails and phones that already identify a tracked-only
   * person make this that person (same id, their history kept); ones on another CRM person are a
   * conflict.
   */
  async create(actor: Actor, input: PersonInput, trx?: Tx) {
    if (trx) return this.createIn(trx, actor, input);
    return this.deps.db.transaction().execute((t) => this.createIn(t, actor, input));
  }

  private async createIn(trx: Tx, actor: Actor, input: PersonInput) {
    const ws = actor.workspaceId;
    const { emails, phones } = normalizeContacts(input.emails ?? [], input.phones ?? []);
    const custom = applyCustomFields({}, await this.customFields.validate(trx, ws, 'person', input.customFields));
    await this.checkRefs(trx, ws, input);
    await this.directory.lock(trx, ws);
    const adopted = await this.claim(trx, actor, null, emails, phones);
    await this.checkExternalId(trx, ws, input.externalId, adopted);
    const id = adopted ?? newId();
    const identities = identitiesOf(emails, phones).map(({ kind, value }) => ({ kind, value }));
    if (adopted) await this.directory.attach(trx, ws, id, identities);
    else await this.directory.create(trx, ws, [{ id, identities }]);
    const now = new Date();
    const values = {
      first_name: str(input.firstName),
      last_name: str(input.lastName),
      emails,
      phones,
      company_id: input.companyId ?? null,
      position: str(input.position),
      owner_id: input.ownerId !== undefined ? input.ownerId : actor.type === 'user' ? actor.id : null,
      lifecycle_stage: input.lifecycleStage ?? 'lead',
      source: str(input.source),
      street: str(input.street),
      city: str(input.city),
      region: str(input.region),
      country: str(input.country),
      postal_code: str(input.postalCode),
      birthday: input.birthday ?? null,
      tags: cleanTags(input.tags),
      custom_fields: JSON.stringify(custom),
      external_id: str(input.externalId),
      search: await this.searchOf(trx, ws, {
        first_name: str(input.firstName),
        last_name: str(input.lastName),
        emails,
        phones,
        company_id: input.companyId ?? null,
        position: str(input.position),
        city: str(input.city),
      }),
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    // A person deleted from the CRM earlier and adopted again gets a fresh row in place of the old one.
    await trx
      .insertInto('crm_people')
      .values({ workspace_id: ws, person_id: id, ...values })
      .onConflict((oc) => oc.columns(['workspace_id', 'person_id']).doUpdateSet(values))
      .execute();
    const view = await this.get(ws, id, trx);
    const fields = Object.fromEntries(
      PERSON_FIELDS.filter((f) => !isEmpty(view[f as keyof typeof view])).map((f) => [f, view[f as keyof typeof view]]),
    );
    await this.directory.appendEvents(trx, ws, [
      {
        personId: id,
        type: 'change',
        event: 'person.created',
        properties: { fields, ...(adopted ? { adopted: true } : {}) },
        occurredAt: now,
      },
    ]);
    await this.deps.audit.record(trx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: id,
      after: view,
      record: view,
    });
    return view;
  }

  /**
   * A partial change (`null` clears a field). Emails and phones given replace the lists, and the
   * person's identities follow: removed ones are detached, new ones attached (one that identifies a
   * tracked-only person merges that person in). A tracked-only person is brought into the CRM.
   */
  async update(actor: Actor, id: string, patch: PersonInput) {
    const ws = actor.workspaceId;
    // Traits (default names for a tracked-only person) are read before the transaction: the CDP
    // reads on its own connection, which PGlite's single connection would wait for forever.
    const liveBefore = await this.directory.liveId(this.deps.db, ws, id);
    const traits =
      liveBefore && !(await this.row(this.deps.db, ws, liveBefore))
        ? (await this.deps.cdp.getPerson(ws, liveBefore)).traits
        : {};
    return this.deps.db.transaction().execute(async (trx) => {
      const live = await this.directory.liveId(trx, ws, id);
      if (!live) throw notFound('Person');
      await this.directory.lock(trx, ws);
      const existing = await trx
        .selectFrom('crm_people')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', '=', live)
        .forUpdate()
        .executeTakeFirst();
      if (existing?.deleted_at) throw notFound('Person');
      const row = existing ?? (await this.trackedRow(trx, ws, live, live === liveBefore ? traits : {}));
      const before = (await personViews(trx, ws, [row]))[0];
      const set: Record<string, unknown> = {};
      for (const [field, col] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
        const v = patch[field];
        if (v === undefined) continue;
        if (field === 'tags') set.tags = cleanTags(v as string[] | undefined);
        else if (field === 'lifecycleStage') {
          if (v === null) throw invalid('lifecycleStage', 'cannot be cleared');
          set[col] = v;
        } else if (field === 'companyId' || field === 'ownerId' || field === 'birthday') set[col] = v;
        else set[col] = str(v);
      }
      await this.checkRefs(trx, ws, patch);
      // A company chosen by hand wins over the one a company delete unlinked (see Companies.restore).
      if (patch.companyId !== undefined && existing) set.unlinked_company_id = null;
      if (patch.externalId !== undefined) await this.checkExternalId(trx, ws, patch.externalId, live);
      if (patch.customFields !== undefined)
        set.custom_fields = JSON.stringify(
          applyCustomFields(
            row.custom_fields,
            await this.customFields.validate(trx, ws, 'person', patch.customFields ?? {}),
          ),
        );
      const given = normalizeContacts(patch.emails ?? [], patch.phones ?? []);
      const emails = patch.emails !== undefined ? given.emails : row.emails;
      const phones = patch.phones !== undefined ? given.phones : row.phones;
      if (patch.emails !== undefined || patch.phones !== undefined) {
        await this.claim(trx, actor, live, emails, phones);
        const removed = [
          ...row.emails.filter((e) => !emails.includes(e)).map((value) => ({ kind: 'email' as const, value })),
          ...row.phones.filter((p) => !phones.includes(p)).map((value) => ({ kind: 'phone' as const, value })),
        ];
        await this.directory.detach(trx, ws, live, removed);
        await this.directory.attach(
          trx,
          ws,
          live,
          identitiesOf(emails, phones).map(({ kind, value }) => ({ kind, value })),
        );
        set.emails = emails;
        set.phones = phones;
      }
      const merged = { ...row, ...set } as PeopleRow;
      set.search = await this.searchOf(trx, ws, merged);
      const now = new Date();
      set.updated_at = now;
      if (existing)
        await trx
          .updateTable('crm_people')
          .set(set)
          .where('workspace_id', '=', ws)
          .where('person_id', '=', live)
          .execute();
      else
        await trx
          .insertInto('crm_people')
          .values({ ...rowValues(merged), ...set, workspace_id: ws, person_id: live, created_at: now } as any)
          .execute();
      const after = await this.get(ws, live, trx);
      const changed = PERSON_FIELDS.filter(
        (f) => JSON.stringify(before[f as keyof typeof before]) !== JSON.stringify(after[f as keyof typeof after]),
      );
      if (changed.length || !existing) {
        const fields = Object.fromEntries(changed.map((f) => [f, after[f as keyof typeof after]]));
        await this.directory.appendEvents(trx, ws, [
          {
            personId: live,
            type: 'change',
            event: existing ? 'person.updated' : 'person.created',
            properties: { fields },
            occurredAt: now,
          },
        ]);
        await this.deps.audit.record(trx, actor, {
          action: existing ? 'update' : 'create',
          entityType: 'person',
          entityId: live,
          before: existing ? before : null,
          after,
          record: after,
        });
      }
      return after;
    });
  }

  /** Removes the person from the CRM (soft delete); the CDP person, its identities and events stay. */
  async delete(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      if (!row) throw notFound('Person');
      const before = (await personViews(trx, ws, [row]))[0];
      const now = new Date();
      await trx
        .updateTable('crm_people')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', row.person_id)
        .execute();
      await this.directory.appendEvents(trx, ws, [
        {
          personId: row.person_id,
          type: 'change',
          event: 'person.deleted',
          properties: { fields: {} },
          occurredAt: now,
        },
      ]);
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'person',
        entityId: row.person_id,
        before,
        record: before,
      });
    });
  }

  /**
   * Brings a person deleted from the CRM back, as they were (their CRM row was only marked deleted).
   * 404: no CRM row at all. 409 CONFLICT naming the field: not deleted (`deletedAt`; a create or an
   * import that adopted the person's identities has already brought them back), an email or phone of
   * theirs that now belongs to another live CRM person (`emails.N`/`phones.N`), merged into another
   * person since (`id`: undo the merge instead), or an external id another live person holds now
   * (`externalId`). Ones a tracked-only person holds now are merged in, as create does. Answers the
   * person as GET /people/{id} does.
   */
  async restore(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    const personId = await this.deps.db.transaction().execute(async (trx) => {
      await this.directory.lock(trx, ws);
      const row = await trx
        .selectFrom('crm_people')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('person_id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      const live = await this.directory.liveId(trx, ws, id);
      if (!row || !row.deleted_at) {
        // A merged-away id names its survivor, as GET does.
        if (row || (live && (await this.row(trx, ws, live)))) throw notDeleted('person');
        throw notFound('Person');
      }
      const ids = identitiesOf(row.emails, row.phones);
      const owners = await this.directory.resolve(
        trx,
        ws,
        ids.map(({ kind, value }) => ({ kind, value })),
      );
      for (const i of ids) {
        const owner = owners.get(identityKey(i.kind, i.value));
        if (owner && owner !== id && (await this.row(trx, ws, owner))) {
          const field = i.kind === 'email' ? 'email' : 'phone';
          throw new AppError('CONFLICT', `${i.path}: this ${field} belongs to another person (${owner})`, [
            { path: i.path, message: 'belongs to another person', existingId: owner } as ErrorDetail,
          ]);
        }
      }
      if (live !== id)
        throw new AppError('CONFLICT', `id: this person was merged into ${live}; undo the merge to bring them back`, [
          { path: 'id', message: 'merged into another person', existingId: live } as ErrorDetail,
        ]);
      await this.checkExternalId(trx, ws, row.external_id, id);
      await this.claim(trx, actor, id, row.emails, row.phones);
      await this.directory.attach(
        trx,
        ws,
        id,
        ids.map(({ kind, value }) => ({ kind, value })),
      );
      const now = new Date();
      const search = await this.searchOf(trx, ws, row);
      await trx
        .updateTable('crm_people')
        .set({ deleted_at: null, updated_at: now, search })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', id)
        .execute();
      const after = await this.get(ws, id, trx);
      await this.directory.appendEvents(trx, ws, [
        { personId: id, type: 'change', event: 'person.restored', properties: { fields: {} }, occurredAt: now },
      ]);
      await this.deps.audit.record(trx, actor, {
        action: 'restore',
        entityType: 'person',
        entityId: id,
        after,
        record: after,
      });
      return id;
    });
    return this.detail(ws, personId);
  }

  /**
   * The CDP's identities hook (directory.onIdentitiesAdded): an email or phone that tracking gave a
   * CRM person (an identify's traits) joins the person's list and search text.
   */
  onIdentitiesAdded(trx: Tx, ws: string, added: AddedIdentity[]) {
    return onIdentitiesAdded(trx, ws, added);
  }

  /** Rebuilds the search text of a company's people (its name is part of it). */
  reindexCompany(trx: DbOrTx, ws: string, companyId: string) {
    return reindexCompany(trx, ws, companyId);
  }

  /** The `search` column of a person (names, emails, phone forms, company name, position, city). */
  searchOf(
    trx: DbOrTx,
    ws: string,
    r: Pick<PeopleRow, 'first_name' | 'last_name' | 'emails' | 'phones' | 'company_id' | 'position' | 'city'>,
  ) {
    return searchOf(trx, ws, r);
  }

  // ---------------------------------------------------------------- helpers

  /** Emails and phones taken for `selfId` (people-identities.ts): 409 when another CRM person has one, tracked-only owners adopted or merged in. */
  private claim(
    trx: Tx,
    actor: Actor,
    selfId: string | null,
    emails: string[],
    phones: string[],
  ): Promise<string | null> {
    return claim(this.directory, trx, actor, selfId, emails, phones);
  }

  private async checkRefs(trx: DbOrTx, ws: string, input: PersonInput) {
    await assertCompany(trx, ws, input.companyId);
    await assertMember(trx, ws, input.ownerId, 'ownerId');
  }

  private async checkExternalId(trx: DbOrTx, ws: string, externalId: string | null | undefined, selfId: string | null) {
    const ext = str(externalId);
    if (!ext) return;
    const hit = await trx
      .selectFrom('crm_people')
      .select('person_id')
      .where('workspace_id', '=', ws)
      .where('external_id', '=', ext)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (hit && hit.person_id !== selfId)
      throw new AppError('CONFLICT', `externalId: already used by person ${hit.person_id}`, [
        { path: 'externalId', message: 'already used by another person', existingId: hit.person_id } as ErrorDetail,
      ]);
  }

  /** A CRM row for a tracked-only person, from their identities and traits (not stored). */
  private trackedRow(trx: DbOrTx, ws: string, personId: string, traits: Record<string, unknown>): Promise<PeopleRow> {
    return trackedRow(this.directory, trx, ws, personId, traits);
  }
}
