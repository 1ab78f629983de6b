import { sql, type Kysely } from 'kysely';

/**
 * The service desk's SLA tables (S-SLA; the desk's own tables are 0600).
 *
 * `service_business_calendars`: weekly hours per weekday in an IANA zone, holidays and extra
 * working days (sla/calendars.ts); a team's `calendar_id` names one.
 * `service_sla_policies`: conditions (priority, channel, inbox, topic, VIP trait, segment) and
 * targets in business minutes; the first enabled policy by `position` that matches applies.
 * `service_sla_clocks`: one row per clock run of a conversation — its first response, each next
 * response (one per client message waiting for an agent), each resolution cycle (a reopen starts
 * a new one). A running clock has `running_since`; a paused one (pending, on hold) keeps the
 * business minutes it used in `elapsed_minutes` and has no due time; a stopped one has an
 * `outcome` (met, breached, cancelled). The breach job finds due warnings and breaches through the
 * partial indexes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE service_business_calendars (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      timezone text NOT NULL,
      hours jsonb NOT NULL DEFAULT '{}'::jsonb,
      holidays jsonb NOT NULL DEFAULT '[]'::jsonb,
      working_days jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE service_sla_policies (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      position integer NOT NULL DEFAULT 0,
      enabled boolean NOT NULL DEFAULT true,
      conditions jsonb NOT NULL DEFAULT '{}'::jsonb,
      first_response_minutes integer,
      next_response_minutes integer,
      resolution_minutes integer,
      calendar_id uuid,
      warn_percent integer NOT NULL DEFAULT 80,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX service_sla_policies_order_idx ON service_sla_policies (workspace_id, position, created_at) WHERE deleted_at IS NULL;

    CREATE TABLE service_sla_clocks (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      policy_id uuid NOT NULL,
      metric text NOT NULL,
      cycle integer NOT NULL DEFAULT 1,
      target_minutes integer NOT NULL,
      warn_percent integer NOT NULL DEFAULT 80,
      calendar_id uuid,
      started_at timestamptz NOT NULL,
      running_since timestamptz,
      elapsed_minutes double precision NOT NULL DEFAULT 0,
      due_at timestamptz,
      warn_at timestamptz,
      stopped_at timestamptz,
      outcome text,
      warned_at timestamptz,
      breached_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX service_sla_clocks_running_key ON service_sla_clocks (workspace_id, conversation_id, metric) WHERE stopped_at IS NULL;
    CREATE INDEX service_sla_clocks_conversation_idx ON service_sla_clocks (workspace_id, conversation_id, started_at);
    CREATE INDEX service_sla_clocks_due_idx ON service_sla_clocks (due_at) WHERE stopped_at IS NULL AND breached_at IS NULL AND due_at IS NOT NULL;
    CREATE INDEX service_sla_clocks_warn_idx ON service_sla_clocks (warn_at) WHERE stopped_at IS NULL AND warned_at IS NULL AND warn_at IS NOT NULL;
    CREATE INDEX service_sla_clocks_report_idx ON service_sla_clocks (workspace_id, stopped_at) WHERE stopped_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS service_sla_clocks;
    DROP TABLE IF EXISTS service_sla_policies;
    DROP TABLE IF EXISTS service_business_calendars;
  `.execute(db);
}
