import type { Lang, SurveyType, Texts } from './tables.ts';

/** The question each type asks when the survey gives none (RU and EN). */
export const DEFAULT_QUESTION: Record<SurveyType, Required<Texts>> = {
  nps: {
    ru: 'Насколько вероятно, что вы порекомендуете нас друзьям или коллегам?',
    en: 'How likely are you to recommend us to a friend or colleague?',
  },
  csat: { ru: 'Насколько вы довольны нашим обслуживанием?', en: 'How satisfied are you with our service?' },
  ces: { ru: 'Насколько легко было решить ваш вопрос?', en: 'How easy was it to get your issue resolved?' },
  custom: { ru: 'Расскажите, пожалуйста, о вашем опыте', en: 'Please tell us about your experience' },
};

/** The text in a language: the asked one, else the other, else the type's default. */
export function textIn(t: Texts | undefined, lang: Lang, fallback = ''): string {
  return t?.[lang] || t?.[lang === 'ru' ? 'en' : 'ru'] || fallback;
}

/** The request a wave sends with the signed link. */
export const REQUEST_TEXT: Record<Lang, (question: string, url: string) => string> = {
  ru: (q, url) => `${q}\nОтветьте, пожалуйста, — это займёт минуту: ${url}`,
  en: (q, url) => `${q}\nPlease answer — it takes a minute: ${url}`,
};
export const REQUEST_SUBJECT: Record<Lang, string> = {
  ru: 'Пара вопросов о нас',
  en: 'A quick question about us',
};

/** A person's survey language from their traits (`locale`, else `language`): en…, else ru. */
export function langOf(traits: Record<string, unknown> | undefined): Lang {
  const l = traits?.locale ?? traits?.language;
  return String(l ?? 'ru')
    .toLowerCase()
    .startsWith('en')
    ? 'en'
    : 'ru';
}
