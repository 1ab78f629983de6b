import type { Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { normalizeEmail, normalizePhone } from '../cdp/index.ts';
import type { CrmPeopleTable } from './tables.ts';
import { userNames } from './refs.ts';

/*
 * A CRM person's fields, how input is cleaned, and how a row becomes the view the API answers;
 * shared by the service (people.ts), the list and the search.
 */

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface PersonInput {
  firstName?: string | null;
  lastName?: string | null;
  emails?: string[];
  phones?: string[];
  companyId?: string | null;
  position?: string | null;
  ownerId?: string | null;
  lifecycleStage?: LifecycleStage;
  source?: string | null;
  street?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  postalCode?: string | null;
  birthday?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  externalId?: string | null;
}

export type PeopleRow = Selectable<CrmPeopleTable>;
export type Ref = { id: string; name: string } | null;

/** Plain columns: API field → column (emails, phones and customFields are handled on their own). */
export const COLUMNS = {
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
  tags: 'tags',
  externalId: 'external_id',
} as const satisfies Record<string, keyof PeopleRow>;
/** Every field a person view carries that a write can change (the `fields` of person.updated). */
export const PERSON_FIELDS = [...Object.keys(COLUMNS), 'emails', 'phones', 'customFields'] as (keyof PersonInput)[];

export const displayName = (
  first: string | null | undefined,
  last: string | null | undefined,
  emails: string[] = [],
  phones: string[] = [],
) => [first, last].filter((x) => x && x.trim()).join(' ') || emails[0] || phones[0] || '';

/** Normalised emails (lower-cased, de-duplicated); an invalid one is a 400 on `emails.N`. */
export function normalizeEmails(list: string[], path = 'emails'): string[] {
  const problems: ErrorDetail[] = [];
  const out: string[] = [];
  list.forEach((raw, i) => {
    const e = normalizeEmail(raw);
    if (!e) problems.push({ path: `${path}.${i}`, message: 'not a valid email address' });
    else if (!out.includes(e)) out.push(e);
  });
  if (problems.length)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** Phones as E.164 (a number without country code is Russian); an invalid one is a 400 on `phones.N`. */
export function normalizePhones(list: string[], path = 'phones'): string[] {
  const problems: ErrorDetail[] = [];
  const out: string[] = [];
  list.forEach((raw, i) => {
    const p = normalizePhone(raw);
    if (!p) problems.push({ path: `${path}.${i}`, message: 'not a valid phone number' });
    else if (!out.includes(p)) out.push(p);
  });
  if (problems.length)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** Both lists normalised, every invalid entry of either reported at once. */
export function normalizeContacts(emails: string[], phones: string[]) {
  const problems: ErrorDetail[] = [];
  const attempt = <T>(f: () => T, fallback: T) => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push(...e.details);
      return fallback;
    }
  };
  const out = {
    emails: attempt(() => normalizeEmails(emails), []),
    phones: attempt(() => normalizePhones(phones), []),
  };
  if (problems.length)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** 409 for a restore of a record that is not deleted. */
export const notDeleted = (what: string) =>
  new AppError('CONFLICT', `deletedAt: this ${what} is not deleted`, [
    { path: 'deletedAt', message: `the ${what} is not deleted` },
  ]);

export const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** List views of rows (company and owner names resolved in two queries). */
export async function personViews(trx: DbOrTx, ws: string, rows: PeopleRow[]) {
  const companyIds = [...new Set(rows.map((r) => r.company_id).filter((x): x is string => !!x))];
  const companies = companyIds.length
    ? new Map(
        (
          await trx
            .selectFrom('crm_companies')
            .select(['id', 'name'])
            .where('workspace_id', '=', ws)
            .where('id', 'in', companyIds)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((c) => [c.id, c.name]),
      )
    : new Map<string, string>();
  const owners = await userNames(
    trx,
    ws,
    rows.map((r) => r.owner_id),
  );
  return rows.map((r) => {
    const company: Ref =
      r.company_id && companies.has(r.company_id) ? { id: r.company_id, name: companies.get(r.company_id)! } : null;
    const owner: Ref = r.owner_id && owners.has(r.owner_id) ? { id: r.owner_id, name: owners.get(r.owner_id)! } : null;
    return {
      id: r.person_id,
      firstName: r.first_name,
      lastName: r.last_name,
      name: displayName(r.first_name, r.last_name, r.emails, r.phones),
      emails: r.emails,
      phones: r.phones,
      companyId: r.company_id,
      company,
      position: r.position,
      ownerId: r.owner_id,
      owner,
      lifecycleStage: r.lifecycle_stage as LifecycleStage,
      source: r.source,
      street: r.street,
      city: r.city,
      region: r.region,
      country: r.country,
      postalCode: r.postal_code,
      birthday: r.birthday,
      tags: r.tags,
      customFields: r.custom_fields,
      externalId: r.external_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

/** The insertable columns of a row (for storing a tracked-only person's first CRM row). */
export function rowValues(r: PeopleRow) {
  const { workspace_id: _w, person_id: _p, created_at: _c, updated_at: _u, ...rest } = r;
  return { ...rest, custom_fields: JSON.stringify(r.custom_fields) };
}

/** Trimmed, without empties and repeats, in the order given. */
export function cleanTags(tags: string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const t of tags ?? []) {
    const s = t.trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

export const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && !v.length) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length);

/** The person view of someone only tracked so far: identities and traits, CRM fields empty. */
export function trackedView(profile: {
  id: string;
  identities: { kind: string; value: string }[];
  traits: Record<string, unknown>;
  createdAt: Date | string;
  updatedAt: Date | string;
}) {
  const emails = profile.identities.filter((i) => i.kind === 'email').map((i) => i.value);
  const phones = profile.identities.filter((i) => i.kind === 'phone').map((i) => i.value);
  const t = profile.traits;
  const firstName = str(t.firstName ?? t.first_name);
  const lastName = str(t.lastName ?? t.last_name);
  return {
    id: profile.id,
    firstName,
    lastName,
    name:
      (firstName || lastName ? displayName(firstName, lastName) : str(t.name)) ??
      displayName(null, null, emails, phones),
    emails,
    phones,
    companyId: null,
    company: null,
    position: null,
    ownerId: null,
    owner: null,
    lifecycleStage: null,
    source: null,
    street: null,
    city: null,
    region: null,
    country: null,
    postalCode: null,
    birthday: null,
    tags: [],
    customFields: {},
    externalId: null,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}
