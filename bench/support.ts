import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin/kartoteka.js');
export const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** A real server process on a throwaway database (PGlite dir or a new PostgreSQL database). */
export async function startServer(
  db: 'pglite' | 'postgres',
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kt-bench-'));
  const dbEnv: Record<string, string> = {};
  let dbName: string | null = null;
  if (db === 'postgres') {
    dbName = `kt_bench_${Date.now()}`;
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    dbEnv.DATABASE_URL = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  }
  const childEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    KARTOTEKA_RATE_LIMIT_PER_MINUTE: '100000000',
    ...dbEnv,
    ...env,
  };
  const serve = () =>
    spawn('node', [...nodeArgs, BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env: childEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  let child: ChildProcess = serve();
  const base = `http://127.0.0.1:${port}`;
  const ready = async () => {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await ready();
  const made = spawnSync('node', [BIN, 'apikey', 'create', '--role', 'admin', '--data', dir], {
    env: childEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const key = (made.stdout ?? '').trim();
  if (!key.startsWith('kt_')) {
    child.kill('SIGTERM');
    throw new Error(
      `could not create an API key${made.error ? ` (${made.error.message})` : ''}: ${(made.stderr ?? '').slice(-2000)}`,
    );
  }
  let exited = child.exitCode !== null;
  let exit = new Promise((r) => child.once('exit', () => ((exited = true), r(null))));
  return {
    base,
    key,
    get pid() {
      return child.pid!;
    },
    /** kill -9 (a crash: no shutdown hook runs). */
    async kill9() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    /** Starts the server again on the same data directory or database, after halt() or kill9(). */
    async restart() {
      if (!exited) throw new Error('the server is still running');
      child = serve();
      exited = false;
      exit = new Promise((r) => child.once('exit', () => ((exited = true), r(null))));
      await ready();
    },
    /** The PGlite data dir (unused on PostgreSQL) and the PostgreSQL URL (undefined on PGlite). */
    dir,
    databaseUrl: dbEnv.DATABASE_URL as string | undefined,
    /** Stops the server process but keeps its data (for counting afterwards); stop() still cleans up. */
    async halt() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
      if (dbName && process.env.KT_BENCH_KEEP_DB) console.log(`kept database ${dbName}`);
      else if (dbName) {
        const c = new pg.Client({ connectionString: PG_ADMIN });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await c.end();
      }
    },
  };
}

export function parseArgs(argv = process.argv.slice(2)): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) out[m[1]] = m[2] ?? 'true';
  }
  return out;
}

/**
 * CPU seconds spent while `fn` ran: by this process, and by everything else on the machine (for a
 * bench against the local PostgreSQL server, mostly the server), from /proc/stat. Shows whether a
 * run was bound by CPU (both cores busy) or waited on something else.
 */
export async function cpuAccount<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; self: number; others: number; wall: number; cores: number }> {
  const ticks = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return f[0] + f[1] + f[2] + f[5] + f[6] + f[7]; // user nice system irq softirq steal (not idle, iowait)
  };
  const hz = 100; // USER_HZ on Linux
  const cores = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d+ /.test(l)).length;
  const c0 = process.cpuUsage();
  const t0 = ticks();
  const w0 = performance.now();
  const result = await fn();
  const wall = (performance.now() - w0) / 1000;
  const total = (ticks() - t0) / hz;
  const u = process.cpuUsage(c0);
  const self = (u.user + u.system) / 1e6;
  return { result, self, others: Math.max(0, total - self), wall, cores };
}

export const cpuLine = (c: { self: number; others: number; wall: number; cores: number }) =>
  `CPU ${c.self.toFixed(1)} s this process + ${c.others.toFixed(1)} s the rest of the machine over ${c.wall.toFixed(1)} s = ${Math.round(((c.self + c.others) / (c.wall * c.cores)) * 100)} % of ${c.cores} cores`;

/** CPU seconds a local PostgreSQL backend has used (pg_backend_pid()), or null when the server runs elsewhere. */
export function backendCpuOf(pid: number): number | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (!s.includes('(postgres)')) return null;
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

export interface FloorTable {
  table: string;
  /** Which rows of `table` to copy (default: all). */
  where?: string;
}
export interface FloorResult {
  table: string;
  rows: number;
  /** Wall seconds of the COPY FROM. */
  seconds: number;
  /** CPU seconds the database spent on it: the PostgreSQL backend (when it runs on this machine) or this process (PGlite). */
  cpu: number | null;
}

/**
 * The write floor: rows already stored are copied out, then loaded again with COPY — the fastest
 * way rows get into PostgreSQL from outside (no JSON, no statements, no checks) — into empty
 * copies of their tables with all their indexes (`LIKE … INCLUDING ALL`). Whatever the product
 * does, writing those rows costs at least this much of the database's CPU on this machine.
 * PostgreSQL: server-side files (needs a local server and a superuser, as the benchmarks use);
 * PGlite: in process, through `/dev/blob`.
 */
export async function copyFloor(
  target: { databaseUrl: string } | { pgliteDir: string },
  tables: FloorTable[],
): Promise<FloorResult[]> {
  const out: FloorResult[] = [];
  if ('databaseUrl' in target) {
    const c = new pg.Client({ connectionString: target.databaseUrl });
    await c.connect();
    try {
      const pid = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
      const backendCpu = () => backendCpuOf(pid);
      for (const { table, where } of tables) {
        const file = join(tmpdir(), `kt-floor-${process.pid}-${table}.copy`);
        try {
          await c.query(`COPY (SELECT * FROM ${table} ${where ? `WHERE ${where}` : ''}) TO '${file}'`);
          await c.query(
            `DROP TABLE IF EXISTS floor_${table}; CREATE TABLE floor_${table} (LIKE ${table} INCLUDING ALL)`,
          );
          await c.query('CHECKPOINT');
          const c0 = backendCpu();
          const t0 = performance.now();
          const r = await c.query(`COPY floor_${table} FROM '${file}'`);
          const seconds = (performance.now() - t0) / 1000;
          const c1 = backendCpu();
          out.push({ table, rows: r.rowCount ?? 0, seconds, cpu: c0 !== null && c1 !== null ? c1 - c0 : null });
        } finally {
          await c.query(`DROP TABLE IF EXISTS floor_${table}`).catch(() => {});
          try {
            rmSync(file, { force: true });
          } catch {
            /* written by the server's user: left to the temp cleaner */
          }
        }
      }
    } finally {
      await c.end();
    }
    return out;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const lite = await PGlite.create(target.pgliteDir, { extensions: { pg_trgm } });
  try {
    for (const { table, where } of tables) {
      const dump = await lite.query(`COPY (SELECT * FROM ${table} ${where ? `WHERE ${where}` : ''}) TO '/dev/blob'`);
      await lite.exec(
        `DROP TABLE IF EXISTS floor_${table}; CREATE TABLE floor_${table} (LIKE ${table} INCLUDING ALL); CHECKPOINT`,
      );
      const u0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await lite.query(`COPY floor_${table} FROM '/dev/blob'`, [], { blob: dump.blob });
      const seconds = (performance.now() - t0) / 1000;
      const u = process.cpuUsage(u0);
      out.push({ table, rows: r.affectedRows ?? 0, seconds, cpu: (u.user + u.system) / 1e6 });
      await lite.exec(`DROP TABLE floor_${table}`);
    }
  } finally {
    await lite.close();
  }
  return out;
}

/** One line per table and a total, for a bench's report. */
export function floorLines(
  prefix: string,
  floor: FloorResult[],
): { lines: string[]; cpu: number | null; rows: number; seconds: number } {
  const lines = floor.map(
    (f) =>
      `${prefix} floor   ${f.table}: ${f.rows.toLocaleString('en')} rows by COPY into an empty copy with its indexes in ${f.seconds.toFixed(1)} s = ${Math.round(f.rows / f.seconds).toLocaleString('en')} rows/s${f.cpu !== null ? `, ${f.cpu.toFixed(1)} CPU-s of the database` : ''}`,
  );
  const cpu = floor.every((f) => f.cpu !== null) ? floor.reduce((a, f) => a + (f.cpu ?? 0), 0) : null;
  return { lines, cpu, rows: floor.reduce((a, f) => a + f.rows, 0), seconds: floor.reduce((a, f) => a + f.seconds, 0) };
}
