/**
 * The UI language: stored choice, browser default, switching. Apart from the dictionaries (index.ts)
 * so that any component can use it without importing every module's texts.
 */
import i18n from 'i18next';
import type { Locale } from '../types.ts';

export const LANGUAGES: Locale[] = ['ru', 'en'];
const STORAGE_KEY = 'kartoteka.lang';

const isLocale = (v: unknown): v is Locale => v === 'ru' || v === 'en';

export function storedLanguage(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null; // storage may be blocked (private mode, policies)
  }
}

export function browserLanguage(): Locale {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const short = l?.slice(0, 2).toLowerCase();
    if (isLocale(short)) return short;
  }
  return 'en';
}

export const toLocale = (v: string | null | undefined): Locale | null => (isLocale(v) ? v : null);

/** Sets the UI language and remembers it for the next visit (also before login). */
export function applyLanguage(lang: Locale) {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not persisted; the choice still holds for this page */
  }
}

export const currentLanguage = (): Locale => (isLocale(i18n.language) ? i18n.language : 'en');
