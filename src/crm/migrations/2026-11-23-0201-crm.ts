import { sql, type Kysely } from 'kysely';

/**
 * CRM: the sales face of the CDP's persons (crm_people has one row per person the CRM knows),
 * companies, custom fields, consent history, saved views, pipelines and deals, activities, call
 * scripts, cadences, imports and CRM-side merges. Keys lead with workspace_id (see DESIGN.md).
 *
 * `search` columns hold lower-cased text (ё → е) built in JS, so that search behaves the same on
 * PGlite and on a server whatever the collation; pg_trgm indexes them for substring and fuzzy match.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE crm_companies (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      domain text,
      industry text,
      size text,
      phone text,
      website text,
      street text, city text, region text, country text, postal_code text,
      owner_id uuid,
      tags text[] NOT NULL DEFAULT '{}',
      custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
      external_id text,
      search text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_companies_name_idx ON crm_companies (workspace_id, lower(name), id);
    CREATE INDEX crm_companies_search_idx ON crm_companies USING gin (search gin_trgm_ops);
    CREATE UNIQUE INDEX crm_companies_external_idx ON crm_companies (workspace_id, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;

    CREATE TABLE crm_people (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      first_name text,
      last_name text,
      emails text[] NOT NULL DEFAULT '{}',
      phones text[] NOT NULL DEFAULT '{}',
      company_id uuid,
      position text,
      owner_id uuid,
      lifecycle_stage text NOT NULL DEFAULT 'lead',
      source text,
      street text, city text, region text, country text, postal_code text,
      birthday date,
      tags text[] NOT NULL DEFAULT '{}',
      custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
      external_id text,
      search text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, person_id)
    );
    CREATE INDEX crm_people_search_idx ON crm_people USING gin (search gin_trgm_ops);
    CREATE INDEX crm_people_phones_idx ON crm_people USING gin (phones);
    CREATE INDEX crm_people_emails_idx ON crm_people USING gin (emails);
    CREATE INDEX crm_people_name_idx ON crm_people (workspace_id, lower(last_name), lower(first_name), person_id);
    CREATE INDEX crm_people_created_idx ON crm_people (workspace_id, created_at DESC, person_id DESC);
    CREATE INDEX crm_people_company_idx ON crm_people (workspace_id, company_id);
    CREATE INDEX crm_people_owner_idx ON crm_people (workspace_id, owner_id);
    CREATE UNIQUE INDEX crm_people_external_idx ON crm_people (workspace_id, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;

    CREATE TABLE crm_custom_fields (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      entity text NOT NULL,
      key text NOT NULL,
      label text NOT NULL,
      type text NOT NULL,
      options jsonb NOT NULL DEFAULT '[]'::jsonb,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, entity, key)
    );

    -- Consent is history: the current state per (channel, purpose) is the latest row.
    CREATE TABLE crm_consents (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      channel text NOT NULL,
      purpose text NOT NULL,
      granted boolean NOT NULL,
      source text NOT NULL,
      evidence text,
      actor text,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_consents_person_idx ON crm_consents (workspace_id, person_id, channel, purpose, occurred_at DESC, id DESC);

    CREATE TABLE crm_saved_views (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      user_id uuid NOT NULL,
      entity text NOT NULL,
      name text NOT NULL,
      query jsonb NOT NULL DEFAULT '{}'::jsonb,
      columns jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_saved_views_user_idx ON crm_saved_views (workspace_id, user_id, entity);

    -- A CRM merge of duplicates: the CDP merge (identities, events) plus the field choice and the
    -- CRM rows moved, kept so that unmerge restores both people exactly.
    CREATE TABLE crm_merges (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      from_person uuid NOT NULL,
      into_person uuid NOT NULL,
      cdp_merge_id uuid,
      choices jsonb NOT NULL DEFAULT '{}'::jsonb,
      from_row jsonb NOT NULL,
      into_row jsonb NOT NULL,
      moved jsonb NOT NULL DEFAULT '{}'::jsonb,
      actor text,
      created_at timestamptz NOT NULL DEFAULT now(),
      undone_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_merges_person_idx ON crm_merges (workspace_id, into_person, id DESC);
    CREATE INDEX crm_merges_from_idx ON crm_merges (workspace_id, from_person, id DESC);

    -- Pairs a user marked "not a duplicate", so suggestions stop offering them.
    CREATE TABLE crm_duplicate_dismissals (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      person_a uuid NOT NULL,
      person_b uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, person_a, person_b)
    );

    CREATE TABLE crm_pipelines (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      currency text NOT NULL DEFAULT 'RUB',
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE crm_stages (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      pipeline_id uuid NOT NULL,
      name text NOT NULL,
      position integer NOT NULL,
      probability integer NOT NULL DEFAULT 0,
      kind text NOT NULL DEFAULT 'open',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, pipeline_id) REFERENCES crm_pipelines(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX crm_stages_pipeline_idx ON crm_stages (workspace_id, pipeline_id, position);

    CREATE TABLE crm_deals (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      title text NOT NULL,
      pipeline_id uuid NOT NULL,
      stage_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'open',
      amount numeric(18,2) NOT NULL DEFAULT 0,
      currency text NOT NULL DEFAULT 'RUB',
      probability integer,
      expected_close date,
      owner_id uuid,
      person_id uuid,
      company_id uuid,
      source text,
      campaign text,
      region text,
      close_reason text,
      closed_at timestamptz,
      stage_entered_at timestamptz NOT NULL DEFAULT now(),
      position double precision NOT NULL DEFAULT 0,
      tags text[] NOT NULL DEFAULT '{}',
      custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
      external_id text,
      search text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_deals_stage_idx ON crm_deals (workspace_id, pipeline_id, stage_id, position);
    CREATE INDEX crm_deals_person_idx ON crm_deals (workspace_id, person_id);
    CREATE INDEX crm_deals_company_idx ON crm_deals (workspace_id, company_id);
    CREATE INDEX crm_deals_closed_idx ON crm_deals (workspace_id, status, closed_at);
    CREATE INDEX crm_deals_search_idx ON crm_deals USING gin (search gin_trgm_ops);
    CREATE UNIQUE INDEX crm_deals_external_idx ON crm_deals (workspace_id, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;

    -- Every stage change with its time: the funnel's conversion and time-in-stage come from here.
    CREATE TABLE crm_deal_stage_changes (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      deal_id uuid NOT NULL,
      pipeline_id uuid NOT NULL,
      from_stage_id uuid,
      to_stage_id uuid NOT NULL,
      seconds_in_from integer,
      actor text,
      changed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_deal_stage_changes_deal_idx ON crm_deal_stage_changes (workspace_id, deal_id, changed_at);
    CREATE INDEX crm_deal_stage_changes_pipeline_idx ON crm_deal_stage_changes (workspace_id, pipeline_id, changed_at);

    CREATE TABLE crm_call_scripts (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      body text NOT NULL DEFAULT '',
      steps jsonb NOT NULL DEFAULT '[]'::jsonb,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    -- Planned communications: "call every 14 days", each occurrence becomes a task.
    CREATE TABLE crm_cadences (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      person_id uuid,
      company_id uuid,
      deal_id uuid,
      assignee_id uuid NOT NULL,
      kind text NOT NULL,
      subject text NOT NULL,
      interval_days integer NOT NULL,
      next_due_at timestamptz NOT NULL,
      ends_at timestamptz,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_cadences_due_idx ON crm_cadences (workspace_id, assignee_id, next_due_at) WHERE active;

    CREATE TABLE crm_activities (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      kind text NOT NULL,
      subject text,
      body text,
      person_id uuid,
      company_id uuid,
      deal_id uuid,
      owner_id uuid,
      assignee_id uuid,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz,
      reminder_at timestamptz,
      done_at timestamptz,
      direction text,
      duration_seconds integer,
      outcome text,
      recording_url text,
      script_id uuid,
      phone text,
      location text,
      cadence_id uuid,
      external_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX crm_activities_person_idx ON crm_activities (workspace_id, person_id, occurred_at DESC);
    CREATE INDEX crm_activities_company_idx ON crm_activities (workspace_id, company_id, occurred_at DESC);
    CREATE INDEX crm_activities_deal_idx ON crm_activities (workspace_id, deal_id, occurred_at DESC);
    CREATE INDEX crm_activities_owner_idx ON crm_activities (workspace_id, owner_id, kind, occurred_at);
    CREATE INDEX crm_activities_due_idx ON crm_activities (workspace_id, assignee_id, due_at) WHERE kind = 'task' AND done_at IS NULL AND deleted_at IS NULL;
    CREATE UNIQUE INDEX crm_activities_external_idx ON crm_activities (workspace_id, external_id) WHERE external_id IS NOT NULL;

    CREATE TABLE crm_imports (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      entity text NOT NULL,
      file_name text NOT NULL,
      file_path text NOT NULL,
      encoding text NOT NULL DEFAULT 'utf-8',
      delimiter text NOT NULL DEFAULT ',',
      mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
      upsert_by text,
      status text NOT NULL DEFAULT 'uploaded',
      total_rows integer,
      processed_rows integer NOT NULL DEFAULT 0,
      created_rows integer NOT NULL DEFAULT 0,
      updated_rows integer NOT NULL DEFAULT 0,
      failed_rows integer NOT NULL DEFAULT 0,
      errors_path text,
      error text,
      job_id text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
