import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { seededRandom } from '../core/seeded-random.ts';

const DAY = 86_400_000;
const NAMES: Record<string, string> = {
  TEA: 'Чай с чабрецом',
  HONEY: 'Мёд липовый',
  LEMON: 'Лимон',
  SOAP: 'Мыло',
  SPF: 'Крем SPF 50',
  AFTERSUN: 'Лосьон после загара',
};
const EVERYDAY = ['SOAP', 'LEMON', 'TEA', 'SPF'];

/**
 * Recommendations through the real pipeline: orders tracked through the batch API, the
 * `recommendations` training (CDP baskets → co-purchase model, evaluated against popularity),
 * GET /people/{id}/recommendations, and a template that prints `{{ recommendations | first: 3 }}`.
 */
describe('insights: recommendations (API, training, templates)', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let writeKey: string;
  const now = Date.now();
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const personId = async (userId: string) =>
    (await ok('GET', `/people/lookup?kind=user_id&value=${encodeURIComponent(userId)}`)).id as string;
  const batch = async (messages: Record<string, unknown>[]) => {
    for (let i = 0; i < messages.length; i += 400) {
      const r = await env.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
        payload: { batch: messages.slice(i, i + 400) },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await env.kernel.cdp.settled();
  };
  const order = (userId: string, n: number, at: number, skus: string[]) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    messageId: `rec-${userId}-${n}`,
    properties: {
      order_id: `${userId}-${n}`,
      revenue: 100 * skus.length,
      products: skus.map((sku) => ({ product_id: sku, sku, name: NAMES[sku], price: 100, quantity: 1 })),
    },
    timestamp: new Date(at).toISOString(),
  });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('recs-ws');
    writeKey = (await ok('POST', '/sources', { name: 'Shop', kind: 'server' })).writeKey;
    // 120 buyers: tea is bought with honey, a sunscreen with an after-sun lotion; soap alone is the most popular.
    const r = seededRandom(5);
    const msgs: Record<string, unknown>[] = [];
    for (let p = 0; p < 120; p++)
      for (let n = 0; n < 3; n++) {
        const skus = new Set([r.pick(EVERYDAY), r.pick(EVERYDAY)]);
        if (skus.has('TEA') && r.chance(0.8)) skus.add('HONEY');
        if (skus.has('SPF') && r.chance(0.8)) skus.add('AFTERSUN');
        if (r.chance(0.5)) skus.add('SOAP');
        msgs.push(order(`rb-${p}`, n, now - (300 - n * 90 - r.int(0, 20)) * DAY, [...skus]));
      }
    // The person we ask about: bought tea 60 days ago, and soap last week.
    msgs.push(order('asker', 1, now - 60 * DAY, ['TEA']), order('asker', 2, now - 7 * DAY, ['SOAP']));
    msgs.push({ type: 'identify', userId: 'newcomer', messageId: 'rec-newcomer', traits: { firstName: 'Вера' } });
    await batch(msgs);
  }, 240_000);
  afterAll(async () => env?.close());

  it('no model yet: an empty list; an unknown person is 404; a bad limit is 400', async () => {
    const id = await personId('asker');
    expect(await ok('GET', `/people/${id}/recommendations`)).toEqual({ data: [] });
    const missing = await api('GET', '/people/0190f5a0-0000-7000-8000-000000000000/recommendations');
    expect(missing.status).toBe(404);
    const bad = await api('GET', `/people/${id}/recommendations?limit=0`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('limit');
  });

  it('trains as the `recommendations` kind, evaluated against popularity; same data and seed, same params', async () => {
    const a = await env.kernel.insights.train(ws.id, 'recommendations', { now: new Date(now), seed: 3 });
    expect(a.status).toBe('ready');
    const model = await ok('GET', '/models/recommendations');
    expect(model).toMatchObject({ status: 'ready', version: a.version });
    expect(model.metrics).toMatchObject({ model: 'item-to-item (cosine)', k: 10 });
    expect(model.baseline).toMatchObject({ model: 'popularity', k: 10 });
    expect(typeof model.metrics.precisionAt10).toBe('number');
    expect(model.featureImportance.map((f: { feature: string }) => f.feature)).toEqual(
      expect.arrayContaining(['HONEY → TEA', 'AFTERSUN → SPF']),
    );
    const b = await env.kernel.insights.train(ws.id, 'recommendations', { now: new Date(now), seed: 3 });
    const rows = await env.kernel.db
      .selectFrom('insights_models')
      .select(['version', 'params', 'metrics'])
      .where('workspace_id', '=', ws.id)
      .where('kind', '=', 'recommendations')
      .where('version', 'in', [a.version, b.version])
      .orderBy('version')
      .execute();
    expect(rows[1]!.params).toEqual(rows[0]!.params);
    expect(rows[1]!.metrics).toEqual(rows[0]!.metrics);
  });

  it('recommends co-purchases of what she bought, not what she just bought; popular ones for a newcomer', async () => {
    const asker = await personId('asker');
    const recs = (await ok('GET', `/people/${asker}/recommendations?limit=3`)).data;
    expect(recs).toHaveLength(3);
    expect(recs[0].productId).toBe('HONEY');
    expect(Object.keys(recs[0]).sort()).toEqual(['productId', 'score']);
    expect(recs.map((r: { productId: string }) => r.productId)).not.toContain('SOAP');
    const newcomer = await personId('newcomer');
    const pop = (await ok('GET', `/people/${newcomer}/recommendations?limit=2`)).data;
    expect(pop[0].productId).toBe('SOAP');
    expect(pop[0].score).toBeLessThan(0.001);
  });

  it('a template prints the person’s recommendations with `{{ recommendations | first: 3 }}`', async () => {
    const asker = await personId('asker');
    const t = await ok('POST', '/templates', {
      channel: 'email',
      name: 'Для вас',
      subject: 'Вам понравится: {{ recommendations | first: 1 }}',
      body: '<p>{{ recommendations | first: 3 }}</p><ul>{% for r in recommendations limit: 2 %}<li>{{ r.name }} — {{ r.productId }}</li>{% endfor %}</ul>',
    });
    const api3 = (await ok('GET', `/people/${asker}/recommendations?limit=3`)).data.map(
      (r: { productId: string }) => r.productId,
    );
    const out = await env.kernel.engage.templates.render(ws.id, t.id, { personId: asker });
    expect(out.subject).toBe(`Вам понравится: ${NAMES[api3[0]]} (${api3[0]})`);
    expect(out.html).toBe(
      `<p>${api3.map((p: string) => `${NAMES[p]} (${p})`).join(', ')}</p><ul>${api3
        .slice(0, 2)
        .map((p: string) => `<li>${NAMES[p]} — ${p}</li>`)
        .join('')}</ul>`,
    );
  });

  it('too few orders: insufficient_data with the reason, the last good model kept', async () => {
    const before = await ok('GET', '/models/recommendations');
    const r = await env.kernel.insights.train(ws.id, 'recommendations', { now: new Date(now - 400 * DAY) });
    expect(r.status).toBe('insufficient_data');
    const after = await ok('GET', '/models/recommendations');
    expect(after.version).toBe(before.version);
    expect(after.lastAttempt).toMatchObject({ status: 'insufficient_data' });
    expect(after.lastAttempt.error).toMatch(/at least 50 such orders/);
  });
});
