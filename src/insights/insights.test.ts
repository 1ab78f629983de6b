import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { synthMessages, synthPeople } from './synthetic.ts';
import { ChurnTrainer, CHURN_HORIZON_DAYS } from './churn.ts';
import { FEATURES, LeakageError, type FeatureDef } from './features.ts';
import type { LogisticModel } from './models.ts';

const DAY = 86_400_000;

/**
 * Insights core: the point-in-time feature store, the leakage check, deterministic churn training
 * with held-out metrics against the recency baseline, trainings as jobs with versions, too little
 * data keeping the last good model, scores as computed traits that drive a segment, unknown people.
 */
describe('insights: features, churn, scores as traits', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let writeKey: string;
  const now = Date.now();
  const people = synthPeople({ people: 500, seed: 7, now, prefix: 'it' });
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  const batch = async (key: string, messages: Record<string, unknown>[]) => {
    for (let i = 0; i < messages.length; i += 400) {
      const r = await env.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: { batch: messages.slice(i, i + 400) },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await env.kernel.cdp.settled();
  };
  const personId = async (userId: string) =>
    (await ok('GET', `/people/lookup?kind=user_id&value=${encodeURIComponent(userId)}`)).id as string;

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('insights-ws');
    writeKey = (await ok('POST', '/sources', { name: 'Shop', kind: 'server' })).writeKey;
    await batch(
      writeKey,
      people.flatMap((p) => synthMessages(p, now)),
    );
  }, 240_000);
  afterAll(async () => env?.close());

  it('features at a cut-off never see events at or after it', async () => {
    const store = env.kernel.insights.features;
    const cutoff = new Date(now - 200 * DAY);
    const before = await store.features(ws.id, cutoff);
    expect(before.ids.length).toBeGreaterThan(50);
    const p = people.find((x) => x.kind === 'loyal' && x.orders.some((o) => o.at < cutoff.getTime()))!;
    const id = await personId(p.userId);
    // Plant an order exactly at the cut-off, one a day after, a page view and a payment after it.
    await batch(writeKey, [
      {
        type: 'track',
        userId: p.userId,
        event: 'Order Completed',
        messageId: 'pit-1',
        properties: { revenue: 99_999, products: [{ category: 'New' }] },
        timestamp: cutoff.toISOString(),
      },
      {
        type: 'track',
        userId: p.userId,
        event: 'Order Completed',
        messageId: 'pit-2',
        properties: { revenue: 5 },
        timestamp: new Date(cutoff.getTime() + DAY).toISOString(),
      },
      {
        type: 'page',
        userId: p.userId,
        name: 'Home',
        messageId: 'pit-3',
        timestamp: new Date(cutoff.getTime() + 2 * DAY).toISOString(),
      },
      // The engagement and complaint signals too: an open and a rating of 1 at and after the cut-off.
      {
        type: 'track',
        userId: p.userId,
        event: 'Email Opened',
        messageId: 'pit-4',
        properties: { email_id: 'n-1' },
        timestamp: cutoff.toISOString(),
      },
      {
        type: 'track',
        userId: p.userId,
        event: 'Feedback Submitted',
        messageId: 'pit-5',
        properties: { rating: 1 },
        timestamp: new Date(cutoff.getTime() + DAY).toISOString(),
      },
    ]);
    const after = await store.features(ws.id, cutoff);
    expect(after.ids).toEqual(before.ids);
    expect(after.rows).toEqual(before.rows);
    const i = after.ids.indexOf(id);
    expect(i).toBeGreaterThanOrEqual(0);
    // A later cut-off does see them.
    const later = await store.features(ws.id, new Date(cutoff.getTime() + 3 * DAY), { personIds: [id] });
    const orders = later.names.indexOf('logOrders');
    expect(later.rows[0][orders]).toBeGreaterThan(before.rows[i][orders]);
    const opened = later.names.indexOf('messagesEngaged90');
    expect(later.rows[0][opened]).toBeGreaterThan(before.rows[i][opened]);
    expect(later.rows[0][later.names.indexOf('lowRatings180')]).toBe(
      before.rows[i][later.names.indexOf('lowRatings180')] + 1,
    );
  });

  it('a feature computed from the label window fails the leakage check', async () => {
    const trainNow = new Date(now);
    const cutoff = new Date(now - CHURN_HORIZON_DAYS * DAY);
    const future = new Map(
      (await env.kernel.insights.features.facts(ws.id, trainNow)).map((f) => [f.personId, f.orders]),
    );
    const leaking: FeatureDef = {
      name: 'ordersNext90Days',
      compute: (f) => (future.get(f.personId) ?? f.orders) - f.orders,
    };
    const k = env.kernel;
    const trainer = new ChurnTrainer(k, k.insights.features, k.insights.scores, [...FEATURES, leaking]);
    const ctx = { now: trainNow, seed: 1, progress: async () => {} };
    const err = await trainer.train(ws.id, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(LeakageError);
    expect((err as LeakageError).features.map((f) => f.feature)).toEqual(['ordersNext90Days']);
    expect(cutoff.getTime()).toBeLessThan(trainNow.getTime());
    // Without it the same data trains.
    const out = await new ChurnTrainer(k, k.insights.features, k.insights.scores).train(ws.id, ctx);
    expect(out.status).toBe('ready');
  });

  it('trains deterministically with a seed and beats nothing less than the data allows', async () => {
    const at = new Date(now);
    const a = await env.kernel.insights.train(ws.id, 'churn', { now: at, seed: 42 });
    const b = await env.kernel.insights.train(ws.id, 'churn', { now: at, seed: 42 });
    expect(a.status).toBe('ready');
    expect(b.version).toBe(a.version + 1);
    const params = async (v: number) =>
      (
        await env.kernel.db
          .selectFrom('insights_models')
          .select('params')
          .where('workspace_id', '=', ws.id)
          .where('kind', '=', 'churn')
          .where('version', '=', v)
          .executeTakeFirstOrThrow()
      ).params.model as LogisticModel;
    const [ma, mb] = [await params(a.version), await params(b.version)];
    expect(ma.coefficients).toEqual(mb.coefficients);
    expect(ma.intercept).toBe(mb.intercept);
    expect(a.metrics).toEqual(b.metrics);
    // Evaluated on the held-out part, against recency alone.
    const m = await ok('GET', '/models/churn');
    expect(m).toMatchObject({ status: 'ready', version: b.version, lastAttempt: null });
    // The held-out part is ~70 customers with ~7 churners (a realistic 10–20 % churn), split by
    // person id, which differs from run to run: its AUC moves by ±0.1 (seen 0.70–0.79). This only
    // asserts that the model learned the planted signal; bench/models measures its quality.
    expect(m.metrics.auc).toBeGreaterThan(0.55);
    expect(m.baseline).toMatchObject({ model: 'recency' });
    expect(typeof m.baseline.auc).toBe('number');
    expect(m.featureImportance.length).toBe(FEATURES.length);
    expect(m.history.map((h: { version: number }) => h.version).slice(0, 2)).toEqual([b.version, a.version]);
  });

  it('scores are computed traits on the profile, with factors, and drive a segment', async () => {
    const seg = await ok('POST', '/segments', {
      name: 'Likely to churn',
      rule: { trait: 'churnProbability', op: 'gte', value: 0.7 },
    });
    await env.kernel.jobs.runNow('segments.recompute', { segmentId: seg.id }, { workspaceId: ws.id });
    await env.kernel.insights.train(ws.id, 'churn', { now: new Date(now), seed: 3 });
    const scored = await env.kernel.db
      .selectFrom('insights_scores')
      .select(['person_id', 'score'])
      .where('workspace_id', '=', ws.id)
      .where('kind', '=', 'churn')
      .execute();
    expect(scored.length).toBeGreaterThan(50);
    const high = scored
      .filter((s) => s.score >= 0.7)
      .map((s) => s.person_id)
      .sort();
    expect(high.length).toBeGreaterThan(0);
    // The profile (CDP's and the CRM's person) shows the score among its computed traits.
    const one = scored[0];
    const profile = await ok('GET', `/persons/${one.person_id}`);
    expect(profile.computedTraits.churnProbability).toBeCloseTo(one.score, 10);
    expect(profile.computedTraits.paymentRisk).toBeNull();
    const card = await ok('GET', `/people/${one.person_id}/scores`);
    expect(card.data).toHaveLength(1);
    expect(card.data[0]).toMatchObject({ kind: 'churn', score: one.score });
    expect(card.data[0].factors.length).toBeGreaterThan(0);
    expect(card.data[0].factors[0]).toEqual({
      feature: expect.any(String),
      value: expect.any(Number),
      contribution: expect.any(Number),
    });
    // Scoring re-evaluated the segment: its members are the people scored ≥ 0.7.
    const members: string[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await ok('GET', `/segments/${seg.id}/members?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      members.push(...page.data.map((m: { personId: string }) => m.personId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(members.sort()).toEqual(high);
    expect((await env.kernel.segments.preview(ws.id, { trait: 'churnProbability', op: 'gte', value: 0.7 })).size).toBe(
      high.length,
    );
    // At-risk: churn ≥ min, every row at or above it.
    const risky: { personId: string; churnProbability: number }[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await ok('GET', `/insights/at-risk?minChurn=0.7&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      risky.push(...page.data);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(risky.every((r) => r.churnProbability >= 0.7)).toBe(true);
    expect(risky.map((r) => r.personId).sort()).toEqual(high);
  });

  it('a person with no history has no score; an unknown id is 404', async () => {
    const crm = await ok('POST', '/people', { firstName: 'Nobody', emails: ['nobody@insights.test'] });
    const profile = await ok('GET', `/persons/${crm.id}`);
    expect(profile.computedTraits.churnProbability).toBeNull();
    expect(profile.computedTraits.predictedLtv).toBeNull();
    expect((await ok('GET', `/people/${crm.id}/scores`)).data).toEqual([]);
    const missing = await api('GET', '/people/00000000-0000-4000-8000-000000000000/scores');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('too little data ends as insufficient_data and keeps the last good model', async () => {
    const before = await ok('GET', '/models/churn');
    expect(before.status).toBe('ready');
    // Two years ago nobody had history yet.
    const out = await env.kernel.insights.train(ws.id, 'churn', { now: new Date(now - 800 * DAY) });
    expect(out.status).toBe('insufficient_data');
    const after = await ok('GET', '/models/churn');
    expect(after).toMatchObject({ status: 'ready', version: before.version, metrics: before.metrics });
    expect(after.lastAttempt).toMatchObject({ status: 'insufficient_data', version: out.version });
    expect(after.lastAttempt.error).toMatch(/people with history/);
    // An empty workspace: nothing to train on, nothing in use.
    const empty = await env.workspace('insights-empty');
    const r = await api('POST', '/models/churn/train', undefined, empty.auth);
    expect(r.status).toBe(202);
    expect(r.body.jobId).toEqual(expect.any(String));
    await eventually(async () => {
      const m = (await api('GET', '/models/churn', undefined, empty.auth)).body;
      return m.status === 'insufficient_data' ? m : null;
    });
    const job = await api('GET', `/jobs/${r.body.jobId}`, undefined, empty.auth);
    expect(job.body.state).toBe('completed');
    // The nightly job queues trainings only where there are events: none for the empty workspace.
    const versions = async (w: string) =>
      (await env.kernel.db.selectFrom('insights_models').select('version').where('workspace_id', '=', w).execute())
        .length;
    const [emptyBefore, fullBefore] = [await versions(empty.id), await versions(ws.id)];
    const nightly = (await env.kernel.jobs.runNow('insights.nightly', {}, { workspaceId: ws.id })) as {
      queued: number;
      skipped: number;
    };
    expect(nightly.skipped).toBeGreaterThan(0);
    expect(await versions(empty.id)).toBe(emptyBefore);
    expect(await versions(ws.id)).toBe(fullBefore + env.kernel.insights.trainable().length);
  });

  it('POST /models/{kind}/train is a job (202, jobId) that ends in a new ready version; bad kinds are 400', async () => {
    const r = await api('POST', '/models/churn/train');
    expect(r.status).toBe(202);
    const done = await eventually(async () => {
      const m = (await api('GET', '/models/churn')).body;
      return m.version === r.body.version ? m : null;
    }, 120_000);
    expect(done.status).toBe('ready');
    expect(done.history[0]).toMatchObject({ version: r.body.version, jobId: r.body.jobId, status: 'ready' });
    const bad = await api('POST', '/models/nonsense/train');
    expect(bad.status).toBe(400);
    const list = await ok('GET', '/models');
    expect(list.data.map((m: { kind: string }) => m.kind)).toEqual([
      'churn',
      'propensity',
      'recommendations',
      'payment-risk',
      'ltv',
      'customer-types',
    ]);
  });

  it('GDPR: the export shows a person’s scores with their factors; the erase removes them', async () => {
    const one = await env.kernel.db
      .selectFrom('insights_scores')
      .select('person_id')
      .where('workspace_id', '=', ws.id)
      .where('kind', '=', 'churn')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const doc = (await env.kernel.privacy.export(ws.id, one.person_id)) as unknown as {
      modules: { insights: { scores: { kind: string; factors: unknown[] }[]; scoreTraits: { scores: object }[] } };
    };
    expect(doc.modules.insights.scores.map((x) => x.kind)).toContain('churn');
    expect(doc.modules.insights.scores[0].factors.length).toBeGreaterThan(0);
    expect(doc.modules.insights.scoreTraits[0].scores).toHaveProperty('churnProbability');
    const r = await env.kernel.privacy.erase(systemActor(ws.id), one.person_id);
    expect(r.erased['insights.scores']).toBeGreaterThan(0);
    expect(r.erased['insights.scoreTraits']).toBe(1);
    const left = await env.kernel.db
      .selectFrom('insights_scores')
      .select('person_id')
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', one.person_id)
      .execute();
    expect(left).toEqual([]);
  });
});
