import { sql, type Kysely } from 'kysely';

/**
 * Segments (src/cdp/segments/): a rule tree per segment with its versions, and membership.
 *
 * `segment_members` keeps one row per person who was ever a member: `exited_at` is null while
 * they are one. Its keys lead with workspace_id (see DESIGN.md, growing past one machine).
 *
 * `kt_try_timestamptz`: a text as a time, or null when it is not one (a trait "signup" holding
 * "soon" must not fail a whole segment's query), for the rule operators before/after/withinLast.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION kt_try_timestamptz(v text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $fn$
    BEGIN
      IF v IS NULL OR v !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN
        RETURN NULL;
      END IF;
      RETURN v::timestamptz;
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END
    $fn$;

    CREATE TABLE segments (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      description text,
      rule jsonb NOT NULL,
      version integer NOT NULL DEFAULT 1,
      computed_version integer,
      computed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE segment_versions (
      workspace_id uuid NOT NULL,
      segment_id uuid NOT NULL,
      version integer NOT NULL,
      rule jsonb NOT NULL,
      actor text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, segment_id, version)
    );

    CREATE TABLE segment_members (
      workspace_id uuid NOT NULL,
      segment_id uuid NOT NULL,
      person_id uuid NOT NULL,
      entered_at timestamptz NOT NULL,
      exited_at timestamptz,
      PRIMARY KEY (workspace_id, segment_id, person_id)
    );
    -- The members list, oldest member first, and the size.
    CREATE INDEX segment_members_current_idx ON segment_members (workspace_id, segment_id, entered_at, person_id) WHERE exited_at IS NULL;
    -- A person's segments.
    CREATE INDEX segment_members_person_idx ON segment_members (workspace_id, person_id) WHERE exited_at IS NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
