import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../api.ts';
import type { ItemOf, ResponseOf } from '../../api/contract.ts';

/**
 * The loyalty API (src/loyalty: products, promotions, bonus points) as the UI reads it. The shapes
 * follow the issue 16 contract (/api/v1/promotions, /products, /persons/{id}/points).
 */
export const MECHANICS = ['buy_n_get_m', 'points_multiplier', 'percent_off', 'gift', 'birthday_points'] as const;
export type Mechanic = (typeof MECHANICS)[number];
export const PROMOTION_STATUSES = ['draft', 'active', 'paused', 'ended', 'archived'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/** A mechanic's parameters: each mechanic reads its own keys (the editor keeps them all and sends the chosen ones). */
export interface PromotionParams {
  n?: number;
  m?: number;
  multiplier?: number;
  percent?: number;
  giftSku?: string;
  minTotal?: number;
  points?: number;
  daysBefore?: number;
  daysAfter?: number;
  skus?: string[];
  categories?: string[];
}

/** Which parameters each mechanic takes (the rest are not sent). */
export const PARAMS_OF: Record<Mechanic, readonly (keyof PromotionParams)[]> = {
  buy_n_get_m: ['n', 'm', 'skus', 'categories'],
  points_multiplier: ['multiplier'],
  percent_off: ['percent', 'skus', 'categories'],
  gift: ['giftSku', 'minTotal', 'skus', 'categories'],
  birthday_points: ['points', 'daysBefore', 'daysAfter'],
};

export interface Geography {
  regions: string[];
  cities: string[];
  stores: string[];
}

export type Promotion = ResponseOf<'getPromotion'>;

export type Product = ItemOf<'listProducts'>;

export const POINT_TYPES = ['earn', 'spend', 'expire', 'adjust'] as const;
export type PointType = (typeof POINT_TYPES)[number];

export interface PointEntry {
  id: string;
  type: PointType;
  points: number;
  balanceAfter: number;
  reason: string | null;
  orderId: string | null;
  promotionId: string | null;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

export type PointsPage = ResponseOf<'getPersonPoints'>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const LOYALTY_KEY = ['loyalty'] as const;
export const PROMOTIONS_KEY = [...LOYALTY_KEY, 'promotions'] as const;
export const PRODUCTS_KEY = [...LOYALTY_KEY, 'products'] as const;
export const POINTS_KEY = [...LOYALTY_KEY, 'points'] as const;

/** Every page of a list, up to 20 pages of 200 (promotions and segments are short lists). */
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

export function usePromotions(filter: { status?: string | null; q?: string } = {}) {
  return useQuery({
    queryKey: [...PROMOTIONS_KEY, 'list', filter.status ?? '', filter.q ?? ''],
    queryFn: () => fetchAll<Promotion>('/promotions', { status: filter.status ?? undefined, q: filter.q || undefined }),
    placeholderData: keepPreviousData,
  });
}

export function usePromotion(id: string | undefined) {
  return useQuery({
    queryKey: [...PROMOTIONS_KEY, id ?? ''],
    queryFn: () => get<Promotion>(`/promotions/${id}`),
    enabled: !!id,
  });
}

/** A segment or list as the pickers show it (GET /segments). */
export interface SegmentOption {
  id: string;
  name: string;
  kind: 'rule' | 'list';
  size: number;
}

export function useSegmentOptions() {
  return useQuery({
    queryKey: [...LOYALTY_KEY, 'segments'],
    queryFn: () => get<{ data: SegmentOption[] }>('/segments').then((r) => r.data),
  });
}

/** The first message of `errors` at `path` or under it (`params.skus` also takes `params.skus.2`). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const k = Object.keys(errors).find((x) => x.startsWith(`${path}.`));
  return k ? errors[k] : undefined;
}
