import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { systemActor } from './actor.ts';
import { THROTTLE } from './auth.ts';

/**
 * Issue 11, findings 1, 3 and 8: a workspace admin manages memberships, never another workspace's
 * login; logins back off per account and per address, and a client cannot pick its own address;
 * a new password ends the other sessions; API keys expire; cookies are Secure over HTTPS.
 */

type Headers = Record<string, string>;
const injector =
  (env: () => TestEnv) =>
  (method: string, url: string, headers: Headers = {}, payload?: unknown, remoteAddress?: string) =>
    env().app.inject({
      method: method as any,
      url,
      // Without a key, as the web app does: the CSRF header and our own origin (src/core/http/csrf.ts).
      headers: headers.authorization ? headers : { 'x-kartoteka-request': '1', origin: 'http://localhost', ...headers },
      ...(payload !== undefined ? { payload: payload as any } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    });

describe('accounts across workspaces', () => {
  let env: TestEnv;
  const call = injector(() => env);
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  let b: Awaited<ReturnType<TestEnv['workspace']>>;
  let aliceId: string;
  const ALICE = { email: 'alice.admin@a.test', name: 'Alice Real-Name', password: 'alice-own-password' };
  const login = async (email: string, password: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/api/v1/auth/login', {}, { email, password, ...extra });
  const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie']).split(';')[0];

  beforeAll(async () => {
    env = await startTestEnv();
    a = await env.workspace('ws-a');
    b = await env.workspace('ws-b');
    aliceId = (await env.kernel.auth.createMember(systemActor(a.id), { ...ALICE, role: 'admin' })).id;
  });
  afterAll(async () => env?.close());

  it("B's admin adding A's admin by email gets an invitation that reveals nothing, and cannot touch the login", async () => {
    const existing = await call('POST', '/api/v1/users', b.auth, {
      email: 'Alice.Admin@A.test',
      name: 'Whoever',
      password: 'attacker-password',
      role: 'admin',
    });
    const fresh = await call('POST', '/api/v1/users', b.auth, {
      email: 'brand.new@b.test',
      name: 'Whoever',
      password: 'attacker-password',
      role: 'admin',
    });
    // The same answer whether or not the login exists: only what B sent, and status "invited".
    expect(existing.statusCode).toBe(201);
    expect(fresh.statusCode).toBe(201);
    expect(Object.keys(existing.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(existing.json()).toMatchObject({
      email: 'alice.admin@a.test',
      name: 'Whoever',
      role: 'admin',
      status: 'invited',
    });
    expect(fresh.json()).toMatchObject({
      email: 'brand.new@b.test',
      name: 'Whoever',
      role: 'admin',
      status: 'invited',
    });
    for (const r of [existing, fresh]) expect(r.body).not.toContain(aliceId);
    expect(existing.body).not.toContain('Alice Real-Name');
    // B's lists show both the same way, and Alice is not B's member.
    const invitations = (await call('GET', '/api/v1/workspace/invitations', b.auth)).json().data;
    expect(invitations.map((i: any) => [i.email, i.name, i.status]).sort()).toEqual([
      ['alice.admin@a.test', 'Whoever', 'invited'],
      ['brand.new@b.test', 'Whoever', 'invited'],
    ]);
    const bUsers = await call('GET', '/api/v1/users', b.auth);
    expect(bUsers.body).not.toContain('alice.admin@a.test');
    expect(bUsers.body).not.toContain('Alice Real-Name');
    for (const body of [{ password: 'attacker-password' }, { disabled: true }, { name: 'Pwned' }]) {
      const r = await call('PATCH', `/api/v1/users/${aliceId}`, b.auth, body);
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
    // Alice's login is untouched: her password, her name, her workspace.
    expect((await login(ALICE.email, 'attacker-password')).statusCode).toBe(401);
    const ok = await login(ALICE.email, ALICE.password);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { name: 'Alice Real-Name' }, workspace: { slug: 'ws-a' }, role: 'admin' });
    expect(ok.json().workspaces.map((w: any) => w.slug)).toEqual(['ws-a']);
  });

  it('the invited person sees the invitation in their own session and accepts; then B manages only the membership', async () => {
    const cookie = cookieOf(await login(ALICE.email, ALICE.password));
    const mine = await call('GET', '/api/v1/invitations', { cookie });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data).toEqual([
      expect.objectContaining({
        workspace: { slug: 'ws-b', name: 'ws-b' },
        role: 'admin',
        invitedBy: 'API key "admin key"',
      }),
    ]);
    // Nobody else can answer it: another login gets 404, an API key is refused.
    await env.kernel.auth.createMember(systemActor(b.id), {
      email: 'bob@b.test',
      name: 'Bob',
      password: 'bob-password',
      role: 'admin',
    });
    const bob = cookieOf(await login('bob@b.test', 'bob-password'));
    expect((await call('GET', '/api/v1/invitations', { cookie: bob })).json().data).toEqual([]);
    expect(
      (await call('POST', `/api/v1/invitations/${mine.json().data[0].id}/accept`, { cookie: bob })).statusCode,
    ).toBe(404);
    expect((await call('POST', `/api/v1/invitations/${mine.json().data[0].id}/accept`, b.auth)).statusCode).toBe(404);

    const accepted = await call('POST', `/api/v1/invitations/${mine.json().data[0].id}/accept`, { cookie });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ workspace: { slug: 'ws-b', name: 'ws-b' }, role: 'admin' });
    expect((await call('GET', '/api/v1/invitations', { cookie })).json().data).toEqual([]);
    expect((await call('GET', '/api/v1/auth/me', { cookie })).json().workspaces.map((w: any) => w.slug)).toEqual([
      'ws-a',
      'ws-b',
    ]);
    expect((await call('GET', `/api/v1/users/${aliceId}`, b.auth)).json()).toMatchObject({
      email: ALICE.email,
      role: 'admin',
      disabled: false,
    });

    // B's admin still cannot change her password or name: refused, naming the field.
    const pw = await call('PATCH', `/api/v1/users/${aliceId}`, b.auth, { password: 'attacker-password' });
    expect(pw.statusCode).toBe(403);
    expect(pw.json().error.details).toEqual([
      { path: 'password', message: expect.stringContaining('only the person'), code: 'INVALID' },
    ]);
    const nm = await call('PATCH', `/api/v1/users/${aliceId}`, b.auth, { name: 'Pwned', role: 'viewer' });
    expect(nm.statusCode).toBe(403);
    expect(nm.json().error.details.map((d: any) => d.path)).toEqual(['name']);
    // Disabling her in B ends her B sessions only; A is untouched.
    const inB = cookieOf(await login(ALICE.email, ALICE.password, { workspace: 'ws-b' }));
    const disabled = await call('PATCH', `/api/v1/users/${aliceId}`, b.auth, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabled).toBe(true);
    expect((await call('GET', '/api/v1/auth/me', { cookie: inB })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', { cookie })).json()).toMatchObject({
      workspace: { slug: 'ws-a' },
      user: { name: 'Alice Real-Name' },
    });
    expect((await login(ALICE.email, ALICE.password, { workspace: 'ws-b' })).statusCode).toBe(401);
    expect((await login(ALICE.email, ALICE.password)).json()).toMatchObject({
      workspace: { slug: 'ws-a' },
      workspaces: [{ slug: 'ws-a' }],
    });
    expect((await call('GET', `/api/v1/users/${aliceId}`, a.auth)).json()).toMatchObject({
      disabled: false,
      name: 'Alice Real-Name',
    });
    // Removing her from B leaves her login and A alone.
    expect((await call('DELETE', `/api/v1/users/${aliceId}`, b.auth)).statusCode).toBe(204);
    expect((await login(ALICE.email, ALICE.password)).statusCode).toBe(200);
  });

  it('a declined or cancelled invitation goes; declining adds no membership', async () => {
    const inv = (
      await call('POST', '/api/v1/users', b.auth, {
        email: ALICE.email,
        name: 'Again',
        password: 'whatever-pass',
        role: 'viewer',
      })
    ).json();
    const cookie = cookieOf(await login(ALICE.email, ALICE.password));
    const declined = await call('POST', `/api/v1/invitations/${inv.id}/decline`, { cookie });
    expect(declined.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { cookie })).json().workspaces.map((w: any) => w.slug)).toEqual([
      'ws-a',
    ]);
    const again = (
      await call('POST', '/api/v1/users', b.auth, {
        email: ALICE.email,
        name: 'Again',
        password: 'whatever-pass',
        role: 'viewer',
      })
    ).json();
    expect((await call('DELETE', `/api/v1/workspace/invitations/${again.id}`, b.auth)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/invitations', { cookie })).json().data).toEqual([]);
    expect((await call('DELETE', `/api/v1/workspace/invitations/${again.id}`, b.auth)).statusCode).toBe(404);
    // Cancelling a new email's invitation before it ever signed in takes the login it made with it.
    const fresh = (
      await call('POST', '/api/v1/users', b.auth, {
        email: 'never.joined@b.test',
        name: 'Never',
        password: 'never-password',
        role: 'viewer',
      })
    ).json();
    expect((await call('DELETE', `/api/v1/workspace/invitations/${fresh.id}`, b.auth)).statusCode).toBe(204);
    expect((await login('never.joined@b.test', 'never-password')).statusCode).toBe(401);
    expect(
      await env.kernel.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'never.joined@b.test')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('a new password ends the other sessions and keeps this one; the old password stops working', async () => {
    await env.kernel.auth.createMember(systemActor(a.id), {
      email: 'carol@a.test',
      name: 'Carol',
      password: 'carol-first-pass',
      role: 'viewer',
    });
    const one = cookieOf(await login('carol@a.test', 'carol-first-pass'));
    const two = cookieOf(await login('carol@a.test', 'carol-first-pass'));
    const changed = await call(
      'PATCH',
      '/api/v1/auth/me',
      { cookie: one },
      { password: 'carol-second-pass', currentPassword: 'carol-first-pass' },
    );
    expect(changed.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { cookie: one })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { cookie: two })).statusCode).toBe(401);
    expect((await login('carol@a.test', 'carol-first-pass')).statusCode).toBe(401);
    expect((await login('carol@a.test', 'carol-second-pass')).statusCode).toBe(200);
  });

  it('an operator sets a password (the CLI path): every session ends, an audit entry in each workspace', async () => {
    const cookie = cookieOf(await login('carol@a.test', 'carol-second-pass'));
    const done = await env.kernel.auth.setPasswordByOperator('Carol@A.test', 'carol-operator-pass');
    expect(done).toMatchObject({ email: 'carol@a.test', sessionsEnded: expect.any(Number) });
    expect((await call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
    expect((await login('carol@a.test', 'carol-operator-pass')).statusCode).toBe(200);
    await expect(env.kernel.auth.setPasswordByOperator('nobody@a.test', 'whatever-pass')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(env.kernel.auth.setPasswordByOperator('carol@a.test', 'short')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('workspace admins cannot add members directly through the service either', async () => {
    await expect(
      env.kernel.auth.createMember(
        { ...systemActor(b.id), type: 'api_key', id: null },
        { email: ALICE.email, name: 'X', password: 'xxxxxxxx', role: 'admin' },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('login throttling', () => {
  let env: TestEnv;
  const call = injector(() => env);
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('throttle');
    await env.kernel.auth.createMember(systemActor(ws.id), {
      email: 'victim@t.test',
      name: 'Victim',
      password: 'victim-password',
      role: 'admin',
    });
  });
  afterAll(async () => env?.close());

  it('per account: a spoofed X-Forwarded-For does not help; 429 LOGIN_THROTTLED with Retry-After, even for the right password; the lockout is audited', async () => {
    for (let i = 0; i < THROTTLE.accountFree - 1; i++) {
      const r = await call(
        'POST',
        '/api/v1/auth/login',
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
        { email: 'victim@t.test', password: `guess-${i}` },
        '203.0.113.1',
      );
      expect(r.statusCode).toBe(401);
    }
    const last = await call(
      'POST',
      '/api/v1/auth/login',
      { 'x-forwarded-for': '198.51.100.99' },
      { email: 'Victim@T.test', password: 'guess-last' },
      '203.0.113.1',
    );
    expect(last.statusCode).toBe(401);
    const locked = await call(
      'POST',
      '/api/v1/auth/login',
      { 'x-forwarded-for': '198.51.100.100' },
      { email: 'victim@t.test', password: 'victim-password' },
      '203.0.113.2',
    );
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(THROTTLE.maxSeconds);
    const audit = (await call('GET', '/api/v1/audit?entityType=user&action=lockout', ws.auth)).json().data;
    const lockout = audit.find((e: any) => e.action === 'lockout');
    expect(lockout).toMatchObject({ actorType: 'system', entityType: 'user' });
    expect(JSON.stringify(lockout.changes)).toContain('203.0.113.1');
    // The row the lockout lives in is in the database: another API process sees it too.
    const row = await env.kernel.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', 'email:victim@t.test')
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(THROTTLE.accountFree);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());
    // When the lock has passed, the right password works and clears the account's count.
    await env.kernel.db
      .updateTable('login_throttle')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('key', '=', 'email:victim@t.test')
      .execute();
    expect(
      (
        await call(
          'POST',
          '/api/v1/auth/login',
          {},
          { email: 'victim@t.test', password: 'victim-password' },
          '203.0.113.3',
        )
      ).statusCode,
    ).toBe(200);
    expect(
      await env.kernel.db
        .selectFrom('login_throttle')
        .selectAll()
        .where('key', '=', 'email:victim@t.test')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('per address: many accounts guessed from one connection lock that address, whatever X-Forwarded-For says', async () => {
    for (let i = 0; i < THROTTLE.addressFree; i++) {
      const r = await call(
        'POST',
        '/api/v1/auth/login',
        { 'x-forwarded-for': `192.0.2.${i + 1}` },
        { email: `spray-${i}@t.test`, password: 'Password1' },
        '203.0.113.50',
      );
      expect(r.statusCode).toBe(401);
    }
    const locked = await call(
      'POST',
      '/api/v1/auth/login',
      { 'x-forwarded-for': '192.0.2.200' },
      { email: 'victim@t.test', password: 'victim-password' },
      '203.0.113.50',
    );
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toContain('address');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect(
      (
        await call(
          'POST',
          '/api/v1/auth/login',
          {},
          { email: 'victim@t.test', password: 'victim-password' },
          '203.0.113.51',
        )
      ).statusCode,
    ).toBe(200);
  });
});

describe('behind a trusted proxy', () => {
  let env: TestEnv;
  let plain: TestEnv;
  const call = injector(() => env);
  const callPlain = injector(() => plain);
  beforeAll(async () => {
    env = await startTestEnv({ trustProxy: '127.0.0.1, 10.0.0.0/8' });
    plain = await startTestEnv();
    for (const e of [env, plain]) {
      const w = await e.kernel.auth.ensureWorkspace('proxy');
      await e.kernel.auth.createMember(systemActor(w.id), {
        email: 'p@p.test',
        name: 'P',
        password: 'proxy-password',
        role: 'viewer',
      });
    }
  });
  afterAll(async () => {
    await env?.close();
    await plain?.close();
  });

  it('cookies are Secure when the trusted proxy says HTTPS; an untrusted X-Forwarded-Proto is ignored', async () => {
    const viaProxy = await call(
      'POST',
      '/api/v1/auth/login',
      { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' },
      { email: 'p@p.test', password: 'proxy-password' },
      '10.1.2.3',
    );
    expect(String(viaProxy.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    const plainHttp = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'p@p.test', password: 'proxy-password' },
      '10.1.2.3',
    );
    expect(String(plainHttp.headers['set-cookie'])).not.toMatch(/Secure/i);
    const spoofed = await call(
      'POST',
      '/api/v1/auth/login',
      { 'x-forwarded-proto': 'https' },
      { email: 'p@p.test', password: 'proxy-password' },
      '203.0.113.9',
    );
    expect(String(spoofed.headers['set-cookie'])).not.toMatch(/Secure/i);
    const untrusted = await callPlain(
      'POST',
      '/api/v1/auth/login',
      { 'x-forwarded-proto': 'https' },
      { email: 'p@p.test', password: 'proxy-password' },
    );
    expect(String(untrusted.headers['set-cookie'])).not.toMatch(/Secure/i);
  });

  it('the client address behind a trusted proxy is the forwarded one: the address backoff keys on it', async () => {
    for (let i = 0; i < THROTTLE.addressFree; i++)
      expect(
        (
          await call(
            'POST',
            '/api/v1/auth/login',
            { 'x-forwarded-for': '198.51.100.66' },
            { email: `spray-${i}@p.test`, password: 'Password1' },
            '10.0.0.1',
          )
        ).statusCode,
      ).toBe(401);
    expect(
      (
        await call(
          'POST',
          '/api/v1/auth/login',
          { 'x-forwarded-for': '198.51.100.66' },
          { email: 'p@p.test', password: 'proxy-password' },
          '10.0.0.1',
        )
      ).statusCode,
    ).toBe(429);
    expect(
      (
        await call(
          'POST',
          '/api/v1/auth/login',
          { 'x-forwarded-for': '198.51.100.67' },
          { email: 'p@p.test', password: 'proxy-password' },
          '10.0.0.1',
        )
      ).statusCode,
    ).toBe(200);
    const keys = (await env.kernel.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('ip:198.51.100.66');
    expect(keys).not.toContain('ip:10.0.0.1');
  });
});

describe('API key expiry', () => {
  let env: TestEnv;
  const call = injector(() => env);
  let admin: Awaited<ReturnType<TestEnv['workspace']>>;
  beforeAll(async () => {
    env = await startTestEnv();
    admin = await env.workspace('keys');
  });
  afterAll(async () => env?.close());

  it('a key may carry an expiry: shown in the list, refused in the past, and an expired key → 401 API_KEY_EXPIRED', async () => {
    const past = await call('POST', '/api/v1/api-keys', admin.auth, {
      name: 'old',
      role: 'viewer',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details[0].path).toBe('expiresAt');
    const malformed = await call('POST', '/api/v1/api-keys', admin.auth, {
      name: 'bad',
      role: 'viewer',
      expiresAt: 'tomorrow',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe('expiresAt');

    const until = new Date(Date.now() + 30 * 86400_000).toISOString();
    const created = await call('POST', '/api/v1/api-keys', admin.auth, {
      name: 'temporary',
      role: 'viewer',
      expiresAt: until,
    });
    expect(created.statusCode).toBe(201);
    expect(new Date(created.json().expiresAt).toISOString()).toBe(until);
    const list = (await call('GET', '/api/v1/api-keys', admin.auth)).json().data;
    expect(list.find((k: any) => k.id === created.json().id).expiresAt).not.toBeNull();
    expect(list.find((k: any) => k.name === 'admin key').expiresAt).toBeNull();

    // Its time passes before its first use.
    await env.kernel.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.json().id)
      .execute();
    const expired = await call('GET', '/api/v1/auth/me', { authorization: `Bearer ${created.json().key}` });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('API_KEY_EXPIRED');
    const never = await call('POST', '/api/v1/api-keys', admin.auth, {
      name: 'forever',
      role: 'viewer',
      expiresAt: null,
    });
    expect(never.json().expiresAt).toBeNull();
    expect((await call('GET', '/api/v1/auth/me', { authorization: `Bearer ${never.json().key}` })).statusCode).toBe(
      200,
    );
  });
});
