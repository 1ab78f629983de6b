import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { verifySignature } from '../../core/webhooks/webhooks.ts';
import { systemActor } from '../../core/auth/actor.ts';

const DAY = 86_400_000;

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A receiver on 127.0.0.1: each path answers by its rule (given the 1-based request count on that path). */
class Receiver {
  hits: Hit[] = [];
  private rules = new Map<string, (n: number) => number>();
  private server: Server;
  private base = '';
  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const n = this.hits.filter((h) => h.path === path).length + 1;
        const status = (this.rules.get(path) ?? (() => 200))(n);
        this.hits.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  url(path: string, rule?: (n: number) => number) {
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

/** Checks a signature header with node:crypto, independently of the product code. */
function signedBy(secret: string, hit: Hit): boolean {
  const header = String(hit.headers['kartoteka-signature'] ?? '');
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  return (
    !!m &&
    createHmac('sha256', secret).update(`${m[1]}.${hit.body}`).digest('hex') === m[2] &&
    verifySignature(secret, hit.body, header)
  );
}

/**
 * Audiences on the database of this run: size history over days, `segment.entered/exited`
 * webhooks to a real receiver on 127.0.0.1 (opened in the outbound policy, as an operator would),
 * destinations with deltas, retries, signatures, the outbound policy and workspace isolation.
 */
describe('cdp: segment audiences', () => {
  let env: TestEnv;
  const receiver = new Receiver();
  type Ws = Awaited<ReturnType<TestEnv['workspace']>>;
  const { api } = apiClient(() => env.app);

  beforeAll(async () => {
    await receiver.start();
    env = await startTestEnv({ webhookRetryDelaySeconds: 1, outboundAllow: '127.0.0.0/8' });
  });
  afterAll(async () => {
    await env?.close();
    await receiver.stop();
  });

  /** A rule segment on trait `key` = 'yes', once its first (queued) recompute has run. */
  const segment = async (ws: Ws, name: string, key: string) => {
    const r = await api('POST', '/api/v1/segments', { name, rule: { trait: key, op: 'eq', value: 'yes' } }, ws.auth);
    expect(r.status, r.text).toBe(201);
    await eventually(async () => (await env.kernel.segments.get(ws.id, r.body.id)).computedAt);
    return r.body as { id: string; name: string; createdAt: string };
  };
  /** Persons made by tracking identifies (so they have identities), by user id. */
  const people = async (ws: Ws, users: string[]) => {
    const src = await api('POST', '/api/v1/sources', { name: 'Shop', kind: 'server' }, ws.auth);
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.body.writeKey}:`).toString('base64')}` },
      payload: {
        batch: users.map((u, i) => ({
          type: 'identify',
          messageId: `${ws.id}-${u}`,
          userId: u,
          traits: { email: `${u}@aud.test`, phone: `+7 916 123-45-${String(10 + i)}` },
        })),
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    await env.kernel.segments.follower.idle();
    const ids: Record<string, string> = {};
    for (const u of users)
      ids[u] = (await api('GET', `/api/v1/people/lookup?kind=user_id&value=${u}`, undefined, ws.auth)).body.id;
    return ids;
  };
  /** Sets trait `key` of these persons to 'yes' (or removes it), without telling the segments. */
  const mark = async (ws: Ws, key: string, personIds: string[], on: boolean) => {
    await sql`
      UPDATE persons SET traits = ${on ? sql`traits || jsonb_build_object(${key}::text, 'yes')` : sql`traits - ${key}::text`}
      WHERE workspace_id = ${ws.id} AND id = ANY(${personIds}::uuid[])`.execute(env.kernel.db);
  };

  it('keeps a size history per day, carried over the days without a change', async () => {
    const ws = await env.workspace('aud-history');
    const p = await people(ws, ['h1', 'h2', 'h3', 'h4']);
    const seg = await segment(ws, 'History', 'gold');
    const today = new Date().toISOString().slice(0, 10);
    const noon = Date.parse(`${today}T12:00:00Z`);
    const day = (n: number) => new Date(noon + n * DAY);
    const iso = (n: number) => day(n).toISOString().slice(0, 10);
    const seg$ = env.kernel.segments;

    await mark(ws, 'gold', [p.h1, p.h2], true);
    expect(await seg$.recompute(ws.id, seg.id, day(1))).toMatchObject({ entered: 2, exited: 0 });
    await mark(ws, 'gold', [p.h1], false);
    await mark(ws, 'gold', [p.h3], true);
    expect(await seg$.recompute(ws.id, seg.id, day(3))).toMatchObject({ entered: 1, exited: 1 });
    await mark(ws, 'gold', [p.h2], false);
    expect(await seg$.recompute(ws.id, seg.id, new Date(day(3).getTime() + 3_600_000))).toMatchObject({ exited: 1 });
    // The incremental path (a trait change for one person) writes history too.
    await mark(ws, 'gold', [p.h4], true);
    expect(await seg$.evaluate(ws.id, [p.h4], { traits: true }, day(5))).toMatchObject({ entered: 1 });

    const view = await seg$.get(ws.id, seg.id);
    // Ten days up to day 5: the segment was created today, so the days before are left out.
    expect(await env.kernel.audiences.history.days(ws.id, view, 10, day(5))).toEqual([
      { day: today, size: 0, entered: 0, exited: 0 },
      { day: iso(1), size: 2, entered: 2, exited: 0 },
      { day: iso(2), size: 2, entered: 0, exited: 0 },
      { day: iso(3), size: 1, entered: 1, exited: 2 },
      { day: iso(4), size: 1, entered: 0, exited: 0 },
      { day: iso(5), size: 2, entered: 1, exited: 0 },
    ]);
    expect((await env.kernel.audiences.history.days(ws.id, view, 2, day(5))).map((d) => d.day)).toEqual([
      iso(4),
      iso(5),
    ]);

    // The route: today only (the changes above are stamped on later days), and its bounds.
    const r = await api('GET', `/api/v1/segments/${seg.id}/history?days=7`, undefined, ws.auth);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ data: [{ day: today, size: 0, entered: 0, exited: 0 }] });
    for (const bad of ['0', '366', 'x'])
      expect((await api('GET', `/api/v1/segments/${seg.id}/history?days=${bad}`, undefined, ws.auth)).status).toBe(400);

    // A deleted segment: 404, and its rows go with the next clean-up.
    expect((await api('DELETE', `/api/v1/segments/${seg.id}`, undefined, ws.auth)).status).toBe(204);
    expect((await api('GET', `/api/v1/segments/${seg.id}/history`, undefined, ws.auth)).status).toBe(404);
    await env.kernel.audiences.removeOrphans();
    const left = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM segment_sizes WHERE workspace_id = ${ws.id}`.execute(env.kernel.db);
    expect(left.rows[0].n).toBe(0);
  });

  it('sends segment.entered and segment.exited webhooks, signed, 500 person ids at most each', async () => {
    const ws = await env.workspace('aud-hooks');
    const sub = await api(
      'POST',
      '/api/v1/webhooks',
      { url: receiver.url('/hooks'), eventTypes: ['segment.entered', 'segment.exited'] },
      ws.auth,
    );
    expect(sub.status, sub.text).toBe(201);
    const types = await api('GET', '/api/v1/webhooks/event-types', undefined, ws.auth);
    expect(types.body.data.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['segment.entered', 'segment.exited', 'segment_destination.created']),
    );
    // 1,200 persons straight into the table: the segment's first recompute lets them all in.
    await sql`
      INSERT INTO persons (workspace_id, id, traits)
      SELECT ${ws.id}, gen_random_uuid(), '{"wave":"yes"}'::jsonb FROM generate_series(1, 1200)`.execute(env.kernel.db);
    const seg = await segment(ws, 'Wave', 'wave');

    const entered = await eventually(async () => {
      const hits = receiver.on('/hooks');
      return hits.length >= 3 ? hits : null;
    });
    const bodies = entered.map((h) => {
      expect(signedBy(sub.body.secret, h)).toBe(true);
      expect(h.headers['kartoteka-event']).toBe('segment.entered');
      return JSON.parse(h.body);
    });
    for (const b of bodies) {
      expect(b).toMatchObject({
        type: 'segment.entered',
        workspaceId: ws.id,
        actor: { type: 'system' },
        data: { segment: { id: seg.id, name: 'Wave', version: 1 } },
      });
      expect(b.data.at).toBe(bodies[0].data.at);
    }
    expect(bodies.map((b) => b.data.personIds.length).sort((a, b) => a - b)).toEqual([200, 500, 500]);
    const all = new Set(bodies.flatMap((b) => b.data.personIds));
    expect(all.size).toBe(1200);

    // Ten leave: one segment.exited delivery.
    const leaving = [...all].slice(0, 10) as string[];
    await mark(ws, 'wave', leaving, false);
    expect(await env.kernel.segments.recompute(ws.id, seg.id)).toMatchObject({ entered: 0, exited: 10 });
    const exit = await eventually(async () => receiver.on('/hooks').find((h) => h.body.includes('segment.exited')));
    expect(signedBy(sub.body.secret, exit)).toBe(true);
    const body = JSON.parse(exit.body);
    expect(body.type).toBe('segment.exited');
    expect([...body.data.personIds].sort()).toEqual([...leaving].sort());

    // A destination on the same segment: its first (full) sync sends the 1,190 members in pages of 1,000.
    const dest = await api('POST', `/api/v1/segments/${seg.id}/destinations`, { url: receiver.url('/wave') }, ws.auth);
    expect(dest.status, dest.text).toBe(201);
    const pages = await eventually(async () => {
      const hits = receiver.on('/wave');
      return hits.length >= 2 ? hits : null;
    });
    const sent = pages.map((h) => JSON.parse(h.body));
    expect(sent.map((p) => [p.page, p.last, p.full, p.added.length])).toEqual([
      [1, false, true, 1000],
      [2, true, true, 190],
    ]);
    expect(new Set(sent.flatMap((p) => p.added.map((a: { personId: string }) => a.personId))).size).toBe(1190);
  });

  it('syncs a destination: full first, then deltas by state, retried, the cursor moved only on 2xx', async () => {
    const ws = await env.workspace('aud-dest');
    const p = await people(ws, ['d1', 'd2', 'd3']);
    const seg = await segment(ws, 'Buyers', 'buyer');
    const base = `/api/v1/segments/${seg.id}/destinations`;
    let failNext = false;
    const url = receiver.url('/aud', () => {
      if (!failNext) return 200;
      failNext = false;
      return 500;
    });

    const created = await api('POST', base, { url, description: 'Ads' }, ws.auth);
    expect(created.status, created.text).toBe(201);
    const dest = created.body;
    expect(dest).toMatchObject({ url, description: 'Ads', active: true, lastSyncAt: null, lastStatus: null });
    expect(dest.secret).toMatch(/^audsec_/);
    const listed = await api('GET', base, undefined, ws.auth);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0].secret).toBeUndefined();

    // The first sync is a full one of an empty segment: one empty, last page.
    const first = await eventually(async () => receiver.on('/aud')[0]);
    expect(signedBy(dest.secret, first)).toBe(true);
    expect(JSON.parse(first.body)).toEqual({
      type: 'audience.delta',
      segment: { id: seg.id, name: 'Buyers' },
      added: [],
      removed: [],
      full: true,
      seq: 0,
      page: 1,
      last: true,
    });
    const state = async () =>
      (
        await sql<{ cursor: string; last_status: string | null; last_error: string | null }>`
          SELECT cursor::text AS cursor, last_status, last_error FROM segment_destinations
          WHERE workspace_id = ${ws.id} AND id = ${dest.id}`.execute(env.kernel.db)
      ).rows[0];
    await eventually(async () => (await state()).last_status === 'succeeded');

    // Two enter; the receiver fails the first attempt: recorded, the cursor stays, the retry succeeds.
    failNext = true;
    await mark(ws, 'buyer', [p.d1, p.d2], true);
    await env.kernel.segments.recompute(ws.id, seg.id);
    await eventually(async () => (await state()).last_status === 'failed');
    expect(await state()).toMatchObject({ cursor: '0', last_error: 'HTTP 500' });
    await eventually(async () => (await state()).last_status === 'succeeded');
    expect((await state()).cursor).toBe('1');
    const hits = receiver.on('/aud');
    expect(hits.slice(1).map((h) => h.status)).toEqual([500, 200]);
    expect(hits[1].body).toBe(hits[2].body); // the retry sends the same delta
    const delta = JSON.parse(hits[2].body);
    expect(signedBy(dest.secret, hits[2])).toBe(true);
    expect(delta).toMatchObject({ full: false, seq: 1, removed: [], page: 1, last: true });
    expect(delta.added.sort((a: { userId: string }, b: { userId: string }) => (a.userId < b.userId ? -1 : 1))).toEqual([
      { personId: p.d1, email: 'd1@aud.test', phone: '+79161234510', userId: 'd1' },
      { personId: p.d2, email: 'd2@aud.test', phone: '+79161234511', userId: 'd2' },
    ]);

    // d1 and d2 leave, d3 enters, then d2 comes back: the receiver ends with the members now.
    await mark(ws, 'buyer', [p.d1, p.d2], false);
    await mark(ws, 'buyer', [p.d3], true);
    await env.kernel.segments.recompute(ws.id, seg.id);
    await mark(ws, 'buyer', [p.d2], true);
    await env.kernel.segments.recompute(ws.id, seg.id);
    await eventually(async () => (await state()).cursor === '3');
    const audience = new Set<string>();
    for (const h of receiver.on('/aud').filter((x) => x.status === 200)) {
      const b = JSON.parse(h.body);
      if (b.full && b.page === 1) audience.clear();
      for (const a of b.added) audience.add(a.personId);
      for (const r of b.removed) audience.delete(r.personId);
      // Each person at most once per POST: a state, not a history.
      const ids = [...b.added, ...b.removed].map((x: { personId: string }) => x.personId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect([...audience].sort()).toEqual([p.d2, p.d3].sort());

    // A full resync on demand.
    const before = receiver.on('/aud').length;
    const resync = await api('POST', `${base}/${dest.id}/sync`, undefined, ws.auth);
    expect(resync.status, resync.text).toBe(202);
    expect(resync.body.jobId).toBeTruthy();
    const full = await eventually(async () => receiver.on('/aud')[before]);
    const fb = JSON.parse(full.body);
    expect(fb).toMatchObject({ full: true, seq: 3, removed: [], last: true });
    expect(fb.added.map((a: { personId: string }) => a.personId).sort()).toEqual([p.d2, p.d3].sort());
    const after = (await api('GET', base, undefined, ws.auth)).body.data[0];
    expect(after).toMatchObject({ lastStatus: 'succeeded', lastError: null });
    expect(after.lastSyncAt).toBeTruthy();

    // URLs the outbound policy refuses, and ones that are not http(s): nothing stored.
    const blocked = await api('POST', base, { url: 'http://10.0.0.1/hook' }, ws.auth);
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toMatchObject({
      code: 'OUTBOUND_BLOCKED',
      details: [{ path: 'url', code: 'URL_BLOCKED' }],
    });
    const ftp = await api('POST', base, { url: 'ftp://files.example.com/x' }, ws.auth);
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.details[0]).toMatchObject({ path: 'url', code: 'URL_NOT_HTTP' });
    expect((await api('GET', base, undefined, ws.auth)).body.data).toHaveLength(1);

    // A GDPR erase takes the person's change notes with it.
    const notes = async (personId: string) =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM segment_changes WHERE workspace_id = ${ws.id} AND person_id = ${personId}`.execute(
          env.kernel.db,
        )
      ).rows[0].n;
    expect(await notes(p.d1)).toBe(1);
    const erased = await env.kernel.privacy.erase(systemActor(ws.id, 'test'), p.d1);
    expect(erased.erased).toMatchObject({ 'segment-audiences.segment_changes': 1 });
    expect(await notes(p.d1)).toBe(0);

    expect((await api('DELETE', `${base}/${dest.id}`, undefined, ws.auth)).status).toBe(204);
    expect((await api('GET', base, undefined, ws.auth)).body.data).toEqual([]);
    expect((await api('DELETE', `${base}/${dest.id}`, undefined, ws.auth)).status).toBe(404);
  });

  it('follows list edits too: history, webhooks and the destination see members added by hand', async () => {
    const ws = await env.workspace('aud-list');
    const p = await people(ws, ['l1', 'l2']);
    const hook = await api(
      'POST',
      '/api/v1/webhooks',
      { url: receiver.url('/list-hooks'), eventTypes: ['segment.*'] },
      ws.auth,
    );
    expect(hook.status, hook.text).toBe(201);
    const list = await api('POST', '/api/v1/segments', { name: 'VIP list', kind: 'list' }, ws.auth);
    expect(list.status, list.text).toBe(201);
    const dest = await api(
      'POST',
      `/api/v1/segments/${list.body.id}/destinations`,
      { url: receiver.url('/list') },
      ws.auth,
    );
    expect(dest.status, dest.text).toBe(201);
    await eventually(async () => receiver.on('/list').length === 1);

    const added = await api('POST', `/api/v1/segments/${list.body.id}/members`, { personIds: [p.l1, p.l2] }, ws.auth);
    expect(added.body).toEqual({ added: 2 });
    const removed = await api(
      'POST',
      `/api/v1/segments/${list.body.id}/members/remove`,
      { personIds: [p.l1] },
      ws.auth,
    );
    expect(removed.body).toEqual({ removed: 1 });

    const today = new Date().toISOString().slice(0, 10);
    const history = await api('GET', `/api/v1/segments/${list.body.id}/history?days=1`, undefined, ws.auth);
    expect(history.body.data).toEqual([{ day: today, size: 1, entered: 2, exited: 1 }]);
    const events = await eventually(async () => {
      const bodies = receiver.on('/list-hooks').map((h) => JSON.parse(h.body));
      const mine = bodies.filter((b) => b.type === 'segment.entered' || b.type === 'segment.exited');
      return mine.length === 2 ? mine : null;
    });
    expect(events.map((e) => [e.type, [...e.data.personIds].sort()]).sort()).toEqual([
      ['segment.entered', [p.l1, p.l2].sort()],
      ['segment.exited', [p.l1]],
    ]);
    // The destination ends with l2 in, l1 out (one delta or two, as the debounce fell).
    await eventually(async () => {
      const held = new Set<string>();
      for (const h of receiver.on('/list').filter((x) => x.status === 200)) {
        const b = JSON.parse(h.body);
        for (const a of b.added) held.add(a.personId);
        for (const r of b.removed) held.delete(r.personId);
      }
      return held.size === 1 && held.has(p.l2);
    });
  });

  it("never reaches another workspace's segments or destinations", async () => {
    const a = await env.workspace('aud-iso-a');
    const b = await env.workspace('aud-iso-b');
    const segA = await segment(a, 'A only', 'x');
    const segB = await segment(b, 'B only', 'x');
    const dest = await api('POST', `/api/v1/segments/${segA.id}/destinations`, { url: receiver.url('/iso') }, a.auth);
    expect(dest.status).toBe(201);
    const A = `/api/v1/segments/${segA.id}`;
    const calls: [string, string, unknown?][] = [
      ['GET', `${A}/history`],
      ['GET', `${A}/destinations`],
      ['POST', `${A}/destinations`, { url: receiver.url('/iso-b') }],
      ['DELETE', `${A}/destinations/${dest.body.id}`],
      ['POST', `${A}/destinations/${dest.body.id}/sync`],
      // B's own segment with A's destination id, and a malformed id.
      ['DELETE', `/api/v1/segments/${segB.id}/destinations/${dest.body.id}`],
      ['POST', `/api/v1/segments/${segB.id}/destinations/${dest.body.id}/sync`],
      ['DELETE', `/api/v1/segments/${segB.id}/destinations/not-an-id`],
    ];
    for (const [method, url, body] of calls) {
      const r = await api(method, url, body, b.auth);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.text).not.toContain(dest.body.secret);
    }
    expect((await api('GET', `${A}/destinations`, undefined, a.auth)).body.data).toHaveLength(1);
  });
});
