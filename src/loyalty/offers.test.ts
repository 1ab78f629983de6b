import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/**
 * The offers API: each mechanic over a hand-computed cart, eligibility (places, segment, dates),
 * bad carts refused, an idempotent redemption (a retry, even a concurrent one, counts once),
 * limits per person and in total under concurrency, points spent and earned, the timeline event.
 */
describe('loyalty: offers', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const person = async (name: string) =>
    (await ok('POST', '/people', { firstName: name, emails: [`${name.toLowerCase()}@offers.test`] })).id as string;
  const promo = async (body: Record<string, unknown>) => {
    const p = await ok('POST', '/promotions', body);
    await ok('POST', `/promotions/${p.id}/activate`);
    return p.id as string;
  };
  const archiveAll = async () => {
    for (const p of (await ok('GET', '/promotions?status=active&limit=200')).data)
      await ok('POST', `/promotions/${p.id}/archive`);
  };
  const line = (sku: string, quantity: number, price: number) => ({ sku, quantity, price });
  let anna: string;

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('offers-ws');
    await ok('PUT', '/products', {
      products: [
        { sku: 'VIT-D3', name: 'Витамин D3', category: 'Витамины', price: 690 },
        { sku: 'VIT-C', name: 'Витамин C', category: 'Витамины', price: 320 },
        { sku: 'VIT-MG', name: 'Магний B6', category: 'Витамины', price: 480 },
        { sku: 'COSM-SPF50', name: 'SPF 50', category: 'Косметика', price: 1650 },
        { sku: 'COSM-LIPS', name: 'Бальзам для губ', category: 'Косметика', price: 290 },
        { sku: 'PAIN-PARACET', name: 'Парацетамол', category: 'Обезболивающие', price: 60 },
      ],
    });
    anna = await person('Anna');
  });
  afterAll(async () => env?.close());

  it('each mechanic over a hand-computed cart, found by any identifier', async () => {
    const b = await promo({
      name: 'Купи 2 — третий в подарок',
      mechanic: 'buy_n_get_m',
      params: { n: 2, m: 1, categories: ['Витамины'] },
      geography: { regions: ['Поволжье'] },
    });
    const pct = await promo({
      name: 'Косметика −10 %',
      mechanic: 'percent_off',
      params: { percent: 10, categories: ['Косметика'] },
    });
    const gift = await promo({
      name: 'Бальзам в подарок',
      mechanic: 'gift',
      params: { giftSku: 'COSM-LIPS', minTotal: 1000, skus: ['COSM-SPF50'] },
    });
    const x5 = await promo({ name: '5× баллов', mechanic: 'points_multiplier', params: { multiplier: 5 } });
    // Vitamins 2×690 + 1×320 + 2×480 = 2660 (5 units → the 320 one free); SPF 1650 −10 % = 165 off; paracetamol 60.
    const cart = {
      lines: [
        line('VIT-D3', 2, 690),
        line('VIT-C', 1, 320),
        line('VIT-MG', 2, 480),
        line('COSM-SPF50', 1, 1650),
        line('PAIN-PARACET', 1, 60),
      ],
      region: 'Поволжье',
      store: 'AP-050',
    };
    const e = await ok('POST', '/offers/evaluate', { person: { kind: 'email', value: 'ANNA@offers.test' }, cart });
    expect(e).toEqual({
      personId: anna,
      balance: 0,
      subtotal: 4370,
      promotions: [
        {
          promotionId: b,
          name: 'Купи 2 — третий в подарок',
          mechanic: 'buy_n_get_m',
          reward: { discount: 320, freeItems: [{ sku: 'VIT-C', quantity: 1 }], gifts: [], points: 0 },
        },
        {
          promotionId: pct,
          name: 'Косметика −10 %',
          mechanic: 'percent_off',
          reward: { discount: 165, freeItems: [], gifts: [], points: 0 },
        },
        // The SPF line pays 1485 after its discount: over the gift's 1000.
        {
          promotionId: gift,
          name: 'Бальзам в подарок',
          mechanic: 'gift',
          reward: { discount: 0, freeItems: [], gifts: [{ sku: 'COSM-LIPS', quantity: 1 }], points: 0 },
        },
        // 3885 paid: 38 base points at 1 per 100 ₽; 5× = 194, the promotion adds 156.
        {
          promotionId: x5,
          name: '5× баллов',
          mechanic: 'points_multiplier',
          reward: { discount: 0, freeItems: [], gifts: [], points: 156 },
        },
      ],
      totalDiscount: 485,
      total: 3885,
      pointsEarned: 194,
    });
    // Elsewhere the Volga promotion does not apply; by id the same person.
    const moscow = await ok('POST', '/offers/evaluate', { person: { id: anna }, cart: { ...cart, region: 'Москва' } });
    expect(moscow.promotions.map((p: any) => p.promotionId)).toEqual([pct, gift, x5]);
    expect(moscow.totalDiscount).toBe(165);
    await archiveAll();
  });

  it('eligibility: segment, dates; bad carts and unknown persons refused, naming the field', async () => {
    const list = await ok('POST', '/segments', { name: 'Участники клуба', kind: 'list' });
    const members = await promo({
      name: 'Клуб −20 %',
      mechanic: 'percent_off',
      params: { percent: 20 },
      segmentId: list.id,
      endsAt: '2098-01-01T00:00:00Z',
    });
    await promo({
      name: 'Будущая',
      mechanic: 'percent_off',
      params: { percent: 50, skus: ['PAIN-PARACET'] },
      startsAt: '2099-01-01T00:00:00Z',
    });
    const cart = { lines: [line('PAIN-PARACET', 2, 60)] };
    expect((await ok('POST', '/offers/evaluate', { person: { id: anna }, cart })).promotions).toEqual([]);
    await ok('POST', `/segments/${list.id}/members`, { personIds: [anna] });
    const e = await ok('POST', '/offers/evaluate', { person: { id: anna }, cart });
    expect(e.promotions.map((p: any) => p.promotionId)).toEqual([members]);
    expect(e.totalDiscount).toBe(24);

    const bad = async (body: unknown, status: number, path: string) => {
      const r = await api('POST', '/offers/evaluate', body);
      expect(r.status, r.text).toBe(status);
      expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
      return r.body.error;
    };
    expect(
      (
        await bad(
          { person: { id: anna }, cart: { lines: [line('VIT-C', 1, 1), line('NOPE', 1, 1)] } },
          422,
          'cart.lines.1.sku',
        )
      ).details[0].code,
    ).toBe('UNKNOWN_PRODUCT');
    await bad({ person: { id: anna }, cart: { lines: [line('VIT-C', 1, -5)] } }, 400, 'cart.lines.0.price');
    await bad({ person: { id: anna }, cart: { lines: [line('VIT-C', 0, 5)] } }, 400, 'cart.lines.0.quantity');
    await bad({ person: { id: anna }, cart: { lines: [] } }, 400, 'cart.lines');
    expect((await bad({ person: { kind: 'email', value: 'nobody@offers.test' }, cart }, 404, 'person')).code).toBe(
      'NOT_FOUND',
    );
    await bad({ person: { id: '01900000-0000-7000-8000-000000000000' }, cart }, 404, 'person');
    await bad({ person: { kind: 'shoe_size', value: '42' }, cart }, 400, 'person.kind');
    await archiveAll();
  });

  it('redeem is idempotent: a retry (also a concurrent one) returns the same body and counts once', async () => {
    const boris = await person('Boris');
    const x2 = await promo({ name: 'Двойные баллы', mechanic: 'points_multiplier', params: { multiplier: 2 } });
    const pct = await promo({
      name: 'Витамины −10 %',
      mechanic: 'percent_off',
      params: { percent: 10, categories: ['Витамины'] },
    });
    const body = {
      redemptionId: 'R-001',
      person: { id: boris },
      cart: { lines: [line('VIT-D3', 2, 690), line('PAIN-PARACET', 1, 60)], store: 'AP-001', region: 'Москва' },
    };
    const first = await api('POST', '/offers/redeem', body);
    expect(first.status).toBe(201);
    // 1440 − 138 = 1302 paid: 13 base, ×2 = 26.
    expect(first.body).toEqual({
      redemptionId: 'R-001',
      personId: boris,
      promotions: [
        {
          promotionId: pct,
          name: 'Витамины −10 %',
          mechanic: 'percent_off',
          reward: { discount: 138, freeItems: [], gifts: [], points: 0 },
        },
        {
          promotionId: x2,
          name: 'Двойные баллы',
          mechanic: 'points_multiplier',
          reward: { discount: 0, freeItems: [], gifts: [], points: 13 },
        },
      ],
      totalDiscount: 138,
      pointsSpent: 0,
      pointsEarned: 26,
      balance: 26,
      total: 1302,
    });
    // A retry with another cart still answers what was recorded.
    const again = await api('POST', '/offers/redeem', { ...body, cart: { lines: [line('VIT-C', 9, 320)] } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Five concurrent tries of a new order: one 201, four 200, all the same body.
    const body2 = { ...body, redemptionId: 'R-002' };
    const results = await Promise.all(Array.from({ length: 5 }, () => api('POST', '/offers/redeem', body2)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    for (const r of results) expect(r.body).toEqual(results[0].body);
    expect(results[0].body.balance).toBe(52);
    // Counted once each: promotions, ledger, timeline.
    expect((await ok('GET', `/promotions/${pct}`)).redemptions).toBe(2);
    const points = await ok('GET', `/persons/${boris}/points`);
    expect(points.balance).toBe(52);
    expect(points.data.map((x: any) => [x.type, x.points, x.orderId])).toEqual([
      ['earn', 26, 'R-002'],
      ['earn', 26, 'R-001'],
    ]);
    const events = await sql<{ event: string; n: number }>`
      SELECT event, count(*)::int AS n FROM events WHERE workspace_id = ${ws.id} AND person_id = ${boris} AND type = 'loyalty' GROUP BY event ORDER BY event
    `.execute(env.kernel.db);
    expect(events.rows).toEqual([
      { event: 'Offer Redeemed', n: 2 },
      { event: 'Points Earned', n: 2 },
    ]);
    const redeemed = await sql<{ properties: any }>`
      SELECT properties FROM events WHERE workspace_id = ${ws.id} AND message_id = 'loyalty:redeem:R-001'
    `.execute(env.kernel.db);
    expect(redeemed.rows[0].properties).toEqual({
      redemptionId: 'R-001',
      promotionIds: [pct, x2],
      total: 1302,
      discount: 138,
      pointsEarned: 26,
      pointsSpent: 0,
      store: 'AP-001',
      region: 'Москва',
    });
    await archiveAll();
  });

  it('points spent at a till: never more than the balance (422, nothing recorded), earned on what is paid', async () => {
    const vera = await person('Vera');
    await ok('POST', `/persons/${vera}/points`, { type: 'earn', points: 100, reason: 'Welcome' });
    const cart = { lines: [line('VIT-C', 1, 320)] };
    const tooMuch = await api('POST', '/offers/redeem', {
      redemptionId: 'S-1',
      person: { id: vera },
      cart,
      pointsToSpend: 101,
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({
      code: 'INSUFFICIENT_POINTS',
      details: [{ path: 'pointsToSpend', limit: 100 }],
    });
    const none = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM loyalty_redemptions WHERE workspace_id = ${ws.id} AND redemption_id = 'S-1'`.execute(
      env.kernel.db,
    );
    expect(none.rows[0].n).toBe(0);
    // The same order with what the balance allows: 320 − 100 = 220 paid, 2 points.
    const r = await api('POST', '/offers/redeem', {
      redemptionId: 'S-1',
      person: { id: vera },
      cart,
      pointsToSpend: 100,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ pointsSpent: 100, pointsEarned: 2, balance: 2, total: 220 });
    const over = await api('POST', '/offers/redeem', {
      redemptionId: 'S-2',
      person: { id: vera },
      cart: { lines: [line('PAIN-PARACET', 1, 1)] },
      pointsToSpend: 2,
    });
    expect(over.status).toBe(422);
    expect(over.body.error.details[0].path).toBe('pointsToSpend');
  });

  it('limits: per person, and in total under concurrent redemptions', async () => {
    const perPerson = await promo({
      name: 'Два раза',
      mechanic: 'percent_off',
      params: { percent: 10, skus: ['VIT-MG'] },
      limitPerPerson: 2,
    });
    const total = await promo({
      name: 'Первым трём',
      mechanic: 'gift',
      params: { giftSku: 'COSM-LIPS', skus: ['VIT-D3'] },
      limitTotal: 3,
    });
    const gleb = await person('Gleb');
    const applied = [];
    for (let i = 1; i <= 3; i++) {
      const r = await ok('POST', '/offers/redeem', {
        redemptionId: `L-${i}`,
        person: { id: gleb },
        cart: { lines: [line('VIT-MG', 1, 480)] },
      });
      applied.push(r.promotions.map((p: any) => p.promotionId));
    }
    expect(applied).toEqual([[perPerson], [perPerson], []]);
    expect(
      (await ok('POST', '/offers/evaluate', { person: { id: gleb }, cart: { lines: [line('VIT-MG', 1, 480)] } }))
        .promotions,
    ).toEqual([]);
    // Eight buyers at once for a gift three may have.
    const buyers = await Promise.all(Array.from({ length: 8 }, (_, i) => person(`Buyer${i}`)));
    const results = await Promise.all(
      buyers.map((id, i) =>
        ok('POST', '/offers/redeem', {
          redemptionId: `T-${i}`,
          person: { id },
          cart: { lines: [line('VIT-D3', 1, 690)] },
        }),
      ),
    );
    const gifts = results.filter((r) => r.promotions.some((p: any) => p.promotionId === total));
    expect(gifts).toHaveLength(3);
    expect((await ok('GET', `/promotions/${total}`)).redemptions).toBe(3);
    const rows = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM loyalty_redemption_promotions WHERE workspace_id = ${ws.id} AND promotion_id = ${total}`.execute(
      env.kernel.db,
    );
    expect(rows.rows[0].n).toBe(3);
  });
});
