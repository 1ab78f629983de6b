import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { systemActor } from './actor.ts';

describe('auth: API keys, sessions, roles', () => {
  let env: TestEnv;
  let admin: Awaited<ReturnType<TestEnv['workspace']>>;
  beforeAll(async () => {
    env = await startTestEnv();
    admin = await env.workspace('acme');
  });
  afterAll(async () => env?.close());

  // Without a key, as the web app does: the CSRF header and our own origin (src/core/http/csrf.ts).
  const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    env.app.inject({
      method: method as any,
      url,
      headers: headers.authorization ? headers : { 'x-kartoteka-request': '1', origin: 'http://localhost', ...headers },
      ...(payload !== undefined ? { payload: payload as any } : {}),
    });

  it('no key → 401 with the error shape; unknown or malformed key → 401', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer kt_nope' },
      { authorization: 'Basic abc' },
      { authorization: 'Bearer' },
    ]) {
      const r = await call('GET', '/api/v1/users', headers);
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: [] } });
    }
  });

  it('a key is stored hashed, shown once, and works until revoked', async () => {
    const created = await call('POST', '/api/v1/api-keys', admin.auth, { name: 'integration', role: 'marketer' });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^kt_/);
    expect(key.startsWith(prefix)).toBe(true);
    const row = await env.kernel.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key);
    const list = await call('GET', '/api/v1/api-keys', admin.auth);
    expect(list.body).not.toContain(key);
    const me = await call('GET', '/api/v1/auth/me', { authorization: `Bearer ${key}` });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'marketer', workspace: { slug: 'acme' }, user: null });
    const revoked = await call('DELETE', `/api/v1/api-keys/${id}`, admin.auth);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await call('GET', '/api/v1/auth/me', { authorization: `Bearer ${key}` });
    expect(after.statusCode).toBe(401);
  });

  it('roles: wrong role → 403 FORBIDDEN naming the permission; allowed reads pass', async () => {
    for (const role of ['manager', 'marketer', 'agent', 'viewer'] as const) {
      const k = await env.workspace('acme', role);
      const r = await call('POST', '/api/v1/api-keys', k.auth, { name: 'x', role: 'admin' });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
      expect(r.json().error.message).toContain('settings:manage');
      expect((await call('GET', '/api/v1/users', k.auth)).statusCode).toBe(200);
    }
    const viewer = await env.workspace('acme', 'viewer');
    expect((await call('GET', '/api/v1/audit', viewer.auth)).statusCode).toBe(403);
    const manager = await env.workspace('acme', 'manager');
    expect((await call('GET', '/api/v1/audit', manager.auth)).statusCode).toBe(200);
  });

  it('users: invite a new email, log in with a session cookie (joins), change role, disable here (sessions end), password rules', async () => {
    const bad = await call('POST', '/api/v1/users', admin.auth, {
      email: 'not-an-email',
      name: 'X',
      password: 'short',
      role: 'chief',
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad
      .json()
      .error.details.map((d: any) => d.path)
      .sort();
    expect(paths).toEqual(['email', 'password', 'role']);

    const created = await call('POST', '/api/v1/users', admin.auth, {
      email: 'Maria.Ivanova@Acme.test',
      name: 'Мария Иванова',
      password: 'correct horse',
      role: 'agent',
      locale: 'ru',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'maria.ivanova@acme.test',
      name: 'Мария Иванова',
      role: 'agent',
      status: 'invited',
    });
    const dup = await call('POST', '/api/v1/users', admin.auth, {
      email: 'maria.ivanova@acme.test',
      name: 'Dup',
      password: 'whatever1',
      role: 'agent',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ALREADY_EXISTS');
    const invited = (await call('GET', '/api/v1/workspace/invitations', admin.auth)).json().data;
    expect(invited.map((i: any) => i.email)).toContain('maria.ivanova@acme.test');

    const wrong = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'maria.ivanova@acme.test', password: 'wrong password' },
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'nobody@acme.test', password: 'wrong password' },
    );
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');

    // A new login joins the workspace that invited it when it first signs in.
    const login = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'MARIA.IVANOVA@acme.test', password: 'correct horse' },
    );
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/kt_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(';')[0];
    const me = await call('GET', '/api/v1/auth/me', { cookie });
    expect(me.json()).toMatchObject({
      user: { email: 'maria.ivanova@acme.test' },
      role: 'agent',
      workspace: { slug: 'acme' },
    });
    expect(me.json().permissions).toContain('service:write');
    expect(
      (await call('GET', '/api/v1/workspace/invitations', admin.auth)).json().data.map((i: any) => i.email),
    ).not.toContain('maria.ivanova@acme.test');
    const user = (await call('GET', '/api/v1/users', admin.auth))
      .json()
      .data.find((u: any) => u.email === 'maria.ivanova@acme.test');
    expect(user).toMatchObject({ name: 'Мария Иванова', role: 'agent', disabled: false });
    expect((await call('POST', '/api/v1/api-keys', { cookie }, { name: 'x', role: 'admin' })).statusCode).toBe(403);

    const promoted = await call('PATCH', `/api/v1/users/${user.id}`, admin.auth, { role: 'admin' });
    expect(promoted.json().role).toBe('admin');
    expect((await call('GET', '/api/v1/api-keys', { cookie })).statusCode).toBe(200);

    // Maria is now the only admin member: the workspace needs another before she can be disabled.
    expect((await call('PATCH', `/api/v1/users/${user.id}`, admin.auth, { disabled: true })).statusCode).toBe(409);
    await env.kernel.auth.createMember(systemActor(admin.id), {
      email: 'boss@acme.test',
      name: 'Boss',
      password: 'boss-password',
      role: 'admin',
    });
    const disabled = await call('PATCH', `/api/v1/users/${user.id}`, admin.auth, { disabled: true });
    expect(disabled.json().disabled).toBe(true);
    expect((await call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
    expect(
      (await call('POST', '/api/v1/auth/login', {}, { email: 'maria.ivanova@acme.test', password: 'correct horse' }))
        .statusCode,
    ).toBe(401);
    const enabled = await call('PATCH', `/api/v1/users/${user.id}`, admin.auth, { disabled: false });
    expect(enabled.json().disabled).toBe(false);
    expect(
      (await call('POST', '/api/v1/auth/login', {}, { email: 'maria.ivanova@acme.test', password: 'correct horse' }))
        .statusCode,
    ).toBe(200);
  });

  it('my profile: language and password change need the current password; logout ends the session', async () => {
    const ws = await env.kernel.auth.ensureWorkspace('acme');
    await env.kernel.auth.createMember(systemActor(ws.id), {
      email: 'self@acme.test',
      name: 'Self',
      password: 'first-password',
      role: 'viewer',
    });
    const login = await call('POST', '/api/v1/auth/login', {}, { email: 'self@acme.test', password: 'first-password' });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const lang = await call('PATCH', '/api/v1/auth/me', { cookie }, { locale: 'en' });
    expect(lang.json().user.locale).toBe('en');
    const noCurrent = await call('PATCH', '/api/v1/auth/me', { cookie }, { password: 'second-password' });
    expect(noCurrent.statusCode).toBe(400);
    expect(noCurrent.json().error.details[0].path).toBe('currentPassword');
    const ok = await call(
      'PATCH',
      '/api/v1/auth/me',
      { cookie },
      { password: 'second-password', currentPassword: 'first-password' },
    );
    expect(ok.statusCode).toBe(200);
    expect(
      (await call('POST', '/api/v1/auth/login', {}, { email: 'self@acme.test', password: 'second-password' }))
        .statusCode,
    ).toBe(200);
    expect((await call('POST', '/api/v1/auth/logout', { cookie })).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
  });

  it('the last admin cannot be demoted, disabled or removed', async () => {
    const ws = await env.kernel.auth.ensureWorkspace('solo');
    const actor = systemActor(ws.id);
    const only = await env.kernel.auth.createMember(actor, {
      email: 'only@solo.test',
      name: 'Only',
      password: 'only-password',
      role: 'admin',
    });
    const key = await env.workspace('solo');
    for (const [method, payload] of [
      ['PATCH', { role: 'viewer' }],
      ['PATCH', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const r = await call(method, `/api/v1/users/${only.id}`, key.auth, payload);
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('CONFLICT');
    }
  });

  it('a user in two workspaces switches between them', async () => {
    const w1 = await env.kernel.auth.ensureWorkspace('one');
    const w2 = await env.kernel.auth.ensureWorkspace('two');
    await env.kernel.auth.createMember(systemActor(w1.id), {
      email: 'multi@x.test',
      name: 'Multi',
      password: 'multi-password',
      role: 'admin',
    });
    await env.kernel.auth.createMember(systemActor(w2.id), {
      email: 'multi@x.test',
      name: 'Multi',
      password: 'ignored-password',
      role: 'viewer',
    });
    const login = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'multi@x.test', password: 'multi-password', workspace: 'two' },
    );
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    expect(login.json()).toMatchObject({ workspace: { slug: 'two' }, role: 'viewer' });
    expect(
      login
        .json()
        .workspaces.map((w: any) => w.slug)
        .sort(),
    ).toEqual(['one', 'two']);
    expect((await call('POST', '/api/v1/auth/switch-workspace', { cookie }, { slug: 'one' })).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', { cookie })).json()).toMatchObject({
      workspace: { slug: 'one' },
      role: 'admin',
    });
  });

  it('workspace settings that modules read are validated', async () => {
    const bad = await call('PATCH', '/api/v1/workspace', admin.auth, {
      settings: { maxIdentitiesPerPerson: 0, requireConsent: 'yes', traitPrecedence: { email: 'crm' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: any) => d.path)
        .sort(),
    ).toEqual(['settings.maxIdentitiesPerPerson', 'settings.requireConsent', 'settings.traitPrecedence.email']);
    const good = await call('PATCH', '/api/v1/workspace', admin.auth, {
      settings: { maxIdentitiesPerPerson: 50, traitPrecedence: { email: ['crm', 'web'] }, theme: 'dark' },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().settings).toMatchObject({
      maxIdentitiesPerPerson: 50,
      traitPrecedence: { email: ['crm', 'web'] },
      theme: 'dark',
    });
  });
});
