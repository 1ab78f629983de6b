/**
 * Journeys: N people (default 100,000) enter a 5-step journey (split → wait 5 s → update a trait →
 * wait 5 s → exit) at once; the runtime's worker processes move them. Printed: entry rate, steps
 * processed per second (step log rows over the span from the first entry to the last step), and
 * the lag from a due timer to its step (a claim's first step: entered_at − due_at) p50/p99, against
 * the budget p99 ≤ 2 s.
 *
 *   npm run bench -- journeys [--db=pglite|postgres|both] [--people=100000] [--workers=2]
 *
 * PostgreSQL: the entries are written by this process (its runtime stopped) and the runs are
 * claimed by `--workers` child processes (role worker: the claim loop, its one-second poll and the
 * timer to the next due run, as `kartoteka serve --role worker` runs them). PGlite: one process
 * does both (it has one connection). The floor, in the same run: the same number of runs in a bare
 * table with the runs' due index, claimed 500 at a time by `UPDATE … WHERE id IN (SELECT … ORDER BY
 * due_at LIMIT 500 FOR UPDATE SKIP LOCKED)` once per step — the least a durable claim of every step
 * costs on this box — printed as rows/s with the runtime's steps/s as a ratio of it.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const DEFINITION: JourneyDefinition = {
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
    { id: 'w1', type: 'wait', duration: '5s' },
    { id: 'trait', type: 'update_trait', trait: 'journeyBench', value: true },
    { id: 'w2', type: 'wait', duration: '5s' },
    { id: 'x', type: 'exit' },
  ],
};

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

async function run(db: 'pglite' | 'postgres', people: number, workers: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kt-bench-journeys-'));
  const { kernel, close, databaseUrl } = await benchKernel(db, dir);
  const children: ReturnType<typeof fork>[] = [];
  try {
    const runtime = kernel.engage.journeys.runtime;
    const ws = await kernel.auth.ensureWorkspace('bench-journeys');
    const actor = systemActor(ws.id, 'bench');
    for (let from = 1; from <= people; from += 20_000)
      await sql`
        INSERT INTO persons (workspace_id, id, traits)
        SELECT ${ws.id}, md5('p' || i)::uuid, jsonb_build_object('n', i)
        FROM generate_series(${from}::int, ${Math.min(people, from + 19_999)}::int) i
      `.execute(kernel.db);
    await sql`ANALYZE persons`.execute(kernel.db);
    const j = await kernel.engage.journeys.create(actor, { name: 'Bench', definition: DEFINITION });
    await kernel.engage.journeys.publish(actor, j.id);
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
    const t0 = performance.now();
    for (let i = 0; i < ids.length; i += CHUNK)
      await kernel.db.transaction().execute((trx) =>
        runtime.entries.enter(
          trx,
          ws.id,
          { id: j.id, name: 'Bench', version: 1, def: DEFINITION },
          ids.slice(i, i + CHUNK).map((personId) => ({ personId })),
        ),
      );
    const entered = performance.now() - t0;
    for (;;) {
      const r = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM engage_journey_runs WHERE workspace_id = ${ws.id} AND state IN ('active', 'waiting')`.execute(
        kernel.db,
      );
      if (r.rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const stats = await sql<{ steps: number; span: number; p50: number; p99: number; max: number; claims: number }>`
      SELECT count(*)::int AS steps,
        extract(epoch FROM max(coalesce(left_at, entered_at)) - min(entered_at)) * 1000 AS span,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at - due_at)) FILTER (WHERE due_at IS NOT NULL)) * 1000 AS p50,
        (percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at - due_at)) FILTER (WHERE due_at IS NOT NULL)) * 1000 AS p99,
        (max(extract(epoch FROM entered_at - due_at)) FILTER (WHERE due_at IS NOT NULL)) * 1000 AS max,
        count(*) FILTER (WHERE due_at IS NOT NULL)::int AS claims
      FROM engage_journey_steps WHERE workspace_id = ${ws.id}`.execute(kernel.db);
    const s = stats.rows[0];
    const completed = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM engage_journey_runs WHERE workspace_id = ${ws.id} AND state = 'exited' AND exit_reason = 'exit_step'`.execute(
      kernel.db,
    );
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

    const stepsPerSecond = (s.steps / Number(s.span)) * 1000;
    const floorPerSecond = (rows / floorMs) * 1000;
    console.log(
      [
        `journeys ${db}${db === 'postgres' ? ` (${workers} worker processes)` : ' (one process)'}: ${fmt(people)} people, ${STEPS}-step journey`,
        `  entered       ${sec(entered)} (${fmt((people / entered) * 1000)} entries/s, ${CHUNK} per transaction)`,
        `  completed     ${fmt(completed.rows[0].n)} / ${fmt(people)} runs; ${fmt(s.steps)} steps in ${sec(Number(s.span))} (entry to last step, two 5 s waits included)`,
        `  steps/s       ${fmt(stepsPerSecond)}`,
        `  lag due→run   p50 ${sec(Number(s.p50))}, p99 ${sec(Number(s.p99))}, max ${sec(Number(s.max))} over ${fmt(s.claims)} timers (budget p99 ≤ 2 s: ${Number(s.p99) <= 2000 ? 'met' : 'NOT met'})`,
        `  floor         bare UPDATE … SKIP LOCKED claims of the same ${fmt(people)} runs × ${STEPS} steps, ${CLAIM} per round: ${fmt(floorPerSecond)} rows/s`,
        `  ratio         runtime steps/s ÷ floor = ${(stepsPerSecond / floorPerSecond).toFixed(3)} (the span includes the waits: a lower bound of the processing rate)`,
      ].join('\n'),
    );
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
  const dbs =
    (args.db ?? 'both') === 'both' ? (['pglite', 'postgres'] as const) : ([args.db] as ('pglite' | 'postgres')[]);
  for (const db of dbs) {
    if (db === 'postgres' && !(await postgresAvailable())) {
      console.log('journeys postgres: no PostgreSQL server reachable (BENCH_DATABASE_URL); skipped');
      continue;
    }
    await run(db, people, workers);
  }
  console.log(
    `(load average at the end: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`,
  );
  process.exit(0);
}
