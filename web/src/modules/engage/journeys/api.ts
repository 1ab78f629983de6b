import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../../api.ts';
import type { Schema } from '../../../api/contract.ts';
import { ENGAGE_KEY, type Page } from '../api.ts';

/**
 * The journeys API (src/engage/journeys/*, issue 17) as the UI reads it: the journey view with its
 * draft definition, versions, per-step stats for the canvas, and a person's runs for the card.
 */
export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export const STEP_TYPES = [
  'wait',
  'branch',
  'split',
  'send',
  'update_trait',
  'give_points',
  'create_task',
  'webhook',
  'exit',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const CONSENT_CHANNELS = ['email', 'sms', 'push', 'telegram', 'whatsapp', 'vk'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** An event's property condition (the segments grammar's event `where` item). */
export interface PropertyCondition {
  property: string;
  op: string;
  value?: unknown;
}

export type Entry =
  | { event: string; where?: PropertyCondition[] }
  | { segment: string }
  | { dateTrait: string; offsetDays?: number; at?: string }
  | { api: true };

export type WaitFor = { event: string; where?: PropertyCondition[] } | { segment: string; entered?: boolean };

/**
 * One step as the editor holds it: every field of every kind optional beside `id` and `type` (the
 * server checks the shape on save and the graph on publish; the panel shows what it says).
 */
export interface Step {
  id: string;
  type: StepType;
  next?: string;
  label?: string;
  ui?: { x: number; y: number };
  // wait
  duration?: string;
  until?: { time: string; timezone?: string };
  for?: WaitFor;
  timeout?: string;
  timeoutNext?: string;
  // branch
  rule?: Record<string, unknown>;
  yes?: string;
  no?: string;
  // split
  branches?: { key: string; share: number; next: string }[];
  // send
  channelId?: string;
  templateId?: string;
  data?: Record<string, unknown>;
  // update_trait
  trait?: string;
  value?: unknown;
  // give_points
  points?: number;
  reason?: string;
  // create_task
  title?: string;
  dueIn?: string;
  note?: string;
  // webhook
  url?: string;
  secret?: string;
}

export interface JourneyDefinition {
  entry: Entry;
  steps: Step[];
  goal?: { event: string; where?: PropertyCondition[]; within?: string };
  controlPercent?: number;
  reentry?: { mode: 'never' | 'after' | 'always'; after?: string };
  cap?: { max: number; within: string };
  consent?: { channel: ConsentChannel; purpose?: 'marketing' | 'transactional' };
  /** Where the editor draws the entry node (saved with the draft). */
  layout?: { entry?: { x: number; y: number } };
}

/** A journey as the API answers (GET /journeys/{id}): its draft `definition`, the latest published `version`. */
export type Journey = Schema<'Journey'>;

/** A published version (GET /journeys/{id}/versions), with the runs in flight on it. */
export type JourneyVersion = Schema<'JourneyVersion'>;

/** GET /journeys/{id}/stats: per step, for the journey (with the control group) and per branch. */
export type JourneyStats = Schema<'JourneyStats'>;
export type StepStats = JourneyStats['data'][number];

/** POST /journeys/validate: what publishing would refuse, each problem with its path and step. */
export type Validation = Schema<'JourneyValidation'>;
export type ValidationError = Validation['errors'][number];

/** A person's run through a journey (GET /people/{id}/journeys), with the steps taken. */
export type PersonJourney = Schema<'PersonJourney'>;
export type RunState = PersonJourney['state'];

export const JOURNEYS_KEY = [...ENGAGE_KEY, 'journeys'] as const;

/** Every journey of the filter, 200 a page. */
async function fetchJourneys(query: Record<string, string | undefined>): Promise<Journey[]> {
  const out: Journey[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await get<Page<Journey>>('/journeys', { ...query, limit: 200, cursor });
    out.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

export function useJourneys(filter: { status?: string | null; q?: string } = {}) {
  return useQuery({
    queryKey: [...JOURNEYS_KEY, 'list', filter.status ?? '', filter.q ?? ''],
    queryFn: () => fetchJourneys({ status: filter.status ?? undefined, q: filter.q || undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useJourney(id: string | undefined) {
  return useQuery({
    queryKey: [...JOURNEYS_KEY, id ?? ''],
    queryFn: () => get<Journey>(`/journeys/${id}`),
    enabled: !!id,
  });
}

export function useJourneyVersions(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...JOURNEYS_KEY, id ?? '', 'versions'],
    queryFn: () => get<{ data: JourneyVersion[] }>(`/journeys/${id}/versions`).then((r) => r.data),
    enabled: !!id && enabled,
  });
}

/** The per-step counts drawn on the canvas, asked again every 5 s while `poll`. */
export function useJourneyStats(
  id: string | undefined,
  opts: { version?: number | null; enabled: boolean; poll: boolean },
) {
  return useQuery({
    queryKey: [...JOURNEYS_KEY, id ?? '', 'stats', opts.version ?? ''],
    queryFn: () => get<JourneyStats>(`/journeys/${id}/stats`, { version: opts.version ?? undefined }),
    enabled: !!id && opts.enabled,
    refetchInterval: opts.poll ? 5000 : false,
    placeholderData: keepPreviousData,
  });
}

/** A person's runs through journeys, asked again every 5 s while one of them is still going. */
export function usePersonJourneys(personId: string) {
  return useQuery({
    queryKey: [...JOURNEYS_KEY, 'person', personId],
    queryFn: () => get<{ data: PersonJourney[] }>(`/people/${personId}/journeys`).then((r) => r.data),
    refetchInterval: (q) => (q.state.data?.some((r) => r.state === 'active' || r.state === 'waiting') ? 5000 : false),
  });
}
