import { createRequire } from 'node:module';

// CommonJS without types: the surface used here, typed.
const snowball = createRequire(import.meta.url)('snowball-stemmers') as {
  newStemmer(lang: string): { stem(w: string): string };
};

export type BotLocale = 'ru' | 'en';

/**
 * What the bot recognises, as data: each intent lists, per language, word sets — all words of
 * one set in a message (compared stemmed, so "карты", "карте", "карту" are one word) match it.
 * A longer matching set beats a shorter one; on a tie the intent listed first wins (bonus before
 * card: "баланс бонусов" is about points); a word of `unless` rules it out. `personal` intents
 * read the person's own data.
 */
export const INTENTS = [
  {
    id: 'handover',
    personal: false,
    ru: [['оператор'], ['человек'], ['живой'], ['сотрудник'], ['специалист'], ['менеджер'], ['позовите']],
    en: [['human'], ['operator'], ['agent'], ['person'], ['representative'], ['manager'], ['someone', 'real']],
  },
  {
    id: 'bonus_balance',
    personal: true,
    ru: [['бонус'], ['бонусы'], ['баллы'], ['балл'], ['кэшбэк']],
    en: [['bonus'], ['points'], ['loyalty'], ['cashback']],
  },
  {
    id: 'card_balance',
    personal: true,
    ru: [
      ['баланс'],
      ['остаток'],
      ['баланс', 'карты'],
      ['остаток', 'карте'],
      ['сколько', 'денег'],
      ['сколько', 'на', 'карте'],
      ['баланс', 'счета'],
    ],
    en: [['balance'], ['card', 'balance'], ['how', 'much', 'money'], ['how', 'much', 'on', 'card'], ['funds']],
  },
  {
    id: 'card_status',
    personal: true,
    // "Как заблокировать карту" asks how to (the knowledge base), "карта заблокирована?" asks the status.
    unless: ['как', 'можно', 'how', 'can'],
    ru: [
      ['статус', 'карты'],
      ['карта', 'заблокирована'],
      ['карта', 'активна'],
      ['карта', 'работает'],
      ['статус', 'счета'],
      ['счет', 'заблокирован'],
      ['готова', 'карта'],
    ],
    en: [
      ['card', 'status'],
      ['card', 'blocked'],
      ['card', 'active'],
      ['card', 'working'],
      ['account', 'status'],
      ['account', 'blocked'],
      ['card', 'ready'],
    ],
  },
  {
    id: 'order_status',
    personal: true,
    ru: [['заказ'], ['статус', 'заказа'], ['доставка'], ['где', 'посылка']],
    en: [['order'], ['order', 'status'], ['delivery'], ['where', 'parcel'], ['shipment']],
  },
] as const satisfies readonly {
  id: string;
  personal: boolean;
  /** Words that rule the intent out. */
  unless?: readonly string[];
  ru: readonly string[][];
  en: readonly string[][];
}[];

export type IntentId = (typeof INTENTS)[number]['id'];

const stemmers = { ru: snowball.newStemmer('russian'), en: snowball.newStemmer('english') };

/** Lower-cased words of a text (letters and digits; ё as е). */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/ё/g, 'е')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Stems of a text's words, in a language (a Russian word is stemmed as Russian whatever `locale`). */
export function stems(text: string, locale: BotLocale): Set<string> {
  return new Set(words(text).map((w) => stemOf(w, locale)));
}

function stemOf(word: string, locale: BotLocale): string {
  const lang: BotLocale = /[\u0400-\u04ff]/.test(word) ? 'ru' : /[a-z]/.test(word) ? 'en' : locale;
  return stemmers[lang].stem(word);
}

export interface IntentMatch {
  id: IntentId;
  personal: boolean;
  /** How many words of its set matched (the strength). */
  strength: number;
}

/**
 * The intent of a message, or null. Both languages' word sets are tried (a Russian client may
 * write "баланс card"); `extraHandover` are the inbox's own handover keywords.
 */
export function matchIntent(text: string, locale: BotLocale, extraHandover: string[] = []): IntentMatch | null {
  const got = stems(text, locale);
  let best: IntentMatch | null = null;
  const consider = (id: IntentId, personal: boolean, set: readonly string[]) => {
    if (!set.length) return;
    const need = set.flatMap((w) => words(w).map((x) => stemOf(x, locale)));
    if (!need.length || !need.every((s) => got.has(s))) return;
    if (!best || need.length > best.strength) best = { id, personal, strength: need.length };
  };
  for (const intent of INTENTS) {
    const unless: readonly string[] = 'unless' in intent ? intent.unless : [];
    if (unless.some((w) => got.has(stemOf(w, locale)))) continue;
    for (const set of [...intent.ru, ...intent.en, ...(intent.id === 'handover' ? extraHandover.map((w) => [w]) : [])])
      consider(intent.id, intent.personal, set);
  }
  return best;
}
