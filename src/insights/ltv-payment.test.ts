import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { synthMessages, synthPeople } from './synthetic.ts';

/**
 * Predicted LTV and payment risk on generated people with invoices (late payers who then
 * default): both train with held-out metrics against their baselines, score as the traits
 * predictedLtv / paymentRisk, and the at-risk list orders by predicted LTV.
 */
describe('insights: LTV and payment risk', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const now = Date.now();
  const people = synthPeople({ people: 240, seed: 11, now, prefix: 'lp', invoiceShare: 0.6 });
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('insights-lp');
    const key = (await ok('POST', '/sources', { name: 'Billing', kind: 'server' })).writeKey;
    const messages = people.flatMap((p) => synthMessages(p, now));
    for (let i = 0; i < messages.length; i += 500) {
      const r = await env.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: { batch: messages.slice(i, i + 500) },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await env.kernel.cdp.settled();
  }, 300_000);
  afterAll(async () => env?.close(), 120_000);

  it('payment risk: late payers who default score high; the trait drives a "problem client" segment', async () => {
    const out = await env.kernel.insights.train(ws.id, 'payment-risk', { now: new Date(now), seed: 5 });
    expect(out.status, JSON.stringify(out)).toBe('ready');
    const m = await ok('GET', '/models/payment-risk');
    expect(m.metrics.auc).toBeGreaterThan(0.7);
    expect(m.baseline.model).toBe('mean days late');
    const lookup = async (userId: string) => (await ok('GET', `/people/lookup?kind=user_id&value=${userId}`)).id;
    const late = people.filter((p) => p.payer === 'late');
    const good = people.filter((p) => p.payer === 'good');
    const risk = async (userId: string) =>
      (await ok('GET', `/persons/${await lookup(userId)}`)).computedTraits.paymentRisk as number;
    const lateRisk = await Promise.all(late.slice(0, 8).map((p) => risk(p.userId)));
    const goodRisk = await Promise.all(good.slice(0, 8).map((p) => risk(p.userId)));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(lateRisk)).toBeGreaterThan(mean(goodRisk));
    // Without invoices: no payment risk (unknown).
    const none = people.find((p) => p.payer === 'none' && p.orders.length)!;
    expect(await risk(none.userId)).toBeNull();
    const threshold = env.kernel.config.paymentRiskThreshold;
    const flagged = await env.kernel.segments.preview(ws.id, { trait: 'paymentRisk', op: 'gte', value: threshold });
    const count = await env.kernel.db
      .selectFrom('insights_scores')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws.id)
      .where('kind', '=', 'payment-risk')
      .where('score', '>=', threshold)
      .executeTakeFirstOrThrow();
    expect(flagged.size).toBe(Number(count.n));
  }, 240_000);

  it('LTV: a stated model beats nothing it cannot; scores are predictedLtv; at-risk orders by it', async () => {
    const out = await env.kernel.insights.train(ws.id, 'ltv', { now: new Date(now), seed: 5 });
    expect(out.status, JSON.stringify(out)).toBe('ready');
    const m = await ok('GET', '/models/ltv');
    expect(m.metrics).toMatchObject({ evalDays: 180, horizonDays: 365 });
    expect(typeof m.metrics.mae).toBe('number');
    expect(typeof m.baseline.mae).toBe('number');
    await env.kernel.insights.train(ws.id, 'churn', { now: new Date(now), seed: 5 });
    const risky = await ok('GET', '/insights/at-risk?minChurn=0.3&limit=100');
    expect(risky.data.length).toBeGreaterThan(1);
    const ltvs = risky.data.map((r: { predictedLtv: number | null }) => r.predictedLtv ?? -1);
    expect(ltvs).toEqual([...ltvs].sort((a: number, b: number) => b - a));
    const first = risky.data[0];
    const profile = await ok('GET', `/persons/${first.personId}`);
    expect(profile.computedTraits.predictedLtv).toBe(first.predictedLtv);
    expect(profile.computedTraits.churnProbability).toBe(first.churnProbability);
    const dist = await ok('GET', '/insights/distributions');
    const ltv = dist.data.find((d: { kind: string }) => d.kind === 'ltv');
    expect(ltv.count).toBeGreaterThan(0);
    expect(ltv.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(ltv.count);
  }, 240_000);

  // On the same generated people (issue 19's customer types: loyal, churners, one-timers … planted).
  it('customer types: named clusters as the trait customerType, held-out silhouette vs recency groups, in segments', async () => {
    const out = await env.kernel.insights.train(ws.id, 'customer-types', { now: new Date(now), seed: 5 });
    expect(out.status, JSON.stringify(out)).toBe('ready');
    const m = await ok('GET', '/models/customer-types');
    expect([4, 5, 6]).toContain(m.metrics.k);
    expect(m.metrics.silhouette).toBeGreaterThan(m.baseline.silhouette);
    const clusters = m.metrics.clusters as { key: string; size: number }[];
    expect(new Set(clusters.map((c) => c.key)).size).toBe(clusters.length);
    const customers = people.filter((p) => p.orders.length).length;
    expect(clusters.reduce((s, c) => s + c.size, 0)).toBe(customers);
    // Every customer has a type; the planted loyal ones are mostly not "hibernating", one-timers not "champions".
    const lookup = async (userId: string) => (await ok('GET', `/people/lookup?kind=user_id&value=${userId}`)).id;
    const typeOf = async (userId: string) =>
      (await ok('GET', `/persons/${await lookup(userId)}`)).computedTraits.customerType as string | null;
    const loyal = await Promise.all(
      people
        .filter((p) => p.kind === 'loyal')
        .slice(0, 10)
        .map((p) => typeOf(p.userId)),
    );
    for (const t of loyal) expect(clusters.map((c) => c.key)).toContain(t);
    expect(loyal.filter((t) => t === 'hibernating').length).toBeLessThan(loyal.length / 2);
    const once = await Promise.all(
      people
        .filter((p) => p.kind === 'one_time')
        .slice(0, 10)
        .map((p) => typeOf(p.userId)),
    );
    expect(once.filter((t) => t === 'champions')).toEqual([]);
    // A segment on the trait holds exactly that cluster's customers.
    const biggest = [...clusters].sort((a, b) => b.size - a.size)[0];
    const seg = await env.kernel.segments.preview(ws.id, { trait: 'customerType', op: 'eq', value: biggest.key });
    expect(seg.size).toBe(biggest.size);
    // The person card's factors: the features that set the type apart.
    const scores = await ok('GET', `/people/${await lookup(people.find((p) => p.kind === 'loyal')!.userId)}/scores`);
    const type = scores.data.find((s: { kind: string }) => s.kind === 'customer-types');
    expect(type.factors).toHaveLength(3);
  }, 240_000);
});
