import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { createPgPool, createPglitePool, type SqlPool } from './sql-pool.ts';
import { migrate } from './migrations.ts';

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  pool: SqlPool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite in `dataDir` ('memory' for a throwaway one). */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  migrate?: boolean;
  pgliteSharedBuffers?: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const pool = opts.databaseUrl ? createPgPool(opts.databaseUrl, opts.poolSize ?? 10) : await createPglitePool(opts.dataDir, { sharedBuffers: opts.pgliteSharedBuffers });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as any }) });
  let closed = false;
  const database: Database = {
    kind: pool.kind,
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}
