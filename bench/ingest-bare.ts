/**
 * The bare ingest floor of bench/ingest.ts: the same request bodies, the same connections, driven
 * against ingest-bare-server.ts (HTTP, JSON.parse and one COPY per request, nothing else) in its
 * own process, on the same database. What it reaches is the most any HTTP batch ingest reaches on
 * this machine with these requests; the product's figure is printed as a ratio to it, and the
 * work-floor bound (which counts no HTTP and no server process) is checked against it.
 */
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import pg from 'pg';
import { cpuSeconds, drive, ownPostgresCpu } from './ingest-load.ts';
import { freePort, ROOT } from './support.ts';

export interface BareResult {
  eps: number;
  seconds: number;
  p99: number;
  failed: number;
  stored: number;
  /** CPU seconds during the load: the bare server's process, and PostgreSQL's for this database (null on PGlite). */
  serverCpu: number;
  pgCpu: number | null;
}

export async function bareRun(
  target: { databaseUrl: string; pool: number } | { pgliteDir: string },
  warm: Buffer[],
  bodies: Buffer[],
  events: number,
  concurrency: number,
): Promise<BareResult> {
  const port = await freePort();
  const dbArgs =
    'databaseUrl' in target
      ? [`--database-url=${target.databaseUrl}`, `--pool=${target.pool}`]
      : [`--pglite=${target.pgliteDir}`];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/ingest-bare-server.ts'), `--port=${port}`, ...dbArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bare ingest server exited (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (l) => l === 'ready' && resolve());
    });
    const base = new URL(`http://127.0.0.1:${port}`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const headers = { 'content-type': 'application/json' };
    // The product's warm-up requests (JIT, connections), not timed; their rows are counted apart below.
    await drive(agent, base, '/', headers, warm, concurrency);
    const cpu0 = cpuSeconds(child.pid!);
    const t0 = performance.now();
    const load = () => drive(agent, base, '/', headers, bodies, concurrency);
    let pgCpu: number | null = null;
    let driven: Awaited<ReturnType<typeof drive>>;
    if ('databaseUrl' in target) {
      const r = await ownPostgresCpu(target.databaseUrl, load);
      driven = r.result;
      pgCpu = r.seconds;
    } else driven = await load();
    const seconds = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(child.pid!) - cpu0;
    agent.destroy();
    const warmEvents = warm.reduce(
      (a, b) => a + (JSON.parse(b.toString('utf8')) as { batch: unknown[] }).batch.length,
      0,
    );
    let stored: number;
    if ('databaseUrl' in target) {
      const c = new pg.Client({ connectionString: target.databaseUrl });
      await c.connect();
      stored = Number((await c.query('SELECT count(*) FROM bare_events')).rows[0].count) - warmEvents;
      await c.query('DROP TABLE bare_events');
      await c.end();
    } else {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const { PGlite } = await import('@electric-sql/pglite');
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
      const lite = await PGlite.create(target.pgliteDir, { extensions: { pg_trgm } });
      stored = (await lite.query<{ n: number }>('SELECT count(*)::int AS n FROM bare_events')).rows[0].n - warmEvents;
      await lite.exec('DROP TABLE bare_events');
      await lite.close();
    }
    const latencies = driven.latencies.sort((a, b) => a - b);
    return {
      eps: events / seconds,
      seconds,
      p99: latencies[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))],
      failed: driven.non2xx + driven.errors,
      stored,
      serverCpu,
      pgCpu,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}
