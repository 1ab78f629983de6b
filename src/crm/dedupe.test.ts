import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';
import { sql } from 'kysely';
import { BLOCK_CAP, WINDOW } from './dedupe.ts';

/** Duplicate suggestions, dismissals, merge with field choice and an exact unmerge. */
describe('crm: duplicates, merge and unmerge', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const crmRows = async (ids: string[]) =>
    (
      await env.kernel.db
        .selectFrom('crm_people')
        .selectAll()
        .where('workspace_id', '=', ws.id)
        .where('person_id', 'in', ids)
        .orderBy('person_id')
        .execute()
    ).map((r) => ({
      ...r,
      created_at: new Date(r.created_at).toISOString(),
      updated_at: new Date(r.updated_at).toISOString(),
      deleted_at: r.deleted_at ? new Date(r.deleted_at).toISOString() : null,
    }));
  const identities = async (id: string) =>
    (await env.kernel.db.transaction().execute((trx) => env.kernel.cdp.directory.identitiesOf(trx, ws.id, id))).map(
      (i) => `${i.kind}:${i.value}`,
    );

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('dedupe-ws');
  });
  afterAll(async () => env?.close());

  it('suggests the same name at the same company and similar names, most likely first; dismissed pairs stop', async () => {
    const co = await ok('POST', '/companies', { name: 'ООО Вектор' });
    const other = await ok('POST', '/companies', { name: 'ООО Другое' });
    const a = await ok('POST', '/people', {
      firstName: 'Сергей',
      lastName: 'Лебедев',
      companyId: co.id,
      emails: ['s1@vector.test'],
    });
    const b = await ok('POST', '/people', {
      firstName: 'сергей',
      lastName: 'ЛЕБЕДЕВ',
      companyId: co.id,
      phones: ['+79070000001'],
    });
    const c = await ok('POST', '/people', { firstName: 'Сергей', lastName: 'Лебедов', companyId: co.id });
    await ok('POST', '/people', { firstName: 'Сергей', lastName: 'Лебедев', companyId: other.id });
    await ok('POST', '/people', { firstName: 'Анна', lastName: 'Морозова', companyId: co.id });
    const page = await ok('GET', '/people/duplicates?limit=10');
    const pairs = page.data.map((p: any) => ({
      ids: [p.a.id, p.b.id].sort().join(),
      reasons: p.reasons,
      score: p.score,
    }));
    const key = (x: string, y: string) => [x, y].sort().join();
    expect(pairs.map((p: any) => p.ids).sort()).toEqual([key(a.id, b.id), key(a.id, c.id), key(b.id, c.id)].sort());
    expect(pairs[0]).toMatchObject({ ids: key(a.id, b.id), reasons: ['name_company'], score: 0.9 });
    expect(pairs[1].score).toBeLessThan(0.9);
    expect(page.data[0].a.company).toEqual({ id: co.id, name: 'ООО Вектор' });
    // Keyset pages give the same list.
    const p1 = await ok('GET', '/people/duplicates?limit=2');
    const p2 = await ok('GET', `/people/duplicates?limit=2&cursor=${p1.nextCursor}`);
    expect([...p1.data, ...p2.data].map((p: any) => [p.a.id, p.b.id].sort().join())).toEqual(
      pairs.map((p: any) => p.ids),
    );
    expect(p2.nextCursor).toBeNull();

    expect((await api('POST', '/people/duplicates/dismiss', { a: b.id, b: a.id })).status).toBe(204);
    expect((await api('POST', '/people/duplicates/dismiss', { a: a.id, b: b.id })).status).toBe(204); // idempotent
    const after = (await ok('GET', '/people/duplicates')).data.map((p: any) => [p.a.id, p.b.id].sort().join());
    expect(after).not.toContain(key(a.id, b.id));
    expect(after).toContain(key(a.id, c.id));
    expect((await api('POST', '/people/duplicates/dismiss', { a: a.id, b: newId() })).status).toBe(400);
    for (const p of [a, b, c]) await ok('DELETE', `/people/${p.id}`);
  });

  it('suggests the same email on two CRM people (a tracked person adopted while the email was on another)', async () => {
    const a = await ok('POST', '/people', { firstName: 'Email', lastName: 'One', emails: ['shared@dupe.test'] });
    const b = await ok('POST', '/people', { firstName: 'Email', lastName: 'Two' });
    // Emails on the CRM row are kept unique through identities; this writes the row directly to simulate legacy data.
    await env.kernel.db
      .updateTable('crm_people')
      .set({ emails: ['shared@dupe.test'] })
      .where('person_id', '=', b.id)
      .execute();
    const found = (await ok('GET', '/people/duplicates')).data.find(
      (p: any) => [p.a.id, p.b.id].sort().join() === [a.id, b.id].sort().join(),
    );
    expect(found).toMatchObject({ reasons: ['email'], score: 1 });
    await ok('DELETE', `/people/${a.id}`);
    await ok('DELETE', `/people/${b.id}`);
  });

  it('merge with field choice moves identities, events and CRM rows; unmerge restores both people exactly', async () => {
    await ok('POST', '/custom-fields', { entity: 'person', key: 'segment', label: 'Segment', type: 'text' });
    const co = await ok('POST', '/companies', { name: 'АО Слияние' });
    const keep = await ok('POST', '/people', {
      firstName: 'Мария',
      lastName: 'Соколова',
      emails: ['maria@keep.test'],
      phones: ['+79080000001'],
      city: 'Самара',
      tags: ['vip'],
      customFields: { segment: 'A' },
      externalId: 'keep-1',
    });
    const dupe = await ok('POST', '/people', {
      firstName: 'Маша',
      lastName: 'Соколова-Иванова',
      emails: ['masha@dupe.test'],
      phones: ['+79080000002'],
      companyId: co.id,
      position: 'Директор',
      city: 'Тольятти',
      tags: ['b2b'],
      customFields: { segment: 'B' },
      externalId: 'dupe-1',
      lifecycleStage: 'customer',
    });
    // CRM rows that hang off the duplicate: a consent, an activity, a deal, a cadence.
    await ok('POST', `/people/${dupe.id}/consents`, {
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'form',
    });
    const activityId = newId();
    await env.kernel.db
      .insertInto('crm_activities')
      .values({
        workspace_id: ws.id,
        id: activityId,
        kind: 'call',
        subject: 'Звонок',
        person_id: dupe.id,
        occurred_at: new Date('2026-01-01T10:00:00Z'),
      })
      .execute();
    const pipeline = (await ok('GET', '/pipelines')).data[0];
    const deal = await ok('POST', '/deals', {
      title: 'Поставка',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      amount: 1000,
      personId: dupe.id,
    });
    const keepActivity = newId();
    await env.kernel.db
      .insertInto('crm_activities')
      .values({ workspace_id: ws.id, id: keepActivity, kind: 'note', subject: 'Своя заметка', person_id: keep.id })
      .execute();
    const before = await crmRows([keep.id, dupe.id]);
    const keepIdentities = await identities(keep.id);
    const dupeIdentities = await identities(dupe.id);

    const merged = await ok('POST', `/people/${keep.id}/merge`, {
      otherId: dupe.id,
      fields: { firstName: 'this', lastName: 'other', city: 'other', externalId: 'other', customFields: 'this' },
    });
    expect(merged).toMatchObject({
      id: keep.id,
      firstName: 'Мария',
      lastName: 'Соколова-Иванова',
      city: 'Тольятти',
      companyId: co.id, // empty on this one: taken from the other by default
      position: 'Директор',
      lifecycleStage: 'lead',
      externalId: 'dupe-1',
      customFields: { segment: 'A' },
      tags: ['vip', 'b2b'],
    });
    expect(merged.emails).toEqual(['maria@keep.test', 'masha@dupe.test']);
    expect(merged.phones).toEqual(['+79080000001', '+79080000002']);
    expect((await identities(keep.id)).sort()).toEqual([...keepIdentities, ...dupeIdentities].sort());
    expect((await ok('GET', `/people/${dupe.id}`)).id).toBe(keep.id);
    expect((await ok('GET', `/people?q=${encodeURIComponent('соколова')}`)).data.map((p: any) => p.id)).toEqual([
      keep.id,
    ]);
    const moved = await env.kernel.db
      .selectFrom('crm_activities')
      .select(['id', 'person_id'])
      .where('id', 'in', [activityId, keepActivity])
      .execute();
    expect(moved.every((r) => r.person_id === keep.id)).toBe(true);
    expect((await ok('GET', `/deals/${deal.id}`)).personId).toBe(keep.id);
    const consents = (await ok('GET', `/people/${keep.id}`)).consents;
    expect(consents.find((c: any) => c.channel === 'sms' && c.purpose === 'marketing').status).toBe('granted');
    const timeline = (await ok('GET', `/people/${keep.id}/timeline?limit=100`)).data.map((e: any) => e.event);
    expect(timeline).toContain('consent.granted');
    expect(timeline).toContain('deal.created');
    const merges = await ok('GET', `/people/${keep.id}/merges`);
    expect(merges.data).toHaveLength(1);
    expect(merges.data[0]).toMatchObject({
      fromPerson: dupe.id,
      intoPerson: keep.id,
      moved: { activities: 1, deals: 1, consents: 1, cadences: 0 },
      undoneAt: null,
    });
    expect((await ok('GET', `/people/${dupe.id}/merges`)).data[0].id).toBe(merges.data[0].id);
    expect((await api('POST', `/people/${keep.id}/merge`, { otherId: keep.id })).status).toBe(400);

    const undone = await ok('POST', `/crm-merges/${merged.mergeId}/undo`);
    expect(undone.undoneAt).not.toBeNull();
    expect(undone.into.id).toBe(keep.id);
    expect(undone.from.id).toBe(dupe.id);
    expect(await crmRows([keep.id, dupe.id])).toEqual(before);
    expect((await identities(keep.id)).sort()).toEqual(keepIdentities.sort());
    expect((await identities(dupe.id)).sort()).toEqual(dupeIdentities.sort());
    const back = await env.kernel.db
      .selectFrom('crm_activities')
      .select(['id', 'person_id'])
      .where('id', 'in', [activityId, keepActivity])
      .orderBy('id')
      .execute();
    expect(Object.fromEntries(back.map((r) => [r.id, r.person_id]))).toEqual({
      [activityId]: dupe.id,
      [keepActivity]: keep.id,
    });
    expect((await ok('GET', `/deals/${deal.id}`)).personId).toBe(dupe.id);
    expect(
      (await ok('GET', `/people/${dupe.id}`)).consents.find(
        (c: any) => c.channel === 'sms' && c.purpose === 'marketing',
      ).status,
    ).toBe('granted');
    expect(
      (await ok('GET', `/people/${keep.id}`)).consents.find(
        (c: any) => c.channel === 'sms' && c.purpose === 'marketing',
      ).status,
    ).toBe('unknown');
    expect((await ok('GET', `/people/${dupe.id}/timeline?types=deal`)).data.map((e: any) => e.event)).toContain(
      'deal.created',
    );
    expect((await ok('GET', `/people/${dupe.id}`)).id).toBe(dupe.id);
    const again = await api('POST', `/crm-merges/${merged.mergeId}/undo`);
    expect(again.status).toBe(409);
    expect((await api('POST', `/crm-merges/${newId()}/undo`)).status).toBe(404);
  });
  it('unmerge keeps what the survivor changed after the merge, and waits for a later merge of the survivor to be undone first', async () => {
    await api('POST', '/custom-fields', { entity: 'person', key: 'segment', label: 'Segment', type: 'text' }); // 409 when an earlier test made it
    const keep = await ok('POST', '/people', {
      firstName: 'Пётр',
      lastName: 'Ветров',
      emails: ['petr@keep2.test'],
      city: 'Уфа',
      tags: ['old'],
      customFields: { segment: 'K' },
    });
    const dupe = await ok('POST', '/people', {
      firstName: 'Петя',
      lastName: 'Ветров-Старший',
      emails: ['petya@dupe2.test'],
      phones: ['+79080000021'],
      city: 'Пермь',
      position: 'Инженер',
      tags: ['b2b'],
      customFields: { segment: 'D' },
    });
    const merged = await ok('POST', `/people/${keep.id}/merge`, {
      otherId: dupe.id,
      fields: { lastName: 'other', city: 'other', position: 'other' },
    });
    // Edits after the merge: a new city, a phone and a tag of its own; the last name and position the merge gave stay as they are.
    await ok('PATCH', `/people/${keep.id}`, {
      city: 'Казань',
      phones: ['+79080000021', '+79080000022'],
      tags: ['old', 'b2b', 'new'],
    });
    const undone = await ok('POST', `/crm-merges/${merged.mergeId}/undo`);
    const survivor = await ok('GET', `/people/${keep.id}`);
    expect(survivor).toMatchObject({
      firstName: 'Пётр',
      lastName: 'Ветров',
      city: 'Казань',
      position: null,
      emails: ['petr@keep2.test'],
      phones: ['+79080000022'],
      tags: ['old', 'new'],
      customFields: { segment: 'K' },
    });
    expect(undone.into.city).toBe('Казань');
    expect(await ok('GET', `/people/${dupe.id}`)).toMatchObject({
      firstName: 'Петя',
      lastName: 'Ветров-Старший',
      city: 'Пермь',
      emails: ['petya@dupe2.test'],
      phones: ['+79080000021'],
      tags: ['b2b'],
    });
    expect(await identities(dupe.id)).toEqual(expect.arrayContaining(['email:petya@dupe2.test', 'phone:+79080000021']));
    // Search follows: the survivor is found by its new city, no longer by the other's email.
    expect((await ok('GET', '/people?q=petya%40dupe2')).data.map((p: any) => p.id)).toEqual([dupe.id]);

    // A chain: a ← b, then c ← a. Undoing the first merge before the second is refused with a clear error.
    const a = await ok('POST', '/people', { firstName: 'Цепь', lastName: 'Первый', emails: ['chain-a@test.test'] });
    const b = await ok('POST', '/people', { firstName: 'Цепь', lastName: 'Второй', emails: ['chain-b@test.test'] });
    const c = await ok('POST', '/people', { firstName: 'Цепь', lastName: 'Третий', emails: ['chain-c@test.test'] });
    const first = await ok('POST', `/people/${a.id}/merge`, { otherId: b.id, fields: {} });
    const second = await ok('POST', `/people/${c.id}/merge`, { otherId: a.id, fields: {} });
    const refused = await api('POST', `/crm-merges/${first.mergeId}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(refused.body.error.message).toContain(second.mergeId);
    expect((await ok('GET', `/people/${c.id}`)).emails.sort()).toEqual([
      'chain-a@test.test',
      'chain-b@test.test',
      'chain-c@test.test',
    ]);
    await ok('POST', `/crm-merges/${second.mergeId}/undo`);
    await ok('POST', `/crm-merges/${first.mergeId}/undo`);
    expect((await ok('GET', `/people/${a.id}`)).emails).toEqual(['chain-a@test.test']);
    expect((await ok('GET', `/people/${b.id}`)).emails).toEqual(['chain-b@test.test']);
    expect((await ok('GET', `/people/${c.id}`)).emails).toEqual(['chain-c@test.test']);
  });
  it('a company of 3,000 people: candidates are bounded by blocks and windows, and pages walk every chunk once', async () => {
    const big = await env.workspace('dedupe-big');
    const get = async (url: string) => {
      const r = await env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: big.auth });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const co = (
      await env.app.inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: big.auth,
        payload: { name: 'АО Огромная' },
      })
    ).json();
    // 1,500 people with one name (a block far over the cap), 1,350 with unrelated names and 150 whose names differ in a number (similar to their neighbours).
    await sql`
      INSERT INTO crm_people (workspace_id, person_id, first_name, last_name, company_id)
      SELECT ${big.id}::uuid, gen_random_uuid(),
             CASE WHEN i <= 1500 THEN 'Иван' WHEN i <= 2850 THEN md5(i::text) ELSE 'Анна' END,
             CASE WHEN i <= 1500 THEN 'Петров' WHEN i <= 2850 THEN md5((i * 7)::text) ELSE 'Смирнова ' || i END, ${co.id}::uuid
      FROM generate_series(1, 3000) AS i`.execute(env.kernel.db);
    const N = 3000;
    const walk = async (limit: number) => {
      const pairs: any[] = [];
      let scored = 0;
      let requests = 0;
      let cursor: string | null = null;
      do {
        const page: any = await get(`/people/duplicates?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        requests++;
        pairs.push(...page.data);
        scored += page.scan.candidatesScored;
        // Each statement compares a chunk's people with at most WINDOW neighbours (or a capped block of shared contacts).
        expect(page.scan.candidatesScored).toBeLessThanOrEqual(
          page.scan.chunks * Math.max(env.kernel.crm.dedupe.scanChunk * WINDOW, BLOCK_CAP * BLOCK_CAP),
        );
        expect(page.scan.rowsScanned).toBeLessThanOrEqual(
          env.kernel.crm.dedupe.scanBudget + env.kernel.crm.dedupe.scanChunk,
        );
        expect(page.scan.complete).toBe(page.nextCursor === null);
        cursor = page.nextCursor;
        expect(requests).toBeLessThan(500);
      } while (cursor);
      return { pairs, scored, requests };
    };
    const all = await walk(500);
    // Every comparison is within a window of the name order: at most WINDOW per person and pass (all pairs: 4.5 million).
    expect(all.pairs.length).toBeLessThanOrEqual(2 * WINDOW * N);
    expect(all.scored).toBeLessThan((N * N) / 20);
    const exact = all.pairs.filter((p) => p.score === 0.9);
    expect(exact.length).toBeGreaterThan(0);
    // The run of 1,500 identical names gives pairs for its first BLOCK_CAP members only.
    expect(exact.length).toBeLessThanOrEqual(BLOCK_CAP * WINDOW);
    expect(new Set(exact.flatMap((p) => [p.a.id, p.b.id])).size).toBeLessThanOrEqual(BLOCK_CAP);
    const similar = all.pairs.filter((p) => p.score < 0.9);
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.every((p) => p.reasons.join() === 'name_company' && p.a.lastName.startsWith('Смирнова'))).toBe(true);
    // Same-name pairs come before similar ones.
    expect(all.pairs.findIndex((p) => p.score < 0.9)).toBeGreaterThan(all.pairs.map((p) => p.score).lastIndexOf(0.9));
    const key = (p: any) => [p.a.id, p.b.id].sort().join();
    expect(new Set(all.pairs.map(key)).size).toBe(all.pairs.length);

    // Small chunks and a small budget per request: many requests (some pages short or empty), the same pairs, each once
    // (in another order within a pass: a pass is sorted most likely first within each chunk).
    const d = env.kernel.crm.dedupe;
    d.scanChunk = 200;
    d.scanBudget = 400;
    try {
      const paged = await walk(50);
      expect(paged.requests).toBeGreaterThan(20);
      expect(new Set(paged.pairs.map(key)).size).toBe(paged.pairs.length);
      expect(paged.pairs.map(key).sort()).toEqual(all.pairs.map(key).sort());
    } finally {
      d.scanChunk = 1000;
      d.scanBudget = 40_000;
    }
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/v1/people/duplicates?cursor=eyJwIjo5fQ', headers: big.auth }))
        .statusCode,
    ).toBe(400);
  });
});
