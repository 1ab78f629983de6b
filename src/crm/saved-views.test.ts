import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';

describe('crm: saved views', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let colleague: { authorization: string };

  const api = async (method: string, url: string, payload?: unknown, auth = ws.auth) => {
    const r = await env.app.inject({ method: method as any, url: `/api/v1${url}`, headers: auth, ...(payload !== undefined ? { payload: payload as any } : {}) });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('views-ws');
    const key = await env.kernel.auth.createApiKey(systemActor(ws.id), { name: 'colleague', role: 'viewer' });
    colleague = { authorization: `Bearer ${key.key}` };
  });
  afterAll(async () => env?.close());

  it('saves, lists, changes and deletes my views; a colleague sees only theirs', async () => {
    const created = await api('POST', '/views', { entity: 'person', name: 'Горячие лиды', query: { lifecycleStage: 'lead', 'cf.tier': 'gold', sort: 'updatedAt' }, columns: ['name', 'phones', 'owner'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ entity: 'person', name: 'Горячие лиды', query: { lifecycleStage: 'lead', 'cf.tier': 'gold' }, columns: ['name', 'phones', 'owner'] });
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
});
