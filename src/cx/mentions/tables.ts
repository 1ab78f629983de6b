import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Where mentions come from: polled feeds and APIs, or pushed by the generic webhook (POST /mentions). */
export const SOURCE_KINDS = ['rss', 'telegram', 'vk', 'reviews', 'webhook'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
/**
 * What an alert rule watches: every item, a topic key, a store or a keyword (text match), or a
 * product (its topic key or its name in the text).
 */
export const ALERT_SCOPES = ['all', 'topic', 'store', 'keyword', 'product'] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];
export const ALERT_METRICS = ['negative_mentions'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
/** Where an alert rule counts negative feedback: public mentions, survey comments, clients' ticket messages. */
export const ALERT_SOURCES = ['mention', 'survey', 'ticket'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export interface CxMentionSourcesTable {
  workspace_id: string;
  id: string;
  name: string;
  kind: SourceKind;
  url: string | null;
  /** Per kind: `query`, `ownerId`, `method`, `accessTokenSealed` (VK), `format` (reviews). */
  settings: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  poll_minutes: Generated<number>;
  lease_until: NullStamp;
  polled_at: NullStamp;
  last_ok_at: NullStamp;
  last_error: string | null;
  last_fetched: Generated<number>;
  fetched_total: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CxMentionAuthorsTable {
  workspace_id: string;
  id: string;
  /** `telegram`, `vk`, `email`, `web` or the webhook's source: where the handle is unique. */
  network: string;
  handle: string;
  name: string | null;
  profile_url: string | null;
  followers: number | null;
  person_id: string | null;
  kol: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CxMentionsTable {
  workspace_id: string;
  id: string;
  source_id: string | null;
  source: string;
  external_id: string | null;
  dedupe_key: string;
  url: string | null;
  /** The normalised URL's hash: the same post read from two sources is one mention. */
  url_key: string | null;
  title: string | null;
  text: string;
  author_id: string | null;
  author_name: string | null;
  person_id: string | null;
  published_at: Stamp;
  received_at: Generated<Date>;
  language: Generated<string>;
  sentiment: ColumnType<Sentiment, Sentiment | undefined, Sentiment>;
  sentiment_score: Generated<number>;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  complaint: Generated<boolean>;
}

export interface CxAlertRulesTable {
  workspace_id: string;
  id: string;
  name: string;
  scope: ColumnType<AlertScope, AlertScope | undefined, AlertScope>;
  scope_value: string | null;
  metric: ColumnType<AlertMetric, AlertMetric | undefined, AlertMetric>;
  /** The feedback it counts (["mention"] for rules made before there were others). */
  sources: ColumnType<AlertSource[], AlertSource[] | undefined, AlertSource[]>;
  window_minutes: Generated<number>;
  baseline_windows: Generated<number>;
  sigma: Generated<number>;
  min_count: Generated<number>;
  emails: ColumnType<string[], string[] | undefined, string[]>;
  email_channel_id: string | null;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CxAlertsTable {
  workspace_id: string;
  id: string;
  rule_id: string;
  window_start: Stamp;
  window_end: Stamp;
  count: number;
  baseline_mean: number;
  baseline_sd: number;
  threshold: number;
  details: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  acknowledged_at: NullStamp;
}

export interface CxMentionsTables {
  cx_mention_sources: CxMentionSourcesTable;
  cx_mention_authors: CxMentionAuthorsTable;
  cx_mentions: CxMentionsTable;
  cx_alert_rules: CxAlertRulesTable;
  cx_alerts: CxAlertsTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends CxMentionsTables {}
}
