import { createRequire } from 'node:module';
import type { Token } from './normalize.ts';

/**
 * The trained layer of the sentiment analysis (issue 19): a per-language multinomial logistic
 * regression over stems, character 4-grams, stem bigrams, negation-marked stems ("¬работ"), emoji
 * and punctuation,
 * with the rule layer's own verdict (its score, its positive and negative sums, the complaint rules
 * and cues that matched) as features. Trained by src/insights/text/sentiment-train.ts on
 * bench/labelled/train-{ru,en}.jsonl, the `dev` half of sentiment-{ru,en}.jsonl and the retired
 * validation set valid-en.jsonl, never on the `heldout` half nor on valid-en-2.jsonl; `npm run train:sentiment` writes sentiment-model.json, which is committed and
 * checked against a fresh training by a test. Pure and deterministic: no I/O after the first load.
 */

/** What the rule layer found in a text, as the model sees it. */
export interface RuleSignals {
  /** The rule layer's normalised score, −1..1, and its raw sum before normalising. */
  score: number;
  raw: number;
  /** Sum of the positive and of the negative contributions of words, phrases and emoji. */
  positive: number;
  negative: number;
  complaintReasons: string[];
  cues: string[];
}

/** Class order of the weights: negative, neutral, positive. */
export type Triple = [number, number, number];

export interface LanguageModel {
  /** Feature → weights for (negative, neutral, positive). */
  weights: Record<string, Triple>;
  bias: Triple;
  /** How many texts of each label it was trained on (negative, neutral, positive). */
  trainedOn: Triple;
  /** Settings of this language's training when they differ from the file's `settings`. */
  settings?: TrainSettings;
}

export interface SentimentModelFile {
  version: 1;
  /** Settings the model was trained with (sentiment-train.ts). */
  settings: TrainSettings;
  languages: Record<string, LanguageModel>;
}

export interface TrainSettings {
  /** L2 penalty on the word features (the rule features get a tenth of it). */
  l2: number;
  epochs: number;
  /** A word feature must occur in at least this many training texts. */
  minCount: number;
}

/** Words that turn the next ones (within the clause); the same set the rules use, kept short here. */
const NEGATORS = new Set([
  'не',
  'нет',
  'ни',
  'без',
  'никогда',
  'not',
  'no',
  'never',
  'without',
  'nothing',
  'cannot',
  'none',
  'nobody',
]);
const NEGATION_SPAN = 3;

/** Rule-layer features are scaled into −1..1 so one weight means the same in both languages. */
const squash = (x: number) => Math.tanh(x / 3);

/**
 * The features of one text: word stems (negation-marked within three words after a negator in
 * the clause), character 4-grams of words, stem bigrams, emoji and smileys, `?` and `!`, and the
 * rule layer's signals.
 */
export function modelFeatures(tokens: Token[], stems: string[], rules: RuleSignals): Map<string, number> {
  const f = new Map<string, number>();
  const set = (k: string, v = 1) => f.set(k, v);
  let negation = 0;
  let prev = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      negation = 0;
      prev = '';
      if (t.text.includes('?')) set('p:?');
      if (t.text.includes('!')) set('p:!');
      continue;
    }
    if (t.kind === 'emoji' || t.kind === 'smiley') {
      set(`e:${t.text}`);
      continue;
    }
    const w = t.text;
    const negator = NEGATORS.has(w) || w.endsWith("n't");
    const s = negator ? (w.endsWith("n't") ? 'not' : w) : stems[i] || w;
    if (negator) {
      set(`w:${s}`);
      negation = NEGATION_SPAN;
    } else if (negation > 0) {
      set(`w:¬${s}`);
      negation--;
    } else set(`w:${s}`);
    // Character 4-grams of the word with its edges: typos, slang and endings the stemmer misses.
    const padded = ` ${w} `;
    for (let j = 0; j + 4 <= padded.length; j++) set(`g:${padded.slice(j, j + 4)}`);
    if (prev) set(`b:${prev}_${s}`);
    prev = s;
  }
  set('r:score', rules.score);
  if (rules.positive) set('r:pos', squash(rules.positive));
  if (rules.negative) set('r:neg', squash(rules.negative));
  if (rules.complaintReasons.length) set('r:complaint');
  for (const k of rules.complaintReasons) set(`c:${k.startsWith('lexicon:') ? 'lexicon' : k}`);
  for (const k of rules.cues) set(`q:${k}`);
  return f;
}

/**
 * Class probabilities (negative, neutral, positive) of a text's features; `shift` is added to the
 * positive class's log-odds and taken from the negative one's (a workspace's lexicon, analyzeText).
 */
export function predict(model: LanguageModel, features: Map<string, number>, shift = 0): Triple {
  const z: Triple = [model.bias[0] - shift, model.bias[1], model.bias[2] + shift];
  for (const [k, v] of features) {
    const w = model.weights[k];
    if (!w) continue;
    z[0] += w[0] * v;
    z[1] += w[1] * v;
    z[2] += w[2] * v;
  }
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const sum = e[0] + e[1] + e[2];
  return [e[0] / sum, e[1] / sum, e[2] / sum];
}

const require = createRequire(import.meta.url);
let loaded: SentimentModelFile | undefined;
/** The committed model (sentiment-model.json), loaded on first use. */
export function sentimentModel(): SentimentModelFile {
  loaded ??= require('./sentiment-model.json') as SentimentModelFile;
  return loaded;
}

const triple = (t: Triple) => `[${t.join(', ')}]`;
const settingsText = (s: TrainSettings) =>
  Object.entries(s)
    .map(([k, v]) => `${JSON.stringify(k)}: ${v}`)
    .join(', ');
/** The model file's text: one feature per line (a retraining's diff stays readable), laid out as biome formats JSON. */
export function serializeModel(model: SentimentModelFile): string {
  const lines: string[] = ['{', `  "version": ${model.version},`, `  "settings": { ${settingsText(model.settings)} },`];
  lines.push('  "languages": {');
  const langs = Object.keys(model.languages);
  langs.forEach((lang, li) => {
    const m = model.languages[lang];
    lines.push(`    ${JSON.stringify(lang)}: {`);
    if (m.settings) lines.push(`      "settings": { ${settingsText(m.settings)} },`);
    lines.push(`      "bias": ${triple(m.bias)},`);
    lines.push(`      "trainedOn": ${triple(m.trainedOn)},`);
    lines.push('      "weights": {');
    const keys = Object.keys(m.weights).sort();
    for (let i = 0; i < keys.length; i++)
      lines.push(`        ${JSON.stringify(keys[i])}: ${triple(m.weights[keys[i]])}${i < keys.length - 1 ? ',' : ''}`);
    lines.push('      }');
    lines.push(`    }${li < langs.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}');
  return `${lines.join('\n')}\n`;
}
