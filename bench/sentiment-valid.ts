/**
 * The English validation set (bench/labelled/valid-en-2.jsonl, see its README): never trained on,
 * and the only set EN settings and rules are chosen on (the `heldout` half of sentiment-en.jsonl is
 * not read here). Prints the rules alone and the rules + the committed trained layer on it; `--errors`
 * lists the texts it gets wrong; `--grid` retrains the EN layer on its training texts for a few
 * settings (L2, minCount, neutral margin) and scores each on it. `--set valid-en` scores the first,
 * retired validation set instead (now a training set: its figures are training-set figures).
 *
 *   npx tsx bench/sentiment-valid.ts [--set valid-en] [--errors] [--grid]
 */
import {
  analyzeRules,
  analyzeText,
  analyzeTextRules,
  builtinLexicon,
  combineSentiment,
  NEUTRAL_MARGINS,
  type SentimentLabel,
} from '../src/insights/text/analyze-text.ts';
import { loadValidation, type Scores, score } from '../src/insights/text/evaluate.ts';
import { trainingTexts, trainLanguage } from '../src/insights/text/sentiment-train.ts';

const pc = (x: number) => `${(x * 100).toFixed(1)} %`;
const row = (name: string, s: Scores) =>
  `  ${name.padEnd(36)} n=${s.n}  accuracy ${pc(s.accuracy).padStart(7)}  macro-F1 ${s.macroF1.toFixed(3)}  polar accuracy ${pc(s.polarAccuracy).padStart(7)}`;

const lexicon = builtinLexicon();
const setArg = process.argv.indexOf('--set');
const name = setArg > 0 ? process.argv[setArg + 1] : 'valid-en-2';
if (!['valid-en', 'valid-en-2'].includes(name)) throw new Error(`--set: valid-en or valid-en-2, not ${name}`);
const set = loadValidation(new URL(`./labelled/${name}.jsonl`, import.meta.url));
const gold = set.map((t) => t.label);
const rules = set.map((t) => analyzeTextRules(t.text, lexicon));
const ours = set.map((t) => analyzeText(t.text, lexicon));
console.log(
  `EN validation set ${name}.jsonl: ${set.length} texts (neutral margin ${NEUTRAL_MARGINS.en})` +
    (name === 'valid-en' ? ' (retired: the trained layer learnt from it)' : ''),
);
console.log(
  row(
    'rules alone',
    score(
      gold,
      rules.map((a) => a.sentiment.label),
    ),
  ),
);
console.log(
  row(
    'rules + trained layer (committed)',
    score(
      gold,
      ours.map((a) => a.sentiment.label),
    ),
  ),
);
if (process.argv.includes('--errors'))
  set.forEach((t, i) => {
    if (ours[i].sentiment.label !== t.label)
      console.log(
        `   ✗ ${t.label} → ${ours[i].sentiment.label} ${ours[i].sentiment.score}: ${t.text} ${JSON.stringify(ours[i].matches)} ${ours[i].complaintReasons}`,
      );
  });
if (process.argv.includes('--grid')) {
  const analysed = set.map((t) => analyzeRules(t.text, lexicon));
  const training = trainingTexts('en');
  for (const epochs of [150, 250, 400])
    for (const l2 of [0.001, 0.003, 0.01, 0.03])
      for (const minCount of [1, 2, 3]) {
        const model = trainLanguage(training, { l2, minCount, epochs });
        for (const margin of [0.1, 0.2, 0.3]) {
          const labels: SentimentLabel[] = analysed.map((r) =>
            r.analysis.note
              ? r.analysis.sentiment.label
              : combineSentiment(model, r, { shift: 0, complaints: r.signals.complaintReasons }, margin).label,
          );
          console.log(row(`epochs ${epochs} l2 ${l2} minCount ${minCount} margin ${margin}`, score(gold, labels)));
        }
      }
}
