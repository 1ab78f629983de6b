import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';

/** Companies: CRUD, search, sort, rollups, their people and their timeline. */
describe('crm: companies', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('companies-ws');
    other = await env.workspace('companies-other');
  });
  afterAll(async () => env?.close());

  it('creates, reads, changes and deletes a company; validates its fields and custom fields', async () => {
    await ok('POST', '/custom-fields', { entity: 'company', key: 'employees', label: 'Employees', type: 'number' });
    const c = await api('POST', '/companies', {
      name: ' ООО «Северсталь» ',
      domain: 'https://www.SeverStal.com/about',
      phone: '8 (495) 123-45-67',
      city: 'Череповец',
      industry: 'Металлургия',
      tags: ['key', 'key'],
      customFields: { employees: 5000 },
      externalId: 'co-1',
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({
      name: 'ООО «Северсталь»',
      domain: 'severstal.com',
      phone: '+74951234567',
      tags: ['key'],
      customFields: { employees: 5000 },
      owner: null,
    });
    const id = c.body.id;
    expect(
      (await api('POST', '/companies', { name: 'X', customFields: { employees: 'many' } })).body.error.details[0].path,
    ).toBe('customFields.employees');
    expect((await api('POST', '/companies', { name: 'X', customFields: { nope: 1 } })).body.error.details[0].path).toBe(
      'customFields.nope',
    );
    expect((await api('POST', '/companies', { name: 'X', phone: '12' })).body.error.details[0].path).toBe('phone');
    expect((await api('POST', '/companies', { name: '' })).status).toBe(400);
    const dupExt = await api('POST', '/companies', { name: 'Y', externalId: 'co-1' });
    expect(dupExt.status).toBe(409);
    expect(dupExt.body.error.details[0].existingId).toBe(id);
    const changed = await ok('PATCH', `/companies/${id}`, {
      industry: null,
      size: '1000+',
      customFields: { employees: null },
    });
    expect(changed).toMatchObject({ industry: null, size: '1000+', customFields: {} });
    expect((await api('PATCH', `/companies/${id}`, { name: null })).status).toBe(400);
    expect((await api('GET', `/companies/${id}`, undefined, other.auth)).status).toBe(404);
    expect((await api('PATCH', `/companies/${id}`, { name: 'Hacked' }, other.auth)).status).toBe(404);
    expect((await api('DELETE', `/companies/${id}`, undefined, other.auth)).status).toBe(404);
    expect((await ok('GET', `/companies/${id}`)).name).toBe('ООО «Северсталь»');
  });

  it('lists with search (Cyrillic, typos, phone), filters and keyset pagination by name, createdAt and updatedAt', async () => {
    const s = await env.workspace('companies-list');
    const call = async (method: string, url: string, payload?: unknown) => {
      const r = await api(method, url, payload, s.auth);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    const names = ['Альфа', 'бета', 'Гамма', 'Дельта', 'Ёлка', 'Alpha', 'beta'];
    const ids: string[] = [];
    for (const name of names)
      ids.push(
        (
          await call('POST', '/companies', {
            name,
            city: name === 'Гамма' ? 'Уфа' : 'Омск',
            tags: name === 'бета' ? ['t'] : [],
          })
        ).id,
      );
    await call('PATCH', `/companies/${ids[0]}`, { website: 'https://alfa.test' });
    const all = async (query: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: any = await call('GET', `/companies?limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        out.push(...page.data.map((c: any) => c.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    };
    const byName = await all('');
    expect(new Set(byName)).toEqual(new Set(ids));
    const lowerNames = byName.map((id) => names[ids.indexOf(id)].toLowerCase());
    expect(lowerNames).toEqual(
      (
        await env.kernel.db
          .selectFrom('crm_companies')
          .select('name')
          .where('workspace_id', '=', s.id)
          .orderBy((eb) => eb.fn('lower', ['name']))
          .orderBy('id')
          .execute()
      ).map((r) => r.name.toLowerCase()),
    );
    expect(await all('sort=name&order=desc')).toEqual([...byName].reverse());
    expect(await all('sort=createdAt&order=asc')).toEqual(ids);
    expect(await all('sort=createdAt')).toEqual([...ids].reverse());
    expect((await all('sort=updatedAt'))[0]).toBe(ids[0]);
    const find = async (q: string) =>
      (await call('GET', `/companies?q=${encodeURIComponent(q)}`)).data.map((c: any) => c.name);
    expect(await find('ГАММА')).toEqual(['Гамма']);
    expect(await find('елка')).toEqual(['Ёлка']);
    expect(await find('дельтта')).toEqual(['Дельта']); // typo
    expect(await all('city=%D1%83%D1%84%D0%B0')).toEqual([ids[2]]);
    expect(await all('tag=t')).toEqual([ids[1]]);
    const withPhone = await call('POST', '/companies', { name: 'Телефон', phone: '+7 912 000-11-22' });
    expect((await call('GET', '/companies?q=89120001122')).data.map((c: any) => c.id)).toEqual([withPhone.id]);
    expect((await api('GET', '/companies?cursor=bad', undefined, s.auth)).status).toBe(400);
  });

  it('rollups, people, deletion unlinks people, and the timeline of the company and its people', async () => {
    const co = await ok('POST', '/companies', { name: 'ЗАО Итог' });
    const p1 = await ok('POST', '/people', { firstName: 'Олег', lastName: 'Яковлев', companyId: co.id });
    const p2 = await ok('POST', '/people', { firstName: 'Инна', lastName: 'Аксёнова', companyId: co.id });
    await ok('POST', '/people', { firstName: 'Чужой', lastName: 'Человек' });
    const pipeline = (await ok('GET', '/pipelines')).data[0];
    const stages = pipeline.stages;
    const won = stages.find((s: any) => s.kind === 'won');
    const d1 = await ok('POST', '/deals', {
      title: 'Открытая',
      pipelineId: pipeline.id,
      stageId: stages[0].id,
      amount: 100,
      companyId: co.id,
    });
    await ok('POST', '/deals', {
      title: 'Вторая',
      pipelineId: pipeline.id,
      stageId: stages[0].id,
      amount: 50.5,
      personId: p1.id,
      companyId: co.id,
    });
    await ok('POST', '/deals', {
      title: 'В долларах',
      pipelineId: pipeline.id,
      stageId: stages[0].id,
      amount: 20,
      currency: 'USD',
      companyId: co.id,
    });
    const d3 = await ok('POST', '/deals', {
      title: 'Выиграна',
      pipelineId: pipeline.id,
      stageId: stages[0].id,
      amount: 1000,
      companyId: co.id,
    });
    await ok('POST', `/deals/${d3.id}/move`, { stageId: won.id });
    const a1 = newId();
    const a2 = newId();
    await env.kernel.db
      .insertInto('crm_activities')
      .values([
        {
          workspace_id: ws.id,
          id: a1,
          kind: 'call',
          subject: 'Звонок Олегу',
          person_id: p1.id,
          occurred_at: new Date('2030-01-02T10:00:00Z'),
        },
        {
          workspace_id: ws.id,
          id: a2,
          kind: 'meeting',
          subject: 'Встреча в офисе',
          company_id: co.id,
          occurred_at: new Date('2030-01-03T10:00:00Z'),
        },
        {
          workspace_id: ws.id,
          id: newId(),
          kind: 'note',
          subject: 'Не их',
          occurred_at: new Date('2030-01-04T10:00:00Z'),
        },
      ])
      .execute();
    const detail = await ok('GET', `/companies/${co.id}`);
    const rub = (await ok('GET', '/deals?limit=1')).data[0].currency; // the workspace's default currency
    expect(detail).toMatchObject({
      peopleCount: 2,
      openDeals: { count: 3, amount: 170.5 },
      wonDeals: { count: 1, amount: 1000 },
    });
    // Amounts in different currencies are not added up: one total per currency, largest first.
    expect(detail.openDeals.byCurrency).toEqual([
      { currency: rub, count: 2, amount: 150.5 },
      { currency: 'USD', count: 1, amount: 20 },
    ]);
    expect(detail.wonDeals.byCurrency).toEqual([{ currency: rub, count: 1, amount: 1000 }]);
    expect(new Date(detail.lastActivityAt).toISOString()).toBe('2030-01-03T10:00:00.000Z');
    const people = await ok('GET', `/companies/${co.id}/people`);
    expect(people.data.map((p: any) => p.id)).toEqual([p2.id, p1.id]); // by last name: Аксёнова, Яковлев

    const all = (await ok('GET', `/companies/${co.id}/timeline?limit=100`)).data;
    expect(all.slice(0, 2).map((e: any) => [e.type, e.event, e.properties.subject])).toEqual([
      ['activity', 'meeting', 'Встреча в офисе'],
      ['activity', 'call', 'Звонок Олегу'],
    ]);
    const deals = (await ok('GET', `/companies/${co.id}/timeline?types=deal&limit=100`)).data;
    expect(deals.map((e: any) => e.event).sort()).toEqual([
      'deal.created',
      'deal.created',
      'deal.created',
      'deal.created',
      'deal.won',
    ]);
    expect(deals.find((e: any) => e.event === 'deal.won').properties).toMatchObject({
      dealId: d3.id,
      title: 'Выиграна',
      toStage: won.name,
      fromStage: stages[0].name,
    });
    expect(deals.some((e: any) => e.properties.dealId === d1.id)).toBe(true);
    const page1 = await ok('GET', `/companies/${co.id}/timeline?limit=4`);
    const page2 = await ok('GET', `/companies/${co.id}/timeline?limit=4&cursor=${page1.nextCursor}`);
    expect([...page1.data, ...page2.data].map((e: any) => e.id)).toEqual(all.map((e: any) => e.id));
    expect((await api('GET', `/companies/${co.id}/timeline?types=email`)).status).toBe(400);
    expect((await api('GET', `/companies/${co.id}/timeline`, undefined, other.auth)).status).toBe(404);
    expect((await api('GET', `/companies/${co.id}/people`, undefined, other.auth)).status).toBe(404);

    expect((await api('DELETE', `/companies/${co.id}`)).status).toBe(204);
    expect((await api('GET', `/companies/${co.id}`)).status).toBe(404);
    const unlinked = await ok('GET', `/people/${p1.id}`);
    expect(unlinked).toMatchObject({ companyId: null, company: null });
    expect((await ok('GET', `/people?q=${encodeURIComponent('итог')}`)).data).toEqual([]);
  });
});
