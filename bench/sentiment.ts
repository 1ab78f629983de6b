/**
 * Text analytics (issue 19): sentiment on the labelled RU and EN reviews (bench/labelled/, see its
 * README: written before tuning; the lexicon was tuned on the `dev` half only, `heldout` never).
 * Per language: accuracy and macro-F1 on the held-out half and on all, against the majority-class
 * baseline (the majority label of the dev half predicted for everything) and against the packages
 * alone (`sentiment` for EN, @nlpjs/sentiment + lang-ru for RU: sign of the score, 0 = neutral);
 * accuracy on polar texts (positive or negative) only; texts/s of analyzeText.
 *
 *   npm run bench -- sentiment [--errors]      (--errors lists the held-out texts it gets wrong)
 *
 * Budget: ≥ 80 % accuracy on polar texts in each language.
 */
import { createRequire } from 'node:module';
import Sentiment from 'sentiment';
import { analyzeText, builtinLexicon, type SentimentLabel } from '../src/insights/text/analyze-text.ts';
import { loadLabelled, majorityLabel, score, type LabelledText, type Scores } from '../src/insights/text/evaluate.ts';

const require = createRequire(import.meta.url);
const showErrors = process.argv.includes('--errors');
const showDev = process.argv.includes('--dev-errors');

type NlpSentiment = { process(i: { locale: string; text: string }): Promise<{ sentiment: { score: number } }> };
async function nlpjsRu(): Promise<NlpSentiment> {
  const { containerBootstrap } = require('@nlpjs/core');
  const { SentimentAnalyzer } = require('@nlpjs/sentiment');
  const { LangRu } = require('@nlpjs/lang-ru');
  const container = await containerBootstrap();
  container.use(LangRu);
  return new SentimentAnalyzer({ container }) as NlpSentiment;
}
const sign = (x: number): SentimentLabel => (x > 0 ? 'positive' : x < 0 ? 'negative' : 'neutral');
const pc = (x: number) => `${(x * 100).toFixed(1)} %`;
const row = (name: string, s: Scores) =>
  `  ${name.padEnd(28)} n=${String(s.n).padStart(3)}  accuracy ${pc(s.accuracy).padStart(7)}  macro-F1 ${s.macroF1.toFixed(3)}  polar accuracy ${pc(s.polarAccuracy).padStart(7)}`;

const lexicon = builtinLexicon();
const en = new Sentiment();
const ru = await nlpjsRu();
let budgetOk = true;

for (const lang of ['ru', 'en'] as const) {
  const set: LabelledText[] = loadLabelled(new URL(`./labelled/sentiment-${lang}.jsonl`, import.meta.url));
  const ours = set.map((t) => analyzeText(t.text, lexicon));
  const pkg: SentimentLabel[] = [];
  for (const t of set)
    pkg.push(
      lang === 'en'
        ? sign(en.analyze(t.text).score)
        : sign((await ru.process({ locale: 'ru', text: t.text })).sentiment.score),
    );
  const majority = majorityLabel(set.filter((t) => t.split === 'dev').map((t) => t.label));
  const counts = ['negative', 'neutral', 'positive'].map((l) => `${l} ${set.filter((t) => t.label === l).length}`);
  console.log(`\n${lang.toUpperCase()}: ${set.length} texts (${counts.join(', ')}); majority class (dev): ${majority}`);
  for (const part of ['heldout', 'all'] as const) {
    const idx = set.map((t, i) => (part === 'all' || t.split === part ? i : -1)).filter((i) => i >= 0);
    const gold = idx.map((i) => set[i].label);
    console.log(` ${part === 'heldout' ? 'held-out half' : 'all'}:`);
    const s = score(
      gold,
      idx.map((i) => ours[i].sentiment.label),
    );
    console.log(row('kartoteka analyzeText', s));
    console.log(
      row(
        lang === 'en' ? 'sentiment (AFINN) alone' : '@nlpjs/sentiment alone',
        score(
          gold,
          idx.map((i) => pkg[i]),
        ),
      ),
    );
    console.log(
      row(
        `majority class (${majority})`,
        score(
          gold,
          gold.map(() => majority),
        ),
      ),
    );
    if (s.polarAccuracy < 0.8) budgetOk = false;
  }
  const detected = ours.filter((a) => a.language === lang).length;
  console.log(
    `  language detected as ${lang}: ${detected}/${set.length}; complaint flagged: ${ours.filter((a) => a.complaint).length}`,
  );
  if (showErrors || showDev)
    set.forEach((t, i) => {
      if ((showErrors ? t.split === 'heldout' : t.split === 'dev') && ours[i].sentiment.label !== t.label)
        console.log(
          `   ✗ ${t.label} → ${ours[i].sentiment.label} ${ours[i].sentiment.score}: ${t.text} ${JSON.stringify(ours[i].matches)} ${ours[i].complaintReasons}`,
        );
    });
}

// Throughput: every text of both sets, repeated, through the pure analysis with the built-in lexicon.
const all = ['ru', 'en'].flatMap((l) =>
  loadLabelled(new URL(`./labelled/sentiment-${l}.jsonl`, import.meta.url)).map((t) => t.text),
);
for (const t of all) analyzeText(t, lexicon);
const rounds = 30;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of all) analyzeText(t, lexicon);
const secs = (performance.now() - t0) / 1000;
console.log(
  `\nthroughput: ${Math.round((rounds * all.length) / secs)} texts/s (one thread, ${rounds * all.length} texts)`,
);
console.log(`budget (polar accuracy ≥ 80 % per language, held-out and all): ${budgetOk ? 'met' : 'NOT met'}`);
