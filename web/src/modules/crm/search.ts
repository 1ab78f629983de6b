import { get } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import type { SearchProvider } from '../types.ts';
import { displayName } from './components/people-api.ts';
import { IconBuilding, IconDeal, IconPeople } from '../../components/icons.tsx';

const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' · ') || undefined;

/** The CRM's records in the global search (Ctrl/⌘+K). */
export const crmSearch: SearchProvider[] = [
  {
    key: 'people',
    permission: 'crm:read',
    icon: IconPeople,
    search: async (q, limit) =>
      (await get<ResponseOf<'listPeople'>>('/people', { q, limit })).data.map((p) => ({
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
      (await get<ResponseOf<'listCompanies'>>('/companies', { q, limit })).data.map((c) => ({
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
      (await get<ResponseOf<'listDeals'>>('/deals', { q, limit })).data.map((d) => ({
        id: d.id,
        title: d.title,
        subtitle: joined(d.company?.name, d.person?.name),
        path: `/deals/${d.id}`,
      })),
  },
];
