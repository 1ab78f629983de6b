import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/auth/actor.ts';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';

/**
 * CSAT end to end with a real SMTP server: a solved email conversation sends the survey on email
 * (threaded into the client's mail), the signed link opens the hosted page in the person's
 * language, a low answer reopens the conversation and lands on the timeline and as a trait; a
 * closed conversation's low answer becomes a CRM task instead.
 */
describe('service: CSAT', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let inboxId: string;
  let agentId: string;
  let n = 0;

  const root = (method: 'GET' | 'POST', url: string, payload?: string) =>
    env.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
  const linkIn = (to: string) =>
    eventually(async () => {
      const m = peer.messages.filter((x) => x.to.includes(to) && /\/csat\//.test(x.text ?? ''));
      return m.length ? { message: m.at(-1)!, token: /\/csat\/([A-Za-z0-9_-]+)/.exec(m.at(-1)!.text ?? '')![1] } : null;
    }, 60_000);
  const conversation = async (email: string, traits: Record<string, unknown> = {}) => {
    const r = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'email',
      identities: [{ kind: 'email', value: email }],
      traits,
      externalId: `<m${++n}@client.example>`,
      ownKey: `<m${n}@client.example>`,
      subject: 'Не приходит выписка',
      text: 'Добрый день, не приходит выписка по карте',
    });
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { assigneeId: agentId });
    await call.ok('POST', `/conversations/${r.conversationId}/messages`, { body: 'Отправили выписку повторно' });
    return r;
  };

  beforeAll(async () => {
    peer = await startSmtpPeer();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8', publicUrl: 'https://crm.bank.example' });
    ws = await env.workspace('csat');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    agentId = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'olga@bank.example',
        name: 'Ольга',
        password: 'correct horse battery staple',
        role: 'admin',
      })
    ).id;
    const channelId = (
      await call.ok('POST', '/channels', {
        type: 'email',
        name: 'Support mail',
        config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Bank <support@bank.example>' },
      })
    ).id;
    inboxId = (
      await call.ok('POST', '/inboxes', {
        name: 'Support',
        channel: 'email',
        address: 'support@bank.example',
        channelId,
      })
    ).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  it('solve → survey by email → hosted page → low score reopens, timeline and trait', async () => {
    const r = await conversation('ivan@example.ru');
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { status: 'solved' });
    const { message, token } = await linkIn('ivan@example.ru');
    // On the client's channel, in their thread, in Russian (no locale trait), with our public URL.
    expect(message.text).toContain('https://crm.bank.example/csat/');
    expect(message.text).toContain('Оцените');
    expect(message.headers['in-reply-to']).toBeTruthy();

    const page = await root('GET', `/csat/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Оцените нашу помощь');
    expect(page.body).not.toContain('<script');

    const tampered = await root('GET', `/csat/${token.slice(0, -2)}xx`);
    expect(tampered.statusCode).toBe(404);
    const empty = await root('POST', `/csat/${token}`, 'comment=');
    expect(empty.statusCode).toBe(422);

    const saved = await root('POST', `/csat/${token}`, 'score=2&comment=%D0%94%D0%BE%D0%BB%D0%B3%D0%BE');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Спасибо за честную оценку');

    const row = await env.kernel.db
      .selectFrom('service_csat')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('conversation_id', '=', r.conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      score: 2,
      comment: 'Долго',
      agent_id: agentId,
      follow_up: 'reopened',
      channel: 'email',
    });
    const conv = await call.ok('GET', `/conversations/${r.conversationId}`);
    expect(conv.status).toBe('reopened');
    const person = await env.kernel.cdp.getPerson(ws.id, r.personId);
    expect(person.traits).toMatchObject({ lastCsat: 2 });
    const events = await env.kernel.db
      .selectFrom('events')
      .select(['event', 'properties'])
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', r.personId)
      .where('event', '=', 'CSAT Answered')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0].properties).toMatchObject({ score: 2, conversationId: r.conversationId, agentId });

    // The JSON API answers the same survey; the change of mind keeps one follow-up.
    const again = await call.api('POST', `/csat/${token}`, { score: 5 }, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ score: 5, conversationId: r.conversationId });
    expect((await call.api('POST', `/csat/${token}`, { score: 7 }, {})).status).toBe(400);
    expect((await call.api('POST', '/csat/nonsense', { score: 3 }, {})).status).toBe(404);

    // GDPR: the answer is in the person's export and goes with the erase.
    const exported = (await env.kernel.privacy.export(ws.id, r.personId)) as { modules: Record<string, any> };
    expect(exported.modules['service-csat'].csatAnswers).toMatchObject([
      { score: 5, conversation_id: r.conversationId },
    ]);
    await env.kernel.privacy.erase(systemActor(ws.id), r.personId);
    const left = await env.kernel.db
      .selectFrom('service_csat')
      .select('id')
      .where('person_id', '=', r.personId)
      .execute();
    expect(left).toEqual([]);
  });

  it('in English for an English-speaking person; a closed conversation gets a CRM task for a low score', async () => {
    const r = await conversation('john@example.com', { locale: 'en-GB' });
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { status: 'solved' });
    const { message, token } = await linkIn('john@example.com');
    expect(message.text).toContain('Please rate our help');
    expect((await root('GET', `/csat/${token}`)).body).toContain('Rate our help');
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { status: 'closed' });
    await call.ok('POST', `/csat/${token}`, { score: 1, comment: 'Too slow' }, {});
    const row = await env.kernel.db
      .selectFrom('service_csat')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('conversation_id', '=', r.conversationId)
      .executeTakeFirstOrThrow();
    expect(row.follow_up).toMatch(/^task:/);
    const task = await env.kernel.db
      .selectFrom('crm_activities')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('id', '=', row.follow_up!.slice(5))
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ kind: 'task', person_id: r.personId, assignee_id: agentId });
    expect(task.subject).toContain('CSAT 1/5');
  });
});
