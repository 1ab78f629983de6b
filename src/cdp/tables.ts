import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../core/db/core-tables.ts';

type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface TraitMeta {
  sourceId: string;
  kind: string;
  origin: string;
  at: string;
}

export interface SourcesTable {
  workspace_id: string;
  id: string;
  name: string;
  kind: string;
  origin: string;
  write_key: string;
  disabled_at: Date | null;
  deleted_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PersonsTable {
  workspace_id: string;
  id: string;
  traits: JsonObject;
  /** {key: {sourceId, kind, origin, at}}: where each trait's current value came from. */
  trait_meta: ColumnType<Record<string, TraitMeta>, string | undefined, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  merged_into: string | null;
}

export interface IdentitiesTable {
  workspace_id: string;
  kind: string;
  value: string;
  person_id: string;
  created_at: Generated<Date>;
}

export interface MergesTable {
  workspace_id: string;
  id: string;
  from_person: string;
  into_person: string;
  reason: string;
  identities: Json<{ kind: string; value: string }[]>;
  event_count: number;
  from_traits: JsonObject;
  into_traits: JsonObject;
  created_at: Generated<Date>;
  undone_at: Date | null;
}

export interface MergeEventsTable {
  workspace_id: string;
  merge_id: string;
  event_id: string;
}

export interface EventsTable {
  workspace_id: string;
  id: string;
  message_id: string;
  type: string;
  event: string | null;
  person_id: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  source_id: string;
  origin: string;
  occurred_at: Date;
  received_at: Date;
  sent_at: Date | null;
  original_timestamp: Date | null;
  properties: JsonObject;
  traits: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  context: JsonObject;
  extra: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface PersonStatsTable {
  workspace_id: string;
  person_id: string;
  event_count: number;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  order_count: number;
  /** numeric: the driver returns a string. */
  revenue: ColumnType<string, string | number, string | number>;
  first_order_at: Date | null;
  last_order_at: Date | null;
  sessions: number;
  /** Order revenue per currency code ("" for orders that name none). */
  revenue_by_currency: ColumnType<Record<string, number>, string | undefined, string>;
  /** Orders per currency code ("" for orders that name none). */
  orders_by_currency: ColumnType<Record<string, number>, string | undefined, string>;
}

/** Scores other modules compute per person (person-scores.ts): trait name → number. */
export interface PersonScoresTable {
  workspace_id: string;
  person_id: string;
  scores: ColumnType<Record<string, number>, string | undefined, string>;
  updated_at: Generated<Date>;
}

export interface ComputedTraitDefinitionsTable {
  workspace_id: string;
  id: string;
  key: string;
  event: string;
  property: string | null;
  aggregation: string;
  window_days: number | null;
  created_at: Generated<Date>;
}

/** Block or rename a tracked event at ingest (src/cdp/event-rules.ts). */
export interface EventRulesTable {
  workspace_id: string;
  id: string;
  event: string;
  action: 'block' | 'rename';
  rename_to: string | null;
  created_at: Generated<Date>;
}

export interface CdpTables {
  sources: SourcesTable;
  event_rules: EventRulesTable;
  persons: PersonsTable;
  identities: IdentitiesTable;
  merges: MergesTable;
  merge_events: MergeEventsTable;
  events: EventsTable;
  person_stats: PersonStatsTable;
  person_scores: PersonScoresTable;
  computed_trait_definitions: ComputedTraitDefinitionsTable;
}

// The cdp module's tables join the database type (src/core/db/schema.ts) without core importing them.
declare module '../core/db/schema.ts' {
  interface DB extends CdpTables {}
}
