import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../../api.ts';
import type { ItemOf } from '../../../api/contract.ts';

/** The mentions API (src/cx/mentions) as the pages read it: shapes from the OpenAPI document. */
export type Mention = ItemOf<'listMentions'>;
export type MentionSource = ItemOf<'listMentionSources'>;
export type AlertRule = ItemOf<'listMentionAlertRules'>;
export type MentionAlert = ItemOf<'listMentionAlerts'>;

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const SOURCE_KINDS = ['rss', 'telegram', 'vk', 'reviews', 'webhook'] as const;
export const ALERT_SCOPES = ['all', 'topic', 'store', 'keyword'] as const;

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const MENTIONS_KEY = ['cx', 'mentions'] as const;
export const SOURCES_KEY = ['cx', 'mention-sources'] as const;
export const RULES_KEY = ['cx', 'mention-alert-rules'] as const;
export const ALERTS_KEY = ['cx', 'mention-alerts'] as const;

/** The feed's filters as GET /mentions takes them. */
export interface MentionFilter {
  sentiment?: string;
  source?: string;
  topic?: string;
  author?: string;
  from?: string;
  to?: string;
  kol?: 'true';
}

export function useMentions(filter: MentionFilter) {
  return useInfiniteQuery({
    queryKey: [...MENTIONS_KEY, filter],
    queryFn: ({ pageParam }) =>
      get<Page<Mention>>('/mentions', { ...filter, limit: 50, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useSources = () =>
  useQuery({
    queryKey: SOURCES_KEY,
    queryFn: async () => (await get<{ data: MentionSource[] }>('/mention-sources')).data,
  });
export const useRules = () =>
  useQuery({
    queryKey: RULES_KEY,
    queryFn: async () => (await get<{ data: AlertRule[] }>('/mention-alert-rules')).data,
  });

export function useAlerts() {
  return useInfiniteQuery({
    queryKey: ALERTS_KEY,
    queryFn: ({ pageParam }) =>
      get<Page<MentionAlert>>('/mention-alerts', { limit: 50, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
