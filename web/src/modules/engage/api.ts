import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../api.ts';
import type { Schema } from '../../api/contract.ts';

/**
 * The messaging API (src/engage/*-routes.ts) as the UI reads it. The shapes follow the shared
 * contract (engage-contract: ChannelView, TemplateView, MessageView, broadcast stats); query keys
 * and the fetchers the pages share live here.
 */
export const CHANNEL_TYPES = ['email', 'sms', 'push', 'telegram', 'whatsapp', 'vk', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const TEMPLATE_CHANNELS = ['email', 'sms', 'push', 'messenger', 'webhook'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];
export type MessageKind = 'marketing' | 'transactional';
export type TemplateFormat = 'mjml' | 'html' | 'text';

/** Which template family a channel type sends (the server refuses a template of another one). */
export const templateChannelOf = (type: ChannelType): TemplateChannel =>
  type === 'telegram' || type === 'whatsapp' || type === 'vk' ? 'messenger' : type;

export type Channel = Schema<'Channel'>;

export type Template = Schema<'Template'>;
export type Variant = Template['variants'][string];

export type TemplateVersion = Schema<'TemplateVersion'>;

export type Preview = Schema<'TemplatePreview'>;

export const BROADCAST_STATUSES = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'cancelled',
  'finished',
  'failed',
] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export type Broadcast = Schema<'Broadcast'>;

/** GET /broadcasts/{id}/progress: the ledger's counts of a broadcast (the progress bar). */
export type BroadcastProgress = Schema<'BroadcastProgress'>;

export const RATE_KEYS = ['deliveryRate', 'openRate', 'clickRate', 'clickToOpenRate'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const COUNT_KEYS = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export type Stats = Schema<'MessageStats'>;

export type PeriodStats = Schema<'MessagingStats'>;
export type SeriesPoint = PeriodStats['series'][number];

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'complained',
  'suppressed',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type Message = Schema<'Message'>;
export type MessageDetail = Schema<'MessageDetail'>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const ENGAGE_KEY = ['engage'] as const;
export const CHANNELS_KEY = [...ENGAGE_KEY, 'channels'] as const;
export const TEMPLATES_KEY = [...ENGAGE_KEY, 'templates'] as const;
export const BROADCASTS_KEY = [...ENGAGE_KEY, 'broadcasts'] as const;
export const MESSAGES_KEY = [...ENGAGE_KEY, 'messages'] as const;

/** Every page of a list (the lists a workspace keeps here are short: channels, templates). */
export async function fetchAll<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await get<Page<T> | T[]>(path, { ...query, limit: 500, cursor });
    if (Array.isArray(page)) return page;
    out.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

export function useChannels() {
  return useQuery({ queryKey: [...CHANNELS_KEY, 'list'], queryFn: () => fetchAll<Channel>('/channels') });
}

export function useTemplates() {
  return useQuery({ queryKey: [...TEMPLATES_KEY, 'list'], queryFn: () => fetchAll<Template>('/templates') });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, id ?? ''],
    queryFn: () => get<Template>(`/templates/${id}`),
    enabled: !!id,
  });
}

/** One broadcast, asked again every 1.5 s while `poll` is true. */
export function useBroadcast(id: string, poll: boolean) {
  return useQuery({
    queryKey: [...BROADCASTS_KEY, id],
    queryFn: () => get<Broadcast>(`/broadcasts/${id}`),
    refetchInterval: poll ? 1500 : false,
    placeholderData: keepPreviousData,
  });
}

/** A broadcast's progress, asked again every 1.5 s until every message of a frozen audience is final. */
export function useBroadcastProgress(id: string) {
  return useQuery({
    queryKey: [...BROADCASTS_KEY, id, 'progress'],
    queryFn: () => get<BroadcastProgress>(`/broadcasts/${id}/progress`),
    refetchInterval: (query) => (query.state.data && !progressSettled(query.state.data) ? 1500 : false),
  });
}

/** Nothing more will change by itself: stopped, or every message of the frozen audience is final. */
export const progressSettled = (p: BroadcastProgress) =>
  p.status === 'paused' ||
  p.status === 'draft' ||
  p.status === 'cancelled' ||
  ((p.status === 'finished' || p.status === 'failed') && p.pending === 0);

/** A segment or list as the broadcast wizard shows it (GET /segments). */
export interface Audience {
  id: string;
  name: string;
  kind: 'rule' | 'list';
  size: number;
}

export function useAudiences() {
  return useQuery({
    queryKey: [...ENGAGE_KEY, 'audiences'],
    queryFn: () => get<{ data: Audience[] }>('/segments').then((r) => r.data),
  });
}
