import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';

describe('crm: saved views', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let colleague: { authorization: string };

  const { api } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('views-ws');
    const key = await env.kernel.auth.createApiKey(systemActor(ws.id), { name: 'colleague', role: 'viewer' });
    colleague = { authorization: `Bearer ${key.key}` };
  });
  afterAll(async () => env?.close());

  it('saves, lists, changes and deletes my views; a colleague sees only theirs', async () => {
    const created = await api('POST', '/views', {
      entity: 'person',
      name: 'Горячие лиды',
      query: { lifecycleStage: 'lead', 'cf.tier': 'gold', sort: 'updatedAt' },
      columns: ['name', 'phones', 'owner'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      entity: 'person',
      name: 'Горячие лиды',
      query: { lifecycleStage: 'lead', 'cf.tier': 'gold' },
      columns: ['name', 'phones', 'owner'],
    });
    const id = created.body.id;
    await api('POST', '/views', { entity: 'deal', name: 'Мои сделки' });
    expect((await api('GET', '/views?entity=person')).body.data.map((v: any) => v.name)).toEqual(['Горячие лиды']);
    expect((await api('GET', '/views')).body.data).toHaveLength(2);
    // A viewer may keep views of their own, and never sees or changes anyone else's.
    expect((await api('GET', '/views', undefined, colleague)).body.data).toEqual([]);
    expect((await api('POST', '/views', { entity: 'company', name: 'Mine' }, colleague)).status).toBe(201);
    expect((await api('PATCH', `/views/${id}`, { name: 'Hijacked' }, colleague)).status).toBe(404);
    expect((await api('DELETE', `/views/${id}`, undefined, colleague)).status).toBe(404);
    const changed = await api('PATCH', `/views/${id}`, { name: 'Лиды', columns: ['name'] });
    expect(changed.body).toMatchObject({ name: 'Лиды', columns: ['name'], query: { lifecycleStage: 'lead' } });
    expect((await api('POST', '/views', { entity: 'person', name: '' })).status).toBe(400);
    expect((await api('DELETE', `/views/${id}`)).status).toBe(204);
    expect((await api('GET', '/views?entity=person')).body.data).toEqual([]);
  });
  it('a people view keeps its chosen columns in order; unknown or repeated columns are refused naming the field', async () => {
    await api('POST', '/custom-fields', {
      entity: 'person',
      key: 'tier',
      label: 'Tier',
      type: 'select',
      options: ['gold', 'silver'],
    });
    await api('POST', '/custom-fields', { entity: 'company', key: 'segment', label: 'Segment', type: 'text' });
    const columns = ['phones', 'name', 'cf.tier', 'tags', 'region', 'updatedAt'];
    const created = await api('POST', '/views', { entity: 'person', name: 'Columns', query: { tag: 'vip' }, columns });
    expect(created.status).toBe(201);
    expect(created.body.columns).toEqual(columns);
    const listed = (await api('GET', '/views?entity=person')).body.data.find((v: any) => v.id === created.body.id);
    expect(listed).toMatchObject({ name: 'Columns', query: { tag: 'vip' }, columns });
    // Reordered and trimmed by PATCH; the query stays.
    const patched = await api('PATCH', `/views/${created.body.id}`, { columns: ['cf.tier', 'name'] });
    expect(patched.body).toMatchObject({ columns: ['cf.tier', 'name'], query: { tag: 'vip' } });
    expect(
      (await api('GET', '/views?entity=person')).body.data.find((v: any) => v.id === created.body.id).columns,
    ).toEqual(['cf.tier', 'name']);

    const bad = async (method: string, url: string, body: unknown, path: string, message: RegExp) => {
      const r = await api(method, url, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details).toHaveLength(1);
      expect(r.body.error.details[0].path).toBe(path);
      expect(r.body.error.details[0].message).toMatch(message);
    };
    await bad(
      'POST',
      '/views',
      { entity: 'person', name: 'x', columns: ['name', 'salary'] },
      'columns.1',
      /unknown column "salary"/,
    );
    await bad(
      'POST',
      '/views',
      { entity: 'person', name: 'x', columns: ['cf.nope'] },
      'columns.0',
      /unknown custom field "nope"/,
    );
    // A company custom field is not a people column.
    await bad(
      'POST',
      '/views',
      { entity: 'person', name: 'x', columns: ['name', 'cf.segment'] },
      'columns.1',
      /unknown custom field "segment"/,
    );
    await bad('PATCH', `/views/${created.body.id}`, { columns: ['name', 'city', 'name'] }, 'columns.2', /twice/);
    await bad('PATCH', `/views/${created.body.id}`, { columns: ['email'] }, 'columns.0', /unknown column "email"/);
    expect((await api('POST', '/views', { entity: 'person', name: 'x', columns: [''] })).status).toBe(400);
    // A refused change leaves the view as it was.
    expect(
      (await api('GET', '/views?entity=person')).body.data.find((v: any) => v.id === created.body.id).columns,
    ).toEqual(['cf.tier', 'name']);
    // Other lists' views keep their columns as given (their column sets are theirs to define).
    expect(
      (await api('POST', '/views', { entity: 'deal', name: 'Deals', columns: ['title', 'amount'] })).body.columns,
    ).toEqual(['title', 'amount']);
  });

  it('views saved before columns could be chosen still read, rename and take columns', async () => {
    const me = (await api('POST', '/views', { entity: 'person', name: 'probe' })).body;
    expect(me.columns).toEqual([]); // no columns given: the list's default columns
    const row = await env.kernel.db
      .selectFrom('crm_saved_views')
      .select('user_id')
      .where('workspace_id', '=', ws.id)
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    // Rows as older versions stored them: the column default, and free-form names the old API took.
    const old = newId();
    const older = newId();
    await env.kernel.db
      .insertInto('crm_saved_views')
      .values({
        workspace_id: ws.id,
        id: old,
        user_id: row.user_id,
        entity: 'person',
        name: 'Old',
        query: JSON.stringify({ city: 'Пермь' }),
      } as any)
      .execute();
    await env.kernel.db
      .insertInto('crm_saved_views')
      .values({
        workspace_id: ws.id,
        id: older,
        user_id: row.user_id,
        entity: 'person',
        name: 'Older',
        query: '{}',
        columns: JSON.stringify(['email', 'phone']),
      } as any)
      .execute();
    const views = (await api('GET', '/views?entity=person')).body.data;
    expect(views.find((v: any) => v.id === old)).toMatchObject({ name: 'Old', query: { city: 'Пермь' }, columns: [] });
    expect(views.find((v: any) => v.id === older)).toMatchObject({ name: 'Older', columns: ['email', 'phone'] });
    // Renaming does not re-check the columns it was stored with; choosing columns does.
    expect((await api('PATCH', `/views/${older}`, { name: 'Older, renamed' })).body).toMatchObject({
      name: 'Older, renamed',
      columns: ['email', 'phone'],
    });
    expect((await api('PATCH', `/views/${old}`, { columns: ['name', 'city'] })).body).toMatchObject({
      query: { city: 'Пермь' },
      columns: ['name', 'city'],
    });
    expect((await api('PATCH', `/views/${old}`, { columns: [] })).body.columns).toEqual([]);
  });
});
