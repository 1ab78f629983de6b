import { useQuery } from '@tanstack/react-query';
import { ApiError, REQUEST_HEADERS, get } from '../../../api.ts';
import type { ItemOf, ResponseOf, Schema } from '../../../api/contract.ts';
import type { Page } from '../../../types.ts';

/**
 * Shapes of the CRM people/companies/import API, as the UI reads them: names for the types generated
 * from the server's OpenAPI document (web/src/api/schema.d.ts), and its value lists (api/enums.ts).
 */
export {
  COMPANY_SORTS,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  DUPLICATE_REASONS,
  LIFECYCLE_STAGES,
  PEOPLE_SORTS,
} from '../../../api/enums.ts';

export interface Ref {
  id: string;
  name: string;
}

export type CrmPerson = Schema<'Person'>;
export type LifecycleStage = NonNullable<CrmPerson['lifecycleStage']>;
/** GET /people/{id}: the CRM record, or a tracked-only person (`inCrm: false`), with consents and the CDP profile. */
export type CrmPersonDetail = Schema<'PersonDetail'>;
export type Consent = CrmPersonDetail['consents'][number];
export type ConsentChannel = Consent['channel'];
export type ConsentPurpose = Consent['purpose'];
export type ConsentChange = ItemOf<'listPersonConsentHistory'>;
export type Company = Schema<'Company'>;
export type CompanyDetail = ResponseOf<'getCompany'>;
/** A company's open or won deals: `amount` adds all currencies up; byCurrency has one total per currency, largest first. */
export type DealRollup = CompanyDetail['openDeals'];
export type CustomField = ItemOf<'listCustomFields'>;
export type CustomFieldType = CustomField['type'];
export type CustomFieldEntity = CustomField['entity'];
export type SavedView = ItemOf<'listViews'>;
export type DuplicatePair = ItemOf<'listDuplicatePeople'>;
export type CrmMerge = ItemOf<'listPersonMerges'>;
export type ImportUpload = ResponseOf<'uploadImport', 201>;
export type ImportJob = ResponseOf<'getImport'>;
export type TimelineItem = ItemOf<'getPersonTimeline'>;

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

export const displayName = (p: {
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  emails?: string[];
  phones?: string[];
}) => p.name?.trim() || [p.firstName, p.lastName].filter(Boolean).join(' ') || p.emails?.[0] || p.phones?.[0] || null;

export function useCustomFields(entity: CustomFieldEntity) {
  return useQuery({
    queryKey: [...CUSTOM_FIELDS_KEY, entity],
    queryFn: () => get<ResponseOf<'listCustomFields'>>('/custom-fields', { entity }).then((r) => r.data),
    staleTime: 30_000,
  });
}

/** Workspace members, for owner pickers. */
export function useMembers() {
  return useQuery({
    queryKey: USERS_KEY,
    queryFn: () => get<ResponseOf<'listUsers'>>('/users').then((r) => r.data.filter((m) => !m.disabled)),
    staleTime: 60_000,
  });
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
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...REQUEST_HEADERS },
    });
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
      ? new ApiError(
          res.status,
          String(err.code),
          String(err.message ?? res.statusText),
          Array.isArray(err.details) ? err.details : [],
        )
      : new ApiError(res.status, 'HTTP_' + res.status, res.statusText || `HTTP ${res.status}`);
  }
  return json as T;
}
