import { sql, type Kysely } from 'kysely';

/**
 * An email template's own plain-text part (per version; locale variants keep theirs in `variants`):
 * null derives it from the HTML, which is what most templates want.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE engage_template_versions ADD COLUMN text text`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
