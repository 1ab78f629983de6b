import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { Cdp } from './cdp.ts';

/** The identity graph: junk ids, anonymous → identified merges, the user-id rule, alias, undo, timeline. */
describe('cdp: identity graph, merges and profiles', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let key: string;
  let n = 0;

  const batch = async (...messages: Record<string, unknown>[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      payload: { batch: messages.map((m) => ({ messageId: `m-${++n}`, ...m })) },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const lookup = (kind: string, value: string) =>
    api('GET', `/api/v1/people/lookup?kind=${kind}&value=${encodeURIComponent(value)}`);
  const personOf = async (kind: string, value: string) => {
    const r = await lookup(kind, value);
    expect(r.status, `${kind}=${value}`).toBe(200);
    return r.body;
  };
  const timeline = async (id: string, q = '') =>
    (await api('GET', `/api/v1/people/${id}/timeline?limit=500${q}`)).body.data as any[];
  const merges = async (personId: string) =>
    (await api('GET', `/api/v1/merges?personId=${personId}`)).body.data as any[];

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('identity-ws');
    key = (await api('POST', '/api/v1/sources', { name: 'Site', kind: 'web' })).body.writeKey;
  });
  afterAll(async () => env?.close());

  it('junk ids (null, undefined, 0, anonymous, empty, whitespace) never become identities nor join people', async () => {
    const res = await batch(
      { type: 'identify', userId: 'null', anonymousId: 'junk-a1', traits: { name: 'A1' } },
      { type: 'identify', userId: 'undefined', anonymousId: 'junk-a2', traits: { name: 'A2' } },
      { type: 'track', userId: '0', anonymousId: 'junk-a3', event: 'E' },
      { type: 'track', userId: 'anonymous', anonymousId: 'junk-a4', event: 'E' },
      { type: 'track', userId: '   ', anonymousId: 'junk-a5', event: 'E' },
      { type: 'track', userId: 0, anonymousId: 'junk-a6', event: 'E' },
      { type: 'track', userId: 'NULL', anonymousId: '', event: 'Nobody' },
      { type: 'identify', userId: 'junk-real', anonymousId: 'null', traits: { email: 'not-an-email' } },
    );
    expect(res.rejected.map((r: any) => r.index)).toEqual([6]);
    const ids = new Set<string>();
    for (let i = 1; i <= 6; i++) {
      const p = await personOf('anonymous_id', `junk-a${i}`);
      expect(p.identities).toEqual([{ kind: 'anonymous_id', value: `junk-a${i}` }]);
      ids.add(p.id);
    }
    expect(ids.size).toBe(6);
    for (const v of ['null', 'undefined', '0', 'anonymous']) expect((await lookup('user_id', v)).status).toBe(404);
    expect((await lookup('anonymous_id', 'null')).status).toBe(404);
    expect((await personOf('user_id', 'junk-real')).identities).toEqual([{ kind: 'user_id', value: 'junk-real' }]);
  });

  it('first identify attaches the user id to the anonymous person (no merge)', async () => {
    await batch({ type: 'page', anonymousId: 'first-anon', name: 'Landing' });
    const anon = await personOf('anonymous_id', 'first-anon');
    await batch({
      type: 'identify',
      userId: 'first-user',
      anonymousId: 'first-anon',
      traits: { email: 'First@Example.com' },
    });
    const p = await personOf('user_id', 'first-user');
    expect(p.id).toBe(anon.id);
    expect((await personOf('email', 'first@example.com')).id).toBe(p.id);
    expect(await merges(p.id)).toEqual([]);
  });

  it('anonymous → identified: the anonymous person merges into the known one, events move, reason recorded; undo restores', async () => {
    await batch(
      { type: 'track', anonymousId: 'mrg-anon', event: 'Viewed Product', timestamp: '2030-01-01T10:00:00.000Z' },
      {
        type: 'identify',
        anonymousId: 'mrg-anon',
        traits: { color: 'blue', plan: 'free' },
        timestamp: '2030-01-01T10:00:01.000Z',
      },
    );
    await batch({
      type: 'identify',
      userId: 'mrg-user',
      traits: { email: 'mrg@example.com', plan: 'pro' },
      timestamp: '2030-01-01T09:00:00.000Z',
    });
    const anon = await personOf('anonymous_id', 'mrg-anon');
    const known = await personOf('user_id', 'mrg-user');
    expect(anon.id).not.toBe(known.id);

    // The visitor logs in: same browser (anonymousId), now with a userId.
    await batch({
      type: 'identify',
      userId: 'mrg-user',
      anonymousId: 'mrg-anon',
      timestamp: '2030-01-01T10:05:00.000Z',
    });
    const merged = await personOf('anonymous_id', 'mrg-anon');
    expect(merged.id).toBe(known.id);
    expect(merged.identities).toEqual(
      expect.arrayContaining([
        { kind: 'user_id', value: 'mrg-user' },
        { kind: 'anonymous_id', value: 'mrg-anon' },
        { kind: 'email', value: 'mrg@example.com' },
      ]),
    );
    expect(merged.traits).toEqual({ email: 'mrg@example.com', plan: 'pro', color: 'blue' }); // the known person's values win
    const tl = await timeline(known.id);
    expect(tl.map((e) => e.event ?? e.type)).toEqual(['identify', 'identify', 'Viewed Product', 'identify']);
    // The merged-away id still resolves, to the survivor.
    expect((await api('GET', `/api/v1/persons/${anon.id}`)).body.id).toBe(known.id);
    const [m] = await merges(known.id);
    expect(m).toMatchObject({
      fromPerson: anon.id,
      intoPerson: known.id,
      eventCount: 2,
      undoneAt: null,
      identities: [{ kind: 'anonymous_id', value: 'mrg-anon' }],
    });
    expect(m.reason).toContain('mrg-anon');
    expect(m.reason).toContain('mrg-user');

    // Undo: identities, events and traits go back.
    const undone = await api('POST', `/api/v1/merges/${m.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();
    expect((await personOf('anonymous_id', 'mrg-anon')).id).toBe(anon.id);
    const back = (await api('GET', `/api/v1/persons/${anon.id}`)).body;
    expect(back).toMatchObject({
      id: anon.id,
      identities: [{ kind: 'anonymous_id', value: 'mrg-anon' }],
      traits: { color: 'blue', plan: 'free' },
    });
    expect((await timeline(anon.id)).map((e) => e.event ?? e.type)).toEqual(['identify', 'Viewed Product']);
    const survivor = await personOf('user_id', 'mrg-user');
    expect(survivor.traits).toEqual({ email: 'mrg@example.com', plan: 'pro' });
    expect((await timeline(known.id)).map((e) => e.type)).toEqual(['identify', 'identify']);
    const again = await api('POST', `/api/v1/merges/${m.id}/undo`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const audit = await api('GET', `/api/v1/audit?entityType=merge&entityId=${m.id}`);
    expect(audit.body.data.map((a: any) => a.action)).toEqual(['undone', 'create']);
  });

  it('two different user ids are never merged — not through a shared anonymous id, email or alias', async () => {
    await batch({
      type: 'identify',
      userId: 'uid-x',
      anonymousId: 'shared-anon',
      traits: { email: 'shared@example.com' },
    });
    await batch(
      { type: 'identify', userId: 'uid-y', anonymousId: 'shared-anon', traits: { email: 'shared@example.com' } },
      { type: 'track', userId: 'uid-y', anonymousId: 'shared-anon', event: 'Y did something' },
      { type: 'alias', previousId: 'uid-x', userId: 'uid-y' },
    );
    const x = await personOf('user_id', 'uid-x');
    const y = await personOf('user_id', 'uid-y');
    expect(x.id).not.toBe(y.id);
    expect(y.identities).toEqual([{ kind: 'user_id', value: 'uid-y' }]);
    expect((await personOf('anonymous_id', 'shared-anon')).id).toBe(x.id);
    expect((await personOf('email', 'shared@example.com')).id).toBe(x.id);
    expect(await merges(x.id)).toEqual([]);
    expect(await merges(y.id)).toEqual([]);
    expect((await timeline(y.id)).map((e) => e.event ?? e.type)).toEqual(['alias', 'Y did something', 'identify']);
    // A later anonymous visitor claiming both never joins them either.
    await batch(
      { type: 'identify', anonymousId: 'late-anon', traits: { email: 'shared@example.com' } },
      { type: 'identify', userId: 'uid-y', anonymousId: 'late-anon' },
    );
    expect((await personOf('user_id', 'uid-x')).id).not.toBe((await personOf('user_id', 'uid-y')).id);
  });

  it('alias: previousId → userId attaches, or merges the anonymous person into the known one', async () => {
    await batch({ type: 'track', anonymousId: 'al-anon-1', event: 'Browse' });
    await batch({ type: 'alias', previousId: 'al-anon-1', userId: 'al-user-1' });
    const p1 = await personOf('user_id', 'al-user-1');
    expect(p1.id).toBe((await personOf('anonymous_id', 'al-anon-1')).id);
    expect(await merges(p1.id)).toEqual([]);

    await batch(
      { type: 'track', anonymousId: 'al-anon-2', event: 'Browse' },
      { type: 'identify', userId: 'al-user-2', traits: { name: 'Two' } },
    );
    const before = await personOf('anonymous_id', 'al-anon-2');
    await batch({ type: 'alias', previousId: 'al-anon-2', userId: 'al-user-2' });
    const p2 = await personOf('user_id', 'al-user-2');
    expect((await personOf('anonymous_id', 'al-anon-2')).id).toBe(p2.id);
    const [m] = await merges(p2.id);
    expect(m).toMatchObject({ fromPerson: before.id, intoPerson: p2.id });
    expect(m.reason).toMatch(/^alias/);
    expect((await timeline(p2.id)).map((e) => e.event ?? e.type).sort()).toEqual(['Browse', 'alias', 'identify']);
  });

  it('merges inside one batch follow message order, and undo puts exactly the moved events back', async () => {
    await batch(
      { type: 'track', anonymousId: 'ib-anon', event: 'Before login', timestamp: '2030-02-01T00:00:00.000Z' },
      { type: 'track', userId: 'ib-user', event: 'Server side', timestamp: '2030-02-01T00:00:01.000Z' },
      { type: 'identify', userId: 'ib-user', anonymousId: 'ib-anon', timestamp: '2030-02-01T00:00:02.000Z' },
      { type: 'track', anonymousId: 'ib-anon', event: 'After login', timestamp: '2030-02-01T00:00:03.000Z' },
    );
    const p = await personOf('user_id', 'ib-user');
    expect((await personOf('anonymous_id', 'ib-anon')).id).toBe(p.id);
    expect((await timeline(p.id)).map((e) => e.event ?? e.type)).toEqual([
      'After login',
      'identify',
      'Server side',
      'Before login',
    ]);
    const [m] = await merges(p.id);
    expect(m.eventCount).toBe(1);
    await api('POST', `/api/v1/merges/${m.id}/undo`);
    expect((await timeline(m.fromPerson)).map((e) => e.event)).toEqual(['Before login']);
    expect((await personOf('anonymous_id', 'ib-anon')).id).toBe(m.fromPerson);
  });

  it('concurrent batches (new and known identifiers, merges, repeated messageIds) end in one consistent graph', async () => {
    // 12 requests at once: each logs in the same new user from its own new browser, and repeats
    // messages the others send too. On PostgreSQL they really run in parallel.
    const requests = Array.from({ length: 12 }, (_, i) =>
      batch(
        { type: 'track', anonymousId: `conc-anon-${i}`, event: 'Browse', messageId: `conc-browse-${i}` },
        {
          type: 'identify',
          userId: 'conc-user',
          anonymousId: `conc-anon-${i}`,
          traits: { [`k${i}`]: i },
          messageId: `conc-identify-${i}`,
        },
        { type: 'track', userId: 'conc-user', event: 'Shared', messageId: `conc-shared-${i % 3}` },
      ),
    );
    for (const r of await Promise.all(requests)) expect(r).toEqual({ success: true });
    const p = await personOf('user_id', 'conc-user');
    for (let i = 0; i < 12; i++) expect((await personOf('anonymous_id', `conc-anon-${i}`)).id).toBe(p.id);
    expect(Object.keys(p.traits).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `k${i}`).sort());
    const tl = await timeline(p.id);
    expect(tl.filter((e) => e.event === 'Browse')).toHaveLength(12);
    expect(tl.filter((e) => e.event === 'Shared')).toHaveLength(3);
    expect(tl.filter((e) => e.type === 'identify')).toHaveLength(12);
    // No event is left behind on a merged-away person.
    const orphans = await env.kernel.db
      .selectFrom('events as e')
      .innerJoin('persons as p', (j) =>
        j.onRef('p.workspace_id', '=', 'e.workspace_id').onRef('p.id', '=', 'e.person_id'),
      )
      .select('e.id')
      .where('e.workspace_id', '=', ws.id)
      .where('p.merged_into', 'is not', null)
      .execute();
    expect(orphans).toEqual([]);
  });

  it('email and phone traits become identities; traits: latest wins', async () => {
    await batch({
      type: 'identify',
      userId: 'ep-user',
      traits: { email: '  EP@Example.COM ', phone: '+7 (912) 000-11-22', city: 'Kazan' },
    });
    await batch({ type: 'identify', userId: 'ep-user', traits: { city: 'Moscow', age: 30 } });
    const p = await personOf('phone', '+7 912 000 11 22');
    expect((await personOf('email', 'ep@example.com')).id).toBe(p.id);
    expect(p.traits).toMatchObject({ city: 'Moscow', age: 30, email: '  EP@Example.COM ' });
    expect((await lookup('email', 'nobody@example.com')).status).toBe(404);
    expect((await lookup('user_id', 'nobody')).status).toBe(404);
    expect((await api('GET', '/api/v1/persons/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('timeline: newest first with keyset pagination (ties on time broken by id), nothing lost or repeated', async () => {
    const times = [
      '2030-03-01T00:00:05.000Z',
      '2030-03-01T00:00:01.000Z',
      '2030-03-01T00:00:03.000Z',
      '2030-03-01T00:00:03.000Z',
      '2030-03-01T00:00:02.000Z',
      '2030-03-01T00:00:04.000Z',
      '2030-03-01T00:00:03.000Z',
    ];
    await batch(...times.map((timestamp, i) => ({ type: 'track', userId: 'tl-user', event: `E${i}`, timestamp })));
    const p = await personOf('user_id', 'tl-user');
    const all: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = await api('GET', `/api/v1/people/${p.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeLessThanOrEqual(3);
      all.push(...r.body.data);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(all).toHaveLength(7);
    expect(new Set(all.map((e) => e.id)).size).toBe(7);
    const sorted = [...all].sort((a, b) =>
      a.occurredAt === b.occurredAt ? (a.id < b.id ? 1 : -1) : a.occurredAt < b.occurredAt ? 1 : -1,
    );
    expect(all.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
    expect(all[0]).toMatchObject({
      type: 'track',
      event: 'E0',
      occurredAt: '2030-03-01T00:00:05.000Z',
      properties: {},
    });
    expect((await api('GET', `/api/v1/people/${p.id}/timeline?cursor=garbage`)).status).toBe(400);
  });
  it("another process's merge and undo are seen by this process's cached identifiers (identity epoch)", async () => {
    const eventsOf = async (id: string) => (await timeline(id)).filter((e) => e.type === 'track').map((e) => e.event);
    // This process reads (and caches) an anonymous visitor and a logged-in user: two persons.
    await batch(
      { type: 'track', anonymousId: 'xproc-anon', event: 'Visit 1' },
      { type: 'track', userId: 'xproc-user', event: 'Login' },
    );
    const visitor = await personOf('anonymous_id', 'xproc-anon');
    const user = await personOf('user_id', 'xproc-user');
    expect(visitor.id).not.toBe(user.id);
    // Another ingest process (its own Cdp and cache, the same database) sees them identify: the visitor is merged into the user.
    const other = new Cdp(env.kernel.db, env.kernel.audit, env.kernel.log);
    const source = (await other.authenticateWriteKey(key))!;
    await other.ingest(source, [
      { type: 'identify', userId: 'xproc-user', anonymousId: 'xproc-anon', messageId: `m-${++n}` },
    ]);
    // This process's next event of the visitor lands on the surviving person, not on the merged-away one it had cached.
    await batch({ type: 'track', anonymousId: 'xproc-anon', event: 'Visit 2' });
    expect((await personOf('anonymous_id', 'xproc-anon')).id).toBe(user.id);
    expect(await eventsOf(user.id)).toEqual(expect.arrayContaining(['Visit 1', 'Login', 'Visit 2']));
    // The other process undoes the merge: the visitor's identifiers go back, and so do this process's next events.
    const [merge] = await merges(user.id);
    await other.undoMerge(systemActor(ws.id, 'test'), merge.id);
    await batch({ type: 'track', anonymousId: 'xproc-anon', event: 'Visit 3' });
    expect((await personOf('anonymous_id', 'xproc-anon')).id).toBe(visitor.id);
    expect(await eventsOf(visitor.id)).toEqual(expect.arrayContaining(['Visit 1', 'Visit 3']));
    expect(await eventsOf(user.id)).not.toContain('Visit 3');
  });
});
