import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DB, freshDatabase } from '../../test/helpers.ts';
import { createKernel, loadConfig } from '../app/index.ts';
import { systemActor } from '../core/auth/actor.ts';

const BIN = join(import.meta.dirname, '../../bin/kartoteka.js');

/** `kartoteka user set-password`: the operator's way to set a login's password (issue 11). */
describe('kartoteka user set-password', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kt-cli-pw-'));
  let databaseUrl = '';
  let dropDb: (() => Promise<void>) | null = null;
  const openKernel = () =>
    createKernel(loadConfig({ dataDir: dir, ...(databaseUrl ? { databaseUrl } : {}), logLevel: 'silent' }, {}));
  const run = (args: string[], input?: string) =>
    spawnSync('node', [BIN, 'user', 'set-password', ...args, '--data', dir], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    if (TEST_DB === 'postgres') {
      const fresh = await freshDatabase();
      await fresh.database.close();
      databaseUrl = fresh.url!;
      dropDb = fresh.drop;
    }
    const k = await openKernel();
    const ws = await k.auth.ensureWorkspace('ops');
    const u = await k.auth.createMember(systemActor(ws.id), {
      email: 'ops@x.test',
      name: 'Ops',
      password: 'first-password',
      role: 'admin',
    });
    await k.auth.startSession(u.id, ws.id);
    await k.close();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('reads the password from stdin, ends every session, and the new password logs in', async () => {
    const r = run(['--email', 'OPS@x.test'], 'new-operator-password\n');
    expect(r.stderr).toContain('password changed for ops@x.test; 1 session(s) ended');
    expect(r.status).toBe(0);
    const k = await openKernel();
    try {
      expect(await k.db.selectFrom('sessions').select('id').execute()).toEqual([]);
      await expect(k.auth.login({ email: 'ops@x.test', password: 'first-password' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
      expect((await k.auth.login({ email: 'ops@x.test', password: 'new-operator-password' })).token).toBeTruthy();
    } finally {
      await k.close();
    }
  });

  it('refuses an unknown email or a short password, naming it', () => {
    const unknown = run(['--email', 'nobody@x.test', '--password', 'long-enough-pass']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('email');
    const short = run(['--email', 'ops@x.test', '--password', 'short']);
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('password');
  });
});
