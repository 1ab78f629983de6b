import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../../api.ts';
import type { Schema } from '../../../api/contract.ts';
import { SERVICE_KEY } from '../api.ts';

export type KbArticle = Schema<'KbArticle'>;
export const KB_KEY = [...SERVICE_KEY, 'kb'] as const;
export const KB_LOCALES = ['ru', 'en'] as const;
export const KB_STATUSES = ['draft', 'published'] as const;

export interface KbFilter {
  q?: string;
  locale?: string;
  status?: string;
}

/** Articles page by page (search: best match first; else newest change first). */
export function useKbArticles(filter: KbFilter, limit = 20) {
  return useInfiniteQuery({
    queryKey: [...KB_KEY, 'list', filter, limit],
    queryFn: ({ pageParam }) =>
      get<{ data: KbArticle[]; nextCursor: string | null }>('/kb/articles', {
        limit,
        ...(filter.q ? { q: filter.q } : {}),
        ...(filter.locale ? { locale: filter.locale } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A quick search for the reply box (the first few matches). */
export function useKbSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KB_KEY, 'search', q],
    queryFn: () => get<{ data: KbArticle[] }>('/kb/articles', { limit: 8, ...(q ? { q } : {}) }).then((r) => r.data),
    enabled,
    placeholderData: keepPreviousData,
  });
}
