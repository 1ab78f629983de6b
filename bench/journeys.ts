/**
 * Journeys: N people (default 100,000) enter a 5-step journey (split → wait 5 s → update a trait →
 * wait 5 s → exit); the runtime's worker processes move them. Two phases on the same people, each
 * its own journey:
 *
 * - spread: the entries come over a window at `--rate` entries/s (default 500/s: 100,000 people in
 *   200 s), as a segment or an event source brings them, so the timers fall due spread over the
 *   window plus 5 s and 10 s. Printed: the lag from a due timer to its step (a claim's first step
 *   of the run: the claim's clock − due_at; the claim commits its batch right after), p50/p99/max,
 *   against the budget p99 ≤ 2 s, and the offered steps/s.
 * - burst: all N entered at once (as fast as entries go) into the same journey with its waits at
 *   0 s, so that nothing idles: steps processed per second, i.e. the runtime's capacity (step log
 *   rows over the span from the first entry to the last step), and the lag, which there is the
 *   backlog's (not a budget figure).
 *
 *   npm run bench -- journeys [--db=pglite|postgres|both] [--people=100000] [--workers=2]
 *     [--rate=500] [--phases=spread,burst]
 *
 * PostgreSQL: the entries are written by this process (its runtime stopped) and the runs are
 * claimed by `--workers` child processes (role worker: the claim loop, its one-second poll and the
 * timer to the next due run, as `kartoteka serve --role worker` runs them). PGlite: one process
 * does both (it has one connection). The floor, in the same run: the same number of runs in a bare
 * table with the runs' due index, claimed 500 at a time by `UPDATE … WHERE id IN (SELECT … ORDER BY
 * due_at LIMIT 500 FOR UPDATE SKIP LOCKED)` once per step — the least a durable claim of every step
 * costs on this box — printed as rows/s with the runtime's burst steps/s as a ratio of it. The load
 * average (2 cores, shared) is printed with each phase.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { systemActor } from '../src/core/auth/actor.ts';
import { createKernel, loadConfig } from '../src/app/index.ts';
import type { JourneyDefinition } from '../src/engage/journeys/definition.ts';
import { parseArgs, postgresAvailable } from './support.ts';
import { benchKernel } from './crm-import.ts';

const args = parseArgs();
const STEPS = 5;
const CHUNK = 1_000;
const CLAIM = 500;
/** How often the spread phase enters the people whose time has come. */
const TICK_MS = 100;
/** The journey; `wait` is its waits' duration (the burst's are 0 s: its span is all processing). */
const definition = (wait: string): JourneyDefinition => ({
  entry: { api: true },
  steps: [
    {
      id: 'split',
      type: 'split',
      branches: [
        { key: 'A', share: 50, next: 'w1' },
        { key: 'B', share: 50, next: 'w1' },
      ],
    },
    { id: 'w1', type: 'wait', duration: wait },
    { id: 'trait', type: 'update_trait', trait: 'journeyBench', value: true },
    { id: 'w2', type: 'wait', duration: wait },
    { id: 'x', type: 'exit' },
  ],
});

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A worker process: a kernel with the worker role on the bench's database, until killed. */
async function worker(databaseUrl: string, dir: string) {
  const config = loadConfig(
    { dataDir: join(dir, 'worker'), databaseUrl, role: 'worker', logLevel: 'warn', databasePoolSize: 4 },
    {},
  );
  const kernel = await createKernel(config);
  await kernel.start();
  kernel.engage.journeys.runtime.wake();
  process.send?.('ready');
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

type Kernel = Awaited<ReturnType<typeof benchKernel>>['kernel'];
type Phase = 'spread' | 'burst';

/** One phase: a journey of its own, the people entered (paced or at once), waited out; its figures. */
async function phase(kernel: Kernel, ws: string, ids: string[], which: Phase, rate: number) {
  const runtime = kernel.engage.journeys.runtime;
  const actor = systemActor(ws, 'bench');
  const name = `Bench ${which}`;
  const def = definition(which === 'burst' ? '0s' : '5s');
  const j = await kernel.engage.journeys.create(actor, { name, definition: def });
  await kernel.engage.journeys.publish(actor, j.id);
  const journey = { id: j.id, name, version: 1, def };
  const loadBefore = load();
  const t0 = performance.now();
  let behind = 0;
  if (which === 'burst') {
    for (let i = 0; i < ids.length; i += CHUNK)
      await kernel.db.transaction().execute((trx) =>
        runtime.entries.enter(
          trx,
          ws,
          journey,
          ids.slice(i, i + CHUNK).map((personId) => ({ personId })),
        ),
      );
  } else {
    // Person i enters at i / rate seconds: each tick enters those whose time has come.
    let next = 0;
    while (next < ids.length) {
      const due = Math.min(ids.length, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
      if (due > next) {
        const slice = ids.slice(next, due);
        behind = Math.max(behind, performance.now() - t0 - (next / rate) * 1000);
        for (let i = 0; i < slice.length; i += CHUNK)
          await kernel.db.transaction().execute((trx) =>
            runtime.entries.enter(
              trx,
              ws,
              journey,
              slice.slice(i, i + CHUNK).map((personId) => ({ personId })),
            ),
          );
        next = due;
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  }
  const entered = performance.now() - t0;
  for (;;) {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM engage_journey_runs WHERE workspace_id = ${ws} AND journey_id = ${j.id}
        AND state IN ('active', 'waiting')`.execute(kernel.db);
    if (r.rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const stats = await sql<{ steps: number; span: number; p50: number; p99: number; max: number; timers: number }>`
    SELECT count(*)::int AS steps,
      extract(epoch FROM max(coalesce(left_at, entered_at)) - min(entered_at)) * 1000 AS span,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at - due_at)) FILTER (WHERE due_at IS NOT NULL)) * 1000 AS p50,
      (percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at - due_at)) FILTER (WHERE due_at IS NOT NULL)) * 1000 AS p99,
      (max(extract(epoch FROM entered_at - due_at)) FILTER (WHERE due_at IS NOT NULL)) * 1000 AS max,
      count(*) FILTER (WHERE due_at IS NOT NULL)::int AS timers
    FROM engage_journey_steps WHERE workspace_id = ${ws} AND journey_id = ${j.id}`.execute(kernel.db);
  const done = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM engage_journey_runs
    WHERE workspace_id = ${ws} AND journey_id = ${j.id} AND state = 'exited' AND exit_reason = 'exit_step'`.execute(
    kernel.db,
  );
  const s = stats.rows[0];
  return {
    which,
    entered,
    behind,
    completed: done.rows[0].n,
    steps: s.steps,
    span: Number(s.span),
    p50: Number(s.p50),
    p99: Number(s.p99),
    max: Number(s.max),
    timers: s.timers,
    loadBefore,
    loadAfter: load(),
  };
}

async function run(db: 'pglite' | 'postgres', people: number, workers: number, rate: number, phases: Phase[]) {
  const dir = mkdtempSync(join(tmpdir(), 'kt-bench-journeys-'));
  const { kernel, close, databaseUrl } = await benchKernel(db, dir);
  const children: ReturnType<typeof fork>[] = [];
  try {
    const runtime = kernel.engage.journeys.runtime;
    const ws = await kernel.auth.ensureWorkspace('bench-journeys');
    for (let from = 1; from <= people; from += 20_000)
      await sql`
        INSERT INTO persons (workspace_id, id, traits)
        SELECT ${ws.id}, md5('p' || i)::uuid, jsonb_build_object('n', i)
        FROM generate_series(${from}::int, ${Math.min(people, from + 19_999)}::int) i
      `.execute(kernel.db);
    await sql`ANALYZE persons`.execute(kernel.db);
    if (db === 'postgres') {
      // This process only enters people; the workers claim.
      await runtime.stop();
      for (let i = 0; i < workers; i++) {
        const child = fork(import.meta.filename, ['--worker', databaseUrl!, dir], {
          execArgv: ['--import', 'tsx'],
          stdio: 'inherit',
        });
        children.push(child);
        await new Promise<void>((resolve, reject) => {
          child.once('message', () => resolve());
          child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
        });
      }
    } else {
      // One process: its claim loop polls each second (the worker role's jobs.every).
      const timer = setInterval(() => void runtime.poll(), 1000);
      timer.unref();
    }
    const ids = (
      await sql<{ id: string }>`SELECT id FROM persons WHERE workspace_id = ${ws.id} ORDER BY id`.execute(kernel.db)
    ).rows.map((r) => r.id);
    const results = [];
    for (const p of phases) results.push(await phase(kernel, ws.id, ids, p, rate));
    for (const c of children) c.kill('SIGKILL');
    children.length = 0;

    // The floor: the same runs in a bare table, each claimed once per step, 500 per round.
    await sql`CREATE TABLE bench_claims (id uuid PRIMARY KEY, due_at timestamptz, n int NOT NULL DEFAULT 0)`.execute(
      kernel.db,
    );
    await sql`CREATE INDEX bench_claims_due ON bench_claims (due_at) WHERE due_at IS NOT NULL`.execute(kernel.db);
    await sql`INSERT INTO bench_claims (id, due_at) SELECT md5('c' || i)::uuid, now() FROM generate_series(1, ${people}::int) i`.execute(
      kernel.db,
    );
    const floorLoad = load();
    const f0 = performance.now();
    let rows = 0;
    for (let round = 0; round < STEPS; round++) {
      for (;;) {
        const r = await sql`
          UPDATE bench_claims SET due_at = ${round === STEPS - 1 ? null : new Date(0)}, n = n + 1
          WHERE id IN (SELECT id FROM bench_claims WHERE due_at IS NOT NULL AND n = ${round} ORDER BY due_at LIMIT ${CLAIM} FOR UPDATE SKIP LOCKED)`.execute(
          kernel.db,
        );
        const n = Number(r.numAffectedRows ?? 0);
        rows += n;
        if (n < CLAIM) break;
      }
    }
    const floorMs = performance.now() - f0;
    await sql`DROP TABLE bench_claims`.execute(kernel.db);
    const floorPerSecond = (rows / floorMs) * 1000;

    const lines = [
      `journeys ${db}${db === 'postgres' ? ` (${workers} worker processes claiming, this process entering)` : ' (one process)'}: ${fmt(people)} people, ${STEPS}-step journey (split → wait → update_trait → wait → exit; waits 5 s spread, 0 s burst)`,
    ];
    for (const r of results) {
      const stepsPerSecond = (r.steps / r.span) * 1000;
      lines.push(
        r.which === 'spread'
          ? `  spread: entries over ${sec(r.entered)} at ${fmt(rate)}/s (${fmt(rate * STEPS)} steps/s offered; entering fell behind its schedule by ≤ ${sec(r.behind)})`
          : `  burst: all entered in ${sec(r.entered)} (${fmt((people / r.entered) * 1000)} entries/s, ${CHUNK} per transaction)`,
        `    completed   ${fmt(r.completed)} / ${fmt(people)} runs; ${fmt(r.steps)} steps in ${sec(r.span)} → ${fmt(stepsPerSecond)} steps/s${r.which === 'burst' ? ' (capacity)' : ' (the offered rate when it keeps up)'}`,
        `    lag due→run p50 ${sec(r.p50)}, p99 ${sec(r.p99)}, max ${sec(r.max)} over ${fmt(r.timers)} timers${r.which === 'spread' ? ` (budget p99 ≤ 2 s: ${r.p99 <= 2000 ? 'met' : 'NOT met'})` : ' (the backlog of an instant entry: not a budget figure)'}`,
        `    load avg    ${r.loadBefore} before, ${r.loadAfter} after`,
      );
      if (r.which === 'burst')
        lines.push(`    ratio       burst steps/s ÷ floor = ${(stepsPerSecond / floorPerSecond).toFixed(3)}`);
    }
    lines.push(
      `  floor         bare UPDATE … SKIP LOCKED claims of the same ${fmt(people)} runs × ${STEPS} steps, ${CLAIM} per round, one connection: ${fmt(floorPerSecond)} rows/s (load avg ${floorLoad})`,
    );
    console.log(lines.join('\n'));
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--worker') {
  await worker(process.argv[3], process.argv[4]);
} else {
  const people = Number(args.people ?? 100_000);
  const workers = Number(args.workers ?? 2);
  const rate = Number(args.rate ?? 500);
  const phases = String(args.phases ?? 'spread,burst').split(',') as Phase[];
  const dbs =
    (args.db ?? 'both') === 'both' ? (['pglite', 'postgres'] as const) : ([args.db] as ('pglite' | 'postgres')[]);
  for (const db of dbs) {
    if (db === 'postgres' && !(await postgresAvailable())) {
      console.log('journeys postgres: no PostgreSQL server reachable (BENCH_DATABASE_URL); skipped');
      continue;
    }
    await run(db, people, workers, rate, phases);
  }
  console.log(`(load average at the end: ${load()})`);
  process.exit(0);
}
