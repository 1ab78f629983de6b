import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';

/** POST /text/analyze (the contract), the workspace lexicon and topic rules through REST. */
describe('text analysis: REST contract, lexicon and topics', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('text-ws');
    other = await env.workspace('text-other');
  }, 120_000);
  afterAll(async () => env?.close());

  it('POST /text/analyze keeps the contract: language, sentiment {label, score}, topics', async () => {
    const a = await ok('POST', '/text/analyze', { text: 'Курьер опоздал на два часа, верните деньги!' });
    expect(a.language).toBe('ru');
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(a.sentiment.score).toBeLessThan(0);
    expect(a.topics).toEqual(expect.arrayContaining(['delivery']));
    expect(a.complaint).toBe(true);
    const en = await ok('POST', '/text/analyze', { text: 'Great pharmacy, friendly staff' });
    expect(en).toMatchObject({ language: 'en', sentiment: { label: 'positive' }, topics: ['staff'] });
    const emoji = await ok('POST', '/text/analyze', { text: '🔥🔥🔥' });
    expect(emoji).toMatchObject({ language: 'und', sentiment: { label: 'neutral', score: 0 }, topics: [] });
    const html = await ok('POST', '/text/analyze', { text: '<div><i>Отличная</i> аптека</div>' });
    expect(html.sentiment.label).toBe('positive');
  });

  it('bad input is a 4xx naming `text`: missing, empty, tags only, too long, not a string', async () => {
    for (const body of [
      {},
      { text: '' },
      { text: '   ' },
      { text: '<p> </p>' },
      { text: 42 },
      { text: 'x'.repeat(20_001) },
    ]) {
      const r = await api('POST', '/text/analyze', body);
      expect(r.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain('text');
    }
    const long = await api('POST', '/text/analyze', { text: 'x'.repeat(20_001) });
    expect(long.body.error.details[0]).toMatchObject({ path: 'text', code: 'TOO_LONG', limit: 20_000 });
    expect((await api('POST', '/text/analyze', { text: 'ок' })).status).toBe(200);
  });

  it('a workspace lexicon entry changes the analysis at once, only in that workspace', async () => {
    const text = 'Оформил рассрочку, всё нормально, спасибо';
    expect((await ok('POST', '/text/analyze', { text })).sentiment.label).toBe('positive');
    const e = await ok('POST', '/text/lexicon', { term: 'Рассрочку', score: -5, complaint: true });
    expect(e).toMatchObject({ term: 'Рассрочку', score: -5, complaint: true });
    const after = await ok('POST', '/text/analyze', { text: 'Рассрочка — всё нормально, спасибо' });
    expect(after.sentiment.label).toBe('negative');
    expect(after.complaint).toBe(true);
    // Another workspace keeps the built-in lexicon.
    const b = await ok('POST', '/text/analyze', { text }, other.auth);
    expect(b.sentiment.label).toBe('positive');
    // Same term in another case or with ё/е → 409 naming `term`; a bad score → 400 naming `score`.
    const dup = await api('POST', '/text/lexicon', { term: 'рассрочку ', score: 1 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0]).toMatchObject({ path: 'term', code: 'ALREADY_USED', existingId: e.id });
    const bad = await api('POST', '/text/lexicon', { term: 'x', score: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('score');
    expect((await api('POST', '/text/lexicon', { term: '!!!', score: 1 })).status).toBe(400);
    // Edit, list with search and paging, delete: each invalidates the cached lexicon.
    await ok('PATCH', `/text/lexicon/${e.id}`, { score: 3, complaint: false });
    expect((await ok('POST', '/text/analyze', { text })).sentiment.label).toBe('positive');
    await ok('POST', '/text/lexicon', { term: 'рассрочка без переплат', score: 4 });
    await ok('POST', '/text/lexicon', { term: 'кэшбэк', score: 1 });
    const page1 = await ok('GET', '/text/lexicon?limit=2');
    expect(page1.data).toHaveLength(2);
    const page2 = await ok('GET', `/text/lexicon?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.data).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect((await ok('GET', '/text/lexicon?q=РАССР')).data).toHaveLength(2);
    expect((await ok('GET', `/text/lexicon/${e.id}`)).score).toBe(3);
    expect((await api('DELETE', `/text/lexicon/${e.id}`)).status).toBe(204);
    expect((await api('GET', `/text/lexicon/${e.id}`)).status).toBe(404);
    expect((await api('GET', `/text/lexicon/${e.id}`, undefined, other.auth)).status).toBe(404);
    expect((await ok('GET', '/text/lexicon', undefined, other.auth)).data).toEqual([]);
  });

  it('topic rules: add one, replace and hide a built-in, with 4xx on bad keys', async () => {
    const built = await ok('GET', '/text/topics');
    expect(built.builtIn.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['delivery', 'price']));
    const loyalty = await ok('POST', '/text/topics', {
      key: 'loyalty',
      name: 'Бонусы',
      keywords: ['бонус*', 'кэшбэк'],
    });
    await ok('POST', '/text/topics', { key: 'delivery', name: 'Доставка', keywords: [], enabled: false });
    const a = await ok('POST', '/text/analyze', { text: 'Курьер привёз, бонусы начислили' });
    expect(a.topics).toEqual(['loyalty']);
    await ok('PATCH', `/text/topics/${loyalty.id}`, { keywords: ['баллы'] });
    expect((await ok('POST', '/text/analyze', { text: 'Начислили баллы' })).topics).toEqual(['loyalty']);
    expect((await ok('POST', '/text/analyze', { text: 'Начислили баллы' }, other.auth)).topics).toEqual([]);
    const dup = await api('POST', '/text/topics', { key: 'loyalty', name: 'x', keywords: [] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0]).toMatchObject({ path: 'key', code: 'ALREADY_USED' });
    const bad = await api('POST', '/text/topics', { key: 'Не ключ', name: 'x', keywords: ['a'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('key');
    expect((await ok('GET', '/text/topics')).data.map((r: { key: string }) => r.key)).toEqual(['delivery', 'loyalty']);
    expect((await api('DELETE', `/text/topics/${loyalty.id}`, undefined, other.auth)).status).toBe(404);
    expect((await api('DELETE', `/text/topics/${loyalty.id}`)).status).toBe(204);
    expect((await ok('POST', '/text/analyze', { text: 'Начислили баллы' })).topics).toEqual([]);
  });

  it('POST /text/clusters groups texts by subject, deterministically, with bounds', async () => {
    const texts = [
      'Курьер опоздал с доставкой на два часа',
      'Доставка опять задержалась, курьер не позвонил',
      'Курьер привёз доставку вовремя',
      'Приложение вылетает при входе в личный кабинет',
      'После обновления приложение вылетает',
      'Приложение не открывается после обновления',
      '😀',
    ];
    // `other`: this file's main workspace hid the built-in delivery topic above.
    const a = await ok('POST', '/text/clusters', { texts, k: 2 }, other.auth);
    expect(a.assignments).toHaveLength(7);
    expect(a.assignments[6]).toBe(-1);
    expect(new Set(a.assignments.slice(0, 3)).size).toBe(1);
    expect(new Set(a.assignments.slice(3, 6)).size).toBe(1);
    expect(a.assignments[0]).not.toBe(a.assignments[3]);
    const delivery = a.clusters.find((c: { id: number }) => c.id === a.assignments[0]);
    expect(delivery.topics).toContain('delivery');
    expect(delivery.terms).toEqual(expect.arrayContaining(['курьер']));
    expect(await ok('POST', '/text/clusters', { texts, k: 2 }, other.auth)).toEqual(a);
    const one = await api('POST', '/text/clusters', { texts: ['x'] });
    expect(one.status).toBe(400);
    expect(one.body.error.details[0].path).toBe('texts');
    expect((await api('POST', '/text/clusters', { texts: Array(1001).fill('a b') })).status).toBe(400);
  });

  it('k.text.analyze (what surveys and mentions call) uses the workspace rules too', async () => {
    await ok('POST', '/text/lexicon', { term: 'огонь', score: 3 });
    const a = await env.kernel.text.analyze(ws.id, 'Доставка просто огонь');
    expect(a.sentiment.label).toBe('positive');
    const many = await env.kernel.text.analyzeMany(ws.id, ['Ужасно', 'Отлично']);
    expect(many.map((x) => x.sentiment.label)).toEqual(['negative', 'positive']);
  });
});
