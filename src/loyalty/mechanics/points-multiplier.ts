export interface PointsMultiplierParams {
  /** > 1, e.g. 5 for "5× points". */
  multiplier: number;
}

/**
 * Base bonus points of an amount paid: `perHundred` points per 100 roubles, rounded down
 * (1234.56 ₽ at 1 per 100 → 12).
 */
export function basePoints(paidKopecks: number, perHundred: number): number {
  if (paidKopecks <= 0 || perHundred <= 0) return 0;
  return Math.floor((paidKopecks * perHundred) / 10_000);
}

/**
 * "N× bonus points": the points of the amount paid at `multiplier` times the base rate, rounded
 * down once; the promotion's reward is what it adds to the base points (5× of 1234.56 ₽ at 1 per
 * 100 → 61 in all, 12 base, 49 from the promotion).
 */
export function pointsMultiplier(paidKopecks: number, perHundred: number, p: PointsMultiplierParams): number {
  if (paidKopecks <= 0 || perHundred <= 0) return 0;
  const all = Math.floor((paidKopecks * perHundred * p.multiplier) / 10_000 + 1e-9);
  return Math.max(0, all - basePoints(paidKopecks, perHundred));
}
