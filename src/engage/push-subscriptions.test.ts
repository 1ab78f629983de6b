import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { PushPeer } from '../../test/peers/push-peer.ts';

/*
 * Browsers' push subscriptions: the write-key route a site's page calls, the /api/v1 routes, the
 * endpoint checks, and subscriptions following a person through a merge.
 */

let env: TestEnv;
let peer: PushPeer;
let a: Awaited<ReturnType<TestEnv['workspace']>>;
let b: Awaited<ReturnType<TestEnv['workspace']>>;
let writeKey: string;

beforeAll(async () => {
  env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
  a = await env.workspace('subs-a');
  b = await env.workspace('subs-b');
  peer = await new PushPeer().start();
  const source = await env.app.inject({
    method: 'POST',
    url: '/api/v1/sources',
    headers: a.auth,
    payload: { name: 'site', kind: 'web' },
  });
  writeKey = source.json().writeKey;
});
afterAll(async () => {
  await peer?.close();
  await env?.close();
});

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const subscribe = (payload: unknown, headers: Record<string, string> = basic(writeKey)) =>
  env.app.inject({ method: 'POST', url: '/v1/push/subscribe', headers, payload: payload as object });
const api = (method: 'GET' | 'POST' | 'DELETE', url: string, auth = a.auth, payload?: unknown) =>
  env.app.inject({ method, url, headers: auth, ...(payload ? { payload: payload as object } : {}) });
const lookup = async (kind: string, value: string) =>
  (await api('GET', `/api/v1/people/lookup?kind=${kind}&value=${encodeURIComponent(value)}`)).json();

describe('POST /v1/push/subscribe', () => {
  it('stores the subscription for the person of a new userId (created by an identify)', async () => {
    const sub = peer.subscribe();
    const r = await subscribe({ userId: 'push-user-1', subscription: sub.json });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const person = await lookup('user_id', 'push-user-1');
    expect(r.json()).toEqual({ id: expect.any(String), personId: person.id });
    const list = await api('GET', `/api/v1/people/${person.id}/push-subscriptions`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([
      {
        id: r.json().id,
        personId: person.id,
        endpoint: sub.json.endpoint,
        keys: sub.json.keys,
        createdAt: expect.any(String),
      },
    ]);
    expect(await env.kernel.engage.pushSubscriptions.addressesFor(a.id, person.id)).toEqual([JSON.stringify(sub.json)]);
  });

  it('the same endpoint subscribed again (writeKey in the body, an anonymous visitor) moves, not duplicates', async () => {
    const sub = peer.subscribe();
    const first = await subscribe({ userId: 'push-user-2', subscription: sub.json });
    const again = await subscribe({ anonymousId: 'anon-push-2', writeKey, subscription: sub.json }, {});
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const anon = await lookup('anonymous_id', 'anon-push-2');
    expect(again.json().personId).toBe(anon.id);
    const u2 = await lookup('user_id', 'push-user-2');
    expect(u2.id).not.toBe(anon.id);
    expect((await api('GET', `/api/v1/people/${u2.id}/push-subscriptions`)).json().data).toEqual([]);
    expect((await api('GET', `/api/v1/people/${anon.id}/push-subscriptions`)).json().data).toHaveLength(1);
  });

  it('a bad subscription is a 400 naming the field; no person is made for it', async () => {
    const sub = peer.subscribe();
    const cases: [unknown, string][] = [
      [
        { userId: 'push-bad', subscription: { ...sub.json, keys: { ...sub.json.keys, p256dh: 'short' } } },
        'subscription.keys.p256dh',
      ],
      [
        { userId: 'push-bad', subscription: { ...sub.json, keys: { p256dh: sub.json.keys.p256dh } } },
        'subscription.keys.auth',
      ],
      [{ userId: 'push-bad', subscription: { ...sub.json, endpoint: 'not a url' } }, 'subscription.endpoint'],
      [{ subscription: sub.json }, 'userId'],
    ];
    for (const [payload, path] of cases) {
      const r = await subscribe(payload);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // Plain http to a public host: https only.
    const http = await subscribe({
      userId: 'push-bad',
      subscription: { ...sub.json, endpoint: 'http://push.example.com/x' },
    });
    expect(http.statusCode).toBe(400);
    expect(http.json().error.details[0]).toMatchObject({
      path: 'subscription.endpoint',
      message: 'must be an https URL',
    });
    // A private address the operator did not open.
    const priv = await subscribe({
      userId: 'push-bad',
      subscription: { ...sub.json, endpoint: 'https://10.1.2.3/push/x' },
    });
    expect(priv.statusCode).toBe(422);
    expect(priv.json().error.details[0].path).toBe('subscription.endpoint');
    expect((await api('GET', '/api/v1/people/lookup?kind=user_id&value=push-bad')).statusCode).toBe(404);
  });

  it('needs a valid write key', async () => {
    const sub = peer.subscribe();
    expect((await subscribe({ userId: 'x', subscription: sub.json }, {})).statusCode).toBe(401);
    expect((await subscribe({ userId: 'x', subscription: sub.json }, basic('wk_wrong'))).statusCode).toBe(401);
    const pre = await env.app.inject({ method: 'OPTIONS', url: '/v1/push/subscribe' });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
  });
});

describe('/api/v1 push subscriptions', () => {
  it('add, list, delete; another workspace sees 404', async () => {
    const sub = peer.subscribe();
    await subscribe({ userId: 'push-api-1', subscription: peer.subscribe().json });
    const person = await lookup('user_id', 'push-api-1');
    const created = await api('POST', `/api/v1/people/${person.id}/push-subscriptions`, a.auth, sub.json);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ personId: person.id, endpoint: sub.json.endpoint, keys: sub.json.keys });
    const list = (await api('GET', `/api/v1/people/${person.id}/push-subscriptions`)).json().data;
    expect(list.map((s: { id: string }) => s.id)).toContain(created.json().id);
    expect(list).toHaveLength(2);

    // Workspace B: A's person and A's subscription do not exist.
    expect((await api('GET', `/api/v1/people/${person.id}/push-subscriptions`, b.auth)).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/people/${person.id}/push-subscriptions`, b.auth, {})).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/push-subscriptions/${created.json().id}`, b.auth)).statusCode).toBe(404);

    const bad = await api('POST', `/api/v1/people/${person.id}/push-subscriptions`, a.auth, {
      ...sub.json,
      keys: { auth: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['keys.p256dh', 'keys.auth']),
    );

    expect((await api('DELETE', `/api/v1/push-subscriptions/${created.json().id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/push-subscriptions/${created.json().id}`)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/people/${person.id}/push-subscriptions`)).json().data).toHaveLength(1);
  });

  it('GDPR: exported and erased with the person', async () => {
    const sub = peer.subscribe();
    const r = await subscribe({ userId: 'push-gdpr', subscription: sub.json });
    const person = await lookup('user_id', 'push-gdpr');
    const exported = await api('GET', `/api/v1/persons/${person.id}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.json().modules['engage-push'].pushSubscriptions).toEqual([
      { id: r.json().id, endpoint: sub.json.endpoint, createdAt: expect.any(String) },
    ]);
    const erased = await api('POST', `/api/v1/persons/${person.id}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().erased['engage-push.pushSubscriptions']).toBe(1);
    expect(await env.kernel.engage.pushSubscriptions.forPerson(a.id, person.id)).toEqual([]);
  });

  it("a merge moves the merged-away person's subscriptions to the survivor", async () => {
    const anonSub = peer.subscribe();
    await subscribe({ anonymousId: 'anon-merge', subscription: anonSub.json });
    await subscribe({ userId: 'user-merge', subscription: peer.subscribe().json });
    const anon = await lookup('anonymous_id', 'anon-merge');
    const user = await lookup('user_id', 'user-merge');
    expect(anon.id).not.toBe(user.id);
    // The visitor logs in: identify joins the two ids, so the two persons merge.
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: basic(writeKey),
      payload: { userId: 'user-merge', anonymousId: 'anon-merge' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const survivor = await lookup('user_id', 'user-merge');
    expect((await lookup('anonymous_id', 'anon-merge')).id).toBe(survivor.id);
    const subs = await env.kernel.engage.pushSubscriptions.forPerson(a.id, survivor.id);
    expect(subs.map((s) => s.endpoint).sort()).toHaveLength(2);
    expect(subs.map((s) => s.endpoint)).toContain(anonSub.json.endpoint);
  });
});
