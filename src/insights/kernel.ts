import type { Config } from '../core/config.ts';
import type { EngageKernel } from '../engage/index.ts';
import type { Insights } from './insights.ts';
import type { InsightsSettings } from './settings.ts';
import type { TextAnalyzer } from './text/text.ts';

/** What insights adds to the kernel. */
export interface InsightsServices {
  /** Feature store, models (churn, propensity, recommendations, payment risk, LTV), scores. */
  insights: Insights;
  /** Language, sentiment and topics of a text, RU and EN (ticket messages, survey answers, mentions). */
  text: TextAnalyzer;
}

/** The kernel insights' services are built from: core's, the CDP's, the CRM's, loyalty's and engage's, plus its settings. */
export type InsightsBaseKernel = EngageKernel & { config: Config & InsightsSettings };
/** The kernel as insights' code sees it once created. */
export type InsightsKernel = InsightsBaseKernel & InsightsServices;
