/**
 * The server's value lists, as the document gives them.
 *
 * Generated from the server's OpenAPI document by scripts/gen-api-types.mjs: do not edit. Change the route
 * schemas, then run `npm run gen:api`; CI fails on drift (`npm run check:api`).
 */

export const ROLES = ['admin', 'manager', 'marketer', 'agent', 'viewer'] as const;
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
export const PEOPLE_SORTS = ['createdAt', 'updatedAt', 'lastName', 'firstName', 'city', 'lifecycleStage'] as const;
export const COMPANY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export const DUPLICATE_REASONS = ['email', 'phone', 'name_company'] as const;
export const CONSENT_CHANNELS = ['email', 'sms', 'push', 'messenger', 'calls'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const;
export const CUSTOM_FIELD_ENTITIES = ['person', 'company', 'deal'] as const;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed', 'dead'] as const;
export const AUDIT_CHANNELS = ['ui', 'api', 'import', 'system'] as const;
export const SOURCE_KINDS = ['web', 'mobile', 'server', 'pos', 'crm', 'import'] as const;
export const ORIGINS = ['first', 'second', 'third'] as const;
export const TRAIT_AGGREGATIONS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last'] as const;
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
