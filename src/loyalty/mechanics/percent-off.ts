import { emptyReward, matches, paidAmount, type Applied, type Line, type ProductFilter } from './types.ts';

export interface PercentOffParams extends ProductFilter {
  /** 1..100. */
  percent: number;
}

/**
 * "X % off a category or product": each eligible line's paid amount (units not free) loses
 * `percent` %, rounded to the kopeck per line. A line another percent-off already discounted is
 * left alone (active percent-offs over the same products are refused as overlapping anyway).
 */
export function percentOff(lines: Line[], p: PercentOffParams): Applied {
  const reward = emptyReward();
  const next = lines.map((l) => {
    if (l.percentApplied || !matches(l, p)) return l;
    const amount = paidAmount(l);
    if (amount <= 0) return l;
    const d = Math.round((amount * p.percent) / 100);
    reward.discount += d;
    return { ...l, discount: l.discount + d, percentApplied: true };
  });
  return { reward, lines: reward.discount > 0 ? next : lines };
}
