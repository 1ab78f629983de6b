import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import { isAmount } from '../api.ts';

const TAGS: Record<string, string> = { ru: 'ru-RU', en: 'en-GB' };

/** `daysLate` / `days_late` → `days late`: a name the dictionary does not know yet, in words at least. */
const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();

/** Features the server keeps as log(1 + x) (src/insights/features.ts): shown back as x. */
const LOGGED = /^(log[A-Z].*|invoices|visits30|views30|messagesEngaged90|crmActivities180)$/;

/** Metric proportions (shown as percents) as opposed to ratios and counts. */
const PERCENT_METRICS = new Set([
  'precision',
  'recall',
  'precisionAt10',
  'recallAt10',
  'hitRate',
  'accuracy',
  'positiveRate',
  'responseRate',
]);

/**
 * How the insights pages name and show things: a metric, a feature, a score of each kind (a
 * probability as a percent, the LTV forecast as an amount), a metric's value.
 */
export function useInsightsFormat() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const tag = TAGS[i18n.language] ?? i18n.language;
  const nf = (opts: Intl.NumberFormatOptions) => new Intl.NumberFormat(tag, opts);
  const percent = (v: number) => nf({ style: 'percent', maximumFractionDigits: 1 }).format(v);
  const amount = (v: number) => nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
  return {
    metric: (key: string) => t(`insights.metrics.${key}`, { defaultValue: words(key) }),
    feature: (key: string) => t(`insights.features.${key}`, { defaultValue: words(key) }),
    kind: (kind: string) => t(`insights.kinds.${kind}`, { defaultValue: words(kind) }),
    percent,
    amount,
    whole: (v: number) => nf({ maximumFractionDigits: 0 }).format(v),
    /** A score of `kind`: a probability as a percent, the LTV forecast as an amount. */
    score: (kind: string, v: number) => (isAmount(kind) ? amount(v) : percent(v)),
    /** A metric's value: proportions as percents, counts whole, the rest with three significant digits. */
    metricValue: (key: string, v: unknown): string => {
      if (typeof v === 'string')
        return /^\d{4}-\d\d-\d\dT/.test(v)
          ? f.date(v)
          : t(`insights.algorithms.${v.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, { defaultValue: v });
      if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
      if (PERCENT_METRICS.has(key)) return percent(v);
      if (Number.isInteger(v)) return nf({ maximumFractionDigits: 0 }).format(v);
      if (/lift/i.test(key)) return `${nf({ maximumFractionDigits: 2 }).format(v)}×`;
      return nf({ maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 3 }).format(v);
    },
    /**
     * A person's value of a feature as they would say it: log-scaled counts and money (`logOrders`)
     * back in their units, shares as percents, the rest with up to two decimals.
     */
    featureValue: (key: string, v: number): string =>
      LOGGED.test(key)
        ? nf({ maximumFractionDigits: 0 }).format(Math.expm1(v))
        : /Rate$|Share$/.test(key)
          ? percent(v)
          : /Days$|^orders\d|^overdue|^categories$/.test(key)
            ? nf({ maximumFractionDigits: 0 }).format(v)
            : nf({ maximumFractionDigits: 2 }).format(v),
    /** A value as it comes. */
    value: (v: unknown): string =>
      typeof v === 'number'
        ? nf({ maximumFractionDigits: 2 }).format(v)
        : typeof v === 'boolean'
          ? v
            ? '✓'
            : '✗'
          : v === null || v === undefined
            ? '—'
            : String(v),
  };
}

/** Metrics where a smaller value is better (errors and losses); for the rest, larger is better. */
export const LOWER_IS_BETTER = new Set(['logLoss', 'brier', 'mae', 'rmse']);
/** Metrics that describe the data rather than the model's quality: shown, never compared. */
export const DESCRIPTIVE = new Set([
  'model',
  'n',
  'trainSize',
  'people',
  'examples',
  'positives',
  'positiveRate',
  'responseRate',
  'horizonDays',
  'cutoff',
]);
