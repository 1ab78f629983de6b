import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeText, analyzeTextRules, compileLexicon } from './analyze-text.ts';
import { loadLabelled, loadTest, loadValidation } from './evaluate.ts';
import { serializeModel, sentimentModel } from './sentiment-model.ts';
import { LANGUAGES, loadTraining, RETIRED_VALIDATION, trainingTexts, trainSentimentModel } from './sentiment-train.ts';

const label = (t: string) => analyzeText(t).sentiment.label;
const labelled = (name: string) => new URL(`../../../bench/labelled/${name}`, import.meta.url);
/** Texts compared as the writers' duplicate checks did: case and punctuation ignored. */
const norm = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The trained layer of the sentiment analysis (sentiment-model.ts, issue 19 point 4). */
describe('sentiment: the trained layer', () => {
  it('the committed model is what a fresh training on train + dev gives (npm run train:sentiment)', () => {
    const fresh = trainSentimentModel();
    expect(JSON.parse(serializeModel(fresh))).toEqual(
      JSON.parse(readFileSync(new URL('./sentiment-model.json', import.meta.url), 'utf8')),
    );
    // Equal to weights trained in another process, earlier: the training is deterministic.
  });

  it('trains on the training sets, the dev half and the retired validation sets, never on a held-out text', () => {
    for (const lang of LANGUAGES) {
      const train = loadTraining(labelled(`train-${lang}.jsonl`));
      expect(train.length, lang).toBeGreaterThanOrEqual(400);
      const evaluation = loadLabelled(labelled(`sentiment-${lang}.jsonl`));
      const heldout = new Set(evaluation.filter((t) => t.split === 'heldout').map((t) => t.text.trim().toLowerCase()));
      const all = new Set(evaluation.map((t) => t.text.trim().toLowerCase()));
      expect(train.filter((t) => all.has(t.text.trim().toLowerCase())).length, `${lang}: overlap`).toBe(0);
      const retired = RETIRED_VALIDATION[lang].flatMap((f) => loadValidation(labelled(f)));
      const used = trainingTexts(lang);
      expect(used.filter((t) => heldout.has(t.text.trim().toLowerCase())).length, lang).toBe(0);
      expect(used.length, lang).toBe(
        train.length + evaluation.filter((t) => t.split === 'dev').length + retired.length,
      );
      expect(
        sentimentModel().languages[lang].trainedOn.reduce((a, b) => a + b, 0),
        lang,
      ).toBe(used.length);
    }
  });

  it('the first EN validation set (valid-en, retired) is trained on by name; loadTraining still refuses split valid', () => {
    expect(RETIRED_VALIDATION.en).toEqual(['valid-en.jsonl']);
    const retired = loadValidation(labelled('valid-en.jsonl'));
    expect(retired.length).toBeGreaterThanOrEqual(240);
    expect(() => loadTraining(labelled('valid-en.jsonl'))).toThrow(/split valid/);
    const used = new Set(trainingTexts('en').map((t) => t.text));
    expect(retired.filter((t) => !used.has(t.text)).length).toBe(0);
    // Still no evaluation text among them.
    const evaluation = new Set(loadLabelled(labelled('sentiment-en.jsonl')).map((t) => norm(t.text)));
    expect(retired.filter((t) => evaluation.has(norm(t.text))).length).toBe(0);
  });

  it('never trains on the current EN validation set (valid-en-2): refused as training, no overlap with any other set', () => {
    const path = labelled('valid-en-2.jsonl');
    const valid = loadValidation(path);
    expect(valid.length).toBeGreaterThanOrEqual(300);
    for (const l of ['negative', 'neutral', 'positive'] as const)
      expect(valid.filter((t) => t.label === l).length, l).toBeGreaterThanOrEqual(90);
    expect(() => loadTraining(path)).toThrow(/split valid/);
    expect(Object.values(RETIRED_VALIDATION).flat()).not.toContain('valid-en-2.jsonl');
    const seen = new Set([
      ...trainingTexts('en').map((t) => norm(t.text)),
      ...loadLabelled(labelled('sentiment-en.jsonl')).map((t) => norm(t.text)),
    ]);
    expect(valid.filter((t) => seen.has(norm(t.text))).length).toBe(0);
    expect(new Set(valid.map((t) => norm(t.text))).size).toBe(valid.length);
  });

  it('the independent test sets are never trained on and share no text with any other set', () => {
    for (const lang of LANGUAGES) {
      const path = labelled(`test-${lang}.jsonl`);
      const test = loadTest(path);
      expect(test.length, lang).toBeGreaterThanOrEqual(290);
      for (const l of ['negative', 'neutral', 'positive'] as const)
        expect(test.filter((t) => t.label === l).length, `${lang} ${l}`).toBeGreaterThanOrEqual(80);
      expect(() => loadTraining(path)).toThrow(/split test/);
      expect(() => loadValidation(path)).toThrow(/split test/);
      const seen = new Set([
        ...trainingTexts(lang).map((t) => norm(t.text)),
        ...loadLabelled(labelled(`sentiment-${lang}.jsonl`)).map((t) => norm(t.text)),
        ...(lang === 'en' ? loadValidation(labelled('valid-en-2.jsonl')).map((t) => norm(t.text)) : []),
      ]);
      expect(test.filter((t) => seen.has(norm(t.text))).length, lang).toBe(0);
      expect(new Set(test.map((t) => norm(t.text))).size, lang).toBe(test.length);
    }
  });

  it('labels clear unseen texts in both languages', () => {
    expect(label('Огромное спасибо девушке из аптеки на Лесной, подобрала всё за пять минут.')).toBe('positive');
    expect(label('Подскажите, можно ли перенести доставку на субботу?')).toBe('neutral');
    expect(label('Не понравилось обслуживание, официант грубил.')).toBe('negative');
    expect(label('Lovely little bakery, the staff were so kind to my kids.')).toBe('positive');
    expect(label('Can I change the card linked to my subscription?')).toBe('neutral');
    expect(label('The delivery guy tossed my bag over the gate and drove off, the jar smashed.')).toBe('negative');
    // A complaint told as a plain fact, which the rules alone leave neutral.
    expect(analyzeTextRules('Waited 50 minutes for two coffees.').sentiment.label).toBe('neutral');
    expect(label('Waited 50 minutes for two coffees.')).toBe('negative');
    const a = analyzeText('Lovely little bakery, the staff were so kind to my kids.');
    expect(a.sentiment.score).toBeGreaterThan(0);
    expect(a.sentiment.score).toBeLessThanOrEqual(1);
  });

  it('reads negation: a negated problem is praise, a negated praise is a complaint', () => {
    expect(label('Никогда не было проблем с этим банком.')).toBe('positive');
    expect(label('Never had a single problem with this bank.')).toBe('positive');
    expect(label('It was not worth the money.')).toBe('negative');
    expect(label('The app is not user friendly at all.')).toBe('negative');
  });

  it('decisive complaint rules still win over the trained layer', () => {
    const ru = analyzeText('Спасибо, но верните деньги за неполученный заказ');
    expect(ru.sentiment.label).toBe('negative');
    expect(ru.sentiment.score).toBeLessThan(0);
    expect(label('Thanks, but I was charged twice for one order.')).toBe('negative');
  });

  it("a workspace's lexicon entry still shifts the result, in both languages", () => {
    const en = 'Delivery was quick and the driver was lovely';
    expect(label(en)).toBe('positive');
    expect(analyzeText(en, compileLexicon([{ term: 'lovely', score: -3 }])).sentiment.label).toBe('negative');
    const ru = 'Погасил долг, всё нормально, спасибо';
    expect(label(ru)).toBe('positive');
    const lex = compileLexicon([{ term: 'нормально', score: -3 }]);
    const shifted = analyzeText(ru, lex);
    expect(shifted.sentiment.label).toBe('negative');
    // The rule layer's evidence is the workspace's: its score in `matches`.
    expect(shifted.matches).toContainEqual({ term: 'нормально', score: -3 });
    // A workspace's complaint phrase is decisive.
    const complaintLex = compileLexicon([{ term: 'тариф поменяли', score: 0, complaint: true }]);
    expect(analyzeText('Тариф поменяли, спасибо за уведомление', complaintLex).sentiment.label).toBe('negative');
    // Entries that do not occur in the text change nothing.
    const other = compileLexicon([{ term: 'ипотека', score: -5 }]);
    expect(analyzeText(en, other).sentiment).toEqual(analyzeText(en).sentiment);
  });

  it('languages without a trained layer and word-less texts keep the rule layer verdict', () => {
    const de = 'Die Lieferung war nicht gut und der Fahrer ist sehr spät';
    expect(analyzeText(de)).toEqual(analyzeTextRules(de));
    expect(analyzeText('😡😡').sentiment).toEqual({ label: 'neutral', score: 0 });
  });
});
