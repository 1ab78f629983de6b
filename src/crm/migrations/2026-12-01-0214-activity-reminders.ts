import type { Kysely } from 'kysely';

/** Placeholder registered ahead of the work that fills it (keeps the shared migration list stable). */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
