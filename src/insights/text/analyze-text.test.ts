import { describe, expect, it } from 'vitest';
import { analyzeRules, analyzeText, analyzeTextRules, compileLexicon } from './analyze-text.ts';
import { LABELS, loadLabelled, majorityLabel, score } from './evaluate.ts';

const label = (t: string) => analyzeText(t).sentiment.label;

/** The pure analysis: what the API, surveys, mentions and the bench rely on. */
describe('text analysis (pure)', () => {
  it('negation turns a word: "не плохо", "not bad" are not negative; "не понравилось", "not good" are', () => {
    expect(label('не плохо')).toBe('positive');
    expect(label('Всё было совсем не плохо')).toBe('positive');
    expect(label('not bad at all')).toBe('positive');
    expect(label('Мне не понравилось')).toBe('negative');
    expect(label('The food was not good')).toBe('negative');
    expect(analyzeText('не плохо').matches[0].term).toBe('¬плохо');
    // "не только" is no negation.
    expect(label('Не только быстро, но и вежливо')).toBe('positive');
  });

  it('Russian word forms meet one stem: плохой / плохая / плохого / плохому, отличный / отличная / отлично', () => {
    for (const w of ['плохой сервис', 'плохая аптека', 'товар плохого качества', 'к плохому персоналу'])
      expect(analyzeText(w).sentiment.score, w).toBeLessThan(0);
    for (const w of ['отличный магазин', 'отличная доставка', 'всё отлично', 'отличную'])
      expect(label(w), w).toBe('positive');
  });

  it('complaint phrases flag the text and pull it negative, polite words or not', () => {
    const a = analyzeText('Здравствуйте, спасибо, но верните мне деньги за заказ');
    expect(a.complaint).toBe(true);
    expect(a.complaintReasons).toContain('refund');
    expect(a.sentiment.label).toBe('negative');
    expect(analyzeText('Приложение не работает').complaintReasons).toEqual(['not-working']);
    expect(analyzeText('Заказ так и не привезли').complaint).toBe(true);
    expect(analyzeText('I want a refund').complaintReasons).toContain('refund');
    expect(analyzeText('Still waiting for my parcel').complaintReasons).toContain('waiting');
    expect(analyzeText('The app does not work since Monday').complaintReasons).toContain('not-working');
    expect(analyzeText('Charged twice for one order').complaintReasons).toContain('charged');
    // A returned payment is no complaint.
    expect(analyzeText('Деньги вернули на следующий день, спасибо').complaint).toBe(false);
    expect(label('Деньги вернули на следующий день, спасибо')).toBe('positive');
  });

  it('detects the language: ru, en, mixed by the dominant one, und for emoji and too short', () => {
    expect(analyzeText('Курьер приехал вовремя').language).toBe('ru');
    expect(analyzeText('The courier came on time').language).toBe('en');
    expect(analyzeText('Заказ через app пришёл быстро, курьер вежливый, thanks').language).toBe('ru');
    expect(analyzeText('Great delivery, the courier was polite, спасибо').language).toBe('en');
    expect(analyzeText('Die Lieferung war nicht gut und der Fahrer ist sehr spät').language).toBe('de');
    expect(analyzeText('Замовлення прийшло вчасно, дякую і все добре').language).toBe('uk');
    expect(analyzeText('ок').language).toBe('und');
  });

  it('emoji-only texts are und and neutral; emoji with words count', () => {
    for (const t of ['😡😡😡', '👍', '🙂🙂 !!!', '   ']) {
      const a = analyzeText(t);
      expect(a.language, t).toBe('und');
      expect(a.sentiment, t).toEqual({ label: 'neutral', score: 0 });
    }
    expect(analyzeText('😡😡').note).toBe('no-words');
    expect(analyzeText('Доставка 😡').sentiment.label).toBe('negative');
    expect(analyzeText('Delivery 👍👍').sentiment.label).toBe('positive');
    expect(analyzeText('Спасибо, всё пришло)))').sentiment.label).toBe('positive');
  });

  it('strips HTML: tags, scripts and entities never reach the words', () => {
    const a = analyzeText(
      '<p>Ужасная <b>доставка</b></p><script>var great = "excellent"</script>&laquo;hm&raquo; &amp;',
    );
    expect(a.language).toBe('ru');
    expect(a.sentiment.label).toBe('negative');
    expect(a.matches.map((m) => m.term)).toEqual(['ужасная']);
    expect(a.topics).toEqual(['delivery']);
  });

  it('a workspace lexicon overrides a word, adds phrases and complaint phrases', () => {
    // At a bank "долг" is plain vocabulary; a workspace makes it neutral, another word negative.
    const text = 'Погасил долг, всё нормально, спасибо';
    const lex = compileLexicon([
      { term: 'нормально', score: -3 },
      { term: 'жёлтый ценник', score: 2 },
      { term: 'отписаться', score: -1, complaint: true },
    ]);
    expect(label(text)).toBe('positive');
    expect(analyzeText(text, lex).sentiment.label).toBe('negative');
    expect(analyzeText('Взял по жёлтому ценнику', lex).matches).toEqual([
      { term: 'жёлтый ценник'.replace('ё', 'е'), score: 2 },
    ]);
    expect(analyzeText('Как отписаться от рассылки?', lex).complaintReasons).toEqual(['lexicon:отписаться']);
    expect(analyzeText('Как отписаться от рассылки?').complaint).toBe(false);
  });

  it('tags topics by stems, with workspace rules added, replacing and hiding built-ins', () => {
    expect(analyzeText('Курьер опоздал, а цены выросли').topics).toEqual(['delivery', 'waiting-time', 'price']);
    expect(analyzeText('Кассирша нахамила, очередь на полчаса').topics).toEqual(['staff', 'waiting-time']);
    expect(analyzeText('The app crashes at checkout').topics).toEqual(['app', 'payment']);
    const lex = compileLexicon(
      [],
      [
        { key: 'loyalty', keywords: ['бонус*', 'loyalty points'] },
        { key: 'price', keywords: ['ценник'] },
        { key: 'delivery', keywords: [], enabled: false },
      ],
    );
    expect(analyzeText('Бонусами оплатил, курьер привёз, ценник радует', lex).topics).toEqual([
      'loyalty',
      'payment',
      'price',
    ]);
    expect(analyzeText('Where are my loyalty points?', lex).topics).toEqual(['loyalty']);
    expect(analyzeText('Дорого', lex).topics).toEqual([]);
  });

  it('reads irony: praise in quotes, "if you enjoy …", the better past; a negated complaint word is none', () => {
    expect(label('Спасибо, что потеряли посылку. Очень «надёжная» служба')).toBe('negative');
    expect(label('Amazing bank if you enjoy standing in line for an hour')).toBe('negative');
    expect(label('Раньше было гораздо лучше')).toBe('negative');
    expect(analyzeText('Ни одной претензии за год').complaint).toBe(false);
    expect(analyzeText('No complaints, keep it up').sentiment.label).toBe('positive');
    expect(analyzeText('Третий раз привозят не тот товар').complaintReasons).toContain('repeated');
    // Trouble told as facts: the wrong thing, a long wait.
    expect(label('Вместо пиццы привезли суп')).toBe('negative');
    expect(label('Ответили через трое суток')).toBe('negative');
    expect(label('Answered after five days')).toBe('negative');
  });

  it('bounds the work: a text beyond the limit is analysed on its first 20,000 characters', () => {
    const a = analyzeText(`${'нормально '.repeat(5000)} ужасно`);
    expect(a.matches.some((m) => m.term === 'ужасно')).toBe(false);
  });

  it('the labelled sets load, have ≥150 texts per language, both halves and all labels', () => {
    for (const lang of ['ru', 'en']) {
      const set = loadLabelled(new URL(`../../../bench/labelled/sentiment-${lang}.jsonl`, import.meta.url));
      expect(set.length, lang).toBeGreaterThanOrEqual(150);
      for (const l of LABELS) expect(set.filter((t) => t.label === l).length, `${lang} ${l}`).toBeGreaterThan(20);
      expect(set.filter((t) => t.split === 'heldout').length, lang).toBeGreaterThanOrEqual(set.length / 2 - 3);
      expect(new Set(set.map((t) => t.text)).size, `${lang}: duplicates`).toBe(set.length);
    }
  });

  it('scores: accuracy, macro-F1, polar accuracy and the majority class on a hand-computed case', () => {
    const gold = ['positive', 'negative', 'neutral', 'negative'] as const;
    const pred = ['positive', 'neutral', 'neutral', 'negative'] as const;
    const s = score([...gold], [...pred]);
    expect(s.accuracy).toBe(0.75);
    expect(s.polarAccuracy).toBeCloseTo(2 / 3);
    // F1: positive 1, negative 2/3, neutral 2/3.
    expect(s.macroF1).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3);
    expect(majorityLabel([...gold])).toBe('negative');
  });
  it('English: sarcastic praise openers, indirect negation and praise through negation (rules alone)', () => {
    const rules = (t: string) => analyzeTextRules(t);
    const sarcastic = rules('Oh brilliant, the app logged me out again.');
    expect(sarcastic.matches.find((m) => m.term === '~brilliant')?.score).toBeLessThan(0);
    expect(sarcastic.sentiment.label).toBe('negative');
    // An opener followed by nothing wrong stays praise.
    expect(rules('Brilliant, everything arrived on time.').matches.some((m) => m.term === 'brilliant')).toBe(true);
    expect(rules('Not exactly fast: forty minutes for a sandwich.').matches.map((m) => m.term)).toContain(
      'cue:indirect-negation',
    );
    expect(rules('The bill had a dessert we never ordered.').matches.map((m) => m.term)).toContain('cue:not-ordered');
    expect(rules("Wouldn't shop anywhere else.").matches.map((m) => m.term)).toContain('cue:praise-negated');
    expect(rules("I'll definitely order again.").sentiment.label).toBe('positive');
    // Articles and pronouns do not use up the negation's span in English.
    expect(rules("We didn't find the waiter particularly friendly.").matches.map((m) => m.term)).toContain('¬friendly');
    // The English cues never fire on Russian text.
    expect(rules('Оплатил, но не заказывал эту услугу').matches.some((m) => m.term.startsWith('cue:not'))).toBe(false);
  });

  it('English sarcasm beyond the opener: a closing exclamation, thanks for a misdeed, scare quotes (rules alone)', () => {
    const rules = (t: string) => analyzeTextRules(t);
    const closer = rules('The kettle stopped working after three days. Superb.');
    expect(closer.matches.map((m) => m.term)).toContain('~superb');
    expect(closer.sentiment.label).toBe('negative');
    // A closing exclamation after good news, or after a mere negative word, stays praise.
    expect(rules('Ordered at noon, it came at one. Superb.').matches.map((m) => m.term)).toContain('superb');
    expect(rules('I ordered late at night and it was here by morning. Amazing.').sentiment.label).toBe('positive');
    const thanks = rules('Thank you so much for ruining my weekend, lovely service.');
    expect(thanks.matches.map((m) => m.term)).toEqual(expect.arrayContaining(['~thank', '~lovely']));
    expect(thanks.sentiment.label).toBe('negative');
    expect(rules('Thanks for fixing the boiler so quickly.').sentiment.label).toBe('positive');
    const quotes = rules('Oh wonderful, the "premium" plan buffers all evening.');
    expect(quotes.matches.map((m) => m.term)).toContain('~wonderful');
  });

  it('English cues: a fix denied, a fix done, not as pictured, savings, and plain not-yet statements', () => {
    const terms = (t: string) => analyzeTextRules(t).matches.map((m) => m.term);
    expect(terms('They never fixed my problem.')).toContain('cue:not-fixed');
    expect(label('They never fixed my problem.')).toBe('negative');
    expect(terms('The engineer sorted my wifi problem in ten minutes.')).toContain('cue:resolved');
    expect(terms('Nobody resolved the wifi problem.')).not.toContain('cue:resolved');
    expect(terms('The rug looked far nicer on the website.')).toContain('cue:not-as-described');
    expect(terms('Switching plans saves us about 15 pounds a month.')).toContain('cue:saves');
    expect(terms('Arrived without a single scratch.')).toContain('cue:praise-negated');
    // Neutral cues weigh nothing in the rule score; the trained layer reads them.
    const pending = analyzeRules("I haven't unpacked the printer yet, will test it tomorrow.");
    expect(pending.signals.cues).toContain('not-yet');
    expect(pending.signals.raw).toBe(0);
    expect(label("I haven't unpacked the printer yet, will test it tomorrow.")).toBe('neutral');
    expect(analyzeRules('Just asking, do you sell gift cards?').signals.cues).toContain('just-asking');
    expect(analyzeRules('Ещё не пробовал, но спасибо').signals.cues).not.toContain('not-yet');
  });
});
