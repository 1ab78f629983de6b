import type { ComponentType } from 'react';
import { get } from '../../api.ts';
import { displayName, type Company, type CrmPerson } from '../crm/people-api.ts';
import type { Deal } from '../crm/sales-types.ts';
import { IconBuilding, IconDeal, IconPeople } from '../icons.tsx';

/** One hit of the global search: what to show and where Enter takes the user. */
export interface SearchHit {
  id: string;
  title: string;
  subtitle?: string;
  path: string;
}

/**
 * A kind of record the global search (Ctrl/⌘+K) looks through. A module adds its records by
 * appending a provider to SEARCH_PROVIDERS: a permission, a label key under `search.groups`, and
 * a function that asks its own list endpoint. Each group shows at most `limit` hits.
 */
export interface SearchProvider {
  key: string;
  permission: string;
  icon: ComponentType<{ size?: number }>;
  search: (q: string, limit: number) => Promise<SearchHit[]>;
}

const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' · ') || undefined;

export const SEARCH_PROVIDERS: SearchProvider[] = [
  {
    key: 'people',
    permission: 'crm:read',
    icon: IconPeople,
    search: async (q, limit) =>
      (await get<{ data: CrmPerson[] }>('/people', { q, limit })).data.map((p) => ({
        id: p.id,
        title: displayName(p) ?? p.emails[0] ?? p.phones[0] ?? p.id.slice(0, 8),
        subtitle: joined(p.company?.name, p.emails[0], p.phones[0]),
        path: `/people/${p.id}`,
      })),
  },
  {
    key: 'companies',
    permission: 'crm:read',
    icon: IconBuilding,
    search: async (q, limit) =>
      (await get<{ data: Company[] }>('/companies', { q, limit })).data.map((c) => ({
        id: c.id,
        title: c.name,
        subtitle: joined(c.domain, c.city),
        path: `/companies/${c.id}`,
      })),
  },
  {
    key: 'deals',
    permission: 'crm:read',
    icon: IconDeal,
    search: async (q, limit) =>
      (await get<{ data: Deal[] }>('/deals', { q, limit })).data.map((d) => ({
        id: d.id,
        title: d.title,
        subtitle: joined(d.company?.name, d.person?.name),
        path: `/deals/${d.id}`,
      })),
  },
];
