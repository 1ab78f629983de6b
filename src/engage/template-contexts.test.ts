import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { compile, FactList, renderCompiled, toFacts } from './template-render.ts';
import { liquidScope } from './template-context.ts';

describe('engage: template lists (pure)', () => {
  const render = async (body: string, contexts: Record<string, unknown>, data?: Record<string, unknown>) =>
    (
      await renderCompiled(
        await compile({ format: 'text', subject: null, body }, '', ['person', 'data', 'items']),
        liquidScope(null, { contexts, data }),
      )
    ).text;
  const items = [
    { productId: 'A', name: 'Альфа', score: 0.9, label: 'Альфа (A)' },
    { productId: 'B', name: 'Бета', score: 0.5, label: 'Бета (B)' },
    { productId: 'C', name: 'Гамма', score: 0.1, label: 'Гамма (C)' },
  ];

  it('`| first: n` prints the first n labels; `| first` is the first item; loops see the fields', async () => {
    expect(await render('{{ items | first: 2 }}', { items })).toBe('Альфа (A), Бета (B)');
    expect(await render('{{ items | first }}', { items })).toBe('Альфа (A)');
    expect(await render('{{ items }}', { items })).toBe('Альфа (A), Бета (B), Гамма (C)');
    expect(await render('{% for r in items limit: 2 %}{{ r.productId }}={{ r.name }};{% endfor %}', { items })).toBe(
      'A=Альфа;B=Бета;',
    );
    expect(await render('{{ items.size }} {{ items.first.name }} {{ items.last.productId }}', { items })).toBe(
      '3 Альфа C',
    );
    // Liquid's own `first` on a plain array and a string stays as it was.
    expect(await render('{{ data.xs | first }}|{{ data.xs | first: 2 }}', {}, { xs: ['p', 'q', 'r'] })).toBe('p|pq');
  });

  it('an empty or missing list prints nothing and loops zero times', async () => {
    expect(await render('[{{ items | first: 3 }}]{% for r in items %}x{% endfor %}', { items: [] })).toBe('[]');
    expect(await render('[{{ items | first: 3 }}]{% for r in items %}x{% endfor %}', { items: null })).toBe('[]');
  });

  it('a list item without a label prints its name, else its id; a missing key is null', () => {
    const l = new FactList([{ name: 'N' }, { id: 7 }, { other: 1 }]);
    expect(String(l)).toBe('N, 7');
    expect(l.slice(0, 1).size).toBe(1);
    expect(toFacts('x')).toBe('x');
  });
});

describe('engage: registered template contexts', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const calls: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('template-contexts-ws');
    env.kernel.engage.templates.registerContext('gifts', (w, personId) => {
      calls.push(personId);
      if (w !== ws.id) return [];
      return [
        { id: 'G1', name: 'Кружка', label: 'Кружка (G1)' },
        { id: 'G2', name: 'Блокнот', label: 'Блокнот (G2)' },
        { id: 'G3', name: 'Ручка', label: 'Ручка (G3)' },
      ];
    });
    env.kernel.engage.templates.registerContext('broken', () => {
      throw new Error('provider down');
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  const person = async () => {
    const src = await ok('POST', '/sources', { name: 'Site', kind: 'server' });
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.writeKey}:`).toString('base64')}` },
      payload: { batch: [{ type: 'identify', messageId: 'ctx-1', userId: 'ctx-u1', traits: { firstName: 'Анна' } }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    return (await ok('GET', '/people/lookup?kind=user_id&value=ctx-u1')).id as string;
  };

  it('a template reads a registered context per person; the name is refused before registration', async () => {
    const personId = await person();
    const bad = await api('POST', '/templates', { channel: 'sms', name: 'X', body: '{{ nothing_here }}' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('nothing_here');
    const t = await ok('POST', '/templates', {
      channel: 'email',
      name: 'Gifts',
      subject: '{{ person.firstName }}: {{ gifts | first: 2 }}',
      body: '<p>{% for g in gifts %}<b>{{ g.name }}</b>{% endfor %}</p>',
    });
    const out = await env.kernel.engage.templates.render(ws.id, t.id, { personId });
    expect(out.subject).toBe('Анна: Кружка (G1), Блокнот (G2)');
    expect(out.html).toBe('<p><b>Кружка</b><b>Блокнот</b><b>Ручка</b></p>');
    expect(calls).toEqual([personId]);
    // The preview reads it too; a template that does not mention it does not call the provider.
    const preview = await ok('POST', `/templates/${t.id}/preview`, { personId });
    expect(preview.subject).toBe('Анна: Кружка (G1), Блокнот (G2)');
    const plain = await ok('POST', '/templates', { channel: 'sms', name: 'Plain', body: 'Привет' });
    await env.kernel.engage.templates.render(ws.id, plain.id, { personId });
    expect(calls).toHaveLength(2);
    // A failing provider gives nothing rather than failing the message.
    const b = await ok('POST', '/templates', { channel: 'sms', name: 'B', body: '[{{ broken | first: 3 }}]' });
    expect((await env.kernel.engage.templates.render(ws.id, b.id, { personId })).text).toBe('[]');
  });

  it('refuses a context under a built-in name or twice', () => {
    const t = env.kernel.engage.templates;
    expect(() => t.registerContext('person', () => null)).toThrow(/not allowed/);
    expect(() => t.registerContext('gifts', () => null)).toThrow(/twice/);
  });
});
