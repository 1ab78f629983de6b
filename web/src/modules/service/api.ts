import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';

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

/** SLA state of a conversation (S-SLA): targets due and whether they were missed. Every field optional. */
export interface ConversationSla {
  policyId?: string | null;
  policyName?: string | null;
  firstResponseDueAt?: string | null;
  nextResponseDueAt?: string | null;
  resolutionDueAt?: string | null;
  breached?: boolean;
  breaching?: boolean;
  [k: string]: unknown;
}

export interface Conversation {
  id: string;
  number: number;
  personId: string;
  status: ConversationStatus;
  priority: Priority;
  channel: ServiceChannel | string;
  subject: string | null;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  inboxId: string;
  lastMessageAt: string | null;
  firstResponseAt: string | null;
  createdAt?: string;
  /** The person's name when the list carries it. */
  personName?: string | null;
  preview?: string | null;
  sla?: ConversationSla | null;
}

export interface ConversationDetail extends Conversation {
  custom: Record<string, unknown>;
  topic: string | null;
  person: { id: string; name: string | null; email: string | null } | null;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface ServiceMessage {
  id: string;
  direction: 'in' | 'out' | 'note';
  channel: string;
  body: string;
  html: string | null;
  authorKind: 'client' | 'agent' | 'bot' | 'system';
  authorUserId: string | null;
  attachments: Attachment[];
  mentions?: string[];
  createdAt: string;
  /** The send's state for an outbound message, when the server says. */
  status?: string | null;
}

export interface Inbox {
  id: string;
  name: string;
  channel: string;
  address: string | null;
  channelId: string | null;
  settings?: Record<string, unknown>;
  createdAt?: string;
}

export interface Team {
  id: string;
  name: string;
  calendarId?: string | null;
  memberIds?: string[];
  members?: string[];
}

export interface CannedResponse {
  id: string;
  name?: string;
  title?: string;
  shortcut?: string | null;
  body: string;
  language?: string | null;
}

export interface Macro {
  id: string;
  name: string;
  actions?: unknown[];
}

export interface RoutingRule {
  id: string;
  name: string;
  position?: number;
  enabled?: boolean;
  conditions?: Record<string, unknown> | unknown[];
  action?: Record<string, unknown>;
  [k: string]: unknown;
}

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
export const cannedTitle = (c: CannedResponse) => c.title ?? c.name ?? c.shortcut ?? c.body.slice(0, 40);

/** Whether a conversation is past an SLA target now (the server's flag, else its due times). */
export function slaBreached(c: Conversation, now = Date.now()): boolean {
  const s = c.sla;
  if (!s) return false;
  if (s.breached === true) return true;
  const due = [s.firstResponseDueAt, s.nextResponseDueAt, s.resolutionDueAt].filter(Boolean) as string[];
  return OPEN_STATUSES.includes(c.status as ConversationStatus) && due.some((d) => new Date(d).getTime() < now);
}

/** The nearest SLA due time still ahead or most recently missed, for the list's clock. */
export function slaDue(c: Conversation): string | null {
  const s = c.sla;
  if (!s) return null;
  const due = [s.firstResponseDueAt, s.nextResponseDueAt, s.resolutionDueAt].filter(Boolean) as string[];
  if (due.length === 0) return null;
  return due.sort()[0] ?? null;
}
