import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { seededRandom } from '../core/seeded-random.ts';

const DAY = 86_400_000;

/**
 * Response propensity through the real pipeline: people and orders tracked through the batch API,
 * two finished campaigns (their treatment groups written as a launch freezes them), conversions
 * planted for frequent buyers; `engage.campaigns.responses` attributes them, the `propensity`
 * training fits and evaluates against the past-response baseline, and scores everyone.
 */
describe('insights: response propensity (campaigns → model → scores)', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let writeKey: string;
  const now = Date.now();
  const launches = [now - 100 * DAY, now - 40 * DAY];
  const campaignIds: string[] = [];
  const planted = new Map<string, boolean[]>();
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
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
  const order = (userId: string, id: string, at: number) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    messageId: `pr-${id}`,
    properties: { order_id: id, revenue: 500, products: [{ product_id: 'VIT', category: 'Витамины' }] },
    timestamp: new Date(at).toISOString(),
  });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('propensity-ws');
    writeKey = (await ok('POST', '/sources', { name: 'Shop', kind: 'server' })).writeKey;
    // 300 people; person i buys (i % 6) times a season before the first campaign; the more she buys, the likelier she responds.
    const r = seededRandom(11);
    const msgs: Record<string, unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const u = `pp-${i}`;
      const k = i % 6;
      msgs.push({ type: 'identify', userId: u, messageId: `pr-id-${i}`, traits: { email: `${u}@shop.test` } });
      for (let n = 0; n <= k; n++) msgs.push(order(u, `${u}-h${n}`, launches[0]! - (200 - n * 25) * DAY));
      const hits = launches.map(() => r.chance(0.04 + 0.13 * k));
      planted.set(u, hits);
      hits.forEach((hit, c) => {
        // A response within the 7-day window; a non-responder may buy later (outside it), which does not count.
        if (hit) msgs.push(order(u, `${u}-c${c}`, launches[c]! + 2 * DAY + i * 1000));
        else if (i % 5 === 0) msgs.push(order(u, `${u}-l${c}`, launches[c]! + 9 * DAY));
      });
    }
    await batch(msgs);
    const channelId = (
      await ok('POST', '/channels', {
        type: 'email',
        name: 'Mail',
        config: { host: '8.8.8.8', port: 25, secure: false, from: 'Shop <news@shop.test>' },
      })
    ).id;
    const templateId = (await ok('POST', '/templates', { channel: 'email', name: 'T', subject: 'T', body: '<p>T</p>' }))
      .id;
    const list = (await ok('POST', '/segments', { name: 'Все', kind: 'list' })).id;
    const people = await sql<{ person_id: string; value: string }>`
      SELECT person_id, value FROM identities WHERE workspace_id = ${ws.id} AND kind = 'user_id' AND value LIKE 'pp-%'`.execute(
      env.kernel.db,
    );
    expect(people.rows).toHaveLength(300);
    for (const [c, at] of launches.entries()) {
      const camp = await ok('POST', '/campaigns', {
        name: `Кампания ${c + 1}`,
        segmentId: list,
        controlPercent: 10,
        steps: [{ channelId, templateId }],
        conversionEvent: 'Order Completed',
        attributionWindow: '7d',
      });
      campaignIds.push(camp.id);
      // As a launch freezes it: every tracked person in the treatment group; then finished.
      await sql`INSERT INTO engage_campaign_members (workspace_id, campaign_id, person_id, grp, entered_at)
        SELECT ${ws.id}, ${camp.id}, x, 'treatment', ${new Date(at)} FROM unnest(${people.rows.map((p) => p.person_id)}::uuid[]) AS x`.execute(
        env.kernel.db,
      );
      await sql`UPDATE engage_campaigns SET status = 'finished', launched_at = ${new Date(at)}, finished_at = ${new Date(at + 14 * DAY)}
        WHERE workspace_id = ${ws.id} AND id = ${camp.id}`.execute(env.kernel.db);
    }
  }, 300_000);
  afterAll(async () => env?.close());

  it('engage attributes each treatment member’s response within the window', async () => {
    const rs = await env.kernel.engage.campaigns.responses(ws.id, { before: new Date(now) });
    expect(rs.map((c) => c.campaignId)).toEqual(campaignIds);
    expect(rs.map((c) => c.type)).toEqual(['none', 'none']);
    const user = new Map(
      (
        await sql<{ person_id: string; value: string }>`
        SELECT person_id, value FROM identities WHERE workspace_id = ${ws.id} AND kind = 'user_id'`.execute(
          env.kernel.db,
        )
      ).rows.map((x) => [x.person_id, x.value]),
    );
    for (const [c, camp] of rs.entries())
      for (const m of camp.members) expect(m.responded).toBe(planted.get(user.get(m.personId)!)![c]);
    // Before the second launch, only the first campaign is known.
    expect(await env.kernel.engage.campaigns.responses(ws.id, { before: new Date(launches[1]!) })).toHaveLength(1);
  });

  it('trains deterministically, beats the past-response baseline, and scores everyone', async () => {
    const a = await env.kernel.insights.train(ws.id, 'propensity', { now: new Date(now), seed: 4 });
    expect(a.status).toBe('ready');
    const model = await ok('GET', '/models/propensity');
    expect(model).toMatchObject({ status: 'ready', version: a.version });
    expect(model.metrics).toMatchObject({ model: 'logistic-regression', scoredType: 'none' });
    expect(model.baseline).toMatchObject({ model: 'past response rate' });
    expect(model.metrics.auc).toBeGreaterThan(0.65);
    expect(model.metrics.auc).toBeGreaterThan(model.baseline.auc);
    expect(model.featureImportance.length).toBeGreaterThan(3);
    const b = await env.kernel.insights.train(ws.id, 'propensity', { now: new Date(now), seed: 4 });
    const rows = await env.kernel.db
      .selectFrom('insights_models')
      .select(['params'])
      .where('workspace_id', '=', ws.id)
      .where('kind', '=', 'propensity')
      .where('version', 'in', [a.version, b.version])
      .orderBy('version')
      .execute();
    expect(rows[1]!.params).toEqual(rows[0]!.params);
    // Scores: a frequent buyer above a one-time one, with factors.
    const id = async (u: string) => (await ok('GET', `/people/lookup?kind=user_id&value=${u}`)).id as string;
    const score = async (u: string) =>
      (await ok('GET', `/people/${await id(u)}/scores`)).data.find((s: { kind: string }) => s.kind === 'propensity');
    const high = await score('pp-5');
    const low = await score('pp-6');
    expect(high.score).toBeGreaterThan(low.score);
    expect(high.factors.length).toBeGreaterThan(0);
  });

  it('before any finished campaign: insufficient_data with the reason', async () => {
    const r = await env.kernel.insights.train(ws.id, 'propensity', { now: new Date(launches[0]! - DAY) });
    expect(r).toMatchObject({ status: 'insufficient_data' });
    expect((r as { reason: string }).reason).toMatch(/0 campaign recipients/);
  });
});
