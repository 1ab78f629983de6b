/**
 * Segments: full recompute of a 3-condition segment (a trait, an event count in a window, a
 * consent) against one bare scan of the event rows its rule reads, measured in the same run on
 * the same data; and, last, event → membership latency through ingest, the fold of computed traits
 * and the segment follower, under a steady ingest load of half the rate this process reaches.
 *
 *   npm run bench -- segments [--db=pglite|postgres|both] [--people=100000[,1000000]] [--events-per-person=10]
 *                             [--latency=200] [--writers=4] [--load=EVENTS_PER_S] [--explain]
 *
 * The data (people with a city trait, 10 events each over 60 days, an email consent for two in
 * three) is written by INSERT … SELECT generate_series, not through the API: the subject here is
 * the recompute. Event ids ascend as they are written, as the product's UUIDv7 ids do (random ids
 * made the primary key's inserts scattered: 11 minutes to load 1M people). The baseline is `SELECT count(*) FROM events WHERE workspace_id = … AND event =
 * 'Order Completed' AND occurred_at >= now - 30 days`, best of six runs (three of them each just before
 * a steady recompute), warm: the least a
 * set-based recompute must read. Budget: recompute ≤ 3× that scan; growth reported per size.
 * Beside it the read floor: those rows, the persons the trait keeps and the consent rows, each
 * alone, and for a steady recompute also the stored members it diffs against (and, for comparison,
 * all those event rows grouped per person); and, on PostgreSQL, the scan in one process (the bare scan runs
 * in parallel workers, the recompute's plan in one).
 *
 * The first recompute writes every member (and a timeline entry per member); the steady one
 * (nothing changed) is what a scheduled recompute of a window costs; both are printed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { compileMembers } from '../src/cdp/segments/compiler.ts';
import type { Rule } from '../src/cdp/segments/rules.ts';
import type { Tx } from '../src/core/db/schema.ts';
import { systemActor } from '../src/core/auth/actor.ts';
import type { SourceAuth } from '../src/cdp/index.ts';
import { parseArgs, postgresAvailable } from './support.ts';
import { benchKernel } from './crm-import.ts';

const args = parseArgs();
const dbs =
  (args.db ?? 'both') === 'both' ? (['pglite', 'postgres'] as const) : ([args.db] as ('pglite' | 'postgres')[]);
const sizes = String(args.people ?? '100000')
  .split(',')
  .map(Number);
const perPerson = Number(args['events-per-person'] ?? 10);
const latencySamples = Number(args.latency ?? 200);
const CHUNK = 20_000;
/** Latency phase: concurrent writers while finding the rate, its length, the load's tick. */
const WRITERS = Number(args.writers ?? 4);
const SATURATE_MS = 8_000;
const TICK_MS = 100;
const RULE = {
  all: [
    { trait: 'city', op: 'eq', value: 'Москва' },
    { event: 'Order Completed', count: { gte: 2 }, within: '30d' },
    { consent: 'email', purpose: 'marketing', granted: true },
  ],
};

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(db: 'pglite' | 'postgres', people: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kt-bench-seg-'));
  const { kernel, close, reused } = await benchKernel(db, dir);
  try {
    const ws = await kernel.auth.ensureWorkspace('bench-segments');
    const actor = systemActor(ws.id, 'bench');
    const source = await kernel.cdp.createSource(actor, { name: 'Bench', kind: 'server' });
    // KT_BENCH_DB (a database kept by KT_BENCH_KEEP_DB=1 from a run of the same size): its data and
    // the time it was loaded at, which the rule's window is measured from.
    const loaded = reused
      ? await sql<{
          n: number;
          at: Date | null;
        }>`SELECT count(*)::int AS n, max(received_at) AS at FROM events WHERE workspace_id = ${ws.id} AND type = 'track'`.execute(
          kernel.db,
        )
      : null;
    if (loaded && loaded.rows[0].n !== people * perPerson)
      throw new Error(
        `KT_BENCH_DB holds ${loaded.rows[0].n} events, not ${people * perPerson}: load it with this --people`,
      );
    const now = loaded?.rows[0].at ? new Date(loaded.rows[0].at) : new Date();
    const t0 = performance.now();
    for (let from = 1; from <= (loaded ? 0 : people); from += CHUNK) {
      const to = Math.min(people, from + CHUNK - 1);
      await sql`
        INSERT INTO persons (workspace_id, id, traits)
        SELECT ${ws.id}, md5('p' || i)::uuid, jsonb_build_object('city', (ARRAY['Москва', 'Казань', 'Тверь', 'Омск', 'Сочи'])[1 + i % 5], 'n', i)
        FROM generate_series(${from}::int, ${to}::int) i
      `.execute(kernel.db);
      await sql`
        INSERT INTO events (workspace_id, id, message_id, type, event, person_id, source_id, origin, occurred_at, received_at, properties)
        SELECT ${ws.id}, ('00000000-0000-7000-8000-' || lpad(to_hex(i::bigint * ${perPerson} + j), 12, '0'))::uuid, 'b' || i || '-' || j, 'track',
               CASE WHEN (i + j) % 4 = 0 THEN 'Order Completed' ELSE 'Page Viewed' END,
               md5('p' || i)::uuid, ${source.id}, 'first', ${now}::timestamptz - ((i * 7 + j * 13) % 60) * interval '1 day', ${now}, jsonb_build_object('total', (i * j) % 5000)
        FROM generate_series(${from}::int, ${to}::int) i, generate_series(1, ${perPerson}::int) j
      `.execute(kernel.db);
      await sql`
        INSERT INTO identities (workspace_id, kind, value, person_id)
        SELECT ${ws.id}, 'user_id', 'u' || i, md5('p' || i)::uuid FROM generate_series(${from}::int, ${to}::int) i
      `.execute(kernel.db);
      await sql`
        INSERT INTO crm_consents (workspace_id, id, person_id, channel, purpose, granted, source, occurred_at)
        SELECT ${ws.id}, md5('c' || i)::uuid, md5('p' || i)::uuid, 'email', 'marketing', i % 3 <> 0, 'bench', ${now}
        FROM generate_series(${from}::int, ${to}::int) i
      `.execute(kernel.db);
    }
    // VACUUM too: as autovacuum would have left them on a server in use, and so that it does not
    // start on the freshly loaded tables while the figures are taken.
    for (const table of ['persons', 'events', 'crm_consents', 'crm_consent_state', 'identities'])
      await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(kernel.db);
    console.log(
      `  ${db}: ${people.toLocaleString('en')} people, ${(people * perPerson).toLocaleString('en')} events loaded in ${fmt(ms(t0))}`,
    );

    // The baseline: one bare scan of the event rows the rule reads (best of three, warm).
    const from30 = new Date(now.getTime() - 30 * 86_400_000);
    let scan = Infinity;
    let scanned = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws.id} AND event = 'Order Completed' AND occurred_at >= ${from30}`.execute(
        kernel.db,
      );
      scan = Math.min(scan, ms(t));
      scanned = r.rows[0].n;
    }

    // The read floor: what any evaluation of this rule must read, each part alone and bare (best of
    // three): the rule's event rows (the scan above), the persons the trait keeps, the consent rows
    // and, for a steady recompute, the stored members it diffs against. Grouping is not in it: the
    // recompute groups only the events of the persons the trait keeps (compiler.ts ownRowConditions).
    const best = async (q: () => Promise<unknown>) => {
      let b = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await q();
        b = Math.min(b, ms(t0));
      }
      return b;
    };
    // In a transaction with the memory and the parallel costs a recompute sets for its own (at
    // PostgreSQL's default 4 MB the grouping spills to disk at 1M people).
    const asRecompute = (fn: (trx: Tx) => Promise<unknown>) =>
      kernel.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('work_mem', ${`${kernel.config.segmentRecomputeWorkMemMb}MB`}, true), set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0.001', true)`.execute(
          trx,
        );
        await fn(trx);
      });
    if (args.explain) {
      // --explain: the plan of the rule's members query, as a full recompute runs it.
      await asRecompute(async (trx) => {
        const members = compileMembers(kernel.segments.conditions, RULE as Rule, { workspaceId: ws.id, now });
        const plan = await sql`EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) ${members}`.execute(trx);
        console.log((plan.rows as Record<string, string>[]).map((r) => `      ${Object.values(r)[0]}`).join('\n'));
      });
    }
    // Grouping all of the rule's event rows per person (what a recompute did before the trait
    // restricted it), for comparison.
    const grouped = await best(() =>
      asRecompute(async (trx) => {
        await sql`SELECT count(*) FROM (SELECT person_id FROM events WHERE workspace_id = ${ws.id} AND event = 'Order Completed' AND occurred_at >= ${from30} GROUP BY person_id HAVING count(*) >= 2) x`.execute(
          trx,
        );
      }),
    );
    const traitScan = await best(() =>
      sql`SELECT count(*) FROM persons WHERE workspace_id = ${ws.id} AND traits->>'city' = 'Москва'`.execute(kernel.db),
    );
    // On a PostgreSQL server the bare scan runs in parallel workers (both cores); the same scan in
    // one process, for comparison with the recompute's plan, which the planner keeps in one.
    const serialScan =
      db === 'postgres'
        ? await best(() =>
            kernel.db.transaction().execute(async (trx) => {
              await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
              await sql`SELECT count(*) FROM events WHERE workspace_id = ${ws.id} AND event = 'Order Completed' AND occurred_at >= ${from30}`.execute(
                trx,
              );
            }),
          )
        : scan;
    // The consent condition's own rows: every email/marketing consent of the workspace.
    const consentScan = await best(() =>
      sql`SELECT count(*) FROM crm_consents WHERE workspace_id = ${ws.id} AND channel = 'email' AND purpose = 'marketing'`.execute(
        kernel.db,
      ),
    );
    const seg = await kernel.segments.create(actor, { name: 'Москва, 2+ заказа за 30 дней, email', rule: RULE });
    let t = performance.now();
    const first = await kernel.segments.recompute(ws.id, seg.id, now);
    const firstMs = ms(t);
    // Steady recomputes, each right after one more bare scan: this machine's speed drifts within
    // a run (the same scan took 0.9–1.3 s in one minute), so both are taken at the same moments.
    let steady = Infinity;
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      await sql`SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws.id} AND event = 'Order Completed' AND occurred_at >= ${from30}`.execute(
        kernel.db,
      );
      scan = Math.min(scan, ms(t));
      t = performance.now();
      const again = await kernel.segments.recompute(ws.id, seg.id, now);
      steady = Math.min(steady, ms(t));
      if (again.entered || again.exited) throw new Error('a recompute with nothing changed changed membership');
    }
    const floor = scan + traitScan + consentScan;
    // A recompute also reads the stored members to find who enters and exits: with the reads
    // above, the least a steady recompute must read.
    const membersScan = await best(() =>
      sql`SELECT count(*) FROM segment_members WHERE workspace_id = ${ws.id} AND segment_id = ${seg.id} AND exited_at IS NULL`.execute(
        kernel.db,
      ),
    );
    const fullFloor = floor + membersScan;
    t = performance.now();
    const preview = await kernel.segments.preview(ws.id, RULE, { now });
    const previewMs = ms(t);
    if (preview.size !== first.size) throw new Error(`preview ${preview.size} ≠ recompute ${first.size}`);
    console.log(
      `    bare scan of the rule's event rows (${scanned.toLocaleString('en')} of them): ${fmt(scan)}${db === 'postgres' ? ` (in one process: ${fmt(serialScan)})` : ''}`,
    );
    console.log(
      `    read floor: the rule's event rows ${fmt(scan)} + the trait's persons ${fmt(traitScan)} + the consents ${fmt(consentScan)} = ${fmt(floor)} = ${(floor / scan).toFixed(2)}× the scan; grouping all those rows per person alone: ${fmt(grouped)} = ${(grouped / scan).toFixed(2)}× the scan`,
    );
    console.log(
      `    read floor of a steady recompute: + the stored members (${first.size.toLocaleString('en')}) ${fmt(membersScan)} = ${fmt(fullFloor)} = ${(fullFloor / scan).toFixed(2)}× the scan${fullFloor / scan >= 3 ? ' (≤ 3× the scan is out of reach: the reads alone exceed it)' : ''}`,
    );
    console.log(
      `    full recompute, first (${first.entered.toLocaleString('en')} enter, each a timeline entry): ${fmt(firstMs)} = ${(firstMs / scan).toFixed(2)}× the scan`,
    );
    console.log(
      `    full recompute, steady (no change): ${fmt(steady)} = ${(steady / scan).toFixed(2)}× the scan (budget ≤ 3×)${db === 'postgres' ? `, ${(steady / serialScan).toFixed(2)}× the scan in one process` : ''}, ${(steady / floor).toFixed(2)}× the read floor`,
    );
    console.log(`    preview count: ${fmt(previewMs)} = ${(previewMs / scan).toFixed(2)}× the scan`);

    // Event → membership under load: see latencyUnderLoad.
    if (latencySamples > 0) {
      const auth: SourceAuth = {
        id: source.id,
        workspaceId: ws.id,
        name: source.name,
        kind: source.kind,
        origin: source.origin,
        disabled: false,
      };
      await latencyUnderLoad(kernel, actor, auth, people);
    }
    return { scan, steady, firstMs, floor: fullFloor };
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type BenchKernel = Awaited<ReturnType<typeof benchKernel>>['kernel'];
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
/** The person id the load phase gave user `u<n>` (md5('p' || n)::uuid). */
const personOf = (n: number) =>
  createHash('md5')
    .update(`p${n}`)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/**
 * Event → membership latency under a steady ingest load, through the real path: ingest
 * acknowledges, the fold follower folds computed traits, the segment follower evaluates. First
 * the ingest rate this process reaches (concurrent batches of 100 `Page Viewed` for known users,
 * SATURATE_MS); then, with a background load at half that rate, single `Bench Probe` events for
 * persons not yet in a probe segment ({"event":"Bench Probe","count":{"gte":1}}), each timed from
 * the ingest call to the moment the segment's enter for that person is written (the membership
 * listener runs in the transaction that writes it, just before its commit).
 */
async function latencyUnderLoad(
  kernel: BenchKernel,
  actor: ReturnType<typeof systemActor>,
  auth: SourceAuth,
  people: number,
) {
  const ws = auth.workspaceId;
  let seq = 0;
  const loadBatch = (n: number) =>
    Array.from({ length: n }, () => ({
      type: 'track' as const,
      userId: `u${1 + Math.floor(Math.random() * people)}`,
      event: 'Page Viewed',
      messageId: `load-${++seq}`,
      properties: { path: '/bench' },
    }));

  // 1. The ingest rate reached here: WRITERS concurrent loops of batches of 100.
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (performance.now() - t0 < SATURATE_MS) {
        await kernel.cdp.ingest(auth, loadBatch(100));
        sent += 100;
      }
    }),
  );
  const rate = sent / (ms(t0) / 1000);
  const t1 = performance.now();
  await kernel.cdp.settled(ws);
  await kernel.segments.follower.idle();
  console.log(
    `    ingest rate reached (${WRITERS} writers, batches of 100): ${Math.round(rate).toLocaleString('en')} events/s; the followers caught up ${fmt(ms(t1))} after it stopped`,
  );

  // 2. A probe segment and a listener of its enters.
  const probe = await kernel.segments.create(actor, {
    name: 'Bench probe',
    rule: { event: 'Bench Probe', count: { gte: 1 } },
  });
  await kernel.segments.recompute(ws, probe.id);
  const waiting = new Map<string, () => void>();
  kernel.segments.onMembership(async (_trx, change) => {
    if (change.segment.id !== probe.id) return;
    for (const id of change.entered) waiting.get(id)?.();
  });

  // 3. Background load at half the rate: a batch every TICK_MS.
  // --load=N: the background load in events/s (to match half of what bench/ingest reached over HTTP).
  const target = args.load ? Number(args.load) : rate / 2;
  const perTick = Math.max(1, Math.round((target * TICK_MS) / 1000));
  let loadSent = 0;
  let stop = false;
  const loadStart = performance.now();
  const load = (async () => {
    let next = performance.now();
    while (!stop) {
      await kernel.cdp.ingest(auth, loadBatch(perTick));
      loadSent += perTick;
      next += TICK_MS;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();

  // 4. Probes, one at a time, each for a person never probed before.
  const lat: number[] = [];
  await sleep(1000); // let the load settle into its pace
  for (let i = 0; i < latencySamples; i++) {
    const n = 1 + ((i * 7919) % people);
    const personId = personOf(n);
    const entered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no enter for ${personId} within 60 s`)), 60_000);
      waiting.set(personId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const t = performance.now();
    await kernel.cdp.ingest(auth, [{ type: 'track', userId: `u${n}`, event: 'Bench Probe', messageId: `probe-${i}` }]);
    await entered;
    lat.push(ms(t));
    waiting.delete(personId);
    await sleep(20);
  }
  stop = true;
  await load;
  const achieved = loadSent / (ms(loadStart) / 1000);
  lat.sort((a, b) => a - b);
  console.log(
    `    event → membership under ${Math.round(achieved).toLocaleString('en')} events/s of load (${((achieved / rate) * 100).toFixed(0)} % of the rate reached; ${latencySamples} probes): p50 ${fmt(pct(lat, 50))}, p99 ${fmt(pct(lat, 99))}, max ${fmt(lat[lat.length - 1])} (budget p99 ≤ 1 s)`,
  );
}

for (const db of dbs) {
  if (db === 'postgres' && !(await postgresAvailable())) {
    console.log('postgres: not available, skipped');
    continue;
  }
  console.log(`segments — ${db}`);
  const rows: { people: number; scan: number; steady: number; firstMs: number; floor: number }[] = [];
  for (const people of sizes) rows.push({ people, ...(await run(db, people)) });
  if (rows.length > 1) {
    const base = rows[0];
    for (const r of rows.slice(1))
      console.log(
        `  growth ${base.people.toLocaleString('en')} → ${r.people.toLocaleString('en')} people (×${r.people / base.people}): steady recompute ×${(r.steady / base.steady).toFixed(2)}, scan ×${(r.scan / base.scan).toFixed(2)}, read floor ×${(r.floor / base.floor).toFixed(2)}`,
      );
  }
}
