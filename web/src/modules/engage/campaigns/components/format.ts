import { useTranslation } from 'react-i18next';

const TAGS: Record<string, string> = { ru: 'ru-RU', en: 'en-GB' };

/**
 * How the campaign numbers read: rates as percents with one decimal, uplift as signed percentage
 * points (a fraction 0.023 is “+2.3 pp”), a relative uplift as a signed percent, a p-value with
 * three significant digits. A null (the API's “cannot be computed”) reads as null: the caller says why.
 */
export function useStatFormat() {
  const { i18n } = useTranslation();
  const tag = TAGS[i18n.language] ?? i18n.language;
  const ru = i18n.language === 'ru';
  const nf = (opts: Intl.NumberFormatOptions) => new Intl.NumberFormat(tag, opts);
  return {
    rate: (v: number | null) => (v === null ? null : nf({ style: 'percent', maximumFractionDigits: 1 }).format(v)),
    /** A difference of two fractions in percentage points, with its sign. */
    pp: (v: number | null) =>
      v === null
        ? null
        : `${nf({ maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v * 100)}\u00a0${ru ? 'п.\u00a0п.' : 'pp'}`,
    signedPercent: (v: number | null) =>
      v === null ? null : nf({ style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v),
    /** ROI as a percent; past ±1,000 % as a multiple of the cost (“+673×”), which fits its tile and reads faster. */
    roi: (v: number | null) =>
      v === null
        ? null
        : Math.abs(v) >= 10
          ? `${nf({ maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(v)}×`
          : nf({ style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v),
    p: (v: number | null) =>
      v === null
        ? null
        : v < 0.001
          ? `< ${nf({ maximumFractionDigits: 3 }).format(0.001)}`
          : nf({ maximumSignificantDigits: 3 }).format(v),
    money: (v: number | null) =>
      v === null ? null : nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v),
    signedMoney: (v: number | null) =>
      v === null
        ? null
        : nf({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(v),
    count: (v: number | null) => (v === null ? null : nf({ maximumFractionDigits: 0 }).format(v)),
  };
}
