import { get } from '../../api.ts';
import type { SearchProvider } from '../types.ts';
import type { Page, Promotion } from './api.ts';
import { IconGift } from './components/icons.tsx';

/** Promotions in the global search (Ctrl/⌘+K), by name or description. */
export const loyaltySearch: SearchProvider[] = [
  {
    key: 'promotions',
    permission: 'loyalty:read',
    icon: IconGift,
    search: async (q, limit) =>
      (await get<Page<Promotion>>('/promotions', { q, limit })).data.map((p) => ({
        id: p.id,
        title: p.name,
        subtitle: p.description || undefined,
        path: `/promotions/${p.id}`,
      })),
  },
];
