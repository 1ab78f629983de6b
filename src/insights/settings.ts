import { int, type SettingsOf, type SettingsSpec } from '../core/config.ts';
import { z } from 'zod';

/** The insights module's settings (`kartoteka config` lists them after core's). */
export const insightsSettings = {
  insightsTrainCron: {
    env: 'KARTOTEKA_INSIGHTS_TRAIN_CRON',
    schema: z.string().min(9).max(100),
    default: '30 2 * * *',
    description:
      'When (cron, UTC) every workspace retrains its models and rescores its people; the scores then move segment memberships',
  },
  insightsMinPeople: {
    env: 'KARTOTEKA_INSIGHTS_MIN_PEOPLE',
    schema: int(10, 1_000_000),
    default: 50,
    description:
      'The fewest people with history a model needs (and at least 10 of each outcome); with fewer, the training ends as insufficient_data and the last good model stays',
  },
  paymentRiskThreshold: {
    env: 'KARTOTEKA_PAYMENT_RISK_THRESHOLD',
    schema: z.coerce.number().min(0).max(1),
    default: 0.5,
    description: 'A paymentRisk at or above this flags the person as a problem client on the CRM card',
  },
} as const satisfies SettingsSpec;

export type InsightsSettings = SettingsOf<typeof insightsSettings>;
