import { sql, type Kysely } from 'kysely';

/**
 * crm_consent_state: the consent in force per person, channel and purpose — the latest change of
 * crm_consents (occurred_at, then id), which stays the record. A segment's consent condition
 * (segment-conditions.ts) joins it by key: a full recompute at 1M people spent ~0.6–0.8 s probing
 * the history once per person for its latest row, in one process, where this is a parallel hash
 * join (bench/segments). Kept by statement-level triggers in the changing transaction itself, so
 * no write path (a change recorded, a bulk load or COPY, a merge moving rows, an erase, a
 * workspace deleted) can leave it behind.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE crm_consent_state (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      channel text NOT NULL,
      purpose text NOT NULL,
      granted boolean NOT NULL,
      occurred_at timestamptz NOT NULL,
      consent_id uuid NOT NULL,
      PRIMARY KEY (workspace_id, person_id, channel, purpose)
    )`.execute(db);
  await sql`
    INSERT INTO crm_consent_state (workspace_id, person_id, channel, purpose, granted, occurred_at, consent_id)
    SELECT DISTINCT ON (workspace_id, person_id, channel, purpose) workspace_id, person_id, channel, purpose, granted, occurred_at, id
    FROM crm_consents
    ORDER BY workspace_id, person_id, channel, purpose, occurred_at DESC, id DESC`.execute(db);
  // New rows can only move a key's state forward (a backdated change is history, not the state).
  await sql`
    CREATE FUNCTION kt_consent_state_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO crm_consent_state AS s (workspace_id, person_id, channel, purpose, granted, occurred_at, consent_id)
      SELECT DISTINCT ON (workspace_id, person_id, channel, purpose) workspace_id, person_id, channel, purpose, granted, occurred_at, id
      FROM consent_rows_new
      ORDER BY workspace_id, person_id, channel, purpose, occurred_at DESC, id DESC
      ON CONFLICT (workspace_id, person_id, channel, purpose) DO UPDATE
        SET granted = excluded.granted, occurred_at = excluded.occurred_at, consent_id = excluded.consent_id
        WHERE (excluded.occurred_at, excluded.consent_id) > (s.occurred_at, s.consent_id);
      RETURN NULL;
    END $$`.execute(db);
  // Rows updated (a merge moves them to another person) or deleted may take a key's latest away:
  // the persons they belonged to, before and after, are read again from the log.
  await sql`
    CREATE FUNCTION kt_consent_state_reread(ws uuid[], persons uuid[]) RETURNS void LANGUAGE sql AS $$
      DELETE FROM crm_consent_state s USING unnest(ws, persons) AS k(workspace_id, person_id)
      WHERE s.workspace_id = k.workspace_id AND s.person_id = k.person_id;
      INSERT INTO crm_consent_state (workspace_id, person_id, channel, purpose, granted, occurred_at, consent_id)
      SELECT DISTINCT ON (c.workspace_id, c.person_id, c.channel, c.purpose) c.workspace_id, c.person_id, c.channel, c.purpose, c.granted, c.occurred_at, c.id
      FROM crm_consents c JOIN (SELECT DISTINCT * FROM unnest(ws, persons) AS u(workspace_id, person_id)) k
        ON c.workspace_id = k.workspace_id AND c.person_id = k.person_id
      ORDER BY c.workspace_id, c.person_id, c.channel, c.purpose, c.occurred_at DESC, c.id DESC;
    $$`.execute(db);
  await sql`
    CREATE FUNCTION kt_consent_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ws uuid[]; persons uuid[];
    BEGIN
      -- consent_rows_new exists for an UPDATE only; plpgsql plans a statement when it first runs.
      IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(workspace_id), array_agg(person_id) INTO ws, persons FROM (
          SELECT workspace_id, person_id FROM consent_rows_old UNION SELECT workspace_id, person_id FROM consent_rows_new) k;
      ELSE
        SELECT array_agg(workspace_id), array_agg(person_id) INTO ws, persons FROM (
          SELECT DISTINCT workspace_id, person_id FROM consent_rows_old) k;
      END IF;
      IF ws IS NOT NULL THEN PERFORM kt_consent_state_reread(ws, persons); END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A trigger with transition tables may have one event only.
  await sql`CREATE TRIGGER crm_consents_state_insert AFTER INSERT ON crm_consents REFERENCING NEW TABLE AS consent_rows_new FOR EACH STATEMENT EXECUTE FUNCTION kt_consent_state_insert()`.execute(
    db,
  );
  await sql`CREATE TRIGGER crm_consents_state_update AFTER UPDATE ON crm_consents REFERENCING OLD TABLE AS consent_rows_old NEW TABLE AS consent_rows_new FOR EACH STATEMENT EXECUTE FUNCTION kt_consent_state_changed()`.execute(
    db,
  );
  await sql`CREATE TRIGGER crm_consents_state_delete AFTER DELETE ON crm_consents REFERENCING OLD TABLE AS consent_rows_old FOR EACH STATEMENT EXECUTE FUNCTION kt_consent_state_changed()`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS crm_consents_state_insert ON crm_consents`.execute(db);
  await sql`DROP TRIGGER IF EXISTS crm_consents_state_update ON crm_consents`.execute(db);
  await sql`DROP TRIGGER IF EXISTS crm_consents_state_delete ON crm_consents`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kt_consent_state_insert()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kt_consent_state_changed()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kt_consent_state_reread(uuid[], uuid[])`.execute(db);
  await sql`DROP TABLE IF EXISTS crm_consent_state`.execute(db);
}
