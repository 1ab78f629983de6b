import { sql, type Kysely } from 'kysely';

/**
 * A webhook attempt keeps its status code, timing and error, never what the receiver answered:
 * the stored body (up to 2,000 characters) let a URL pointed at an internal service read that
 * service's answer back through the delivery log (issue 11, SSRF). The column and the bodies
 * already kept go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE webhook_attempts DROP COLUMN IF EXISTS response_body`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
