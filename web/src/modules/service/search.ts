import { get } from '../../api.ts';
import { IconInbox } from '../../components/icons.tsx';
import type { SearchProvider } from '../types.ts';
import type { Conversation, Page } from './api.ts';

/** Conversations in the global search (Ctrl/⌘+K): by number (“1042”, “#1042”), subject or message text. */
export const serviceSearch: SearchProvider[] = [
  {
    key: 'conversations',
    permission: 'service:read',
    icon: IconInbox,
    search: async (q, limit) =>
      (await get<Page<Conversation>>('/conversations', { q, limit })).data.map((c) => ({
        id: c.id,
        title: `#${c.number} ${c.subject ?? ''}`.trim(),
        path: `/inbox/${c.id}`,
      })),
  },
];
