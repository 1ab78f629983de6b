import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** Trait sources and precedence, Telegram/VK/external identity kinds, and the per-person identity cap. */
describe('cdp: trait sources and precedence, more identity kinds, identity cap', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const keys: Record<string, string> = {};
  const sourceIds: Record<string, string> = {};
  let n = 0;

  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const batch = async (source: string, ...messages: Record<string, unknown>[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${keys[source]}:`).toString('base64')}` },
      payload: { batch: messages.map((m) => ({ messageId: `ts-${++n}`, ...m })) },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const personOf = async (kind: string, value: string, auth = ws.auth) => {
    const r = await api(
      'GET',
      `/api/v1/people/lookup?kind=${encodeURIComponent(kind)}&value=${encodeURIComponent(value)}`,
      undefined,
      auth,
    );
    expect(r.status, `${kind}=${value}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('trait-sources-ws');
    for (const [name, kind] of [
      ['CRM', 'crm'],
      ['Site', 'web'],
      ['Backend', 'server'],
    ] as const) {
      const s = (await api('POST', '/api/v1/sources', { name, kind })).body;
      keys[kind] = s.writeKey;
      sourceIds[kind] = s.id;
    }
  });
  afterAll(async () => env?.close());

  it('keeps the source of every trait value; latest wins by default', async () => {
    await batch('crm', { type: 'identify', userId: 'ts-u1', traits: { plan: 'pro', name: 'Anna' } });
    let p = await personOf('user_id', 'ts-u1');
    expect(p.traitSources.plan).toMatchObject({
      sourceId: sourceIds.crm,
      sourceName: 'CRM',
      kind: 'crm',
      origin: 'first',
    });
    expect(Date.parse(p.traitSources.plan.at)).not.toBeNaN();
    // No precedence configured: the later web value wins.
    await batch('web', { type: 'identify', userId: 'ts-u1', traits: { plan: 'free' } });
    p = await personOf('user_id', 'ts-u1');
    expect(p.traits).toMatchObject({ plan: 'free', name: 'Anna' });
    expect(p.traitSources.plan).toMatchObject({ sourceId: sourceIds.web, kind: 'web' });
    expect(p.traitSources.name).toMatchObject({ sourceId: sourceIds.crm, kind: 'crm' });
  });

  it('traitPrecedence lets a more trusted source kind keep its value against later, less trusted ones (shared and exclusive paths)', async () => {
    const patched = await api('PATCH', '/api/v1/workspace', {
      settings: { traitPrecedence: { plan: ['crm', 'import', 'server', 'web'] } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await batch('crm', { type: 'identify', userId: 'ts-u1', traits: { plan: 'enterprise' } }); // crm outranks the web value
    await batch('web', { type: 'identify', userId: 'ts-u1', traits: { plan: 'free', name: 'Ann' } }); // web does not outrank crm; name has no rule
    let p = await personOf('user_id', 'ts-u1');
    expect(p.traits).toMatchObject({ plan: 'enterprise', name: 'Ann' });
    expect(p.traitSources.plan).toMatchObject({ sourceId: sourceIds.crm });
    expect(p.traitSources.name).toMatchObject({ sourceId: sourceIds.web });

    // Exclusive path: an anonymous web visitor identifies (a merge) with a plan trait.
    await batch('web', { type: 'identify', anonymousId: 'ts-a1', traits: { plan: 'trial', colour: 'red' } });
    await batch(
      'web',
      { type: 'identify', userId: 'ts-u1', anonymousId: 'ts-a1', traits: { plan: 'basic' } },
      { type: 'identify', anonymousId: 'ts-a2', userId: 'ts-u1', traits: { city: 'Kazan' } },
    );
    p = await personOf('anonymous_id', 'ts-a1');
    expect(p.traits).toMatchObject({ plan: 'enterprise', colour: 'red', city: 'Kazan', name: 'Ann' });
    expect(p.traitSources.plan.kind).toBe('crm');
    expect(p.traitSources.colour.kind).toBe('web');

    // A server value: more trusted than web, less than crm.
    await batch('server', { type: 'identify', userId: 'ts-u1', traits: { plan: 'server-plan' } });
    expect((await personOf('user_id', 'ts-u1')).traits.plan).toBe('enterprise');
    // The same kind again: latest wins.
    await batch('crm', { type: 'identify', userId: 'ts-u1', traits: { plan: 'crm-2' } });
    p = await personOf('user_id', 'ts-u1');
    expect(p.traits.plan).toBe('crm-2');

    // A new person from a less trusted source, then a more trusted one: the trusted value replaces it.
    await batch('web', { type: 'identify', userId: 'ts-u2', traits: { plan: 'web-plan' } });
    await batch('server', { type: 'identify', userId: 'ts-u2', traits: { plan: 'server-plan' } });
    await batch('web', { type: 'identify', userId: 'ts-u2', traits: { plan: 'web-again' } });
    p = await personOf('user_id', 'ts-u2');
    expect(p.traits.plan).toBe('server-plan');
    expect(p.traitSources.plan).toMatchObject({ sourceId: sourceIds.server, sourceName: 'Backend', kind: 'server' });
  });

  it('telegram_id, vk_id and external ids (context.externalIds) are identities and can be looked up', async () => {
    await batch(
      'web',
      {
        type: 'identify',
        userId: 'ts-tg',
        traits: { telegramId: 123456789, vkId: ' id42 ' },
        context: { externalIds: [{ id: 'hs-1', type: 'HubSpot_ID', collection: 'users', encoding: 'none' }] },
      },
      {
        type: 'track',
        event: 'Viewed',
        anonymousId: 'ts-tg-anon',
        context: {
          externalIds: [
            { id: ' crm-77 ', type: 'crm_id', encoding: 'none' },
            { id: 'x', type: 'order_id', collection: 'orders' },
          ],
        },
      },
    );
    const p = await personOf('telegram_id', '123456789');
    expect(p.identities).toEqual(
      expect.arrayContaining([
        { kind: 'telegram_id', value: '123456789' },
        { kind: 'vk_id', value: 'id42' },
        { kind: 'external:hubspot_id', value: 'hs-1' },
      ]),
    );
    expect((await personOf('telegram_id', ' 123456789 ')).id).toBe(p.id);
    expect((await personOf('vk_id', 'id42')).id).toBe(p.id);
    expect((await personOf('external:hubspot_id', 'hs-1')).id).toBe(p.id);
    const anon = await personOf('external:crm_id', 'crm-77');
    expect(anon.identities).toEqual(expect.arrayContaining([{ kind: 'anonymous_id', value: 'ts-tg-anon' }]));
    expect(anon.identities.some((i: any) => i.kind === 'external:order_id')).toBe(false); // not the users collection
    // A later event carrying only the external id resolves to the same person.
    await batch('server', {
      type: 'identify',
      userId: 'ts-tg',
      context: { externalIds: [{ id: 'crm-77', type: 'crm_id', collection: 'users' }] },
    });
    expect((await personOf('external:crm_id', 'crm-77')).id).toBe(p.id);
    expect((await api('GET', '/api/v1/people/lookup?kind=bogus&value=1')).status).toBe(400);
    expect((await api('GET', '/api/v1/people/lookup?kind=telegram_id&value=404404')).status).toBe(404);
  });

  it('caps identities per person (maxIdentitiesPerPerson): the rest are not attached, never merge, and the batch is kept', async () => {
    const capWs = await env.workspace('trait-sources-cap');
    expect(
      (await api('PATCH', '/api/v1/workspace', { settings: { maxIdentitiesPerPerson: 3 } }, capWs.auth)).status,
    ).toBe(200);
    const src = (await api('POST', '/api/v1/sources', { name: 'S', kind: 'server' }, capWs.auth)).body;
    const source = (await env.kernel.cdp.authenticateWriteKey(src.writeKey))!;
    const r1 = await env.kernel.cdp.ingest(source, [
      {
        messageId: 'cap-1',
        type: 'identify',
        userId: 'cap-u',
        anonymousId: 'cap-a',
        traits: { email: 'cap@example.com', phone: '+79123456789' },
      },
      { messageId: 'cap-2', type: 'track', event: 'E', userId: 'cap-u', anonymousId: 'cap-a2' },
    ]);
    expect(r1.accepted).toBe(2);
    expect(r1.rejected).toEqual([]);
    const person = await personOf('user_id', 'cap-u', capWs.auth);
    expect(person.identities).toHaveLength(3);
    expect(r1.capped.map((c) => `${c.kind}=${c.value}`).sort()).toEqual(['anonymous_id=cap-a2', 'phone=+79123456789']);
    expect(r1.capped.every((c) => c.personId === person.id)).toBe(true);
    expect(
      (await api('GET', '/api/v1/people/lookup?kind=phone&value=%2B79123456789', undefined, capWs.auth)).status,
    ).toBe(404);

    // Another person with two identities: linking them would exceed the cap, so no merge.
    await env.kernel.cdp.ingest(source, [
      { messageId: 'cap-3', type: 'identify', anonymousId: 'cap-b', traits: { email: 'b@example.com' } },
    ]);
    const other = await personOf('anonymous_id', 'cap-b', capWs.auth);
    const r2 = await env.kernel.cdp.ingest(source, [
      { messageId: 'cap-4', type: 'track', event: 'E', userId: 'cap-u', anonymousId: 'cap-b' },
    ]);
    expect(r2.accepted).toBe(1);
    expect(r2.capped).toEqual([{ kind: 'anonymous_id', value: 'cap-b', personId: person.id, otherPersonId: other.id }]);
    expect((await personOf('anonymous_id', 'cap-b', capWs.auth)).id).toBe(other.id);
    expect((await api('GET', `/api/v1/merges?personId=${person.id}`, undefined, capWs.auth)).body.data).toEqual([]);
    // The event is still stored, on the user id's person.
    const tl = (await api('GET', `/api/v1/people/${person.id}/timeline?limit=50`, undefined, capWs.auth)).body.data;
    expect(tl.map((e: any) => e.messageId)).toContain('cap-4');
  });
});
