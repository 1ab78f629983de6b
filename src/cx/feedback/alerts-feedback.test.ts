import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { fixedAnalysis } from '../mentions/test-analyzer.ts';

/** The hour the tests look at: 10:00–11:00 UTC, "now" at 10:40; the baseline is the 24 hours before. */
const NOW = new Date('2026-11-20T10:40:00Z');
const at = (hoursBefore: number, minute = 5) => new Date(Date.UTC(2026, 10, 20, 10 - hoursBefore, minute));

/**
 * Alert rules over all feedback: a spike of negative ticket messages about one store raises one
 * alert (once per window), the usual level none; a rule on mentions only (the default, as every
 * rule made before sources) does not count tickets; survey comments count when chosen; the
 * product scope matches a topic key or the text.
 */
describe('cx: alerts on all feedback', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let inboxId: string;
  let n = 0;
  const k = () => env.kernel as any;
  const ticket = async (text: string, when: Date) => {
    const r = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: `client${++n}@client.example` }],
      externalId: `t-${n}`,
      text,
      at: when,
    });
    // The job does the same after commit; analysing here makes the test not wait for it (idempotent).
    await k().cx.feedback.tickets.analyze(ws.id, r.messageId);
    return r;
  };
  const evaluate = (now: Date) => k().cx.mentions.alerts.evaluate(ws.id, now);

  beforeAll(async () => {
    env = await startTestEnv();
    k().text.analyze = async (_ws: string, text: string) => fixedAnalysis(text);
    ws = await env.workspace('feedback-alerts');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    inboxId = (await call.ok('POST', '/inboxes', { name: 'App', channel: 'api' })).id;
  });
  afterAll(async () => env?.close());

  it('rules take sources (default mention) and the product scope; bad ones are 400 naming the field', async () => {
    const plain = await call.ok('POST', '/mention-alert-rules', { name: 'Old style', scope: 'all', minCount: 1000 });
    expect(plain.sources).toEqual(['mention']);
    const bad = await call.api('POST', '/mention-alert-rules', { name: 'x', sources: ['tweets'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/sources/);
    const empty = await call.api('POST', '/mention-alert-rules', { name: 'x', sources: [] });
    expect(empty.status).toBe(400);
    const noProduct = await call.api('POST', '/mention-alert-rules', { name: 'x', scope: 'product' });
    expect(noProduct.body.error.details[0].path).toBe('scopeValue');
    const changed = await call.ok('PATCH', `/mention-alert-rules/${plain.id}`, {
      sources: ['ticket', 'mention', 'ticket'],
    });
    expect(changed.sources).toEqual(['mention', 'ticket']);
    await call.ok('DELETE', `/mention-alert-rules/${plain.id}`);
  });

  it('a spike of negative ticket messages about one store raises one alert; the usual level none', async () => {
    const rule = await call.ok('POST', '/mention-alert-rules', {
      name: 'Тверская: обращения',
      scope: 'store',
      scopeValue: 'Тверск',
      sources: ['ticket'],
      windowMinutes: 60,
      baselineWindows: 24,
      sigma: 2,
      minCount: 3,
    });
    const mentionsOnly = await call.ok('POST', '/mention-alert-rules', {
      name: 'Тверская: упоминания',
      scope: 'store',
      scopeValue: 'Тверск',
      windowMinutes: 60,
      baselineWindows: 24,
      sigma: 2,
      minCount: 3,
    });
    // The usual level: one negative ticket about the store every other hour (μ = 0.5, σ = 0.5: the line is 1.5).
    for (let h = 1; h <= 24; h += 2) await ticket(`Ужасная очередь в магазине на Тверской (${h})`, at(h));
    // The current hour: two about the store (under minCount 3), noise about another store, a positive one.
    await ticket('Гнилые яблоки в магазине на Тверской', at(0, 10));
    await ticket('Ужас, на Тверской опять нет тележек', at(0, 12));
    for (let i = 0; i < 5; i++) await ticket(`Ужасный сервис на Арбате ${i}`, at(0, 15 + i));
    await ticket('Отличный магазин на Тверской', at(0, 20));
    expect(await evaluate(NOW)).toEqual([]);

    await ticket('Верните деньги, на Тверской продали гнилое мясо', at(0, 30));
    const raised = await evaluate(NOW);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      ruleId: rule.id,
      count: 3,
      baselineMean: 0.5,
      sources: ['ticket'],
      bySource: { mention: 0, survey: 0, ticket: 3 },
      mentionIds: [],
    });
    expect(raised[0].sample.map((x: any) => x.source)).toEqual(['ticket', 'ticket', 'ticket']);
    // Not twice in the same window.
    expect(await evaluate(new Date(NOW.getTime() + 60_000))).toEqual([]);
    const listed = await call.ok('GET', `/mention-alerts?ruleId=${rule.id}`);
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ sources: ['ticket'], bySource: { ticket: 3 } });
    // The rule on mentions only saw nothing.
    expect((await call.ok('GET', `/mention-alerts?ruleId=${mentionsOnly.id}`)).data).toEqual([]);
    await call.ok('DELETE', `/mention-alert-rules/${rule.id}`);
    await call.ok('DELETE', `/mention-alert-rules/${mentionsOnly.id}`);
  });

  it('survey comments count when chosen; the product scope matches a topic or the text', async () => {
    const now = new Date();
    const survey = (await call.ok('POST', '/surveys', { name: 'CSAT', type: 'csat' })).id;
    const answer = async (comment: string) =>
      call.ok('POST', `/surveys/${survey}/responses`, {
        personId: (await call.ok('POST', '/people', { firstName: `S${++n}` })).id,
        score: 1,
        comment,
      });
    const rule = (sources: string[], scopeValue: string) =>
      call.ok('POST', '/mention-alert-rules', {
        name: `${sources.join('+')} ${scopeValue}`,
        scope: 'product',
        scopeValue,
        sources,
        windowMinutes: 1440,
        baselineWindows: 7,
        sigma: 0,
        minCount: 2,
      });
    const surveys = await rule(['survey'], 'freshness');
    const byText = await rule(['survey', 'ticket'], 'творог');
    const ticketsOnly = await rule(['ticket'], 'freshness');
    await answer('Гнилые яблоки, ужас');
    await answer('Творог с истёкшим сроком, ужасно');
    await answer('Опять гнилой творог');
    const raised = await evaluate(now);
    const of = (id: string) => raised.find((a: any) => a.ruleId === id);
    expect(of(surveys.id)).toMatchObject({ count: 2, sources: ['survey'], bySource: { survey: 2, ticket: 0 } });
    expect(of(byText.id)).toMatchObject({ count: 2, sources: ['survey', 'ticket'], bySource: { survey: 2 } });
    expect(of(ticketsOnly.id)).toBeUndefined();
  });
});
