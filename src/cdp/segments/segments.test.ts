import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { sql } from 'kysely';
import { systemActor } from '../../core/auth/actor.ts';
import { compileMembers } from './compiler.ts';
import type { Rule } from './rules.ts';

const DAY = 86_400_000;

/**
 * Segments on the database of this run (the suite runs on PGlite and on PostgreSQL with the same
 * fixtures): every rule form against exact member sets, refusals naming the path, the API,
 * recompute diffs with timeline entries, and the incremental update for a few persons.
 */
describe('cdp: segments', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let n = 0;
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  /** user id → person id, and back */
  const ids: Record<string, string> = {};
  const names = new Map<string, string>();
  let writeKey = '';

  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const batch = async (...messages: Record<string, unknown>[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch: messages.map((m) => ({ messageId: `seg-${++n}`, ...m })) },
    });
    expect(r.statusCode, r.body).toBe(200);
    await env.kernel.cdp.settled(ws.id); // computed traits (person_stats) follow the acknowledged write
  };
  const order = (userId: string, days: number, total: number, extra: Record<string, unknown> = {}) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    timestamp: ago(days),
    properties: { total, ...extra },
  });
  /** The names of the persons a rule selects now (a preview: computed, nothing stored). */
  const who = async (rule: unknown): Promise<string[]> => {
    // Now (not the seeding's `now`): last seen is the moment the events were received.
    const r = await env.kernel.segments.preview(ws.id, rule, { sample: 1000 });
    expect(r.sample.length).toBe(r.size);
    return r.sample.map((id) => names.get(id) ?? id).sort();
  };

  beforeAll(async () => {
    // No job worker in this process: the recomputes the API queues run when a test says so
    // (jobs.runNow, segments.recompute), so that the diffs it asserts are its own.
    env = await startTestEnv({ role: 'api' });
    ws = await env.workspace('seg-ws');
    writeKey = (await api('POST', '/api/v1/sources', { name: 'Shop', kind: 'server' })).body.writeKey;
    await batch(
      {
        type: 'identify',
        userId: 'ann',
        traits: {
          city: 'Москва',
          age: 30,
          plan: 'pro',
          tags: ['vip', 'b2c'],
          signup: ago(3),
          address: { city: 'Москва' },
          email: 'ann@seg.test',
        },
      },
      {
        type: 'identify',
        userId: 'bob',
        traits: { city: 'Казань', age: '45', plan: 'free', signup: 'soon', email: 'bob@seg.test' },
      },
      { type: 'identify', userId: 'cat', traits: { city: 'Москва', plan: null, signup: ago(100) } },
      { type: 'identify', userId: 'dan', traits: { nickname: 'Данила' } },
      order('ann', 5, 1500, { currency: 'RUB', category: 'books' }),
      order('ann', 10, 500, { category: 'toys', products: [{ sku: 'T1', category: 'Игрушки' }] }),
      order('bob', 40, 2000, {
        products: [
          { sku: 'V1', category: 'Витамины', tags: ['d3'] },
          { sku: 'C1', category: 'Косметика' },
        ],
      }),
      order('bob', 45, 3000),
      { type: 'track', userId: 'dan', event: 'Signed Up', timestamp: ago(2), properties: {} },
      { type: 'track', userId: 'ann', event: 'Page Viewed', timestamp: ago(1), properties: { path: '/sale' } },
    );
    for (const u of ['ann', 'bob', 'cat', 'dan']) {
      const p = (await api('GET', `/api/v1/people/lookup?kind=user_id&value=${u}`)).body;
      ids[u] = p.id;
      names.set(p.id, u);
    }
    // CRM: consents, a CRM-entered person with a lifecycle stage and tags, a deal.
    expect(
      (
        await api('POST', `/api/v1/people/${ids.ann}/consents`, {
          channel: 'sms',
          purpose: 'marketing',
          granted: true,
          source: 'test',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await api('POST', `/api/v1/people/${ids.bob}/consents`, {
          channel: 'sms',
          purpose: 'marketing',
          granted: true,
          source: 'test',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await api('POST', `/api/v1/people/${ids.bob}/consents`, {
          channel: 'sms',
          purpose: 'marketing',
          granted: false,
          source: 'test',
        })
      ).status,
    ).toBeLessThan(300);
    const eve = await api('POST', '/api/v1/people', {
      firstName: 'Eve',
      lastName: 'Segment',
      city: 'Тверь',
      lifecycleStage: 'customer',
      tags: ['wholesale'],
      customFields: {},
    });
    expect(eve.status, JSON.stringify(eve.body)).toBe(201);
    ids.eve = eve.body.id;
    names.set(eve.body.id, 'eve');
    const pipeline = await api('POST', '/api/v1/pipelines', {
      name: 'Sales',
      stages: [
        { name: 'New', probability: 10 },
        { name: 'Won', kind: 'won' },
        { name: 'Lost', kind: 'lost' },
      ],
    });
    ids.pipeline = pipeline.body.id;
    ids.stageNew = pipeline.body.stages[0].id;
    expect(
      (
        await api('POST', '/api/v1/deals', {
          title: 'Ann deal',
          pipelineId: ids.pipeline,
          stageId: ids.stageNew,
          amount: 100,
          personId: ids.ann,
        })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => env?.close());

  // ------------------------------------------------------------------ every rule form, exact sets
  const cases: [string, unknown, string[]][] = [
    ['everyone: an empty all', { all: [] }, ['ann', 'bob', 'cat', 'dan', 'eve']],
    ['nobody: an empty any', { any: [] }, []],
    ['trait eq (Cyrillic)', { trait: 'city', op: 'eq', value: 'Москва' }, ['ann', 'cat']],
    ['trait by dotted path', { trait: 'address.city', op: 'eq', value: 'Москва' }, ['ann']],
    ['trait neq (missing counts as not equal)', { trait: 'city', op: 'neq', value: 'Москва' }, ['bob', 'dan', 'eve']],
    ['trait gt: numbers and numeric strings', { trait: 'age', op: 'gt', value: 29 }, ['ann', 'bob']],
    ['trait lte', { trait: 'age', op: 'lte', value: 30 }, ['ann']],
    ['trait in', { trait: 'plan', op: 'in', value: ['pro', 'free'] }, ['ann', 'bob']],
    ['trait contains: a substring', { trait: 'city', op: 'contains', value: 'аза' }, ['bob']],
    ['trait contains: an array element', { trait: 'tags', op: 'contains', value: 'vip' }, ['ann']],
    ['trait startsWith', { trait: 'city', op: 'startsWith', value: 'Мос' }, ['ann', 'cat']],
    ['trait exists (a JSON null is not there)', { trait: 'plan', op: 'exists' }, ['ann', 'bob']],
    ['trait notExists', { trait: 'plan', op: 'notExists' }, ['cat', 'dan', 'eve']],
    ['trait after (a date that is not one is skipped)', { trait: 'signup', op: 'after', value: ago(30) }, ['ann']],
    ['trait before', { trait: 'signup', op: 'before', value: ago(30) }, ['cat']],
    ['trait withinLast', { trait: 'signup', op: 'withinLast', value: '7d' }, ['ann']],
    ['computed orderCount gte', { computed: 'orderCount', op: 'gte', value: 2 }, ['ann', 'bob']],
    ['computed eventCount eq 0 (no stats row)', { computed: 'eventCount', op: 'eq', value: 0 }, ['eve']],
    ['computed lastOrderAt withinLast', { computed: 'lastOrderAt', op: 'withinLast', value: '7d' }, ['ann']],
    ['computed lastOrderAt before', { computed: 'lastOrderAt', op: 'before', value: ago(30) }, ['bob']],
    ['computed revenue gt', { computed: 'revenue', op: 'gt', value: 2500 }, ['bob']],
    ['event: did it at all', { event: 'Order Completed' }, ['ann', 'bob']],
    ['event: count in a window', { event: 'Order Completed', count: { gte: 2 }, within: '30d' }, ['ann']],
    [
      'event: where a property',
      { event: 'Order Completed', where: [{ property: 'total', op: 'gte', value: 1000 }], count: { gte: 2 } },
      ['bob'],
    ],
    [
      'event: where with a string op',
      { event: 'Order Completed', where: [{ property: 'category', op: 'eq', value: 'books' }] },
      ['ann'],
    ],
    [
      'event: a property of any element of an array (products.*.category)',
      { event: 'Order Completed', where: [{ property: 'products.*.category', op: 'eq', value: 'Витамины' }] },
      ['bob'],
    ],
    [
      'event: an element of an array within an element (products.*.tags.*)',
      { event: 'Order Completed', where: [{ property: 'products.*.tags.*', op: 'eq', value: 'd3' }] },
      ['bob'],
    ],
    ['event: sum of a property', { event: 'Order Completed', sum: { property: 'total', gte: 2500 } }, ['bob']],
    [
      'event: sum counts nobody as 0',
      { event: 'Order Completed', sum: { property: 'total', lt: 1 } },
      ['cat', 'dan', 'eve'],
    ],
    ['event: avg of a property', { event: 'Order Completed', avg: { property: 'total', lt: 1500 } }, ['ann']],
    ['event: since (absolute)', { event: 'Order Completed', since: ago(20) }, ['ann']],
    ['event: before (absolute)', { event: 'Order Completed', before: ago(20) }, ['bob']],
    [
      'event: did not do it in the last 30 days',
      { event: 'Order Completed', count: { eq: 0 }, within: '30d' },
      ['bob', 'cat', 'dan', 'eve'],
    ],
    ['not', { not: { trait: 'city', op: 'eq', value: 'Москва' } }, ['bob', 'dan', 'eve']],
    [
      'all + any + not',
      {
        all: [
          {
            any: [
              { trait: 'city', op: 'eq', value: 'Москва' },
              { trait: 'city', op: 'eq', value: 'Казань' },
            ],
          },
          { not: { event: 'Order Completed', within: '7d' } },
        ],
      },
      ['bob', 'cat'],
    ],
    ['consent granted', { consent: 'sms', purpose: 'marketing', granted: true }, ['ann']],
    [
      'consent not granted (withdrawn or never given)',
      { consent: 'sms', granted: false },
      ['bob', 'cat', 'dan', 'eve'],
    ],
    ['CRM field: lifecycle stage', { crm: 'lifecycleStage', op: 'eq', value: 'customer' }, ['eve']],
    ['CRM field: tags contain', { crm: 'tags', op: 'contains', value: 'wholesale' }, ['eve']],
    ['CRM field: city in', { crm: 'city', op: 'in', value: ['Тверь', 'Омск'] }, ['eve']],
    ['CRM: an open deal', { deal: { status: 'open' } }, ['ann']],
    [
      'three conditions: trait + event count in a window + consent',
      {
        all: [
          { trait: 'city', op: 'eq', value: 'Москва' },
          { event: 'Order Completed', count: { gte: 1 }, within: '30d' },
          { consent: 'sms', granted: true },
        ],
      },
      ['ann'],
    ],
    // Under a root `all`, the conditions on the person's own row restrict the joined subqueries
    // (compiler.ts ownRowConditions): the same members as without, also for "did not".
    [
      'all: a trait restricts an event count of zero',
      {
        all: [
          { trait: 'city', op: 'eq', value: 'Москва' },
          { event: 'Order Completed', count: { eq: 0 }, within: '30d' },
        ],
      },
      ['cat'],
    ],
    [
      'all: a trait restricts computed traits',
      {
        all: [
          { trait: 'city', op: 'neq', value: 'Москва' },
          { computed: 'orderCount', op: 'gte', value: 2 },
        ],
      },
      ['bob'],
    ],
    [
      'all: a trait beside a consent not granted',
      {
        all: [
          { trait: 'city', op: 'eq', value: 'Москва' },
          { consent: 'sms', granted: false },
        ],
      },
      ['cat'],
    ],
    [
      'all: a CRM field (a join: nothing to restrict by) beside a sum counting nobody as 0',
      {
        all: [
          { crm: 'city', op: 'in', value: ['Тверь', 'Омск'] },
          { event: 'Order Completed', sum: { property: 'total', lt: 1 } },
        ],
      },
      ['eve'],
    ],
  ];
  it.each(cases)('%s', async (_name, rule, expected) => {
    expect(await who(rule)).toEqual(expected);
  });

  it('a full evaluation groups events for the persons that pass the own-row conditions only', () => {
    const sqlOf = (rule: Rule, only?: string[]) =>
      compileMembers(env.kernel.segments.conditions, rule, {
        workspaceId: ws.id,
        now,
        ...(only ? { only } : {}),
      }).compile(env.kernel.db).sql;
    const trait = { trait: 'city', op: 'eq', value: 'Москва' } as Rule;
    const orders = { event: 'Order Completed', count: { gte: 2 }, within: '30d' } as Rule;
    const events = (q: string) => q.slice(q.indexOf('FROM events'));
    expect(events(sqlOf({ all: [trait, orders] }))).toContain('IN (SELECT p.id FROM persons p');
    // Not when nothing else restricts, under any, nor for a few persons (those are probed by id).
    expect(events(sqlOf({ all: [orders] }))).not.toContain('FROM persons p');
    expect(events(sqlOf({ any: [trait, orders] }))).not.toContain('FROM persons p');
    expect(events(sqlOf({ all: [trait, orders] }, [ids.ann]))).not.toContain('FROM persons p');
  });

  it('CRM deal by stage id', async () => {
    expect(await who({ deal: { stageId: ids.stageNew, pipelineId: ids.pipeline } })).toEqual(['ann']);
  });

  it('a bucket is stable per person and salt and splits everyone', async () => {
    const low = await who({ bucket: { lt: 50 } });
    const high = await who({ bucket: { gte: 50 } });
    expect([...low, ...high].sort()).toEqual(['ann', 'bob', 'cat', 'dan', 'eve']);
    expect(await who({ bucket: { lt: 50 } })).toEqual(low);
    expect(await who({ bucket: { gte: 0, lt: 100 }, salt: 'other' })).toEqual(['ann', 'bob', 'cat', 'dan', 'eve']);
  });

  // ------------------------------------------------------------------ refusals naming the path
  const bad: [string, unknown, string, string][] = [
    ['not an object', [1], 'rule', 'INVALID_TYPE'],
    ['an unknown condition', { all: [{ colour: 'red' }] }, 'rule.all.0.colour', 'UNKNOWN_FIELD'],
    ['an unknown operator', { trait: 'city', op: 'like', value: 'x' }, 'rule.op', 'INVALID_OPTION'],
    ['an operator without its value', { trait: 'city', op: 'eq' }, 'rule.value', 'REQUIRED'],
    [
      'a value of the wrong type',
      { any: [{ trait: 'age', op: 'gt', value: 'thirty' }] },
      'rule.any.0.value',
      'INVALID_TYPE',
    ],
    ['a value exists does not take', { trait: 'age', op: 'exists', value: 1 }, 'rule.value', 'UNKNOWN_FIELD'],
    ['a bad list element', { trait: 'plan', op: 'in', value: ['pro', { x: 1 }] }, 'rule.value.1', 'INVALID_TYPE'],
    ['a bad duration', { event: 'X', within: '30 days' }, 'rule.within', 'INVALID_FORMAT'],
    ['an unknown field in a condition', { event: 'X', whre: [] }, 'rule.whre', 'UNKNOWN_FIELD'],
    ['an unknown computed trait', { computed: 'shoeSize', op: 'gt', value: 1 }, 'rule.computed', 'UNKNOWN_FIELD'],
    [
      'an operator a typed field does not take',
      { computed: 'orderCount', op: 'startsWith', value: '1' },
      'rule.op',
      'INVALID_OPTION',
    ],
    [
      'a where condition with a bad value',
      { event: 'X', where: [{ property: 'total', op: 'gte', value: '1000' }] },
      'rule.where.0.value',
      'INVALID_TYPE',
    ],
    [
      'two aggregates',
      { event: 'X', count: { gte: 1 }, sum: { property: 'total', gte: 1 } },
      'rule.sum',
      'UNKNOWN_FIELD',
    ],
    ['an empty comparison', { event: 'X', count: {} }, 'rule.count', 'INVALID'],
    [
      'a sum over "any element"',
      { event: 'X', sum: { property: 'products.*.price', gte: 1 } },
      'rule.sum.property',
      'INVALID',
    ],
    ['an unknown CRM field', { crm: 'shoeSize', op: 'eq', value: '42' }, 'rule.crm', 'UNKNOWN_FIELD'],
    ['an unknown lifecycle stage', { crm: 'lifecycleStage', op: 'eq', value: 'whale' }, 'rule.value', 'INVALID_OPTION'],
    ['an unknown consent channel', { consent: 'pigeon' }, 'rule.consent', 'INVALID_OPTION'],
    ['a group with another key', { all: [], extra: 1 }, 'rule.extra', 'UNKNOWN_FIELD'],
    ['an unknown segment', { segment: '0193a1b2-7c4d-7e5f-8a9b-000000000001' }, 'rule.segment', 'INVALID_OPTION'],
  ];
  it.each(bad)('refuses %s with 400 naming the path', async (_name, rule, path, code) => {
    const r = await api('POST', '/api/v1/segments', { name: 'Bad', rule });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details[0].path).toBe(path);
    expect(r.body.error.details[0].code).toBe(code);
  });

  it('refuses an oversized or too deeply nested rule', async () => {
    let deep: unknown = { trait: 'a', op: 'exists' };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    const r1 = await api('POST', '/api/v1/segments', { name: 'Deep', rule: deep });
    expect(r1.status).toBe(400);
    const many = {
      any: Array.from({ length: 100 }, () => ({
        all: Array.from({ length: 5 }, () => ({ trait: 'a', op: 'exists' })),
      })),
    };
    const r2 = await api('POST', '/api/v1/segments', { name: 'Many', rule: many });
    expect(r2.status).toBe(400);
    expect(r2.body.error.message).toMatch(/more than 300/);
  });

  // ------------------------------------------------------------------ API, versions, recompute, timeline
  it('creates, recomputes (job), lists members and records enter/exit on the timeline', async () => {
    const created = await api('POST', '/api/v1/segments', {
      name: 'Москвичи',
      rule: { trait: 'city', op: 'eq', value: 'Москва' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ name: 'Москвичи', version: 1, size: 0, computedVersion: null });
    await env.kernel.jobs.runNow('segments.recompute', { segmentId: id }, { workspaceId: ws.id });
    const got = await api('GET', `/api/v1/segments/${id}`);
    expect(got.body).toMatchObject({ size: 2, version: 1, computedVersion: 1 });

    const page1 = await api('GET', `/api/v1/segments/${id}/members?limit=1`);
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(1);
    expect(page1.body.nextCursor).toBeTruthy();
    const page2 = await api('GET', `/api/v1/segments/${id}/members?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    expect([page1.body.data[0].personId, page2.body.data[0].personId].map((p: string) => names.get(p)).sort()).toEqual([
      'ann',
      'cat',
    ]);
    expect(page1.body.data[0].enteredAt).toBeTruthy();

    // A new rule: version 2; its recompute is a diff (ann stays, cat leaves, bob enters).
    const patched = await api('PATCH', `/api/v1/segments/${id}`, { rule: { trait: 'plan', op: 'exists' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, computedVersion: 1 });
    const result = await env.kernel.segments.recompute(ws.id, id);
    expect(result).toMatchObject({ version: 2, entered: 1, exited: 1, size: 2 });
    const members = (await api('GET', `/api/v1/segments/${id}/members`)).body.data
      .map((m: any) => names.get(m.personId))
      .sort();
    expect(members).toEqual(['ann', 'bob']);
    // A recompute with nothing changed writes nothing.
    expect(await env.kernel.segments.recompute(ws.id, id)).toMatchObject({ entered: 0, exited: 0, size: 2 });

    const versions = await api('GET', `/api/v1/segments/${id}/versions`);
    expect(versions.body.data.map((v: any) => v.version)).toEqual([2, 1]);
    expect(versions.body.data[1].rule).toEqual({ trait: 'city', op: 'eq', value: 'Москва' });

    const timeline = async (user: string) =>
      (await api('GET', `/api/v1/people/${ids[user]}/timeline?types=segment`)).body.data.map(
        (e: any) => `${e.event}:${e.properties.segmentId === id ? 'this' : e.properties.segmentId}`,
      );
    expect(await timeline('cat')).toEqual(['Segment Exited:this', 'Segment Entered:this']);
    expect(await timeline('bob')).toEqual(['Segment Entered:this']);
    expect(await timeline('ann')).toEqual(['Segment Entered:this']);

    const listed = await api('GET', '/api/v1/segments');
    expect(listed.body.data.find((s: any) => s.id === id)).toMatchObject({ size: 2 });
    expect(await env.kernel.segments.segmentsOf(ws.id, ids.bob)).toContain(id);

    const queued = await api('POST', `/api/v1/segments/${id}/recompute`);
    expect(queued.status).toBe(202);
    expect(queued.body.jobId).toBeTruthy();

    expect((await api('DELETE', `/api/v1/segments/${id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/segments/${id}`)).status).toBe(404);
    expect(await env.kernel.segments.segmentsOf(ws.id, ids.bob)).not.toContain(id);
  });

  it('refers to other segments, refuses cycles and deleting a segment in use', async () => {
    const a = (await api('POST', '/api/v1/segments', { name: 'A', rule: { trait: 'city', op: 'eq', value: 'Москва' } }))
      .body;
    const b = (
      await api('POST', '/api/v1/segments', {
        name: 'B',
        rule: { all: [{ segment: a.id }, { event: 'Order Completed' }] },
      })
    ).body;
    expect(b.id).toBeTruthy();
    expect(await who({ segment: b.id })).toEqual(['ann']);
    expect(await who({ not: { segment: a.id } })).toEqual(['bob', 'dan', 'eve']);

    const self = await api('PATCH', `/api/v1/segments/${a.id}`, {
      rule: { any: [{ trait: 'x', op: 'exists' }, { segment: a.id }] },
    });
    expect(self.status).toBe(400);
    expect(self.body.error.details[0].path).toBe('rule.any.1.segment');
    const cycle = await api('PATCH', `/api/v1/segments/${a.id}`, { rule: { not: { segment: b.id } } });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details[0]).toMatchObject({ path: 'rule.not.segment' });
    expect(cycle.body.error.details[0].message).toMatch(/back to this segment/);
    // Unchanged after the refusals.
    expect((await api('GET', `/api/v1/segments/${a.id}`)).body.version).toBe(1);

    const del = await api('DELETE', `/api/v1/segments/${a.id}`);
    expect(del.status).toBe(409);
    expect((await api('DELETE', `/api/v1/segments/${b.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/segments/${a.id}`)).status).toBe(204);
  });

  it('preview answers with the size and a sample', async () => {
    const r = await api('POST', '/api/v1/segments/preview', { rule: { event: 'Order Completed' } });
    expect(r.status).toBe(200);
    expect(r.body.size).toBe(2);
    expect(r.body.sample.map((p: string) => names.get(p)).sort()).toEqual(['ann', 'bob']);
    // A size-only preview (journeys check a date trait so) and a sample smaller than the size.
    expect(await env.kernel.segments.preview(ws.id, { event: 'Order Completed' }, { sample: 0 })).toEqual({
      size: 2,
      sample: [],
    });
    const one = await env.kernel.segments.preview(ws.id, { event: 'Order Completed' }, { sample: 1 });
    expect([one.size, one.sample.length]).toEqual([2, 1]);
    const bad = await api('POST', '/api/v1/segments/preview', { rule: { event: 'X', count: { gte: 'two' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('rule.count.gte');
  });

  it('a window expires on schedule: members leave when their events fall out of it', async () => {
    const actor = systemActor(ws.id, 'test');
    const windowed = await env.kernel.segments.create(actor, {
      name: 'Ordered in 7 days',
      rule: { event: 'Order Completed', within: '7d' },
    });
    const plain = await env.kernel.segments.create(actor, { name: 'Ever ordered', rule: { event: 'Order Completed' } });
    await env.kernel.segments.recompute(ws.id, windowed.id);
    await env.kernel.segments.recompute(ws.id, plain.id);
    const members = async (id: string) =>
      (await env.kernel.segments.members(ws.id, id, { limit: 50 })).data.map((m) => names.get(m.personId)).sort();
    expect(await members(windowed.id)).toEqual(['ann']);
    // Not due yet: nothing recomputed.
    expect(await env.kernel.segments.recomputeWindows(60)).not.toContain(windowed.id);
    // Three days on, ann's last order (5 days ago) is 8 days old: the scheduled scan recomputes only
    // the windowed segment, and she leaves it.
    const later = new Date(Date.now() + 3 * DAY);
    const done = await env.kernel.segments.recomputeWindows(60, later);
    expect(done).toContain(windowed.id);
    expect(done).not.toContain(plain.id);
    expect(await members(windowed.id)).toEqual([]);
    expect(await members(plain.id)).toEqual(['ann', 'bob']);
    const exits = (await api('GET', `/api/v1/people/${ids.ann}/timeline?types=segment`)).body.data.filter(
      (e: any) => e.properties.segmentId === windowed.id,
    );
    expect(exits.map((e: any) => e.event)).toEqual(['Segment Exited', 'Segment Entered']);
    // Claimed once: a second scan at the same moment finds nothing due.
    expect(await env.kernel.segments.recomputeWindows(60, later)).toEqual([]);
    await env.kernel.segments.remove(actor, windowed.id);
    await env.kernel.segments.remove(actor, plain.id);
  });

  it('evaluates only the affected segments for the persons a change touched', async () => {
    const seg = await env.kernel.segments.create(systemActor(ws.id, 'test'), {
      name: 'Signed up twice',
      rule: { event: 'Signed Up', count: { gte: 2 } },
    });
    const other = await env.kernel.segments.create(systemActor(ws.id, 'test'), {
      name: 'Moscow',
      rule: { trait: 'city', op: 'eq', value: 'Москва' },
    });
    await env.kernel.segments.recompute(ws.id, seg.id);
    await env.kernel.segments.recompute(ws.id, other.id);
    expect((await env.kernel.segments.get(ws.id, seg.id)).size).toBe(0);

    // Written past ingest (an appended entry), so that the follower does not evaluate it first.
    await env.kernel.cdp.directory.appendEvents(env.kernel.db, ws.id, [
      { personId: ids.dan, type: 'test', event: 'Signed Up', occurredAt: new Date(Date.now() - DAY) },
    ]);
    // An unrelated event changes nothing.
    expect(await env.kernel.segments.evaluate(ws.id, [ids.dan], { events: ['Page Viewed'] })).toMatchObject({
      segments: 0,
      entered: 0,
    });
    const r = await env.kernel.segments.evaluate(ws.id, [ids.dan], { events: ['Signed Up'] });
    expect(r).toEqual({ segments: 1, entered: 1, exited: 0 });
    expect(
      (await env.kernel.segments.members(ws.id, seg.id, { limit: 10 })).data.map((m) => names.get(m.personId)),
    ).toEqual(['dan']);
    // Evaluating again is idempotent; other persons are not touched (cat is not re-evaluated).
    expect(await env.kernel.segments.evaluate(ws.id, [ids.dan, ids.cat], { events: ['Signed Up'] })).toEqual({
      segments: 1,
      entered: 0,
      exited: 0,
    });
    // A trait change re-checks the trait segment for that person.
    await sql`UPDATE persons SET traits = traits || '{"city":"Москва"}'::jsonb WHERE workspace_id = ${ws.id} AND id = ${ids.dan}`.execute(
      env.kernel.db,
    );
    expect(await env.kernel.segments.evaluate(ws.id, [ids.dan], { traits: true })).toMatchObject({
      segments: 1,
      entered: 1,
    });
    expect((await env.kernel.segments.get(ws.id, other.id)).size).toBe(3);
  });

  it('follows ingest: an event moves its person in within the follower’s flush, with a timeline entry', async () => {
    const actor = systemActor(ws.id, 'test');
    const seg = await env.kernel.segments.create(actor, {
      name: 'Reviewers',
      rule: { event: 'Review Written', where: [{ property: 'stars', op: 'gte', value: 4 }] },
    });
    const byTrait = await env.kernel.segments.create(actor, {
      name: 'Tier gold',
      rule: { trait: 'tier', op: 'eq', value: 'gold' },
    });
    await env.kernel.segments.recompute(ws.id, seg.id);
    await env.kernel.segments.recompute(ws.id, byTrait.id);
    const members = async (id: string) =>
      (await env.kernel.segments.members(ws.id, id, { limit: 50 })).data.map((m) => names.get(m.personId)).sort();
    expect(await members(seg.id)).toEqual([]);

    await batch({ type: 'track', userId: 'cat', event: 'Review Written', properties: { stars: 3 } });
    await env.kernel.segments.follower.idle();
    expect(await members(seg.id)).toEqual([]);
    await batch(
      { type: 'track', userId: 'cat', event: 'Review Written', properties: { stars: 5 } },
      { type: 'identify', userId: 'bob', traits: { tier: 'gold' } },
    );
    await env.kernel.segments.follower.idle();
    expect(await members(seg.id)).toEqual(['cat']);
    expect(await members(byTrait.id)).toEqual(['bob']);
    const timeline = (await api('GET', `/api/v1/people/${ids.cat}/timeline?types=segment`)).body.data;
    expect(timeline.find((e: any) => e.properties.segmentId === seg.id)).toMatchObject({
      event: 'Segment Entered',
      properties: { segmentName: 'Reviewers', version: 1 },
    });
    // The trait changes back: bob leaves.
    await batch({ type: 'identify', userId: 'bob', traits: { tier: 'silver' } });
    await env.kernel.segments.follower.idle();
    expect(await members(byTrait.id)).toEqual([]);
  });
});
