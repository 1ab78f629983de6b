import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** The official Segment and RudderStack server SDKs, unchanged, against a real listening server. */
describe('cdp: real Segment and RudderStack SDKs', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let base: string;

  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const lookup = (kind: string, value: string) =>
    api('GET', `/api/v1/people/lookup?kind=${kind}&value=${encodeURIComponent(value)}`);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('sdk-ws');
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => env?.close());

  it('@segment/analytics-node: identify + track + page arrive, one person, timeline newest first', async () => {
    const src = await api('POST', '/api/v1/sources', { name: 'Node backend', kind: 'server' });
    expect(src.status).toBe(201);
    const analytics = new SegmentAnalytics({ writeKey: src.body.writeKey, host: base, flushAt: 50, maxRetries: 1 });
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    const t0 = Date.now();
    // Explicit timestamps: under load the clock moves between calls, and the order is what's checked.
    analytics.identify({
      userId: 'seg-user-1',
      anonymousId: 'seg-anon-1',
      traits: { email: 'Seg.User@Example.com', name: 'Seg User', plan: 'pro' },
      timestamp: new Date(t0),
    });
    analytics.track({
      userId: 'seg-user-1',
      event: 'Order Completed',
      properties: { revenue: 42.5, orderId: 'o-1' },
      timestamp: new Date(t0 + 1),
    });
    analytics.page({
      anonymousId: 'seg-anon-1',
      name: 'Pricing',
      properties: { path: '/pricing' },
      timestamp: new Date(t0 + 2),
    });
    await analytics.closeAndFlush();
    expect(errors).toEqual([]);
    await env.kernel.cdp.settled(ws.id); // computed traits follow the acknowledged write

    const person = await lookup('email', 'seg.user@example.com');
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({
      traits: { name: 'Seg User', plan: 'pro' },
      // The Order Completed above, counted as it arrived; RFM: the only customer of the workspace scores 3.
      computedTraits: {
        eventCount: 3,
        orderCount: 1,
        revenue: 42.5,
        averageCheck: 42.5,
        ltv: 42.5,
        sessions: 1,
        rfm: { r: 3, f: 3, m: 3, segment: 'need_attention' },
        custom: {},
      },
    });
    expect(person.body.identities).toEqual(
      expect.arrayContaining([
        { kind: 'user_id', value: 'seg-user-1' },
        { kind: 'anonymous_id', value: 'seg-anon-1' },
        { kind: 'email', value: 'seg.user@example.com' },
      ]),
    );
    for (const [kind, value] of [
      ['user_id', 'seg-user-1'],
      ['anonymous_id', 'seg-anon-1'],
    ])
      expect((await lookup(kind, value)).body.id).toBe(person.body.id);
    expect((await api('GET', `/api/v1/persons/${person.body.id}`)).body).toEqual(person.body);

    const tl = await api('GET', `/api/v1/people/${person.body.id}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.body.data.map((e: any) => [e.type, e.event])).toEqual([
      ['page', 'Pricing'],
      ['track', 'Order Completed'],
      ['identify', null],
    ]);
    expect(tl.body.data[1]).toMatchObject({
      properties: { revenue: 42.5, orderId: 'o-1' },
      source: { id: src.body.id, name: 'Node backend', kind: 'server', origin: 'first' },
    });

    const events = await api('GET', `/api/v1/events?sourceId=${src.body.id}`);
    expect(events.body.data).toHaveLength(3);
    for (const e of events.body.data) {
      expect(e.personId).toBe(person.body.id);
      expect(e.context.library.name).toMatch(/analytics-node/);
      expect(e.messageId).toBeTruthy();
    }
  });

  it('@rudderstack/rudder-sdk-node (gzip bodies, originalTimestamp + sentAt): identify + track + page arrive', async () => {
    const src = await api('POST', '/api/v1/sources', { name: 'Partner feed', kind: 'server', origin: 'second' });
    expect(src.status).toBe(201);
    const errors: unknown[] = [];
    const client = new RudderAnalytics(src.body.writeKey, {
      dataPlaneUrl: base,
      flushAt: 50,
      flushInterval: 600_000,
      retryCount: 0,
      logLevel: 'error',
      errorHandler: (e: unknown) => errors.push(e),
    });
    const before = Date.now();
    client.identify({
      userId: 'rs-user-1',
      anonymousId: 'rs-anon-1',
      traits: { email: 'rs.user@example.com', phone: '+7 (999) 123-45-67', tier: 'gold' },
    });
    client.track({ userId: 'rs-user-1', event: 'Product Viewed', properties: { sku: 'SKU-1', price: 9.99 } });
    client.page({ anonymousId: 'rs-anon-1', name: 'Home', properties: { path: '/' } });
    await client.flush();
    expect(errors).toEqual([]);

    const person = await lookup('phone', '+79991234567');
    expect(person.status).toBe(200);
    expect(person.body.traits).toMatchObject({ email: 'rs.user@example.com', tier: 'gold' });
    expect(person.body.identities).toEqual(
      expect.arrayContaining([
        { kind: 'user_id', value: 'rs-user-1' },
        { kind: 'anonymous_id', value: 'rs-anon-1' },
        { kind: 'email', value: 'rs.user@example.com' },
      ]),
    );

    const events = await api('GET', `/api/v1/events?sourceId=${src.body.id}`);
    expect(events.body.data.map((e: any) => e.type).sort()).toEqual(['identify', 'page', 'track']);
    for (const e of events.body.data) {
      expect(e).toMatchObject({ personId: person.body.id, origin: 'second', sourceId: src.body.id });
      expect(e.originalTimestamp).not.toBeNull();
      expect(e.sentAt).not.toBeNull();
      // Same clock on both sides: the corrected time lies between the call and the receipt.
      expect(Date.parse(e.occurredAt)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(Date.parse(e.receivedAt) + 1);
    }
    const tl = await api('GET', `/api/v1/people/${person.body.id}/timeline`);
    expect(tl.body.data.map((e: any) => e.event)).toEqual(expect.arrayContaining(['Product Viewed', 'Home']));
  });
});
