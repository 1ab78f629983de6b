import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';

const DAY = 86_400_000;

/**
 * Bonus points: the ledger API, concurrent spends never below zero, FIFO expiry by the job with
 * the TTL setting, birthday grants once a year, merges and GDPR export/erase.
 */
describe('loyalty: bonus points', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const person = async (name: string, extra: Record<string, unknown> = {}) =>
    (await ok('POST', '/people', { firstName: name, emails: [`${name.toLowerCase()}@points.test`], ...extra }))
      .id as string;
  const change = (id: string, body: Record<string, unknown>) => api('POST', `/persons/${id}/points`, body);
  const ledger = async (id: string) =>
    (
      await env.kernel.db
        .selectFrom('loyalty_points')
        .select(['type', 'points', 'balance_after', 'remaining'])
        .where('person_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((r) => [r.type, r.points, r.balance_after, r.remaining]);

  beforeAll(async () => {
    env = await startTestEnv({ pointsTtlDays: 30 });
    ws = await env.workspace('points-ws');
  });
  afterAll(async () => env?.close());

  it('earn, spend, adjust through the API; more than the balance is 422; an idempotency key makes one entry', async () => {
    const id = await person('Dina');
    const earn = await change(id, { type: 'earn', points: 300, reason: 'Welcome', orderId: 'W-1' });
    expect(earn.status).toBe(201);
    expect(earn.body).toMatchObject({
      type: 'earn',
      points: 300,
      balanceAfter: 300,
      reason: 'Welcome',
      orderId: 'W-1',
      createdBy: 'API key "admin key"',
    });
    // The TTL setting (30 days here) dates the lot's expiry.
    expect(Math.abs(new Date(earn.body.expiresAt).getTime() - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    expect((await change(id, { type: 'spend', points: 120, reason: 'Till' })).body).toMatchObject({
      points: -120,
      balanceAfter: 180,
      expiresAt: null,
    });
    expect((await change(id, { type: 'adjust', points: -30, reason: 'Complaint settled' })).body.balanceAfter).toBe(
      150,
    );
    const tooMuch = await change(id, { type: 'spend', points: 151, reason: 'Till' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({
      code: 'INSUFFICIENT_POINTS',
      details: [{ path: 'points', code: 'INSUFFICIENT_POINTS', limit: 150 }],
    });
    expect((await change(id, { type: 'spend', points: -5, reason: 'x' })).status).toBe(400);
    expect((await change(id, { type: 'earn', points: 0, reason: 'x' })).status).toBe(400);
    expect((await change(id, { type: 'expire', points: 5, reason: 'x' })).status).toBe(400);
    expect(
      (await change('01900000-0000-7000-8000-000000000000', { type: 'earn', points: 5, reason: 'x' })).status,
    ).toBe(404);
    const k1 = await change(id, { type: 'earn', points: 10, reason: 'Survey', idempotencyKey: 'survey-1' });
    const k2 = await change(id, { type: 'earn', points: 10, reason: 'Survey', idempotencyKey: 'survey-1' });
    expect([k1.status, k2.status]).toEqual([201, 200]);
    expect(k2.body).toEqual(k1.body);
    // The history: balance, newest first, paged.
    const h = await ok('GET', `/persons/${id}/points?limit=2`);
    expect(h.balance).toBe(160);
    expect(h.data.map((e: any) => [e.type, e.points])).toEqual([
      ['earn', 10],
      ['adjust', -30],
    ]);
    const rest = await ok('GET', `/persons/${id}/points?limit=10&cursor=${h.nextCursor}`);
    expect(rest.data.map((e: any) => [e.type, e.points])).toEqual([
      ['spend', -120],
      ['earn', 300],
    ]);
    expect(rest.nextCursor).toBeNull();
    // Spends use the oldest lot first: 300 − 120 − 30 left of the first earn.
    expect(await ledger(id)).toEqual([
      ['earn', 300, 300, 150],
      ['spend', -120, 180, null],
      ['adjust', -30, 150, null],
      ['earn', 10, 160, 10],
    ]);
    const events = await sql<{ event: string }>`
      SELECT event FROM events WHERE workspace_id = ${ws.id} AND person_id = ${id} AND type = 'loyalty' ORDER BY occurred_at, id
    `.execute(env.kernel.db);
    expect(events.rows.map((r) => r.event)).toEqual([
      'Points Earned',
      'Points Spent',
      'Points Adjusted',
      'Points Earned',
    ]);
  });

  it('20 concurrent spends of 10 from a balance of 100: ten pass, ten are refused, never below zero', async () => {
    const id = await person('Egor');
    await ok('POST', `/persons/${id}/points`, { type: 'earn', points: 100, reason: 'Start' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => change(id, { type: 'spend', points: 10, reason: `Spend ${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 422 && r.body.error.code === 'INSUFFICIENT_POINTS')).toHaveLength(10);
    const h = await ok('GET', `/persons/${id}/points?limit=200`);
    expect(h.balance).toBe(0);
    // Each passing spend saw the balance the one before left: 90, 80, … 0.
    expect(
      h.data
        .filter((e: any) => e.type === 'spend')
        .map((e: any) => e.balanceAfter)
        .sort((a: number, b: number) => a - b),
    ).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const sum = await sql<{
      s: number;
    }>`SELECT sum(points)::int AS s FROM loyalty_points WHERE person_id = ${id}`.execute(env.kernel.db);
    expect(sum.rows[0].s).toBe(0);
  });

  it('expiry: FIFO lots past their date become expire entries, once; expiringSoon shows what is next', async () => {
    const id = await person('Fedor');
    const a = (await change(id, { type: 'earn', points: 100, reason: 'Old order' })).body;
    const b = (await change(id, { type: 'earn', points: 50, reason: 'New order' })).body;
    await change(id, { type: 'spend', points: 30, reason: 'Till' });
    // The first lot (70 left) expired yesterday; the second expires in ten days.
    await env.kernel.db
      .updateTable('loyalty_points')
      .set({ expires_at: new Date(Date.now() - DAY) })
      .where('id', '=', a.id)
      .execute();
    await env.kernel.db
      .updateTable('loyalty_points')
      .set({ expires_at: new Date(Date.now() + 10 * DAY) })
      .where('id', '=', b.id)
      .execute();
    expect(await env.kernel.loyalty.points.expireAll()).toBeGreaterThanOrEqual(1);
    expect(await env.kernel.loyalty.points.expireAll()).toBe(0);
    const h = await ok('GET', `/persons/${id}/points`);
    expect(h.balance).toBe(50);
    expect(h.data[0]).toMatchObject({ type: 'expire', points: -70, balanceAfter: 50, createdBy: 'system' });
    expect(h.expiringSoon).toMatchObject({ points: 50 });
    expect(Math.abs(new Date(h.expiringSoon.at).getTime() - (Date.now() + 10 * DAY))).toBeLessThan(60_000);
    // A spend after expiry can use only what is left.
    expect((await change(id, { type: 'spend', points: 51, reason: 'Till' })).status).toBe(422);
    const expired = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws.id} AND person_id = ${id} AND event = 'Points Expired'
    `.execute(env.kernel.db);
    expect(expired.rows[0].n).toBe(1);
  });

  it('birthday points: the trait or the CRM field, within the window, once per person and year', async () => {
    const today = new Date('2027-03-10T09:00:00Z');
    const byField = await person('Galina', { birthday: '1985-03-11' });
    const [byTrait, later] = await env.kernel.cdp.directory.create(env.kernel.db, ws.id, [
      {
        traits: { birthday: '1990-03-10', region: 'Поволжье' },
        identities: [{ kind: 'email', value: 'trait.bday@points.test' }],
      },
      { traits: { birthday: '1990-03-15' }, identities: [{ kind: 'email', value: 'later.bday@points.test' }] },
    ]);
    const p = await ok('POST', '/promotions', {
      name: 'Баллы ко дню рождения',
      mechanic: 'birthday_points',
      params: { points: 500, daysBefore: 1 },
    });
    await ok('POST', `/promotions/${p.id}/activate`);
    expect(await env.kernel.loyalty.birthdays.grantAll(today)).toBe(2);
    expect(await env.kernel.loyalty.birthdays.grantAll(new Date(today.getTime() + 3600_000))).toBe(0);
    for (const id of [byField, byTrait]) {
      const h = await ok('GET', `/persons/${id}/points`);
      expect(h.balance).toBe(500);
      expect(h.data[0]).toMatchObject({
        type: 'earn',
        points: 500,
        promotionId: p.id,
        reason: 'Birthday 2027: Баллы ко дню рождения',
      });
    }
    expect((await ok('GET', `/persons/${later}/points`)).balance).toBe(0);
    // The next day the 11 March one is still inside its window: nothing twice. A year later: again.
    expect(await env.kernel.loyalty.birthdays.grantAll(new Date('2027-03-11T09:00:00Z'))).toBe(0);
    expect(await env.kernel.loyalty.birthdays.grantAll(new Date('2028-03-10T09:00:00Z'))).toBe(2);
    expect((await ok('GET', `/promotions/${p.id}`)).redemptions).toBe(4);
    // A region the person is not in: nobody.
    await ok('PATCH', `/promotions/${p.id}`, { geography: { regions: ['Урал'] } });
    expect(await env.kernel.loyalty.birthdays.grantAll(new Date('2029-03-10T09:00:00Z'))).toBe(0);
  });

  it('a merge moves the points to the survivor; GDPR export shows them and erase removes them', async () => {
    const keep = await person('Ilya');
    const gone = await person('Ilya2');
    await change(keep, { type: 'earn', points: 40, reason: 'Card' });
    await change(gone, { type: 'earn', points: 60, reason: 'App' });
    await ok('POST', `/people/${keep}/merge`, { otherId: gone, fields: {} });
    const h = await ok('GET', `/persons/${keep}/points`);
    expect(h.balance).toBe(100);
    expect(h.data.map((e: any) => e.points).sort()).toEqual([40, 60]);
    // The merged-away id reads the survivor's.
    expect((await ok('GET', `/persons/${gone}/points`)).balance).toBe(100);
    expect((await change(keep, { type: 'spend', points: 100, reason: 'All of it' })).status).toBe(201);

    const exported = (await env.kernel.privacy.export(ws.id, keep)) as any;
    expect(exported.modules.loyalty).toMatchObject({ balance: 0 });
    expect(exported.modules.loyalty.points).toHaveLength(3);
    await env.kernel.privacy.erase(systemActor(ws.id), keep);
    for (const t of ['loyalty_points', 'loyalty_balances', 'loyalty_redemptions'] as const) {
      const left = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE person_id IN (${keep}, ${gone})`.execute(env.kernel.db);
      expect(left.rows[0].n, t).toBe(0);
    }
  });
});
