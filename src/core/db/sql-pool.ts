import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { keepExactTime } from './exact-time.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The smallest pool shape both Kysely's PostgresDialect and our own raw SQL need. The PostgreSQL
 * server uses node-postgres' Pool as it is; PGlite (one connection, in process) is wrapped so that a
 * "connection" is an exclusive hold on the single session — a transaction can't interleave with
 * another caller's statements.
 */
export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
  command?: string;
}
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
  release(): void;
}
export interface SqlPool {
  readonly kind: 'pglite' | 'postgres';
  connect(): Promise<SqlClient>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
  end(): Promise<void>;
}

// Same JS types from both drivers: int8 and numeric as numbers (ids are UUIDs; counts and money fit).
const INT8 = 20;
const NUMERIC = 1700;
// `date` stays the 'YYYY-MM-DD' string: a JS Date would shift it by the process's time zone.
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const pgTimestamptz = keepExactTime(pg.types.getTypeParser(TIMESTAMPTZ, 'text'));
const toNumber = (v: string | null) => (v === null ? null : Number(v));

export function createPgPool(url: string, max: number): SqlPool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // No JIT: our statements are short OLTP ones whose estimated cost (jsonb_to_recordset over a
    // batch) crosses jit_above_cost, and compiling took longer than running — ingest fell 6× on a
    // server with LLVM JIT enabled.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC
          ? toNumber
          : oid === DATE
            ? (v: string) => v
            : oid === TIMESTAMPTZ && format !== 'binary'
              ? pgTimestamptz
              : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {
    /* an idle client died (server restart): the pool replaces it */
  });
  return {
    kind: 'postgres',
    connect: () => pool.connect() as unknown as Promise<SqlClient>,
    query: <R>(text: string, params?: unknown[]) =>
      pool.query(text, params) as Promise<pg.QueryResult> as Promise<QueryResult<R>>,
    end: () => pool.end(),
  };
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }
}

export interface PgliteOptions {
  /** PostgreSQL shared_buffers inside the WASM heap; the OS page cache holds the rest. */
  sharedBuffers?: string;
  /** A tarball from `dumpDataDir()` to start an in-memory database from (tests load one migrated copy instead of migrating each time). */
  loadDataDir?: Blob;
}

/**
 * initdb inside WASM leaves ~600 MB of heap behind in the process that ran it, so a new data
 * directory is initialised by a short-lived child process and the server opens the result.
 */
function initialiseDataDir(dataDir: string) {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  mkdirSync(dataDir, { recursive: true });
  const script = `import { PGlite } from '@electric-sql/pglite'; const db = await PGlite.create(process.argv[1]); await db.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    cwd: import.meta.dirname,
  });
  if (r.status !== 0) throw new Error(`could not initialise the database in ${dataDir}: ${r.stderr}`);
}

export async function createPglitePool(
  dataDir: string | 'memory',
  opts: PgliteOptions = {},
): Promise<SqlPool & { pglite: PGlite }> {
  if (dataDir !== 'memory') initialiseDataDir(dataDir);
  // Loaded here, not at the top: importing PGlite costs a process about 50 MB, which a server on
  // PostgreSQL never needs (its idle budget is 200 MB).
  const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const db = await PGlite.create(dataDir === 'memory' ? 'memory://' : dataDir, {
    extensions: { pg_trgm },
    parsers: {
      [INT8]: (v: string) => Number(v),
      [NUMERIC]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [TIMESTAMPTZ]: keepExactTime(pgliteTypes.parsers[TIMESTAMPTZ]),
    },
    postgresqlconf: [`shared_buffers=${opts.sharedBuffers ?? '32MB'}`],
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const mutex = new Mutex();
  let ended = false;

  const run = async <R>(text: string, params?: unknown[]): Promise<QueryResult<R>> => {
    if (params && params.length > 0) {
      const r = await db.query<R>(text, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: commandOf(text) };
    }
    // No parameters: the simple protocol, which also runs multi-statement scripts (migrations, pg-boss).
    const results = await db.exec(text);
    const last = results[results.length - 1];
    return {
      rows: (last?.rows as R[] | undefined) ?? [],
      rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
      command: commandOf(text),
    };
  };

  const connect = async (): Promise<SqlClient> => {
    if (ended) throw new Error('database is closed');
    const release = await mutex.lock();
    let released = false;
    return {
      query: <R>(text: string, params?: unknown[]) => run<R>(text, params),
      release: () => {
        if (!released) {
          released = true;
          release();
        }
      },
    };
  };

  return {
    kind: 'pglite',
    pglite: db,
    connect,
    async query(text, params) {
      const c = await connect();
      try {
        return await c.query(text, params);
      } finally {
        c.release();
      }
    },
    async end() {
      if (ended) return;
      const release = await mutex.lock();
      ended = true;
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

function commandOf(text: string): string {
  const m = /^\s*(?:--[^\n]*\n\s*)*([a-zA-Z]+)/.exec(text);
  return m ? m[1].toUpperCase() : '';
}
