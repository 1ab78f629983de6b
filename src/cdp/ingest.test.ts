import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { gzipSync } from 'node:zlib';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** The Segment tracking API: auth, limits, rejection of malformed messages, idempotency, clock skew. */
describe('cdp: tracking API', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let src: { id: string; writeKey: string };

  const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
  const send = (url: string, payload: unknown, headers: Record<string, string> = basic(src.writeKey)) =>
    env.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
    });
  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const eventsOf = async (sourceId = src.id) =>
    (await api('GET', `/api/v1/events?sourceId=${sourceId}&limit=500`)).body.data as any[];
  const byMessageId = async (messageId: string) => (await eventsOf()).filter((e) => e.messageId === messageId);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('ingest-ws');
    src = (await api('POST', '/api/v1/sources', { name: 'Web site', kind: 'web' })).body;
  });
  afterAll(async () => env?.close());

  it('sources: create (201, id + writeKey, origin first by default), list, get, rename, audited without the key', async () => {
    const created = await api('POST', '/api/v1/sources', { name: 'POS terminals', kind: 'pos', origin: 'first' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      writeKey: expect.stringMatching(/^wk_/),
      name: 'POS terminals',
      kind: 'pos',
      origin: 'first',
      disabled: false,
    });
    const bad = await api('POST', '/api/v1/sources', { name: '', kind: 'fax', origin: 'fourth' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['kind', 'name', 'origin']);
    expect((await api('GET', '/api/v1/sources')).body.data.map((s: any) => s.name)).toEqual(
      expect.arrayContaining(['Web site', 'POS terminals']),
    );
    const renamed = await api('PATCH', `/api/v1/sources/${created.body.id}`, { name: 'Stores', origin: 'second' });
    expect(renamed.body).toMatchObject({ name: 'Stores', origin: 'second', writeKey: created.body.writeKey });
    expect((await api('GET', `/api/v1/sources/${created.body.id}`)).body.name).toBe('Stores');
    const audit = await api('GET', `/api/v1/audit?entityType=source&entityId=${created.body.id}`);
    expect(audit.body.data.map((a: any) => a.action)).toEqual(['update', 'create']);
    expect(JSON.stringify(audit.body)).not.toContain(created.body.writeKey);
  });

  it('single endpoints answer {"success":true}; write key as Basic user name or writeKey in the body; /v1/b works', async () => {
    for (const [type, body] of [
      ['identify', { userId: 'single-1', traits: { name: 'S' } }],
      ['track', { userId: 'single-1', event: 'Signed Up' }],
      ['page', { userId: 'single-1', name: 'Home' }],
      ['screen', { userId: 'single-1', name: 'Dashboard' }],
      ['group', { userId: 'single-1', groupId: 'acme-inc', traits: { plan: 'team' } }],
      ['alias', { userId: 'single-1', previousId: 'single-anon-1' }],
    ] as const) {
      const r = await send(`/v1/${type}`, { ...body, messageId: `single-${type}` });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ success: true });
      expect((await byMessageId(`single-${type}`))[0]).toMatchObject({ type });
    }
    const inBody = await send(
      '/v1/track',
      { writeKey: src.writeKey, userId: 'single-1', event: 'Key In Body', messageId: 'key-in-body' },
      {},
    );
    expect(inBody.statusCode).toBe(200);
    const b = await send('/v1/b', {
      batch: [{ type: 'track', userId: 'single-1', event: 'Short Path', messageId: 'short-path' }],
    });
    expect(b.json()).toEqual({ success: true });
    expect(await byMessageId('key-in-body')).toHaveLength(1);
    expect(await byMessageId('short-path')).toHaveLength(1);
    const group = (await byMessageId('single-group'))[0];
    expect(group.extra.groupId).toBe('acme-inc');
  });

  it('bad or missing write key → 401; disabled source → 403 until enabled; rotated key replaces the old; deleted source → 401', async () => {
    const msg = { userId: 'u-auth', event: 'X' };
    for (const headers of [
      {},
      basic('wk_nope'),
      { authorization: 'Basic !!!' },
      { authorization: `Bearer ${src.writeKey}` },
    ]) {
      const r = await send('/v1/track', msg, headers);
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: [] } });
    }
    expect((await send('/v1/track', { ...msg, writeKey: 'wk_wrong' }, {})).statusCode).toBe(401);

    const s = (await api('POST', '/api/v1/sources', { name: 'Mobile app', kind: 'mobile' })).body;
    expect((await send('/v1/track', msg, basic(s.writeKey))).statusCode).toBe(200);
    await api('PATCH', `/api/v1/sources/${s.id}`, { disabled: true });
    const disabled = await send('/v1/batch', { batch: [msg] }, basic(s.writeKey));
    expect(disabled.statusCode).toBe(403);
    expect(disabled.json().error.message).toContain('disabled');
    await api('PATCH', `/api/v1/sources/${s.id}`, { disabled: false });
    expect((await send('/v1/track', msg, basic(s.writeKey))).statusCode).toBe(200);

    const rotated = await api('POST', `/api/v1/sources/${s.id}/rotate-write-key`);
    expect(rotated.body.writeKey).not.toBe(s.writeKey);
    expect((await send('/v1/track', msg, basic(s.writeKey))).statusCode).toBe(401);
    expect((await send('/v1/track', msg, basic(rotated.body.writeKey))).statusCode).toBe(200);
    expect((await eventsOf(s.id)).length).toBe(3);

    expect((await api('DELETE', `/api/v1/sources/${s.id}`)).status).toBe(204);
    expect((await send('/v1/track', msg, basic(rotated.body.writeKey))).statusCode).toBe(401);
    expect((await api('GET', `/api/v1/sources/${s.id}`)).status).toBe(404);
    expect((await eventsOf(s.id)).length).toBe(3); // its events stay
  });

  it('the same messageId twice (across requests and within a batch) is stored once', async () => {
    const m = {
      type: 'track',
      userId: 'idem-user',
      event: 'Order Completed',
      messageId: 'idem-1',
      properties: { n: 1 },
    };
    for (let i = 0; i < 3; i++) expect((await send('/v1/batch', { batch: [m] })).statusCode).toBe(200);
    expect((await send('/v1/track', m)).statusCode).toBe(200);
    expect(
      (
        await send('/v1/batch', {
          batch: [
            { ...m, messageId: 'idem-2' },
            { ...m, messageId: 'idem-2' },
            { ...m, messageId: 'idem-3' },
          ],
        })
      ).json(),
    ).toEqual({ success: true });
    expect(await byMessageId('idem-1')).toHaveLength(1);
    expect(await byMessageId('idem-2')).toHaveLength(1);
    expect(await byMessageId('idem-3')).toHaveLength(1);
    const n = await env.kernel.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws.id)
      .where('message_id', 'like', 'idem-%')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it('a batch resent with one new message stores only the new one, and the repeated order is not counted again', async () => {
    // A source of its own: its first repeat is the one that fails the plain INSERT and is written again.
    const pos = (await api('POST', '/api/v1/sources', { name: 'Tills', kind: 'pos' })).body;
    const order = (n: number) => ({
      type: 'track',
      userId: 'resend-user',
      event: 'Order Completed',
      messageId: `resend-${n}`,
      properties: { revenue: 100 * n },
    });
    expect((await send('/v1/batch', { batch: [order(1), order(2)] }, basic(pos.writeKey))).statusCode).toBe(200);
    expect((await send('/v1/batch', { batch: [order(2), order(3)] }, basic(pos.writeKey))).statusCode).toBe(200);
    expect((await eventsOf(pos.id)).map((e) => e.messageId).sort()).toEqual(['resend-1', 'resend-2', 'resend-3']);
    await env.kernel.cdp.settled(ws.id); // computed traits follow the acknowledged write
    const person = (await api('GET', '/api/v1/people/lookup?kind=user_id&value=resend-user')).body;
    expect(person.computedTraits).toMatchObject({ orderCount: 3, revenue: 600 });
  });

  it('clock skew: timestamp + (receivedAt − sentAt); without sentAt the timestamp stands; without both, receivedAt', async () => {
    // The client's clock runs 2 days fast: it says the event happened 10 s before it sent the batch.
    const skewed = {
      type: 'track',
      userId: 'skew-user',
      event: 'Skewed',
      messageId: 'skew-1',
      timestamp: '2031-05-01T12:00:00.000Z',
    };
    await send('/v1/batch', { batch: [skewed], sentAt: '2031-05-01T12:00:10.000Z' });
    const [e1] = await byMessageId('skew-1');
    expect(Date.parse(e1.receivedAt) - Date.parse(e1.occurredAt)).toBe(10_000);
    expect(e1.sentAt).toBe('2031-05-01T12:00:10.000Z');
    expect(e1.originalTimestamp).toBe('2031-05-01T12:00:00.000Z');
    // RudderStack style: originalTimestamp and a per-message sentAt win over the batch's sentAt.
    await send('/v1/batch', {
      batch: [
        {
          type: 'track',
          userId: 'skew-user',
          event: 'R',
          messageId: 'skew-2',
          originalTimestamp: '2020-01-01T00:00:00.000Z',
          sentAt: '2020-01-01T00:00:03.500Z',
        },
      ],
      sentAt: '2031-01-01T00:00:00Z',
    });
    const [e2] = await byMessageId('skew-2');
    expect(Date.parse(e2.receivedAt) - Date.parse(e2.occurredAt)).toBe(3_500);
    // A historical import with no sentAt keeps its timestamp.
    await send('/v1/track', {
      userId: 'skew-user',
      event: 'Old',
      messageId: 'skew-3',
      timestamp: '2019-03-04T05:06:07.089Z',
    });
    expect((await byMessageId('skew-3'))[0].occurredAt).toBe('2019-03-04T05:06:07.089Z');
    await send('/v1/track', { userId: 'skew-user', event: 'Now', messageId: 'skew-4' });
    const [e4] = await byMessageId('skew-4');
    expect(e4.occurredAt).toBe(e4.receivedAt);
    const bad = await send('/v1/track', { userId: 'skew-user', event: 'Bad', timestamp: 'yesterday-ish' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('timestamp');
  });

  it('a malformed message inside a batch is reported with its index; the rest are stored', async () => {
    const ok = (n: number) => ({ type: 'track', userId: 'batch-user', event: 'Fine', messageId: `mixed-${n}` });
    const r = await send('/v1/batch', {
      batch: [
        ok(0),
        { type: 'track', userId: 'batch-user', messageId: 'mixed-no-event' },
        ok(2),
        'not an object',
        { type: 'bogus', userId: 'x' },
        { type: 'identify', userId: 'null', anonymousId: ' ' },
        {
          type: 'track',
          userId: 'batch-user',
          event: 'Big',
          messageId: 'mixed-big',
          properties: { blob: 'x'.repeat(33 * 1024) },
        },
        ok(7),
      ],
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.success).toBe(true);
    expect(body.rejected.map((x: any) => x.index)).toEqual([1, 3, 4, 5, 6]);
    expect(body.rejected[0]).toMatchObject({
      index: 1,
      messageId: 'mixed-no-event',
      message: expect.stringContaining('event'),
    });
    expect(body.rejected[4].message).toContain('32 KB');
    const stored = (await eventsOf())
      .filter((e) => e.messageId.startsWith('mixed-'))
      .map((e) => e.messageId)
      .sort();
    expect(stored).toEqual(['mixed-0', 'mixed-2', 'mixed-7']);
  });

  it('limits: > 500 KB → 413, > 32 KB single message → 413, too many messages → 413, malformed JSON/body → 400, all in the error shape', async () => {
    const filler = 'y'.repeat(20 * 1024);
    const huge = {
      batch: Array.from({ length: 30 }, (_, i) => ({
        type: 'track',
        userId: 'lim',
        event: 'E',
        messageId: `huge-${i}`,
        properties: { filler },
      })),
    };
    const tooBig = await send('/v1/batch', huge);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('500 KB'), details: [] },
    });
    // The same over the limit once decompressed (the gzip body itself is small).
    const zipped = await send('/v1/batch', gzipSync(JSON.stringify(huge)), {
      ...basic(src.writeKey),
      'content-encoding': 'gzip',
    });
    expect(zipped.statusCode).toBe(413);
    expect((await eventsOf()).some((e) => e.messageId.startsWith('huge-'))).toBe(false);
    // Under the limit, gzip is accepted (RudderStack's SDK sends it).
    const small = await send(
      '/v1/batch',
      gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'lim', event: 'Zipped', messageId: 'zipped-1' }] })),
      { ...basic(src.writeKey), 'content-encoding': 'gzip' },
    );
    expect(small.json()).toEqual({ success: true });

    const single = await send('/v1/track', { userId: 'lim', event: 'E', properties: { blob: 'z'.repeat(40 * 1024) } });
    expect(single.statusCode).toBe(413);
    expect(single.json().error.message).toContain('32 KB');
    const many = await send('/v1/batch', { batch: Array.from({ length: 2501 }, () => ({})) });
    expect(many.statusCode).toBe(413);
    expect(many.json().error.message).toContain('2500');

    const junk = await send('/v1/batch', '{"batch": [');
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.code).toBe('BAD_REQUEST');
    const noBatch = await send('/v1/batch', { events: [] });
    expect(noBatch.statusCode).toBe(400);
    expect(noBatch.json().error.details[0].path).toBe('batch');
    const missingId = await send('/v1/track', { event: 'Anonymous nobody' });
    expect(missingId.statusCode).toBe(400);
    expect(missingId.json().error.code).toBe('VALIDATION_FAILED');
    const empty = await send('/v1/batch', { batch: [] });
    expect(empty.json()).toEqual({ success: true });
  });

  it('live event stream: newest first, `after` returns only newer events, filtered by source', async () => {
    const first = (await api('GET', `/api/v1/events?sourceId=${src.id}&limit=1`)).body.data[0];
    await send('/v1/batch', {
      batch: [1, 2, 3].map((n) => ({
        type: 'track',
        anonymousId: 'stream-anon',
        event: `Stream ${n}`,
        messageId: `stream-${n}`,
      })),
    });
    const newer = (await api('GET', `/api/v1/events?sourceId=${src.id}&after=${first.id}`)).body.data;
    expect(newer.map((e: any) => e.event)).toEqual(['Stream 3', 'Stream 2', 'Stream 1']);
    const other = (await api('POST', '/api/v1/sources', { name: 'CRM sync', kind: 'crm', origin: 'third' })).body;
    expect((await api('GET', `/api/v1/events?sourceId=${other.id}`)).body.data).toEqual([]);
    const page1 = (await api('GET', `/api/v1/events?limit=2`)).body;
    const page2 = (await api('GET', `/api/v1/events?limit=2&cursor=${page1.nextCursor}`)).body;
    expect(page2.data[0].id < page1.data[1].id).toBe(true);
  });
  it('concurrent requests of one source are written together, each told its own duplicates, in arrival order for identities', async () => {
    const source = (await env.kernel.cdp.authenticateWriteKey(src.writeKey))!;
    const at = (n: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, n)).toISOString();
    const results = await Promise.all([
      env.kernel.cdp.ingest(source, [
        {
          type: 'identify',
          userId: 'gc-user',
          anonymousId: 'gc-anon',
          traits: { email: 'gc@example.com', plan: 'gold' },
          messageId: 'gc-1',
          timestamp: at(1),
        },
      ]),
      // Sent while the first is being written: these three go in one transaction.
      env.kernel.cdp.ingest(source, [
        { type: 'track', anonymousId: 'gc-anon', event: 'Viewed', messageId: 'gc-2', timestamp: at(2) },
        { type: 'track', anonymousId: 'gc-anon', event: 'Repeat of gc-1', messageId: 'gc-1', timestamp: at(3) },
      ]),
      env.kernel.cdp.ingest(source, [
        { type: 'track', userId: 'gc-user', event: 'Bought', messageId: 'gc-3', timestamp: at(4) },
        { type: 'track', userId: 'gc-user', event: 'Repeat of gc-2', messageId: 'gc-2', timestamp: at(5) },
        {
          type: 'identify',
          anonymousId: 'gc-anon-2',
          userId: 'gc-user',
          traits: { plan: 'club' },
          messageId: 'gc-4',
          timestamp: at(6),
        },
      ]),
      env.kernel.cdp.ingest(source, [
        { type: 'track', event: 'No identity' },
        { type: 'track', anonymousId: 'gc-anon-2', event: 'Later visit', messageId: 'gc-5', timestamp: at(7) },
      ]),
    ]);
    expect(results.map((r) => [r.accepted, r.duplicates, r.rejected.length])).toEqual([
      [1, 0, 0],
      [2, 1, 0],
      [3, 1, 0],
      [1, 0, 1],
    ]);
    const person = (await api('GET', '/api/v1/people/lookup?kind=user_id&value=gc-user')).body;
    expect(person.traits).toMatchObject({ email: 'gc@example.com', plan: 'club' }); // the later identify wins
    expect(person.identities.map((i: any) => `${i.kind}:${i.value}`).sort()).toEqual([
      'anonymous_id:gc-anon',
      'anonymous_id:gc-anon-2',
      'email:gc@example.com',
      'user_id:gc-user',
    ]);
    const timeline = (await api('GET', `/api/v1/people/${person.id}/timeline?limit=50`)).body.data;
    expect(timeline.map((e: any) => e.event ?? e.type)).toEqual([
      'Later visit',
      'identify',
      'Bought',
      'Viewed',
      'identify',
    ]);
  });

  it('the tracking API is in the OpenAPI document (write-key auth, message bodies), yet validates as before', async () => {
    const spec = (await env.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(spec.components.securitySchemes.writeKey).toMatchObject({ type: 'http', scheme: 'basic' });
    for (const type of ['identify', 'track', 'page', 'screen', 'group', 'alias', 'batch']) {
      const op = spec.paths[`/v1/${type}`]?.post;
      expect(op, `/v1/${type}`).toBeTruthy();
      expect(op.tags).toEqual(['tracking']);
      expect(op.security).toEqual([{ writeKey: [] }]);
      expect(op.requestBody.content['application/json'].schema.properties).toHaveProperty(
        type === 'batch' ? 'batch' : 'userId',
      );
    }
    expect(spec.paths['/v1/track'].post.requestBody.content['application/json'].schema.required).toContain('event');
    expect(spec.paths['/v1/b']).toBeUndefined();
    // The documented schema does not replace the handler's own checks (or its lenient Segment rules).
    const bad = await send('/v1/track', { anonymousId: 'doc-a', event: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('event');
    expect(
      (await send('/v1/track', { anonymousId: 42, event: 'Numeric ids are fine', extra: { x: 1 } })).statusCode,
    ).toBe(200);
    const mixed = await send('/v1/batch', {
      batch: [
        { type: 'track', anonymousId: 'doc-b', event: 'Ok' },
        { type: 'track', anonymousId: 'doc-b' },
      ],
    });
    expect(mixed.statusCode).toBe(200);
    expect(mixed.json()).toMatchObject({ success: true, rejected: [{ index: 1 }] });
  });
});
