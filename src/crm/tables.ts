import type { ColumnType, Generated } from 'kysely';

/** jsonb: read as an object, written as a JSON string (JSON.stringify), like the CDP's tables. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;
type JsonObject = JsonOf<Record<string, unknown>>;
/** Written as a JS array (the drivers turn it into a PostgreSQL array). */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
/** `date` columns are 'YYYY-MM-DD' strings on both drivers (src/core/db/sql-pool.ts). */
type DateString = string;

interface Stamps {
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

interface Address {
  street: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  postal_code: string | null;
}

export interface CrmCompaniesTable extends Stamps, Address {
  workspace_id: string;
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  phone: string | null;
  website: string | null;
  owner_id: string | null;
  tags: TextArray;
  custom_fields: JsonObject;
  external_id: string | null;
  search: string;
  deleted_at: Date | null;
}

export interface CrmPeopleTable extends Stamps, Address {
  workspace_id: string;
  /** The CDP person (persons.id): CRM-entered and tracked people are the same persons. */
  person_id: string;
  first_name: string | null;
  last_name: string | null;
  /** Lower-cased. */
  emails: TextArray;
  /** E.164. */
  phones: TextArray;
  company_id: string | null;
  position: string | null;
  owner_id: string | null;
  lifecycle_stage: Generated<string>;
  source: string | null;
  birthday: DateString | null;
  tags: TextArray;
  custom_fields: JsonObject;
  external_id: string | null;
  search: string;
  deleted_at: Date | null;
}

export interface CrmCustomFieldsTable extends Stamps {
  workspace_id: string;
  id: string;
  entity: string;
  key: string;
  label: string;
  type: string;
  options: JsonOf<string[]>;
  position: Generated<number>;
}

export interface CrmConsentsTable {
  workspace_id: string;
  id: string;
  person_id: string;
  channel: string;
  purpose: string;
  granted: boolean;
  source: string;
  evidence: string | null;
  actor: string | null;
  occurred_at: Generated<Date>;
}

/** The consent in force per person, channel and purpose: kept from crm_consents by triggers (its migration). */
export interface CrmConsentStateTable {
  workspace_id: string;
  person_id: string;
  channel: string;
  purpose: string;
  granted: boolean;
  occurred_at: Date;
  consent_id: string;
}

export interface CrmSavedViewsTable extends Stamps {
  workspace_id: string;
  id: string;
  user_id: string;
  entity: string;
  name: string;
  query: JsonObject;
  columns: JsonOf<string[]>;
}

export interface CrmMergesTable {
  workspace_id: string;
  id: string;
  from_person: string;
  into_person: string;
  cdp_merge_id: string | null;
  choices: JsonObject;
  from_row: JsonObject;
  into_row: JsonObject;
  moved: JsonObject;
  actor: string | null;
  created_at: Generated<Date>;
  undone_at: Date | null;
}

export interface CrmDuplicateDismissalsTable {
  workspace_id: string;
  person_a: string;
  person_b: string;
  created_at: Generated<Date>;
}

export interface CrmPipelinesTable extends Stamps {
  workspace_id: string;
  id: string;
  name: string;
  currency: Generated<string>;
  position: Generated<number>;
  deleted_at: Date | null;
}

export interface CrmStagesTable extends Stamps {
  workspace_id: string;
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: Generated<number>;
  /** open | won | lost */
  kind: Generated<string>;
  deleted_at: Date | null;
}

export interface CrmDealsTable extends Stamps {
  workspace_id: string;
  id: string;
  title: string;
  pipeline_id: string;
  stage_id: string;
  /** open | won | lost */
  status: Generated<string>;
  /** numeric, read as a number (src/core/db/sql-pool.ts). */
  amount: ColumnType<number, number | string | undefined, number | string>;
  currency: Generated<string>;
  probability: number | null;
  expected_close: DateString | null;
  owner_id: string | null;
  person_id: string | null;
  company_id: string | null;
  source: string | null;
  campaign: string | null;
  region: string | null;
  close_reason: string | null;
  closed_at: Date | null;
  stage_entered_at: Generated<Date>;
  position: Generated<number>;
  tags: TextArray;
  custom_fields: JsonObject;
  external_id: string | null;
  search: string;
  deleted_at: Date | null;
}

export interface CrmDealStageChangesTable {
  workspace_id: string;
  id: string;
  deal_id: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  seconds_in_from: number | null;
  actor: string | null;
  changed_at: Generated<Date>;
}

export interface CrmCallScriptsTable extends Stamps {
  workspace_id: string;
  id: string;
  name: string;
  body: string;
  steps: JsonOf<{ title: string; text: string }[]>;
  active: Generated<boolean>;
  deleted_at: Date | null;
}

export interface CrmCadencesTable extends Stamps {
  workspace_id: string;
  id: string;
  person_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  assignee_id: string;
  kind: string;
  subject: string;
  interval_days: number;
  next_due_at: Date;
  ends_at: Date | null;
  active: Generated<boolean>;
}

export interface CrmActivitiesTable extends Stamps {
  workspace_id: string;
  id: string;
  /** call | email | meeting | visit | task | note */
  kind: string;
  subject: string | null;
  body: string | null;
  person_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  owner_id: string | null;
  assignee_id: string | null;
  occurred_at: Generated<Date>;
  due_at: Date | null;
  reminder_at: Date | null;
  /** When the reminder was sent (the scan claims it by setting this); cleared when dueAt or reminderAt changes. */
  reminded_at: Generated<Date | null>;
  done_at: Date | null;
  /** in | out */
  direction: string | null;
  duration_seconds: number | null;
  outcome: string | null;
  recording_url: string | null;
  script_id: string | null;
  phone: string | null;
  location: string | null;
  cadence_id: string | null;
  external_id: string | null;
  deleted_at: Date | null;
}

export interface CrmImportsTable extends Stamps {
  workspace_id: string;
  id: string;
  entity: string;
  file_name: string;
  file_path: string;
  encoding: Generated<string>;
  delimiter: Generated<string>;
  mapping: JsonOf<Record<string, string>>;
  upsert_by: string | null;
  /** uploaded | queued | running | done | failed */
  status: Generated<string>;
  total_rows: number | null;
  processed_rows: Generated<number>;
  created_rows: Generated<number>;
  updated_rows: Generated<number>;
  failed_rows: Generated<number>;
  errors_path: string | null;
  error: string | null;
  job_id: string | null;
  created_by: string | null;
  finished_at: Date | null;
}

export interface CrmTables {
  crm_companies: CrmCompaniesTable;
  crm_people: CrmPeopleTable;
  crm_custom_fields: CrmCustomFieldsTable;
  crm_consents: CrmConsentsTable;
  crm_consent_state: CrmConsentStateTable;
  crm_saved_views: CrmSavedViewsTable;
  crm_merges: CrmMergesTable;
  crm_duplicate_dismissals: CrmDuplicateDismissalsTable;
  crm_pipelines: CrmPipelinesTable;
  crm_stages: CrmStagesTable;
  crm_deals: CrmDealsTable;
  crm_deal_stage_changes: CrmDealStageChangesTable;
  crm_call_scripts: CrmCallScriptsTable;
  crm_cadences: CrmCadencesTable;
  crm_activities: CrmActivitiesTable;
  crm_imports: CrmImportsTable;
}

// The crm module's tables join the database type (src/core/db/schema.ts) without core importing them.
declare module '../core/db/schema.ts' {
  interface DB extends CrmTables {}
}
