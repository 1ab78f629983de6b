import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** The people list's total: the list's filters, exact up to a cap, "more than" past it. */
describe('crm: people count', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('people-count');
    for (let i = 0; i < 5; i++)
      await ok('POST', '/people', {
        firstName: `Имя${i}`,
        lastName: 'Счётов',
        lifecycleStage: i < 2 ? 'customer' : 'lead',
        tags: i === 0 ? ['vip'] : [],
      });
    const gone = await ok('POST', '/people', { firstName: 'Удалённый', lastName: 'Счётов' });
    await env.app.inject({ method: 'DELETE', url: `/api/v1/people/${gone.id}`, headers: ws.auth });
  });
  afterAll(async () => env?.close());

  it('counts what the list filters select, without the deleted, and says when it stopped counting', async () => {
    expect(await ok('GET', '/people/count')).toEqual({ count: 5, exact: true });
    expect(await ok('GET', '/people/count?lifecycleStage=customer')).toEqual({ count: 2, exact: true });
    expect(await ok('GET', '/people/count?tag=vip')).toEqual({ count: 1, exact: true });
    // The same filters give the same rows in the list.
    expect((await ok('GET', '/people?lifecycleStage=customer&limit=50')).data).toHaveLength(2);
    // Past the cap: the cap and "not exact".
    expect(await env.kernel.crm.people.count(ws.id, {}, 3)).toEqual({ count: 3, exact: false });
    expect(await env.kernel.crm.people.count(ws.id, {}, 5)).toEqual({ count: 5, exact: true });
  });
});
