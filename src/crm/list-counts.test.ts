import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';

/** The companies and deals lists' totals: the list's filters, exact up to a cap, "more than" past it. */
describe('crm: companies and deals counts', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let ownerId: string;
  let pipelineId: string;
  let stages: { id: string; kind: string }[];
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('list-counts');
    other = await env.workspace('list-counts-other');
    ownerId = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'owner@counts.test',
        name: 'Ольга Счётова',
        password: 'owner-password',
        role: 'manager',
      })
    ).id;
    const names = ['ООО Альфа', 'ООО Бета', 'ООО Гамма', 'ИП Дельта'];
    for (const [i, name] of names.entries())
      await ok('POST', '/companies', {
        name,
        city: i < 3 ? 'Казань' : 'Пермь',
        industry: i === 0 ? 'Ритейл' : null,
        ownerId: i < 2 ? ownerId : null,
        tags: i === 1 ? ['vip'] : [],
      });
    const gone = await ok('POST', '/companies', { name: 'ООО Удалённая', city: 'Казань' });
    await ok('DELETE', `/companies/${gone.id}`);
    await ok('POST', '/companies', { name: 'Other Co', city: 'Казань' }, other.auth);

    const p = await ok('POST', '/pipelines', {
      name: 'Продажи',
      stages: [
        { name: 'Новая' },
        { name: 'КП' },
        { name: 'Выиграна', kind: 'won' },
        { name: 'Проиграна', kind: 'lost' },
      ],
    });
    pipelineId = p.id;
    stages = p.stages;
    const deal = (title: string, stage: number, extra: Record<string, unknown> = {}) =>
      ok('POST', '/deals', { title, pipelineId, stageId: stages[stage].id, amount: 100, ...extra });
    await deal('Поставка кофе', 0, { ownerId });
    await deal('Поставка чая', 0);
    await deal('Поставка сахара', 1, { ownerId });
    await deal('Монтаж', 2, { ownerId });
    const lost = await deal('Ремонт', 3, { closeReason: 'Дорого' });
    expect(lost.status).toBe('lost');
    const goneDeal = await deal('Поставка удалённая', 0, { ownerId });
    await ok('DELETE', `/deals/${goneDeal.id}`);
  });
  afterAll(async () => env?.close());

  it('companies: counts what the list filters select, without the deleted or another workspace', async () => {
    expect(await ok('GET', '/companies/count')).toEqual({ count: 4, exact: true });
    expect(await ok('GET', '/companies/count?city=казань')).toEqual({ count: 3, exact: true });
    expect(await ok('GET', `/companies/count?ownerId=${ownerId}`)).toEqual({ count: 2, exact: true });
    expect(await ok('GET', '/companies/count?tag=vip')).toEqual({ count: 1, exact: true });
    expect(await ok('GET', '/companies/count?industry=ритейл&city=Казань')).toEqual({ count: 1, exact: true });
    // The list selects the same rows; the count ignores q, limit and sort (it counts the filters).
    expect((await ok('GET', '/companies?city=казань&limit=50')).data).toHaveLength(3);
    expect(await ok('GET', '/companies/count?city=казань&q=zzz&limit=1&sort=createdAt')).toEqual({
      count: 3,
      exact: true,
    });
    expect(await ok('GET', '/companies/count', undefined, other.auth)).toEqual({ count: 1, exact: true });
    // Past the cap: the cap and "not exact".
    expect(await env.kernel.crm.companies.count(ws.id, {}, 3)).toEqual({ count: 3, exact: false });
    expect(await env.kernel.crm.companies.count(ws.id, {}, 4)).toEqual({ count: 4, exact: true });
  });

  it('deals: counts what the list filters and text search select', async () => {
    expect(await ok('GET', '/deals/count')).toEqual({ count: 5, exact: true });
    expect(await ok('GET', `/deals/count?ownerId=${ownerId}`)).toEqual({ count: 3, exact: true });
    expect(await ok('GET', `/deals/count?ownerId=${ownerId}&status=open`)).toEqual({ count: 2, exact: true });
    expect(await ok('GET', `/deals/count?stageId=${stages[0].id}`)).toEqual({ count: 2, exact: true });
    expect(await ok('GET', `/deals/count?pipelineId=${pipelineId}&q=поставка`)).toEqual({ count: 3, exact: true });
    expect((await ok('GET', '/deals?q=поставка&limit=50')).data).toHaveLength(3);
    expect(await ok('GET', '/deals/count', undefined, other.auth)).toEqual({ count: 0, exact: true });
    expect(await env.kernel.crm.deals.count(ws.id, {}, 2)).toEqual({ count: 2, exact: false });
  });

  it('refuses what the list refuses', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/deals/count?ownerId=nope', headers: ws.auth });
    expect(r.statusCode).toBe(400);
    const c = await env.app.inject({ method: 'GET', url: '/api/v1/companies/count?ownerId=nope', headers: ws.auth });
    expect(c.statusCode).toBe(400);
  });
});
