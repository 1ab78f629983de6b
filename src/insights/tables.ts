import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;

/** The kinds of model (the `kind` of POST /models/{kind}/train); customer types are issue 19's clusters. */
export const MODEL_KINDS = ['churn', 'propensity', 'recommendations', 'payment-risk', 'ltv', 'customer-types'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const MODEL_STATUSES = ['training', 'ready', 'failed', 'insufficient_data'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
/** The kinds whose scores are per-person computed traits, and the trait each one is. */
export const SCORE_TRAITS = { churn: 'churnProbability', ltv: 'predictedLtv', 'payment-risk': 'paymentRisk' } as const;
export type ScoreKind = keyof typeof SCORE_TRAITS;

export interface FeatureWeight {
  feature: string;
  weight: number;
}
export interface Factor {
  feature: string;
  value: number;
  contribution: number;
}

/** One training of one kind: every version is kept; the current model is the latest `ready` one. */
export interface InsightsModelsTable {
  workspace_id: string;
  kind: ModelKind;
  version: number;
  status: ModelStatus;
  trained_at: Date | null;
  metrics: Json<Record<string, unknown>>;
  baseline: Json<Record<string, unknown>>;
  params: Json<Record<string, unknown>>;
  feature_importance: Json<FeatureWeight[]>;
  error: string | null;
  job_id: string | null;
  created_at: Generated<Date>;
}

/** A person's latest score of a kind, with the factors that drove it. */
export interface InsightsScoresTable {
  workspace_id: string;
  person_id: string;
  kind: ModelKind;
  score: number;
  factors: Json<Factor[]>;
  model_version: number;
  scored_at: Date;
}

export interface InsightsTables {
  insights_models: InsightsModelsTable;
  insights_scores: InsightsScoresTable;
}

declare module '../core/db/schema.ts' {
  interface DB extends InsightsTables {}
}
