import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { DB } from './schema.ts';
import { createPgPool, createPglitePool, type SqlClient, type SqlPool } from './sql-pool.ts';
import { migrate } from './migrations.ts';

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  pool: SqlPool;
  /**
   * The statement timeout of interactive queries (those run inside `interactiveQueries`, i.e. for
   * an HTTP request), in ms; 0: none. Only a PostgreSQL server enforces it — see `interactiveQueries`.
   */
  statementTimeoutMs: number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite in `dataDir` ('memory' for a throwaway one). */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  migrate?: boolean;
  /** The migrations folders of core and every module (the composition root passes them); required unless `migrate: false`. */
  migrations?: readonly URL[];
  pgliteSharedBuffers?: string;
  /** PGlite only: start from this `dumpDataDir()` tarball (see PgliteOptions.loadDataDir). */
  pgliteLoadDataDir?: Blob;
  /** See Database.statementTimeoutMs (the kernel sets it from KARTOTEKA_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
}

/**
 * Which kind of work the current async context does: 'interactive' (an HTTP request: its queries
 * are cancelled past the statement timeout) or 'background' (jobs, periodic tasks, migrations,
 * CLI: never cancelled). Outside both — code that never said — counts as background.
 */
const workKind = new AsyncLocalStorage<'interactive' | 'background'>();

/**
 * Runs `fn` (and everything it starts) as interactive work: on a PostgreSQL server each statement
 * it runs is cancelled after `statementTimeoutMs` (SQLSTATE 57014, answered as 503 QUERY_TIMEOUT).
 * The HTTP app wraps every request handler in it.
 *
 * How: one pool, and each connection's session `statement_timeout` follows the work it is checked
 * out for — set when a connection is handed to work of the other kind (a `SET` round trip only on
 * a switch, none on the common path) and never inside a transaction (checkout is before BEGIN).
 * Chosen over two pools (an API pool with `-c statement_timeout` and a job pool) because that
 * would double the connections a process may hold or split a small pool in two, and over
 * `SET LOCAL` per request transaction because most request reads run outside a transaction.
 *
 * PGlite: PostgreSQL's statement timeout rides on a SIGALRM timer, and PGlite (single-threaded
 * WASM in this process's thread) has neither signals nor a second thread to deliver one — measured:
 * with `statement_timeout = 200ms`, `pg_sleep(1.5)` returns after 1.5 s and a 7.7 s count(*) runs
 * to the end. There the defence is that no request runs an unbounded statement: keyset-paged
 * chunks, bounded candidate sets, and a `setImmediate` yield between chunks (dedupe.ts, exports.ts).
 */
export function interactiveQueries<T>(fn: () => T): T {
  return workKind.run('interactive', fn);
}

/** Runs `fn` as background work (jobs): never bound by the statement timeout, even when a request started it. */
export function backgroundQueries<T>(fn: () => T): T {
  return workKind.run('background', fn);
}

/** Is the current async context interactive (an HTTP request)? */
export function isInteractive(): boolean {
  return workKind.getStore() === 'interactive';
}

/** Lets the event loop run (timers, sockets, /healthz) between chunks of long work on PGlite. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const SESSION_TIMEOUT = Symbol('kartoteka.statementTimeout');

/** The server pool with per-checkout statement timeouts (see interactiveQueries). */
function withStatementTimeouts(pool: SqlPool, timeoutOf: () => number): SqlPool {
  const connect = async (): Promise<SqlClient> => {
    const want = isInteractive() ? timeoutOf() : 0;
    const client = (await pool.connect()) as SqlClient & { [SESSION_TIMEOUT]?: number };
    if (client[SESSION_TIMEOUT] !== want) {
      try {
        await client.query(`SET statement_timeout = ${Math.max(0, Math.floor(want))}`);
      } catch (e) {
        (client.release as (err?: unknown) => void)(e); // a broken connection is discarded, not reused
        throw e;
      }
      client[SESSION_TIMEOUT] = want;
    }
    return client;
  };
  return {
    kind: pool.kind,
    connect,
    async query(text, params) {
      const c = await connect();
      try {
        return await c.query(text, params);
      } finally {
        c.release();
      }
    },
    end: () => pool.end(),
  };
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let database: Database;
  const raw = opts.databaseUrl
    ? createPgPool(opts.databaseUrl, opts.poolSize ?? 10)
    : await createPglitePool(opts.dataDir, {
        sharedBuffers: opts.pgliteSharedBuffers,
        loadDataDir: opts.pgliteLoadDataDir,
      });
  const pool = raw.kind === 'postgres' ? withStatementTimeouts(raw, () => database.statementTimeoutMs) : raw;
  // SqlPool is the part of PostgresPool that Kysely uses (no cursors: we never stream).
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
  let closed = false;
  database = {
    kind: pool.kind,
    db,
    pool,
    statementTimeoutMs: opts.statementTimeoutMs ?? 0,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
  if (opts.migrate !== false) {
    try {
      if (!opts.migrations)
        throw new Error('openDatabase: pass the migrations folders of every module (src/app builds the list)');
      await backgroundQueries(() => migrate(db, opts.migrations));
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}
