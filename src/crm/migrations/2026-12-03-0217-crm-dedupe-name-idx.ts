import { sql, type Kysely } from 'kysely';

/**
 * The blocking order of duplicate suggestions (dedupe.ts): people of a company in normalised-name
 * order, so that a page walks a bounded slice of it (keyset) instead of comparing every pair of a
 * company. Partial: only live people with a company take part, and pay for the index on insert.
 * The expression is dedupe.ts's DEDUPE_NAME, character for character (the planner matches it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX crm_people_dedupe_name_idx ON crm_people
      (workspace_id, company_id, (translate(lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), 'ё', 'е')), person_id)
      WHERE deleted_at IS NULL AND company_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS crm_people_dedupe_name_idx`.execute(db);
}
