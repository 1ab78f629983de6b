import { sql, type Kysely } from 'kysely';

/**
 * Restore of deleted CRM records.
 * - The "Recently deleted" lists page newest deletion first: a partial index per table on
 *   (workspace_id, deleted_at DESC, id DESC), only over deleted rows (the live lists never read it).
 * - Deleting a company unlinks its people (company_id cleared); `unlinked_company_id` remembers the
 *   company each one was unlinked from, so that restoring the company links them back. A person
 *   linked to another company since (or whose company was changed by hand) is left as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX crm_people_deleted_idx ON crm_people (workspace_id, deleted_at DESC, person_id DESC) WHERE deleted_at IS NOT NULL;
    CREATE INDEX crm_companies_deleted_idx ON crm_companies (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
    CREATE INDEX crm_deals_deleted_idx ON crm_deals (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
    ALTER TABLE crm_people ADD COLUMN unlinked_company_id uuid;
    CREATE INDEX crm_people_unlinked_company_idx ON crm_people (workspace_id, unlinked_company_id) WHERE unlinked_company_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS crm_people_unlinked_company_idx;
    ALTER TABLE crm_people DROP COLUMN IF EXISTS unlinked_company_id;
    DROP INDEX IF EXISTS crm_deals_deleted_idx;
    DROP INDEX IF EXISTS crm_companies_deleted_idx;
    DROP INDEX IF EXISTS crm_people_deleted_idx;
  `.execute(db);
}
