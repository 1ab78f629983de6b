import type { Token } from './normalize.ts';

/**
 * Language by script, then by function words: Cyrillic → ru (uk/be/bg by their own letters and
 * words), Latin → en unless another language's function words clearly outnumber English ones.
 * Mixed texts take the language with more letters. Fewer than 3 letters (emoji only, "ок") → `und`.
 */
const FUNCTION_WORDS: Record<string, string[]> = {
  en: 'the and is are was were to of in it this that not for with you my we they but have has had be very no'.split(
    ' ',
  ),
  de: 'der die das und ist nicht ich ein eine zu mit sehr aber auch sie wir es für'.split(' '),
  fr: 'le la les et est pas je un une des du avec très mais nous vous il elle pour que'.split(' '),
  es: 'el la los las y es no yo un una con muy pero que para por del está son'.split(' '),
  it: 'il la di e è non un una che per con molto ma sono del della'.split(' '),
  uk: 'і й що це не як та але дуже був була я ми ви їх його її'.split(' '),
};
const WORD_SETS = Object.fromEntries(Object.entries(FUNCTION_WORDS).map(([k, v]) => [k, new Set(v)]));

export function detectLanguage(tokens: Token[]): string {
  let cyrl = 0;
  let latn = 0;
  let other = 0;
  const words: Record<string, number> = {};
  let ukLetters = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    const n = t.text.length;
    if (t.script === 'cyrl') {
      cyrl += n;
      if (/[іїєґ]/.test(t.text)) ukLetters++;
    } else if (t.script === 'latn') latn += n;
    else other += n;
    for (const [lang, set] of Object.entries(WORD_SETS)) if (set.has(t.text)) words[lang] = (words[lang] ?? 0) + 1;
  }
  const letters = cyrl + latn + other;
  if (letters < 3) return 'und';
  if (other > cyrl && other > latn) return 'und';
  if (cyrl >= latn) {
    // Ukrainian letters in several words, or its function words and none Russian-only.
    if (ukLetters >= 2 || (ukLetters >= 1 && (words.uk ?? 0) >= 1)) return 'uk';
    return 'ru';
  }
  const en = words.en ?? 0;
  let best = 'en';
  let bestCount = en;
  for (const lang of ['de', 'fr', 'es', 'it']) {
    const c = words[lang] ?? 0;
    if (c > bestCount + 1) {
      best = lang;
      bestCount = c;
    }
  }
  return best;
}
