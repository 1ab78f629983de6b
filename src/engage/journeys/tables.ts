import type { ColumnType, Generated } from 'kysely';
import type { JourneyDefinition } from './definition.ts';

type Json<T> = ColumnType<T, string | undefined, string>;
type NullJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];
export const RUN_STATES = ['active', 'waiting', 'completed', 'exited', 'converted'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** A journey: the draft being edited and which version is published (migration 0500). */
export interface EngageJourneysTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  status: ColumnType<JourneyStatus, JourneyStatus | undefined, JourneyStatus>;
  /** The draft (what the editor saves); published copies are in engage_journey_versions. */
  definition: Json<JourneyDefinition>;
  /** The latest published version (null: never published). */
  version: number | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: NullStamp;
}

/** A published version: the definition runs on it follow. */
export interface EngageJourneyVersionsTable {
  workspace_id: string;
  journey_id: string;
  version: number;
  definition: Json<JourneyDefinition>;
  published_at: Generated<Date>;
  published_by: string | null;
}

/** A person's position in a journey: one row per entry. */
export interface EngageJourneyRunsTable {
  workspace_id: string;
  id: string;
  journey_id: string;
  version: number;
  person_id: string;
  grp: 'treatment' | 'control';
  state: RunState;
  /** The current step (null: the control group, or finished). */
  step_id: string | null;
  /** When the runtime must act: a timer, a wait's timeout, or now for a step to run. */
  due_at: NullStamp;
  /** What a wait on an event or a segment change waits for. */
  waiting_for: NullJson<
    { event: string; where?: unknown[] } | { segment: string; entered: boolean } | Record<string, unknown>
  >;
  step_entered_at: Stamp;
  entered_at: Stamp;
  finished_at: NullStamp;
  /** 'completed' | 'goal' | 'exit_step' | 'archived' | 'person_erased' | 'error:<code>'. */
  exit_reason: string | null;
  /** Unique per journey: "<person>" (re-entry never) or "<person>:<n>". */
  entry_key: string;
  lease_until: NullStamp;
  /** The seq of the run's last step log row (migration 0510, the runtime's). */
  step_seq: ColumnType<number, number | undefined, number>;
}

/** The step log: a person's path, and the stats. */
export interface EngageJourneyStepsTable {
  workspace_id: string;
  run_id: string;
  seq: number;
  journey_id: string;
  version: number;
  step_id: string;
  entered_at: Stamp;
  /** The timer it was due at (the lag: entered_at − due_at). */
  due_at: NullStamp;
  left_at: NullStamp;
  /** 'next' | 'yes' | 'no' | 'timeout' | 'event' | a split key | 'exited' | 'error'. */
  outcome: string | null;
  detail: NullJson<Record<string, unknown>>;
}

export interface JourneyTables {
  engage_journeys: EngageJourneysTable;
  engage_journey_versions: EngageJourneyVersionsTable;
  engage_journey_runs: EngageJourneyRunsTable;
  engage_journey_steps: EngageJourneyStepsTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends JourneyTables {}
}
