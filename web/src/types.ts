/**
 * Shapes of the API responses the UI reads: names for the types generated from the server's OpenAPI
 * document (api/schema.d.ts, `npm run gen:api`), and its value lists (api/enums.ts). Nothing here
 * restates a response by hand.
 */
import type { BodyOf, ItemOf, ResponseOf, Schema } from './api/contract.ts';
import { ROLES } from './api/enums.ts';

export {
  AUDIT_CHANNELS,
  DELIVERY_STATUSES,
  JOB_STATES,
  ORIGINS,
  RFM_SEGMENTS,
  ROLES,
  SOURCE_KINDS,
  TRAIT_AGGREGATIONS,
} from './api/enums.ts';

export type Role = (typeof ROLES)[number];
export type Locale = NonNullable<BodyOf<'updateCurrentUser'>['locale']>;
export type Workspace = ResponseOf<'getWorkspace'>;
export type Me = ResponseOf<'getCurrentUser'>;
export type Member = ItemOf<'listUsers'>;
export type ApiKey = ItemOf<'listApiKeys'>;
/** Someone invited to this workspace who has not joined yet: only what the admin typed. */
export type Invitation = ItemOf<'listWorkspaceInvitations'>;
/** An invitation waiting for me, to another workspace. */
export type MyInvitation = ItemOf<'listInvitations'>;
export type RolesResponse = ResponseOf<'listRoles'>;
/** A subscription; `secret` (the signing secret) comes with one subscription and the answers that create or change it. */
export type Webhook = ResponseOf<'getWebhook'>;
export type Delivery = ItemOf<'listWebhookDeliveries'>;
export type DeliveryStatus = Delivery['status'];
export type DeliveryDetail = ResponseOf<'getWebhookDelivery'>;
export type Job = ItemOf<'listJobs'>;
export type JobState = Job['state'];
export type AuditEntry = ItemOf<'listAuditEntries'>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/* Customer data platform (src/cdp). */

export type Source = Schema<'Source'>;
export type SourceKind = Source['kind'];
export type Origin = Source['origin'];
/** Identifier kinds a person can be looked up by (GET /persons/lookup takes any string kind). */
export const IDENTITY_KINDS = ['email', 'user_id', 'anonymous_id', 'phone', 'telegram_id', 'vk_id'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];
export type CdpEvent = Schema<'Event'>;
/** The CDP profile of a person (GET /persons/{id}). */
export type Person = Schema<'Profile'>;
export type Identity = Person['identities'][number];
export type ComputedTraitDefinition = ItemOf<'listComputedTraits'>;
export type TraitAggregation = ComputedTraitDefinition['aggregation'];
/** Built-in traits kept as events arrive, plus the workspace-defined ones under `custom`. */
export type ComputedTraits = Person['computedTraits'];
export type RfmSegment = NonNullable<ComputedTraits['rfm']>['segment'];
export type TraitSource = NonNullable<Person['traitSources']>[string];
export type Merge = ItemOf<'listMerges'>;

/** The Segment message types the tracking API accepts (one endpoint each: POST /v1/identify, /v1/track, …). */
export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
