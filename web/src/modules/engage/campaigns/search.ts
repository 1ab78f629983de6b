import { get } from '../../../api.ts';
import * as I from '../../../components/icons.tsx';
import type { SearchProvider } from '../../types.ts';
import type { Page } from '../api.ts';
import type { Campaign } from './api.ts';

/** Campaigns in the global search (Ctrl/⌘+K), by name or goal. */
export const campaignsSearch: SearchProvider[] = [
  {
    key: 'campaigns',
    permission: 'engage:read',
    icon: I.IconCampaign,
    search: async (q, limit) =>
      (await get<Page<Campaign>>('/campaigns', { q, limit })).data.map((c) => ({
        id: c.id,
        title: c.name,
        subtitle: c.goal ?? undefined,
        path: `/campaigns/${c.id}`,
      })),
  },
];
