import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../../api.ts';
import type { ItemOf, ResponseOf } from '../../../api/contract.ts';

/** The feedback API (src/cx/feedback) as the pages read it: shapes from the OpenAPI document. */
export type FeedbackItem = ItemOf<'getFeedback'>;
export type ConversationAnalysis = ResponseOf<'getConversationAnalysis'>;

export const FEEDBACK_SOURCES = ['ticket', 'survey', 'mention'] as const;
export const FEEDBACK_KEY = ['cx', 'feedback'] as const;

/** The feed's filters as GET /feedback takes them. */
export interface FeedbackFilter {
  source?: string;
  sentiment?: string;
  topic?: string;
}

export function useFeedback(filter: FeedbackFilter) {
  return useInfiniteQuery({
    queryKey: [...FEEDBACK_KEY, filter],
    queryFn: ({ pageParam }) =>
      get<{ data: FeedbackItem[]; nextCursor: string | null }>('/feedback', {
        ...filter,
        limit: 30,
        cursor: pageParam || undefined,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A conversation's analysis (its overall sentiment); off when `enabled` is false (no cx:read). */
export const useConversationAnalysis = (conversationId: string, enabled = true) =>
  useQuery({
    queryKey: [...FEEDBACK_KEY, 'conversation', conversationId],
    queryFn: () => get<ConversationAnalysis>(`/conversations/${conversationId}/analysis`),
    enabled,
    retry: false,
  });
