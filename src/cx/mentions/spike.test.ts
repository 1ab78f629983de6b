import { describe, expect, it } from 'vitest';
import { spikeOf, windowIndex, windowsOf } from './spike.ts';

const NOW = new Date('2026-12-01T10:37:00Z');
const rule = (over: Partial<Parameters<typeof spikeOf>[0]> = {}) => ({
  windowMinutes: 60,
  baselineWindows: 8,
  sigma: 2,
  minCount: 3,
  ...over,
});
/** Counts for the windows before the current one (oldest first), and the current one's. */
const counts = (baseline: number[], current: number, r = rule()) => {
  const cur = windowIndex(NOW, r.windowMinutes);
  const m = new Map<number, number>();
  for (const [i, c] of baseline.entries()) m.set(cur - baseline.length + i, c);
  m.set(cur, current);
  return m;
};

/** The spike rule (spike.ts) on hand-computed counts. */
describe('mention alerts: the spike rule', () => {
  it('windows are aligned to the UTC epoch; the baseline is the N windows before', () => {
    const w = windowsOf(rule(), NOW);
    expect(w.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(w.baselineStart.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(windowsOf(rule({ windowMinutes: 1440 }), NOW).start.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('μ = 5, σ = 2 over [2,4,4,4,5,5,7,9]: with k = 2 the count must exceed 9', () => {
    const base = [2, 4, 4, 4, 5, 5, 7, 9];
    const at9 = spikeOf(rule(), counts(base, 9), NOW);
    expect(at9).toMatchObject({ count: 9, mean: 5, sd: 2, threshold: 9, spike: false });
    expect(spikeOf(rule(), counts(base, 10), NOW)).toMatchObject({ count: 10, threshold: 9, spike: true });
    // k = 1: 7 is the line; 8 is over it.
    expect(spikeOf(rule({ sigma: 1 }), counts(base, 7), NOW).spike).toBe(false);
    expect(spikeOf(rule({ sigma: 1 }), counts(base, 8), NOW).spike).toBe(true);
  });

  it('a quiet scope needs the minimum count', () => {
    const zeros = [0, 0, 0, 0, 0, 0, 0, 0];
    expect(spikeOf(rule({ minCount: 5 }), counts(zeros, 4), NOW)).toMatchObject({
      mean: 0,
      sd: 0,
      threshold: 0,
      spike: false,
    });
    expect(spikeOf(rule({ minCount: 5 }), counts(zeros, 5), NOW).spike).toBe(true);
  });

  it('windows with no mentions count 0 in the baseline', () => {
    // Baseline of 4 windows, only the oldest had 8: μ = 2, σ = √((36 + 3·4) / 4) = √12 ≈ 3.464.
    const r = rule({ baselineWindows: 4, sigma: 1 });
    const m = new Map([[windowIndex(NOW, 60) - 4, 8]]);
    m.set(windowIndex(NOW, 60), 5);
    const v = spikeOf(r, m, NOW);
    expect(v.mean).toBe(2);
    expect(v.sd).toBeCloseTo(Math.sqrt(12), 10);
    expect(v.threshold).toBeCloseTo(2 + Math.sqrt(12), 10);
    expect(v.spike).toBe(false);
    m.set(windowIndex(NOW, 60), 6);
    expect(spikeOf(r, m, NOW).spike).toBe(true);
    // A window older than the baseline is not looked at.
    m.set(windowIndex(NOW, 60) - 5, 1000);
    expect(spikeOf(r, m, NOW).mean).toBe(2);
  });
});
