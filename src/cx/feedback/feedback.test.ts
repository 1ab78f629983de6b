import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { fixedAnalysis } from '../mentions/test-analyzer.ts';

/**
 * The desk's client messages analysed like survey comments and mentions (by the job the desk's
 * after-commit hook queues), a conversation's analysis, the feed of all three sources with its
 * filters and cursor, privacy and workspace isolation.
 */
describe('cx: feedback', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let otherCall: ReturnType<typeof apiClient>;
  let inboxId: string;
  let n = 0;
  const k = () => env.kernel as any;
  const inbound = (email: string, text: string, at?: Date) =>
    env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: email }],
      externalId: `fb-${++n}`,
      text,
      ...(at ? { at } : {}),
    });
  const analysed = (conversationId: string, count: number) =>
    eventually(async () => {
      const a = await call.ok('GET', `/conversations/${conversationId}/analysis`);
      return a.messages.length >= count ? a : null;
    });

  beforeAll(async () => {
    env = await startTestEnv();
    k().text.analyze = async (_ws: string, text: string) => fixedAnalysis(text);
    ws = await env.workspace('feedback');
    other = await env.workspace('feedback-other');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    otherCall = apiClient(() => env.app, { prefix: '/api/v1', auth: () => other.auth });
    inboxId = (await call.ok('POST', '/inboxes', { name: 'App', channel: 'api' })).id;
  });
  afterAll(async () => env?.close());

  it("analyses a client's messages after commit (the job), not the agent's reply; overall sentiment", async () => {
    const first = await inbound('olga@client.example', 'Курьер опоздал на два часа, ужасная доставка');
    await call.ok('POST', `/conversations/${first.conversationId}/messages`, { body: 'Ужасно жаль, разберёмся' });
    const second = await inbound('olga@client.example', 'Спасибо, всё отлично, деньги вернули');
    expect(second.conversationId).toBe(first.conversationId);
    const a = await analysed(first.conversationId, 2);
    expect(a.messages).toHaveLength(2);
    expect(a.messages.map((m: any) => [m.messageId, m.sentiment.label, m.topics])).toEqual([
      [first.messageId, 'negative', ['delivery']],
      [second.messageId, 'positive', []],
    ]);
    expect(a.messages[0]).toMatchObject({ personId: first.personId, channel: 'api', language: 'ru' });
    // (1·−0.8 + 2·0.7) / 3 = 0.2: the newest weighs most; 0.2 is not above the cut → neutral.
    expect(a.overall).toEqual({ label: 'neutral', score: 0.2, messages: 2, negative: 1, complaint: false });
    // Idempotent per message: analysing again rewrites the one row.
    expect(await k().cx.feedback.tickets.analyze(ws.id, first.messageId)).toBe(true);
    expect((await call.ok('GET', `/conversations/${first.conversationId}/analysis`)).messages).toHaveLength(2);
  });

  it('a conversation with nothing analysed: overall null; unknown or foreign: 404', async () => {
    // A ticket an agent opened: its first message is an internal note, nothing of the client's to analyse.
    const conv = await call.ok('POST', '/conversations', {
      inboxId,
      personId: (await call.ok('POST', '/people', { firstName: 'Quiet' })).id,
      subject: 'Перезвонить клиенту',
    });
    expect(await call.ok('GET', `/conversations/${conv.id}/analysis`)).toEqual({
      conversationId: conv.id,
      overall: null,
      messages: [],
    });
    const mine = await inbound('ivan@client.example', 'Где мой заказ?');
    // Analysed before the next test reads the feed, so that its pages cannot see a row the full list did not.
    await analysed(mine.conversationId, 1);
    expect((await otherCall.api('GET', `/conversations/${mine.conversationId}/analysis`)).status).toBe(404);
    expect((await call.api('GET', '/conversations/0190c000-0000-7000-8000-000000000000/analysis')).status).toBe(404);
    expect((await call.api('GET', '/conversations/not-a-uuid/analysis')).status).toBe(400);
  });

  it('the feed: tickets, survey comments and mentions in one shape, newest first, filtered, paged', async () => {
    const person = (await call.ok('POST', '/people', { firstName: 'Anna', emails: ['anna@client.example'] })).id;
    const survey = (await call.ok('POST', '/surveys', { name: 'NPS', type: 'nps', question: 'Рекомендуете?' })).id;
    const resp = await call.ok('POST', `/surveys/${survey}/responses`, {
      personId: person,
      score: 2,
      comment: 'Гнилые яблоки второй раз подряд',
    });
    const mention = await call.ok('POST', '/mentions', {
      source: 'forum',
      externalId: 'm-1',
      text: 'Отличный магазин, спасибо',
      publishedAt: new Date(Date.now() + 1000 - 3_600_000).toISOString(),
    });
    const all = await call.ok('GET', '/feedback?limit=500');
    const sources = new Set(all.data.map((x: any) => x.source));
    expect(sources).toEqual(new Set(['ticket', 'survey', 'mention']));
    const times = all.data.map((x: any) => Date.parse(x.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const s = all.data.find((x: any) => x.source === 'survey');
    expect(s).toMatchObject({
      id: resp.id,
      personId: person,
      excerpt: 'Гнилые яблоки второй раз подряд',
      sentiment: { label: 'negative' },
      topics: ['freshness'],
      link: { surveyId: survey, path: `/surveys/${survey}` },
    });
    const m = all.data.find((x: any) => x.source === 'mention');
    expect(m).toMatchObject({ id: mention.id, sentiment: { label: 'positive' }, link: { mentionId: mention.id } });
    const t = all.data.find((x: any) => x.source === 'ticket');
    expect(t.link.path).toBe(`/inbox/${t.link.conversationId}`);

    const neg = await call.ok('GET', '/feedback?sentiment=negative');
    expect(neg.data.length).toBeGreaterThan(1);
    expect(neg.data.every((x: any) => x.sentiment.label === 'negative')).toBe(true);
    expect((await call.ok('GET', '/feedback?source=survey')).data.map((x: any) => x.id)).toEqual([resp.id]);
    expect((await call.ok('GET', '/feedback?topic=freshness')).data.map((x: any) => x.id)).toEqual([resp.id]);
    expect((await call.ok('GET', '/feedback?topic=delivery&source=ticket')).data).toHaveLength(1);
    expect((await call.ok('GET', `/feedback?personId=${person}`)).data.map((x: any) => x.id)).toEqual([resp.id]);

    // Pages of 1: every item once, in the same order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call.ok('GET', `/feedback?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((x: any) => `${x.source}:${x.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((x: any) => `${x.source}:${x.id}`));

    const bad = await call.api('GET', '/feedback?source=tweet');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.source');
    expect((await call.api('GET', '/feedback?cursor=nonsense')).status).toBe(400);
    expect(
      (await call.api('GET', `/feedback?cursor=${Buffer.from('{"at":"x","id":"y"}').toString('base64url')}`)).status,
    ).toBe(400);
    // Another workspace sees none of it.
    expect((await otherCall.ok('GET', '/feedback')).data).toEqual([]);
  });

  it('GDPR: the analyses of a person’s messages are exported and erased with them', async () => {
    const r = await inbound('erase-me@client.example', 'Верните деньги, ужасный сервис');
    await analysed(r.conversationId, 1);
    const x = await call.ok('GET', `/persons/${r.personId}/export`);
    expect(x.modules['cx-feedback'].ticketMessageAnalyses.map((m: any) => m.excerpt)).toEqual([
      'Верните деньги, ужасный сервис',
    ]);
    await call.ok('POST', `/persons/${r.personId}/erase`, {});
    expect((await call.ok('GET', `/feedback?personId=${r.personId}`)).data).toEqual([]);
  });
});
