import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { signPayload, verifySignature } from './webhooks.ts';
import { SSRF_PROBES } from '../net/outbound.ts';

/**
 * Webhooks end to end: subscriptions through the API, record events fanned out to a real HTTP
 * receiver on 127.0.0.1, signatures, retries with backoff, the dead-letter state, replay and ping.
 * The receiver is on loopback, so those environments open 127.0.0.0/8 in the outbound policy
 * (KARTOTEKA_OUTBOUND_ALLOW); the last one runs with the default policy, which refuses it.
 */

/** Loopback opened for the local receiver, as an operator would for a local service. */
const LOCAL_RECEIVER = { outboundAllow: '127.0.0.0/8' };
/** What the receiver answers: it must never come back through the API or be stored. */
const ANSWER = 'receiver-answer-';

type Auth = { authorization: string };
interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
type Rule = (n: number) => number | Promise<number>;

/** A webhook receiver: each path answers by its rule (given the 1-based request count on that path). */
class Receiver {
  hits: Hit[] = [];
  private rules = new Map<string, Rule>();
  private server: Server;
  private base = '';

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const path = req.url ?? '/';
        const n = this.hits.filter((h) => h.path === path).length + 1;
        const hit: Hit = { path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: 0 };
        this.hits.push(hit);
        const status = await (this.rules.get(path) ?? (() => 200))(n);
        hit.status = status;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`${ANSWER}${status}: internal data`);
      });
    });
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  url(path: string, rule?: Rule) {
    if (rule) this.rules.set(path, rule);
    return `${this.base}${path}`;
  }
  on(path: string) {
    return this.hits.filter((h) => h.path === path);
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Verifies a signature header by recomputing the HMAC with node:crypto, independently of the product code. */
function independentlyValid(secret: string, body: string, header: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  return createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex') === m[2];
}

function api(env: () => TestEnv) {
  const { api: call } = apiClient(() => env().app);
  return {
    call,
    async subscribe(auth: Auth, body: { url: string; eventTypes: string[]; active?: boolean; description?: string }) {
      const r = await call('POST', '/api/v1/webhooks', body, auth);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: string; secret: string; url: string; eventTypes: string[]; active: boolean };
    },
    async deliveries(auth: Auth, subscriptionId: string) {
      const r = await call('GET', `/api/v1/webhooks/${subscriptionId}/deliveries`, undefined, auth);
      expect(r.status).toBe(200);
      return r.body.data as any[];
    },
    async delivery(auth: Auth, id: string) {
      const r = await call('GET', `/api/v1/webhook-deliveries/${id}`, undefined, auth);
      expect(r.status).toBe(200);
      return r.body;
    },
    async createKey(auth: Auth, name: string) {
      const r = await call('POST', '/api/v1/api-keys', { name, role: 'viewer' }, auth);
      expect(r.status).toBe(201);
      return r.body as { id: string; key: string; name: string };
    },
  };
}

describe('webhooks', () => {
  let env: TestEnv;
  const receiver = new Receiver();
  const A = api(() => env);
  const releases: (() => void)[] = [];

  const settled = (auth: Auth, id: string, status: string) =>
    eventually(async () => {
      const d = await A.delivery(auth, id);
      return d.status === status ? d : null;
    });

  beforeAll(async () => {
    await receiver.start();
    env = await startTestEnv({ webhookRetryDelaySeconds: 1, ...LOCAL_RECEIVER });
  });
  afterAll(async () => {
    for (const r of releases) r();
    await env?.close();
    await receiver.stop();
  });

  it('creates a subscription through the API and returns its signing secret once listed without it', async () => {
    const ws = await env.workspace('wh-create');
    const sub = await A.subscribe(ws.auth, {
      url: receiver.url('/create'),
      eventTypes: ['api_key.*', 'user.created'],
      description: 'CRM sync',
    });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/);
    expect(sub).toMatchObject({
      url: receiver.url('/create'),
      eventTypes: ['api_key.*', 'user.created'],
      active: true,
      description: 'CRM sync',
    });

    const list = await A.call('GET', '/api/v1/webhooks', undefined, ws.auth);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].id).toBe(sub.id);
    expect(list.body.data[0].secret).toBeUndefined();
    expect(list.text).not.toContain(sub.secret);

    const one = await A.call('GET', `/api/v1/webhooks/${sub.id}`, undefined, ws.auth);
    expect(one.body.secret).toBe(sub.secret);

    const types = await A.call('GET', '/api/v1/webhooks/event-types', undefined, ws.auth);
    expect(types.body.data.map((t: any) => t.type)).toEqual(
      expect.arrayContaining(['api_key.created', 'user.deleted', 'webhook.ping']),
    );
  });

  let signed: { auth: Auth; deliveryId: string; secret: string; body: string; path: string };

  it('delivers a record change to the receiver, signed, with event and delivery headers', async () => {
    const ws = await env.workspace('wh-sign');
    const path = '/sign';
    const sub = await A.subscribe(ws.auth, { url: receiver.url(path), eventTypes: ['api_key.created'] });
    const key = await A.createKey(ws.auth, 'CI key');

    // The delivery is written in the same transaction as the change.
    const queued = await A.deliveries(ws.auth, sub.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ eventType: 'api_key.created', subscriptionId: sub.id, replayOf: null });

    const [hit] = await eventually(async () => (receiver.on(path).length ? receiver.on(path) : null));
    expect(hit.headers['content-type']).toContain('application/json');
    expect(hit.headers['kartoteka-event']).toBe('api_key.created');
    expect(hit.headers['kartoteka-delivery']).toBe(queued[0].id);
    expect(hit.headers['kartoteka-event-id']).toBe(queued[0].eventId);

    const signature = String(hit.headers['kartoteka-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(sub.secret, hit.body, signature)).toBe(true);
    expect(independentlyValid(sub.secret, hit.body, signature)).toBe(true);
    expect(independentlyValid('whsec_wrong', hit.body, signature)).toBe(false);

    const payload = JSON.parse(hit.body);
    expect(payload).toMatchObject({
      id: queued[0].eventId,
      type: 'api_key.created',
      workspaceId: ws.id,
      actor: { type: 'api_key', channel: 'api' },
      data: {
        entityType: 'api_key',
        entityId: key.id,
        action: 'create',
        record: { id: key.id, name: 'CI key', role: 'viewer', revokedAt: null },
      },
    });
    expect(payload.data.changes).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: 'CI key' }]));
    // the key itself is shown once to its creator, never sent to webhooks
    expect(hit.body).not.toContain(key.key);

    const done = await settled(ws.auth, queued[0].id, 'succeeded');
    expect(done).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null });
    expect(done.completedAt).not.toBeNull();
    expect(done.attemptLog.map((a: any) => a.statusCode)).toEqual([200]);
    // status and timing only: what the receiver answered is neither shown nor stored
    expect(Object.keys(done.attemptLog[0]).sort()).toEqual([
      'attempt',
      'durationMs',
      'error',
      'startedAt',
      'statusCode',
    ]);
    expect((await A.call('GET', `/api/v1/webhook-deliveries/${queued[0].id}`, undefined, ws.auth)).text).not.toContain(
      ANSWER,
    );
    await expectNoStoredAnswer(env, queued[0].id);
    expect(done.payload).toEqual(payload);
    signed = { auth: ws.auth, deliveryId: queued[0].id, secret: sub.secret, body: hit.body, path };
  });

  it('replays a delivery as a new delivery of the same event', async () => {
    const { auth, deliveryId, secret, body, path } = signed;
    const before = receiver.on(path).length;
    const r = await A.call('POST', `/api/v1/webhook-deliveries/${deliveryId}/replay`, undefined, auth);
    expect(r.status).toBe(202);
    const replay = r.body;
    expect(replay.id).not.toBe(deliveryId);
    expect(replay.replayOf).toBe(deliveryId);
    expect(replay.eventType).toBe('api_key.created');

    const hit = await eventually(async () =>
      receiver
        .on(path)
        .slice(before)
        .find((h) => h.headers['kartoteka-delivery'] === replay.id),
    );
    expect(JSON.parse(hit.body)).toEqual(JSON.parse(body));
    expect(verifySignature(secret, hit.body, String(hit.headers['kartoteka-signature']))).toBe(true);
    expect(independentlyValid(secret, hit.body, String(hit.headers['kartoteka-signature']))).toBe(true);

    const done = await settled(auth, replay.id, 'succeeded');
    expect(done.attempts).toBe(1);
    expect(done.replayOf).toBe(deliveryId);
    // the original is untouched
    expect((await A.delivery(auth, deliveryId)).attempts).toBe(1);
    const unknown = await A.call(
      'POST',
      '/api/v1/webhook-deliveries/00000000-0000-7000-8000-000000000000/replay',
      undefined,
      auth,
    );
    expect(unknown.status).toBe(404);
  });

  it('sends a signed webhook.ping on test, whatever the subscription filters', async () => {
    const ws = await env.workspace('wh-ping');
    const path = '/ping';
    const sub = await A.subscribe(ws.auth, { url: receiver.url(path), eventTypes: ['user.deleted'] });
    const r = await A.call('POST', `/api/v1/webhooks/${sub.id}/test`, undefined, ws.auth);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      subscriptionId: sub.id,
      eventType: 'webhook.ping',
      payload: { type: 'webhook.ping', workspaceId: ws.id },
    });

    const hit = await eventually(async () => receiver.on(path)[0]);
    expect(hit.headers['kartoteka-event']).toBe('webhook.ping');
    expect(hit.headers['kartoteka-delivery']).toBe(r.body.id);
    expect(verifySignature(sub.secret, hit.body, String(hit.headers['kartoteka-signature']))).toBe(true);
    expect(independentlyValid(sub.secret, hit.body, String(hit.headers['kartoteka-signature']))).toBe(true);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'webhook.ping', data: { message: 'Kartoteka webhook test' } });
    await settled(ws.auth, r.body.id, 'succeeded');

    expect(
      (await A.call('POST', '/api/v1/webhooks/00000000-0000-7000-8000-000000000000/test', undefined, ws.auth)).status,
    ).toBe(404);
  });

  it('filters by event type: workspace.* gets no api_key events, * gets everything', async () => {
    const ws = await env.workspace('wh-filter');
    const spaces = await A.subscribe(ws.auth, { url: receiver.url('/filter-workspace'), eventTypes: ['workspace.*'] });
    const all = await A.subscribe(ws.auth, { url: receiver.url('/filter-all'), eventTypes: ['*'] });
    const keys = await A.subscribe(ws.auth, { url: receiver.url('/filter-keys'), eventTypes: ['api_key.updated'] });

    const key = await A.createKey(ws.auth, 'filtered key');
    const renamed = await A.call('PATCH', '/api/v1/workspace', { name: 'Filtered workspace' }, ws.auth);
    expect(renamed.status).toBe(200);
    const revoked = await A.call('DELETE', `/api/v1/api-keys/${key.id}`, undefined, ws.auth);
    expect(revoked.status).toBe(200);

    const types = async (id: string) => (await A.deliveries(ws.auth, id)).map((d) => d.eventType).sort();
    expect(await types(spaces.id)).toEqual(['workspace.updated']);
    // `*` also saw webhook.created twice: its own creation (same transaction) and the next subscription's
    const everything = [
      'api_key.created',
      'api_key.updated',
      'webhook.created',
      'webhook.created',
      'workspace.updated',
    ];
    expect(await types(all.id)).toEqual(everything);
    expect(await types(keys.id)).toEqual(['api_key.updated']);

    // every delivery arrives, and each receiver got exactly what it subscribed to
    for (const sub of [spaces, all, keys]) {
      for (const d of await A.deliveries(ws.auth, sub.id)) await settled(ws.auth, d.id, 'succeeded');
    }
    expect(receiver.on('/filter-workspace').map((h) => h.headers['kartoteka-event'])).toEqual(['workspace.updated']);
    expect(
      receiver
        .on('/filter-all')
        .map((h) => h.headers['kartoteka-event'])
        .sort(),
    ).toEqual(everything);
    expect(receiver.on('/filter-keys').map((h) => h.headers['kartoteka-event'])).toEqual(['api_key.updated']);
    const event = JSON.parse(receiver.on('/filter-workspace')[0].body);
    expect(event.data).toMatchObject({ entityType: 'workspace', entityId: ws.id, action: 'update' });
    expect(event.data.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name', after: 'Filtered workspace' })]),
    );
  });

  it('retries a failing receiver with backoff until it succeeds (500, 500, 200)', async () => {
    const ws = await env.workspace('wh-retry');
    const path = '/flaky';
    await A.subscribe(ws.auth, {
      url: receiver.url(path, (n) => (n <= 2 ? 500 : 200)),
      eventTypes: ['api_key.created'],
    });
    const subId = (await A.call('GET', '/api/v1/webhooks', undefined, ws.auth)).body.data[0].id;
    await A.createKey(ws.auth, 'retried');
    const [queued] = await A.deliveries(ws.auth, subId);

    const done = await settled(ws.auth, queued.id, 'succeeded');
    expect(done.attempts).toBe(3);
    expect(done.lastStatusCode).toBe(200);
    expect(done.lastError).toBeNull();
    expect(done.nextAttemptAt).toBeNull();
    expect(done.attemptLog.map((a: any) => a.attempt)).toEqual([1, 2, 3]);
    expect(done.attemptLog.map((a: any) => a.statusCode)).toEqual([500, 500, 200]);
    expect(done.attemptLog.map((a: any) => a.error)).toEqual(['HTTP 500', 'HTTP 500', null]);
    expect(done.attemptLog.every((a: any) => !('responseBody' in a))).toBe(true);
    expect((await A.call('GET', `/api/v1/webhook-deliveries/${queued.id}`, undefined, ws.auth)).text).not.toContain(
      ANSWER,
    );
    await expectNoStoredAnswer(env, queued.id);

    const hits = receiver.on(path);
    expect(hits.map((h) => h.status)).toEqual([500, 500, 200]);
    expect(new Set(hits.map((h) => h.headers['kartoteka-delivery']))).toEqual(new Set([queued.id]));
    // each attempt is signed afresh and valid
    const sub = (await A.call('GET', `/api/v1/webhooks/${subId}`, undefined, ws.auth)).body;
    for (const h of hits)
      expect(verifySignature(sub.secret, h.body, String(h.headers['kartoteka-signature']))).toBe(true);

    // the attempts are the job queue's retries
    const jobs = await A.call('GET', '/api/v1/jobs?name=webhook.deliver&limit=500', undefined, ws.auth);
    const job = jobs.body.data.find((j: any) => j.data.deliveryId === queued.id);
    expect(job).toMatchObject({ state: 'completed', attempts: 3 });
  });

  it('stops delivering when the subscription is deactivated between attempts', async () => {
    const ws = await env.workspace('wh-deactivate');
    const path = '/held';
    let release!: (status: number) => void;
    const held = new Promise<number>((r) => (release = r));
    releases.push(() => release(500));
    const sub = await A.subscribe(ws.auth, {
      url: receiver.url(path, (n) => (n === 1 ? held : 200)),
      eventTypes: ['api_key.created'],
    });
    await A.createKey(ws.auth, 'deactivated');
    const [queued] = await A.deliveries(ws.auth, sub.id);

    await eventually(async () => receiver.on(path).length === 1); // first attempt in flight
    const patched = await A.call('PATCH', `/api/v1/webhooks/${sub.id}`, { active: false }, ws.auth);
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    release(500);

    const done = await settled(ws.auth, queued.id, 'cancelled');
    expect(done.attempts).toBe(1);
    expect(done.attemptLog.map((a: any) => a.statusCode)).toEqual([500]);
    expect(receiver.on(path)).toHaveLength(1);
  });

  it('sends nothing to an inactive subscription', async () => {
    const ws = await env.workspace('wh-inactive');
    const inactive = await A.subscribe(ws.auth, { url: receiver.url('/inactive'), eventTypes: ['*'], active: false });
    expect(inactive.active).toBe(false);
    const control = await A.subscribe(ws.auth, {
      url: receiver.url('/inactive-control'),
      eventTypes: ['api_key.created'],
    });
    await A.createKey(ws.auth, 'unseen');

    expect(await A.deliveries(ws.auth, inactive.id)).toEqual([]);
    const [d] = await A.deliveries(ws.auth, control.id);
    await settled(ws.auth, d.id, 'succeeded');
    expect(receiver.on('/inactive')).toEqual([]);
    // A paused webhook refuses a test event instead of accepting and dropping it.
    const test = await A.call('POST', `/api/v1/webhooks/${inactive.id}/test`, {}, ws.auth);
    expect(test.status).toBe(409);
    expect(test.body.error.code).toBe('CONFLICT');
  });

  it('rejects bad subscriptions with 400 VALIDATION_FAILED and the field path', async () => {
    const ws = await env.workspace('wh-invalid');
    const cases: [unknown, string][] = [
      [{ url: 'ftp://x', eventTypes: ['*'] }, 'url'],
      [{ url: 'not a url', eventTypes: ['*'] }, 'url'],
      [{ url: receiver.url('/x'), eventTypes: ['bogus.created'] }, 'eventTypes.0'],
      [{ url: receiver.url('/x'), eventTypes: ['user.created', 'bogus.*'] }, 'eventTypes.1'],
      [{ url: receiver.url('/x'), eventTypes: [] }, 'eventTypes'],
      [{ url: receiver.url('/x') }, 'eventTypes'],
    ];
    for (const [body, path] of cases) {
      const r = await A.call('POST', '/api/v1/webhooks', body, ws.auth);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
    }
    expect((await A.call('GET', '/api/v1/webhooks', undefined, ws.auth)).body.data).toEqual([]);

    const sub = await A.subscribe(ws.auth, { url: receiver.url('/valid'), eventTypes: ['user.*'] });
    const badPatch = await A.call('PATCH', `/api/v1/webhooks/${sub.id}`, { url: 'ftp://x' }, ws.auth);
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error.details[0].path).toBe('url');
    expect((await A.call('GET', `/api/v1/webhooks/${sub.id}`, undefined, ws.auth)).body.url).toBe(
      receiver.url('/valid'),
    );

    const viewer = await env.workspace('wh-invalid', 'viewer');
    const forbidden = await A.call(
      'POST',
      '/api/v1/webhooks',
      { url: receiver.url('/x'), eventTypes: ['*'] },
      viewer.auth,
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
  });

  it('signs with the new secret after rotation', async () => {
    const ws = await env.workspace('wh-rotate');
    const path = '/rotate';
    const sub = await A.subscribe(ws.auth, { url: receiver.url(path), eventTypes: ['webhook.ping'] });
    const rotated = await A.call('PATCH', `/api/v1/webhooks/${sub.id}`, { rotateSecret: true }, ws.auth);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(sub.secret);
    await A.call('POST', `/api/v1/webhooks/${sub.id}/test`, undefined, ws.auth);
    const hit = await eventually(async () => receiver.on(path)[0]);
    const sig = String(hit.headers['kartoteka-signature']);
    expect(verifySignature(rotated.body.secret, hit.body, sig)).toBe(true);
    expect(verifySignature(sub.secret, hit.body, sig)).toBe(false);
  });

  it('keeps deliveries and subscriptions per workspace', async () => {
    const owner = await env.workspace('wh-sign');
    const other = await env.workspace('wh-other');
    expect((await A.call('GET', `/api/v1/webhook-deliveries/${signed.deliveryId}`, undefined, other.auth)).status).toBe(
      404,
    );
    expect(
      (await A.call('POST', `/api/v1/webhook-deliveries/${signed.deliveryId}/replay`, undefined, other.auth)).status,
    ).toBe(404);
    expect((await A.call('GET', '/api/v1/webhooks', undefined, other.auth)).body.data).toEqual([]);
    expect((await A.call('GET', `/api/v1/webhook-deliveries/${signed.deliveryId}`, undefined, owner.auth)).status).toBe(
      200,
    );
    // another workspace's webhook is a 404 before its URL is judged
    const ownerHook = (await A.call('GET', '/api/v1/webhooks', undefined, owner.auth)).body.data[0];
    const patched = await A.call(
      'PATCH',
      `/api/v1/webhooks/${ownerHook.id}`,
      { url: 'http://169.254.169.254/' },
      other.auth,
    );
    expect(patched.status).toBe(404);
  });

  it('emits a module event without an audit row, in the envelope of record events, to the subscriptions that take it', async () => {
    const ws = await env.workspace('wh-emit');
    const hooks = env.kernel.webhooks;
    const db = env.kernel.db;
    hooks.registerEventType('probe.happened', 'A module event (test)');
    const emit = (events: Parameters<typeof hooks.emit>[1]) =>
      db.transaction().execute((trx) => hooks.emit(trx, events));
    // No subscription: nothing queued.
    expect(await emit({ workspaceId: ws.id, type: 'probe.happened', data: { n: 0 } })).toEqual([]);

    const exact = await A.subscribe(ws.auth, { url: receiver.url('/emit-exact'), eventTypes: ['probe.happened'] });
    const all = await A.subscribe(ws.auth, { url: receiver.url('/emit-all'), eventTypes: ['*'] });
    const other = await A.subscribe(ws.auth, { url: receiver.url('/emit-other'), eventTypes: ['api_key.created'] });
    const audits = async () =>
      (
        await db
          .selectFrom('audit_log')
          .select(db.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', ws.id)
          .executeTakeFirstOrThrow()
      ).n;
    const auditBefore = Number(await audits());
    const at = new Date('2026-12-05T10:00:00.000Z');
    const ids = await emit([
      { workspaceId: ws.id, type: 'probe.happened', data: { n: 1 }, occurredAt: at },
      { workspaceId: ws.id, type: 'probe.happened', data: { n: 2 }, occurredAt: at },
    ]);
    expect(ids).toHaveLength(2);
    expect(Number(await audits())).toBe(auditBefore);
    const probes = async (id: string) =>
      (await A.deliveries(ws.auth, id))
        .filter((d) => d.eventType === 'probe.happened')
        .map((d) => d.eventId)
        .sort();
    expect(await probes(exact.id)).toEqual([...ids].sort());
    expect(await probes(all.id)).toEqual([...ids].sort());
    expect(await probes(other.id)).toEqual([]);

    const hits = await eventually(async () =>
      receiver.on('/emit-exact').length === 2 ? receiver.on('/emit-exact') : null,
    );
    const bodies = hits.map((h) => {
      expect(verifySignature(exact.secret, h.body, String(h.headers['kartoteka-signature']))).toBe(true);
      expect(h.headers['kartoteka-event']).toBe('probe.happened');
      return JSON.parse(h.body);
    });
    expect(bodies.sort((a, b) => a.data.n - b.data.n)).toEqual(
      [1, 2].map((n, i) => ({
        id: ids[i],
        type: 'probe.happened',
        workspaceId: ws.id,
        occurredAt: at.toISOString(),
        actor: { type: 'system', id: null, label: 'Kartoteka', channel: 'system' },
        data: { n },
      })),
    );

    // Rolled back with the transaction that emitted; an unregistered type is a programming error.
    await expect(
      db.transaction().execute(async (trx) => {
        await hooks.emit(trx, { workspaceId: ws.id, type: 'probe.happened', data: { n: 3 } });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await probes(exact.id)).toHaveLength(2);
    await expect(emit({ workspaceId: ws.id, type: 'probe.unknown', data: {} })).rejects.toThrow(/not registered/);
  });
});

describe('webhooks that keep failing', () => {
  let env: TestEnv;
  const receiver = new Receiver();
  const A = api(() => env);
  let up = false;

  beforeAll(async () => {
    await receiver.start();
    env = await startTestEnv({ webhookMaxAttempts: 2, webhookRetryDelaySeconds: 1, ...LOCAL_RECEIVER });
  });
  afterAll(async () => {
    await env?.close();
    await receiver.stop();
  });

  it('marks the delivery failed after maxAttempts and its job dead; a retried job delivers it', async () => {
    const ws = await env.workspace('wh-dead');
    const path = '/down';
    const sub = await A.subscribe(ws.auth, {
      url: receiver.url(path, () => (up ? 200 : 503)),
      eventTypes: ['api_key.created'],
    });
    await A.createKey(ws.auth, 'never delivered');
    const [queued] = await A.deliveries(ws.auth, sub.id);

    const failed = await eventually(async () => {
      const d = await A.delivery(ws.auth, queued.id);
      return d.status === 'failed' ? d : null;
    });
    expect(failed.attempts).toBe(2);
    expect(failed.attemptLog.map((a: any) => a.statusCode)).toEqual([503, 503]);
    expect(failed.lastError).toBe('HTTP 503');
    expect(failed.nextAttemptAt).toBeNull();
    expect(failed.completedAt).not.toBeNull();

    const dead = await eventually(async () => {
      const r = await A.call('GET', '/api/v1/jobs?state=dead', undefined, ws.auth);
      expect(r.status).toBe(200);
      return r.body.data.find((j: any) => j.data.deliveryId === queued.id);
    });
    expect(dead).toMatchObject({ name: 'webhook.deliver', state: 'dead' });
    expect(receiver.on(path)).toHaveLength(2);
    const failedList = await A.call('GET', `/api/v1/webhooks/${sub.id}/deliveries?status=failed`, undefined, ws.auth);
    expect(failedList.body.data.map((d: any) => d.id)).toEqual([queued.id]);

    // once the receiver is back, the dead job can be retried from the jobs API
    up = true;
    const retried = await A.call('POST', `/api/v1/jobs/${dead.id}/retry`, undefined, ws.auth);
    expect(retried.status).toBe(200);
    const delivered = await eventually(async () => {
      const d = await A.delivery(ws.auth, queued.id);
      return d.status === 'succeeded' ? d : null;
    });
    expect(delivered.attemptLog.map((a: any) => a.statusCode)).toEqual([503, 503, 200]);
    expect(receiver.on(path).map((h) => h.status)).toEqual([503, 503, 200]);
  });

  it('records a connection failure as an attempt with an error and no status code', async () => {
    const ws = await env.workspace('wh-refused');
    const closed = new Receiver();
    await closed.start();
    const url = closed.url('/gone');
    await closed.stop(); // nothing listens on that port any more
    const sub = await A.subscribe(ws.auth, { url, eventTypes: ['api_key.created'] });
    await A.createKey(ws.auth, 'refused');
    const [queued] = await A.deliveries(ws.auth, sub.id);
    const failed = await eventually(async () => {
      const d = await A.delivery(ws.auth, queued.id);
      return d.status === 'failed' ? d : null;
    });
    expect(failed.attemptLog).toHaveLength(2);
    for (const a of failed.attemptLog) {
      expect(a.statusCode).toBeNull();
      // the kind of failure, not where it happened (no address or port: not a scanner)
      expect(a.error).toBe('connection failed (ECONNREFUSED)');
    }
  });
});

describe('webhooks under the default outbound policy (public addresses only)', () => {
  let env: TestEnv;
  const receiver = new Receiver();
  const A = api(() => env);

  beforeAll(async () => {
    await receiver.start();
    env = await startTestEnv({ webhookMaxAttempts: 1 });
  });
  afterAll(async () => {
    await env?.close();
    await receiver.stop();
  });

  it('refuses to create a webhook to any SSRF address with 422 OUTBOUND_BLOCKED naming url', async () => {
    const ws = await env.workspace('wh-ssrf-create');
    const accepted: string[] = [];
    for (const url of [...SSRF_PROBES, receiver.url('/local')]) {
      const r = await A.call('POST', '/api/v1/webhooks', { url, eventTypes: ['*'] }, ws.auth);
      if (
        r.status !== 422 ||
        r.body.error.code !== 'OUTBOUND_BLOCKED' ||
        !r.body.error.details.some((d: any) => d.path === 'url')
      )
        accepted.push(`${url} → ${r.status} ${r.text}`);
    }
    expect(accepted).toEqual([]);
    expect((await A.call('GET', '/api/v1/webhooks', undefined, ws.auth)).body.data).toEqual([]);
  });

  it('refuses to change a webhook URL to an SSRF address, and keeps the old one', async () => {
    const ws = await env.workspace('wh-ssrf-update');
    const sub = await A.subscribe(ws.auth, {
      url: 'https://93.184.215.14/hook',
      eventTypes: ['user.*'],
      active: false,
    });
    const accepted: string[] = [];
    for (const url of SSRF_PROBES) {
      const r = await A.call('PATCH', `/api/v1/webhooks/${sub.id}`, { url }, ws.auth);
      if (r.status !== 422 || r.body.error.code !== 'OUTBOUND_BLOCKED' || r.body.error.details[0]?.path !== 'url')
        accepted.push(`${url} → ${r.status}`);
    }
    expect(accepted).toEqual([]);
    expect((await A.call('GET', `/api/v1/webhooks/${sub.id}`, undefined, ws.auth)).body.url).toBe(
      'https://93.184.215.14/hook',
    );
  });

  it('refuses at delivery a URL stored before the policy: no request leaves, the attempt says why without detail', async () => {
    const ws = await env.workspace('wh-ssrf-deliver');
    const sub = await A.subscribe(ws.auth, { url: 'https://93.184.215.14/hook', eventTypes: ['user.*'] });
    // As an older version (or a row written behind the API's back) would have stored it.
    const internal = receiver.url('/metadata');
    await env.kernel.db
      .updateTable('webhook_subscriptions')
      .set({ url: internal })
      .where('workspace_id', '=', ws.id)
      .where('id', '=', sub.id)
      .execute();
    const r = await A.call('POST', `/api/v1/webhooks/${sub.id}/test`, undefined, ws.auth);
    expect(r.status).toBe(202);
    const failed = await eventually(async () => {
      const d = await A.delivery(ws.auth, r.body.id);
      return d.status === 'failed' ? d : null;
    });
    expect(failed.lastError).toBe('blocked by the outbound policy');
    expect(failed.lastStatusCode).toBeNull();
    expect(failed.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error: 'blocked by the outbound policy' }),
    ]);
    expect(receiver.on('/metadata')).toEqual([]);
  });
});

/** The database keeps no receiver answer for the delivery's attempts (the column is gone). */
async function expectNoStoredAnswer(env: TestEnv, deliveryId: string) {
  const rows = await env.kernel.db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .execute();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row).not.toHaveProperty('response_body');
    expect(JSON.stringify(row)).not.toContain(ANSWER);
  }
}

describe('verifySignature', () => {
  const secret = 'whsec_test_secret';
  const body = JSON.stringify({ type: 'user.created', data: { id: 1 } });
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  const t = Math.floor(now / 1000);

  it('accepts a signature it made, and the HMAC is the documented one', () => {
    const header = signPayload(secret, body, t);
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
    expect(verifySignature(secret, body, header, 300, now)).toBe(true);
    expect(independentlyValid(secret, body, header)).toBe(true);
  });

  it('rejects a wrong secret', () => {
    expect(verifySignature('whsec_other', body, signPayload(secret, body, t), 300, now)).toBe(false);
  });

  it('rejects a tampered body', () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, body.replace('"id":1', '"id":2'), header, 300, now)).toBe(false);
    expect(verifySignature(secret, `${body} `, header, 300, now)).toBe(false);
  });

  it('rejects an old (or far-future) timestamp even with a valid HMAC', () => {
    const old = signPayload(secret, body, t - 301);
    expect(independentlyValid(secret, body, old)).toBe(true);
    expect(verifySignature(secret, body, old, 300, now)).toBe(false);
    expect(verifySignature(secret, body, signPayload(secret, body, t - 299), 300, now)).toBe(true);
    expect(verifySignature(secret, body, signPayload(secret, body, t + 3600), 300, now)).toBe(false);
  });

  it('rejects a tampered timestamp and malformed headers', () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, body, header.replace(`t=${t}`, `t=${t - 1}`), 300, now)).toBe(false);
    for (const bad of [
      '',
      'garbage',
      `t=${t}`,
      'v1=abc',
      `t=abc,v1=${'0'.repeat(64)}`,
      `t=${t},v1=${'0'.repeat(64)}`,
      `t=${t},v1=short`,
    ])
      expect(verifySignature(secret, body, bad, 300, now)).toBe(false);
  });
});
