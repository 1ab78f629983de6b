import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../../api.ts';
import type { Schema } from '../../../api/contract.ts';

/** The surveys API (src/cx/surveys) as the pages read it: shapes from the OpenAPI document. */
export type Survey = Schema<'Survey'>;
export type SurveyResults = Schema<'SurveyResults'>;
export type SurveyResponse = Schema<'SurveyResponse'> & {
  person: { id: string; name: string | null; email: string | null };
};
// Request shapes stay inline in the OpenAPI document (no component ids): read them off the Survey.
export type SurveyTexts = Survey['question'];
export type SurveyQuestion = Survey['questions'][number];

export const SURVEY_TYPES = ['nps', 'csat', 'ces', 'custom'] as const;
export const SURVEY_STATUSES = ['draft', 'active', 'closed'] as const;
export const WAVE_CHANNELS = ['email', 'sms', 'telegram', 'chat'] as const;

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const SURVEYS_KEY = ['cx', 'surveys'] as const;

export function useSurveys(status: string | null) {
  return useInfiniteQuery({
    queryKey: [...SURVEYS_KEY, 'list', status],
    queryFn: ({ pageParam }) =>
      get<Page<Survey>>('/surveys', { limit: 50, cursor: pageParam || undefined, status: status ?? undefined }),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

export function useSurvey(id: string) {
  return useQuery({ queryKey: [...SURVEYS_KEY, id], queryFn: () => get<Survey>(`/surveys/${id}`) });
}

export function useSurveyResults(id: string, q: { interval: string; segmentId?: string | null }) {
  return useQuery({
    queryKey: [...SURVEYS_KEY, id, 'results', q],
    queryFn: () =>
      get<SurveyResults>(`/surveys/${id}/results`, { interval: q.interval, segmentId: q.segmentId ?? undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useSurveyResponses(id: string, q: { sentiment?: string | null; category?: string | null }) {
  return useInfiniteQuery({
    queryKey: [...SURVEYS_KEY, id, 'responses', q],
    queryFn: ({ pageParam }) =>
      get<Page<SurveyResponse>>(`/surveys/${id}/responses`, {
        limit: 20,
        cursor: pageParam || undefined,
        sentiment: q.sentiment ?? undefined,
        category: q.category ?? undefined,
      }),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

export function useSegmentOptions() {
  return useQuery({
    queryKey: ['cx', 'segment-options'],
    queryFn: () => get<{ data: { id: string; name: string }[] }>('/segments'),
    select: (r) => r.data.map((s) => ({ value: s.id, label: s.name })),
  });
}

export function useRecontactDays() {
  return useQuery({
    queryKey: [...SURVEYS_KEY, 'settings'],
    queryFn: () => get<{ recontactDays: number }>('/survey-settings'),
  });
}

/** The scale a type answers on (a custom survey's questions carry their own). */
export const SCALE: Record<string, [number, number] | null> = { nps: [0, 10], csat: [1, 5], ces: [1, 7], custom: null };
