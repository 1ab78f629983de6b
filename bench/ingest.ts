/**
 * Event ingest: sustained events/s for POST /v1/batch (100 Segment messages per request) from a
 * load generator in this process against a real `kartoteka serve` process, on PGlite and on
 * PostgreSQL. In the same run the same rows are bulk-inserted directly (multi-row INSERTs of
 * 100-row chunks into a scratch table shaped like `events`, same concurrency on PostgreSQL, one
 * session in process on PGlite); the API figure is printed as a ratio to that. Last, the write
 * floor: the stored events loaded again by COPY into an empty copy of `events` (support.ts
 * copyFloor), the most the database itself takes in on this machine, whatever the product does;
 * and the work floor (workFloor): what the database spends per event on the acknowledged path
 * besides storing it (queueing it for the computed traits follower, reading its identifiers) with
 * the product's statements, and the bound floor + work leaves; beside it the figure from before
 * computed traits left that path (folding each event into person_stats in the ingest statement),
 * the follower's cost per event off the path, and (PostgreSQL) how long the follower took to catch
 * up after the load.
 *
 * What the bound leaves out, printed beside it (never instead of it): the CPU each party actually
 * spent per event during the load (the server process; PostgreSQL's processes for this database
 * only, since other work on the machine may use the same server for its own databases and "all
 * PostgreSQL processes" counts those too; the load generator in this process), and a second bound
 * on the cores the load generator leaves: it shares the 2 cores with the server, so the first bound
 * (both cores for the work floor) overstates what the server could reach by the generator's share.
 * On PostgreSQL also the WAL written per event during the load and the checkpoints meanwhile
 * (after a checkpoint, the first change to each page logs the whole page, and the events' random-
 * keyed indexes touch a new page with almost every row), against the COPY floor's WAL per row.
 *
 * Last, the bare floor (ingest-bare.ts): the same requests on the same connections against a server
 * that only parses each one and COPYs its events (ingest-bare-server.ts), in its own process on the
 * same database. The bounds above count no HTTP and no server process; the bare server's rate is
 * what HTTP batch ingest of these requests reaches here with nothing else to do, so a share of a
 * bound above it cannot be reached by any ingest on this machine.
 *
 *   npm run bench -- ingest [--db=pglite|postgres|both] [--events=N] [--concurrency=16] [--batch=100]
 *                           [--new-visitors=0.02] [--pool=N (KARTOTEKA_DB_POOL_SIZE)] [--cpu-prof=DIR]
 *
 * Default events: 200,000 on PostgreSQL, 100,000 on PGlite. Request bodies are built before the
 * clock starts, so the generator's own JSON work does not count against the server.
 */
import http from 'node:http';
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
} from 'kysely';
import { backendCpuOf, copyFloor, floorLines, parseArgs, postgresAvailable, rssMb, startServer } from './support.ts';
import { cpuSeconds, drive, ownPostgresCpu, post, postgresCpuSeconds } from './ingest-load.ts';
import { bareRun } from './ingest-bare.ts';
import { sql } from 'kysely';
import { statsCte } from '../src/cdp/computed-traits.ts';
import { foldStatement, queueCte } from '../src/cdp/fold-queue.ts';
import { knownSql } from '../src/cdp/identity.ts';

const args = parseArgs();
const dbs =
  (args.db ?? 'both') === 'both' ? (['pglite', 'postgres'] as const) : ([args.db] as ('pglite' | 'postgres')[]);
const concurrency = Number(args.concurrency ?? 16);
const perBatch = Number(args.batch ?? 100);
/** Share of messages from first-time visitors (each needs a new person and identity). */
const newShare = Number(args['new-visitors'] ?? 0.02);
const serverEnv: Record<string, string> = {
  ...(args.pool ? { KARTOTEKA_DB_POOL_SIZE: args.pool } : {}),
};
// --cpu-prof=DIR: a V8 CPU profile of the server process (written when it stops).
const serverNodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [];

// ------------------------------------------------------------------ realistic messages

const USERS = 5_000;
const VISITORS = 20_000;
const PRODUCTS = [
  'Tea kettle',
  'Oolong 100 g',
  'Sencha 50 g',
  'Gaiwan',
  'Cup set',
  'Matcha whisk',
  'Puerh cake',
  'Gift card',
];
const PAGES = ['Home', 'Catalogue', 'Product', 'Cart', 'Checkout', 'Blog', 'Delivery', 'Contacts'];
let seq = 0;
const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(a: readonly T[]) => a[rnd(a.length)];

function context(anonymousId: string) {
  return {
    library: { name: 'analytics-node', version: '3.1.0' },
    ip: `10.${rnd(256)}.${rnd(256)}.${rnd(256)}`,
    locale: 'ru-RU',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    page: { path: '/catalogue', referrer: 'https://yandex.ru/', url: 'https://shop.example/catalogue' },
    campaign: seq % 7 === 0 ? { source: 'newsletter', medium: 'email', name: 'autumn' } : undefined,
    anonymousIdHint: anonymousId.slice(0, 8),
  };
}

/** One message: 70 % from known users (userId + their device's anonymousId), the rest anonymous visitors, 2 % (--new-visitors) first-time ones. */
function message(): Record<string, unknown> {
  seq++;
  const r = Math.random();
  let ids: { userId?: string; anonymousId: string };
  if (r < 0.7) {
    const u = rnd(USERS);
    ids = { userId: `user-${u}`, anonymousId: `anon-u${u}` };
  } else if (r < 1 - newShare) ids = { anonymousId: `anon-v${rnd(VISITORS)}` };
  else ids = { anonymousId: `anon-new-${randomUUID()}` };
  const base = {
    messageId: `bench-${randomUUID()}`,
    timestamp: new Date(Date.now() - rnd(60_000)).toISOString(),
    context: context(ids.anonymousId),
    ...ids,
  };
  const k = Math.random();
  if (k < 0.1 && ids.userId)
    return {
      ...base,
      type: 'identify',
      traits: {
        email: `${ids.userId}@example.com`,
        name: `Customer ${ids.userId}`,
        plan: pick(['free', 'club', 'gold']),
        city: pick(['Moscow', 'Kazan', 'Perm']),
      },
    };
  if (k < 0.45)
    return {
      ...base,
      type: 'page',
      name: pick(PAGES),
      properties: { path: `/${pick(PAGES).toLowerCase()}`, title: 'Tea shop', referrer: 'https://yandex.ru/' },
    };
  if (k < 0.55) {
    const items = Array.from({ length: 1 + rnd(4) }, () => ({
      product_id: `sku-${rnd(500)}`,
      name: pick(PRODUCTS),
      price: 100 + rnd(5000),
      quantity: 1 + rnd(3),
      category: 'tea',
    }));
    return {
      ...base,
      type: 'track',
      event: 'Order Completed',
      properties: {
        order_id: `ord-${seq}`,
        currency: 'RUB',
        revenue: items.reduce((s, i) => s + i.price * i.quantity, 0),
        products: items,
      },
    };
  }
  return {
    ...base,
    type: 'track',
    event: pick(['Product Viewed', 'Product Added', 'Cart Viewed', 'Search']),
    properties: { product_id: `sku-${rnd(500)}`, name: pick(PRODUCTS), price: 100 + rnd(5000) },
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function apiRun(db: 'pglite' | 'postgres', total: number) {
  const s = await startServer(db, serverEnv, serverNodeArgs);
  let halted = false;
  try {
    const res = await fetch(`${s.base}/api/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', kind: 'server' }),
    });
    if (res.status !== 201) throw new Error(`create source: ${res.status} ${await res.text()}`);
    const { writeKey } = (await res.json()) as { writeKey: string };
    const headers = {
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    };
    const base = new URL(s.base);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

    // Warm-up, not timed: the existing customer base (an identify per known user, a page view per
    // returning visitor, so the identity graph is populated as in production), JIT and pools.
    const seed: Record<string, unknown>[] = [];
    for (let u = 0; u < USERS; u++)
      seed.push({
        type: 'identify',
        messageId: `bench-seed-u${u}`,
        userId: `user-${u}`,
        anonymousId: `anon-u${u}`,
        traits: { email: `user-${u}@example.com`, name: `Customer ${u}` },
      });
    for (let v = 0; v < VISITORS; v++)
      seed.push({ type: 'page', messageId: `bench-seed-v${v}`, anonymousId: `anon-v${v}`, name: 'Home' });
    const warm: Buffer[] = [];
    for (let i = 0; i < seed.length; i += perBatch)
      warm.push(Buffer.from(JSON.stringify({ batch: seed.slice(i, i + perBatch) })));
    for (let i = 0; i < 20; i++)
      warm.push(
        Buffer.from(
          JSON.stringify({ batch: Array.from({ length: perBatch }, message), sentAt: new Date().toISOString() }),
        ),
      );
    let wi = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (wi < warm.length) {
          const status = await post(agent, base, '/v1/batch', headers, warm[wi++]);
          if (status !== 200) throw new Error(`warm-up: HTTP ${status}`);
        }
      }),
    );
    const warmEvents = seed.length + 20 * perBatch;

    // All bodies first, then the clock.
    const rows: Record<string, unknown>[] = [];
    const bodies: Buffer[] = [];
    for (let n = 0; n < total; n += perBatch) {
      const batch = Array.from({ length: Math.min(perBatch, total - n) }, message);
      rows.push(...batch);
      bodies.push(Buffer.from(JSON.stringify({ batch, sentAt: new Date().toISOString() })));
    }
    const bytes = bodies.reduce((a, b) => a + b.length, 0);
    // The least a server does with each request: decode and parse its JSON body (CPU per event).
    const p0 = process.cpuUsage();
    for (const b of bodies) JSON.parse(b.toString('utf8'));
    const pu = process.cpuUsage(p0);
    const parseCpu = (pu.user + pu.system) / 1e6;

    let peak = rssMb(s.pid);
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(s.pid));
      } catch {}
    }, 200);
    const cpu0 = cpuSeconds(s.pid);
    const pgCpu0 = postgresCpuSeconds();
    const gen0 = process.cpuUsage();
    let driven: Awaited<ReturnType<typeof drive>> = { latencies: [], non2xx: 0, errors: 0 };
    const t0 = performance.now();
    const load = async () => {
      driven = await drive(agent, base, '/v1/batch', headers, bodies, concurrency);
    };
    // WAL written and checkpoints during the load (PostgreSQL): after a checkpoint the first change
    // to each page logs the whole page (full_page_writes), and events' random-keyed indexes (messageId,
    // person) touch a different page with almost every row. Other databases on the same server add
    // to both figures (their checkpoints, e.g. DROP DATABASE, also start new full-page cycles here).
    const walState = async () => {
      const c = new pg.Client({ connectionString: s.databaseUrl });
      await c.connect();
      const r = (
        await c.query(
          'SELECT pg_current_wal_lsn()::text AS lsn, checkpoints_timed + checkpoints_req AS checkpoints FROM pg_stat_bgwriter',
        )
      ).rows[0];
      await c.end();
      return { lsn: r.lsn as string, checkpoints: Number(r.checkpoints) };
    };
    const wal0 = db === 'postgres' ? await walState() : null;
    const ownPgCpu = db === 'postgres' ? (await ownPostgresCpu(s.databaseUrl!, load)).seconds : null;
    const wal1 = db === 'postgres' ? await walState() : null;
    const lsnBytes = (lsn: string) => {
      const [hi, lo] = lsn.split('/');
      return Number.parseInt(hi, 16) * 2 ** 32 + Number.parseInt(lo, 16);
    };
    const wal =
      wal0 && wal1
        ? { bytes: lsnBytes(wal1.lsn) - lsnBytes(wal0.lsn), checkpoints: wal1.checkpoints - wal0.checkpoints }
        : null;
    if (db !== 'postgres') await load();
    const seconds = (performance.now() - t0) / 1000;
    const gen = process.cpuUsage(gen0);
    // This process during the load: the load generator (plus, on PostgreSQL, the sampler above).
    const generatorCpu = (gen.user + gen.system) / 1e6;
    const serverCpu = cpuSeconds(s.pid) - cpu0;
    const pgCpu = postgresCpuSeconds() - pgCpu0;
    clearInterval(sampler);
    // Computed traits follow the acknowledgement: how far behind the follower was when the load
    // ended (events queued, not yet folded) and how long it took to catch up (PostgreSQL: the
    // queue can be read while the server runs; PGlite's directory belongs to the server).
    let behind: { events: number; seconds: number } | null = null;
    if (db === 'postgres') {
      const c = new pg.Client({ connectionString: s.databaseUrl });
      await c.connect();
      const queued = async () =>
        Number((await c.query('SELECT coalesce(sum(events), 0)::int AS n FROM cdp_fold_queue')).rows[0].n);
      const events = await queued();
      const c0 = performance.now();
      while ((await queued()) > 0) await new Promise((r) => setTimeout(r, 50));
      behind = { events, seconds: (performance.now() - c0) / 1000 };
      await c.end();
    }
    peak = Math.max(peak, rssMb(s.pid));
    agent.destroy();
    const { latencies, non2xx, errors } = driven;
    latencies.sort((a, b) => a - b);

    // Verified count, straight from the database.
    let stored: number;
    if (db === 'postgres') {
      const c = new pg.Client({ connectionString: s.databaseUrl });
      await c.connect();
      stored = Number((await c.query(`SELECT count(*) FROM events WHERE message_id LIKE 'bench-%'`)).rows[0].count);
      await c.end();
    } else {
      await s.halt();
      halted = true;
      const lite = await PGlite.create(s.dir);
      stored = Number(
        (await lite.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE message_id LIKE 'bench-%'`))
          .rows[0].n,
      );
      await lite.close();
    }
    const expected = total + warmEvents;

    const direct = await bulkInsert(db, s, rows);
    const floorWal0 = db === 'postgres' ? await walState() : null;
    const floor = await copyFloor(db === 'postgres' ? { databaseUrl: s.databaseUrl! } : { pgliteDir: s.dir }, [
      { table: 'events', where: "message_id LIKE 'bench-%'" },
    ]);
    const floorWal1 = db === 'postgres' ? await walState() : null;
    const floorWalBytes = floorWal0 && floorWal1 ? lsnBytes(floorWal1.lsn) - lsnBytes(floorWal0.lsn) : null;
    const work = await workFloor(db === 'postgres' ? { databaseUrl: s.databaseUrl! } : { pgliteDir: s.dir });
    const bare = await bareRun(
      db === 'postgres' ? { databaseUrl: s.databaseUrl!, pool: Number(args.pool ?? 10) } : { pgliteDir: s.dir },
      warm,
      bodies,
      total,
      concurrency,
    );
    return {
      bare,
      floor,
      work,
      behind,
      parseCpu,
      eps: total / seconds,
      seconds,
      mb: bytes / 1024 / 1024,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      non2xx,
      errors,
      stored,
      expected,
      peak,
      serverCpu,
      pgCpu,
      ownPgCpu,
      generatorCpu,
      wal,
      floorWalBytes,
      direct,
    };
  } finally {
    if (!halted) await s.halt();
    await s.stop();
  }
}

// ------------------------------------------------------------------ the work floor: what ingest must do besides storing

/** Compiles the product's own SQL (no connection needed). */
const compiler = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const WORK_GROUP = 1_600; // about one group commit's events in this bench
const WORK_REPEATS = 10;

/**
 * Database CPU per event of what ingest does besides storing the events, measured with the
 * product's own statements on the stored bench events, each over WORK_GROUP random stored events,
 * rolled back; CPU summed over WORK_REPEATS groups (a PostgreSQL backend's CPU is counted in 10 ms
 * ticks). On the acknowledged path: queueing the group for the computed traits follower
 * (fold-queue.ts queueCte) and reading its identifiers (knownSql). Off it: the follower's fold of
 * such a group (foldStatement: reading the events, person_stats, segment_dirty), and — for
 * comparison with the path before — folding the group into person_stats inside the ingest
 * statement (statsCte, which the fold now runs).
 */
async function workFloor(
  target: { databaseUrl: string } | { pgliteDir: string },
): Promise<{ queue: number; identities: number; stats: number; fold: number }> {
  let run: (q: string, params?: readonly unknown[]) => Promise<{ rows: any[] }>;
  let cpu: () => number | null;
  let close: () => Promise<void>;
  if ('databaseUrl' in target) {
    const c = new pg.Client({ connectionString: target.databaseUrl });
    await c.connect();
    const pid = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
    run = (q, params) => c.query(q, params as unknown[]);
    cpu = () => backendCpuOf(pid);
    close = () => c.end();
  } else {
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const lite = await PGlite.create(target.pgliteDir, { extensions: { pg_trgm } });
    run = (q, params) => lite.query(q, params as unknown[]);
    cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    close = () => lite.close();
  }
  const measure = async (b: RawBuilder<unknown>) => {
    const q = b.compile(compiler);
    const c0 = cpu();
    await run(q.sql, q.parameters);
    const c1 = cpu();
    return c0 !== null && c1 !== null ? c1 - c0 : NaN;
  };
  const perEvent = (a: number[]) => a.reduce((x, y) => x + y, 0) / (a.length * WORK_GROUP);
  try {
    const ws = (await run(`SELECT workspace_id FROM events WHERE message_id LIKE 'bench-%' LIMIT 1`)).rows[0]
      .workspace_id as string;
    const stats: number[] = [];
    const identities: number[] = [];
    const queue: number[] = [];
    const fold: number[] = [];
    for (let i = 0; i < WORK_REPEATS; i++) {
      await run('BEGIN');
      await run(
        `CREATE TEMP TABLE work_events ON COMMIT DROP AS SELECT person_id, type, event, occurred_at + interval '1 hour' AS occurred_at, properties
         FROM events WHERE message_id LIKE 'bench-%' ORDER BY random() LIMIT ${WORK_GROUP}`,
      );
      stats.push(await measure(statsCte(ws, 'work_events')));
      await run('ROLLBACK');
      // The new path's queue row for a group, then the follower's fold of it (both rolled back). A
      // queue row names events one transaction wrote together, so the group here is a run of
      // consecutive ids (UUIDv7: arrival order) from a random point, not a random sample.
      await run('BEGIN');
      await run(
        `CREATE TEMP TABLE work_events ON COMMIT DROP AS SELECT id, person_id FROM events
         WHERE message_id LIKE 'bench-%' AND id >= (SELECT id FROM events WHERE message_id LIKE 'bench-%' ORDER BY random() LIMIT 1)
         ORDER BY id LIMIT ${WORK_GROUP}`,
      );
      await run('DELETE FROM cdp_fold_queue');
      queue.push(await measure(sql`WITH queued AS (${queueCte(ws, 'work_events')}) SELECT count(*) FROM queued`));
      fold.push(await measure(foldStatement(ws, sql`true`)));
      await run('ROLLBACK');
      const sample = (
        await run(
          `SELECT user_id, anonymous_id FROM events WHERE message_id LIKE 'bench-%' ORDER BY random() LIMIT ${WORK_GROUP}`,
        )
      ).rows;
      const seen = new Set<string>();
      const keys: { kind: string; value: string }[] = [];
      for (const e of sample)
        for (const [kind, value] of [
          ['user_id', e.user_id],
          ['anonymous_id', e.anonymous_id],
        ] as const)
          if (value && !seen.has(`${kind}:${value}`)) {
            seen.add(`${kind}:${value}`);
            keys.push({ kind, value });
          }
      identities.push(await measure(knownSql(ws, keys as any)));
    }
    return {
      queue: perEvent(queue),
      identities: perEvent(identities),
      stats: perEvent(stats),
      fold: perEvent(fold),
    };
  } finally {
    await close();
  }
}

// ------------------------------------------------------------------ the plain bulk insert of the same rows

const COLS = [
  'workspace_id',
  'id',
  'message_id',
  'type',
  'event',
  'person_id',
  'user_id',
  'anonymous_id',
  'source_id',
  'origin',
  'occurred_at',
  'received_at',
  'sent_at',
  'original_timestamp',
  'properties',
  'traits',
  'context',
  'extra',
];

function rowValues(m: Record<string, unknown>, ws: string, source: string): unknown[] {
  const now = new Date();
  const isTraits = m.type === 'identify';
  return [
    ws,
    randomUUID(),
    m.messageId,
    m.type,
    (m.event ?? m.name ?? null) as string | null,
    randomUUID(),
    m.userId ?? null,
    m.anonymousId ?? null,
    source,
    'first',
    m.timestamp,
    now,
    now,
    m.timestamp,
    JSON.stringify(isTraits ? {} : (m.properties ?? {})),
    isTraits ? JSON.stringify(m.traits) : null,
    JSON.stringify(m.context ?? {}),
    null,
  ];
}

function insertSql(n: number) {
  const tuples = Array.from(
    { length: n },
    (_, r) => `(${COLS.map((_, c) => `$${r * COLS.length + c + 1}`).join(',')})`,
  );
  return `INSERT INTO bench_events (${COLS.join(',')}) VALUES ${tuples.join(',')} ON CONFLICT (workspace_id, message_id) DO NOTHING`;
}

async function bulkInsert(
  db: 'pglite' | 'postgres',
  s: { databaseUrl?: string; dir: string },
  rows: Record<string, unknown>[],
) {
  const ws = randomUUID();
  const source = randomUUID();
  const chunks: unknown[][] = [];
  for (let i = 0; i < rows.length; i += perBatch)
    chunks.push(rows.slice(i, i + perBatch).flatMap((m) => rowValues(m, ws, source)));
  const ddl = `DROP TABLE IF EXISTS bench_events; CREATE TABLE bench_events (LIKE events INCLUDING ALL)`;
  if (db === 'postgres') {
    const pool = new pg.Pool({ connectionString: s.databaseUrl, max: concurrency });
    await pool.query(ddl);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < chunks.length) {
          const c = chunks[next++];
          await pool.query(insertSql(c.length / COLS.length), c);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const n = Number((await pool.query('SELECT count(*) FROM bench_events')).rows[0].count);
    await pool.end();
    return { eps: rows.length / seconds, stored: n };
  }
  const lite = await PGlite.create(s.dir);
  await lite.exec(ddl);
  const t0 = performance.now();
  for (const c of chunks) await lite.query(insertSql(c.length / COLS.length), c);
  const seconds = (performance.now() - t0) / 1000;
  const n = Number((await lite.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_events')).rows[0].n);
  await lite.close();
  return { eps: rows.length / seconds, stored: n };
}

// ------------------------------------------------------------------ main

const lines: string[] = [];
for (const db of dbs) {
  if (db === 'postgres' && !(await postgresAvailable())) {
    lines.push('postgres: server not reachable, skipped');
    continue;
  }
  const total = Number(args.events ?? (db === 'postgres' ? 200_000 : 100_000));
  const r = await apiRun(db, total);
  const budget = db === 'postgres' ? 50_000 : 15_000;
  lines.push(
    `${db.padEnd(9)} API     ${Math.round(r.eps).toLocaleString('en').padStart(7)} events/s (${total.toLocaleString('en')} events, ${(total / perBatch).toLocaleString('en')} requests, ${r.mb.toFixed(0)} MB, ${r.seconds.toFixed(1)} s; ` +
      `request p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms; non-2xx ${r.non2xx}, errors ${r.errors}) budget ${budget.toLocaleString('en')}: ${r.eps >= budget ? 'met' : 'NOT met'}`,
  );
  lines.push(
    `${db.padEnd(9)} stored  ${r.stored.toLocaleString('en')} of ${r.expected.toLocaleString('en')} sent (incl. warm-up) ${r.stored === r.expected ? 'all there' : 'MISMATCH'}; server peak RSS ${r.peak} MB; server process CPU ${((r.serverCpu / r.seconds) * 100).toFixed(0)} % of one core${db === 'postgres' ? `, PostgreSQL processes ${((r.pgCpu / r.seconds) * 100).toFixed(0)} %` : ''}`,
  );
  {
    // CPU per accepted event, by whom: what the 2 cores actually spent (the floor lines below count
    // only the database's COPY and JSON.parse). PostgreSQL: its processes for this database only.
    const us = (v: number) => ((v / total) * 1e6).toFixed(0);
    const parts = [`server process ${us(r.serverCpu)}`];
    if (r.ownPgCpu !== null)
      parts.push(
        `PostgreSQL for this database ${us(r.ownPgCpu)} (all PostgreSQL processes on the machine: ${us(r.pgCpu)})`,
      );
    parts.push(`load generator ${us(r.generatorCpu)}`);
    lines.push(
      `${db.padEnd(9)} cpu     per event: ${parts.join(', ')} µs; load generator ${((r.generatorCpu / r.seconds) * 100).toFixed(0)} % of one core`,
    );
    if (r.wal)
      lines.push(
        `${db.padEnd(9)} wal     ${(r.wal.bytes / total / 1024).toFixed(1)} KB of WAL per event during the load (all databases of the server), ${r.wal.checkpoints} checkpoint(s) meanwhile` +
          (r.floorWalBytes !== null
            ? `; the COPY floor below wrote ${(r.floorWalBytes / r.stored / 1024).toFixed(1)} KB per row (into a fresh table)`
            : ''),
      );
  }
  lines.push(
    `${db.padEnd(9)} direct  ${Math.round(r.direct.eps).toLocaleString('en').padStart(7)} rows/s multi-row INSERT of ${perBatch}-row chunks (${r.direct.stored.toLocaleString('en')} rows) → API = ${(r.eps / r.direct.eps).toFixed(2)}× plain bulk insert`,
  );
  const f = floorLines(db.padEnd(9), r.floor);
  lines.push(...f.lines);
  const ceiling = f.rows / f.seconds;
  lines.push(
    `${db.padEnd(9)} floor   → the database alone loads these events at most at ${Math.round(ceiling).toLocaleString('en')}/s on one connection${f.cpu !== null ? ` (${((f.cpu / f.rows) * 1e6).toFixed(0)} µs of its CPU per event)` : ''}: ` +
      `the budget of ${budget.toLocaleString('en')}/s is ${ceiling >= budget ? 'within' : 'beyond'} what COPY alone reaches here; API = ${(r.eps / ceiling).toFixed(2)}× COPY`,
  );
  if (f.cpu !== null) {
    // A lower bound on CPU per accepted event: the database's COPY of it plus parsing its JSON in Node.
    const cores = availableParallelism();
    const perEvent = f.cpu / f.rows + r.parseCpu / total;
    const bound = cores / perEvent;
    lines.push(
      `${db.padEnd(9)} floor   → at least ${(perEvent * 1e6).toFixed(0)} µs of CPU per event (COPY ${((f.cpu / f.rows) * 1e6).toFixed(0)} + JSON.parse of the request bodies ${((r.parseCpu / total) * 1e6).toFixed(0)}); ` +
        `${cores} cores at 100 % with nothing else: at most ${Math.round(bound).toLocaleString('en')} events/s${db === 'pglite' ? ' (PGlite is one thread: at most ' + Math.round(1 / perEvent).toLocaleString('en') + ')' : ''} — budget ${budget.toLocaleString('en')}: ${(db === 'pglite' ? 1 / perEvent : bound) >= budget ? 'not excluded by the floor' : 'out of reach on this machine'}`,
    );
    if ([r.work.queue, r.work.identities, r.work.stats, r.work.fold].every(Number.isFinite)) {
      // The floor plus what every accepted event needs from the database on the acknowledged
      // path, measured with the product's statements; then the same before computed traits left it.
      const us = (v: number) => (v * 1e6).toFixed(0);
      const boundOf = (cpu: number) => (db === 'pglite' ? 1 / cpu : cores / cpu);
      const where = db === 'pglite' ? 'on its one thread' : `on ${cores} cores`;
      const withWork = perEvent + r.work.queue + r.work.identities;
      const workBound = boundOf(withWork);
      lines.push(
        `${db.padEnd(9)} work    → acknowledged path: per event the database also spends ${us(r.work.queue)} µs queueing it for computed traits and ${us(r.work.identities)} µs reading its identifiers (groups of ${WORK_GROUP}, product SQL); ` +
          `floor + this work = ${us(withWork)} µs → at most ${Math.round(workBound).toLocaleString('en')} events/s ${where} with nothing else; API = ${(r.eps / workBound).toFixed(2)}× this bound — budget ${budget.toLocaleString('en')}: ${workBound >= budget ? 'not excluded' : 'out of reach on this machine'}`,
      );
      {
        // The bound counts no HTTP and no server process; the bare server shows what HTTP ingest of
        // these requests reaches here with nothing else to do.
        const b = r.bare;
        const perEv = (v: number) => ((v / total) * 1e6).toFixed(0);
        lines.push(
          `${db.padEnd(9)} bare    ${Math.round(b.eps).toLocaleString('en').padStart(7)} events/s: a server in its own process that only parses each request and COPYs its events, a transaction per request (no auth, validation, identity, fold queue or follower; same requests, connections and database); ` +
            `CPU per event: its process ${perEv(b.serverCpu)}${b.pgCpu !== null ? `, PostgreSQL for this database ${perEv(b.pgCpu)}` : ''} µs; request p99 ${b.p99.toFixed(0)} ms; stored ${b.stored.toLocaleString('en')} of ${total.toLocaleString('en')}${b.failed ? `, ${b.failed} requests failed` : ''}`,
        );
        lines.push(
          `${db.padEnd(9)} bare    → = ${(b.eps / workBound).toFixed(2)}× the work bound: ` +
            (b.eps >= 0.75 * workBound
              ? '0.75× that bound is within what HTTP ingest reaches here'
              : '0.75× that bound is out of reach here for HTTP ingest (this server does less than any ingest can)') +
            `; API = ${(r.eps / b.eps).toFixed(2)}× the bare server`,
        );
      }
      const before = perEvent + r.work.stats + r.work.identities;
      if (db === 'postgres') {
        // The bound above assumes both cores serve the server; the load generator runs in this
        // process on the same cores and takes its share of them first.
        const genCores = r.generatorCpu / r.seconds;
        const left = cores - genCores;
        lines.push(
          `${db.padEnd(9)} work    → the load generator used ${genCores.toFixed(2)} of the ${cores} cores: the same bound on the ${left.toFixed(2)} cores left is ${Math.round(left / withWork).toLocaleString('en')} events/s; API = ${(r.eps / (left / withWork)).toFixed(2)}× that bound`,
        );
      }
      lines.push(
        `${db.padEnd(9)} work    → before (computed traits folded in the ingest statement): ${us(r.work.stats)} µs per event into person_stats instead of ${us(r.work.queue)} µs queueing; floor + that work = ${us(before)} µs → at most ${Math.round(boundOf(before)).toLocaleString('en')} events/s; API = ${(r.eps / boundOf(before)).toFixed(2)}× that bound`,
      );
      lines.push(
        `${db.padEnd(9)} follow  → off the path the follower spends ${us(r.work.fold)} µs per event folding a queue row of ${WORK_GROUP} events stored together (reading them back, person_stats, segment_dirty)` +
          (r.behind
            ? `; at the end of the load ${r.behind.events.toLocaleString('en')} events were queued unfolded, folded ${r.behind.seconds.toFixed(1)} s later`
            : ''),
      );
    }
  }
}
console.log(
  `\ningest (POST /v1/batch, ${perBatch} events/request, ${concurrency} connections, load generator in the benchmark process, server in another; 2-core machine shared with other work)`,
);
for (const l of lines) console.log(l);
