import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { TEST_DB, eventually, freshDatabase } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';

/**
 * Issue 15's kill test for the send ledger: a real server process sends a few hundred emails to an
 * SMTP peer (throttled, so the kill lands mid-send), is SIGKILLed, and a new process on the same
 * data finishes the work. Every Message-ID (the ledger id) reaches the peer at most once, every
 * ledger row ends final — sent, or failed 'interrupted' for those the dead process held — and
 * every row marked sent was received.
 */
const BIN = join(import.meta.dirname, '../../bin/kartoteka.js');
const MESSAGES = 150;
const RATE = 20;
/** A short lease (60 s by default) so that the rows the dead process held expire soon: the test waits for them. */
const LEASE_SECONDS = 12;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

interface Row {
  id: string;
  status: string;
  reason: string | null;
}

describe('engage: a sender killed mid-broadcast sends nothing twice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-send-crash-'));
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
    KARTOTEKA_SECRET_KEY: randomBytes(32).toString('hex'),
    KARTOTEKA_SEND_LEASE_SECONDS: String(LEASE_SECONDS),
    ...env,
  });

  async function start(): Promise<string> {
    const port = await freePort();
    server = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env: childEnv(),
      // CRASH_DEBUG=FILE: the servers' log (at info) goes there.
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

  async function ledger(): Promise<Row[]> {
    const q = 'SELECT id::text AS id, status, reason FROM engage_messages ORDER BY id';
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query<Row>(q)).rows;
      } finally {
        await c.end();
      }
    }
    const lite = await PGlite.create(dir);
    try {
      return (await lite.query<Row>(q)).rows;
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
    // One key for both processes (a key file would do too; this keeps the data directory plain).
    env.KARTOTEKA_SECRET_KEY = randomBytes(32).toString('hex');
  });
  afterAll(async () => {
    await stop('SIGKILL');
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('each Message-ID at most once after SIGKILL and a restart; every ledger row final', async () => {
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
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const json = (await r.json()) as { id: string };
      expect(r.status, `${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
      return json;
    };
    const channel = await post('/channels', {
      type: 'email',
      name: 'Crash mail',
      config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <news@shop.example>' },
      ratePerSecond: RATE,
    });
    const template = await post('/templates', {
      channel: 'email',
      name: 'Receipt',
      kind: 'transactional',
      subject: 'Receipt {{ data.n }}',
      body: '<p>Hello {{ person.firstName }}, receipt {{ data.n }}</p>',
    });
    const persons: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < MESSAGES) {
          const n = next++;
          persons[n] = (await post('/people', { firstName: `P${n}`, emails: [`crash-${n}@example.org`] })).id;
        }
      }),
    );
    next = 0;
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < MESSAGES) {
          const n = next++;
          ids[n] = (
            await post('/messages', {
              personId: persons[n],
              channelId: channel.id,
              templateId: template.id,
              data: { n },
              idempotencyKey: `crash-${n}`,
            })
          ).id;
        }
      }),
    );
    // Mid-send: some delivered, most not yet (the channel sends RATE a second).
    await peer.waitFor(30, 120_000);
    await stop('SIGKILL');
    const atKill = peer.messageIds.length;
    expect(atKill).toBeLessThan(MESSAGES);

    // The same messages queued again (a client retrying after the crash) change nothing.
    base = await start();
    for (let n = 0; n < 20; n++) {
      const again = await post('/messages', {
        personId: persons[n],
        channelId: channel.id,
        templateId: template.id,
        data: { n },
        idempotencyKey: `crash-${n}`,
      });
      expect(again.id).toBe(ids[n]);
    }
    // The new process sends what was left; the rows the dead one held fail once their lease is out.
    await eventually(
      async () => {
        for (const status of ['queued', 'sending']) {
          const r = await fetch(`${base}/api/v1/messages?status=${status}&limit=1`, { headers });
          if (((await r.json()) as { data: unknown[] }).data.length) return false;
        }
        return true;
      },
      240_000,
      500,
    );
    await stop('SIGTERM');

    const rows = await ledger();
    expect(rows).toHaveLength(MESSAGES);
    const received = peer.messageIds.map((m) => /^<([0-9a-f-]{36})@/.exec(m)?.[1] ?? m);
    const counts = new Map<string, number>();
    for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
    // At most once.
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    const byStatus = new Map<string, Row[]>();
    for (const r of rows) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r]);
    expect([...byStatus.keys()].sort().filter((s) => s !== 'sent' && s !== 'failed')).toEqual([]);
    const sent = byStatus.get('sent') ?? [];
    const failed = byStatus.get('failed') ?? [];
    expect(sent.length + failed.length).toBe(MESSAGES);
    for (const f of failed) expect(f.reason).toBe('interrupted');
    // Every row marked sent reached the peer; what the dead process handed over unrecorded is among the failed.
    for (const s of sent) expect(counts.get(s.id), s.id).toBe(1);
    // The new process sent what the dead one had not claimed (a claim holds a few seconds' worth).
    expect(sent.length).toBeGreaterThan(MESSAGES / 2);
    const receivedIds = new Set(received);
    expect(received.length).toBe(sent.length + failed.filter((f) => receivedIds.has(f.id)).length);
    expect(received.every((id) => rows.some((r) => r.id === id))).toBe(true);
  }, 900_000);
});
