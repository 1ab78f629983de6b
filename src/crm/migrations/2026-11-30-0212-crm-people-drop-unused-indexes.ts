import { sql, type Kysely } from 'kysely';

/**
 * Three crm_people indexes no query uses any more, each paid for on every insert (a third of a
 * big import's index work): phone and email search go through the identity graph's key, duplicate
 * detection joins the unnested arrays, and the name sort pages on the coalesced sort index of 0211.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS crm_people_phones_idx;
    DROP INDEX IF EXISTS crm_people_emails_idx;
    DROP INDEX IF EXISTS crm_people_name_idx;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX crm_people_phones_idx ON crm_people USING gin (phones);
    CREATE INDEX crm_people_emails_idx ON crm_people USING gin (emails);
    CREATE INDEX crm_people_name_idx ON crm_people (workspace_id, lower(last_name), lower(first_name), person_id);
  `.execute(db);
}
