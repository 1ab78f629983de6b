import type { PersonFacts } from '../cdp/index.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { auc } from './metrics.ts';

const DAY = 86_400_000;
/** Days a gap or recency is capped at (and what a missing gap stands for). */
const CAP_DAYS = 730;

/** A feature: a name and how it is computed from a person's facts at the cut-off. */
export interface FeatureDef {
  name: string;
  compute(f: PersonFacts, cutoff: Date): number;
}

const daysSince = (d: Date | null, cutoff: Date) =>
  d ? Math.min(CAP_DAYS, Math.max(0, (cutoff.getTime() - d.getTime()) / DAY)) : CAP_DAYS;
const log1p = (x: number) => Math.log1p(Math.max(0, x));
const gap = (g: number | null) => (g === null ? CAP_DAYS : Math.min(CAP_DAYS, g));

/**
 * The features every person-level model starts from: recency, frequency, monetary, trends (the
 * last gap against the one before and against the mean, orders in the last 90/180 days, the last
 * checks against the average), category mix, engagement with messages and its drop, ratings and
 * complaints, CRM activities, payment delays. Counts and money are log-scaled.
 */
export const FEATURES: FeatureDef[] = [
  { name: 'recencyDays', compute: (f, c) => daysSince(f.lastOrderAt, c) },
  { name: 'daysSinceSeen', compute: (f, c) => daysSince(f.lastSeenAt, c) },
  { name: 'tenureDays', compute: (f, c) => daysSince(f.firstSeenAt, c) },
  { name: 'logOrders', compute: (f) => log1p(f.orders) },
  { name: 'logRevenue', compute: (f) => log1p(f.revenue) },
  { name: 'logAverageCheck', compute: (f) => log1p(f.orders ? f.revenue / f.orders : 0) },
  { name: 'orders90', compute: (f) => f.orders90 },
  { name: 'orders180', compute: (f) => f.orders180 },
  { name: 'logRevenue180', compute: (f) => log1p(f.revenue180) },
  { name: 'meanGapDays', compute: (f) => gap(f.meanGapDays) },
  { name: 'lastGapDays', compute: (f) => gap(f.lastGapDays) },
  {
    // Slowing down: the last gap against the one before (churners' gaps grow ×1.3–1.6).
    name: 'gapTrend',
    compute: (f) =>
      f.lastGapDays !== null && f.prevGapDays !== null && f.prevGapDays > 0
        ? Math.min(10, f.lastGapDays / f.prevGapDays)
        : 1,
  },
  {
    // Overdue against the person's own rhythm: days since the last order over the mean gap.
    name: 'recencyOverGap',
    compute: (f, c) => Math.min(20, daysSince(f.lastOrderAt, c) / Math.max(7, f.meanGapDays ?? 180)),
  },
  {
    // The falling check: the last two orders' average against the person's own average.
    name: 'checkTrend',
    compute: (f) =>
      f.recentCheck !== null && f.orders && f.revenue > 0 ? Math.min(5, f.recentCheck / (f.revenue / f.orders)) : 1,
  },
  { name: 'categories', compute: (f) => f.categories },
  { name: 'visits30', compute: (f) => log1p(f.visits30) },
  { name: 'views30', compute: (f) => log1p(f.views30) },
  { name: 'messagesEngaged90', compute: (f) => log1p(f.messagesEngaged90) },
  {
    name: 'messageEngagementRate',
    compute: (f) => (f.messagesDelivered90 ? Math.min(1, f.messagesEngaged90 / f.messagesDelivered90) : 0),
  },
  { name: 'messagesEngagedPrev90', compute: (f) => log1p(f.messagesEngagedPrev90) },
  {
    // Stopped opening: engagement in the last 90 days against the 90 days before (log ratio, > 0 = fell).
    name: 'engagementDrop',
    compute: (f) => log1p(f.messagesEngagedPrev90) - log1p(f.messagesEngaged90),
  },
  { name: 'ratings180', compute: (f) => log1p(f.ratings180) },
  { name: 'lowRatings180', compute: (f) => f.lowRatings180 },
  { name: 'crmActivities180', compute: (f) => log1p(f.activities180) },
  { name: 'invoices', compute: (f) => log1p(f.invoices) },
  { name: 'lateShare', compute: (f) => (f.invoicesPaid ? f.invoicesLate / f.invoicesPaid : 0) },
  { name: 'meanDaysLate', compute: (f) => f.meanDaysLate ?? 0 },
  { name: 'maxDaysLate', compute: (f) => f.maxDaysLate ?? 0 },
  { name: 'overdueUnpaid', compute: (f) => f.overdueUnpaid },
];

/** Features of many people at one cut-off: `rows[i]` is `ids[i]`'s vector over `names`. */
export interface FeatureTable {
  cutoff: Date;
  names: string[];
  ids: string[];
  rows: number[][];
  facts: PersonFacts[];
}

export function featureTable(facts: PersonFacts[], cutoff: Date, defs: FeatureDef[] = FEATURES): FeatureTable {
  return {
    cutoff,
    names: defs.map((d) => d.name),
    ids: facts.map((f) => f.personId),
    rows: facts.map((f) => defs.map((d) => d.compute(f, cutoff))),
    facts,
  };
}

export class LeakageError extends Error {
  constructor(readonly features: { feature: string; auc: number }[]) {
    super(
      `features leak the label (they separate it almost perfectly on their own): ${features
        .map((f) => `${f.feature} (AUC ${f.auc.toFixed(3)})`)
        .join(', ')}`,
    );
  }
}

/** A feature that alone ranks the label this well (or this badly) is taken for one computed from the label window. */
export const LEAKAGE_AUC = 0.99;

/**
 * The leakage check every training runs before fitting: a feature that on its own separates the
 * label (univariate AUC ≥ LEAKAGE_AUC, or ≤ 1 − it) was almost surely computed from the label
 * window, not from the past; the training fails naming it.
 */
export function checkLeakage(table: Pick<FeatureTable, 'names' | 'rows'>, labels: number[]): void {
  const leaks: { feature: string; auc: number }[] = [];
  table.names.forEach((name, j) => {
    const a = auc(
      table.rows.map((r) => r[j]),
      labels,
    );
    if (Number.isFinite(a) && (a >= LEAKAGE_AUC || a <= 1 - LEAKAGE_AUC)) leaks.push({ feature: name, auc: a });
  });
  if (leaks.length) throw new LeakageError(leaks);
}

/**
 * The feature store: per-person features at a cut-off, from the CDP's events before it (through
 * `cdp.personFacts`, which reads nothing at or after the cut-off) — CRM activities, deals and
 * consents come along as the CRM's entries on the same timeline, so they are point-in-time too.
 */
export class FeatureStore {
  constructor(private k: InsightsBaseKernel) {}

  /** Facts of live persons with events before `cutoff`. */
  facts(ws: string, cutoff: Date, personIds?: readonly string[]): Promise<PersonFacts[]> {
    return this.k.cdp.personFacts(ws, { before: cutoff, personIds });
  }

  /** Features at `cutoff` (everyone with history, or `personIds`). */
  async features(ws: string, cutoff: Date, opts: { personIds?: readonly string[]; defs?: FeatureDef[] } = {}) {
    return featureTable(await this.facts(ws, cutoff, opts.personIds), cutoff, opts.defs);
  }
}
