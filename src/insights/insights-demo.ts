import type { DemoSeeder } from '../core/module.ts';
import type { InsightsBaseKernel } from './kernel.ts';
import { seedPaymentsDemo } from './payments-demo.ts';

/**
 * The insights module's demo (its `demo.finish`, after engage's past campaigns): the signals the
 * models need that the other demos do not plant — instalment invoices with late payers who
 * default (payments-demo.ts) — sent through the real ingest path, fixed seed, idempotent.
 */
export const seedInsightsDemo: DemoSeeder<InsightsBaseKernel> = async (k, ctx) => {
  await seedPaymentsDemo(k, ctx);
};
