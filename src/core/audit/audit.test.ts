import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, BROWSER, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { systemActor } from '../auth/actor.ts';
import { diffRecords } from './diff.ts';

/**
 * The audit log through the API: who (actor type, id, label), through what (channel), what
 * (action, entity, field changes), with secrets never written in clear; filters, pagination,
 * permissions, and the log, the change and its webhook deliveries committing together.
 */

type Auth = { authorization: string } | { cookie: string };
type Change = { field: string; before: unknown; after: unknown };

describe('audit log', () => {
  let env: TestEnv;
  let ws: { id: string; key: string; auth: { authorization: string } };
  let keyId: string;

  const { api } = apiClient(() => env.app);
  const audit = async (query: string, auth: Auth = ws.auth) => {
    const r = await api('GET', `/api/v1/audit${query}`, undefined, auth);
    expect(r.status, r.text).toBe(200);
    return r;
  };
  const entriesFor = async (entityId: string) => (await audit(`?entityId=${entityId}&limit=500`)).body.data as any[];
  const change = (changes: Change[], field: string) => changes.find((c) => c.field === field);

  beforeAll(async () => {
    // Its webhooks point at a closed port on loopback: opened in the outbound policy (KARTOTEKA_OUTBOUND_ALLOW).
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('audit-main');
    keyId = (await api('GET', '/api/v1/auth/me', undefined, ws.auth)).body.apiKey.id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const password = 'first-Secret-pass';
  const newPassword = 'second-Secret-pass';
  const secrets: string[] = [password, newPassword];

  it('records inviting, updating and removing a user through the API', async () => {
    const invited = await api(
      'POST',
      '/api/v1/users',
      { email: 'Ann@Example.com', name: 'Ann', password, role: 'viewer' },
      ws.auth,
    );
    expect(invited.status).toBe(201);
    const [c] = await entriesFor(invited.body.id);
    expect(c).toMatchObject({
      actorType: 'api_key',
      actorId: keyId,
      actorLabel: 'API key "admin key"',
      channel: 'api',
      action: 'create',
      entityType: 'invitation',
      entityId: invited.body.id,
    });
    expect(c.requestId).toBe(invited.headers['x-request-id']);
    expect(change(c.changes, 'email')).toEqual({ field: 'email', before: null, after: 'ann@example.com' });
    expect(change(c.changes, 'role')).toEqual({ field: 'role', before: null, after: 'viewer' });
    expect(change(c.changes, 'name')).toEqual({ field: 'name', before: null, after: 'Ann' });
    expect(change(c.changes, 'password')).toBeUndefined();

    const userId = (
      await env.kernel.auth.createMember(systemActor(ws.id, 'test setup'), {
        email: 'ann.lee@example.com',
        name: 'Ann',
        password,
        role: 'viewer',
      })
    ).id;
    const updated = await api('PATCH', `/api/v1/users/${userId}`, { role: 'manager', disabled: true }, ws.auth);
    expect(updated.status).toBe(200);
    const [u] = await entriesFor(userId); // newest first
    expect(u).toMatchObject({
      actorType: 'api_key',
      actorId: keyId,
      channel: 'api',
      action: 'update',
      entityType: 'user',
      entityId: userId,
    });
    expect(change(u.changes, 'role')).toEqual({ field: 'role', before: 'viewer', after: 'manager' });
    expect(change(u.changes, 'disabled')).toEqual({ field: 'disabled', before: false, after: true });
    // only what changed
    expect(u.changes.map((x: Change) => x.field).sort()).toEqual(['disabled', 'role']);
    // the login's own password is not the workspace's to change: refused, and nothing recorded
    expect((await api('PATCH', `/api/v1/users/${userId}`, { password: newPassword }, ws.auth)).status).toBe(403);

    const deleted = await api('DELETE', `/api/v1/users/${userId}`, undefined, ws.auth);
    expect(deleted.status).toBe(204);
    const all = await entriesFor(userId);
    expect(all.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(all[0]).toMatchObject({ actorType: 'api_key', channel: 'api', entityType: 'user', entityId: userId });
    expect(change(all[0].changes, 'name')).toEqual({ field: 'name', before: 'Ann', after: null });
    expect(change(all[0].changes, 'role')).toEqual({ field: 'role', before: 'manager', after: null });
  });

  it('records creating and revoking an API key, never the key itself', async () => {
    const created = await api('POST', '/api/v1/api-keys', { name: 'Reporting', role: 'viewer' }, ws.auth);
    expect(created.status).toBe(201);
    const { id, key } = created.body;
    secrets.push(key);

    const revoked = await api('DELETE', `/api/v1/api-keys/${id}`, undefined, ws.auth);
    expect(revoked.status).toBe(200);
    const [r, c] = await entriesFor(id);
    expect(c).toMatchObject({
      actorType: 'api_key',
      actorId: keyId,
      channel: 'api',
      action: 'create',
      entityType: 'api_key',
      entityId: id,
    });
    expect(change(c.changes, 'name')).toEqual({ field: 'name', before: null, after: 'Reporting' });
    expect(change(c.changes, 'role')).toEqual({ field: 'role', before: null, after: 'viewer' });
    expect(r).toMatchObject({ action: 'update', entityType: 'api_key', entityId: id, channel: 'api' });
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ field: 'revokedAt', before: null });
    expect(Date.parse(r.changes[0].after)).not.toBeNaN();
    expect(JSON.stringify([r, c])).not.toContain(key);
  });

  it('records creating, updating and deleting a webhook, with its secret redacted', async () => {
    const created = await api(
      'POST',
      '/api/v1/webhooks',
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['user.*'] },
      ws.auth,
    );
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    secrets.push(secret);

    const [c] = await entriesFor(id);
    expect(c).toMatchObject({
      actorType: 'api_key',
      actorId: keyId,
      channel: 'api',
      action: 'create',
      entityType: 'webhook',
      entityId: id,
    });
    expect(change(c.changes, 'url')).toEqual({ field: 'url', before: null, after: 'http://127.0.0.1:9/hook' });
    expect(change(c.changes, 'eventTypes')).toEqual({ field: 'eventTypes', before: null, after: ['user.*'] });
    expect(change(c.changes, 'secret')).toBeUndefined();

    const patched = await api(
      'PATCH',
      `/api/v1/webhooks/${id}`,
      { url: 'http://127.0.0.1:9/other', rotateSecret: true, active: false },
      ws.auth,
    );
    expect(patched.status).toBe(200);
    secrets.push(patched.body.secret);
    const [u] = await entriesFor(id);
    expect(u).toMatchObject({ action: 'update', entityType: 'webhook', entityId: id, channel: 'api' });
    expect(change(u.changes, 'url')).toEqual({
      field: 'url',
      before: 'http://127.0.0.1:9/hook',
      after: 'http://127.0.0.1:9/other',
    });
    expect(change(u.changes, 'active')).toEqual({ field: 'active', before: true, after: false });
    expect(change(u.changes, 'secret')).toEqual({ field: 'secret', before: '[redacted]', after: '[redacted]' });
    expect(change(u.changes, 'eventTypes')).toBeUndefined();

    expect((await api('DELETE', `/api/v1/webhooks/${id}`, undefined, ws.auth)).status).toBe(204);
    const [d] = await entriesFor(id);
    expect(d).toMatchObject({ action: 'delete', entityType: 'webhook', entityId: id, channel: 'api' });
    expect(change(d.changes, 'url')).toEqual({ field: 'url', before: 'http://127.0.0.1:9/other', after: null });
  });

  it('never shows passwords, password hashes, keys or webhook secrets in clear', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const { text: raw } = await audit('?limit=500');
    for (const s of secrets) expect(raw).not.toContain(s);
    expect(raw).not.toContain('$argon2');
    // nor in the table itself
    const rows = await sql<{ changes: string }>`SELECT changes::text AS changes FROM audit_log`.execute(env.kernel.db);
    const stored = rows.rows.map((r) => r.changes).join('\n');
    for (const s of secrets) expect(stored).not.toContain(s);
    expect(stored).not.toContain('$argon2');
  });

  it('records a UI session as actor type user on channel ui', async () => {
    const email = 'ui.admin@example.com';
    const member = await env.kernel.auth.createMember(systemActor(ws.id, 'test setup'), {
      email,
      name: 'Uma',
      password: 'ui-password-123',
      role: 'admin',
    });
    secrets.push('ui-password-123');
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: BROWSER,
      payload: { email, password: 'ui-password-123', workspace: 'audit-main' },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('kt_session='));
    expect(setCookie).toBeDefined();
    const cookie = { cookie: setCookie!.split(';')[0] };

    const created = await api('POST', '/api/v1/api-keys', { name: 'made in the UI', role: 'viewer' }, cookie);
    expect(created.status).toBe(201);
    const [e] = await entriesFor(created.body.id);
    expect(e).toMatchObject({
      actorType: 'user',
      actorId: member.id,
      actorLabel: `Uma <${email}>`,
      channel: 'ui',
      action: 'create',
      entityType: 'api_key',
    });

    const renamed = await api('PATCH', '/api/v1/auth/me', { name: 'Uma K' }, cookie);
    expect(renamed.status).toBe(200);
    const [self] = await entriesFor(member.id);
    expect(self).toMatchObject({
      actorType: 'user',
      actorId: member.id,
      channel: 'ui',
      action: 'update',
      entityType: 'user',
    });
    expect(change(self.changes, 'name')).toEqual({ field: 'name', before: 'Uma', after: 'Uma K' });

    // the set-up itself ran as the system
    const setup = (await entriesFor(member.id)).find((x) => x.action === 'create');
    expect(setup).toMatchObject({ actorType: 'system', actorId: null, actorLabel: 'test setup', channel: 'system' });

    // the session can read the log too (admin)
    expect((await api('GET', '/api/v1/audit?channel=ui', undefined, cookie)).status).toBe(200);
  });

  it('filters by entity type, action, channel and actor', async () => {
    const byType = (await audit('?entityType=webhook&limit=500')).body.data as any[];
    expect(byType.length).toBeGreaterThanOrEqual(3);
    expect(byType.every((e) => e.entityType === 'webhook')).toBe(true);

    const deletes = (await audit('?action=delete&limit=500')).body.data as any[];
    expect(deletes.length).toBeGreaterThanOrEqual(2);
    expect(deletes.every((e) => e.action === 'delete')).toBe(true);
    expect(new Set(deletes.map((e) => e.entityType))).toEqual(new Set(['user', 'webhook']));

    const ui = (await audit('?channel=ui&limit=500')).body.data as any[];
    expect(ui.length).toBe(2);
    expect(ui.every((e) => e.channel === 'ui' && e.actorType === 'user')).toBe(true);
    const viaApi = (await audit('?channel=api&limit=500')).body.data as any[];
    expect(viaApi.length).toBeGreaterThanOrEqual(8);
    expect(viaApi.every((e) => e.channel === 'api' && e.actorType === 'api_key')).toBe(true);

    const combined = (await audit('?entityType=user&action=update&channel=api&limit=500')).body.data as any[];
    expect(combined).toHaveLength(1);
    expect(combined[0]).toMatchObject({ entityType: 'user', action: 'update', channel: 'api' });

    const byActor = (await audit(`?actorId=${keyId}&limit=500`)).body.data as any[];
    expect(byActor.length).toBe(viaApi.length);
    expect(byActor.every((e) => e.actorId === keyId)).toBe(true);

    const none = (await audit('?entityType=nothing-like-this')).body;
    expect(none).toEqual({ data: [], nextCursor: null });

    const bad = await api('GET', '/api/v1/audit?channel=telepathy', undefined, ws.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details[0].path).toBe('query.channel');
  });

  it('pages newest first with limit and nextCursor, without duplicates or gaps', async () => {
    const full = (await audit('?limit=500')).body;
    expect(full.nextCursor).toBeNull();
    const all = full.data.map((e: any) => e.id);
    expect(all.length).toBeGreaterThan(6);
    expect(all.length).toBe(await env.kernel.audit.count(ws.id));
    const times = full.data.map((e: any) => Date.parse(e.occurredAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await audit(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.data.map((e: any) => e.id));
      cursor = r.body.nextCursor;
      pages++;
      expect(pages).toBeLessThanOrEqual(all.length);
    } while (cursor);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));

    // filters and cursors combine
    const firstPage = (await audit('?channel=api&limit=3')).body;
    const secondPage = (await audit(`?channel=api&limit=3&cursor=${encodeURIComponent(firstPage.nextCursor)}`)).body;
    const apiAll = (await audit('?channel=api&limit=500')).body.data.map((e: any) => e.id);
    expect([...firstPage.data, ...secondPage.data].map((e: any) => e.id)).toEqual(apiAll.slice(0, 6));
  });

  it('lets a manager read the log and forbids a viewer (403)', async () => {
    const manager = await env.workspace('audit-main', 'manager');
    const m = await api('GET', '/api/v1/audit?limit=5', undefined, manager.auth);
    expect(m.status).toBe(200);
    expect(m.body.data.length).toBeGreaterThan(0);

    const viewer = await env.workspace('audit-main', 'viewer');
    const v = await api('GET', '/api/v1/audit', undefined, viewer.auth);
    expect(v.status).toBe(403);
    expect(v.body.error.code).toBe('FORBIDDEN');
    expect(v.body.error.message).toContain('audit:read');

    const anon = await env.app.inject({ method: 'GET', url: '/api/v1/audit' });
    expect(anon.statusCode).toBe(401);
  });

  it('keeps each workspace to its own log', async () => {
    const other = await env.workspace('audit-other');
    const created = await api('POST', '/api/v1/api-keys', { name: 'other key', role: 'viewer' }, other.auth);
    expect(created.status).toBe(201);
    const theirs = (await audit('?limit=500', other.auth)).body.data as any[];
    const ours = (await audit('?limit=500')).body.data as any[];
    expect(theirs.map((e) => e.entityId)).toContain(created.body.id);
    expect(ours.map((e) => e.entityId)).not.toContain(created.body.id);
    const ourIds = new Set(ours.map((e) => e.id));
    expect(theirs.some((e) => ourIds.has(e.id))).toBe(false);
  });

  it('writes the entry and its webhook deliveries in the caller’s transaction: a rollback leaves neither', async () => {
    const txWs = await env.workspace('audit-tx');
    const hook = await api(
      'POST',
      '/api/v1/webhooks',
      { url: 'http://127.0.0.1:9/tx', eventTypes: ['user.*'] },
      txWs.auth,
    );
    expect(hook.status).toBe(201);
    const countBefore = await env.kernel.audit.count(txWs.id);
    const actor = systemActor(txWs.id, 'tx test');

    await expect(
      env.kernel.db.transaction().execute(async (trx) => {
        await env.kernel.audit.record(trx, actor, {
          action: 'update',
          entityType: 'user',
          entityId: 'rolled-back',
          before: { a: 1 },
          after: { a: 2 },
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await env.kernel.audit.count(txWs.id)).toBe(countBefore);
    expect((await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, undefined, txWs.auth)).body.data).toEqual(
      [],
    );

    const event = await env.kernel.db.transaction().execute((trx) =>
      env.kernel.audit.record(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: 'committed',
        before: { a: 1 },
        after: { a: 2 },
      }),
    );
    expect(event).toMatchObject({
      type: 'user.updated',
      workspaceId: txWs.id,
      data: { entityId: 'committed', changes: [{ field: 'a', before: 1, after: 2 }] },
    });
    expect(await env.kernel.audit.count(txWs.id)).toBe(countBefore + 1);
    const deliveries = (await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, undefined, txWs.auth)).body
      .data;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ eventId: event.id, eventType: 'user.updated' });
    const [entry] = (await audit('?entityId=committed', txWs.auth)).body.data;
    expect(entry).toMatchObject({
      id: event.id,
      actorType: 'system',
      channel: 'system',
      action: 'update',
      entityType: 'user',
    });
  });

  it('records nothing for a write that fails', async () => {
    const before = await env.kernel.audit.count(ws.id);
    const dup = await api(
      'POST',
      '/api/v1/users',
      { email: 'ui.admin@example.com', name: 'Again', password: 'another-pass-1', role: 'viewer' },
      ws.auth,
    );
    expect(dup.status).toBe(409);
    const invalid = await api('POST', '/api/v1/webhooks', { url: 'ftp://x', eventTypes: ['*'] }, ws.auth);
    expect(invalid.status).toBe(400);
    const missing = await api('DELETE', '/api/v1/api-keys/00000000-0000-7000-8000-000000000000', undefined, ws.auth);
    expect(missing.status).toBe(404);
    expect(await env.kernel.audit.count(ws.id)).toBe(before);
  });
});

describe('diffRecords', () => {
  it('returns nothing for equal records', () => {
    expect(diffRecords({ a: 1, b: 'x' }, { a: 1, b: 'x' })).toEqual([]);
    expect(diffRecords(null, null)).toEqual([]);
    expect(diffRecords(undefined, {})).toEqual([]);
  });

  it('lists every field of a created record with before null', () => {
    expect(diffRecords(null, { name: 'Ann', role: 'viewer' })).toEqual([
      { field: 'name', before: null, after: 'Ann' },
      { field: 'role', before: null, after: 'viewer' },
    ]);
  });

  it('lists every field of a deleted record with after null', () => {
    expect(diffRecords({ name: 'Ann', tags: ['a'] }, undefined)).toEqual([
      { field: 'name', before: 'Ann', after: null },
      { field: 'tags', before: ['a'], after: null },
    ]);
  });

  it('keeps only changed fields, including added and removed ones', () => {
    expect(diffRecords({ a: 1, b: 2, c: 3 }, { a: 1, b: 20, d: 4 })).toEqual([
      { field: 'b', before: 2, after: 20 },
      { field: 'c', before: 3, after: null },
      { field: 'd', before: null, after: 4 },
    ]);
  });

  it('treats absent and null as the same', () => {
    expect(diffRecords({ a: null }, {})).toEqual([]);
    expect(diffRecords({ a: undefined }, { a: null })).toEqual([]);
  });

  it('compares objects by value regardless of key order, arrays by order', () => {
    expect(diffRecords({ s: { x: 1, y: { p: 1, q: 2 } } }, { s: { y: { q: 2, p: 1 }, x: 1 } })).toEqual([]);
    expect(diffRecords({ s: { x: 1 } }, { s: { x: 2 } })).toEqual([{ field: 's', before: { x: 1 }, after: { x: 2 } }]);
    expect(diffRecords({ l: [1, 2] }, { l: [2, 1] })).toEqual([{ field: 'l', before: [1, 2], after: [2, 1] }]);
  });

  it('distinguishes types: 1 is not "1", false is not null', () => {
    expect(diffRecords({ a: 1 }, { a: '1' })).toEqual([{ field: 'a', before: 1, after: '1' }]);
    expect(diffRecords({ a: false }, { a: null })).toEqual([{ field: 'a', before: false, after: null }]);
    expect(diffRecords({ a: 0 }, {})).toEqual([{ field: 'a', before: 0, after: null }]);
  });

  it('writes dates as ISO strings and sees a date equal to its ISO string', () => {
    const d1 = new Date('2026-01-01T10:00:00.000Z');
    const d2 = new Date('2026-01-02T10:00:00.000Z');
    expect(diffRecords({ at: d1 }, { at: d2 })).toEqual([
      { field: 'at', before: '2026-01-01T10:00:00.000Z', after: '2026-01-02T10:00:00.000Z' },
    ]);
    expect(diffRecords({ at: d1 }, { at: '2026-01-01T10:00:00.000Z' })).toEqual([]);
    expect(diffRecords({ at: new Date(d1) }, { at: d1 })).toEqual([]);
  });

  it('redacts the values of secret fields but still says they changed', () => {
    expect(diffRecords({ secret: 'old', name: 'n' }, { secret: 'new', name: 'n' }, ['secret'])).toEqual([
      { field: 'secret', before: '[redacted]', after: '[redacted]' },
    ]);
    expect(diffRecords(null, { secret: 's1' }, ['secret'])).toEqual([
      { field: 'secret', before: null, after: '[redacted]' },
    ]);
    expect(diffRecords({ secret: 's1' }, null, ['secret'])).toEqual([
      { field: 'secret', before: '[redacted]', after: null },
    ]);
    expect(diffRecords({ secret: 'same' }, { secret: 'same' }, ['secret'])).toEqual([]);
    expect(JSON.stringify(diffRecords({ password: 'hunter22' }, { password: 'hunter23' }, ['password']))).not.toContain(
      'hunter',
    );
  });
});
