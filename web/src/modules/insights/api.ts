import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api.ts';

/**
 * The insights API (src/insights: models, scores, the at-risk list) as the UI reads it. The shapes
 * follow the issue 20 contract (/api/v1/models, /people/{id}/scores, /insights/at-risk).
 */
export const MODEL_KINDS = ['churn', 'propensity', 'recommendations', 'payment-risk', 'ltv', 'customer-types'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const MODEL_STATUSES = ['training', 'ready', 'failed', 'insufficient_data'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** The scores a person carries (kinds of GET /people/{id}/scores), in the order the card shows them. */
export const SCORE_KINDS = ['churn', 'ltv', 'payment-risk'] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];
/** A probability (0..1) or an amount (the LTV forecast, in the workspace's money). */
export const isAmount = (kind: string) => kind === 'ltv';

export interface FeatureWeight {
  feature: string;
  weight: number;
}

/** One version of a model (the model view's history and its last attempt). */
export interface ModelVersion {
  version: number;
  status: ModelStatus;
  trainedAt: string | null;
  createdAt?: string;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  featureImportance?: FeatureWeight[];
  /** Why it is not ready: the reason of insufficient_data, or the failure. */
  error: string | null;
  jobId: string | null;
}

/** A kind of model (GET /models/{kind}): the version in use, its evaluation, the latest attempt, the history. */
export interface ModelView {
  kind: ModelKind;
  /** ready when a version is in use; else the latest attempt's status; untrained before any. */
  status: ModelStatus | 'untrained';
  trainedAt: string | null;
  /** The version in use. */
  version: number | null;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  featureImportance: FeatureWeight[];
  /** The latest training when it is not the version in use (running, or ended without a model). */
  lastAttempt: ModelVersion | null;
  history: ModelVersion[];
}

/** The job of a training still running, if any (the model's latest attempt). */
export function runningJob(m: ModelView | undefined): string | null {
  if (!m) return null;
  if (m.lastAttempt?.status === 'training') return m.lastAttempt.jobId;
  const first = m.history[0];
  return first?.status === 'training' ? first.jobId : null;
}

export interface ScoreFactor {
  feature: string;
  /** The person's value of the feature. */
  value: number;
  /** Its share of the score (log-odds for probabilities, money for the LTV forecast). */
  contribution: number;
}

export interface Score {
  kind: ModelKind;
  score: number;
  modelVersion: number;
  scoredAt: string;
  factors: ScoreFactor[];
}

/** One at-risk customer (GET /insights/at-risk): `name` is the CRM's (null for a person only tracked). */
export interface AtRiskPerson {
  personId: string;
  churnProbability: number;
  predictedLtv: number | null;
  factors: ScoreFactor[];
  name: string | null;
  lastOrderAt: string | null;
}

/** One score's histogram (GET /insights/distributions). */
export interface Distribution {
  kind: ModelKind;
  trait: string;
  count: number;
  min: number | null;
  max: number | null;
  buckets: { from: number; to: number; count: number }[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const INSIGHTS_KEY = ['insights'] as const;
export const MODELS_KEY = [...INSIGHTS_KEY, 'models'] as const;
export const SCORES_KEY = [...INSIGHTS_KEY, 'scores'] as const;
export const AT_RISK_KEY = [...INSIGHTS_KEY, 'at-risk'] as const;

/** A metric as a number, when it is one. */
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function useModels() {
  return useQuery({
    queryKey: [...MODELS_KEY, 'list'],
    queryFn: () => get<{ data: ModelView[] }>('/models').then((r) => r.data),
  });
}

export function useModel(kind: string | undefined) {
  return useQuery({
    queryKey: [...MODELS_KEY, kind ?? ''],
    queryFn: () => get<ModelView>(`/models/${kind}`),
    enabled: !!kind,
  });
}

export function usePersonScores(personId: string) {
  return useQuery({
    queryKey: [...SCORES_KEY, 'person', personId],
    queryFn: () =>
      get<{ data: Score[]; problemClient: boolean; paymentRiskThreshold: number; customerType: string | null }>(
        `/people/${personId}/scores`,
      ),
  });
}

export function useDistributions() {
  return useQuery({
    queryKey: [...SCORES_KEY, 'distributions'],
    queryFn: () => get<{ data: Distribution[] }>('/insights/distributions').then((r) => r.data),
  });
}

export function useAtRisk(minChurn: number) {
  return useInfiniteQuery({
    queryKey: [...AT_RISK_KEY, minChurn],
    queryFn: ({ pageParam }) =>
      get<Page<AtRiskPerson>>('/insights/at-risk', { minChurn, limit: 25, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A journey a person can be sent into by the API (GET /journeys?status=active, entry `{api: true}`). */
export interface JourneyOption {
  id: string;
  name: string;
  byApi: boolean;
}

/**
 * The active journeys, or `null` when this server has no journeys API yet (404 on the list): the
 * at-risk view then hides its button and says why.
 */
export function useActiveJourneys(enabled: boolean) {
  return useQuery({
    queryKey: [...INSIGHTS_KEY, 'journeys'],
    enabled,
    retry: false,
    queryFn: async (): Promise<JourneyOption[] | null> => {
      try {
        const r = await get<{ data: { id: string; name: string; definition?: { entry?: { api?: boolean } } }[] }>(
          '/journeys',
          { status: 'active', limit: 100 },
        );
        return r.data.map((j) => ({ id: j.id, name: j.name, byApi: j.definition?.entry?.api === true }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** One customer type of the customer-types model (its metrics' `clusters`): key, size and averages. */
export interface CustomerTypeCluster {
  key: string;
  size: number;
  share: number;
  profile: { recencyDays: number; orders: number; revenue: number; averageCheck: number; visits30: number };
}
