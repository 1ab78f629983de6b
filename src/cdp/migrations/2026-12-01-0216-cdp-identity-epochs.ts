import { sql, type Kysely } from 'kysely';

/**
 * identity_epochs: per workspace, how many statements have changed or removed identities (merge,
 * undo, erase). Ingest processes keep identifiers they have read in memory (identity.ts
 * IdentityCache) and read the epoch with every group: a moved epoch drops the cache. Counted by
 * statement-level triggers in the changing transaction itself, so no code path can forget it.
 * INSERTs are not counted: a new identifier never changes an answer the cache holds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE identity_epochs (
      -- No foreign key: the trigger also runs while a workspace's rows are deleted with it.
      workspace_id uuid PRIMARY KEY,
      epoch bigint NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`
    CREATE FUNCTION kt_identity_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO identity_epochs (workspace_id, epoch)
      SELECT DISTINCT workspace_id, 1 FROM changed_identities
      ON CONFLICT (workspace_id) DO UPDATE SET epoch = identity_epochs.epoch + 1;
      RETURN NULL;
    END $$`.execute(db);
  // A trigger with transition tables may have one event only: one for UPDATE, one for DELETE.
  await sql`CREATE TRIGGER identities_epoch_update AFTER UPDATE ON identities REFERENCING OLD TABLE AS changed_identities FOR EACH STATEMENT EXECUTE FUNCTION kt_identity_epoch_bump()`.execute(
    db,
  );
  await sql`CREATE TRIGGER identities_epoch_delete AFTER DELETE ON identities REFERENCING OLD TABLE AS changed_identities FOR EACH STATEMENT EXECUTE FUNCTION kt_identity_epoch_bump()`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS identities_epoch_update ON identities`.execute(db);
  await sql`DROP TRIGGER IF EXISTS identities_epoch_delete ON identities`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kt_identity_epoch_bump()`.execute(db);
  await sql`DROP TABLE IF EXISTS identity_epochs`.execute(db);
}
