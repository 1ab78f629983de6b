import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { systemActor } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { DEMO_PASSWORD } from './demo-accounts.ts';

/**
 * Issue 13, item 5: quick-login hints on the login page. GET /auth/demo-accounts is public, so it may
 * name only the demo's own logins and only while they still have the public demo password.
 */
describe('GET /auth/demo-accounts', () => {
  let env: TestEnv;
  const hints = async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { password: string | null; accounts: { email: string; name: string; role: string }[] };
  };

  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(async () => env?.close());

  it('is empty on an install without the demo', async () => {
    await env.workspace('prod');
    expect(await hints()).toEqual({ password: null, accounts: [] });
  });

  it('names the demo logins that still have the demo password, and never any other account', async () => {
    const ws = await env.workspace('default');
    const actor = systemActor(ws.id);
    await env.kernel.auth.createMember(actor, {
      email: 'admin@kartoteka.local',
      name: 'Администратор',
      role: 'admin',
      password: DEMO_PASSWORD,
    });
    await env.kernel.auth.createMember(actor, {
      email: 'dmitry.volkov@tekhnosnab.ru',
      name: 'Дмитрий Волков',
      role: 'manager',
      password: DEMO_PASSWORD,
    });
    await env.kernel.auth.createMember(actor, {
      email: 'james.wilson@example.com',
      name: 'James Wilson',
      role: 'viewer',
      password: DEMO_PASSWORD,
    });
    // Not a hinted login, though its password is the demo's: never listed.
    await env.kernel.auth.createMember(actor, {
      email: 'someone.else@corp.test',
      name: 'Someone Else',
      role: 'admin',
      password: DEMO_PASSWORD,
    });
    const first = await hints();
    expect(first.password).toBe(DEMO_PASSWORD);
    expect(first.accounts).toEqual([
      { email: 'admin@kartoteka.local', name: 'Администратор', role: 'admin', locale: 'ru' },
      { email: 'dmitry.volkov@tekhnosnab.ru', name: 'Дмитрий Волков', role: 'manager', locale: 'ru' },
      { email: 'james.wilson@example.com', name: 'James Wilson', role: 'viewer', locale: 'ru' },
    ]);
    expect(JSON.stringify(first)).not.toContain('someone.else');

    // A demo login whose password was changed is no longer offered (at once: the check follows the stored hash).
    await env.kernel.db
      .updateTable('users')
      .set({ password_hash: await hashPassword('a-password-of-my-own') })
      .where('email', '=', 'dmitry.volkov@tekhnosnab.ru')
      .execute();
    // A disabled login is not offered either.
    await env.kernel.db
      .updateTable('users')
      .set({ disabled_at: new Date() })
      .where('email', '=', 'james.wilson@example.com')
      .execute();
    expect((await hints()).accounts.map((a) => a.email)).toEqual(['admin@kartoteka.local']);

    // The hint works: the listed login signs in with the listed password.
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-kartoteka-request': '1', origin: 'http://localhost' },
      payload: { email: 'admin@kartoteka.local', password: (await hints()).password },
    });
    expect(login.statusCode, login.body).toBe(200);

    await env.kernel.db
      .updateTable('users')
      .set({ password_hash: await hashPassword('the-admin-changed-it') })
      .where('email', '=', 'admin@kartoteka.local')
      .execute();
    expect(await hints()).toEqual({ password: null, accounts: [] });
  });
});
