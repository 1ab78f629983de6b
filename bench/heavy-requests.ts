/**
 * No request may starve the server (issue 11, finding 4): /healthz latency on PGlite while the
 * heavy requests run. Seeds N people (default 400,000; 5,000 of them in one company, the rest in
 * companies of ~200) straight into a data directory, starts `kartoteka serve` on it, then polls
 * /healthz every 50 ms while
 *   phase 1: GET /people/export.csv (the whole list, streamed) and GET /people/duplicates run together;
 *   phase 2: POST /people/export (the job) until its file is downloaded, and five duplicates pages in a row.
 * Prints p50/p99/max of /healthz per phase and the duration of each heavy request.
 *
 *   npm run bench -- heavy-requests [--rows=400000] [--db=pglite|postgres]
 *
 * Target: /healthz p99 under 500 ms on PGlite.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { sql } from 'kysely';
import { BIN, PG_ADMIN, parseArgs } from './support.ts';
import { openDatabase } from '../src/app/index.ts';

const args = parseArgs();
const total = Number(args.rows ?? 400_000);
const db = (args.db ?? 'pglite') as 'pglite' | 'postgres';
const BIG_COMPANY = 5_000;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as any).port;
      s.close(() => resolve(port));
    });
  });

async function seed(target: { dataDir: string } | { databaseUrl: string }, n: number): Promise<number> {
  const database = await openDatabase(
    'databaseUrl' in target ? { databaseUrl: target.databaseUrl, dataDir: 'unused' } : { dataDir: target.dataDir },
  );
  const k = database.db;
  try {
    const ws = (await sql<{ id: string }>`SELECT id FROM workspaces ORDER BY created_at LIMIT 1`.execute(k)).rows[0].id;
    const companies = 1 + Math.ceil((n - BIG_COMPANY) / 200);
    await sql`
      INSERT INTO crm_companies (workspace_id, id, name)
      SELECT ${ws}::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, CASE WHEN c = 0 THEN 'АО Большая' ELSE 'Компания ' || c END
      FROM generate_series(0, ${companies - 1}) AS c`.execute(k);
    const first = `ARRAY['Анна','Иван','Мария','Сергей','Елена','Дмитрий','Ольга','Алексей','Наталья','Андрей','Татьяна','Михаил']`;
    const last = `ARRAY['Иванов','Смирнова','Кузнецов','Попова','Васильев','Петрова','Соколов','Михайлова','Новиков','Фёдорова','Морозов','Волкова','Лебедев','Семёнова','Егоров','Павлова']`;
    const step = 50_000;
    for (let from = 1; from <= n; from += step) {
      const to = Math.min(n, from + step - 1);
      const t = performance.now();
      await sql`
        INSERT INTO persons (workspace_id, id)
        SELECT ${ws}::uuid, ('10000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid FROM generate_series(${from}::int, ${to}::int) AS i`.execute(
        k,
      );
      await sql`
        INSERT INTO identities (workspace_id, kind, value, person_id)
        SELECT ${ws}::uuid, 'email', 'user' || i || '@example.ru', ('10000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid FROM generate_series(${from}::int, ${to}::int) AS i`.execute(
        k,
      );
      await sql`
        INSERT INTO crm_people (workspace_id, person_id, first_name, last_name, emails, phones, company_id, city, search, created_at, updated_at)
        SELECT ${ws}::uuid, ('10000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
               (${sql.raw(first)})[1 + i % 12], (${sql.raw(last)})[1 + (i / 12) % 16] || CASE WHEN i % 3 = 0 THEN '' ELSE '-' || (i % 997) END,
               ARRAY['user' || i || '@example.ru'], ARRAY['+79' || lpad(i::text, 9, '0')],
               ('00000000-0000-4000-8000-' || lpad(to_hex(CASE WHEN i <= ${BIG_COMPANY} THEN 0 ELSE 1 + (i - ${BIG_COMPANY}) / 200 END), 12, '0'))::uuid,
               (ARRAY['Москва','Казань','Омск','Пермь'])[1 + i % 4], '',
               now() - (i || ' seconds')::interval, now()
        FROM generate_series(${from}::int, ${to}::int) AS i`.execute(k);
      process.stdout.write(
        `  seeded ${to.toLocaleString('en')} people (${((performance.now() - t) / 1000).toFixed(1)} s for this batch)\n`,
      );
    }
    await sql`ANALYZE`.execute(k);
    return n;
  } finally {
    await database.close();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kt-heavy-'));
  let dbName: string | null = null;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    LOG_LEVEL: 'warn',
    KARTOTEKA_RATE_LIMIT_PER_MINUTE: '100000000',
  };
  if (db === 'postgres') {
    dbName = `kt_bench_${Date.now()}`;
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    env.DATABASE_URL = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  }
  let child: ChildProcess | null = null;
  try {
    // The key first (it creates the workspace), with no server holding the data directory.
    const made = spawnSync('node', [BIN, 'apikey', 'create', '--role', 'admin', '--data', dir], {
      env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    const key = (made.stdout ?? '').trim();
    if (!key.startsWith('kt_')) throw new Error(`no API key: ${made.stderr}`);
    const t0 = performance.now();
    await seed(db === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { dataDir: dir }, total);
    const seedSeconds = (performance.now() - t0) / 1000;

    const port = await freePort();
    child = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 1200; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const auth = { authorization: `Bearer ${key}` };
    // Warm-up: plans and caches (not measured).
    await (await fetch(`${base}/api/v1/people?limit=50`, { headers: auth })).text();

    /** Polls /healthz every 50 ms while `work` runs; its latencies. */
    const whilePolling = async (work: () => Promise<void>) => {
      const lat: number[] = [];
      let done = false;
      const poller = (async () => {
        while (!done) {
          const t = performance.now();
          const r = await fetch(`${base}/healthz`).catch(() => null);
          await r?.text();
          const ms = performance.now() - t;
          lat.push(r?.ok ? ms : 60_000);
          await new Promise((res) => setTimeout(res, Math.max(0, 50 - ms)));
        }
      })();
      const t = performance.now();
      await work().finally(() => (done = true));
      await poller;
      lat.sort((a, b) => a - b);
      return {
        wall: (performance.now() - t) / 1000,
        n: lat.length,
        p50: pct(lat, 50),
        p99: pct(lat, 99),
        max: lat[lat.length - 1] ?? 0,
      };
    };
    const timed = async (what: string, fn: () => Promise<string>) => {
      const t = performance.now();
      const detail = await fn();
      return `${what}: ${((performance.now() - t) / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}`;
    };
    const exportStream = () =>
      timed('GET /people/export.csv (streamed)', async () => {
        const r = await fetch(`${base}/api/v1/people/export.csv`, { headers: auth });
        let bytes = 0;
        let lines = 0;
        for await (const chunk of r.body as any as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines++;
        }
        return `${r.status}, ${(lines - 1).toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(0)} MB`;
      });
    const dupPages = (pages: number) =>
      timed(`GET /people/duplicates ×${pages} pages`, async () => {
        let cursor: string | null = null;
        let pairs = 0;
        let scanned = 0;
        let scored = 0;
        const each: string[] = [];
        for (let i = 0; i < pages; i++) {
          const t = performance.now();
          const r = await fetch(`${base}/api/v1/people/duplicates?limit=50${cursor ? `&cursor=${cursor}` : ''}`, {
            headers: auth,
          });
          const body: any = await r.json();
          each.push(`${r.status} ${((performance.now() - t) / 1000).toFixed(2)} s`);
          pairs += body.data?.length ?? 0;
          scanned += body.scan?.rowsScanned ?? 0;
          scored += body.scan?.candidatesScored ?? 0;
          cursor = body.nextCursor;
          if (!cursor) break;
        }
        return `${pairs} pairs, ${scanned.toLocaleString('en')} rows scanned, ${scored.toLocaleString('en')} candidates scored; per page ${each.join(', ')}`;
      });
    const exportJob = () =>
      timed('POST /people/export (job) → file downloaded', async () => {
        const s: any = await (await fetch(`${base}/api/v1/people/export`, { method: 'POST', headers: auth })).json();
        for (;;) {
          const j: any = await (await fetch(`${base}${s.statusUrl}`, { headers: auth })).json();
          if (j.state === 'completed') break;
          if (j.state === 'failed' || j.state === 'dead')
            throw new Error(`export job ${j.state}: ${JSON.stringify(j.output)}`);
          await new Promise((r) => setTimeout(r, 500));
        }
        const f = await fetch(`${base}${s.downloadUrl}`, { headers: auth });
        const bytes = (await f.arrayBuffer()).byteLength;
        return `${f.status}, ${(bytes / 1e6).toFixed(0)} MB`;
      });

    const idle = await whilePolling(() => new Promise((r) => setTimeout(r, 3000)));
    const p1: string[] = [];
    const phase1 = await whilePolling(async () => {
      p1.push(...(await Promise.all([exportStream(), dupPages(1)])));
    });
    const p2: string[] = [];
    const phase2 = await whilePolling(async () => {
      p2.push(...(await Promise.all([exportJob(), dupPages(5)])));
    });
    const fmt = (h: typeof idle) =>
      `/healthz p50 ${h.p50.toFixed(1)} ms, p99 ${h.p99.toFixed(1)} ms, max ${h.max.toFixed(1)} ms over ${h.n} polls (${h.wall.toFixed(1)} s)`;
    const ok = (h: typeof idle) => (h.p99 < 500 ? 'target met' : 'target NOT met');
    console.log(
      `heavy-requests on ${db}: ${total.toLocaleString('en')} people seeded in ${seedSeconds.toFixed(0)} s (one company of ${BIG_COMPANY.toLocaleString('en')})`,
    );
    console.log(`  idle:    ${fmt(idle)}`);
    console.log(`  phase 1: ${fmt(phase1)} — ${ok(phase1)}`);
    for (const l of p1) console.log(`           ${l}`);
    console.log(`  phase 2: ${fmt(phase2)} — ${ok(phase2)}`);
    for (const l of p2) console.log(`           ${l}`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  }
}

await main();
