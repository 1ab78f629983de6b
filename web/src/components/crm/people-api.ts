import { useQuery } from '@tanstack/react-query';
import { ApiError, REQUEST_HEADERS, get } from '../../api.ts';
import type { ComputedTraits, Identity, Member, Page } from '../../types.ts';

/** Shapes of the CRM people/companies/import API (src/crm/README.md), as the UI reads them. */

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const CONSENT_CHANNELS = ['email', 'sms', 'push', 'messenger', 'calls'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_ENTITIES = ['person', 'company', 'deal'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];
export const PEOPLE_SORTS = ['createdAt', 'updatedAt', 'lastName', 'firstName', 'city', 'lifecycleStage'] as const;
export const COMPANY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export const DUPLICATE_REASONS = ['email', 'phone', 'name_company'] as const;

export interface Ref {
  id: string;
  name: string;
}

export interface CrmPerson {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  emails: string[];
  phones: string[];
  companyId: string | null;
  company: Ref | null;
  position: string | null;
  ownerId: string | null;
  owner: Ref | null;
  lifecycleStage: LifecycleStage | null;
  source: string | null;
  street: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  postalCode: string | null;
  birthday: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Consent {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: 'granted' | 'withdrawn' | 'unknown';
  granted: boolean | null;
  source: string | null;
  changedAt: string | null;
}

export interface CrmPersonDetail extends CrmPerson {
  /** false for a tracked-only person (GET /people/{id} answers for every CDP person). */
  inCrm?: boolean;
  consents: Consent[];
  identities?: Identity[];
  traits?: Record<string, unknown>;
  computedTraits?: ComputedTraits;
}

export interface ConsentChange {
  id: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  granted: boolean;
  source: string;
  evidence: string | null;
  actor: string | null;
  occurredAt: string;
}

export interface Company {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  phone: string | null;
  website: string | null;
  street: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  postalCode: string | null;
  ownerId: string | null;
  owner?: Ref | null;
  tags: string[];
  customFields: Record<string, unknown>;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A company's open or won deals: `amount` adds all currencies up; byCurrency has one total per currency, largest first. */
export interface DealRollup {
  count: number;
  amount: number;
  byCurrency: { currency: string; count: number; amount: number }[];
}

export interface CompanyDetail extends Company {
  peopleCount: number;
  openDeals: DealRollup;
  wonDeals: DealRollup;
  lastActivityAt: string | null;
}

export interface CustomField {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  position?: number;
  createdAt?: string;
}

export interface SavedView {
  id: string;
  entity: string;
  name: string;
  query: Record<string, unknown>;
  columns: string[];
  createdAt?: string;
}

export interface DuplicatePair {
  a: CrmPerson;
  b: CrmPerson;
  reasons: string[];
  score: number;
}

export interface CrmMerge {
  id: string;
  fromPerson: string;
  intoPerson: string;
  cdpMergeId?: string | null;
  moved?: Record<string, number>;
  choices?: Record<string, unknown>;
  actor?: string | null;
  createdAt: string;
  undoneAt: string | null;
}

export interface ImportUpload {
  id: string;
  columns: string[];
  preview: Record<string, unknown>[] | unknown[][];
  encoding: string;
  delimiter: string;
  suggestedMapping: Record<string, string | null>;
  fields?: string[];
}

export interface ImportJob {
  id: string;
  entity: string;
  fileName: string;
  status: 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'expired';
  encoding?: string;
  delimiter?: string;
  upsertBy?: string | null;
  totalRows: number | null;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  failedRows: number;
  progress?: number | null;
  error: string | null;
  hasErrorsFile?: boolean;
  errorsUrl?: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface TimelineItem {
  id: string;
  type: string;
  event: string | null;
  personId?: string | null;
  dealId?: string | null;
  occurredAt: string;
  properties: Record<string, unknown>;
  source?: { id: string; name: string | null; kind: string | null; origin: string };
}

/** Query keys: invalidating a prefix refreshes every view of it. */
export const PEOPLE_KEY = ['crm', 'people'] as const;
export const CRM_PERSON_KEY = ['crm', 'person'] as const;
export const COMPANIES_KEY = ['crm', 'companies'] as const;
export const COMPANY_KEY = ['crm', 'company'] as const;
export const CUSTOM_FIELDS_KEY = ['crm', 'custom-fields'] as const;
export const VIEWS_KEY = ['crm', 'views'] as const;
export const DUPLICATES_KEY = ['crm', 'duplicates'] as const;
export const CRM_MERGES_KEY = ['crm', 'merges'] as const;
export const IMPORTS_KEY = ['crm', 'imports'] as const;
const USERS_KEY = ['crm', 'members'] as const;

export const displayName = (p: { name?: string | null; firstName?: string | null; lastName?: string | null; emails?: string[]; phones?: string[] }) =>
  p.name?.trim() || [p.firstName, p.lastName].filter(Boolean).join(' ') || p.emails?.[0] || p.phones?.[0] || null;

export function useCustomFields(entity: CustomFieldEntity) {
  return useQuery({
    queryKey: [...CUSTOM_FIELDS_KEY, entity],
    queryFn: () => get<{ data: CustomField[] } | CustomField[]>('/custom-fields', { entity }).then((r) => (Array.isArray(r) ? r : r.data)),
    staleTime: 30_000,
  });
}

/** Workspace members, for owner pickers. */
export function useMembers() {
  return useQuery({ queryKey: USERS_KEY, queryFn: () => get<{ data: Member[] }>('/users').then((r) => r.data.filter((m) => !m.disabled)), staleTime: 60_000 });
}

/** The CRM side of a person; `null` when the profile is tracked only (not in the CRM yet). */
export async function fetchCrmPerson(id: string): Promise<CrmPersonDetail | null> {
  try {
    const p = await get<CrmPersonDetail>(`/people/${id}`);
    return p.inCrm === false ? null : p;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const fetchPeople = (query: Record<string, string | undefined>) => get<Page<CrmPerson>>('/people', query);

/** The list's URL parameters that are filters (everything but paging). */
export function listParams(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of search) if (v !== '' && k !== 'cursor' && k !== 'limit') out[k] = v;
  return out;
}

/** Multipart upload (the JSON helper cannot send files). */
export async function uploadFile<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...REQUEST_HEADERS } });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message || 'Network error');
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = json?.error;
    throw err?.code
      ? new ApiError(res.status, String(err.code), String(err.message ?? res.statusText), Array.isArray(err.details) ? err.details : [])
      : new ApiError(res.status, 'HTTP_' + res.status, res.statusText || `HTTP ${res.status}`);
  }
  return json as T;
}
