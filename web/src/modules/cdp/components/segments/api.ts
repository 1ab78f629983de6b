import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { get } from '../../../../api.ts';
import type { ItemOf, ResponseOf, Schema } from '../../../../api/contract.ts';

/**
 * The segments API (src/cdp/segments/routes.ts) as the UI reads it: names for the generated types
 * (web/src/api/schema.d.ts), query keys and the few fetchers the pages share.
 */
export type Segment = Schema<'Segment'>;
export type SegmentMember = Schema<'SegmentMember'>;
export type SegmentVersion = ItemOf<'listSegmentVersions'>;
export type SegmentPreview = ResponseOf<'previewSegments'>;
export type PersonDetail = ResponseOf<'getPerson'>;
/** A rule as JSON: groups and conditions (the grammar is the server's, src/cdp/segments/rules.ts). */
export type RuleJson = Record<string, unknown>;
/** A segment's kind: a rule over people, or a static list. */
export type SegmentKind = Segment['kind'];
export const kindOf = (s: Segment): SegmentKind => s.kind;

export const SEGMENTS_KEY = ['segments'] as const;
export const segmentKey = (id: string) => [...SEGMENTS_KEY, id] as const;

export const fetchSegments = () => get<ResponseOf<'listSegments'>>('/segments');

export function useSegments() {
  return useQuery({ queryKey: [...SEGMENTS_KEY, 'list'], queryFn: fetchSegments });
}

export function useSegment(id: string | undefined) {
  return useQuery({
    queryKey: segmentKey(id ?? ''),
    queryFn: () => get<Segment>(`/segments/${id}`),
    enabled: !!id,
  });
}

/** People by id (the members a preview samples, a page of members), each fetched once and cached. */
export function usePeople(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['segments', 'person', id],
      queryFn: () => get<PersonDetail>(`/people/${id}`),
      staleTime: 60_000,
      placeholderData: keepPreviousData,
      retry: false,
    })),
  });
}

/** The best words for a person: name, else email, else an identifier, else a short id. */
export function personLabel(p: PersonDetail | undefined, id: string): { name: string; sub: string | null } {
  if (!p) return { name: `${id.slice(0, 8)}…`, sub: null };
  const email = p.emails[0] ?? p.identities.find((i) => i.kind === 'email')?.value ?? null;
  const phone = p.phones[0] ?? p.identities.find((i) => i.kind === 'phone')?.value ?? null;
  const other = p.identities.find((i) => i.kind === 'user_id')?.value ?? null;
  const name = p.name?.trim() || email || phone || other || `${id.slice(0, 8)}…`;
  const sub = email && email !== name ? email : phone && phone !== name ? phone : null;
  return { name, sub };
}

/** "Name <email>" → Name; 'API key "x"' → x: the server writes one English string per actor. */
export function actorName(label: string | null): { name: string; apiKey: boolean } | null {
  if (!label) return null;
  const user = /^(.*) <([^<>]+)>$/.exec(label);
  if (user) return { name: user[1]!.trim() || user[2]!, apiKey: false };
  const key = /^API key "(.*)"$/.exec(label);
  if (key) return { name: key[1]!, apiKey: true };
  return { name: label, apiKey: false };
}
