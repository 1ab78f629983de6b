import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The channel types an adapter exists for (channels/registry.ts). */
export type ChannelType = 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk' | 'webhook';

export interface EngageChannelsTable {
  workspace_id: string;
  id: string;
  type: ChannelType;
  name: string;
  /** What the API shows: host, port, from, base URL… never a secret. */
  config: Json<Record<string, unknown>>;
  /** The encrypted JSON of the secret fields (src/core/secrets.ts); never returned. */
  secrets: string | null;
  /** Throughput limit (messages per second) of this channel; null = the setting's default. */
  rate_per_second: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

/** What a template renders to: the channel family it is written for. */
export type TemplateChannel = 'email' | 'sms' | 'push' | 'messenger' | 'webhook';
export type MessageKind = 'marketing' | 'transactional';

export interface EngageTemplatesTable {
  workspace_id: string;
  id: string;
  channel: TemplateChannel;
  name: string;
  kind: ColumnType<MessageKind, MessageKind | undefined, MessageKind>;
  /** The preference centre's topic its marketing messages belong to (an opt-out stops them). */
  group_id: string | null;
  /** The current version (engage_template_versions). */
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  archived_at: Date | null;
}

/** `mjml` and `html` are email bodies; `text` is SMS, messengers, push. */
export type TemplateFormat = 'mjml' | 'html' | 'text';

export interface EngageTemplateVersionsTable {
  workspace_id: string;
  template_id: string;
  version: number;
  format: TemplateFormat;
  subject: string | null;
  body: string;
  /** Locale variants: `{ "en": { "subject": …, "body": … } }`; the top-level subject/body is the default. */
  variants: Json<Record<string, { subject?: string | null; body: string; text?: string | null }>>;
  /** An email's plain-text part; null = derived from the HTML (migration 0340). */
  text: string | null;
  actor: string | null;
  created_at: Generated<Date>;
}

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'complained',
  'suppressed',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface EngageMessagesTable {
  workspace_id: string;
  id: string;
  /** Unique per workspace: a retry or a restarted broadcast finds the message it already made. */
  idempotency_key: string;
  person_id: string;
  channel_id: string;
  channel_type: ChannelType;
  template_id: string | null;
  template_version: number | null;
  broadcast_id: string | null;
  kind: ColumnType<MessageKind, MessageKind | undefined, MessageKind>;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  /** Why it was not sent, bounced or failed (a stable code: no_consent, suppressed, frequency_cap, no_address, …). */
  reason: string | null;
  /** The address it went to (email, E.164 phone, chat id, push endpoint). */
  address: string | null;
  subject: string | null;
  /** The caller's template data (`data` of POST /messages). */
  data: Json<Record<string, unknown>>;
  /** The provider's id of the sent message (SMTP Message-ID, SMPP message_id, Telegram message_id…): status callbacks find the message by it. */
  provider_id: string | null;
  attempts: Generated<number>;
  /** Not before this time (quiet hours, a scheduled broadcast); null = now. */
  send_after: Date | null;
  /** While `sending`: the claiming worker's lease. A lease that ran out means the worker died mid-send. */
  claimed_until: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  sent_at: Stamp | null;
  delivered_at: Stamp | null;
  opened_at: Stamp | null;
  clicked_at: Stamp | null;
  bounced_at: Stamp | null;
  unsubscribed_at: Stamp | null;
  complained_at: Stamp | null;
}

/** One step of a message's history: a status change, an open, a click (`detail.url`), an unsubscribe. */
export interface EngageMessageEventsTable {
  workspace_id: string;
  id: string;
  message_id: string;
  type: string;
  detail: Json<Record<string, unknown>>;
  occurred_at: Generated<Date>;
}

export interface EngageSuppressionsTable {
  workspace_id: string;
  /** The consent channel: email, sms, push, messenger. */
  channel: string;
  /** Normalised address (lower-cased email, E.164 phone, chat id). */
  address: string;
  reason: 'hard_bounce' | 'complaint' | 'manual' | 'unsubscribed';
  detail: string | null;
  created_at: Generated<Date>;
}

export const BROADCAST_STATUSES = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'cancelled',
  'finished',
  'failed',
] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export interface EngageBroadcastsTable {
  workspace_id: string;
  id: string;
  name: string;
  /** A rule segment or a list (cdp segments). */
  segment_id: string;
  channel_id: string;
  template_id: string;
  status: ColumnType<BroadcastStatus, BroadcastStatus | undefined, BroadcastStatus>;
  scheduled_at: Date | null;
  /** Throttle: messages per minute (null = the channel's throughput). */
  rate_per_minute: number | null;
  /** Members when the send started (the audience is frozen then). */
  total: number | null;
  /** Messages created in the ledger so far. */
  queued: Generated<number>;
  job_id: string | null;
  error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface EngagePushSubscriptionsTable {
  workspace_id: string;
  id: string;
  person_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Generated<Date>;
}

export interface EngageSubscriptionGroupsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  created_at: Generated<Date>;
}

export interface EngageGroupOptoutsTable {
  workspace_id: string;
  group_id: string;
  person_id: string;
  created_at: Generated<Date>;
}

export interface EngageTables {
  engage_channels: EngageChannelsTable;
  engage_templates: EngageTemplatesTable;
  engage_template_versions: EngageTemplateVersionsTable;
  engage_messages: EngageMessagesTable;
  engage_message_events: EngageMessageEventsTable;
  engage_suppressions: EngageSuppressionsTable;
  engage_broadcasts: EngageBroadcastsTable;
  engage_push_subscriptions: EngagePushSubscriptionsTable;
  engage_subscription_groups: EngageSubscriptionGroupsTable;
  engage_group_optouts: EngageGroupOptoutsTable;
}

declare module '../core/db/schema.ts' {
  interface DB extends EngageTables {}
}
