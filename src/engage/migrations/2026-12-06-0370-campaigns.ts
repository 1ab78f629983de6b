import { sql, type Kysely } from 'kysely';

/**
 * Campaigns (issue 16).
 *
 * `engage_campaigns`: a campaign's definition (audience, control group, steps with their A/B
 * variants, attribution) and its life: draft → approved → scheduled → running → finished, or
 * cancelled, with who approved and launched it and when.
 * `engage_campaign_members`: the audience frozen at launch, one row per person with their group
 * (treatment or control, fixed by a hash of campaign and person), A/B variant and region then.
 * `engage_messages.campaign_id / campaign_step / variant`: which campaign, wave and variant a
 * message belongs to, so results are computed from the ledger by campaign.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE engage_campaigns (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      goal text,
      status text NOT NULL DEFAULT 'draft',
      segment_id uuid NOT NULL,
      control_segment_id uuid,
      control_percent integer,
      steps jsonb NOT NULL,
      promotion_id uuid,
      conversion_event text NOT NULL,
      attribution_window text NOT NULL,
      revenue_property text NOT NULL DEFAULT 'revenue',
      geography jsonb NOT NULL DEFAULT '{"regions":[]}'::jsonb,
      budget numeric,
      cost_per_message numeric,
      owner_id text,
      ab_test jsonb,
      ab_winner text,
      ab_decision jsonb,
      approved_by text,
      approved_at timestamptz,
      launched_by text,
      launched_at timestamptz,
      finished_at timestamptz,
      starts_at timestamptz,
      ends_at timestamptz,
      audience integer,
      enumerated_at timestamptz,
      error text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX engage_campaigns_created_idx ON engage_campaigns (workspace_id, created_at DESC, id DESC);
    CREATE INDEX engage_campaigns_due_idx ON engage_campaigns (status) WHERE status IN ('scheduled', 'running');

    CREATE TABLE engage_campaign_members (
      workspace_id uuid NOT NULL,
      campaign_id uuid NOT NULL,
      person_id uuid NOT NULL,
      grp text NOT NULL,
      variant text,
      region text,
      entered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, campaign_id, person_id)
    );

    ALTER TABLE engage_messages ADD COLUMN campaign_id uuid;
    ALTER TABLE engage_messages ADD COLUMN campaign_step integer;
    ALTER TABLE engage_messages ADD COLUMN variant text;
    CREATE INDEX engage_messages_campaign_idx ON engage_messages (workspace_id, campaign_id, campaign_step, person_id) WHERE campaign_id IS NOT NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
