import { get } from '../../../api.ts';
import * as I from '../../../components/icons.tsx';
import type { SearchProvider } from '../../types.ts';
import type { Page } from '../api.ts';
import type { Journey } from './api.ts';

/** Journeys in the global search (Ctrl/⌘+K), by name. */
export const journeysSearch: SearchProvider[] = [
  {
    key: 'journeys',
    permission: 'engage:read',
    icon: I.IconJourney,
    search: async (q, limit) =>
      (await get<Page<Journey>>('/journeys', { q, limit })).data.map((j) => ({
        id: j.id,
        title: j.name,
        subtitle: j.description ?? undefined,
        path: `/journeys/${j.id}`,
      })),
  },
];
