import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import {
  recomputeStats,
  rfmSegment,
  quintile,
  deriveTraits,
  LTV_MIN_ORDERS,
  LTV_MIN_SPAN_DAYS,
} from './computed-traits.ts';

const DAY = 86_400_000;
const MIN = 60_000;

/** Computed traits: person_stats kept by the fold follower after ingest, merge/undo, derived traits, RFM, workspace-defined traits. */
describe('cdp: computed traits', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let key: string;
  let n = 0;
  const now = Date.now();
  const at = (ms: number) => new Date(ms).toISOString();

  const batchTo = async (writeKey: string, ...messages: Record<string, unknown>[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch: messages.map((m) => ({ messageId: `ct-${++n}`, ...m })) },
    });
    expect(r.statusCode, r.body).toBe(200);
    await env.kernel.cdp.settled(); // computed traits follow the acknowledged write (fold-follower.ts)
    return r.json();
  };
  const batch = (...messages: Record<string, unknown>[]) => batchTo(key, ...messages);
  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const person = async (userId: string, auth = ws.auth) => {
    const r = await api(
      'GET',
      `/api/v1/people/lookup?kind=user_id&value=${encodeURIComponent(userId)}`,
      undefined,
      auth,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const statsRow = async (personId: string) =>
    env.kernel.db
      .selectFrom('person_stats')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', personId)
      .executeTakeFirst();
  /** The incrementally kept row must equal a recompute from the events. */
  const expectConsistentIn = async (workspaceId: string, personId: string) => {
    const row = () =>
      env.kernel.db
        .selectFrom('person_stats')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
    const kept = await row();
    await recomputeStats(env.kernel.db, workspaceId, personId);
    const recomputed = await row();
    expect({ ...kept, revenue: Number(kept?.revenue) }).toEqual({
      ...recomputed,
      revenue: Number(recomputed?.revenue),
    });
  };
  const expectConsistent = (personId: string) => expectConsistentIn(ws.id, personId);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('ct-ws');
    const src = await api('POST', '/api/v1/sources', { name: 'Shop', kind: 'server' });
    key = src.body.writeKey;
  });
  afterAll(async () => env?.close());

  it('orders, revenue, average check, sessions and first/last seen are kept as events arrive', async () => {
    const t0 = now - 10 * DAY;
    await batch(
      { type: 'identify', userId: 'ct-buyer', traits: { name: 'Buyer' }, timestamp: at(t0 - MIN) },
      { type: 'page', userId: 'ct-buyer', name: 'Home', timestamp: at(t0) },
      { type: 'track', userId: 'ct-buyer', event: 'Product Viewed', timestamp: at(t0 + 5 * MIN) },
      {
        type: 'track',
        userId: 'ct-buyer',
        event: 'Order Completed',
        properties: { revenue: 100, currency: 'RUB' },
        timestamp: at(t0 + 10 * MIN),
      },
    );
    let p = await person('ct-buyer');
    expect(p.computedTraits).toMatchObject({
      eventCount: 4,
      orderCount: 1,
      revenue: 100,
      averageCheck: 100,
      sessions: 1,
      ltv: 100,
      purchaseFrequencyDays: null,
      custom: {},
    });
    expect(p.computedTraits.firstSeenAt).toBe(at(t0 - MIN));
    expect(p.computedTraits.firstOrderAt).toBe(at(t0 + 10 * MIN));

    // Two hours later: a new session; `total` and a numeric string count; a non-numeric value counts the order, not money.
    const t1 = t0 + 2 * 60 * MIN;
    await batch(
      { type: 'page', userId: 'ct-buyer', name: 'Catalog', timestamp: at(t1) },
      {
        type: 'track',
        userId: 'ct-buyer',
        event: 'Order Completed',
        properties: { total: '50.5' },
        timestamp: at(t1 + MIN),
      },
      {
        type: 'track',
        userId: 'ct-buyer',
        event: 'Order Completed',
        properties: { revenue: null, value: 'lots' },
        timestamp: at(t1 + 2 * MIN),
      },
      {
        type: 'track',
        userId: 'ct-buyer',
        event: 'Order Refunded',
        properties: { revenue: 999 },
        timestamp: at(t1 + 3 * MIN),
      },
    );
    // Ten minutes later the same session goes on; four days later a third session with an order.
    await batch({ type: 'screen', userId: 'ct-buyer', name: 'Cart', timestamp: at(t1 + 13 * MIN) });
    const t2 = t0 + 4 * DAY;
    await batch({
      type: 'track',
      userId: 'ct-buyer',
      event: 'Order Completed',
      properties: { revenue: 49.5 },
      timestamp: at(t2),
    });
    p = await person('ct-buyer');
    expect(p.computedTraits).toMatchObject({
      eventCount: 10,
      orderCount: 4,
      revenue: 200,
      averageCheck: 50,
      sessions: 3,
      ltv: 200,
      daysSinceLastActivity: 6,
    });
    expect(p.computedTraits.lastOrderAt).toBe(at(t2));
    expect(p.computedTraits.lastSeenAt).toBe(at(t2));
    // (t2 − (t0 + 10 min)) / 3 orders' gaps ≈ 1.33 days.
    expect(p.computedTraits.purchaseFrequencyDays).toBe(1.3);
    await expectConsistent(p.id);
  });

  it("money is in the workspace's currency: orders in others are listed apart, not added; the setting switches it", async () => {
    const cws = await env.workspace('ct-currency-ws');
    const ckey = (await api('POST', '/api/v1/sources', { name: 'Shop', kind: 'server' }, cws.auth)).body.writeKey;
    const t0 = now - 20 * DAY;
    const order = (userId: string, days: number, properties: Record<string, unknown>) => ({
      type: 'track',
      userId,
      event: 'Order Completed',
      properties,
      timestamp: at(t0 + days * DAY),
    });
    await batchTo(
      ckey,
      order('cur-a', 0, { revenue: 1000, currency: 'RUB' }),
      order('cur-a', 1, { revenue: 500 }),
      order('cur-a', 2, { revenue: 20, currency: 'usd' }),
    );
    // Later batches add to the per-currency sums already kept.
    await batchTo(
      ckey,
      order('cur-a', 3, { revenue: 10, currency: 'USD' }),
      order('cur-a', 4, { total: '7.5', currency: 'EUR' }),
      order('cur-a', 5, { revenue: 1, currency: 'rubles' }),
    );
    await batchTo(
      ckey,
      order('cur-b', 0, { revenue: 3000, currency: 'RUB' }),
      order('cur-c', 0, { revenue: 100, currency: 'USD' }),
    );
    let a = await person('cur-a', cws.auth);
    // "rubles" is not a currency code: that order counts as the workspace's currency, like one that names none.
    expect(a.computedTraits).toMatchObject({
      orderCount: 6,
      currency: 'RUB',
      revenue: 1501,
      averageCheck: 500.33,
      ltv: 1501,
      revenueByCurrency: { RUB: 1501, USD: 30, EUR: 7.5 },
    });
    // Monetary among three customers in RUB: cur-c has no RUB revenue, cur-a is in the middle.
    expect(a.computedTraits.rfm.m).toBe(3);
    await expectConsistentIn(cws.id, a.id);

    const bad = await api('PATCH', '/api/v1/workspace', { settings: { currency: 'dollars' } }, cws.auth);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('currency');
    expect((await api('PATCH', '/api/v1/workspace', { settings: { currency: 'USD' } }, cws.auth)).status).toBe(200);
    a = await person('cur-a', cws.auth);
    // Orders naming no currency now count as USD.
    expect(a.computedTraits).toMatchObject({
      currency: 'USD',
      revenue: 531,
      averageCheck: 132.75,
      ltv: 531,
      revenueByCurrency: { RUB: 1000, USD: 531, EUR: 7.5 },
    });
    expect(a.computedTraits.rfm.m).toBe(5);
  });

  it('a repeated messageId is counted once (across requests and inside a batch)', async () => {
    const order = {
      type: 'track',
      userId: 'ct-dup',
      event: 'Order Completed',
      properties: { revenue: 10 },
      timestamp: at(now - DAY),
      messageId: 'ct-dup-1',
    };
    await batch(order);
    await batch(order, { ...order, messageId: 'ct-dup-2' }, { ...order, messageId: 'ct-dup-2' });
    await batch(order);
    const p = await person('ct-dup');
    expect(p.computedTraits).toMatchObject({ eventCount: 2, orderCount: 2, revenue: 20, averageCheck: 10 });
    await expectConsistent(p.id);
  });

  it('a merge combines the stats of both persons; undo splits them back', async () => {
    const t = now - 3 * DAY;
    await batch(
      { type: 'page', anonymousId: 'ct-anon', name: 'Landing', timestamp: at(t) },
      {
        type: 'track',
        anonymousId: 'ct-anon',
        event: 'Order Completed',
        properties: { revenue: 30 },
        timestamp: at(t + MIN),
      },
    );
    await batch({
      type: 'track',
      userId: 'ct-known',
      event: 'Order Completed',
      properties: { revenue: 70 },
      timestamp: at(t - 2 * DAY),
    });
    const anon = (await api('GET', '/api/v1/people/lookup?kind=anonymous_id&value=ct-anon')).body;
    expect(anon.computedTraits).toMatchObject({ orderCount: 1, revenue: 30, sessions: 1 });
    await batch({ type: 'identify', userId: 'ct-known', anonymousId: 'ct-anon', timestamp: at(t + 2 * MIN) });
    const merged = await person('ct-known');
    expect(merged.computedTraits).toMatchObject({
      eventCount: 4,
      orderCount: 2,
      revenue: 100,
      averageCheck: 50,
      sessions: 2,
    });
    expect(merged.computedTraits.firstOrderAt).toBe(at(t - 2 * DAY));
    expect(merged.computedTraits.lastOrderAt).toBe(at(t + MIN));
    expect(await statsRow(anon.id)).toBeUndefined(); // the merged-away person has no row of its own

    const [m] = (await api('GET', `/api/v1/merges?personId=${merged.id}`)).body.data;
    expect((await api('POST', `/api/v1/merges/${m.id}/undo`)).status).toBe(200);
    const back = (await api('GET', `/api/v1/persons/${anon.id}`)).body;
    expect(back.computedTraits).toMatchObject({ eventCount: 2, orderCount: 1, revenue: 30, sessions: 1 });
    const survivor = await person('ct-known');
    expect(survivor.computedTraits).toMatchObject({ eventCount: 2, orderCount: 1, revenue: 70 });
    expect(survivor.computedTraits.firstOrderAt).toBe(at(t - 2 * DAY));
  });

  it('RFM: quintile scores and segment names over a planted population of 10 customers', async () => {
    // A workspace of its own, so that the population is exactly these ten (and one non-customer).
    const ws2 = await env.workspace('ct-rfm');
    const src = (await api('POST', '/api/v1/sources', { name: 'Shop', kind: 'server' }, ws2.auth)).body;
    // Customer i: last order (100 − 10·i) days ago (recency score 1,1,2,2,3,3,4,4,5,5),
    // orders[i] orders (frequency score 1 + floor((orders − 0.5) / 2)), each worth price[i].
    const orders = [6, 7, 4, 8, 3, 5, 9, 2, 1, 10];
    const price = [500, 20, 60, 10, 300, 40, 100, 1000, 50, 30];
    for (let i = 0; i < 10; i++) {
      const last = now - (100 - 10 * i) * DAY;
      await batchTo(
        src.writeKey,
        ...Array.from({ length: orders[i] }, (_, k) => ({
          type: 'track',
          userId: `rfm-${i}`,
          event: 'Order Completed',
          properties: { revenue: price[i] },
          timestamp: at(last - k * DAY),
        })),
      );
    }
    await batchTo(src.writeKey, { type: 'page', userId: 'rfm-browser', name: 'Home' });
    const money = orders.map((o, i) => o * price[i]);
    const rankScore = (values: number[], i: number) =>
      1 + Math.floor((5 * (values.filter((v) => v < values[i]).length + 0.5)) / values.length);
    // The planted (R, F) pairs, worked out by hand:
    const rf = orders.map((_, i) => [1 + Math.floor(i / 2), rankScore(orders, i)]);
    expect(rf).toEqual([
      [1, 3],
      [1, 4],
      [2, 2],
      [2, 4],
      [3, 2],
      [3, 3],
      [4, 5],
      [4, 1],
      [5, 1],
      [5, 5],
    ]);
    const segments: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await person(`rfm-${i}`, ws2.auth);
      expect(p.computedTraits.rfm).toMatchObject({ r: rf[i][0], f: rf[i][1], m: rankScore(money, i) });
      segments.push(p.computedTraits.rfm.segment);
      expect(p.computedTraits.orderCount).toBe(orders[i]);
      expect(p.computedTraits.ltv).toBe(money[i]);
    }
    expect(segments).toEqual([
      'at_risk',
      'at_risk',
      'hibernating',
      'at_risk',
      'about_to_sleep',
      'need_attention',
      'loyal',
      'promising',
      'new',
      'champions',
    ]);
    expect((await person('rfm-browser', ws2.auth)).computedTraits).toMatchObject({
      orderCount: 0,
      revenue: 0,
      averageCheck: null,
      predictedLtv12m: null,
      rfm: null,
      sessions: 1,
    });
  });

  it('RFM grid, quintiles and predicted LTV (pure functions)', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)).join(' '));
    expect(grid).toEqual([
      'new potential_loyalist potential_loyalist champions champions',
      'promising potential_loyalist potential_loyalist loyal loyal',
      'about_to_sleep about_to_sleep need_attention loyal loyal',
      'hibernating hibernating at_risk at_risk cant_lose',
      'lost hibernating at_risk at_risk cant_lose',
    ]);
    expect(Array.from({ length: 10 }, (_, i) => quintile(i, 1, 10))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintile(0, 1, 1)).toBe(3);
    expect(quintile(0, 10, 10)).toBe(3); // all tied
    const t = new Date('2031-01-01T00:00:00Z');
    const stats = (orders: number, revenue: number, firstDaysAgo: number, lastDaysAgo: number) => ({
      event_count: orders,
      first_seen_at: new Date(t.getTime() - firstDaysAgo * DAY),
      last_seen_at: new Date(t.getTime() - lastDaysAgo * DAY),
      order_count: orders,
      revenue: String(revenue),
      first_order_at: new Date(t.getTime() - firstDaysAgo * DAY),
      last_order_at: new Date(t.getTime() - lastDaysAgo * DAY),
      sessions: orders,
    });
    // 5 orders every 30 days, last one 10 days ago: not overdue → 100 × 365/30.
    expect(deriveTraits(stats(5, 500, 130, 10), t)).toMatchObject({
      averageCheck: 100,
      purchaseFrequencyDays: 30,
      predictedLtv12m: 1216.67,
    });
    // The same customer 90 days after the last order (3 intervals): decayed by e^(1−3).
    expect(deriveTraits(stats(5, 500, 210, 90), t).predictedLtv12m).toBe(
      Math.round(100 * (365 / 30) * Math.exp(-2) * 100) / 100,
    );
    // One order: nothing to predict from.
    expect(deriveTraits(stats(1, 80, 5, 5), t)).toMatchObject({
      purchaseFrequencyDays: null,
      predictedLtv12m: null,
      predictedLtv12mBasis: { orders: 1, spanDays: 0 },
    });
    expect(deriveTraits(undefined, t)).toMatchObject({
      orderCount: 0,
      revenue: 0,
      averageCheck: null,
      predictedLtv12m: null,
      sessions: 0,
      lastSeenAt: null,
      daysSinceLastActivity: null,
    });
  });

  it('predicted LTV only from enough history: 2 orders 6 days apart give none (and say why), 7 orders over months give a value', () => {
    const t = new Date('2031-01-01T00:00:00Z');
    const at = (daysAgo: number) => new Date(t.getTime() - daysAgo * DAY);
    const stats = (orders: number, revenue: number, firstDaysAgo: number, lastDaysAgo: number) => ({
      event_count: orders,
      first_seen_at: at(firstDaysAgo),
      last_seen_at: at(lastDaysAgo),
      order_count: orders,
      revenue: String(revenue),
      first_order_at: at(firstDaysAgo),
      last_order_at: at(lastDaysAgo),
      sessions: orders,
    });
    // The finding: two orders (1,725 ₽ each) six days apart were extrapolated to ~61 orders a year, 104,937 ₽.
    const two = deriveTraits(stats(2, 3450, 8, 2), t);
    expect(two.purchaseFrequencyDays).toBe(6);
    expect(two.predictedLtv12m).toBeNull();
    expect(two.predictedLtv12mBasis).toEqual({
      orders: 2,
      spanDays: 6,
      minOrders: LTV_MIN_ORDERS,
      minSpanDays: LTV_MIN_SPAN_DAYS,
      reason: 'not enough history: 2 orders over 6 days (the prediction needs 3 orders over 60 days)',
    });
    // Seven orders over 300 days (one in 50 days, 773 ₽ each), the last 20 days ago: 773 × 365/50.
    const seven = deriveTraits(stats(7, 5411, 320, 20), t);
    expect(seven.predictedLtv12m).toBe(Math.round(773 * (365 / 50) * 100) / 100);
    expect(seven.predictedLtv12mBasis).toMatchObject({ orders: 7, spanDays: 300, reason: null });
    expect(seven.predictedLtv12m!).toBeLessThan((two.revenue * 365) / 6); // not the old extrapolation's scale
    // At the edges: three orders need 60 days between the first and the last; 60 days need three orders.
    expect(deriveTraits(stats(3, 300, 59 + 10, 10), t).predictedLtv12m).toBeNull();
    expect(deriveTraits(stats(3, 300, 60 + 10, 10), t).predictedLtv12m).toBe(Math.round(100 * (365 / 30) * 100) / 100);
    expect(deriveTraits(stats(2, 200, 200, 10), t).predictedLtv12mBasis.reason).toBe(
      'not enough history: 2 orders over 190 days (the prediction needs 3 orders over 60 days)',
    );
    expect(deriveTraits(stats(1, 80, 5, 5), t).predictedLtv12mBasis.reason).toBe(
      'not enough history: 1 order over 0 days (the prediction needs 3 orders over 60 days)',
    );
  });

  it('workspace-defined traits: count in a window, sum, avg/min/max, first and last value — always current', async () => {
    const defs = [
      { key: 'views_7d', event: 'Product Viewed', aggregation: 'count', windowDays: 7 },
      { key: 'views_all', event: 'Product Viewed', aggregation: 'count' },
      { key: 'spent', event: 'Order Completed', property: 'revenue', aggregation: 'sum' },
      { key: 'avg_price_30d', event: 'Product Viewed', property: 'price', aggregation: 'avg', windowDays: 30 },
      { key: 'cheapest', event: 'Product Viewed', property: 'price', aggregation: 'min' },
      { key: 'priciest', event: 'Product Viewed', property: 'price', aggregation: 'max' },
      { key: 'first_plan', event: 'Plan Changed', property: 'plan', aggregation: 'first' },
      { key: 'last_plan', event: 'Plan Changed', property: 'plan', aggregation: 'last' },
    ];
    for (const d of defs) {
      const r = await api('POST', '/api/v1/computed-traits', d);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({
        id: expect.any(String),
        key: d.key,
        aggregation: d.aggregation,
        property: (d as any).property ?? null,
        windowDays: d.windowDays ?? null,
      });
    }
    expect((await api('GET', '/api/v1/computed-traits')).body.data.map((d: any) => d.key)).toEqual(
      [...defs.map((d) => d.key)].sort(),
    );
    await batch(
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Product Viewed',
        properties: { price: 10 },
        timestamp: at(now - 40 * DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Product Viewed',
        properties: { price: '30' },
        timestamp: at(now - 20 * DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Product Viewed',
        properties: { price: 50 },
        timestamp: at(now - 2 * DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Product Viewed',
        properties: { price: 'n/a' },
        timestamp: at(now - DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Order Completed',
        properties: { revenue: 12.5 },
        timestamp: at(now - 3 * DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Order Completed',
        properties: { revenue: 7.5 },
        timestamp: at(now - DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Plan Changed',
        properties: { plan: 'free' },
        timestamp: at(now - 30 * DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Plan Changed',
        properties: { plan: 'pro' },
        timestamp: at(now - 5 * DAY),
      },
      {
        type: 'track',
        userId: 'ct-custom',
        event: 'Plan Changed',
        properties: { other: 1 },
        timestamp: at(now - 4 * DAY),
      },
    );
    let p = await person('ct-custom');
    expect(p.computedTraits.custom).toEqual({
      views_7d: 2,
      views_all: 4,
      spent: 20,
      avg_price_30d: 40,
      cheapest: 10,
      priciest: 50,
      first_plan: 'free',
      last_plan: 'pro',
    });
    await batch(
      { type: 'track', userId: 'ct-custom', event: 'Plan Changed', properties: { plan: 'team' } },
      { type: 'track', userId: 'ct-custom', event: 'Product Viewed', properties: { price: 5 } },
    );
    p = await person('ct-custom');
    expect(p.computedTraits.custom).toMatchObject({ views_7d: 3, last_plan: 'team', first_plan: 'free', cheapest: 5 });
    // A person without such events: zero counts and sums, null otherwise.
    expect((await person('ct-dup')).computedTraits.custom).toEqual({
      views_7d: 0,
      views_all: 0,
      spent: 10 * 2,
      avg_price_30d: null,
      cheapest: null,
      priciest: null,
      first_plan: null,
      last_plan: null,
    });
  });

  it('definitions: clear 4xx errors, 409 on a duplicate key, delete, audited', async () => {
    const bad = async (body: unknown, path: string, status = 400) => {
      const r = await api('POST', '/api/v1/computed-traits', body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
      return r.body.error;
    };
    const unknownAgg = await bad({ key: 'x1', event: 'E', property: 'p', aggregation: 'median' }, 'aggregation');
    expect(unknownAgg.message).toContain('median');
    expect(unknownAgg.message).toContain('count, sum, avg, min, max, first, last');
    for (const aggregation of ['sum', 'avg', 'min', 'max', 'first', 'last'])
      expect((await bad({ key: 'x2', event: 'E', aggregation }, 'property')).message).toContain(aggregation);
    await bad({ key: '1bad key', event: 'E', aggregation: 'count' }, 'key');
    await bad({ key: 'x3', event: 'E', aggregation: 'count', windowDays: 0 }, 'windowDays');
    await bad({ key: 'x4', event: '', aggregation: 'count' }, 'event');
    const created = await api('POST', '/api/v1/computed-traits', {
      key: 'signups',
      event: 'Signed Up',
      aggregation: 'count',
    });
    expect(created.status).toBe(201);
    const dup = await bad({ key: 'signups', event: 'Other', aggregation: 'count' }, 'key', 409);
    expect(dup.code).toBe('ALREADY_EXISTS');
    expect((await api('DELETE', `/api/v1/computed-traits/${created.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/computed-traits/${created.body.id}`)).status).toBe(404);
    expect(
      (await api('POST', '/api/v1/computed-traits', { key: 'signups', event: 'Signed Up', aggregation: 'count' }))
        .status,
    ).toBe(201);
    const audit = await api('GET', `/api/v1/audit?entityType=computed_trait&entityId=${created.body.id}`);
    expect(audit.body.data.map((a: any) => a.action)).toEqual(['delete', 'create']);
    const viewer = await env.workspace('ct-ws', 'viewer');
    expect((await api('GET', '/api/v1/computed-traits', undefined, viewer.auth)).status).toBe(200);
    expect(
      (await api('POST', '/api/v1/computed-traits', { key: 'v', event: 'E', aggregation: 'count' }, viewer.auth))
        .status,
    ).toBe(403);
  });
});
