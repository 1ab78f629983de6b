import { sql, type Kysely } from 'kysely';

/**
 * `engage_broadcasts.enumerated_at`: when the broadcast's job finished turning the segment's
 * members into ledger rows. Until then a resumed or restarted job pages through the members again
 * (the ledger's unique key makes that create nothing twice); after it the audience is frozen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE engage_broadcasts ADD COLUMN enumerated_at timestamptz`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
