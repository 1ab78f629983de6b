import type { InsightsBaseKernel } from './kernel.ts';
import { checkLeakage, FEATURES, featureTable, type FeatureStore } from './features.ts';
import { enoughData } from './churn.ts';
import { fitBinaryAsync, importance, predictLogistic, topFactors, type LogisticModel } from './models.ts';
import type { Scores } from './scores.ts';
import type { Trainer, TrainContext, TrainOutcome } from './trainer.ts';

const DAY = 86_400_000;
/** Default: an invoice more than 30 days past due and unpaid, newly within the next 90 days. */
export const PAYMENT_HORIZON_DAYS = 90;

/**
 * Payment risk: for people with invoices (events "Invoice Issued" {invoiceId, amount, dueDate} and
 * "Invoice Paid" {invoiceId, paidAt, daysLate}), the probability of a default (an invoice 30 days
 * past due, unpaid) in the next 90 days — a logistic regression on the feature store's features
 * (late-payment history among them) at now − 90 days, evaluated on a held-out part against the
 * share of late payments alone. At or above the setting paymentRiskThreshold the CRM card flags a
 * problem client; segment rules read it as the trait paymentRisk.
 */
export class PaymentRiskTrainer implements Trainer {
  readonly kind = 'payment-risk' as const;

  constructor(
    private k: InsightsBaseKernel,
    private store: FeatureStore,
    private scores: Scores,
  ) {}

  async train(ws: string, ctx: TrainContext): Promise<TrainOutcome> {
    const cutoff = new Date(ctx.now.getTime() - PAYMENT_HORIZON_DAYS * DAY);
    const at = (await this.store.facts(ws, cutoff)).filter((f) => f.invoices > 0 && f.defaulted === 0);
    const later = new Map(
      (
        await this.store.facts(
          ws,
          ctx.now,
          at.map((f) => f.personId),
        )
      ).map((f) => [f.personId, f.defaulted]),
    );
    const labels = at.map((f) => ((later.get(f.personId) ?? 0) > 0 ? 1 : 0));
    const short = enoughData(labels, Math.min(this.k.config.insightsMinPeople, 30));
    if (short)
      return { status: 'insufficient_data', reason: `people with invoices: ${short}`, metrics: { n: at.length } };
    const table = featureTable(at, cutoff, FEATURES);
    checkLeakage(table, labels);
    const late = table.names.indexOf('meanDaysLate');
    const fit = await fitBinaryAsync(table.ids, table.rows, labels, table.names, {
      seed: ctx.seed,
      baseline: { name: 'mean days late', score: (r) => r[late] },
    });
    return {
      status: 'ready',
      metrics: { ...fit.metrics, horizonDays: PAYMENT_HORIZON_DAYS, threshold: this.k.config.paymentRiskThreshold },
      baseline: fit.baseline,
      params: { model: fit.model },
      featureImportance: importance(fit.model),
    };
  }

  async score(ws: string, model: { version: number; params: Record<string, unknown> }, ctx: TrainContext) {
    const m = model.params.model as LogisticModel;
    const facts = (await this.store.facts(ws, ctx.now)).filter((f) => f.invoices > 0);
    const table = featureTable(facts, ctx.now, FEATURES);
    const rows = table.ids.map((personId, i) => ({
      personId,
      score: predictLogistic(m, table.rows[i]),
      factors: topFactors(m, table.rows[i]),
    }));
    return this.scores.replace(ws, 'payment-risk', model.version, rows, ctx.now);
  }
}
