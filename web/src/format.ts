import { useTranslation } from 'react-i18next';

const TAGS: Record<string, string> = { ru: 'ru-RU', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: string, opts: Intl.DateTimeFormatOptions, key: string) {
  const k = `${lang}:${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(TAGS[lang] ?? lang, opts);
    cache.set(k, f);
  }
  return f;
}

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

export function formatDateTime(v: string | Date | null | undefined, lang: string): string {
  if (!v) return '—';
  const d = toDate(v);
  return Number.isNaN(d.getTime())
    ? String(v)
    : formatter(lang, { dateStyle: 'medium', timeStyle: 'short' }, 'dt').format(d);
}

/** With seconds: delivery and job logs are read at a finer grain than a calendar. */
export function formatPrecise(v: string | Date | null | undefined, lang: string): string {
  if (!v) return '—';
  const d = toDate(v);
  return Number.isNaN(d.getTime())
    ? String(v)
    : formatter(lang, { dateStyle: 'short', timeStyle: 'medium' }, 'precise').format(d);
}

export function formatDate(v: string | Date | null | undefined, lang: string): string {
  if (!v) return '—';
  const d = toDate(v);
  return Number.isNaN(d.getTime()) ? String(v) : formatter(lang, { dateStyle: 'medium' }, 'd').format(d);
}

export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    dateTime: (v: string | Date | null | undefined) => formatDateTime(v, lang),
    precise: (v: string | Date | null | undefined) => formatPrecise(v, lang),
    date: (v: string | Date | null | undefined) => formatDate(v, lang),
    /** Amounts: two decimals, with the currency's sign when one is given. */
    money: (v: number | null | undefined, currency?: string) => {
      if (v === null || v === undefined) return '—';
      const opts: Intl.NumberFormatOptions = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
      try {
        return new Intl.NumberFormat(
          TAGS[lang] ?? lang,
          currency ? { ...opts, style: 'currency', currency } : opts,
        ).format(v);
      } catch {
        return `${new Intl.NumberFormat(TAGS[lang] ?? lang, opts).format(v)} ${currency}`; // not a code Intl knows
      }
    },
    number: (v: number | null | undefined, digits = 1) =>
      v === null || v === undefined
        ? '—'
        : new Intl.NumberFormat(TAGS[lang] ?? lang, { maximumFractionDigits: digits }).format(v),
    percent: (fraction: number) =>
      new Intl.NumberFormat(TAGS[lang] ?? lang, { style: 'percent', maximumFractionDigits: 0 }).format(fraction),
  };
}
