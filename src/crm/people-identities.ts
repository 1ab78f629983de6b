import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { identityKey, type AddedIdentity, type Identity, type PersonDirectory } from '../cdp/index.ts';
import { str, type PeopleRow } from './people-fields.ts';
import { searchOfRow } from './people-search.ts';

/*
 * A CRM person's emails and phones are their identities in the CDP's graph: taking them on a
 * write (claim), reading a tracked-only person as a CRM row, and following what tracking adds.
 */

export const identitiesOf = (emails: string[], phones: string[]): (Identity & { path: string })[] => [
  ...emails.map((value, i) => ({ kind: 'email' as const, value, path: `emails.${i}` })),
  ...phones.map((value, i) => ({ kind: 'phone' as const, value, path: `phones.${i}` })),
];

/**
 * Takes emails and phones for `selfId` (null: a person about to be created), under the identity
 * lock: one on another live CRM person → 409 naming it; ones on tracked-only persons → the first
 * of them is adopted (returned, when creating) and the others are merged into it (or into
 * `selfId`), as the CDP would on an identify call naming them together.
 */
export async function claim(
  directory: PersonDirectory,
  trx: Tx,
  actor: Actor,
  selfId: string | null,
  emails: string[],
  phones: string[],
): Promise<string | null> {
  const ws = actor.workspaceId;
  const ids = identitiesOf(emails, phones);
  const owners = await directory.resolve(
    trx,
    ws,
    ids.map(({ kind, value }) => ({ kind, value })),
  );
  const others = new Map<string, string>();
  for (const i of ids) {
    const owner = owners.get(identityKey(i.kind, i.value));
    if (owner && owner !== selfId && !others.has(owner)) others.set(owner, i.path);
  }
  if (!others.size) return null;
  const crm = new Set(
    (
      await trx
        .selectFrom('crm_people')
        .select('person_id')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', [...others.keys()])
        .where('deleted_at', 'is', null)
        .execute()
    ).map((r) => r.person_id),
  );
  for (const [owner, path] of others)
    if (crm.has(owner)) {
      const field = path.startsWith('emails') ? 'email' : 'phone';
      throw new AppError('CONFLICT', `${path}: this ${field} belongs to another person (${owner})`, [
        { path, message: `belongs to another person`, existingId: owner } as ErrorDetail,
      ]);
    }
  const [first, ...rest] = [...others.keys()];
  const into = selfId ?? first;
  for (const from of selfId ? [first, ...rest] : rest)
    await directory.merge(trx, actor, from, into, 'crm: identifiers of one contact');
  return selfId ? null : first;
}

/** A CRM row for a tracked-only person, from their identities and traits (not stored). */
export async function trackedRow(
  directory: PersonDirectory,
  trx: DbOrTx,
  ws: string,
  personId: string,
  traits: Record<string, unknown>,
): Promise<PeopleRow> {
  const identities = await directory.identitiesOf(trx, ws, personId);
  const now = new Date();
  return {
    workspace_id: ws,
    person_id: personId,
    first_name: str(traits.firstName ?? traits.first_name),
    last_name: str(traits.lastName ?? traits.last_name),
    emails: identities.filter((i) => i.kind === 'email').map((i) => i.value),
    phones: identities.filter((i) => i.kind === 'phone').map((i) => i.value),
    company_id: null,
    position: null,
    owner_id: null,
    lifecycle_stage: 'lead',
    source: null,
    street: null,
    city: null,
    region: null,
    country: null,
    postal_code: null,
    birthday: null,
    tags: [],
    custom_fields: {},
    external_id: null,
    search: '',
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
}

/**
 * The CDP's identities hook (directory.onIdentitiesAdded): an email or phone that tracking gave a
 * CRM person (an identify's traits) joins the person's list and search text, so that the card,
 * the list and the search show what the identity graph knows. Deleted CRM rows stay as they are.
 */
export async function onIdentitiesAdded(trx: Tx, ws: string, added: AddedIdentity[]) {
  const ids = [...new Set(added.map((a) => a.personId))];
  const rows = await trx
    .selectFrom('crm_people')
    .select(['person_id', 'first_name', 'last_name', 'emails', 'phones', 'company_id', 'position', 'city'])
    .where('workspace_id', '=', ws)
    .where('person_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  if (!rows.length) return;
  const companyIds = [...new Set(rows.map((r) => r.company_id).filter(Boolean))] as string[];
  const names = new Map<string, string>();
  if (companyIds.length)
    for (const c of await trx
      .selectFrom('crm_companies')
      .select(['id', 'name'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', companyIds)
      .where('deleted_at', 'is', null)
      .execute())
      names.set(c.id, c.name);
  const updates = [];
  for (const r of rows) {
    const mine = added.filter((a) => a.personId === r.person_id);
    const emails = [...new Set([...r.emails, ...mine.filter((a) => a.kind === 'email').map((a) => a.value)])];
    const phones = [...new Set([...r.phones, ...mine.filter((a) => a.kind === 'phone').map((a) => a.value)])];
    if (emails.length === r.emails.length && phones.length === r.phones.length) continue;
    const next = { ...r, emails, phones };
    updates.push({
      id: r.person_id,
      emails,
      phones,
      search: searchOfRow(next, r.company_id ? (names.get(r.company_id) ?? null) : null),
    });
  }
  if (!updates.length) return;
  await sql`
    UPDATE crm_people p SET emails = x.emails, phones = x.phones, search = x.search, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, emails text[], phones text[], search text)
    WHERE p.workspace_id = ${ws} AND p.person_id = x.id
  `.execute(trx);
}
