import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const INBOX_CHANNELS = ['email', 'chat', 'telegram', 'vk', 'whatsapp', 'sms', 'api'] as const;
export type InboxChannel = (typeof INBOX_CHANNELS)[number];
export const CONVERSATION_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'reopened'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** The statuses of a conversation still being worked on (a new message threads into one of these or a solved one). */
export const OPEN_STATUSES: readonly ConversationStatus[] = ['new', 'open', 'pending', 'on_hold', 'reopened'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Direction = 'in' | 'out' | 'note';
export type AuthorKind = 'client' | 'agent' | 'bot' | 'system';

export interface ServiceInboxesTable {
  workspace_id: string;
  id: string;
  name: string;
  channel: InboxChannel;
  /** An email inbox's address, lower-cased; unique across workspaces (the SMTP receiver files by it). */
  address: string | null;
  /** The engage channel that sends replies (and whose inbound callbacks land here). */
  channel_id: string | null;
  settings: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface ServiceTeamsTable {
  workspace_id: string;
  id: string;
  name: string;
  /** The business-hours calendar its SLA clocks run on (S-SLA's). */
  calendar_id: string | null;
  /** How a conversation routed to the team finds its assignee. */
  assignment: ColumnType<'round_robin' | 'least_busy' | 'none', string | undefined, string>;
  /** Round-robin: the member who got the previous one. */
  last_assigned_user: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface ServiceTeamMembersTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface ServiceCountersTable {
  workspace_id: string;
  name: string;
  value: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
}

/** The ticket: one conversation with a client, whatever channels it used. */
export interface ServiceConversationsTable {
  workspace_id: string;
  id: string;
  /** Per-workspace, for humans ("#1042"); bigint comes back as a string from pg. */
  number: ColumnType<string, string | number, never>;
  inbox_id: string;
  person_id: string;
  /** The last channel the client used (replies go there unless the agent switches). */
  channel: InboxChannel;
  subject: Generated<string>;
  status: ColumnType<ConversationStatus, ConversationStatus | undefined, ConversationStatus>;
  priority: ColumnType<Priority, Priority | undefined, Priority>;
  topic: string | null;
  language: string | null;
  assignee_id: string | null;
  team_id: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  custom: Json<Record<string, unknown>>;
  merged_into: string | null;
  first_inbound_at: NullStamp;
  /** The first human (agent) reply; bots and notes excluded. */
  first_response_at: NullStamp;
  last_inbound_at: NullStamp;
  last_outbound_at: NullStamp;
  /** The latest message of any direction (the inbox's sort order). */
  last_message_at: NullStamp;
  next_response_due_at: NullStamp;
  solved_at: NullStamp;
  closed_at: NullStamp;
  reopened_count: Generated<number>;
  /** Bumped by every update: a stale patch (two agents at once) is detected, not lost. */
  version: Generated<number>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ServiceMessagesTable {
  workspace_id: string;
  id: string;
  conversation_id: string;
  direction: Direction;
  channel: InboxChannel;
  author_user_id: string | null;
  author_kind: AuthorKind;
  /** Plain text, always. */
  body: string;
  /** Sanitised HTML (email), or null. */
  html: string | null;
  /** The provider's id or the email's Message-ID of an inbound message. */
  external_id: string | null;
  /** This message's email Message-ID (inbound or outbound): a reply's In-Reply-To finds it. */
  thread_key: string | null;
  /** The outbound send in engage's ledger. */
  engage_message_id: string | null;
  mentions: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Stamp;
}

export interface ServiceInboundKeysTable {
  workspace_id: string;
  inbox_id: string;
  external_id: string;
  message_id: string;
}

export interface ServiceAttachmentsTable {
  workspace_id: string;
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  content: Buffer;
  created_at: Generated<Date>;
}

export interface ServiceThreadKeysTable {
  workspace_id: string;
  key: string;
  conversation_id: string;
}

export interface ServiceCannedResponsesTable {
  workspace_id: string;
  id: string;
  title: string;
  body: string;
  shortcut: string | null;
  language: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ServiceMacrosTable {
  workspace_id: string;
  id: string;
  name: string;
  actions: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ServiceRoutingRulesTable {
  workspace_id: string;
  id: string;
  name: string;
  position: Generated<number>;
  enabled: Generated<boolean>;
  conditions: Json<Record<string, unknown>>;
  actions: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ServiceAutomationRulesTable {
  workspace_id: string;
  id: string;
  name: string;
  trigger: string;
  position: Generated<number>;
  enabled: Generated<boolean>;
  conditions: Json<Record<string, unknown>>;
  actions: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One move of a conversation's status (null → new at creation); the exact backlog reads these. */
export interface ServiceConversationStatusChangesTable {
  workspace_id: string;
  id: string;
  conversation_id: string;
  from_status: ConversationStatus | null;
  to_status: ConversationStatus;
  at: Stamp;
  /** Who moved it: the client (a message), an agent, a bot, or the system (automation, merge, CSAT). */
  by_kind: ColumnType<AuthorKind, AuthorKind | undefined, AuthorKind>;
  by_user_id: string | null;
}

/** A time rule fired for a conversation's entry into its condition (once: the primary key). */
export interface ServiceAutomationFiringsTable {
  workspace_id: string;
  rule_id: string;
  conversation_id: string;
  entered_at: Stamp;
  fired_at: Stamp;
  /** Why its actions failed (they are not retried for this entry). */
  error: string | null;
}

export interface ServiceTables {
  service_inboxes: ServiceInboxesTable;
  service_teams: ServiceTeamsTable;
  service_team_members: ServiceTeamMembersTable;
  service_counters: ServiceCountersTable;
  service_conversations: ServiceConversationsTable;
  service_messages: ServiceMessagesTable;
  service_inbound_keys: ServiceInboundKeysTable;
  service_attachments: ServiceAttachmentsTable;
  service_thread_keys: ServiceThreadKeysTable;
  service_canned_responses: ServiceCannedResponsesTable;
  service_macros: ServiceMacrosTable;
  service_routing_rules: ServiceRoutingRulesTable;
  service_automation_rules: ServiceAutomationRulesTable;
  service_conversation_status_changes: ServiceConversationStatusChangesTable;
  service_automation_firings: ServiceAutomationFiringsTable;
}

declare module '../core/db/schema.ts' {
  interface DB extends ServiceTables {}
}
