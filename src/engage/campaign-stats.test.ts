import { describe, expect, it } from 'vitest';
import { twoProportion, welch } from './campaign-stats.ts';

describe('campaign statistics', () => {
  it('two proportions: 20/200 against 5/100, computed by hand', () => {
    // p1 = 0.10, p2 = 0.05, diff = 0.05.
    // Unpooled SE = sqrt(0.1·0.9/200 + 0.05·0.95/100) = sqrt(0.00045 + 0.000475) = 0.0304138…
    // CI = 0.05 ± 1.959964 · 0.0304138 = [−0.009610, 0.109610].
    // Pooled p = 25/300 = 0.083333; SE = sqrt(0.083333·0.916667·(1/200 + 1/100)) = 0.0338502…
    // z = 0.05 / 0.0338502 = 1.477097; two-sided p = 2·(1 − Φ(1.477097)) = 0.139649.
    const r = twoProportion(20, 200, 5, 100)!;
    expect(r.p1).toBeCloseTo(0.1, 12);
    expect(r.p2).toBeCloseTo(0.05, 12);
    expect(r.diff).toBeCloseTo(0.05, 12);
    expect(r.ci[0]).toBeCloseTo(-0.00961, 5);
    expect(r.ci[1]).toBeCloseTo(0.10961, 5);
    expect(r.pValue).toBeCloseTo(0.139649, 5);
    expect(r.relative).toBeCloseTo(1, 12);
  });

  it('a clear effect: 180/1000 against 120/1000', () => {
    // diff 0.06; unpooled SE = sqrt(0.18·0.82/1000 + 0.12·0.88/1000) = sqrt(0.0001476 + 0.0001056) = 0.0159123
    // CI = [0.028813, 0.091187]; pooled p = 0.15, SE = sqrt(0.15·0.85·0.002) = 0.0159687, z = 3.757356,
    // p = 0.000172.
    const r = twoProportion(180, 1000, 120, 1000)!;
    expect(r.ci[0]).toBeCloseTo(0.028813, 5);
    expect(r.ci[1]).toBeCloseTo(0.091187, 5);
    expect(r.pValue).toBeCloseTo(0.000172, 5);
    expect(r.relative).toBeCloseTo(0.5, 12);
  });

  it('an empty group gives no statistic, a zero control rate no relative uplift', () => {
    expect(twoProportion(5, 10, 0, 0)).toBeNull();
    expect(twoProportion(0, 0, 1, 10)).toBeNull();
    const r = twoProportion(3, 10, 0, 10)!;
    expect(r.relative).toBeNull();
    expect(Number.isFinite(r.pValue)).toBe(true);
    const none = twoProportion(0, 10, 0, 10)!;
    expect(none.pValue).toBe(1);
    expect(none.ci).toEqual([0, 0]);
  });

  it("Welch's t: revenue per person, computed by hand", () => {
    // a: n 10, mean 120, var 400; b: n 12, mean 100, var 900.
    // va = 40, vb = 75, SE = sqrt(115) = 10.723805; t = 20 / 10.723805 = 1.865010.
    // df = 115² / (40²/9 + 75²/11) = 13225 / (177.7778 + 511.3636) = 19.190546.
    // By numeric integration of the t density (Simpson, independent of the library):
    // p = 2·(1 − T_df(1.865010)) = 0.077546; t(0.975, df) = 2.091618 → CI = [−2.430108, 42.430108].
    const r = welch({ n: 10, mean: 120, variance: 400 }, { n: 12, mean: 100, variance: 900 })!;
    expect(r.diff).toBe(20);
    expect(r.df).toBeCloseTo(19.190546, 5);
    expect(r.pValue).toBeCloseTo(0.077546, 5);
    expect(r.ci[0]).toBeCloseTo(-2.430108, 4);
    expect(r.ci[1]).toBeCloseTo(42.430108, 4);
  });

  it("Welch's t needs two people per group; constant groups give an exact difference", () => {
    expect(welch({ n: 1, mean: 5, variance: 0 }, { n: 5, mean: 1, variance: 1 })).toBeNull();
    const same = welch({ n: 3, mean: 0, variance: 0 }, { n: 3, mean: 0, variance: 0 })!;
    expect(same.pValue).toBe(1);
    expect(same.ci).toEqual([0, 0]);
  });
});
