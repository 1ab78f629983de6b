import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';

/** People through the HTTP API: identities, adoption of tracked persons, search, filters, sort, timeline, GDPR. */
describe('crm: people', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let ownerId: string;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const changes = async (id: string) =>
    (await ok('GET', `/people/${id}/timeline?types=change&limit=100`)).data
      .map((e: any) => [e.event, e.properties])
      .reverse();
  const identities = async (id: string) =>
    (await ok('GET', `/persons/${id}`)).identities.map((i: any) => `${i.kind}:${i.value}`).sort();
  const names = (page: any) => page.data.map((p: any) => p.name);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('people-ws');
    other = await env.workspace('people-other');
    ownerId = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'owner@people.test',
        name: 'Ольга Менеджер',
        password: 'owner-password',
        role: 'manager',
      })
    ).id;
  });
  afterAll(async () => env?.close());

  it('creates a person: emails lower-cased, phones as E.164, identities in the CDP, a person.created change on the timeline', async () => {
    const company = await ok('POST', '/companies', { name: 'ООО Ромашка' });
    const p = await ok('POST', '/people', {
      firstName: ' Пётр ',
      lastName: 'Иванов',
      emails: ['Petr.Ivanov@Example.COM'],
      phones: ['8 (912) 345-67-89'],
      companyId: company.id,
      ownerId,
      position: 'Закупщик',
      city: 'Пермь',
      birthday: '1985-04-12',
      tags: ['vip', 'vip', 'b2b'],
    });
    expect(p).toMatchObject({
      firstName: 'Пётр',
      lastName: 'Иванов',
      name: 'Пётр Иванов',
      emails: ['petr.ivanov@example.com'],
      phones: ['+79123456789'],
      company: { id: company.id, name: 'ООО Ромашка' },
      owner: { id: ownerId, name: 'Ольга Менеджер' },
      lifecycleStage: 'lead',
      birthday: '1985-04-12',
      tags: ['vip', 'b2b'],
      customFields: {},
    });
    expect(await identities(p.id)).toEqual(['email:petr.ivanov@example.com', 'phone:+79123456789']);
    const [[event, props]] = await changes(p.id);
    expect(event).toBe('person.created');
    expect(props.fields).toMatchObject({
      firstName: 'Пётр',
      lastName: 'Иванов',
      emails: ['petr.ivanov@example.com'],
      companyId: company.id,
    });

    const detail = await ok('GET', `/people/${p.id}`);
    expect(detail).toMatchObject({
      id: p.id,
      inCrm: true,
      company: { name: 'ООО Ромашка' },
      owner: { name: 'Ольга Менеджер' },
    });
    expect(detail.identities).toHaveLength(2);
    expect(detail.consents).toHaveLength(10);
    expect(detail.consents.every((c: any) => c.status === 'unknown')).toBe(true);
  });

  it('rejects invalid emails and phones on their index, and bad references, writing nothing', async () => {
    const bad = await api('POST', '/people', {
      firstName: 'Bad',
      emails: ['ok@x.test', 'not-an-email'],
      phones: ['+79120000001', '12'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['emails.1', 'phones.1']);
    const company = await ok('POST', '/companies', { name: 'Foreign' }).then(() =>
      api('POST', '/companies', { name: 'B Co' }, other.auth),
    );
    const r = await api('POST', '/people', { firstName: 'X', companyId: company.body.id });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('companyId');
    const o = await api('POST', '/people', { firstName: 'X', ownerId: '00000000-0000-7000-8000-000000000000' });
    expect(o.body.error.details[0].path).toBe('ownerId');
    expect((await ok('GET', '/people?q=ok@x.test')).data).toEqual([]);
    expect((await api('GET', '/people/lookup?kind=email&value=ok@x.test')).status).toBe(404);
  });

  it('an email or phone of another CRM person is a 409 naming that person', async () => {
    const a = await ok('POST', '/people', {
      firstName: 'Анна',
      emails: ['anna@dup.test'],
      phones: ['+7 902 111-22-33'],
    });
    const dupEmail = await api('POST', '/people', { firstName: 'Другая', emails: ['ANNA@dup.test'] });
    expect(dupEmail.status).toBe(409);
    expect(dupEmail.body.error.code).toBe('CONFLICT');
    expect(dupEmail.body.error.details[0]).toMatchObject({ path: 'emails.0', existingId: a.id });
    const dupPhone = await api('POST', '/people', {
      firstName: 'Другая',
      emails: ['free@dup.test'],
      phones: ['89021112233'],
    });
    expect(dupPhone.status).toBe(409);
    expect(dupPhone.body.error.details[0]).toMatchObject({ path: 'phones.0', existingId: a.id });
    // Nothing half-written: the free email was not attached to anyone.
    expect((await api('GET', '/people/lookup?kind=email&value=free@dup.test')).status).toBe(404);
    const b = await ok('POST', '/people', { firstName: 'Борис', emails: ['boris@dup.test'] });
    const patch = await api('PATCH', `/people/${b.id}`, { phones: ['+79021112233'] });
    expect(patch.status).toBe(409);
    expect(patch.body.error.details[0]).toMatchObject({ path: 'phones.0', existingId: a.id });
    const ext = await ok('POST', '/people', { firstName: 'Ext', externalId: 'ext-1' });
    const dupExt = await api('POST', '/people', { firstName: 'Ext2', externalId: 'ext-1' });
    expect(dupExt.status).toBe(409);
    expect(dupExt.body.error.details[0]).toMatchObject({ path: 'externalId', existingId: ext.id });
  });

  it('a tracked-only person is shown (empty CRM fields) and adopted by a create with their email: same id, history kept', async () => {
    const src = await ok('POST', '/sources', { name: 'site', kind: 'web' });
    const track = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.writeKey}:`).toString('base64')}` },
      payload: {
        batch: [
          { type: 'identify', userId: 'visitor-1', traits: { email: 'Visitor@Shop.test', firstName: 'Vika' } },
          { type: 'track', userId: 'visitor-1', event: 'Viewed Product' },
        ],
      },
    });
    expect(track.json()).toEqual({ success: true });
    const tracked = await ok('GET', '/people/lookup?kind=email&value=visitor@shop.test');
    const shown = await ok('GET', `/people/${tracked.id}`);
    expect(shown).toMatchObject({
      id: tracked.id,
      inCrm: false,
      firstName: 'Vika',
      emails: ['visitor@shop.test'],
      company: null,
      lifecycleStage: null,
      tags: [],
    });
    expect((await ok('GET', '/people?q=visitor@shop.test')).data).toEqual([]);

    const created = await api('POST', '/people', {
      firstName: 'Виктория',
      lastName: 'Смирнова',
      emails: ['visitor@shop.test'],
      phones: ['+79030000001'],
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(tracked.id);
    expect(await identities(tracked.id)).toEqual([
      'email:visitor@shop.test',
      'phone:+79030000001',
      'user_id:visitor-1',
    ]);
    const timeline = (await ok('GET', `/people/${tracked.id}/timeline?limit=50`)).data.map(
      (e: any) => e.event ?? e.type,
    );
    expect(timeline).toContain('Viewed Product');
    expect(timeline).toContain('person.created');
    expect((await ok('GET', `/people/${tracked.id}`)).inCrm).toBe(true);
  });

  it('PATCH brings a tracked-only person into the CRM; an email of another tracked-only person merges them in', async () => {
    const [tracked, visitor] = await env.kernel.db.transaction().execute((trx) =>
      env.kernel.cdp.directory.create(trx, ws.id, [
        { traits: { firstName: 'Tracked' }, identities: [{ kind: 'email', value: 'tracked@patch.test' }] },
        {
          identities: [
            { kind: 'email', value: 'visitor@patch.test' },
            { kind: 'anonymous_id', value: 'anon-patch-1' },
          ],
        },
      ]),
    );
    const p = await ok('PATCH', `/people/${tracked}`, { lastName: 'Person', city: 'Тверь' });
    expect(p).toMatchObject({
      id: tracked,
      firstName: 'Tracked',
      lastName: 'Person',
      city: 'Тверь',
      emails: ['tracked@patch.test'],
      lifecycleStage: 'lead',
    });
    expect((await ok('GET', `/people/${tracked}`)).inCrm).toBe(true);
    expect((await changes(tracked)).map((e: any) => e[0])).toEqual(['person.created']);
    const after = await ok('PATCH', `/people/${tracked}`, { emails: ['tracked@patch.test', 'visitor@patch.test'] });
    expect(after.emails).toEqual(['tracked@patch.test', 'visitor@patch.test']);
    expect(await identities(tracked)).toEqual([
      'anonymous_id:anon-patch-1',
      'email:tracked@patch.test',
      'email:visitor@patch.test',
    ]);
    expect((await ok('GET', `/people/${visitor}`)).id).toBe(tracked);
  });

  it('PATCH keeps identities in step, records changed fields on the timeline, null clears', async () => {
    const p = await ok('POST', '/people', {
      firstName: 'Семён',
      lastName: 'Петров',
      emails: ['semen@patch.test', 'old@patch.test'],
      city: 'Казань',
      position: 'CEO',
    });
    const after = await ok('PATCH', `/people/${p.id}`, {
      emails: ['semen@patch.test', 'NEW@patch.test'],
      phones: ['+7 904 555 66 77'],
      city: null,
      lifecycleStage: 'customer',
    });
    expect(after).toMatchObject({
      emails: ['semen@patch.test', 'new@patch.test'],
      phones: ['+79045556677'],
      city: null,
      position: 'CEO',
      lifecycleStage: 'customer',
    });
    expect(await identities(p.id)).toEqual(['email:new@patch.test', 'email:semen@patch.test', 'phone:+79045556677']);
    const events = await changes(p.id);
    expect(events.map((e: any) => e[0])).toEqual(['person.created', 'person.updated']);
    expect(events[1][1].fields).toEqual({
      emails: ['semen@patch.test', 'new@patch.test'],
      phones: ['+79045556677'],
      city: null,
      lifecycleStage: 'customer',
    });
    // A no-op PATCH changes nothing and adds no event.
    await ok('PATCH', `/people/${p.id}`, { position: 'CEO' });
    expect(await changes(p.id)).toHaveLength(2);
    // The search text follows: the old email no longer finds them.
    const row = await env.kernel.db
      .selectFrom('crm_people')
      .select('search')
      .where('person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(row.search).toContain('new@patch.test');
    expect(row.search).not.toContain('old@patch.test');
    expect(names(await ok('GET', '/people?q=new@patch.test'))).toEqual(['Семён Петров']);
    const bad = await api('PATCH', `/people/${p.id}`, { lifecycleStage: 'vip' });
    expect(bad.status).toBe(400);
  });

  it('search: Cyrillic case- and ё-insensitive, any phone format, company name, several words, typos', async () => {
    const company = await ok('POST', '/companies', { name: 'Стройинвест' });
    await ok('POST', '/people', {
      firstName: 'Алёна',
      lastName: 'Кузнецова',
      phones: ['8 (912) 765-43-21'],
      companyId: company.id,
    });
    await ok('POST', '/people', { firstName: 'Fyodor', lastName: 'Kuznetsov', emails: ['fyodor@search.test'] });
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('кузнецова')}`))).toEqual(['Алёна Кузнецова']);
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('АЛЕНА')}`))).toEqual(['Алёна Кузнецова']);
    for (const phone of ['+7 912 765 43 21', '89127654321', '+79127654321', '8 (912) 765-43-21', '9127654321'])
      expect(names(await ok('GET', `/people?q=${encodeURIComponent(phone)}`)), phone).toEqual(['Алёна Кузнецова']);
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('стройинвест')}`))).toEqual(['Алёна Кузнецова']);
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('алена стройинвест')}`))).toEqual(['Алёна Кузнецова']);
    expect(names(await ok('GET', '/people?q=KUZNETSOV'))).toEqual(['Fyodor Kuznetsov']);
    // Typo: no substring match, the trigram fallback finds the closest.
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('кузнецава')}`))).toEqual(['Алёна Кузнецова']);
    expect(names(await ok('GET', '/people?q=kuznetzov'))).toEqual(['Fyodor Kuznetsov']);
    expect((await ok('GET', '/people?q=zzzzqqqq')).data).toEqual([]);
    // A user's % is literal.
    expect((await ok('GET', `/people?q=${encodeURIComponent('%')}`)).data).toEqual([]);
    // Letters written with combining marks (е + U+0308, и + U+0306, as macOS and some exports write ё and й) match the usual ones, both ways.
    await ok('POST', '/people', { firstName: 'Сергей'.normalize('NFD'), lastName: 'Семёнов'.normalize('NFD') });
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('семенов')}`))).toEqual([
      'Сергей Семёнов'.normalize('NFD'),
    ]);
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('сергей семёнов')}`))).toEqual([
      'Сергей Семёнов'.normalize('NFD'),
    ]);
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('Алёна'.normalize('NFD'))}`))).toEqual([
      'Алёна Кузнецова',
    ]);
    // Renaming the company re-indexes its people.
    await ok('PATCH', `/companies/${company.id}`, { name: 'Мегастрой' });
    expect(names(await ok('GET', `/people?q=${encodeURIComponent('мегастрой')}`))).toEqual(['Алёна Кузнецова']);
    // Another workspace sees none of it.
    expect((await api('GET', `/people?q=${encodeURIComponent('кузнецова')}`, undefined, other.auth)).body.data).toEqual(
      [],
    );
  });

  it('text search gives the same pages whichever way it finds them (sort-order window, trigram index, sort walk)', async () => {
    const sw = await env.workspace('people-search-paths');
    const call = async (url: string) => {
      const r = await env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: sw.auth });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const surnames = ['Петров', 'Петрова', 'Сидоров', 'Орлов', 'Орлова', 'Зайцев'];
    const firsts = ['Анна', 'Иван', 'Мария', 'Олег'];
    for (let i = 0; i < 30; i++)
      await env.app.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: sw.auth,
        payload: {
          firstName: firsts[i % 4],
          lastName: surnames[(i * 5) % 6],
          city: i % 3 ? 'Тверь' : 'Казань',
          emails: [`p${i}@paths.test`],
        },
      });
    const people = env.kernel.crm.people;
    const queries = ['петров', 'петров анна', 'орлова мария', 'зайцев', 'p1', 'анна тверь', 'paths', 'нет такого'];
    const shapes = ['', '&sort=lastName', '&sort=firstName&order=desc', '&city=Казань&sort=lastName'];
    // All pages of a query, following cursors, as names.
    const walk = async (q: string, shape: string) => {
      const out: string[] = [];
      let cursor = '';
      for (let i = 0; i < 20; i++) {
        const page = await call(
          `/people?q=${encodeURIComponent(q)}&limit=4${shape}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        out.push(...page.data.map((p: any) => `${p.name} ${p.emails[0]}`));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return out;
    };
    const expected = new Map<string, string[]>();
    for (const q of queries) for (const shape of shapes) expected.set(q + shape, await walk(q, shape));
    expect(expected.get('петров')).toHaveLength(10); // Петров and Петрова
    expect(
      expected.get('зайцев&city=Казань&sort=lastName')!.every((n) => n.startsWith('Олег') || n.includes('Зайцев')),
    ).toBe(true);
    try {
      // A window smaller than a page: every search goes past it (the trigram path or the sort walk).
      for (const tuning of [
        { window: 2, rareMatches: 1000, walkRows: 1000 },
        { window: 2, rareMatches: 1, walkRows: 1000 },
        { window: 12, rareMatches: 3, walkRows: 1000 },
        { window: 2, rareMatches: 1, walkRows: 3 },
        { window: 12, rareMatches: 3, walkRows: 2 },
      ]) {
        people.searchTuning = tuning;
        for (const q of queries)
          for (const shape of shapes)
            expect(await walk(q, shape), `${q}${shape} ${JSON.stringify(tuning)}`).toEqual(expected.get(q + shape));
      }
    } finally {
      people.searchTuning = { window: 2000, rareMatches: 10_000, walkRows: 20_000 };
    }
  });

  it('filters (fields, tags, dates, custom fields) and keyset pagination for every sort', async () => {
    const s = await env.workspace('people-sort');
    const call = async (method: string, url: string, payload?: unknown) => {
      const r = await api(method, url, payload, s.auth);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await call('POST', '/custom-fields', {
      entity: 'person',
      key: 'tier',
      label: 'Tier',
      type: 'select',
      options: ['gold', 'silver'],
    });
    await call('POST', '/custom-fields', { entity: 'person', key: 'score', label: 'Score', type: 'number' });
    const rows = [
      {
        firstName: 'Ян',
        lastName: 'Орлов',
        city: 'Москва',
        lifecycleStage: 'customer',
        tags: ['a'],
        source: 'web',
        customFields: { tier: 'gold', score: 5 },
      },
      { firstName: 'Ева', lastName: 'Белова', city: 'Пермь', lifecycleStage: 'lead', tags: ['b'], source: 'call' },
      {
        firstName: 'Adam',
        lastName: 'Smith',
        city: 'London',
        lifecycleStage: 'prospect',
        tags: ['a', 'b'],
        customFields: { tier: 'silver' },
      },
      { firstName: 'Зоя', lastName: null, city: null, lifecycleStage: 'lead' },
      {
        firstName: 'Боб',
        lastName: 'Орлов',
        city: 'москва',
        lifecycleStage: 'churned',
        customFields: { tier: 'gold', score: 7 },
      },
      {
        firstName: 'Ира',
        lastName: 'Акулова',
        city: 'Пермь',
        lifecycleStage: 'customer',
        region: 'Пермский край',
        country: 'RU',
      },
      { firstName: 'Carl', lastName: 'Jones', city: 'Berlin', lifecycleStage: 'lead', ownerId: null },
    ];
    const ids: string[] = [];
    for (const row of rows) ids.push((await call('POST', '/people', row)).id);
    // One more update so updatedAt differs from createdAt order.
    await call('PATCH', `/people/${ids[0]}`, { position: 'CTO' });
    const all = async (query: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: any = await call('GET', `/people?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.data.length).toBeLessThanOrEqual(2);
        out.push(...page.data.map((p: any) => p.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    };
    const byId = new Map(ids.map((id, i) => [id, rows[i]]));
    const key = (f: (r: any) => string) => (a: string, b: string) => {
      const x = f(byId.get(a));
      const y = f(byId.get(b));
      return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
    };
    const lower = (v: string | null | undefined) => (v ?? '').toLowerCase();
    const full = await all('');
    expect(full).toEqual([...ids].reverse()); // createdAt desc by default
    expect(await all('sort=createdAt&order=asc')).toEqual(ids);
    expect((await all('sort=updatedAt'))[0]).toBe(ids[0]);
    expect(await all('sort=updatedAt&order=asc')).toEqual([...ids.slice(1), ids[0]]);
    for (const [sort, f] of [
      ['lastName', (r: any) => lower(r.lastName)],
      ['firstName', (r: any) => lower(r.firstName)],
      ['city', (r: any) => lower(r.city)],
      ['lifecycleStage', (r: any) => r.lifecycleStage],
    ] as const) {
      const asc = await all(`sort=${sort}&order=asc`);
      const expected = [...ids].sort(key(f));
      // Text order is the database's collation: compare as sets of keys in order, ties broken by id.
      expect(
        asc.map((id) => f(byId.get(id))),
        sort,
      ).toEqual(expected.map((id) => f(byId.get(id))));
      expect(new Set(asc)).toEqual(new Set(ids));
      const desc = await all(`sort=${sort}&order=desc`);
      expect(desc, `${sort} desc`).toEqual([...asc].reverse());
    }
    const set = async (query: string) => new Set((await all(query)).map((id) => ids.indexOf(id)));
    expect(await set('city=%D0%9C%D0%9E%D0%A1%D0%9A%D0%92%D0%90')).toEqual(new Set([0, 4])); // МОСКВА
    expect(await set('lifecycleStage=lead')).toEqual(new Set([1, 3, 6]));
    expect(await set('tag=a')).toEqual(new Set([0, 2]));
    expect(await set('source=web')).toEqual(new Set([0]));
    expect(await set(`region=${encodeURIComponent('пермский край')}&country=ru`)).toEqual(new Set([5]));
    expect(await set('cf.tier=gold')).toEqual(new Set([0, 4]));
    expect(await set('cf.tier=gold&cf.score=7')).toEqual(new Set([4]));
    expect(await set('createdFrom=2000-01-01&createdTo=2999-01-01')).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(await set('createdTo=2000-01-01')).toEqual(new Set());
    const unknownCf = await api('GET', '/people?cf.nope=1', undefined, s.auth);
    expect(unknownCf.status).toBe(400);
    expect(unknownCf.body.error.details[0].path).toBe('cf.nope');
    expect((await api('GET', '/people?cf.score=abc', undefined, s.auth)).status).toBe(400);
    expect((await api('GET', '/people?cursor=garbage', undefined, s.auth)).status).toBe(400);
    expect((await api('GET', '/people?sort=email', undefined, s.auth)).status).toBe(400);
  });

  it('cf.KEY filters read the value per the field type: select, multiselect, number, date, boolean, text', async () => {
    const s = await env.workspace('people-cf-types');
    const call = async (method: string, url: string, payload?: unknown) => {
      const r = await api(method, url, payload, s.auth);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await call('POST', '/custom-fields', {
      entity: 'person',
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: ['free', 'pro', 'pro max'],
    });
    await call('POST', '/custom-fields', {
      entity: 'person',
      key: 'langs',
      label: 'Languages',
      type: 'multiselect',
      options: ['ru', 'en', 'de'],
    });
    await call('POST', '/custom-fields', { entity: 'person', key: 'seats', label: 'Seats', type: 'number' });
    await call('POST', '/custom-fields', { entity: 'person', key: 'renewal', label: 'Renewal', type: 'date' });
    await call('POST', '/custom-fields', { entity: 'person', key: 'vip', label: 'VIP', type: 'boolean' });
    await call('POST', '/custom-fields', { entity: 'person', key: 'note', label: 'Note', type: 'text' });
    const rows = [
      { plan: 'free', langs: ['ru'], seats: 1, renewal: '2027-01-15', vip: false, note: 'Звонить утром' },
      { plan: 'pro', langs: ['ru', 'en'], seats: 10, renewal: '2027-03-01', vip: true },
      { plan: 'pro max', langs: ['de'], seats: 2.5, vip: true, note: 'звонить утром' },
      {},
    ];
    const ids: string[] = [];
    for (const [i, customFields] of rows.entries())
      ids.push((await call('POST', '/people', { firstName: `CF${i}`, customFields })).id);
    const set = async (query: string) =>
      new Set((await call('GET', `/people?limit=100&${query}`)).data.map((p: any) => ids.indexOf(p.id)));
    const q = (key: string, value: string) => `cf.${key}=${encodeURIComponent(value)}`;
    expect(await set(q('plan', 'pro'))).toEqual(new Set([1]));
    expect(await set(q('plan', 'pro max'))).toEqual(new Set([2]));
    expect(await set(q('langs', 'ru'))).toEqual(new Set([0, 1]));
    expect(await set(q('langs', 'en'))).toEqual(new Set([1]));
    expect(await set(q('seats', '10'))).toEqual(new Set([1]));
    expect(await set(q('seats', '10.0'))).toEqual(new Set([1]));
    expect(await set(q('seats', '2.5'))).toEqual(new Set([2]));
    expect(await set(q('renewal', '2027-03-01'))).toEqual(new Set([1]));
    expect(await set(q('vip', 'true'))).toEqual(new Set([1, 2]));
    expect(await set(q('vip', 'false'))).toEqual(new Set([0]));
    expect(await set(q('note', 'Звонить утром'))).toEqual(new Set([0]));
    expect(await set(`${q('plan', 'pro')}&${q('vip', 'true')}&${q('langs', 'en')}`)).toEqual(new Set([1]));
    for (const [key, value] of [
      ['seats', 'many'],
      ['vip', 'yes'],
      ['renewal', '01.03.2027'],
      ['renewal', '2027-02-30'],
    ]) {
      const r = await api('GET', `/people?${q(key, value)}`, undefined, s.auth);
      expect(r.status, `${key}=${value}`).toBe(400);
      expect(r.body.error.details[0].path).toBe(`cf.${key}`);
    }
  });

  it('custom field values are validated against the definitions', async () => {
    await ok('POST', '/custom-fields', { entity: 'person', key: 'loyalty', label: 'Loyalty', type: 'number' });
    const unknown = await api('POST', '/people', { firstName: 'CF', customFields: { nope: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      { path: 'customFields.nope', message: 'unknown custom field', code: 'UNKNOWN_FIELD' },
    ]);
    const wrong = await api('POST', '/people', { firstName: 'CF', customFields: { loyalty: 'high' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('customFields.loyalty');
    const p = await ok('POST', '/people', { firstName: 'CF', customFields: { loyalty: 3 } });
    expect(p.customFields).toEqual({ loyalty: 3 });
    expect((await ok('PATCH', `/people/${p.id}`, { customFields: { loyalty: null } })).customFields).toEqual({});
  });

  it('DELETE removes from the CRM only; a merged-away id resolves to the survivor; service methods for other modules', async () => {
    const p = await ok('POST', '/people', {
      firstName: 'Удаляемый',
      emails: ['gone@del.test'],
      phones: ['+79050000009'],
    });
    expect(await env.kernel.crm.people.findByPhone(ws.id, '+79050000009')).toBe(p.id);
    expect((await api('DELETE', `/people/${p.id}`)).status).toBe(204);
    expect((await api('GET', `/people/${p.id}`)).status).toBe(404);
    expect((await api('DELETE', `/people/${p.id}`)).status).toBe(404);
    expect((await ok('GET', '/people?q=gone@del.test')).data).toEqual([]);
    expect(await env.kernel.crm.people.findByPhone(ws.id, '+79050000009')).toBeNull();
    expect((await ok('GET', `/persons/${p.id}`)).id).toBe(p.id); // still a CDP person
    // Created again with the same email: the same person comes back into the CRM.
    const again = await ok('POST', '/people', { firstName: 'Вернувшийся', emails: ['gone@del.test'] });
    expect(again.id).toBe(p.id);
    expect(again.firstName).toBe('Вернувшийся');

    const a = await ok('POST', '/people', { firstName: 'Живой', emails: ['alive@merge.test'] });
    const b = await ok('POST', '/people', { firstName: 'Дубль', emails: ['dupe@merge.test'] });
    await ok('POST', `/people/${a.id}/merge`, { otherId: b.id });
    const viaOld = await ok('GET', `/people/${b.id}`);
    expect(viaOld.id).toBe(a.id);
    expect(viaOld.emails.sort()).toEqual(['alive@merge.test', 'dupe@merge.test']);

    const viaService = await env.kernel.db
      .transaction()
      .execute((trx) =>
        env.kernel.crm.people.create(
          systemActor(ws.id, 'telephony'),
          { phones: ['+7 906 000 00 01'], source: 'phone' },
          trx,
        ),
      );
    expect((await env.kernel.crm.people.get(ws.id, viaService.id)).phones).toEqual(['+79060000001']);
    expect(viaService.name).toBe('+79060000001');
  });

  it('GDPR erase removes the CRM person and their consents', async () => {
    const p = await ok('POST', '/people', { firstName: 'Забытый', emails: ['forget@gdpr.test'] });
    await ok('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'form',
    });
    const doc: any = await env.kernel.privacy.export(ws.id, p.id);
    expect(doc.modules.crm.people[0].first_name).toBe('Забытый');
    expect(doc.modules.crm.consents).toHaveLength(1);
    const r = await env.kernel.privacy.erase(systemActor(ws.id), p.id);
    expect(r.erased['crm.people']).toBe(1);
    expect(r.erased['crm.consents']).toBe(1);
    expect(
      await env.kernel.db.selectFrom('crm_people').select('person_id').where('person_id', '=', p.id).execute(),
    ).toEqual([]);
    expect(await env.kernel.db.selectFrom('crm_consents').select('id').where('person_id', '=', p.id).execute()).toEqual(
      [],
    );
    expect((await api('GET', `/people/${p.id}`)).status).toBe(404);
  });
});
