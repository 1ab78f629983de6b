import { RandomForestClassifier } from 'ml-random-forest';
import type { Factor, FeatureWeight } from './tables.ts';
import { auc, classificationMetrics, round } from './metrics.ts';

/** Standardisation fitted on the training part: z = (x − mean) / std. */
export interface Scaler {
  mean: number[];
  std: number[];
}

/** A fitted logistic regression over standardised features (what a version's params keep). */
export interface LogisticModel {
  type: 'logistic-regression';
  names: string[];
  scaler: Scaler;
  intercept: number;
  coefficients: number[];
}

export function fitScaler(rows: readonly number[][]): Scaler {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
  for (let j = 0; j < d; j++) mean[j] /= rows.length || 1;
  for (const r of rows) for (let j = 0; j < d; j++) std[j] += (r[j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / (rows.length || 1)) || 1;
  return { mean, std };
}

const z = (x: readonly number[], s: Scaler) => x.map((v, j) => (v - s.mean[j]) / s.std[j]);

/** Stable 32-bit FNV-1a of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Whether a person is in the held-out part (about `fraction` of people), by a hash of the seed and the id: stable whatever the order. */
export const isHeldOut = (personId: string, seed: number, fraction = 0.2) =>
  hash32(`${seed}:${personId}`) / 4294967296 < fraction;

export const LR_MAX_ITER = 30;
/** L2 penalty on the standardised coefficients (not the intercept): keeps separable data finite. */
export const LR_L2 = 1;

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const d = M[c][c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / d;
      if (f) for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / (M[r][r] || 1e-12);
  }
  return x;
}

/**
 * Fits a logistic regression on standardised features plus an intercept by Newton's method
 * (iteratively reweighted least squares) with a small L2 penalty: no randomness, so the same data
 * gives the same coefficients. (ml-logistic-regression's gradient descent was measured first: it
 * copies the n×d matrix every step — 50 steps on 20k people took 15 s — so the fit is done here.)
 */
export function trainLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: { maxIter?: number; l2?: number } = {},
): LogisticModel {
  const fit = irls(rows, labels, names, opts);
  for (;;) {
    const step = fit.next();
    if (step.done) return step.value;
  }
}

/** How long the async fit computes before it lets the event loop run (ms). */
export const FIT_SLICE_MS = 20;
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The same fit (same coefficients) in slices of about FIT_SLICE_MS, yielding to the event loop
 * between them: trainings run in the server's process (pg-boss jobs), and a 100k-people fit takes
 * seconds of CPU that must not stall requests and ingest meanwhile.
 */
export async function trainLogisticAsync(
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: { maxIter?: number; l2?: number } = {},
): Promise<LogisticModel> {
  const fit = irls(rows, labels, names, opts);
  let since = performance.now();
  for (;;) {
    const step = fit.next();
    if (step.done) return step.value;
    if (performance.now() - since >= FIT_SLICE_MS) {
      await nextTick();
      since = performance.now();
    }
  }
}

/** Rows between the fit's pauses (a pause is only taken when FIT_SLICE_MS have passed). */
const IRLS_BLOCK = 2000;

/** Newton/IRLS as a generator that pauses every IRLS_BLOCK rows (trainLogistic runs it through, trainLogisticAsync in slices). */
function* irls(
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: { maxIter?: number; l2?: number },
): Generator<void, LogisticModel> {
  const scaler = fitScaler(rows);
  const n = rows.length;
  const d = names.length + 1;
  const X = rows.map((r) => Float64Array.from([1, ...z(r, scaler)]));
  const w = new Array<number>(d).fill(0);
  const l2 = opts.l2 ?? LR_L2;
  for (let iter = 0; iter < (opts.maxIter ?? LR_MAX_ITER); iter++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      if (i % IRLS_BLOCK === IRLS_BLOCK - 1) yield;
      const x = X[i];
      let t = 0;
      for (let j = 0; j < d; j++) t += w[j] * x[j];
      const p = 1 / (1 + Math.exp(-t));
      const e = labels[i] - p;
      const v = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j < d; j++) {
        g[j] += e * x[j];
        const vx = v * x[j];
        const Hj = H[j];
        for (let k = j; k < d; k++) Hj[k] += vx * x[k];
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) H[j][k] = H[k][j];
    for (let j = 1; j < d; j++) {
      g[j] -= l2 * w[j];
      H[j][j] += l2;
    }
    const step = solve(H, g);
    let max = 0;
    for (let j = 0; j < d; j++) {
      w[j] += step[j];
      max = Math.max(max, Math.abs(step[j]));
    }
    if (max < 1e-9) break;
  }
  return { type: 'logistic-regression', names: [...names], scaler, intercept: w[0], coefficients: w.slice(1) };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Log-odds contributions of each feature for one person. */
export function contributions(m: LogisticModel, x: readonly number[]): number[] {
  const zx = z(x, m.scaler);
  return m.coefficients.map((c, j) => c * zx[j]);
}

export function predictLogistic(m: LogisticModel, x: readonly number[]): number {
  return sigmoid(m.intercept + contributions(m, x).reduce((s, c) => s + c, 0));
}

/** The features that pushed a score most (largest |contribution| first). */
export function topFactors(m: LogisticModel, x: readonly number[], n = 5): Factor[] {
  const c = contributions(m, x);
  return m.names
    .map((feature, j) => ({ feature, value: round(x[j], 4) ?? 0, contribution: round(c[j], 4) ?? 0 }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
    .slice(0, n);
}

/** Standardised coefficients as importance, largest effect first. */
export function importance(m: LogisticModel): FeatureWeight[] {
  return m.names
    .map((feature, j) => ({ feature, weight: round(m.coefficients[j], 4) ?? 0 }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature.localeCompare(b.feature));
}

/** At most this many training rows go to the forest (it is compared, not the default). */
export const FOREST_MAX_ROWS = 4000;

/**
 * A random forest (ml-random-forest, seeded) on the same split, to compare with the regression:
 * its held-out AUC, and the forest itself (JSON) when asked.
 */
export function compareForest(
  train: { rows: number[][]; labels: number[] },
  test: { rows: number[][]; labels: number[] },
  seed: number,
): { auc: number; forest: RandomForestClassifier } {
  const step = Math.max(1, Math.ceil(train.rows.length / FOREST_MAX_ROWS));
  const rows = train.rows.filter((_, i) => i % step === 0);
  const labels = train.labels.filter((_, i) => i % step === 0);
  const forest = new RandomForestClassifier({
    seed,
    nEstimators: 30,
    maxFeatures: 0.5,
    replacement: true,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: { maxDepth: 8, minNumSamples: 5 },
  });
  forest.train(rows, labels);
  const p = forest.predictProbability(test.rows, 1);
  return { auc: auc(p, test.labels), forest };
}

/** A binary model fitted and evaluated on a held-out part against a one-feature baseline. */
export interface BinaryFit {
  model: LogisticModel;
  metrics: ReturnType<typeof classificationMetrics> & { model: string; trainSize: number; forestAuc?: number | null };
  baseline: ReturnType<typeof classificationMetrics> & { model: string };
}

/**
 * Splits by person (seeded hash), fits the regression on the training part, and evaluates it and
 * the baseline (a score from one raw feature, higher = more likely) on the held-out part.
 */
export function fitBinary(
  ids: readonly string[],
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: FitBinaryOptions,
): BinaryFit {
  const { train, test } = splitBinary(ids, rows, labels, opts);
  return evaluateBinary(trainLogistic(train.rows, train.labels, names), train, test, opts);
}

/** fitBinary with the fit in slices that let the event loop run (trainLogisticAsync): what trainings in the server use. */
export async function fitBinaryAsync(
  ids: readonly string[],
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: FitBinaryOptions,
): Promise<BinaryFit> {
  const { train, test } = splitBinary(ids, rows, labels, opts);
  return evaluateBinary(await trainLogisticAsync(train.rows, train.labels, names), train, test, opts);
}

export interface FitBinaryOptions {
  seed: number;
  baseline: { name: string; score: (row: readonly number[]) => number };
  forest?: boolean;
  /** Which people are held out (default: a seeded hash of the id, about 20 %). */
  heldOut?: (id: string) => boolean;
}

type Part = { rows: number[][]; labels: number[] };

function splitBinary(
  ids: readonly string[],
  rows: readonly number[][],
  labels: readonly number[],
  opts: FitBinaryOptions,
): { train: Part; test: Part } {
  const train = { rows: [] as number[][], labels: [] as number[] };
  const test = { rows: [] as number[][], labels: [] as number[] };
  const held = ids.map((id) => (opts.heldOut ? opts.heldOut(id) : isHeldOut(id, opts.seed)));
  if (!opts.heldOut) {
    // A rare class can miss the hashed 20 % by chance (a few defaulters among a few hundred people),
    // and the held-out metrics are then undefined. Only then, the class's people with the lowest
    // hashes join it, up to about 20 % of the class: the same people for the same ids and seed.
    for (const c of [0, 1]) {
      const members = ids.map((_, i) => i).filter((i) => labels[i] === c);
      const want = Math.round(members.length * 0.2);
      const have = members.filter((i) => held[i]).length;
      if (want < 1 || have >= Math.max(1, Math.floor(want / 2))) continue;
      const order = members
        .filter((i) => !held[i])
        .sort((a, b) => hash32(`${opts.seed}:${ids[a]}`) - hash32(`${opts.seed}:${ids[b]}`) || a - b);
      for (const i of order.slice(0, want - have)) held[i] = true;
    }
  }
  ids.forEach((_, i) => {
    const part = held[i] ? test : train;
    part.rows.push(rows[i]);
    part.labels.push(labels[i]);
  });
  return { train, test };
}

function evaluateBinary(model: LogisticModel, train: Part, test: Part, opts: FitBinaryOptions): BinaryFit {
  const scores = test.rows.map((r) => predictLogistic(model, r));
  const metrics = {
    model: 'logistic-regression',
    trainSize: train.rows.length,
    ...classificationMetrics(scores, test.labels),
  } as BinaryFit['metrics'];
  if (opts.forest) metrics.forestAuc = round(compareForest(train, test, opts.seed).auc);
  const baseline = {
    model: opts.baseline.name,
    ...classificationMetrics(
      test.rows.map((r) => opts.baseline.score(r)),
      test.labels,
    ),
  };
  return { model, metrics, baseline };
}

/**
 * k-fold cross-validation by person (folds by a seeded hash of the id): every person is scored
 * once by a model that did not see her; the pooled out-of-fold scores give the metrics, for the
 * model and the baseline. On a small set (the demo's 1,500 active customers) this is steadier
 * than one 20 % split, whose top decile is a few dozen people.
 */
export function crossValidate(
  ids: readonly string[],
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: { seed: number; folds?: number; baseline: { name: string; score: (row: readonly number[]) => number } },
): Pick<BinaryFit, 'metrics' | 'baseline'> {
  const k = opts.folds ?? 5;
  const fold = ids.map((id) => hash32(`${opts.seed}:cv:${id}`) % k);
  const scores = new Array<number>(rows.length).fill(0);
  let trainSize = 0;
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    const model = trainLogistic(
      train,
      labels.filter((_, i) => fold[i] !== f),
      names,
    );
    trainSize += train.length;
    rows.forEach((r, i) => {
      if (fold[i] === f) scores[i] = predictLogistic(model, r);
    });
  }
  return {
    metrics: {
      model: `logistic-regression, ${k}-fold cross-validation`,
      trainSize: Math.round(trainSize / k),
      ...classificationMetrics(scores, labels),
    },
    baseline: { model: opts.baseline.name, ...classificationMetrics(rows.map(opts.baseline.score), labels) },
  };
}
