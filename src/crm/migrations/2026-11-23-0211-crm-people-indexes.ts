import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the people and companies lists at a million rows: one per sort key (the exact
 * expression the list orders and pages by, partial on live rows, so keyset pages are index range
 * scans), and GIN indexes for the tag and custom field filters (`tags @> …`, `custom_fields @> …`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX crm_people_updated_sort_idx ON crm_people (workspace_id, updated_at, person_id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_people_last_sort_idx ON crm_people (workspace_id, (coalesce(lower(last_name), '')), person_id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_people_first_sort_idx ON crm_people (workspace_id, (coalesce(lower(first_name), '')), person_id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_people_city_sort_idx ON crm_people (workspace_id, (coalesce(lower(city), '')), person_id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_people_stage_sort_idx ON crm_people (workspace_id, lifecycle_stage, person_id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_people_tags_idx ON crm_people USING gin (tags);
    CREATE INDEX crm_people_cf_idx ON crm_people USING gin (custom_fields jsonb_path_ops);
    CREATE INDEX crm_companies_created_sort_idx ON crm_companies (workspace_id, created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_companies_updated_sort_idx ON crm_companies (workspace_id, updated_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX crm_companies_cf_idx ON crm_companies USING gin (custom_fields jsonb_path_ops);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
