import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import { ENGAGE_KEY, type Page } from '../api.ts';

/**
 * The campaigns API (src/engage/campaigns*.ts) as the UI reads it, after the issue 16 contract:
 * the campaign view, its estimate before launch and its results (response, uplift vs the control
 * group with a 95 % interval and a p-value, revenue, cost and ROI, by region, wave and variant).
 */
export const CAMPAIGN_STATUSES = ['draft', 'approved', 'scheduled', 'running', 'finished', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const AB_METRICS = ['clicked', 'opened', 'responded'] as const;
export type AbMetric = (typeof AB_METRICS)[number];

export interface CampaignVariant {
  key: string;
  templateId: string;
  share: number;
}

export interface CampaignStep {
  index?: number;
  channelId: string;
  templateId: string;
  delay?: string | null;
  variants?: CampaignVariant[] | null;
}

export interface AbTest {
  metric: AbMetric;
  testPercent: number;
  decideAfter: string;
  auto: boolean;
}

export type Campaign = ResponseOf<'getCampaign'>;

export type Estimate = ResponseOf<'getCampaignEstimate'>;

export interface RegionResult {
  region: string | null;
  treatment: number;
  control: number;
  responders: number;
  controlResponders: number;
  responseRate: number | null;
  controlResponseRate: number | null;
  uplift: number | null;
}

export interface WaveResult {
  index: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  responders: number;
}

export interface VariantResult {
  key: string;
  templateId: string;
  sent: number;
  opened: number;
  clicked: number;
  responders: number;
  rate: number | null;
}

export type Results = ResponseOf<'listCampaignResults'>;

/** Every page of a list, 200 at a time (the campaigns' lists take at most 200 a page). */
export async function fetchAll<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await get<Page<T>>(path, { ...query, limit: 200, cursor });
    out.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

export const CAMPAIGNS_KEY = [...ENGAGE_KEY, 'campaigns'] as const;

/** A campaign has results once it has been launched. */
export const hasResults = (c: Pick<Campaign, 'status' | 'launchedAt'>) =>
  c.status === 'running' || c.status === 'finished' || (c.status === 'cancelled' && !!c.launchedAt);

export function useCampaigns(filter: { status?: string | null; q?: string } = {}) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, 'list', filter.status ?? '', filter.q ?? ''],
    queryFn: () => fetchAll<Campaign>('/campaigns', { status: filter.status ?? undefined, q: filter.q || undefined }),
    placeholderData: keepPreviousData,
  });
}

/** One campaign; with `pollWhileLive`, asked again every 3 s while it is scheduled or running. */
export function useCampaign(id: string | undefined, pollWhileLive = false) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, id ?? ''],
    queryFn: () => get<Campaign>(`/campaigns/${id}`),
    enabled: !!id,
    refetchInterval: (query) =>
      pollWhileLive && (query.state.data?.status === 'running' || query.state.data?.status === 'scheduled')
        ? 3000
        : false,
  });
}

export function useEstimate(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, id ?? '', 'estimate'],
    queryFn: () => get<Estimate>(`/campaigns/${id}/estimate`),
    enabled: !!id && enabled,
  });
}

export function useResults(id: string | undefined, enabled = true, poll = false) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, id ?? '', 'results'],
    queryFn: () => get<Results>(`/campaigns/${id}/results`),
    enabled: !!id && enabled,
    refetchInterval: poll ? 5000 : false,
  });
}

export interface PromotionOption {
  id: string;
  name: string;
  status: string;
}

/** The promotions a campaign may carry (GET /promotions, the loyalty module's list). */
export function usePromotionOptions(enabled: boolean) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, 'promotions'],
    queryFn: () => fetchAll<PromotionOption>('/promotions'),
    enabled,
  });
}

/** The first message of `errors` at `path` or under it (`steps.0` also takes `steps.0.templateId`). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const k = Object.keys(errors).find((x) => x.startsWith(`${path}.`));
  return k ? errors[k] : undefined;
}
