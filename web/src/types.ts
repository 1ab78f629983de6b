/** Shapes of the API responses the UI reads (see src/core/**\/routes.ts). */

export const ROLES = ['admin', 'manager', 'marketer', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export type Locale = 'ru' | 'en';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
}

export interface Me {
  user: { id: string; email: string; name: string; locale: string } | null;
  apiKey?: { id: string | null; label: string } | null;
  workspace: Workspace;
  role: Role;
  permissions: string[];
  workspaces: { slug: string; name: string; role: string }[];
}

export interface Member {
  id: string;
  email: string;
  name: string;
  locale: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

/** Someone invited to this workspace who has not joined yet: only what the admin typed. */
export interface Invitation {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: 'invited';
  createdAt: string;
}

/** An invitation waiting for me, to another workspace. */
export interface MyInvitation {
  id: string;
  workspace: { slug: string; name: string };
  role: Role;
  invitedBy: string;
  createdAt: string;
}

export interface RolesResponse {
  data: { role: Role; description: { en: string; ru: string }; permissions: string[] }[];
  permissions: { permission: string; en: string; ru: string }[];
}

export interface Webhook {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  secret?: string;
}

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  replayOf: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface DeliveryDetail extends Delivery {
  payload: Record<string, unknown>;
  attemptLog: { attempt: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null }[];
}

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: string;
  name: string;
  state: JobState;
  progress: number | null;
  progressMessage: string | null;
  attempts: number;
  retryLimit: number;
  createdAt: string;
  startAfter: string;
  startedAt: string | null;
  completedAt: string | null;
  output: unknown;
  data: Record<string, unknown>;
}

export const AUDIT_CHANNELS = ['ui', 'api', 'import', 'system'] as const;

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  channel: string;
  action: string;
  entityType: string;
  entityId: string;
  changes: { field: string; before: unknown; after: unknown }[];
  requestId: string | null;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/* Customer data platform (src/cdp/routes.ts). */

export const SOURCE_KINDS = ['web', 'mobile', 'server', 'pos', 'crm', 'import'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const ORIGINS = ['first', 'second', 'third'] as const;
export type Origin = (typeof ORIGINS)[number];
export const IDENTITY_KINDS = ['email', 'user_id', 'anonymous_id', 'phone', 'telegram_id', 'vk_id'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Source {
  id: string;
  name: string;
  kind: SourceKind;
  origin: Origin;
  writeKey: string;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CdpEvent {
  id: string;
  messageId: string;
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  personId: string | null;
  sourceId: string;
  origin: string;
  occurredAt: string;
  receivedAt: string;
  sentAt: string | null;
  originalTimestamp: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown> | null;
  context: Record<string, unknown>;
  extra: Record<string, unknown> | null;
}

export interface Identity {
  kind: string;
  value: string;
}

export const TRAIT_AGGREGATIONS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last'] as const;
export type TraitAggregation = (typeof TRAIT_AGGREGATIONS)[number];

export interface ComputedTraitDefinition {
  id: string;
  key: string;
  event: string;
  property: string | null;
  aggregation: TraitAggregation;
  windowDays: number | null;
  createdAt: string;
}

export const RFM_SEGMENTS = ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Built-in traits kept as events arrive, plus the workspace-defined ones under `custom`. */
export interface ComputedTraits {
  eventCount: number;
  orderCount: number;
  /** The workspace's currency: revenue, averageCheck, ltv and predictedLtv12m are in it. */
  currency: string;
  revenue: number;
  /** Revenue per currency the person paid in. */
  revenueByCurrency: Record<string, number>;
  averageCheck: number | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  sessions: number;
  daysSinceLastActivity: number | null;
  purchaseFrequencyDays: number | null;
  ltv: number;
  /** Null below the history the prediction needs (predictedLtv12mBasis says how much there is). */
  predictedLtv12m: number | null;
  predictedLtv12mBasis?: { orders: number; spanDays: number; minOrders: number; minSpanDays: number; reason: string | null };
  rfm: { r: number; f: number; m: number; segment: RfmSegment } | null;
  custom: Record<string, unknown>;
}

export interface TraitSource {
  sourceId: string;
  sourceName: string | null;
  kind: string | null;
  origin: string | null;
  at: string | null;
}

export interface Person {
  id: string;
  identities: Identity[];
  traits: Record<string, unknown>;
  /** Per trait key: the source of its current value. */
  traitSources?: Record<string, TraitSource>;
  computedTraits: ComputedTraits;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  id: string;
  messageId: string;
  type: string;
  event: string | null;
  occurredAt: string;
  properties: Record<string, unknown>;
  source: { id: string; name: string | null; kind: string | null; origin: string };
}

export interface Merge {
  id: string;
  fromPerson: string;
  intoPerson: string;
  reason: string;
  identities: Identity[];
  eventCount: number;
  createdAt: string;
  undoneAt: string | null;
}

/** The Segment message types the tracking API accepts. */
export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
