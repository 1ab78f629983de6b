import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { crmFixtures } from './isolation-crm.ts';
import { engageFixtures } from './isolation-engage.ts';
import { loyaltyFixtures } from './isolation-loyalty.ts';
import { serviceFixtures } from './isolation-service.ts';
import { textFixtures } from './isolation-insights-text.ts';
import { cxSurveysFixtures } from './isolation-cx-surveys.ts';
import { cxMentionsFixtures } from './isolation-cx-mentions.ts';
import { startTestEnv, eventually, resourceFor, type TestEnv } from './helpers.ts';
import { can, type Permission } from '../src/core/auth/roles.ts';
import { systemActor } from '../src/core/auth/actor.ts';

/**
 * Tenant isolation, walked over EVERY /api/v1 route the app registers: workspace B's admin key,
 * pointed at workspace A's records, must never read or change them. A route whose path parameter
 * this test cannot fill makes it fail, so a new module must add its records to `fixtures` below.
 */

type Fixture = { ids: Record<string, string>; markers: string[] };

// One body that satisfies every route's schema (unknown keys are stripped), so that requests get
// past validation and reach the code that must refuse them.
const KITCHEN_SINK = {
  name: 'intruder',
  role: 'viewer',
  email: 'intruder@b.test',
  password: 'intruder-password',
  currentPassword: 'x',
  locale: 'en',
  url: 'http://127.0.0.1:1/intruder',
  eventTypes: ['*'],
  description: 'intruder',
  active: false,
  disabled: true,
  rotateSecret: true,
  slug: 'ws-a',
  settings: { hacked: true },
};

describe('workspace isolation over every route', () => {
  let env: TestEnv;
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  let b: Awaited<ReturnType<TestEnv['workspace']>>;
  const fx: Fixture = { ids: {}, markers: [] };
  let snapshotA: string;

  const snapshot = async () => {
    const get = async (url: string) => {
      const r = await env.app.inject({ method: 'GET', url, headers: a.auth });
      expect(r.statusCode, url).toBe(200);
      const body = r.json();
      // last_used_at of A's own key changes as A reads: not part of the comparison.
      if (Array.isArray(body.data)) body.data = body.data.map(({ lastUsedAt: _l, ...rest }: any) => rest);
      return body;
    };
    return JSON.stringify({
      users: await get('/api/v1/users'),
      invitations: await get('/api/v1/workspace/invitations'),
      keys: await get('/api/v1/api-keys'),
      hooks: await get('/api/v1/webhooks'),
      hook: await get(`/api/v1/webhooks/${fx.ids.webhook}`),
      workspace: await get('/api/v1/workspace'),
      sources: await get('/api/v1/sources'),
      person: await get(`/api/v1/persons/${fx.ids.person}`),
      timeline: await get(`/api/v1/people/${fx.ids.person}/timeline`),
      merges: await get('/api/v1/merges'),
      events: await get('/api/v1/events'),
      eventRules: await get('/api/v1/event-rules'),
      catalogue: await get('/api/v1/catalogue/events'),
      traitCatalogue: await get('/api/v1/catalogue/traits'),
      computedTraits: await get('/api/v1/computed-traits'),
      segments: await get('/api/v1/segments'),
      segmentMembers: await get(`/api/v1/segments/${fx.ids.segment}/members`),
      promotions: await get('/api/v1/promotions'),
      products: await get('/api/v1/products'),
      points: await get(`/api/v1/persons/${fx.ids.loyaltyMember}/points`),
    });
  };

  beforeAll(async () => {
    // A's webhook points at a closed port on loopback: opened in the outbound policy. B's PATCH of
    // it (KITCHEN_SINK's url) must still be a 404, not a verdict on the URL.
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    a = await env.workspace('ws-a');
    b = await env.workspace('ws-b');
    const post = async (url: string, body: unknown) => {
      const r = await env.app.inject({ method: 'POST', url, headers: a.auth, payload: body as any });
      expect(r.statusCode, `${url}: ${r.body}`).toBeLessThan(300);
      return r.json();
    };
    // A member (added by the operator) and an invitation not yet accepted (added through the API).
    const user = await env.kernel.auth.createMember(systemActor(a.id), {
      email: 'alice.secret@a.test',
      name: 'Alice Secret-A',
      password: 'alice-password',
      role: 'manager',
    });
    const invitation = await post('/api/v1/users', {
      email: 'dora.secret@a.test',
      name: 'Dora Secret-A',
      password: 'dora-password',
      role: 'viewer',
    });
    const key = await post('/api/v1/api-keys', { name: 'A private key', role: 'viewer' });
    const hook = await post('/api/v1/webhooks', {
      url: 'http://127.0.0.1:9/a-private-hook',
      eventTypes: ['*'],
      description: 'A private hook',
    });
    const delivery = await post(`/api/v1/webhooks/${hook.id}/test`, {});
    const jobs = await eventually(async () => {
      const r = await env.app.inject({ method: 'GET', url: '/api/v1/jobs', headers: a.auth });
      return r.json().data.length > 0 ? r.json().data : null;
    });
    // CDP: a source, tracked people (an anonymous visitor who logs in: one merge).
    const source = await post('/api/v1/sources', { name: 'A private source', kind: 'web' });
    const track = async (batch: unknown[]) => {
      const r = await env.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` },
        payload: { batch } as any,
      });
      expect(r.json()).toEqual({ success: true });
    };
    await track([
      {
        type: 'track',
        anonymousId: 'a-private-anon',
        event: 'A Private Event',
        properties: { secret: 'a-private-prop' },
      },
      { type: 'identify', userId: 'a-private-user', traits: { email: 'carol.secret@a.test', name: 'Carol Secret-A' } },
    ]);
    await track([{ type: 'identify', userId: 'a-private-user', anonymousId: 'a-private-anon' }]);
    const person = (
      await env.app.inject({
        method: 'GET',
        url: '/api/v1/people/lookup?kind=user_id&value=a-private-user',
        headers: a.auth,
      })
    ).json();
    const merge = (await env.app.inject({ method: 'GET', url: '/api/v1/merges', headers: a.auth })).json().data[0];
    expect(merge?.intoPerson).toBe(person.id);
    const eventRule = await post('/api/v1/event-rules', {
      event: 'A Private Rule Event',
      action: 'rename',
      renameTo: 'A Private Renamed Event',
    });
    const computedTrait = await post('/api/v1/computed-traits', {
      key: 'a_private_trait',
      event: 'A Private Event',
      property: 'secret',
      aggregation: 'last',
      windowDays: 30,
    });
    fx.ids = {
      user: user.id,
      invitation: invitation.id,
      apiKey: key.id,
      webhook: hook.id,
      delivery: delivery.id,
      job: jobs[0].id,
      source: source.id,
      person: person.id,
      merge: merge.id,
      mergedPerson: merge.fromPerson,
      computedTrait: computedTrait.id,
    };
    fx.markers = [
      'alice.secret@a.test',
      'Alice Secret-A',
      'dora.secret@a.test',
      'Dora Secret-A',
      'A private key',
      'a-private-hook',
      'A private hook',
      hook.secret,
      key.key,
      a.id,
      ...Object.values(fx.ids),
      'A private source',
      source.writeKey,
      'a-private-anon',
      'a-private-user',
      'A Private Event',
      'a-private-prop',
      'carol.secret@a.test',
      'Carol Secret-A',
      'a_private_trait',
    ];
    fx.ids.eventRule = eventRule.id;
    const segment = await post('/api/v1/segments', {
      name: 'A private segment',
      rule: { trait: 'email', op: 'eq', value: 'carol.secret@a.test' },
    });
    await env.kernel.segments.recompute(a.id, segment.id);
    fx.ids.segment = segment.id;
    fx.markers.push(segment.id, 'A private segment');
    const [notification] = await env.kernel.db
      .transaction()
      .execute((trx) =>
        env.kernel.notifications.create(trx, [
          { workspaceId: a.id, userId: user.id, kind: 'test', title: 'A private notification' },
        ]),
      );
    fx.ids.notification = notification;
    fx.markers.push(notification, 'A private notification');
    fx.markers.push(eventRule.id, 'A Private Rule Event', 'A Private Renamed Event');
    const crm = await crmFixtures(post, {
      personId: person.id,
      inject: (o) => env.app.inject({ ...o, headers: { ...a.auth, ...o.headers } }),
    });
    Object.assign(fx.ids, crm.ids);
    fx.markers.push(...Object.values(crm.ids), ...crm.markers);
    const engage = await engageFixtures(post, async (url) =>
      (await env.app.inject({ method: 'GET', url, headers: a.auth })).json(),
    );
    Object.assign(fx.ids, engage.ids);
    fx.markers.push(...Object.values(engage.ids), ...engage.markers);
    const loyalty = await loyaltyFixtures(post, async (method, url, body) =>
      (await env.app.inject({ method, url, headers: a.auth, ...(body ? { payload: body as any } : {}) })).json(),
    );
    Object.assign(fx.ids, loyalty.ids);
    fx.markers.push(...Object.values(loyalty.ids), ...loyalty.markers);
    const service = await serviceFixtures(post);
    Object.assign(fx.ids, service.ids);
    fx.markers.push(...Object.values(service.ids), ...service.markers);
    const text = await textFixtures(post);
    Object.assign(fx.ids, text.ids);
    fx.markers.push(...Object.values(text.ids), ...text.markers);
    const surveys = await cxSurveysFixtures(post, person.id);
    Object.assign(fx.ids, surveys.ids);
    fx.markers.push(...Object.values(surveys.ids), ...surveys.markers);
    const mentions = await cxMentionsFixtures(post, async (url) =>
      (await env.app.inject({ method: 'GET', url, headers: a.auth })).json(),
    );
    Object.assign(fx.ids, mentions.ids);
    fx.markers.push(...Object.values(mentions.ids), ...mentions.markers);
    snapshotA = await snapshot();
  });
  afterAll(async () => env?.close());

  /**
   * Path parameters that name a fixed kind, not a record (insights' `/models/:kind`: B's
   * `/models/churn` is B's own model), filled with a real value; the markers check still runs.
   */
  const fixedParams = (url: string) => url.replace(':kind', 'churn');

  it('knows every route with a path parameter', () => {
    const unknown = env.app.routeList.filter(
      (r) => r.url.startsWith('/api/v1/') && fixedParams(r.url).includes(':') && !resourceFor(r.url),
    );
    expect(
      unknown,
      'add these routes to PARAM_RESOURCE in test/helpers.ts (core) or to isolation.paramResource in the module definition',
    ).toEqual([]);
  });

  it("B's admin key cannot read or change A's records through any route", async () => {
    const routes = env.app.routeList.filter((r) => r.url.startsWith('/api/v1/') && !r.public);
    expect(routes.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const route of routes) {
      const resource = resourceFor(route.url);
      const url = resource ? route.url.replace(':id', fx.ids[resource]) : fixedParams(route.url);
      const withBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
      const r = await env.app.inject({
        method: route.method as any,
        url,
        headers: b.auth,
        ...(withBody ? { payload: KITCHEN_SINK } : {}),
      });
      if (resource && r.statusCode < 400)
        leaks.push(`${route.method} ${route.url} → ${r.statusCode} on A's ${resource}`);
      if (resource && r.statusCode !== 404) leaks.push(`${route.method} ${route.url} → ${r.statusCode}, expected 404`);
      for (const m of fx.markers) if (r.body.includes(m)) leaks.push(`${route.method} ${route.url} leaked "${m}"`);
    }
    expect(leaks).toEqual([]);
    expect(await snapshot()).toBe(snapshotA);
  });

  it('every route refuses a request without credentials (401) and a key without the permission (403)', async () => {
    const viewer = await env.workspace('ws-a', 'viewer');
    const before = await snapshot();
    const problems: string[] = [];
    for (const route of env.app.routeList.filter((r) => r.url.startsWith('/api/v1/') && !r.public)) {
      const resource = resourceFor(route.url);
      const url = resource ? route.url.replace(':id', fx.ids[resource]) : fixedParams(route.url);
      const withBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
      const anon = await env.app.inject({ method: route.method as any, url, ...(withBody ? { payload: {} } : {}) });
      if (anon.statusCode !== 401 || anon.json().error?.code !== 'UNAUTHENTICATED')
        problems.push(`${route.method} ${route.url} without auth → ${anon.statusCode}`);
      if (!can('viewer', route.permission as Permission)) {
        const r = await env.app.inject({
          method: route.method as any,
          url,
          headers: viewer.auth,
          ...(withBody ? { payload: KITCHEN_SINK } : {}),
        });
        if (r.statusCode !== 403 || r.json().error?.code !== 'FORBIDDEN')
          problems.push(`${route.method} ${route.url} as viewer → ${r.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it("CDP: B's lookups and B's tracked identifiers never reach A's people", async () => {
    const before = await snapshot();
    for (const [kind, value] of [
      ['user_id', 'a-private-user'],
      ['anonymous_id', 'a-private-anon'],
      ['email', 'carol.secret@a.test'],
    ]) {
      const r = await env.app.inject({
        method: 'GET',
        url: `/api/v1/people/lookup?kind=${kind}&value=${encodeURIComponent(value)}`,
        headers: b.auth,
      });
      expect(r.statusCode, `${kind}=${value}`).toBe(404);
    }
    expect(
      (await env.app.inject({ method: 'GET', url: `/api/v1/persons/${fx.ids.mergedPerson}`, headers: b.auth }))
        .statusCode,
    ).toBe(404);
    const src = (
      await env.app.inject({
        method: 'POST',
        url: '/api/v1/sources',
        headers: b.auth,
        payload: { name: 'B source', kind: 'server' },
      })
    ).json();
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.writeKey}:`).toString('base64')}` },
      payload: {
        batch: [
          {
            type: 'identify',
            userId: 'a-private-user',
            anonymousId: 'a-private-anon',
            traits: { email: 'carol.secret@a.test', name: 'B copy' },
          },
        ],
      },
    });
    expect(r.json()).toEqual({ success: true });
    const mine = (
      await env.app.inject({
        method: 'GET',
        url: '/api/v1/people/lookup?kind=user_id&value=a-private-user',
        headers: b.auth,
      })
    ).json();
    expect(mine.id).not.toBe(fx.ids.person);
    expect(mine.traits).toEqual({ email: 'carol.secret@a.test', name: 'B copy' });
    expect(await snapshot()).toBe(before);
  });

  it('a UI session of a B member sees only B', async () => {
    await env.kernel.auth.createMember(
      { workspaceId: b.id, type: 'system', id: null, label: 'test', role: 'admin', channel: 'system' },
      { email: 'bob@b.test', name: 'Bob', password: 'bob-password', role: 'admin' },
    );
    // As the web app sends it: the CSRF header and our own origin (src/core/http/csrf.ts).
    const browser = { 'x-kartoteka-request': '1', origin: 'http://localhost' };
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: browser,
      payload: { email: 'bob@b.test', password: 'bob-password' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const users = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
    const emails = users.json().data.map((u: any) => u.email);
    expect(emails).toContain('bob@b.test');
    expect(emails).not.toContain('alice.secret@a.test');
    const other = await env.app.inject({ method: 'GET', url: `/api/v1/users/${fx.ids.user}`, headers: { cookie } });
    expect(other.statusCode).toBe(404);
    const sw = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/switch-workspace',
      headers: { cookie, ...browser },
      payload: { slug: 'ws-a' },
    });
    expect(sw.statusCode).toBe(404);
  });
});
