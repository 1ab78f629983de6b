import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { TEST_DB, freshDatabase } from '../../test/helpers.ts';

/**
 * Issue 4's kill-mid-load test: a real server process takes concurrent batches and is SIGKILLed in
 * the middle; every messageId whose batch was answered 200 must be stored exactly once after a
 * restart on the same data, and sending everything again (acknowledged or not) adds no duplicates.
 */
const BIN = join(import.meta.dirname, '../../bin/kartoteka.js');
const BATCHES = 60;
const PER_BATCH = 50;
const WORKERS = 6;
const KILL_AFTER_ACKS = 12;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('cdp: durability when the server is killed mid-load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-durability-'));
  let env: Record<string, string> = {};
  let url: string | undefined;
  let dropDb: (() => Promise<void>) | null = null;
  let server: ChildProcess | null = null;

  const childEnv = () => ({ ...process.env, LOG_LEVEL: 'warn', KARTOTEKA_RATE_LIMIT_PER_MINUTE: '1000000', ...env });

  async function start(): Promise<string> {
    const port = await freePort();
    server = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env: childEnv(),
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return base;
      } catch {
        /* not up yet */
      }
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the server did not start');
  }

  async function stop(signal: NodeJS.Signals) {
    const s = server;
    server = null;
    if (!s || s.exitCode !== null || s.signalCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill(signal);
    await exited;
  }

  /** messageId → stored rows, straight from the database (the server is stopped). */
  async function storedCounts(): Promise<Map<string, number>> {
    const q = `SELECT message_id, count(*)::int AS n FROM events WHERE message_id LIKE 'dur-%' GROUP BY message_id`;
    let rows: { message_id: string; n: number }[];
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      rows = (await c.query(q)).rows;
      await c.end();
    } else {
      const lite = await PGlite.create(dir);
      rows = (await lite.query<{ message_id: string; n: number }>(q)).rows;
      await lite.close();
    }
    return new Map(rows.map((r) => [r.message_id, Number(r.n)]));
  }

  beforeAll(async () => {
    if (TEST_DB === 'postgres') {
      const fresh = await freshDatabase();
      await fresh.database.close();
      url = fresh.url!;
      env = { DATABASE_URL: url };
      dropDb = fresh.drop;
    }
  });
  afterAll(async () => {
    await stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('every acknowledged event survives SIGKILL exactly once; re-sending everything adds no duplicates', async () => {
    let base = await start();
    const key = spawnSync('node', [BIN, 'apikey', 'create', '--role', 'admin', '--data', dir], {
      env: childEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    }).stdout.trim();
    expect(key).toMatch(/^kt_/);
    const created = await fetch(`${base}/api/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Durability', kind: 'server' }),
    });
    expect(created.status).toBe(201);
    const { writeKey } = (await created.json()) as { writeKey: string };
    const headers = {
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    };

    // Known users, returning and new visitors, identifies with traits: the whole ingest path, merges included.
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: PER_BATCH }, (_, i) => {
        const n = b * PER_BATCH + i;
        const ids =
          n % 3 === 0
            ? { userId: `dur-user-${n % 40}`, anonymousId: `dur-anon-${n % 97}` }
            : { anonymousId: `dur-anon-${n % 97}` };
        return n % 10 === 0
          ? {
              type: 'identify',
              messageId: `dur-${b}-${i}`,
              ...ids,
              traits: { email: `dur-${n % 40}@example.com`, seq: n },
            }
          : {
              type: 'track',
              messageId: `dur-${b}-${i}`,
              event: 'Order Completed',
              ...ids,
              properties: { order_id: `o-${n}`, revenue: n, products: [{ sku: `s-${n % 7}`, quantity: 1 }] },
            };
      }),
    );
    const post = (batch: unknown[]) =>
      fetch(`${base}/v1/batch`, { method: 'POST', headers, body: JSON.stringify({ batch }) });

    const acked = new Set<string>();
    let ackedBatches = 0;
    let failed = 0;
    let next = 0;
    let killing: Promise<void> | null = null;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < BATCHES) {
          const batch = batches[next++];
          try {
            const r = await post(batch);
            if (r.status !== 200) {
              failed++;
              continue;
            }
            const body = (await r.json()) as { success: boolean; rejected?: unknown[] };
            expect(body).toEqual({ success: true });
            for (const m of batch) acked.add(m.messageId);
            if (++ackedBatches === KILL_AFTER_ACKS) killing = stop('SIGKILL');
          } catch {
            failed++; // the server is gone: this batch may or may not have been stored
          }
        }
      }),
    );
    await killing;
    expect(ackedBatches).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(failed).toBeGreaterThan(0); // the kill really happened mid-load

    // Restart on the same data; nothing acknowledged is missing or doubled.
    await start();
    await stop('SIGTERM');
    const afterKill = await storedCounts();
    const missing = [...acked].filter((id) => afterKill.get(id) !== 1);
    expect(missing).toEqual([]);
    expect([...afterKill.values()].every((n) => n === 1)).toBe(true);

    // Send everything again, acknowledged or not: every message ends up stored exactly once.
    base = await start();
    let i = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (i < BATCHES) {
          const r = await post(batches[i++]);
          expect(r.status).toBe(200);
        }
      }),
    );
    await stop('SIGTERM');
    const final = await storedCounts();
    expect(final.size).toBe(BATCHES * PER_BATCH);
    expect([...final.values()].every((n) => n === 1)).toBe(true);
  }, 240_000); // four server starts and two loads: slow on a busy 2-core machine, so more than the default 60 s
});
