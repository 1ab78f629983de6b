/**
 * CRM people search and list latency with N people (default 1,000,000) loaded through the CSV
 * import (bench/crm-import.ts's generator and code path), on PGlite and on PostgreSQL. Runs the
 * service (`crm.people.list`, what GET /people calls) in process: 200 searches (lower-case Cyrillic
 * surnames, names with ё/е, phones in several formats, emails, a company, typos) and 200 list pages
 * (default sort, by last name, with a city filter, following cursors); prints p50/p99 of each.
 *
 *   npm run bench -- crm-search [--db=pglite|postgres|both] [--rows=1000000] [--queries=200]
 *                               [--reuse=DATABASE_NAME | --reuse=PGLITE_DIR]
 *
 * `--reuse` measures an already loaded database instead of loading a new one (PostgreSQL: a
 * database kept by KT_BENCH_KEEP_DB=1; PGlite: a data directory kept the same way), so query
 * changes can be measured without a fresh million-row load each time; one --db then.
 *
 * Budget: p99 ≤ 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, postgresAvailable } from './support.ts';
import { sql } from 'kysely';
import { createKernel, loadConfig } from '../src/app/index.ts';
import { PG_ADMIN } from './support.ts';
import { benchKernel, importPeople, writeCsv } from './crm-import.ts';

/** A kernel on a kept bench database (nothing is dropped when it closes). */
async function reuseKernel(db: 'pglite' | 'postgres', what: string) {
  const databaseUrl = db === 'postgres' ? PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${what}$1`) : undefined;
  const config = loadConfig(
    { dataDir: db === 'pglite' ? what : join(tmpdir(), 'kt-unused'), databaseUrl, role: 'api', logLevel: 'warn' },
    {},
  );
  const kernel = await createKernel(config);
  await kernel.start();
  return { kernel, close: () => kernel.close() };
}

const args = parseArgs();
const dbs =
  (args.db ?? 'both') === 'both' ? (['pglite', 'postgres'] as const) : ([args.db] as ('pglite' | 'postgres')[]);
const total = Number(args.rows ?? 1_000_000);
const n = Number(args.queries ?? 200);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rnd = (k: number) => Math.floor(Math.random() * k);

/** What operators type: the generator's data (bench/crm-import.ts personLine) in the forms people use. */
const KINDS = ['surname', 'phone +7', 'phone 8…', 'email', 'typo', 'surname+name', 'company', 'email prefix'];

function searches(): string[] {
  const out: string[] = [];
  const surnames = ['иванов', 'смирнова', 'кузнецов', 'федоров', 'семёнова', 'петров', 'соколова', 'морозов'];
  const typos = ['ивонов', 'смирнав', 'кузнецав', 'михаилов', 'лебедв'];
  for (let k = 0; k < n; k++) {
    const i = rnd(total);
    const d = String(1_000_000 + i)
      .slice(1)
      .padStart(7, '0');
    const tail = String(i % 100).padStart(2, '0');
    switch (k % 8) {
      case 0:
        out.push(surnames[k % surnames.length]);
        break;
      case 1:
        out.push(`+7 9${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5, 7)} ${tail}`);
        break;
      case 2:
        out.push(`89${d}${tail}`);
        break;
      case 3:
        out.push(`user${i}@example.ru`);
        break;
      case 4:
        out.push(typos[k % typos.length]);
        break;
      case 5:
        out.push(`${surnames[k % surnames.length]} анна`);
        break;
      case 6:
        out.push(`компания ${i % 5000}`);
        break;
      default:
        out.push(`user${i}`);
        break;
    }
  }
  return out;
}

async function run(db: 'pglite' | 'postgres', csv: string, dir: string) {
  const env = args.reuse ? await reuseKernel(db, args.reuse) : await benchKernel(db, join(dir, db));
  try {
    const t0 = performance.now();
    let imp: { ws: string; stored: number };
    if (args.reuse) {
      const ws = await env.kernel.auth.ensureWorkspace('bench');
      const stored = Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = ${ws.id}`.execute(
            env.kernel.db,
          )
        ).rows[0].n,
      );
      imp = { ws: ws.id, stored };
    } else imp = await importPeople(env.kernel, 'bench', csv);
    const loadSeconds = (performance.now() - t0) / 1000;
    const people = env.kernel.crm.people;
    // Warm-up (plans, caches), not measured.
    for (const q of searches().slice(0, 20)) await people.list(imp.ws, { q, limit: 50 });
    const sTimes: number[] = [];
    const slow: [number, string][] = [];
    const byKind = new Map<string, number[]>();
    let hits = 0;
    for (const [k, q] of searches().entries()) {
      const t = performance.now();
      const r = await people.list(imp.ws, { q, limit: 50 });
      const ms = performance.now() - t;
      sTimes.push(ms);
      slow.push([ms, q]);
      byKind.set(KINDS[k % 8], [...(byKind.get(KINDS[k % 8]) ?? []), ms]);
      if (r.data.length) hits++;
    }
    const kinds = [...byKind].map(([kind, ts]) => {
      ts.sort((a, b) => a - b);
      return `${kind} ${pct(ts, 50).toFixed(0)}/${ts[ts.length - 1].toFixed(0)}`;
    });
    const lTimes: number[] = [];
    const shapes = [
      { sort: 'createdAt' as const },
      { sort: 'lastName' as const, order: 'asc' as const },
      { sort: 'lastName' as const, order: 'asc' as const, city: 'Казань' },
      { sort: 'createdAt' as const, city: 'Москва' },
    ];
    for (let k = 0; k < n; ) {
      const shape = shapes[((k / 10) % shapes.length) | 0];
      let cursor: string | undefined;
      // Ten consecutive pages of a view, as a user scrolling it.
      for (let page = 0; page < 10 && k < n; page++, k++) {
        const t = performance.now();
        const r = await people.list(imp.ws, { ...shape, limit: 50, cursor });
        lTimes.push(performance.now() - t);
        cursor = r.nextCursor ?? undefined;
        if (!cursor) break;
      }
    }
    sTimes.sort((a, b) => a - b);
    lTimes.sort((a, b) => a - b);
    slow.sort((a, b) => b[0] - a[0]);
    const slowest = slow.slice(0, 4).map(([ms, q]) => `"${q}" ${ms.toFixed(0)}`);
    return {
      loadSeconds,
      stored: imp.stored,
      hits,
      kinds,
      slowest,
      s50: pct(sTimes, 50),
      s99: pct(sTimes, 99),
      sMax: sTimes[sTimes.length - 1],
      l50: pct(lTimes, 50),
      l99: pct(lTimes, 99),
      lMax: lTimes[lTimes.length - 1],
      nl: lTimes.length,
    };
  } finally {
    await env.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'kt-crm-search-'));
const lines: string[] = [];
try {
  const csv = join(dir, 'people.csv');
  if (!args.reuse) await writeCsv(csv, total);
  for (const db of dbs) {
    if (db === 'postgres' && !(await postgresAvailable())) {
      lines.push('postgres: server not reachable, skipped');
      continue;
    }
    const r = await run(db, csv, dir);
    const ok = (v: number) => (v <= 50 ? 'met' : 'NOT met');
    lines.push(
      args.reuse
        ? `${db.padEnd(9)} reused ${args.reuse}: ${r.stored.toLocaleString('en')} people`
        : `${db.padEnd(9)} loaded ${r.stored.toLocaleString('en')} people via the import in ${r.loadSeconds.toFixed(0)} s`,
    );
    lines.push(
      `${db.padEnd(9)} search  p50 ${r.s50.toFixed(1)} ms, p99 ${r.s99.toFixed(1)} ms, max ${r.sMax.toFixed(1)} ms (${n} queries, ${r.hits} with results) budget p99 50 ms: ${ok(r.s99)}`,
    );
    lines.push(
      `${db.padEnd(9)} search by kind, p50/max ms: ${r.kinds.join('; ')}; slowest: ${r.slowest.join(', ')} ms`,
    );
    lines.push(
      `${db.padEnd(9)} list    p50 ${r.l50.toFixed(1)} ms, p99 ${r.l99.toFixed(1)} ms, max ${r.lMax.toFixed(1)} ms (${r.nl} pages of 50: by created, by last name, with a city filter) budget p99 50 ms: ${ok(r.l99)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\ncrm-search (${total.toLocaleString('en')} people; crm.people.list in process, as GET /people; 2-core machine shared with other work)`,
);
for (const l of lines) console.log(l);
