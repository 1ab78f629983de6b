import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DB, freshDatabase } from '../../test/helpers.ts';

const BIN = join(import.meta.dirname, '../../bin/kartoteka.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('the kartoteka command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-cli-'));
  let env: Record<string, string> = {};
  let dropDb: (() => Promise<void>) | null = null;
  let server: ChildProcess | null = null;

  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    spawnSync('node', [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, ...extraEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    if (TEST_DB === 'postgres') {
      const fresh = await freshDatabase();
      await fresh.database.close();
      env = { DATABASE_URL: fresh.url! };
      dropDb = fresh.drop;
    }
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('apikey create prints only the key, creating the workspace and schema on first use', async () => {
    const r = run(['apikey', 'create', '--role', 'admin', '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^kt_[A-Za-z0-9_-]+\n$/);
    const other = run(['apikey', 'create', '--role', 'viewer', '--workspace', 'second', '--data', dir]);
    expect(other.stdout).toMatch(/^kt_[A-Za-z0-9_-]+\n$/);
    expect(other.stdout).not.toBe(r.stdout);
    const bad = run(['apikey', 'create', '--role', 'chief', '--data', dir]);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
  });

  it('a bad setting stops the start with a message naming the variable', () => {
    const r = run(['serve', '--data', dir], { PORT: 'eighty' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT');
  });

  it('serve answers /healthz; a CLI command meanwhile works through the server or refuses clearly', async () => {
    const port = await freePort();
    server = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dir], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: 'pipe',
    });
    let up = false;
    for (let i = 0; i < 600 && !up; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        up = res.status === 200 && (await res.json()).status === 'ok';
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(up).toBe(true);

    const key = run(['apikey', 'create', '--role', 'manager', '--data', dir]);
    expect(key.status).toBe(0);
    expect(key.stdout).toMatch(/^kt_[A-Za-z0-9_-]+\n$/);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${key.stdout.trim()}` },
    });
    expect(me.status).toBe(200);
    expect((await me.json()).role).toBe('manager');

    if (TEST_DB === 'pglite') {
      expect(existsSync(join(dir, 'kartoteka.lock'))).toBe(true);
      const migrate = run(['migrate', '--data', dir]);
      expect(migrate.status).toBe(2);
      expect(migrate.stderr).toMatch(/in use by process \d+/);
    }
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = null;
    if (TEST_DB === 'pglite') expect(existsSync(join(dir, 'kartoteka.lock'))).toBe(false);
    // The data written through the server survived its shutdown.
    const again = run(['migrate', '--data', dir]);
    expect(again.status).toBe(0);
  });
});
