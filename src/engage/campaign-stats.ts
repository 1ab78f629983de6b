import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** How a campaign's results are tested: shown beside the numbers so nobody has to guess. */
export const METHODS = {
  response:
    'Two-proportion z-test, two-sided: p-value from the pooled standard error; 95 % interval of the difference (Wald, unpooled standard error)',
  revenue:
    "Welch's t-test, two-sided, over revenue per person (non-responders count as 0); 95 % interval from Student's t with Welch–Satterthwaite degrees of freedom",
} as const;

export interface Proportions {
  /** Treatment's rate. */
  p1: number;
  /** Control's rate. */
  p2: number;
  /** p1 − p2. */
  diff: number;
  ci: [number, number];
  pValue: number;
  /** diff / p2; null when the control's rate is 0. */
  relative: number | null;
}

/**
 * Difference of two response rates: x1 responders of n1 (treatment) against x2 of n2 (control).
 * Null when either group is empty: there is nothing to compare, and NaN must never reach a screen.
 */
export function twoProportion(x1: number, n1: number, x2: number, n2: number): Proportions | null {
  if (!(n1 > 0) || !(n2 > 0)) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const pooled = (x1 + x2) / (n1 + n2);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // Both groups all-or-nothing alike: no variation, so no evidence of a difference either way.
  const pValue = sePooled > 0 ? 2 * (1 - normalCdf(Math.abs(diff) / sePooled, 0, 1)) : 1;
  return {
    p1,
    p2,
    diff,
    ci: [diff - Z95 * se, diff + Z95 * se],
    pValue: clampP(pValue),
    relative: p2 > 0 ? diff / p2 : null,
  };
}

export interface Sample {
  n: number;
  mean: number;
  /** Sample variance (n − 1 in the denominator). */
  variance: number;
}

export interface MeanDifference {
  diff: number;
  ci: [number, number];
  pValue: number;
  df: number;
}

/**
 * Welch's t-test of a − b (treatment minus control). Null when a group has fewer than two people
 * (no variance to estimate). Two constant groups: the difference is exact (interval of width 0).
 */
export function welch(a: Sample, b: Sample): MeanDifference | null {
  if (!(a.n >= 2) || !(b.n >= 2)) return null;
  const va = Math.max(0, a.variance) / a.n;
  const vb = Math.max(0, b.variance) / b.n;
  const diff = a.mean - b.mean;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return { diff, ci: [diff, diff], pValue: diff === 0 ? 1 : 0, df: a.n + b.n - 2 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = diff / se;
  const pValue = 2 * (1 - tCdf(Math.abs(t), df));
  const q = tQuantile(0.975, df);
  return { diff, ci: [diff - q * se, diff + q * se], pValue: clampP(pValue), df };
}

const clampP = (p: number) => Math.min(1, Math.max(0, p));
