/**
 * HTTP baseline: requests/s for GET /healthz (no database) and for an authenticated API read
 * (GET /api/v1/users: key lookup + one query), on PGlite and on PostgreSQL, from a client in
 * another process. Later benchmarks state their figures as a ratio to these.
 *
 *   npm run bench -- http-baseline [--db=pglite|postgres|both] [--seconds=10] [--connections=32]
 */
import autocannon from 'autocannon';
import { parseArgs, postgresAvailable, rssMb, startServer } from './support.ts';

const args = parseArgs();
const seconds = Number(args.seconds ?? 10);
const connections = Number(args.connections ?? 32);
const dbs =
  (args.db ?? 'both') === 'both' ? (['pglite', 'postgres'] as const) : ([args.db] as ('pglite' | 'postgres')[]);

async function load(url: string, headers: Record<string, string> = {}) {
  // A short warm-up so JIT and connection pools are settled before measuring.
  await autocannon({ url, headers, connections, duration: 2 });
  const r = await autocannon({ url, headers, connections, duration: seconds });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const rows: string[] = [];
for (const db of dbs) {
  if (db === 'postgres' && !(await postgresAvailable())) {
    console.log('postgres: server not reachable, skipped');
    continue;
  }
  const s = await startServer(db);
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const idle = rssMb(s.pid);
    const health = await load(`${s.base}/healthz`);
    const read = await load(`${s.base}/api/v1/users`, { authorization: `Bearer ${s.key}` });
    const after = rssMb(s.pid);
    rows.push(
      `${db.padEnd(9)} healthz ${String(health.rps).padStart(7)} req/s (p50 ${health.p50} ms, p99 ${health.p99} ms, non-2xx ${health.non2xx})`,
    );
    rows.push(
      `${db.padEnd(9)} api-read ${String(read.rps).padStart(6)} req/s (p50 ${read.p50} ms, p99 ${read.p99} ms, non-2xx ${read.non2xx}) = ${(read.rps / health.rps).toFixed(2)}× healthz`,
    );
    rows.push(`${db.padEnd(9)} server RSS idle ${idle} MB, after load ${after} MB`);
  } finally {
    await s.stop();
  }
}
console.log(
  `\nhttp-baseline (${connections} connections, ${seconds} s each, client in a separate process, 2-core machine)`,
);
for (const r of rows) console.log(r);
