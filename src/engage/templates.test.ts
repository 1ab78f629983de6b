import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { AppError } from '../core/errors.ts';
import { renderStats } from './template-render.ts';

const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text><mj-button href="https://shop.test/{{ data.path | default: 'home' }}">Open</mj-button></mj-column></mj-section></mj-body></mjml>`;

describe('engage: templates', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const templates = () => env.kernel.engage.templates;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('templates-ws');
  });
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  /** A person through the tracking API, with traits (locale, city…) and an email identity. */
  let writeKey = '';
  let seq = 0;
  const tracked = async (traits: Record<string, unknown>) => {
    if (!writeKey) writeKey = (await ok('POST', '/sources', { name: 'Site', kind: 'server' })).writeKey;
    const userId = `u-${++seq}`;
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch: [{ type: 'identify', messageId: `m-${seq}`, userId, traits }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    return (await ok('GET', `/people/lookup?kind=user_id&value=${userId}`)).id as string;
  };

  it('creates, lists, edits with versions, restores and archives; a name change is not a version', async () => {
    const created = await api('POST', '/templates', {
      channel: 'email',
      name: 'Welcome',
      subject: 'Hello {{ person.firstName }}',
      body: mjml('Hi {{ person.firstName | default: "there" }}'),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ channel: 'email', format: 'mjml', version: 1, kind: 'marketing', text: null });
    const id = created.body.id;
    const sms = await ok('POST', '/templates', { channel: 'sms', name: 'Code', body: 'Код {{ data.code }}' });
    expect(sms).toMatchObject({ format: 'text', subject: null });
    expect((await ok('GET', '/templates?channel=email')).data.map((t: any) => t.id)).toEqual([id]);
    expect((await ok('GET', '/templates?q=cod')).data.map((t: any) => t.id)).toEqual([sms.id]);
    const page = await ok('GET', '/templates?limit=1');
    expect(page.data).toHaveLength(1);
    expect((await ok('GET', `/templates?limit=1&cursor=${page.nextCursor}`)).data[0].id).not.toBe(page.data[0].id);

    expect(await ok('PATCH', `/templates/${id}`, { name: 'Welcome mail' })).toMatchObject({
      name: 'Welcome mail',
      version: 1,
    });
    const v2 = await ok('PATCH', `/templates/${id}`, { subject: 'Welcome, {{ person.firstName }}' });
    expect(v2).toMatchObject({ version: 2, subject: 'Welcome, {{ person.firstName }}', name: 'Welcome mail' });
    const versions = await ok('GET', `/templates/${id}/versions`);
    expect(versions.data.map((v: any) => [v.version, v.subject])).toEqual([
      [2, 'Welcome, {{ person.firstName }}'],
      [1, 'Hello {{ person.firstName }}'],
    ]);
    expect((await ok('GET', `/templates/${id}/versions/1`)).subject).toBe('Hello {{ person.firstName }}');
    expect((await api('GET', `/templates/${id}/versions/9`)).status).toBe(404);
    const restored = await ok('POST', `/templates/${id}/restore/1`);
    expect(restored).toMatchObject({ version: 3, subject: 'Hello {{ person.firstName }}' });
    const audit = await ok('GET', `/audit?entityType=template&entityId=${id}`);
    expect(audit.data.map((a: any) => a.action)).toEqual(expect.arrayContaining(['create', 'update']));

    expect((await api('DELETE', `/templates/${id}`)).status).toBe(204);
    expect((await ok('GET', '/templates?channel=email')).data).toEqual([]);
    expect((await ok('GET', '/templates?channel=email&archived=true')).data.map((t: any) => t.id)).toEqual([id]);
    expect((await api('PATCH', `/templates/${id}`, { name: 'x' })).status).toBe(409);
    const other = await env.workspace('templates-other');
    expect((await api('GET', `/templates/${sms.id}`, undefined, other.auth)).status).toBe(404);
  });

  it('refuses bad Liquid, bad MJML, a missing subject and a too long SMS, naming the field', async () => {
    const field = async (body: Record<string, unknown>) => {
      const r = await api('POST', '/templates', body);
      expect(r.status, r.text).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      return r.body.error.details.map((d: any) => d.path);
    };
    expect(await field({ channel: 'email', name: 'x', subject: 'Hi', body: '<p>{% if data.x %}</p>' })).toEqual([
      'body',
    ]);
    expect(
      await field({
        channel: 'email',
        name: 'x',
        subject: 'Hi',
        body: '<mjml><mj-body><mj-section><mj-text>x</mj-text></mj-section></mj-body></mjml>',
      }),
    ).toEqual(['body']);
    expect(await field({ channel: 'email', name: 'x', body: '<p>hi</p>' })).toEqual(['subject']);
    expect(await field({ channel: 'sms', name: 'x', body: 'я'.repeat(67 * 10 + 1) })).toEqual(['body']);
    expect(
      await field({
        channel: 'email',
        name: 'x',
        subject: 'Hi',
        body: '<p>ok</p>',
        variants: { en: { body: '<p>{{ data.x | nope }}</p>' } },
      }),
    ).toEqual(['variants.en.body']);
    const created = await ok('POST', '/templates', { channel: 'sms', name: 'ok', body: 'fine' });
    const r = await api('PATCH', `/templates/${created.id}`, { body: '{{ oops' });
    expect(r.status).toBe(400);
    expect((await ok('GET', `/templates/${created.id}`)).version).toBe(1);
  });

  it('picks the RU/EN variant by the person locale or the caller; renders per person with escaping', async () => {
    const t = await ok('POST', '/templates', {
      channel: 'email',
      name: 'Order',
      subject: 'Заказ {{ data.orderId }}',
      body: '<p>Здравствуйте, {{ person.firstName }} из {{ person.traits.city | default: "—" }}</p>',
      variants: { en: { subject: 'Order {{ data.orderId }}', body: '<p>Hello, {{ person.firstName }}</p>' } },
    });
    const en = await tracked({ firstName: 'John', locale: 'en-GB' });
    const ru = await tracked({ firstName: 'Иван', language: 'ru', city: 'Пермь' });
    const evil = await tracked({ firstName: '<script>alert(1)</script>' });
    const data = { orderId: 'A-1' };
    const a = await templates().render(ws.id, t.id, { personId: en, data });
    expect(a).toMatchObject({
      templateId: t.id,
      version: 1,
      locale: 'en',
      subject: 'Order A-1',
      html: '<p>Hello, John</p>',
    });
    expect(a.text).toBe('Hello, John');
    const b = await templates().render(ws.id, t.id, { personId: ru, data });
    expect(b).toMatchObject({ locale: null, subject: 'Заказ A-1', html: '<p>Здравствуйте, Иван из Пермь</p>' });
    expect((await templates().render(ws.id, t.id, { personId: ru, data, locale: 'en' })).subject).toBe('Order A-1');
    const c = await templates().render(ws.id, t.id, { personId: evil, data });
    expect(c.html).toBe('<p>Здравствуйте, &lt;script&gt;alert(1)&lt;/script&gt; из —</p>');
    expect(c.text).toBe('Здравствуйте, <script>alert(1)</script> из —');
    // An email's own text part replaces the derived one, per variant.
    await ok('PATCH', `/templates/${t.id}`, {
      text: 'Текст для {{ person.firstName }}',
      variants: {
        en: { subject: 'Order {{ data.orderId }}', body: '<p>Hello</p>', text: 'Text for {{ person.firstName }}' },
      },
    });
    expect((await templates().render(ws.id, t.id, { personId: ru, data })).text).toBe('Текст для Иван');
    expect((await templates().render(ws.id, t.id, { personId: en, data })).text).toBe('Text for John');
    const sms = await api('POST', '/templates', { channel: 'sms', name: 'x', body: 'x', text: 'y' });
    expect(sms.body.error.details[0].path).toBe('text');
  });

  it('a missing data variable is a 400 naming it; the preview lists it instead and counts SMS parts', async () => {
    const t = await ok('POST', '/templates', {
      channel: 'sms',
      name: 'Promo',
      body: 'Скидка {{ data.discount }}% для {{ person.firstName }}',
    });
    const p = await tracked({ firstName: 'Ольга' });
    const e = await templates()
      .render(ws.id, t.id, { personId: p, data: {} })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    expect((e as AppError).details[0]).toMatchObject({ path: 'data.discount', code: 'REQUIRED' });
    const preview = await ok('POST', `/templates/${t.id}/preview`, { personId: p });
    expect(preview).toMatchObject({
      text: 'Скидка [data.discount]% для Ольга',
      missing: ['data.discount'],
      html: null,
    });
    expect(preview.sms).toMatchObject({ encoding: 'ucs2', segments: 1 });
    const full = await ok('POST', `/templates/${t.id}/preview`, { personId: p, data: { discount: 10 } });
    expect(full).toMatchObject({ text: 'Скидка 10% для Ольга', missing: [] });
    expect(
      (await api('POST', `/templates/${t.id}/preview`, { personId: '00000000-0000-7000-8000-000000000000' })).status,
    ).toBe(400);
  });

  it('compiles MJML once per version and locale, not per person', async () => {
    const t = await ok('POST', '/templates', {
      channel: 'email',
      name: 'News',
      subject: 'News',
      body: mjml('Hi {{ person.firstName }}'),
    });
    const people = [await tracked({ firstName: 'A' }), await tracked({ firstName: 'B' })];
    const before = renderStats.mjmlCompiles;
    for (let i = 0; i < 3; i++)
      for (const personId of people) {
        const r = await templates().render(ws.id, t.id, { personId });
        expect(r.html).toContain(personId === people[0] ? 'Hi A' : 'Hi B');
      }
    expect(renderStats.mjmlCompiles - before).toBe(1);
    await ok('PATCH', `/templates/${t.id}`, { body: mjml('Hey {{ person.firstName }}') });
    const afterEdit = renderStats.mjmlCompiles;
    expect((await templates().render(ws.id, t.id, { personId: people[0]! })).html).toContain('Hey A');
    await templates().render(ws.id, t.id, { personId: people[1]! });
    expect(renderStats.mjmlCompiles - afterEdit).toBe(1);
    // An older version still renders from its own compile.
    expect((await templates().render(ws.id, t.id, { personId: people[0]!, version: 1 })).html).toContain('Hi A');
  });

  it('renderMany of 1,000 people reads their profiles once, in one batch', async () => {
    if (!writeKey) writeKey = (await ok('POST', '/sources', { name: 'Site', kind: 'server' })).writeKey;
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      type: 'identify',
      messageId: `bulk-${i}`,
      userId: `bulk-${i}`,
      traits: { firstName: `P${i}`, email: `p${i}@bulk.test`, ...(i % 2 ? { locale: 'en' } : {}) },
    }));
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch },
    });
    expect(r.statusCode, r.body).toBe(200);
    const ids = (
      await env.kernel.db
        .selectFrom('identities')
        .select(['person_id', 'value'])
        .where('workspace_id', '=', ws.id)
        .where('kind', '=', 'user_id')
        .where('value', 'like', 'bulk-%')
        .execute()
    ).sort((x, y) => Number(x.value.slice(5)) - Number(y.value.slice(5)));
    expect(ids).toHaveLength(1000);
    const t = await ok('POST', '/templates', {
      channel: 'email',
      name: 'Bulk',
      subject: '{{ person.firstName }}',
      body: mjml('Hi {{ person.firstName }} ({{ person.email }})'),
      variants: { en: { body: mjml('Hello {{ person.firstName }}') } },
    });
    const getPeople = vi.spyOn(env.kernel.cdp, 'getPeople');
    const getPerson = vi.spyOn(env.kernel.cdp, 'getPerson');
    const rowsOf = vi.spyOn(env.kernel.crm.people, 'rowsOf');
    try {
      const out = await templates().renderMany(
        ws.id,
        t.id,
        ids.map((x) => ({ personId: x.person_id })),
      );
      expect(getPeople).toHaveBeenCalledTimes(1);
      expect(getPeople.mock.calls[0]![1]).toHaveLength(1000);
      expect(rowsOf).toHaveBeenCalledTimes(1);
      expect(getPerson).not.toHaveBeenCalled();
      expect(out.every((o) => o.error === null)).toBe(true);
      expect(out[0]!.rendered).toMatchObject({ subject: 'P0', locale: null });
      expect(out[0]!.rendered!.html).toContain('Hi P0 (p0@bulk.test)');
      expect(out[1]!.rendered).toMatchObject({ subject: 'P1', locale: 'en' });
      expect(out[999]!.rendered!.html).toContain('Hello P999');
      // render() called concurrently, as a sender renders its batch, shares one read too.
      getPeople.mockClear();
      const one = await Promise.all(
        ids.slice(0, 50).map((x) => templates().render(ws.id, t.id, { personId: x.person_id })),
      );
      expect(one.map((r) => r.subject)).toEqual(ids.slice(0, 50).map((_, i) => `P${i}`));
      expect(getPeople).toHaveBeenCalledTimes(1);
      // A missing person fails alone, not the calls it was batched with.
      const mixed = await Promise.allSettled([
        templates().render(ws.id, t.id, { personId: ids[0]!.person_id }),
        templates().render(ws.id, t.id, { personId: '00000000-0000-7000-8000-000000000000' }),
      ]);
      expect(mixed.map((m) => m.status)).toEqual(['fulfilled', 'rejected']);
    } finally {
      getPeople.mockRestore();
      getPerson.mockRestore();
      rowsOf.mockRestore();
    }
  });

  it('reads computed traits only for a template that uses them', async () => {
    const people = [await tracked({ firstName: 'C1' }), await tracked({ firstName: 'C2' })];
    const uses = await ok('POST', '/templates', {
      channel: 'push',
      name: 'Loyal',
      subject: 'Hi',
      body: '{{ person.firstName }}: {{ person.computed.orderCount }} orders',
    });
    const plain = await ok('POST', '/templates', { channel: 'push', name: 'Plain', body: '{{ person.firstName }}' });
    const forPerson = vi.spyOn(env.kernel.cdp.computedTraits, 'forPerson');
    try {
      const out = await templates().renderMany(
        ws.id,
        uses.id,
        people.map((personId) => ({ personId })),
      );
      expect(out.map((o) => o.rendered?.text)).toEqual(['C1: 0 orders', 'C2: 0 orders']);
      expect(out[0]!.rendered!.subject).toBe('Hi');
      expect(forPerson).toHaveBeenCalledTimes(2);
      forPerson.mockClear();
      await templates().renderMany(
        ws.id,
        plain.id,
        people.map((personId) => ({ personId })),
      );
      expect(forPerson).not.toHaveBeenCalled();
    } finally {
      forPerson.mockRestore();
    }
  });

  it('test-send queues a transactional message through the ledger to a person or the owner of an address', async () => {
    const channel = await ok('POST', '/channels', {
      type: 'email',
      name: 'Test mail',
      config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <news@shop.example>' },
    });
    const t = await ok('POST', '/templates', {
      channel: 'email',
      name: 'Try me',
      subject: 'Test for {{ person.firstName }}: {{ data.code | default: "no code" }}',
      body: mjml('Hello {{ person.firstName }}'),
    });
    // No consent recorded: a test send is transactional, which goes unless consent was withdrawn.
    const person = await ok('POST', '/people', { firstName: 'Тест', emails: ['tester@example.org'] });
    const r = await api('POST', `/templates/${t.id}/test-send`, {
      channelId: channel.id,
      to: 'Tester@Example.org',
      data: { code: 'X1' },
    });
    expect(r.status, r.text).toBe(202);
    const m = await eventually(async () => {
      const x = await ok('GET', `/messages/${r.body.id}`);
      return ['sent', 'delivered', 'failed', 'suppressed'].includes(x.status) ? x : null;
    }, 60_000);
    expect(m).toMatchObject({ status: 'sent', kind: 'transactional', personId: person.id, templateVersion: 1 });
    const got = peer.messages.find((x) => x.messageId === m.providerId);
    expect(got?.subject).toBe('Test for Тест: X1');
    expect(got?.html).toContain('Hello Тест');
    const again = await ok('POST', `/templates/${t.id}/test-send`, { channelId: channel.id, personId: person.id });
    expect(again.id).not.toBe(r.body.id);
    const unknown = await api('POST', `/templates/${t.id}/test-send`, {
      channelId: channel.id,
      to: 'nobody@example.org',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('to');
    const noChannel = await api('POST', `/templates/${t.id}/test-send`, { personId: person.id });
    expect(noChannel.body.error.details[0].path).toBe('channelId');
  });
});
