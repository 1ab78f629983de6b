import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/auth/actor.ts';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { startMentionFeedsPeer, type MentionFeedsPeer } from '../../../test/peers/mention-feeds-peer.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';
import { fixedAnalysis } from './test-analyzer.ts';

/** The hour the tests look at: 10:00–11:00 UTC, "now" at 10:40; the baseline is the 24 hours before. */
const NOW = new Date('2026-11-20T10:40:00Z');
const at = (hoursBefore: number, minute = 5) =>
  new Date(Date.UTC(2026, 10, 20, 10 - hoursBefore, minute)).toISOString();

/**
 * Alerts on a wave of negative mentions about one store: raised once per window, not for the usual
 * level nor for another store, delivered to the bell, to a webhook subscriber (a real HTTP peer) and
 * by email through an engage email channel (a real SMTP peer).
 */
describe('cx: mention alerts', () => {
  let env: TestEnv;
  let smtp: SmtpPeer;
  let hooks: MentionFeedsPeer;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let marketer: string;
  let viewer: string;
  let ruleId: string;
  let n = 0;

  const post = (text: string, publishedAt: string) =>
    call.ok('POST', '/mentions', { source: 'forum', externalId: `p-${++n}`, text, publishedAt });
  const evaluate = (now: Date) => (env.kernel as any).cx.mentions.alerts.evaluate(ws.id, now);

  beforeAll(async () => {
    smtp = await startSmtpPeer({ parse: true });
    hooks = await startMentionFeedsPeer();
    hooks.set('/hook', { status: 200, type: 'text/plain', body: 'ok' });
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    (env.kernel as any).text.analyze = async (_ws: string, text: string) => fixedAnalysis(text);
    ws = await env.workspace('alerts');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    const member = (email: string, role: 'marketer' | 'viewer') =>
      env.kernel.auth.createMember(systemActor(ws.id), { email, name: email, password: 'member-password', role });
    marketer = (await member('cx@alerts.test', 'marketer')).id;
    viewer = (await member('viewer@alerts.test', 'viewer')).id;
  });
  afterAll(async () => {
    await env?.close();
    await smtp?.close();
    await hooks?.close();
  });

  it('a rule: its scope named; emails need an email channel', async () => {
    expect(
      (await call.api('POST', '/mention-alert-rules', { name: 'x', scope: 'store' })).body.error.details[0].path,
    ).toBe('scopeValue');
    const noChannel = await call.api('POST', '/mention-alert-rules', { name: 'x', emails: ['a@b.test'] });
    expect(noChannel.body.error.details[0].path).toBe('emailChannelId');
    const bad = await call.api('POST', '/mention-alert-rules', { name: 'x', sigma: -1, windowMinutes: 1 });
    expect(bad.status).toBe(400);
    const channel = await call.ok('POST', '/channels', {
      type: 'email',
      name: 'Alerts',
      config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Kartoteka <alerts@shop.example>' },
    });
    const rule = await call.ok('POST', '/mention-alert-rules', {
      name: 'Тверская',
      scope: 'store',
      scopeValue: 'Тверской',
      windowMinutes: 60,
      baselineWindows: 24,
      sigma: 2,
      minCount: 3,
      emails: ['cx-lead@shop.example'],
      emailChannelId: channel.id,
    });
    expect(rule).toMatchObject({
      scope: 'store',
      scopeValue: 'Тверской',
      metric: 'negative_mentions',
      sigma: 2,
      enabled: true,
    });
    ruleId = rule.id;
    await call.ok('POST', '/webhooks', { url: `${hooks.url}/hook`, eventTypes: ['mention.alert'] });
  });

  it('the usual level raises nothing; a spike about the store raises one alert per window', async () => {
    // The baseline: one negative mention about the store every other hour (μ = 0.5, σ = 0.5: the line is 1.5).
    for (let h = 1; h <= 24; h += 2) await post(`Ужасная очередь в магазине на Тверской (${h})`, at(h));
    // The current hour: two about the store (under minCount 3), and noise about another store.
    await post('Гнилые яблоки в магазине на Тверской', at(0, 10));
    await post('Ужас, на Тверской опять нет тележек', at(0, 12));
    for (let i = 0; i < 5; i++) await post(`Ужасный сервис на Арбате ${i}`, at(0, 15 + i));
    await post('Отличный магазин на Тверской', at(0, 20));
    expect(await evaluate(NOW)).toEqual([]);

    // A third negative one about the store: 3 ≥ minCount and 3 > 1.5.
    await post('Верните деньги, на Тверской продали гнилое мясо', at(0, 30));
    const raised = await evaluate(NOW);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      ruleId,
      ruleName: 'Тверская',
      windowStart: new Date('2026-11-20T10:00:00Z'),
      windowEnd: new Date('2026-11-20T11:00:00Z'),
      count: 3,
      baselineMean: 0.5,
      baselineSd: 0.5,
      threshold: 1.5,
    });
    expect(raised[0].mentionIds).toHaveLength(3);
    // Later in the same hour, more of them: no second alert for this window.
    await post('Ужасно на Тверской, кассы закрыты', at(0, 45));
    expect(await evaluate(new Date('2026-11-20T10:50:00Z'))).toEqual([]);
    const list = await call.ok('GET', '/mention-alerts');
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      id: raised[0].id,
      count: 3,
      scope: 'store',
      scopeValue: 'Тверской',
      acknowledgedAt: null,
    });

    // The bell: members who manage CX (the marketer), not a viewer.
    const notes = await env.kernel.db
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'link'])
      .where('workspace_id', '=', ws.id)
      .execute();
    expect(notes).toEqual([{ user_id: marketer, kind: 'mention.alert', link: '/mentions/alerts' }]);
    expect(notes.some((x) => x.user_id === viewer)).toBe(false);
    // The webhook subscriber gets mention.alert.
    const hook = await eventually(async () => hooks.requests.find((r) => r.url === '/hook'));
    const event = JSON.parse(hook.body);
    expect(event.type).toBe('mention.alert');
    expect(event.data).toMatchObject({ id: raised[0].id, count: 3, ruleName: 'Тверская' });
    // The email, through the channel.
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toEqual(['cx-lead@shop.example']);
    expect(mail.subject).toBe('Kartoteka alert: Тверская');
    expect(mail.text).toContain('3 negative mentions');

    const ack = await call.ok('POST', `/mention-alerts/${raised[0].id}/acknowledge`);
    expect(ack.acknowledgedAt).not.toBeNull();
  });

  it('the next window starts over; a disabled rule raises nothing', async () => {
    expect(await evaluate(new Date('2026-11-20T11:10:00Z'))).toEqual([]);
    await call.ok('PATCH', `/mention-alert-rules/${ruleId}`, { enabled: false });
    expect(await evaluate(new Date('2026-11-20T10:55:00Z'))).toEqual([]);
    await call.ok('DELETE', `/mention-alert-rules/${ruleId}`);
    expect((await call.ok('GET', '/mention-alerts')).data).toEqual([]);
  });
});
