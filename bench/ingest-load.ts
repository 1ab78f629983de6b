/**
 * The HTTP load of bench/ingest.ts and the CPU it counts: requests posted on keep-alive
 * connections, and the CPU seconds of a process, of every PostgreSQL process, or of one database's.
 */
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { backendCpuOf } from './support.ts';

export function post(
  agent: http.Agent,
  base: URL,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU seconds (user + system) a process has used. */
export function cpuSeconds(pid: number) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2)
    .split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** CPU seconds used by all PostgreSQL server processes on this machine (when it runs locally). */
export function postgresCpuSeconds() {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {}
  }
  return total;
}

/**
 * CPU seconds of the PostgreSQL processes that work for one database (its backends, autovacuum
 * workers included) and of the server's shared background processes (WAL writer, checkpointer,
 * background writer), sampled while `fn` runs: other work on the machine may use the same server
 * for its own databases, and postgresCpuSeconds counts that too. A process's CPU is counted from
 * the first sample that sees it; one that starts and ends between samples (100 ms) is missed.
 */
export async function ownPostgresCpu<T>(
  databaseUrl: string,
  fn: () => Promise<T>,
): Promise<{ result: T; seconds: number }> {
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const me = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async () => {
    const r = await c.query(
      `SELECT pid FROM pg_stat_activity WHERE pid <> $1 AND (datname = $2 OR backend_type IN ('walwriter', 'checkpointer', 'background writer'))`,
      [me, dbName],
    );
    for (const { pid } of r.rows) {
      const cpu = backendCpuOf(pid);
      if (cpu === null) continue;
      if (!first.has(pid)) first.set(pid, cpu);
      last.set(pid, cpu);
    }
  };
  await sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 100));
      await sample().catch(() => {});
    }
  })();
  try {
    const result = await fn();
    running = false;
    await loop;
    await sample();
    let seconds = 0;
    for (const [pid, c0] of first) seconds += (last.get(pid) ?? c0) - c0;
    return { result, seconds };
  } finally {
    running = false;
    await c.end();
  }
}

/**
 * Posts every body to `path`, `concurrency` at a time on keep-alive connections, each body once:
 * the latency of each request, and how many answered other than 2xx or failed.
 */
export async function drive(
  agent: http.Agent,
  base: URL,
  path: string,
  headers: Record<string, string>,
  bodies: Buffer[],
  concurrency: number,
): Promise<{ latencies: number[]; non2xx: number; errors: number }> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        try {
          const status = await post(agent, base, path, headers, body);
          if (status < 200 || status > 299) non2xx++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, non2xx, errors };
}
