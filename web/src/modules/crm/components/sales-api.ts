import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import type { Activity, Agenda, Board, Page } from './sales-types.ts';

/** Query keys: each list is invalidated by the prefix, so a change anywhere refreshes every view of it. */
export const PIPELINES_KEY = ['crm', 'pipelines'] as const;
export const BOARD_KEY = ['crm', 'board'] as const;
export const DEALS_KEY = ['crm', 'deals'] as const;
export const DEAL_KEY = ['crm', 'deal'] as const;
export const ACTIVITIES_KEY = ['crm', 'activities'] as const;
export const AGENDA_KEY = ['crm', 'agenda'] as const;
export const SCRIPTS_KEY = ['crm', 'call-scripts'] as const;
export const CADENCES_KEY = ['crm', 'cadences'] as const;
export const REPORTS_KEY = ['crm', 'reports'] as const;
export const MEMBERS_KEY = ['crm', 'members'] as const;

/**
 * Everything an activity or deal change can show up in: the person's timeline (['timeline', id])
 * and the company's card with its timeline and rollups (['crm', 'company', id, …]) too.
 */
export const SALES_KEYS = [
  BOARD_KEY,
  DEALS_KEY,
  DEAL_KEY,
  ACTIVITIES_KEY,
  AGENDA_KEY,
  CADENCES_KEY,
  REPORTS_KEY,
  ['timeline'],
  ['crm', 'company'],
];

export const fetchPipelines = () => get<ResponseOf<'listPipelines'>>('/pipelines').then((r) => r.data);
export const fetchBoard = (pipelineId: string, ownerId?: string | null) =>
  get<Board>('/deals/board', { pipelineId, ...(ownerId ? { ownerId } : {}) });
export const fetchScripts = () => get<ResponseOf<'listCallScripts'>>('/call-scripts').then((r) => r.data);
/** The browser's time zone, so "today" and "overdue" are the user's day. */
export const browserTz = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
};
export const fetchAgenda = (userId: string | undefined, date: string) =>
  get<Agenda>('/agenda', { userId, date, tz: browserTz() });
export const fetchActivities = (query: Record<string, string | number | boolean | undefined>) =>
  get<Page<Activity>>('/activities', query);

export function usePipelines() {
  return useQuery({ queryKey: PIPELINES_KEY, queryFn: fetchPipelines });
}

/** Workspace members, for owner and assignee pickers (every role may read them). */
export function useMembers() {
  return useQuery({
    queryKey: MEMBERS_KEY,
    queryFn: () => get<ResponseOf<'listUsers'>>('/users').then((r) => r.data.filter((m) => !m.disabled)),
    staleTime: 60_000,
  });
}

/** Local calendar day as YYYY-MM-DD (the agenda is "today" where the user is, not in UTC). */
export function localDay(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** `datetime-local` input value ↔ ISO instant. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${localDay(d)}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
export function fromLocalInput(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Money with its currency, in the UI language ("150 000 ₽", "€1,200"). */
export function useMoney() {
  const { i18n } = useTranslation();
  const tag = i18n.language === 'ru' ? 'ru-RU' : 'en-GB';
  return (amount: number | null | undefined, currency?: string | null, compact = false) => {
    if (amount === null || amount === undefined) return '—';
    const opts: Intl.NumberFormatOptions = {
      maximumFractionDigits: compact ? 1 : 0,
      ...(compact ? { notation: 'compact' } : {}),
    };
    try {
      return new Intl.NumberFormat(tag, currency ? { ...opts, style: 'currency', currency } : opts).format(amount);
    } catch {
      return `${new Intl.NumberFormat(tag, opts).format(amount)} ${currency ?? ''}`.trim();
    }
  };
}

/** "1 h 5 min" style durations for calls and time in stage. */
export function useDuration() {
  const { t } = useTranslation();
  return (seconds: number | null | undefined) => {
    if (seconds === null || seconds === undefined) return '—';
    const s = Math.round(seconds);
    if (s < 60) return t('crm.deals.dur.seconds', { n: s });
    if (s < 3600) return t('crm.deals.dur.minutes', { n: Math.round(s / 60) });
    if (s < 86400 * 2) return t('crm.deals.dur.hours', { n: Math.round(s / 360) / 10 });
    return t('crm.deals.dur.days', { n: Math.round(s / 8640) / 10 });
  };
}

export const refName = (ref: { name?: string; title?: string } | null | undefined, id: string | null | undefined) =>
  ref?.name ?? ref?.title ?? (id ? id.slice(0, 8) : null);
