/**
 * The spike rule of mention alerts, defined once here (tests: spike.test.ts, on hand-computed counts).
 *
 * Time is cut into windows of W minutes aligned to the UTC epoch (window i = [i·W, (i+1)·W)).
 * The current window is the one `now` falls in (still filling); its count is c. The baseline is the
 * N windows before it, each counted (an empty window counts 0): mean μ and population standard
 * deviation σ. The current window is a spike when
 *
 *     c ≥ minCount  and  c > μ + k·σ
 *
 * so a quiet topic needs at least `minCount` negative mentions, and a noisy one clearly more than its
 * usual spread. An alert is raised at most once per rule and window (the window's start is its key).
 */
export interface SpikeRule {
  windowMinutes: number;
  baselineWindows: number;
  sigma: number;
  minCount: number;
}

export interface SpikeVerdict {
  windowStart: Date;
  windowEnd: Date;
  count: number;
  mean: number;
  sd: number;
  /** μ + k·σ: the count must exceed it (and reach minCount). */
  threshold: number;
  spike: boolean;
}

/** The current window's bounds and where the baseline starts. */
export function windowsOf(rule: SpikeRule, now: Date): { start: Date; end: Date; baselineStart: Date } {
  const w = rule.windowMinutes * 60_000;
  const start = Math.floor(now.getTime() / w) * w;
  return {
    start: new Date(start),
    end: new Date(start + w),
    baselineStart: new Date(start - rule.baselineWindows * w),
  };
}

/** The window index of a moment (windows of `windowMinutes`, from the epoch). */
export const windowIndex = (at: Date, windowMinutes: number) => Math.floor(at.getTime() / (windowMinutes * 60_000));

/**
 * The verdict from per-window counts: `counts` maps a window index to its count (windows missing
 * count 0); the current window is the one `now` falls in.
 */
export function spikeOf(rule: SpikeRule, counts: ReadonlyMap<number, number>, now: Date): SpikeVerdict {
  const { start, end } = windowsOf(rule, now);
  const current = windowIndex(start, rule.windowMinutes);
  const c = counts.get(current) ?? 0;
  const n = rule.baselineWindows;
  const xs: number[] = [];
  for (let i = current - n; i < current; i++) xs.push(counts.get(i) ?? 0);
  const mean = n > 0 ? xs.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n > 0 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n) : 0;
  const threshold = mean + rule.sigma * sd;
  return {
    windowStart: start,
    windowEnd: end,
    count: c,
    mean,
    sd,
    threshold,
    spike: c >= rule.minCount && c > threshold,
  };
}
