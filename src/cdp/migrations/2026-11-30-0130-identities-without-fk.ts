import { sql, type Kysely } from 'kysely';

/**
 * identities → persons loses its foreign key, like `events` never had one: the check ran a lookup
 * per inserted identity, a third of the cost of writing identities, paid on every import row and
 * every new visitor. Identities are only ever written by the directory and the identity resolver,
 * after (and in the same transaction as) the person they point to, under the workspace's identity
 * lock; persons are never deleted except by the GDPR erase, which deletes their identities first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE identities DROP CONSTRAINT IF EXISTS identities_workspace_id_person_id_fkey`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE identities ADD FOREIGN KEY (workspace_id, person_id) REFERENCES persons(workspace_id, id) ON DELETE CASCADE`.execute(
    db,
  );
}
