import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { TEST_DB, eventually, freshDatabase } from '../../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';

/**
 * Issue 17's durability test: a real server process runs a journey (wait an hour → send → update a
 * trait) for a hundred people. It is SIGKILLed mid-wait; while no process runs, the hour passes
 * (the stored timers are moved to a few seconds ahead, as a clock would move them); a new process
 * on the same data continues every run when its timer comes (not before); it is SIGKILLed again as
 * the send steps run, and after a restart every run has its send step once in its log, one message
 * each in the ledger, each Message-ID reaching the SMTP peer at most once, and every run completes.
 */
const BIN = join(import.meta.dirname, '../../../bin/kartoteka.js');
const PEOPLE = 100;
/** Far longer than entering everyone takes, on a busy machine too: no timer comes before the kill. */
const WAIT_SECONDS = 3600;
/** How far ahead the timers are moved while the server is down: the restarted process must wait for them. */
const AHEAD_SECONDS = 5;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('journeys: a runtime killed mid-wait and mid-send', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-journey-crash-'));
  let env: Record<string, string> = {};
  let url: string | undefined;
  let dropDb: (() => Promise<void>) | null = null;
  let server: ChildProcess | null = null;
  let peer: SmtpPeer;

  const childEnv = () => ({
    ...process.env,
    LOG_LEVEL: process.env.CRASH_DEBUG ? 'info' : 'warn',
    KARTOTEKA_RATE_LIMIT_PER_MINUTE: '1000000',
    KARTOTEKA_OUTBOUND_ALLOW: '127.0.0.0/8',
    KARTOTEKA_SEND_LEASE_SECONDS: '10',
    ...env,
  });

  async function start(): Promise<string> {
    const port = await freePort();
    server = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env: childEnv(),
      stdio: process.env.CRASH_DEBUG
        ? ['ignore', openSync(process.env.CRASH_DEBUG, 'a'), openSync(process.env.CRASH_DEBUG, 'a')]
        : 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
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

  async function query<T>(q: string): Promise<T[]> {
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(q)).rows as T[];
      } finally {
        await c.end();
      }
    }
    const lite = await PGlite.create(dir);
    try {
      return (await lite.query<T>(q)).rows;
    } finally {
      await lite.close();
    }
  }

  beforeAll(async () => {
    peer = await startSmtpPeer({ parse: false });
    if (TEST_DB === 'postgres') {
      const fresh = await freshDatabase();
      await fresh.database.close();
      url = fresh.url!;
      env = { DATABASE_URL: url };
      dropDb = fresh.drop;
    }
    env.KARTOTEKA_SECRET_KEY = randomBytes(32).toString('hex');
  });
  afterAll(async () => {
    await stop('SIGKILL');
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('timers survive kill -9; a send step killed mid-way sends once', async () => {
    let base = await start();
    // A busy machine can take minutes to boot the command on a fresh data directory.
    const made = spawnSync('node', [BIN, 'apikey', 'create', '--role', 'admin', '--data', dir], {
      env: childEnv(),
      encoding: 'utf8',
      timeout: 300_000,
    });
    const key = made.stdout.trim();
    expect(key, `apikey create: ${made.error ?? ''} ${made.stderr}`).toMatch(/^kt_/);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}/api/v1${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await r.json()) as Record<string, any>;
      expect(r.status, `${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
      return json;
    };
    const channel = await call('POST', '/channels', {
      type: 'email',
      name: 'Crash mail',
      config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <news@shop.example>' },
      ratePerSecond: 200,
    });
    const template = await call('POST', '/templates', {
      channel: 'email',
      name: 'Hello',
      kind: 'transactional',
      subject: 'Hello {{ person.firstName }}',
      body: '<p>Hello</p>',
    });
    const journey = await call('POST', '/journeys', {
      name: 'Crash journey',
      definition: {
        entry: { api: true },
        steps: [
          { id: 'w', type: 'wait', duration: `${WAIT_SECONDS}s` },
          { id: 's', type: 'send', channelId: channel.id, templateId: template.id },
          { id: 't', type: 'update_trait', trait: 'journeyDone', value: true },
        ],
      },
    });
    await call('POST', `/journeys/${journey.id}/publish`, {});
    const persons: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < PEOPLE) {
          const n = next++;
          persons[n] = (await call('POST', '/people', { firstName: `P${n}`, emails: [`jc-${n}@example.org`] })).id;
        }
      }),
    );
    next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < PEOPLE) {
          const n = next++;
          const r = await call('POST', `/journeys/${journey.id}/enter`, { personId: persons[n] });
          expect(r.runId).toBeTruthy();
        }
      }),
    );
    // Mid-wait: every run is waiting at w (the runtime took each into the wait: its step entered,
    // not just the run placed there), then the process dies.
    await eventually(async () => {
      const s = await call('GET', `/journeys/${journey.id}/stats`);
      const w = s.data.find((x: { stepId: string }) => x.stepId === 'w');
      return w?.waiting === PEOPLE && w?.entered === PEOPLE;
    }, 120_000);
    await stop('SIGKILL');
    const [{ due }] = await query<{ due: Date }>(
      "SELECT min(due_at) AS due FROM engage_journey_runs WHERE state = 'waiting'",
    );
    expect(new Date(due).getTime()).toBeGreaterThan(Date.now() + (WAIT_SECONDS - 600) * 1000);
    // The hour passes while no process runs (a test cannot wait an hour): every timer now comes soon.
    await query(
      `UPDATE engage_journey_runs SET due_at = now() + interval '${AHEAD_SECONDS} seconds' WHERE state = 'waiting'`,
    );
    const moved = new Map(
      (
        await query<{ id: string; due_at: Date }>(
          "SELECT id::text AS id, due_at FROM engage_journey_runs WHERE state = 'waiting'",
        )
      ).map((r) => [r.id, new Date(r.due_at).getTime()]),
    );
    expect(moved.size).toBe(PEOPLE);

    // A new process: nothing runs before the timer; at the timer the send steps run, and it is
    // killed again as soon as the first ones are in (mid-send: the claim in progress is lost).
    base = await start();
    await eventually(
      async () => {
        const s = await call('GET', `/journeys/${journey.id}/stats`);
        return (s.data.find((x: { stepId: string }) => x.stepId === 's')?.entered ?? 0) > 0;
      },
      300_000,
      20,
    );
    await stop('SIGKILL');

    base = await start();
    await eventually(
      async () => {
        const s = await call('GET', `/journeys/${journey.id}/stats`);
        return s.journey.completed === PEOPLE;
      },
      240_000,
      250,
    );
    // Delivered (or failed 'interrupted' for those the killed sender held).
    await eventually(async () => {
      const r = await fetch(`${base}/api/v1/messages?status=queued&limit=1`, { headers });
      const r2 = await fetch(`${base}/api/v1/messages?status=sending&limit=1`, { headers });
      return (
        ((await r.json()) as { data: unknown[] }).data.length === 0 &&
        ((await r2.json()) as { data: unknown[] }).data.length === 0
      );
    }, 120_000);
    await stop('SIGTERM');

    const waits = await query<{ run_id: string; left_at: Date; entered_at: Date }>(
      "SELECT run_id::text AS run_id, left_at, entered_at FROM engage_journey_steps WHERE step_id = 'w'",
    );
    expect(waits).toHaveLength(PEOPLE);
    // On time: no wait ended before its (moved) timer.
    for (const w of waits) expect(new Date(w.left_at).getTime()).toBeGreaterThanOrEqual(moved.get(w.run_id)!);
    const sends = await query<{ run_id: string; n: number }>(
      "SELECT run_id, count(*)::int AS n FROM engage_journey_steps WHERE step_id = 's' GROUP BY run_id",
    );
    expect(sends).toHaveLength(PEOPLE);
    expect(sends.filter((s) => s.n !== 1)).toEqual([]);
    const messages = await query<{ id: string; person_id: string; status: string; reason: string | null }>(
      'SELECT id::text AS id, person_id::text AS person_id, status, reason FROM engage_messages',
    );
    expect(messages).toHaveLength(PEOPLE);
    expect(new Set(messages.map((m) => m.person_id)).size).toBe(PEOPLE);
    const received = peer.messageIds.map((m) => /^<([0-9a-f-]{36})@/.exec(m)?.[1] ?? m);
    const counts = new Map<string, number>();
    for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    for (const m of messages) {
      expect(['sent', 'failed']).toContain(m.status);
      if (m.status === 'failed') expect(m.reason).toBe('interrupted');
      else expect(counts.get(m.id)).toBe(1);
    }
    const runs = await query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM engage_journey_runs GROUP BY state',
    );
    expect(runs).toEqual([{ state: 'completed', n: PEOPLE }]);
  }, 900_000);
});
