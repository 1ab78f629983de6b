import type { ColumnType, Generated } from 'kysely';
import type { Interval, Weekday } from './calendars.ts';

type Json<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export type ClockOutcome = 'met' | 'breached' | 'cancelled';

export interface ServiceBusinessCalendarsTable {
  workspace_id: string;
  id: string;
  name: string;
  timezone: string;
  hours: Json<Partial<Record<Weekday, Interval[]>>>;
  holidays: Json<string[]>;
  working_days: Json<string[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

/** What a policy matches: every given field must hold (an empty object matches everything). */
export type SlaConditions = {
  priority?: string[];
  channel?: string[];
  inboxId?: string[];
  topic?: string[];
  /** A person trait that must be truthy (e.g. `vip`). */
  trait?: string;
  /** The person must be a member of this segment. */
  segmentId?: string;
};

export interface ServiceSlaPoliciesTable {
  workspace_id: string;
  id: string;
  name: string;
  position: Generated<number>;
  enabled: Generated<boolean>;
  conditions: Json<SlaConditions>;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  calendar_id: string | null;
  warn_percent: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface ServiceSlaClocksTable {
  workspace_id: string;
  id: string;
  conversation_id: string;
  policy_id: string;
  metric: SlaMetric;
  cycle: Generated<number>;
  target_minutes: number;
  warn_percent: Generated<number>;
  calendar_id: string | null;
  started_at: Stamp;
  running_since: NullStamp;
  elapsed_minutes: Generated<number>;
  due_at: NullStamp;
  warn_at: NullStamp;
  stopped_at: NullStamp;
  outcome: ClockOutcome | null;
  warned_at: NullStamp;
  breached_at: NullStamp;
  created_at: Generated<Date>;
}

export interface ServiceCsatTable {
  workspace_id: string;
  id: string;
  conversation_id: string;
  cycle: Generated<number>;
  person_id: string;
  agent_id: string | null;
  team_id: string | null;
  channel: string;
  locale: Generated<string>;
  score: number | null;
  comment: string | null;
  /** What a low score did: `reopened`, `task:<id>`. */
  follow_up: string | null;
  requested_at: Generated<Date>;
  answered_at: NullStamp;
}

export interface ServiceSlaTables {
  service_business_calendars: ServiceBusinessCalendarsTable;
  service_sla_policies: ServiceSlaPoliciesTable;
  service_sla_clocks: ServiceSlaClocksTable;
  service_csat: ServiceCsatTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends ServiceSlaTables {}
}
