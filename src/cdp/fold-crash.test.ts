import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { TEST_DB, eventually, freshDatabase } from '../../test/helpers.ts';

/**
 * Issue 14's kill test for computed traits: a real server process acknowledges batches whose
 * computed traits are not folded yet and is SIGKILLed; a new process on the same data folds what
 * the first left, and every person's stats count each stored event exactly once. On PostgreSQL
 * the test holds person_stats locked while the first process runs, so each of its folds is
 * caught mid-transaction (rows claimed, nothing committed) when it dies; on PGlite the kill comes
 * right after the last acknowledgement, with folds queued or running.
 */
const BIN = join(import.meta.dirname, '../../bin/kartoteka.js');
const BATCHES = 30;
const PER_BATCH = 40;
const WORKERS = 4;
const USERS = 15;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

interface Check {
  stats: { user_id: string; event_count: number; order_count: number; revenue: string }[];
  events: { user_id: string; n: number; orders: number; revenue: string }[];
  queued: number;
}

describe('cdp: computed traits when the server is killed before they are folded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-fold-crash-'));
  let env: Record<string, string> = {};
  let url: string | undefined;
  let dropDb: (() => Promise<void>) | null = null;
  let server: ChildProcess | null = null;
  let blocker: pg.Client | null = null;

  const childEnv = () => ({ ...process.env, LOG_LEVEL: 'warn', KARTOTEKA_RATE_LIMIT_PER_MINUTE: '1000000', ...env });

  async function start(): Promise<string> {
    const port = await freePort();
    server = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env: childEnv(),
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    // Up to three minutes: migrating a new PGlite directory takes a minute on a busy 2-core machine.
    for (let i = 0; i < 1800; i++) {
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

  /** Per user: the stats row and what the stored events add up to; the queue's rows. Server stopped. */
  async function check(): Promise<Check> {
    const q = {
      stats: `SELECT i.value AS user_id, s.event_count, s.order_count, s.revenue::text AS revenue
              FROM person_stats s JOIN identities i ON i.workspace_id = s.workspace_id AND i.person_id = s.person_id AND i.kind = 'user_id'
              WHERE i.value LIKE 'crash-%' ORDER BY 1`,
      events: `SELECT user_id, count(*)::int AS n, count(*) FILTER (WHERE event = 'Order Completed')::int AS orders,
                      coalesce(sum((properties ->> 'revenue')::numeric) FILTER (WHERE event = 'Order Completed'), 0)::text AS revenue
               FROM events WHERE user_id LIKE 'crash-%' GROUP BY 1 ORDER BY 1`,
      queued: 'SELECT count(*)::int AS n FROM cdp_fold_queue',
    };
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return {
          stats: (await c.query(q.stats)).rows,
          events: (await c.query(q.events)).rows,
          queued: (await c.query(q.queued)).rows[0].n,
        };
      } finally {
        await c.end();
      }
    }
    const lite = await PGlite.create(dir);
    try {
      return {
        stats: (await lite.query<Check['stats'][number]>(q.stats)).rows,
        events: (await lite.query<Check['events'][number]>(q.events)).rows,
        queued: (await lite.query<{ n: number }>(q.queued)).rows[0].n,
      };
    } finally {
      await lite.close();
    }
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
    await blocker?.end().catch(() => {});
    await stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('every acknowledged event is in the profile exactly once after SIGKILL and a restart', async () => {
    let base = await start();
    // A busy machine can take minutes to boot the command on a fresh data directory.
    const made = spawnSync('node', [BIN, 'apikey', 'create', '--role', 'admin', '--data', dir], {
      env: childEnv(),
      encoding: 'utf8',
      timeout: 300_000,
    });
    const key = made.stdout.trim();
    expect(key, `apikey create: ${made.error ?? ''} ${made.stderr}`).toMatch(/^kt_/);
    const bearer = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/v1/sources`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ name: 'Crash', kind: 'server' }),
    });
    expect(created.status).toBe(201);
    const { writeKey } = (await created.json()) as { writeKey: string };
    const headers = {
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    };
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: PER_BATCH }, (_, i) => {
        const n = b * PER_BATCH + i;
        return {
          type: 'track',
          messageId: `crash-${n}`,
          userId: `crash-${n % USERS}`,
          event: n % 3 ? 'Product Viewed' : 'Order Completed',
          properties: { revenue: n },
        };
      }),
    );

    const post = async (batch: unknown[]) => {
      const r = await fetch(`${base}/v1/batch`, { method: 'POST', headers, body: JSON.stringify({ batch }) });
      expect(r.status).toBe(200);
    };
    const eventCount = async (userId: string) => {
      const r = await fetch(`${base}/api/v1/people/lookup?kind=user_id&value=${userId}`, { headers: bearer });
      return r.status === 200
        ? ((await r.json()) as { computedTraits: { eventCount: number } }).computedTraits.eventCount
        : -1;
    };
    // The persons first, folded: concurrent batches that create the same person would retry in
    // ingest's exclusive path, which waits for the folds holding the identity lock shared.
    await post(
      Array.from({ length: USERS }, (_, u) => ({ type: 'identify', messageId: `crash-id-${u}`, userId: `crash-${u}` })),
    );
    await eventually(async () => {
      for (let u = 0; u < USERS; u++) if ((await eventCount(`crash-${u}`)) !== 1) return false;
      return true;
    }, 120_000);
    const acked = new Map<string, number>(Array.from({ length: USERS }, (_, u) => [`crash-${u}`, 1]));

    // PostgreSQL: every fold of this process blocks on person_stats (a SHARE lock lets reads and
    // ingest through, not the fold's upsert) until after the kill.
    if (url) {
      blocker = new pg.Client({ connectionString: url });
      blocker.on('error', () => {}); // the database is dropped under it if the test fails
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE person_stats IN SHARE MODE');
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < BATCHES) {
          const batch = batches[next++];
          await post(batch);
          for (const m of batch) acked.set(m.userId, (acked.get(m.userId) ?? 0) + 1);
        }
      }),
    );
    if (blocker) {
      // Acknowledged, and not one fold committed: the queue holds every batch's row.
      const q = await blocker.query('SELECT count(*)::int AS n FROM cdp_fold_queue');
      expect(q.rows[0].n).toBeGreaterThan(0);
    }
    await stop('SIGKILL');
    if (blocker) {
      // The dead process's folds now run into its closed connections and roll back.
      await blocker.query('ROLLBACK');
      await blocker.end();
      blocker = null;
    }

    // A new process folds what the first left (its poll finds the rows).
    base = await start();
    await eventually(async () => {
      for (const [userId, n] of acked) if ((await eventCount(userId)) !== n) return false;
      return true;
    }, 120_000);
    await stop('SIGTERM');

    const c = await check();
    expect(c.queued).toBe(0);
    expect(c.events.length).toBe(USERS);
    for (const e of c.events) expect(e.n).toBe(acked.get(e.user_id));
    // Exactly once: each person's stats are what their stored events add up to.
    expect(c.stats.map((s) => [s.user_id, s.event_count, s.order_count, Number(s.revenue)])).toEqual(
      c.events.map((e) => [e.user_id, e.n, e.orders, Number(e.revenue)]),
    );
  }, 600_000); // two server starts and a fold backlog on a busy 2-core machine
});
