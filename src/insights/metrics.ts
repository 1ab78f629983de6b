/**
 * Evaluation metrics on a held-out part: ROC AUC (ties counted half), top-decile lift, log loss,
 * precision/recall at k. Pure functions over arrays.
 */

/** ROC AUC of `scores` for binary `labels` (1 = positive), by ranks with ties averaged; NaN without both classes. */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Array<number>(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[idx[t]] = r;
    i = j + 1;
  }
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < n; i++)
    if (labels[i] === 1) {
      pos++;
      sum += ranks[i];
    }
  const neg = n - pos;
  if (!pos || !neg) return Number.NaN;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** The positive rate among the top 10 % by score, over the overall rate (ties broken by index: stable). */
export function topDecileLift(scores: readonly number[], labels: readonly number[]): number {
  const n = scores.length;
  if (!n) return Number.NaN;
  const base = labels.reduce((s, y) => s + y, 0) / n;
  if (!base) return Number.NaN;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const k = Math.max(1, Math.round(n / 10));
  let hits = 0;
  for (let i = 0; i < k; i++) hits += labels[idx[i]];
  return hits / k / base;
}

export function logLoss(probs: readonly number[], labels: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, probs[i]));
    s += labels[i] ? -Math.log(p) : -Math.log(1 - p);
  }
  return probs.length ? s / probs.length : Number.NaN;
}

export const round = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** Binary classification metrics of a scorer on a held-out set. */
export function classificationMetrics(scores: readonly number[], labels: readonly number[]) {
  const positives = labels.reduce((s, y) => s + y, 0);
  return {
    auc: round(auc(scores, labels)),
    topDecileLift: round(topDecileLift(scores, labels)),
    n: labels.length,
    positiveRate: round(labels.length ? positives / labels.length : Number.NaN),
  };
}
