import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** Products and promotions: the catalogue, CRUD and lifecycle, contradictions refused (422), overlaps, isolation. */
describe('loyalty: products and promotions', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const vitamins = {
    name: 'Купи 2 — третий в подарок',
    mechanic: 'buy_n_get_m',
    params: { n: 2, m: 1, categories: ['Витамины'] },
  };

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('promotions-ws');
    other = await env.workspace('promotions-other');
    await ok('PUT', '/products', {
      products: [
        { sku: 'VIT-D3', name: 'Витамин D3', category: 'Витамины', price: 690 },
        { sku: 'VIT-C', name: 'Витамин C', category: 'Витамины', price: 320 },
        { sku: 'COSM-SPF50', name: 'SPF 50', category: 'Косметика', price: 1650 },
        { sku: 'COSM-LIPS', name: 'Бальзам для губ', category: 'Косметика', price: 290 },
        { sku: 'PAIN-PARACET', name: 'Парацетамол', category: 'Обезболивающие', price: 60 },
      ],
    });
  });
  afterAll(async () => env?.close());

  it('products: upsert by sku, list with search, category and a cursor; bad input named', async () => {
    expect(
      await ok('PUT', '/products', {
        products: [{ sku: 'VIT-C', name: 'Витамин C 500', category: 'Витамины', price: 330 }],
      }),
    ).toEqual({
      upserted: 1,
    });
    const all = await ok('GET', '/products?limit=2');
    expect(all.data.map((p: any) => p.sku)).toEqual(['COSM-LIPS', 'COSM-SPF50']);
    const next = await ok('GET', `/products?limit=10&cursor=${all.nextCursor}`);
    expect(next.data.map((p: any) => p.sku)).toEqual(['PAIN-PARACET', 'VIT-C', 'VIT-D3']);
    expect(next.nextCursor).toBeNull();
    expect((await ok('GET', '/products?category=Витамины')).data).toHaveLength(2);
    expect((await ok('GET', '/products?q=500')).data).toMatchObject([
      { sku: 'VIT-C', name: 'Витамин C 500', price: 330 },
    ]);
    const bad = await api('PUT', '/products', { products: [{ sku: 'X', name: 'X', price: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('products.0.price');
    // Another workspace sees none of them.
    expect((await ok('GET', '/products', undefined, other.auth)).data).toEqual([]);
  });

  it('create, get, patch, list: a draft with its view; activate, pause, archive', async () => {
    const p = await ok('POST', '/promotions', {
      ...vitamins,
      description: 'Витамины в Поволжье',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2099-01-01T00:00:00Z',
      geography: { regions: ['Поволжье'] },
      limitPerPerson: 3,
      limitTotal: 1000,
    });
    expect(p).toMatchObject({
      name: vitamins.name,
      mechanic: 'buy_n_get_m',
      params: { n: 2, m: 1, categories: ['Витамины'] },
      status: 'draft',
      geography: { regions: ['Поволжье'], cities: [], stores: [] },
      segmentId: null,
      limitPerPerson: 3,
      limitTotal: 1000,
      redemptions: 0,
      createdBy: 'API key "admin key"',
    });
    expect(await ok('GET', `/promotions/${p.id}`)).toEqual(p);
    expect((await api('GET', `/promotions/${p.id}`, undefined, other.auth)).status).toBe(404);
    const patched = await ok('PATCH', `/promotions/${p.id}`, {
      params: { n: 3, m: 1, categories: ['Витамины'] },
      limitTotal: null,
    });
    expect(patched).toMatchObject({ params: { n: 3, m: 1 }, limitTotal: null, limitPerPerson: 3 });
    expect((await ok('POST', `/promotions/${p.id}/activate`)).status).toBe('active');
    expect((await ok('POST', `/promotions/${p.id}/pause`)).status).toBe('paused');
    expect((await api('POST', `/promotions/${p.id}/pause`)).status).toBe(200);
    expect((await ok('POST', `/promotions/${p.id}/activate`)).status).toBe('active');
    // The mechanic changes only while a draft.
    const m = await api('PATCH', `/promotions/${p.id}`, { mechanic: 'percent_off', params: { percent: 5 } });
    expect(m.status).toBe(409);
    expect((await ok('GET', '/promotions?status=active')).data.map((x: any) => x.id)).toContain(p.id);
    expect((await ok('POST', `/promotions/${p.id}/archive`)).status).toBe('archived');
    expect((await api('PATCH', `/promotions/${p.id}`, { name: 'x' })).status).toBe(409);
    expect((await api('POST', `/promotions/${p.id}/activate`)).status).toBe(409);
    expect((await ok('GET', '/promotions?status=archived')).data.map((x: any) => x.id)).toEqual([p.id]);
    // Search and paging.
    await ok('POST', '/promotions', {
      name: 'Двойные баллы',
      mechanic: 'points_multiplier',
      params: { multiplier: 2 },
    });
    expect((await ok('GET', '/promotions?q=двойные')).data).toHaveLength(1);
    const first = await ok('GET', '/promotions?limit=1');
    expect(first.data).toHaveLength(1);
    const second = await ok('GET', `/promotions?limit=1&cursor=${first.nextCursor}`);
    expect(second.data[0].id).not.toBe(first.data[0].id);
    // An active one whose end passed shows as ended.
    const old = await ok('POST', '/promotions', { ...vitamins, endsAt: '2099-01-01T00:00:00Z' });
    await ok('POST', `/promotions/${old.id}/activate`);
    await env.kernel.db
      .updateTable('loyalty_promotions')
      .set({ ends_at: new Date(Date.now() - 1000) })
      .where('id', '=', old.id)
      .execute();
    expect((await ok('GET', `/promotions/${old.id}`)).status).toBe('ended');
    expect((await ok('GET', '/promotions?status=ended')).data.map((x: any) => x.id)).toEqual([old.id]);
    expect((await api('POST', `/promotions/${old.id}/activate`)).status).toBe(422);
  });

  it('contradictions are 422 naming the field, and nothing is stored', async () => {
    const before = (await ok('GET', '/promotions?limit=200')).data.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...vitamins, params: { n: 0, m: 1 } }, 'params.n'],
      [{ ...vitamins, params: { n: 2, m: 0 } }, 'params.m'],
      [{ ...vitamins, params: { n: 2, m: 1, skus: ['VIT-D3', 'NO-SUCH'] } }, 'params.skus.1'],
      [{ ...vitamins, params: { n: 2, m: 1, categories: ['Нет такой'] } }, 'params.categories.0'],
      [{ name: 'x', mechanic: 'percent_off', params: { percent: 0 } }, 'params.percent'],
      [{ name: 'x', mechanic: 'gift', params: { giftSku: 'NO-SUCH' } }, 'params.giftSku'],
      [{ name: 'x', mechanic: 'birthday_points', params: { points: 100, bogus: 1 } }, 'params.bogus'],
      [{ ...vitamins, startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' }, 'endsAt'],
      [{ ...vitamins, segmentId: '01900000-0000-7000-8000-000000000000' }, 'segmentId'],
    ];
    for (const [body, path] of cases) {
      const r = await api('POST', '/promotions', body);
      expect(r.status, `${path}: ${r.text}`).toBe(422);
      expect(r.body.error.details[0].path).toBe(path);
    }
    expect((await api('POST', '/promotions', { ...vitamins, mechanic: 'cashback' })).status).toBe(400);
    expect((await ok('GET', '/promotions?limit=200')).data.length).toBe(before);
  });

  it('two active percent-offs over the same products, places and time: PROMOTION_OVERLAP naming the other', async () => {
    const a = await ok('POST', '/promotions', {
      name: 'Косметика −15 %',
      mechanic: 'percent_off',
      params: { percent: 15, categories: ['Косметика'] },
      geography: { regions: ['Москва', 'Поволжье'] },
      endsAt: '2099-01-01T00:00:00Z',
    });
    await ok('POST', `/promotions/${a.id}/activate`);
    // A sku of that category, in one of its regions, at an overlapping time.
    const b = await ok('POST', '/promotions', {
      name: 'SPF −10 %',
      mechanic: 'percent_off',
      params: { percent: 10, skus: ['COSM-SPF50'] },
      geography: { regions: ['Поволжье'] },
      endsAt: '2098-01-01T00:00:00Z',
    });
    const r = await api('POST', `/promotions/${b.id}/activate`);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'PROMOTION_OVERLAP',
      details: [{ path: 'params', code: 'OVERLAPS', existingId: a.id }],
    });
    expect(r.body.error.message).toContain('Косметика −15 %');
    expect((await ok('GET', `/promotions/${b.id}`)).status).toBe('draft');
    // Elsewhere, other products, or after it ends: no overlap.
    await ok('PATCH', `/promotions/${b.id}`, { geography: { regions: ['Урал'] } });
    expect((await ok('POST', `/promotions/${b.id}/activate`)).status).toBe('active');
    const c = await ok('POST', '/promotions', {
      name: 'Парацетамол −5 %',
      mechanic: 'percent_off',
      params: { percent: 5, skus: ['PAIN-PARACET'] },
    });
    expect((await ok('POST', `/promotions/${c.id}/activate`)).status).toBe('active');
    const d = await ok('POST', '/promotions', {
      name: 'Косметика весной',
      mechanic: 'percent_off',
      params: { percent: 20, categories: ['Косметика'] },
      startsAt: '2099-01-01T00:00:00Z',
    });
    expect((await ok('POST', `/promotions/${d.id}/activate`)).status).toBe('active');
    // Patching an active one into an overlap is refused too, and changes nothing.
    const p = await api('PATCH', `/promotions/${c.id}`, { params: { percent: 5, categories: ['Косметика'] } });
    expect(p.status).toBe(422);
    expect(p.body.error.code).toBe('PROMOTION_OVERLAP');
    expect((await ok('GET', `/promotions/${c.id}`)).params).toEqual({ percent: 5, skus: ['PAIN-PARACET'] });
    // Pausing or archiving the ones it would meet frees the place.
    await ok('POST', `/promotions/${a.id}/pause`);
    await ok('POST', `/promotions/${b.id}/pause`);
    await ok('POST', `/promotions/${d.id}/archive`);
    expect(
      (await ok('PATCH', `/promotions/${c.id}`, { params: { percent: 5, categories: ['Косметика'] } })).params,
    ).toEqual({
      percent: 5,
      categories: ['Косметика'],
    });
  });

  it('an eligible segment must be of this workspace; k.loyalty.promotions.get is what other modules call', async () => {
    const seg = await ok('POST', '/segments', { name: 'Покупатели витаминов', kind: 'list' });
    const p = await ok('POST', '/promotions', { ...vitamins, segmentId: seg.id });
    expect(p.segmentId).toBe(seg.id);
    const foreign = await ok('POST', '/segments', { name: 'B list', kind: 'list' }, other.auth);
    expect((await api('PATCH', `/promotions/${p.id}`, { segmentId: foreign.id })).status).toBe(422);
    expect((await env.kernel.loyalty.promotions.get(ws.id, p.id)).id).toBe(p.id);
    await expect(env.kernel.loyalty.promotions.get(other.id, p.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
