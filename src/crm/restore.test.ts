import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';

/** Restore of deleted people, companies and deals, and the "Recently deleted" lists. */
describe('crm: restore of deleted records', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let hookId: string;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const conflict = async (url: string, path: string) => {
    const r = await api('POST', url);
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details[0].path).toBe(path);
    expect(r.body.error.message).toContain(path);
    return r.body.error;
  };
  const deliveredTypes = async () =>
    ((await ok('GET', `/webhooks/${hookId}/deliveries?limit=100`)).data as any[]).map((d) => d.eventType);
  const auditActions = async (entityType: string, entityId: string) =>
    (await env.kernel.audit.list(ws.id, { entityType, entityId, limit: 20 })).data.map((a) => a.action).reverse();

  beforeAll(async () => {
    // Its webhooks point at a closed port on loopback: opened in the outbound policy (KARTOTEKA_OUTBOUND_ALLOW).
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('restore-ws');
    other = await env.workspace('restore-other');
    // Subscribing to the new types at all proves they are registered (unknown types are a 400).
    hookId = (
      await ok('POST', '/webhooks', {
        url: 'http://127.0.0.1:1/hook',
        eventTypes: ['person.restored', 'company.restored', 'deal.restored'],
        active: true,
      })
    ).id;
  });
  afterAll(async () => env?.close());

  it('restores a deleted person as they were: GET shape, audit, webhook, timeline; 404 and 409 not deleted', async () => {
    const p = await ok('POST', '/people', {
      firstName: 'Вера',
      lastName: 'Рестова',
      emails: ['vera@restore.test'],
      phones: ['8 912 000-11-22'],
      city: 'Пермь',
      tags: ['vip'],
      externalId: 'ext-vera',
    });
    await ok('DELETE', `/people/${p.id}`);
    expect((await api('GET', `/people/${p.id}`)).status).toBe(404);
    const deleted = await ok('GET', '/people/deleted');
    expect(deleted.data.map((x: any) => x.id)).toContain(p.id);
    expect(Date.parse(deleted.data.find((x: any) => x.id === p.id).deletedAt)).not.toBeNaN();

    // Another workspace cannot see or restore it.
    expect((await api('POST', `/people/${p.id}/restore`, undefined, other.auth)).status).toBe(404);
    expect((await ok('GET', '/people/deleted', undefined, other.auth)).data).toEqual([]);

    const restored = await ok('POST', `/people/${p.id}/restore`);
    const got = await ok('GET', `/people/${p.id}`);
    const { updatedAt: _u1, ...restoredRest } = restored;
    const { updatedAt: _u2, ...gotRest } = got;
    expect(restoredRest).toEqual(gotRest);
    expect(restored).toMatchObject({
      id: p.id,
      inCrm: true,
      firstName: 'Вера',
      emails: ['vera@restore.test'],
      phones: ['+79120001122'],
      city: 'Пермь',
      tags: ['vip'],
      externalId: 'ext-vera',
      createdAt: p.createdAt,
    });
    expect(restored.identities).toEqual(expect.arrayContaining([{ kind: 'email', value: 'vera@restore.test' }]));
    // Back in the list and in search, gone from the deleted list.
    expect((await ok('GET', '/people?q=Рестова')).data.map((x: any) => x.id)).toEqual([p.id]);
    expect((await ok('GET', '/people/deleted')).data.map((x: any) => x.id)).not.toContain(p.id);

    await conflict(`/people/${p.id}/restore`, 'deletedAt');
    const missing = await api('POST', `/people/${newId()}/restore`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');

    expect(await auditActions('person', p.id)).toEqual(['create', 'delete', 'restore']);
    expect(await deliveredTypes()).toContain('person.restored');
    const timeline = await ok('GET', `/people/${p.id}/timeline?types=change`);
    expect(timeline.data.map((e: any) => e.event)).toEqual(['person.restored', 'person.deleted', 'person.created']);
  });

  it('a create that adopted the deleted person already brought them back: restore says not deleted', async () => {
    const p = await ok('POST', '/people', { firstName: 'Олег', emails: ['oleg@restore.test'] });
    await ok('DELETE', `/people/${p.id}`);
    const again = await ok('POST', '/people', { firstName: 'Олег', lastName: 'Снова', emails: ['oleg@restore.test'] });
    expect(again.id).toBe(p.id);
    await conflict(`/people/${p.id}/restore`, 'deletedAt');
  });

  it('409 when an identity or the external id now belongs to another live person; nothing is written', async () => {
    // The deleted person's email is taken over by a live person (their identities are merged into hers).
    const p = await ok('POST', '/people', { firstName: 'Инна', emails: ['inna@restore.test'] });
    await ok('DELETE', `/people/${p.id}`);
    const q = await ok('POST', '/people', { firstName: 'Зоя', emails: ['zoya@restore.test'] });
    await ok('PATCH', `/people/${q.id}`, { emails: ['zoya@restore.test', 'inna@restore.test'] });
    const e = await conflict(`/people/${p.id}/restore`, 'emails.0');
    expect(e.details[0].existingId).toBe(q.id);
    expect((await api('GET', `/people/${q.id}`)).body.emails).toEqual(['zoya@restore.test', 'inna@restore.test']);

    // Phone: the same through the phones list.
    const ph = await ok('POST', '/people', { firstName: 'Тимур', phones: ['+79120009988'] });
    await ok('DELETE', `/people/${ph.id}`);
    const holder = await ok('POST', '/people', { firstName: 'Марк', phones: ['+79120009977'] });
    await ok('PATCH', `/people/${holder.id}`, { phones: ['+79120009977', '+79120009988'] });
    expect((await conflict(`/people/${ph.id}/restore`, 'phones.0')).details[0].existingId).toBe(holder.id);

    // External id: a new live person holds it now.
    const x = await ok('POST', '/people', { firstName: 'Ян', externalId: 'ext-shared' });
    await ok('DELETE', `/people/${x.id}`);
    const y = await ok('POST', '/people', { firstName: 'Яна', externalId: 'ext-shared' });
    expect((await conflict(`/people/${x.id}/restore`, 'externalId')).details[0].existingId).toBe(y.id);
    // Nothing half-written: still deleted, still listed, no restore in the audit log.
    expect((await api('GET', `/people/${x.id}`)).status).toBe(404);
    expect((await ok('GET', '/people/deleted?limit=100')).data.map((d: any) => d.id)).toContain(x.id);
    expect(await auditActions('person', x.id)).toEqual(['create', 'delete']);
    // Once the other lets go of it, the restore goes through.
    await ok('PATCH', `/people/${y.id}`, { externalId: null });
    expect((await ok('POST', `/people/${x.id}/restore`)).externalId).toBe('ext-shared');
  });

  it('a person merged into another is not listed as deleted, and restore points at the merge (409 on id)', async () => {
    const keep = await ok('POST', '/people', { firstName: 'Остап', lastName: 'Слитный' });
    const gone = await ok('POST', '/people', { firstName: 'Остап', lastName: 'Слитный' });
    await ok('POST', `/people/${keep.id}/merge`, { otherId: gone.id, fields: {} });
    expect((await ok('GET', '/people/deleted?limit=500')).data.map((x: any) => x.id)).not.toContain(gone.id);
    // Its row was retired by the merge: undoing the merge is what brings it back.
    expect((await conflict(`/people/${gone.id}/restore`, 'id')).details[0].existingId).toBe(keep.id);
    expect((await ok('GET', `/people/${keep.id}`)).id).toBe(keep.id);
  });

  it('deleted lists: newest deletion first, keyset pages, text search; same permission as delete', async () => {
    const s = await env.workspace('restore-list');
    const ids: string[] = [];
    for (const name of ['Альфа', 'Бета', 'Гамма', 'Дельта', 'Эпсилон']) {
      const p = await ok('POST', '/people', { firstName: name, lastName: 'Удалённый' }, s.auth);
      ids.push(p.id);
    }
    for (const id of ids) await ok('DELETE', `/people/${id}`, undefined, s.auth);
    const newestFirst = [...ids].reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await ok(
        'GET',
        `/people/deleted?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        s.auth,
      );
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((x: any) => x.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);
    const all = (await ok('GET', '/people/deleted', undefined, s.auth)).data;
    const times = all.map((x: any) => Date.parse(x.deletedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await ok('GET', '/people/deleted?q=гамма', undefined, s.auth)).data.map((x: any) => x.id)).toEqual([
      ids[2],
    ]);
    expect((await api('GET', '/people/deleted?cursor=nonsense', undefined, s.auth)).status).toBe(400);

    // Companies and deals page the same way.
    const c1 = await ok('POST', '/companies', { name: 'Первая' }, s.auth);
    const c2 = await ok('POST', '/companies', { name: 'Вторая' }, s.auth);
    await ok('DELETE', `/companies/${c1.id}`, undefined, s.auth);
    await ok('DELETE', `/companies/${c2.id}`, undefined, s.auth);
    const cp = await ok('GET', '/companies/deleted?limit=1', undefined, s.auth);
    expect(cp.data.map((x: any) => x.id)).toEqual([c2.id]);
    expect(
      (await ok('GET', `/companies/deleted?limit=1&cursor=${cp.nextCursor}`, undefined, s.auth)).data.map(
        (x: any) => x.id,
      ),
    ).toEqual([c1.id]);

    // A viewer may read the CRM but not delete, so neither list deleted records nor restore.
    const viewer = await env.workspace('restore-list', 'viewer');
    expect((await api('GET', '/people/deleted', undefined, viewer.auth)).status).toBe(403);
    expect((await api('GET', '/companies/deleted', undefined, viewer.auth)).status).toBe(403);
    expect((await api('GET', '/deals/deleted', undefined, viewer.auth)).status).toBe(403);
    expect((await api('POST', `/people/${ids[0]}/restore`, undefined, viewer.auth)).status).toBe(403);
  });

  it('a company comes back as it was: the people its delete unlinked are linked again, deals kept the link', async () => {
    const c = await ok('POST', '/companies', { name: 'Возвратстрой', externalId: 'co-back' });
    const elsewhere = await ok('POST', '/companies', { name: 'Другая фирма' });
    const stays = await ok('POST', '/people', { firstName: 'Лев', lastName: 'Связанный', companyId: c.id });
    const moves = await ok('POST', '/people', { firstName: 'Ада', lastName: 'Ушедшая', companyId: c.id });
    const gone = await ok('POST', '/people', { firstName: 'Рим', lastName: 'Удалённый', companyId: c.id });
    const pipeline = await ok('POST', '/pipelines', {
      name: 'Возврат',
      stages: [
        { name: 'New', probability: 10, kind: 'open' },
        { name: 'Won', probability: 100, kind: 'won' },
      ],
    });
    const deal = await ok('POST', '/deals', {
      title: 'Поставка',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      amount: 500,
      companyId: c.id,
    });
    await ok('DELETE', `/people/${gone.id}`);

    await ok('DELETE', `/companies/${c.id}`);
    // Delete: people unlinked, deals keep the id.
    expect((await ok('GET', `/people/${stays.id}`)).companyId).toBeNull();
    expect((await ok('GET', `/deals/${deal.id}`)).companyId).toBe(c.id);
    expect((await ok('GET', '/people?q=Возвратстрой')).data).toEqual([]);
    expect((await ok('GET', '/companies/deleted')).data.map((x: any) => x.id)).toContain(c.id);
    // One of them is put into another company meanwhile: that choice stands.
    await ok('PATCH', `/people/${moves.id}`, { companyId: elsewhere.id });

    const restored = await ok('POST', `/companies/${c.id}/restore`);
    expect(restored).toMatchObject({
      id: c.id,
      name: 'Возвратстрой',
      externalId: 'co-back',
      peopleCount: 1,
      openDeals: { count: 1, amount: 500 },
    });
    expect(await ok('GET', `/companies/${c.id}`)).toMatchObject({ peopleCount: 1 });
    expect((await ok('GET', `/people/${stays.id}`)).company).toEqual({ id: c.id, name: 'Возвратстрой' });
    expect((await ok('GET', `/people/${moves.id}`)).companyId).toBe(elsewhere.id);
    expect((await ok('GET', '/people?q=Возвратстрой')).data.map((x: any) => x.id)).toEqual([stays.id]);
    expect((await ok('GET', `/companies/${c.id}/people`)).data.map((x: any) => x.id)).toEqual([stays.id]);
    // The person deleted before the company comes back into it too.
    expect((await ok('POST', `/people/${gone.id}/restore`)).company).toEqual({ id: c.id, name: 'Возвратстрой' });
    expect((await ok('GET', `/deals/${deal.id}`)).company).toEqual({ id: c.id, name: 'Возвратстрой' });

    await conflict(`/companies/${c.id}/restore`, 'deletedAt');
    expect((await api('POST', `/companies/${newId()}/restore`)).status).toBe(404);
    expect((await api('POST', `/companies/${c.id}/restore`, undefined, other.auth)).status).toBe(404);
    expect(await auditActions('company', c.id)).toEqual(['create', 'delete', 'restore']);
    expect(await deliveredTypes()).toContain('company.restored');

    // Its external id taken by a live company in the meantime → 409.
    await ok('DELETE', `/companies/${c.id}`);
    const taker = await ok('POST', '/companies', { name: 'Захватчик', externalId: 'co-back' });
    expect((await conflict(`/companies/${c.id}/restore`, 'externalId')).details[0].existingId).toBe(taker.id);
  });

  it('restores a deal in its stage and place; audit, webhook, person timeline; 404 and 409', async () => {
    const pipeline = await ok('POST', '/pipelines', {
      name: 'Сделки',
      stages: [
        { name: 'Lead', probability: 10, kind: 'open' },
        { name: 'Offer', probability: 50, kind: 'open' },
      ],
    });
    const person = await ok('POST', '/people', { firstName: 'Глеб', emails: ['gleb@restore.test'] });
    const d = await ok('POST', '/deals', {
      title: 'Лицензии',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[1].id,
      amount: 1200,
      personId: person.id,
      externalId: 'deal-ext',
    });
    await ok('DELETE', `/deals/${d.id}`);
    expect((await api('GET', `/deals/${d.id}`)).status).toBe(404);
    const listed = (await ok('GET', '/deals/deleted')).data.find((x: any) => x.id === d.id);
    expect(listed).toMatchObject({ title: 'Лицензии', stageId: pipeline.stages[1].id });
    expect(Date.parse(listed.deletedAt)).not.toBeNaN();
    expect((await ok('GET', '/deals/deleted?q=лиценз')).data.map((x: any) => x.id)).toEqual([d.id]);

    const restored = await ok('POST', `/deals/${d.id}/restore`);
    const { updatedAt: _a, ...restoredRest } = restored;
    const { updatedAt: _b, ...beforeRest } = d;
    expect(restoredRest).toEqual(beforeRest);
    expect((await ok('GET', `/deals?pipelineId=${pipeline.id}`)).data.map((x: any) => x.id)).toEqual([d.id]);
    await conflict(`/deals/${d.id}/restore`, 'deletedAt');
    expect((await api('POST', `/deals/${newId()}/restore`)).status).toBe(404);
    expect((await api('POST', `/deals/${d.id}/restore`, undefined, other.auth)).status).toBe(404);
    expect(await auditActions('deal', d.id)).toEqual(['create', 'delete', 'restore']);
    expect(await deliveredTypes()).toContain('deal.restored');
    const events = (await ok('GET', `/people/${person.id}/timeline?types=deal`)).data.map((e: any) => e.event);
    expect(events).toEqual(['deal.restored', 'deal.deleted', 'deal.created']);

    await ok('DELETE', `/deals/${d.id}`);
    const taker = await ok('POST', '/deals', {
      title: 'Другая',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      externalId: 'deal-ext',
    });
    expect((await conflict(`/deals/${d.id}/restore`, 'externalId')).details[0].existingId).toBe(taker.id);

    // Its stage removed from the pipeline meanwhile (allowed: no live deal in it) → 409 on stageId.
    const p2 = await ok('POST', '/pipelines', {
      name: 'Этапы',
      stages: [
        { name: 'A', probability: 10, kind: 'open' },
        { name: 'B', probability: 50, kind: 'open' },
      ],
    });
    const inB = await ok('POST', '/deals', { title: 'В этапе B', pipelineId: p2.id, stageId: p2.stages[1].id });
    await ok('DELETE', `/deals/${inB.id}`);
    await ok('PATCH', `/pipelines/${p2.id}`, {
      stages: [{ id: p2.stages[0].id, name: 'A', probability: 10, kind: 'open' }],
    });
    await conflict(`/deals/${inB.id}/restore`, 'stageId');
    expect((await api('GET', `/deals/${inB.id}`)).status).toBe(404);
  });
});
