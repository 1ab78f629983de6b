import { sql, type Kysely } from 'kysely';

/**
 * Bounces (DSN) and complaints (ARF) arriving at the built-in SMTP receiver name only the original
 * Message-ID, not the workspace: this index finds the ledger row by its provider id alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX engage_messages_provider_id_idx ON engage_messages (provider_id) WHERE provider_id IS NOT NULL`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
