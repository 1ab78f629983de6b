import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** Data management: the schema catalogue, and event rules (block / rename) applied at ingest. */
describe('cdp: catalogue and event rules', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let web: { id: string; writeKey: string };
  let server: { id: string; writeKey: string };

  const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
  const send = async (url: string, key: string, payload: unknown) => {
    const r = await env.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...basic(key) },
      payload: JSON.stringify(payload),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const events = async (auth = ws.auth) =>
    (await api('GET', '/api/v1/events?limit=500', undefined, auth)).body.data as any[];

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('catalogue-ws');
    other = await env.workspace('catalogue-other');
    web = (await api('POST', '/api/v1/sources', { name: 'Web site', kind: 'web' })).body;
    server = (await api('POST', '/api/v1/sources', { name: 'Backend', kind: 'server' })).body;
  });
  afterAll(async () => env?.close());

  it('event catalogue: counts, first/last seen, sources with names, property names with JSON types', async () => {
    await send('/v1/batch', web.writeKey, {
      batch: [
        {
          type: 'track',
          userId: 'cat-1',
          event: 'Order Completed',
          properties: { total: 10, currency: 'EUR', items: [1], coupon: null },
        },
        {
          type: 'track',
          userId: 'cat-2',
          event: 'Order Completed',
          properties: { total: 12.5, currency: 'EUR', gift: true },
        },
        { type: 'page', userId: 'cat-1', name: 'Home', properties: { path: '/' } },
        { type: 'identify', userId: 'cat-1', traits: { email: 'cat1@example.com', age: 31, vip: false } },
      ],
    });
    await send('/v1/track', server.writeKey, {
      userId: 'cat-2',
      event: 'Order Completed',
      properties: { total: '15', shipping: { method: 'post' } },
    });

    const r = await api('GET', '/api/v1/catalogue/events');
    expect(r.status).toBe(200);
    expect(r.body.sampleSize).toBe(1000);
    const order = r.body.data.find((e: any) => e.type === 'track' && e.event === 'Order Completed');
    expect(order).toMatchObject({ count: 3, sampled: 3 });
    expect(Date.parse(order.firstSeen)).toBeLessThanOrEqual(Date.parse(order.lastSeen));
    expect(order.sources).toEqual([
      { id: web.id, name: 'Web site', count: 2 },
      { id: server.id, name: 'Backend', count: 1 },
    ]);
    const prop = (name: string) => order.properties.find((p: any) => p.name === name);
    expect(prop('total')).toEqual({
      name: 'total',
      count: 3,
      types: [
        { type: 'number', count: 2 },
        { type: 'string', count: 1 },
      ],
    });
    expect(prop('currency')).toEqual({ name: 'currency', count: 2, types: [{ type: 'string', count: 2 }] });
    expect(prop('items').types).toEqual([{ type: 'array', count: 1 }]);
    expect(prop('coupon').types).toEqual([{ type: 'null', count: 1 }]);
    expect(prop('gift').types).toEqual([{ type: 'boolean', count: 1 }]);
    expect(prop('shipping').types).toEqual([{ type: 'object', count: 1 }]);
    expect(r.body.data[0].event).toBe('Order Completed'); // most frequent first

    const page = r.body.data.find((e: any) => e.type === 'page');
    expect(page).toMatchObject({ event: 'Home', count: 1, properties: [{ name: 'path', count: 1 }] });
    const identify = r.body.data.find((e: any) => e.type === 'identify');
    expect(identify.event).toBeNull();
    expect(identify.properties.map((p: any) => p.name).sort()).toEqual(['age', 'email', 'vip']);

    // Another workspace sees nothing of it.
    expect((await api('GET', '/api/v1/catalogue/events', undefined, other.auth)).body.data).toEqual([]);
  });

  it('trait catalogue: keys on live persons with types and counts', async () => {
    await send('/v1/identify', web.writeKey, { userId: 'cat-2', traits: { email: 'cat2@example.com', age: '40' } });
    const r = await api('GET', '/api/v1/catalogue/traits');
    expect(r.status).toBe(200);
    expect(r.body.persons).toBe(2);
    const t = (name: string) => r.body.data.find((x: any) => x.name === name);
    expect(t('email')).toEqual({ name: 'email', count: 2, types: [{ type: 'string', count: 2 }] });
    expect(t('age')).toEqual({
      name: 'age',
      count: 2,
      types: [
        { type: 'number', count: 1 },
        { type: 'string', count: 1 },
      ],
    });
    expect(t('vip')).toEqual({ name: 'vip', count: 1, types: [{ type: 'boolean', count: 1 }] });
    expect((await api('GET', '/api/v1/catalogue/traits', undefined, other.auth)).body).toEqual({
      persons: 0,
      data: [],
    });
  });

  it('event rules: validation (4xx in the error shape, nothing written), duplicate → 409, audited', async () => {
    const bad = [
      [{ event: 'X', action: 'rename' }, 400, 'renameTo'],
      [{ event: 'X', action: 'rename', renameTo: '   ' }, 400, 'renameTo'],
      [{ event: 'X', action: 'rename', renameTo: 'X' }, 400, 'renameTo'],
      [{ event: 'X', action: 'block', renameTo: 'Y' }, 400, 'renameTo'],
      [{ event: '', action: 'block' }, 400, 'event'],
      [{ event: 'X', action: 'drop' }, 400, 'action'],
      [{ action: 'block' }, 400, 'event'],
    ] as const;
    for (const [body, status, path] of bad) {
      const r = await api('POST', '/api/v1/event-rules', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
      expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
    }
    expect((await api('GET', '/api/v1/event-rules')).body.data).toEqual([]);

    const block = await api('POST', '/api/v1/event-rules', { event: ' Debug Ping ', action: 'block' });
    expect(block.status).toBe(201);
    expect(block.body).toMatchObject({ id: expect.any(String), event: 'Debug Ping', action: 'block', renameTo: null });
    const rename = await api('POST', '/api/v1/event-rules', {
      event: 'order_completed',
      action: 'rename',
      renameTo: 'Order Completed',
    });
    expect(rename.status).toBe(201);
    const dup = await api('POST', '/api/v1/event-rules', { event: 'Debug Ping', action: 'rename', renameTo: 'Ping' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ALREADY_EXISTS');
    const list = (await api('GET', '/api/v1/event-rules')).body.data;
    expect(list.map((x: any) => [x.event, x.action, x.renameTo])).toEqual([
      ['Debug Ping', 'block', null],
      ['order_completed', 'rename', 'Order Completed'],
    ]);
    const audit = await api('GET', `/api/v1/audit?entityType=event_rule&entityId=${block.body.id}`);
    expect(audit.body.data.map((a: any) => a.action)).toEqual(['create']);
    expect((await api('DELETE', '/api/v1/event-rules/not-a-uuid')).status).toBe(400);
    expect((await api('DELETE', '/api/v1/event-rules/0190c8a0-0000-7000-8000-000000000000')).body.error.code).toBe(
      'NOT_FOUND',
    );
  });

  it('ingest: blocked track events are acknowledged and not stored; renamed ones keep extra.originalEvent; rules are per workspace', async () => {
    const res = await send('/v1/batch', web.writeKey, {
      batch: [
        { type: 'track', userId: 'rule-1', event: 'Debug Ping', messageId: 'rule-blocked-1' },
        {
          type: 'track',
          userId: 'rule-1',
          event: 'order_completed',
          messageId: 'rule-renamed-1',
          properties: { total: 5 },
        },
        { type: 'track', userId: 'rule-1', event: 'Kept', messageId: 'rule-kept-1' },
        { type: 'page', userId: 'rule-1', name: 'Debug Ping', messageId: 'rule-page-1' },
      ],
    });
    expect(res).toEqual({ success: true });
    expect(
      await send('/v1/track', web.writeKey, { userId: 'rule-1', event: 'Debug Ping', messageId: 'rule-blocked-2' }),
    ).toEqual({ success: true });
    const byId = new Map((await events()).map((e) => [e.messageId, e]));
    expect(byId.has('rule-blocked-1')).toBe(false);
    expect(byId.has('rule-blocked-2')).toBe(false);
    expect(byId.get('rule-renamed-1')).toMatchObject({
      event: 'Order Completed',
      extra: { originalEvent: 'order_completed' },
      properties: { total: 5 },
    });
    expect(byId.get('rule-kept-1')).toMatchObject({ event: 'Kept', extra: null });
    expect(byId.get('rule-page-1')).toMatchObject({ type: 'page', event: 'Debug Ping' }); // rules match track events only

    // Another workspace's traffic is untouched by these rules.
    const theirs = (await api('POST', '/api/v1/sources', { name: 'Other', kind: 'server' }, other.auth)).body;
    await send('/v1/track', theirs.writeKey, { userId: 'rule-1', event: 'Debug Ping', messageId: 'other-ping' });
    expect((await events(other.auth)).map((e) => e.event)).toEqual(['Debug Ping']);
  });

  it('deleting a rule applies at once in this process (the cache is cleared) and is audited', async () => {
    const rule = (await api('GET', '/api/v1/event-rules')).body.data.find((x: any) => x.event === 'Debug Ping');
    expect((await api('DELETE', `/api/v1/event-rules/${rule.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/event-rules/${rule.id}`)).status).toBe(404);
    await send('/v1/track', web.writeKey, { userId: 'rule-1', event: 'Debug Ping', messageId: 'rule-after-delete' });
    expect((await events()).find((e) => e.messageId === 'rule-after-delete')).toMatchObject({ event: 'Debug Ping' });
    const audit = await api('GET', `/api/v1/audit?entityType=event_rule&entityId=${rule.id}`);
    expect(audit.body.data.map((a: any) => a.action)).toEqual(['delete', 'create']);
    // A new rule applies at once too.
    expect((await api('POST', '/api/v1/event-rules', { event: 'Kept', action: 'block' })).status).toBe(201);
    await send('/v1/track', web.writeKey, { userId: 'rule-1', event: 'Kept', messageId: 'rule-kept-2' });
    expect((await events()).some((e) => e.messageId === 'rule-kept-2')).toBe(false);
  });

  it('a viewer may read the catalogue and rules but not change rules', async () => {
    const viewer = await env.workspace('catalogue-ws', 'viewer');
    expect((await api('GET', '/api/v1/catalogue/events', undefined, viewer.auth)).status).toBe(200);
    expect((await api('GET', '/api/v1/event-rules', undefined, viewer.auth)).status).toBe(200);
    const r = await api('POST', '/api/v1/event-rules', { event: 'Y', action: 'block' }, viewer.auth);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });
});
