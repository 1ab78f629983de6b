import { sql, type Kysely } from 'kysely';

/**
 * Trait sources: `persons.trait_meta` holds, per trait key, where its current value came from:
 * `{key: {sourceId, kind, origin, at}}` (kind = the source kind, used by the workspace's
 * `traitPrecedence` setting; at = when the value was received). Written in the same statement as
 * the traits. Values stored before this column existed have no entry (they yield to any source).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE persons ADD COLUMN trait_meta jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
