import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
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

export const LR_STEPS = 400;
export const LR_RATE = 0.5;

/**
 * Fits a logistic regression with ml-logistic-regression (batch gradient descent from zero weights:
 * deterministic) on standardised features plus an intercept column. The library sums the gradient
 * over rows, so the rate is divided by n.
 */
export function trainLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  names: readonly string[],
  opts: { steps?: number; rate?: number } = {},
): LogisticModel {
  const scaler = fitScaler(rows);
  const X = new Matrix(rows.map((r) => [1, ...z(r, scaler)]));
  const Y = Matrix.columnVector([...labels]);
  const steps = opts.steps ?? LR_STEPS;
  const learningRate = (opts.rate ?? LR_RATE) / Math.max(1, rows.length);
  // The library's two-class trainer (its multi-class wrapper trains one per class, one vs all).
  const lr = LogisticRegression.load({
    name: 'LogisticRegression',
    numSteps: steps,
    learningRate,
    numberClasses: 1,
    classifiers: [{ numSteps: steps, learningRate, weights: null }],
  }).classifiers[0];
  lr.train(X, Y);
  const w = (lr.weights as Matrix).to1DArray();
  return {
    type: 'logistic-regression',
    names: [...names],
    scaler,
    intercept: w[0],
    coefficients: w.slice(1),
  };
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
  opts: { seed: number; baseline: { name: string; score: (row: readonly number[]) => number }; forest?: boolean },
): BinaryFit {
  const train = { rows: [] as number[][], labels: [] as number[] };
  const test = { rows: [] as number[][], labels: [] as number[] };
  ids.forEach((id, i) => {
    const part = isHeldOut(id, opts.seed) ? test : train;
    part.rows.push(rows[i]);
    part.labels.push(labels[i]);
  });
  const model = trainLogistic(train.rows, train.labels, names);
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
