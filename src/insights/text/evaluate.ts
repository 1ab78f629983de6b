import { readFileSync } from 'node:fs';
import type { SentimentLabel } from './analyze-text.ts';

/** One labelled text of bench/labelled/sentiment-{ru,en}.jsonl: `dev` may be tuned on, `heldout` never. */
export interface LabelledText {
  text: string;
  label: SentimentLabel;
  split: 'dev' | 'heldout';
}

export const LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive'];

/**
 * Reads a JSONL set whose every line has a text, a label and one of `splits`; any other line throws
 * (a typo must not count, and a text of one kind of set must not slip into another).
 */
function loadSet<S extends string>(path: string | URL, splits: readonly S[]) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = JSON.parse(l) as { text: string; label: SentimentLabel; split: S };
      if (typeof r.text !== 'string' || !r.text.trim()) throw new Error(`line ${i + 1}: no text`);
      if (!LABELS.includes(r.label)) throw new Error(`line ${i + 1}: label ${r.label}`);
      if (!splits.includes(r.split)) throw new Error(`line ${i + 1}: split ${r.split}`);
      return r;
    });
}

/** Reads an evaluation set (sentiment-{ru,en}.jsonl): `split` must be `dev` or `heldout`. */
export function loadLabelled(path: string | URL): LabelledText[] {
  return loadSet(path, ['dev', 'heldout'] as const);
}

export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Among texts labelled positive or negative: the share given that label (neutral counts as wrong). */
  polarAccuracy: number;
}

/** Accuracy, macro-F1 over the three labels (a label never predicted nor present is left out) and polar accuracy. */
export function score(gold: SentimentLabel[], predicted: SentimentLabel[]): Scores {
  const n = gold.length;
  let right = 0;
  let polar = 0;
  let polarRight = 0;
  const f1s: number[] = [];
  for (let i = 0; i < n; i++) {
    if (gold[i] === predicted[i]) right++;
    if (gold[i] !== 'neutral') {
      polar++;
      if (gold[i] === predicted[i]) polarRight++;
    }
  }
  for (const l of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < n; i++) {
      if (predicted[i] === l && gold[i] === l) tp++;
      else if (predicted[i] === l) fp++;
      else if (gold[i] === l) fn++;
    }
    if (tp + fp + fn === 0) continue;
    f1s.push(tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }
  return {
    n,
    accuracy: n ? right / n : 0,
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    polarAccuracy: polar ? polarRight / polar : 0,
  };
}

/** The most frequent label of a set (ties: the first of LABELS): the majority-class baseline predicts it for all. */
export function majorityLabel(gold: SentimentLabel[]): SentimentLabel {
  const counts = LABELS.map((l) => gold.filter((g) => g === l).length);
  return LABELS[counts.indexOf(Math.max(...counts))];
}

/** One text of bench/labelled/valid-en.jsonl: chooses settings and rules, never trained on. */
export interface ValidationText {
  text: string;
  label: SentimentLabel;
  split: 'valid';
}

/** Reads a validation set (`split` must be `valid`; loadTraining refuses such lines). */
export function loadValidation(path: string | URL): ValidationText[] {
  return loadSet(path, ['valid'] as const);
}

/**
 * An independent test set (bench/labelled/test-{ru,en}.jsonl): `split: "test"` on every line.
 * Scored by the bench only; neither loadTraining nor loadValidation accepts its lines.
 */
export function loadTest(path: string | URL): { text: string; label: SentimentLabel; split: 'test' }[] {
  return loadSet(path, ['test'] as const);
}
