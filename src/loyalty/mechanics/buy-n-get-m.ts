import { emptyReward, matches, paidUnits, type Applied, type Line, type ProductFilter } from './types.ts';

export interface BuyNGetMParams extends ProductFilter {
  n: number;
  m: number;
}

/**
 * "Buy N, get M free": of the eligible units not free already, every full group of n+m makes m
 * units free, and the free ones are the cheapest eligible units of the cart (ties: the earlier
 * line first). 5 eligible units with n=2, m=1 → 1 free unit (the cheapest); 6 → 2.
 */
export function buyNGetM(lines: Line[], p: BuyNGetMParams): Applied {
  const units: { line: number; price: number }[] = [];
  lines.forEach((l, i) => {
    if (!matches(l, p)) return;
    for (let u = 0; u < paidUnits(l); u++) units.push({ line: i, price: l.price });
  });
  const freeCount = Math.floor(units.length / (p.n + p.m)) * p.m;
  const reward = emptyReward();
  if (freeCount === 0) return { reward, lines };
  units.sort((a, b) => a.price - b.price || a.line - b.line);
  const perLine = new Map<number, number>();
  for (const u of units.slice(0, freeCount)) {
    perLine.set(u.line, (perLine.get(u.line) ?? 0) + 1);
    reward.discount += u.price;
  }
  const bySku = new Map<string, number>();
  const next = lines.map((l, i) => {
    const f = perLine.get(i);
    if (!f) return l;
    bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + f);
    return { ...l, free: l.free + f };
  });
  reward.freeItems = [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
  return { reward, lines: next };
}
