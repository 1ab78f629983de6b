import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api.ts';
import type { ItemOf, ResponseOf } from '../../api/contract.ts';

/**
 * The service desk API (src/service, issue 18) as the UI reads it. The shapes follow the issue's
 * contract (/work/notes/contract-18.md): a conversation IS the ticket; its messages are in, out or
 * internal notes; inboxes, teams, canned responses, macros, routing rules; SLA policies, business
 * calendars and the reports come from the SLA part. Query keys and shared fetchers live here.
 */
export const CONVERSATION_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'reopened'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** The statuses still waiting for someone: an "open" view shows these. */
export const OPEN_STATUSES: readonly ConversationStatus[] = ['new', 'open', 'pending', 'on_hold', 'reopened'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SERVICE_CHANNELS = ['email', 'chat', 'telegram', 'vk', 'whatsapp', 'sms', 'api'] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];
/** The kinds of inbox one can create in the settings (the messengers arrive through their engage channel). */
export const INBOX_CHANNELS = ['email', 'chat', 'telegram', 'vk', 'whatsapp', 'sms', 'api'] as const;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** The API's shapes (generated from the server's OpenAPI document, web/src/api/schema.d.ts). */
export type Conversation = ItemOf<'listConversations'>;
export type ConversationDetail = ResponseOf<'getConversation'>;
export type ConversationSla = NonNullable<Conversation['sla']>;
export type ServiceMessage = ItemOf<'listConversationMessages'>;
export type Attachment = ServiceMessage['attachments'][number];
export type Inbox = ItemOf<'listInboxes'>;
export type Team = ItemOf<'listTeams'>;
export type CannedResponse = ItemOf<'listCannedResponses'>;
export type Macro = ItemOf<'listMacros'>;
export type RoutingRule = ItemOf<'listRoutingRules'>;
export type ServiceReport = ResponseOf<'getServiceReport'>;
export type SlaPolicy = ItemOf<'listSlaPolicies'>;
export type BusinessCalendar = ItemOf<'listBusinessCalendars'>;

export type Member = ResponseOf<'listUsers'>['data'][number];

export const SERVICE_KEY = ['service'] as const;
export const CONVERSATIONS_KEY = [...SERVICE_KEY, 'conversations'] as const;
export const CONVERSATION_KEY = [...SERVICE_KEY, 'conversation'] as const;
export const MESSAGES_KEY = [...SERVICE_KEY, 'messages'] as const;
export const INBOXES_KEY = [...SERVICE_KEY, 'inboxes'] as const;
export const TEAMS_KEY = [...SERVICE_KEY, 'teams'] as const;
export const CANNED_KEY = [...SERVICE_KEY, 'canned'] as const;
export const MACROS_KEY = [...SERVICE_KEY, 'macros'] as const;
export const ROUTING_KEY = [...SERVICE_KEY, 'routing'] as const;
export const SLA_KEY = [...SERVICE_KEY, 'sla'] as const;
export const CALENDARS_KEY = [...SERVICE_KEY, 'calendars'] as const;
export const REPORTS_KEY = [...SERVICE_KEY, 'reports'] as const;

/** The list's filters as the API takes them (GET /conversations). */
export interface ConversationFilter {
  status?: string;
  assigneeId?: string;
  teamId?: string;
  inboxId?: string;
  priority?: string;
  channel?: string;
  personId?: string;
  q?: string;
  sort?: string;
  order?: string;
  sla?: string;
}

export function useConversations(filter: ConversationFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...CONVERSATIONS_KEY, filter],
    queryFn: ({ pageParam }) =>
      get<Page<Conversation>>('/conversations', { ...filter, limit: 50, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: [...CONVERSATION_KEY, id ?? ''],
    queryFn: () => get<ConversationDetail>(`/conversations/${id}`),
    enabled: !!id,
  });
}

export function useMessages(id: string | undefined) {
  return useQuery({
    queryKey: [...MESSAGES_KEY, id ?? ''],
    queryFn: () => get<Page<ServiceMessage>>(`/conversations/${id}/messages`).then((r) => r.data),
    enabled: !!id,
  });
}

/** A settings list; `null` when this server has no such endpoint yet (404), so a page can say so. */
async function optionalList<T>(path: string): Promise<T[] | null> {
  try {
    return (await get<{ data: T[] }>(path, { limit: 200 })).data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const useInboxes = () =>
  useQuery({ queryKey: INBOXES_KEY, queryFn: () => optionalList<Inbox>('/inboxes'), staleTime: 30_000 });
export const useTeams = () =>
  useQuery({ queryKey: TEAMS_KEY, queryFn: () => optionalList<Team>('/teams'), staleTime: 30_000 });
export const useCanned = () =>
  useQuery({ queryKey: CANNED_KEY, queryFn: () => optionalList<CannedResponse>('/canned-responses') });
export const useMacros = () => useQuery({ queryKey: MACROS_KEY, queryFn: () => optionalList<Macro>('/macros') });
export const useRoutingRules = () =>
  useQuery({ queryKey: ROUTING_KEY, queryFn: () => optionalList<RoutingRule>('/routing-rules') });

/** Workspace members (assignee pickers, author names, @mentions). */
export function useMembers() {
  return useQuery({
    queryKey: [...SERVICE_KEY, 'members'],
    queryFn: () => get<ResponseOf<'listUsers'>>('/users').then((r) => r.data.filter((m) => !m.disabled)),
    staleTime: 60_000,
  });
}

/** A canned response's title whichever name the server gives it. */
export const cannedTitle = (c: CannedResponse) => c.title || c.shortcut || c.body.slice(0, 40);

/**
 * The SLA summary the server attaches to a conversation (src/service/sla/sla.ts SlaSummary): the
 * nearest target's metric, when it is due (null while paused) and its state.
 */
export interface SlaSummary {
  metric: string;
  dueAt: string | null;
  state: 'ok' | 'warning' | 'breached' | 'paused';
  policyId: string;
}
export const slaOf = (c: Pick<Conversation, 'sla'>): SlaSummary | null =>
  c.sla && typeof c.sla.state === 'string' ? (c.sla as unknown as SlaSummary) : null;

/** Whether a conversation is past an SLA target (the server's state, else its due time gone by while open). */
export function slaBreached(c: Conversation, now = Date.now()): boolean {
  const s = slaOf(c);
  if (!s) return false;
  if (s.state === 'breached') return true;
  return (
    s.state !== 'paused' &&
    OPEN_STATUSES.includes(c.status as ConversationStatus) &&
    !!s.dueAt &&
    new Date(s.dueAt).getTime() < now
  );
}
