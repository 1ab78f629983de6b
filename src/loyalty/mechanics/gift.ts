import {
  emptyReward,
  kopecks,
  matches,
  paidAmount,
  paidUnits,
  type Applied,
  type Line,
  type ProductFilter,
} from './types.ts';

export interface GiftParams extends ProductFilter {
  giftSku: string;
  /** Rubles the eligible lines must come to (after the discounts before it); default 0. */
  minTotal?: number;
}

/**
 * "Gift with purchase": when the cart has an eligible unit that is paid for and the eligible
 * lines' paid amount reaches `minTotal`, one `giftSku` is added at price 0.
 */
export function gift(lines: Line[], p: GiftParams): Applied {
  const reward = emptyReward();
  const eligible = lines.filter((l) => matches(l, p) && paidUnits(l) > 0);
  if (!eligible.length) return { reward, lines };
  const amount = eligible.reduce((s, l) => s + paidAmount(l), 0);
  if (amount < kopecks(p.minTotal ?? 0)) return { reward, lines };
  reward.gifts = [{ sku: p.giftSku, quantity: 1 }];
  return { reward, lines };
}
