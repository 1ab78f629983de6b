import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DB, freshDatabase } from '../../test/helpers.ts';
import { createKernel, loadConfig } from '../app/index.ts';
import { systemActor } from '../core/auth/actor.ts';
import { AppError } from '../core/errors.ts';

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
    } else if (inject('pgliteDump')) {
      // The run's migrated copy (test/global-setup.ts) as this data directory: migrating a new one
      // from nothing costs a PGlite process about 15 s of CPU, and `kartoteka` creating its schema on
      // first use is src/cli/cli.test.ts's to prove.
      const { PGlite } = await import('@electric-sql/pglite');
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
      const loaded = await PGlite.create(dir, {
        extensions: { pg_trgm },
        loadDataDir: new Blob([readFileSync(inject('pgliteDump'))]),
      });
      await loaded.close();
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

  it('refuses an unknown email or a short password, naming it', async () => {
    // The command's refusal — a message naming the field on stderr, a failing status — once for real.
    const unknown = run(['--email', 'nobody@x.test', '--password', 'long-enough-pass']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('email');
    // The same path for a short password: the service's refusal (an AppError, which the command
    // prints as `kartoteka: <message>` with status 2, as above) names the password.
    const k = await openKernel();
    try {
      const short = await k.auth.setPasswordByOperator('ops@x.test', 'short').catch((e: unknown) => e);
      expect(short).toBeInstanceOf(AppError);
      expect((short as AppError).message).toContain('password');
    } finally {
      await k.close();
    }
  });
});
