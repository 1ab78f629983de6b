import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column: read as T; written as T or as its JSON text (`JSON.stringify(value)`). */
export type Json<T extends object | null = Record<string, unknown>> = JSONColumnType<T, T | string, T | string>;

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  settings: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;
  created_at: Generated<Date>;
}

/** Users are global (one login, many workspaces); membership and role live per workspace. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: Generated<string>;
  disabled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: Generated<Date>;
  /** Disabled in this workspace only (the login and its other workspaces are untouched). */
  disabled_at: Generated<Date | null>;
}

/** An email invited to a workspace; the row goes when the person accepts or declines, or the admin cancels. */
export interface WorkspaceInvitationsTable {
  workspace_id: string;
  id: string;
  email: string;
  /** The name the inviting admin typed: shown to that workspace, never the login's own name. */
  name: string;
  role: string;
  invited_by: string;
  /** Set when this invitation created the login (a new email): accepted at that login's first sign-in. */
  created_login_id: string | null;
  created_at: Generated<Date>;
}

/** Failed logins per key (`email:…` or `ip:…`), shared by every API process. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

export interface SessionsTable {
  workspace_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  last_seen_at: Generated<Date>;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiKeysTable {
  workspace_id: string;
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role: string;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Generated<Date | null>;
}

export interface AuditLogTable {
  workspace_id: string;
  id: string;
  occurred_at: Generated<Date>;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  channel: string;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: Json<{ field: string; before: unknown; after: unknown }[]>;
  request_id: string | null;
}

export interface WebhookSubscriptionsTable {
  workspace_id: string;
  id: string;
  url: string;
  description: string;
  event_types: string[];
  secret: string;
  active: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  workspace_id: string;
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: string;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  replay_of: string | null;
  created_at: Generated<Date>;
  completed_at: Date | null;
}

export interface WebhookAttemptsTable {
  workspace_id: string;
  id: string;
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

export interface JobProgressTable {
  workspace_id: string;
  job_id: string;
  progress: number;
  message: string | null;
  updated_at: Generated<Date>;
}

export interface CoreTables {
  workspaces: WorkspacesTable;
  users: UsersTable;
  workspace_members: WorkspaceMembersTable;
  workspace_invitations: WorkspaceInvitationsTable;
  login_throttle: LoginThrottleTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  job_progress: JobProgressTable;
}
