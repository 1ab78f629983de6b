import { sql, type Kysely } from 'kysely';

/**
 * Computed traits.
 *
 * `person_stats`: one row per person with events, kept up to date by the ingest statement itself
 * (a CTE over the rows the events INSERT actually returned, so a duplicate messageId never counts
 * twice) and recomputed from the person's events on merge and undo. The derived traits (average
 * check, RFM, predicted LTV …) are computed from it when a profile is read.
 *
 * `computed_trait_definitions`: workspace-defined aggregations of an event property over a time
 * window, evaluated at read time with one query over the person's events (events_person_time_idx).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE person_stats (
      workspace_id uuid NOT NULL,
      person_id uuid NOT NULL,
      event_count integer NOT NULL DEFAULT 0,
      first_seen_at timestamptz,
      last_seen_at timestamptz,
      order_count integer NOT NULL DEFAULT 0,
      revenue numeric NOT NULL DEFAULT 0,
      first_order_at timestamptz,
      last_order_at timestamptz,
      sessions integer NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, person_id)
    );
    -- RFM quintiles count a workspace's customers (order_count > 0).
    CREATE INDEX person_stats_customers_idx ON person_stats (workspace_id, last_order_at) WHERE order_count > 0;

    CREATE TABLE computed_trait_definitions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      key text NOT NULL,
      event text NOT NULL,
      property text,
      aggregation text NOT NULL,
      window_days integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX computed_trait_definitions_key ON computed_trait_definitions (workspace_id, key);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
