import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { openWs } from '../../../test/peers/ws-client.ts';
import type { CxKernel } from '../kernel.ts';

/**
 * Surveys in the web chat, through the real chat socket: a visitor who chatted gets the question
 * and their personal link live in the widget (a system message of their conversation) and answers
 * on the hosted page; a person without a chat conversation and one who withdrew service messages in
 * messengers are skipped with the reason; a single send with `channel: chat` posts into the chat,
 * and is a 400 naming the person when they have none.
 */
describe('cx: surveys in the web chat', () => {
  let env: TestEnv;
  let k: CxKernel;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let base: string;
  let chatInbox: string;
  const visitor = async (text: string) => {
    const v = await openWs(`${base}/chat/ws?inbox=${chatInbox}`, { origin: 'https://shop.example' });
    v.send({ type: 'hello' });
    const welcome = await v.next((m) => m.type === 'welcome');
    v.send({ type: 'message', id: 'm1', text });
    expect((await v.next((m) => m.type === 'ack' || m.type === 'refused')).type).toBe('ack');
    const person = await eventually(async () => {
      const r = await call.api('GET', `/people/lookup?kind=anonymous_id&value=${welcome.anonymousId}`);
      return r.status === 200 ? (r.body.id as string) : null;
    }, 30_000);
    return { v, person };
  };
  const conversationOf = async (personId: string) =>
    (await call.ok('GET', `/conversations?personId=${personId}&channel=chat`)).data[0];

  beforeAll(async () => {
    env = await startTestEnv({ publicUrl: 'https://crm.shop.example' });
    k = env.kernel as unknown as CxKernel;
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `ws://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    ws = await env.workspace('surveys-chat');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    chatInbox = (await call.ok('POST', '/inboxes', { name: 'Site chat', channel: 'chat' })).id;
  }, 240_000);
  afterAll(async () => env?.close());

  it('a chat wave posts the question and the link into each chat; the others are skipped with the reason', async () => {
    const a = await visitor('Здравствуйте, где мой заказ?');
    const refused = await visitor('Привет');
    await call.ok('POST', `/people/${refused.person}/consents`, {
      channel: 'messenger',
      purpose: 'service',
      granted: false,
      source: 'chat',
    });
    await refused.v.close();
    const noChat = (await call.ok('POST', '/people', { firstName: 'Без чата', emails: ['nochat@shop.example'] })).id;
    const list = (await call.ok('POST', '/segments', { name: 'Chat wave', kind: 'list' })).id;
    await call.ok('POST', `/segments/${list}/members`, { personIds: [a.person, refused.person, noChat] });
    const id = (await call.ok('POST', '/surveys', { name: 'Chat NPS', type: 'nps', question: 'Порекомендуете нас?' }))
      .id;

    const sent = await call.api('POST', `/surveys/${id}/send`, { channel: 'chat', segmentId: list });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.body).toMatchObject({ queued: true, channelId: null, segmentId: list });

    // Live in the widget: the question and the personal link, from the system.
    const live = await a.v.next((m) => m.type === 'message' && m.message.direction === 'out', 60_000);
    expect(live.message.body).toContain('Порекомендуете нас?');
    const token = /https:\/\/crm\.shop\.example\/survey\/([A-Za-z0-9_-]+)/.exec(live.message.body)?.[1];
    expect(token).toBeTruthy();
    const conv = await conversationOf(a.person);
    const msgs = (await call.ok('GET', `/conversations/${conv.id}/messages`)).data;
    expect(msgs.at(-1)).toMatchObject({ direction: 'out', channel: 'chat', authorKind: 'system' });
    // The visitor's conversation keeps its status: a system message is not an agent's answer.
    expect((await call.ok('GET', `/conversations/${conv.id}`)).status).toBe('new');

    const res = await eventually(async () => {
      const x = await call.ok('GET', `/surveys/${id}/results`);
      return x.delivered === 1 && x.skipped.no_chat_conversation === 1 && x.skipped.no_consent === 1 ? x : null;
    }, 60_000);
    expect(res.responseRate).toBe(0);
    const refusedMsgs = (await call.ok('GET', `/conversations/${(await conversationOf(refused.person)).id}/messages`))
      .data;
    expect(refusedMsgs.filter((m: { direction: string }) => m.direction === 'out')).toEqual([]);

    const answered = await env.app.inject({
      method: 'POST',
      url: `/survey/${token}`,
      payload: 'score=9',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answered.statusCode).toBe(200);
    const responses = (await call.ok('GET', `/surveys/${id}/responses`)).data;
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ personId: a.person, score: 9, channel: 'chat' });
    // A retried page reaches nobody twice.
    const retried = await k.cx.surveys.delivery.wave(ws.id, { surveyId: id, channel: 'chat', segmentId: list });
    expect(retried).toMatchObject({ sent: 0, skipped: 0 });
    const outs = (await call.ok('GET', `/conversations/${conv.id}/messages`)).data.filter(
      (m: { direction: string }) => m.direction === 'out',
    );
    expect(outs).toHaveLength(1);
    await a.v.close();
  }, 180_000);

  it('a single send on the chat posts into the person’s chat; without one it is a 400 naming personId', async () => {
    const b = await visitor('Добрый день');
    const id = (await call.ok('POST', '/surveys', { name: 'Chat CSAT', type: 'csat', question: 'Довольны?' })).id;
    const link = await call.api('POST', `/surveys/${id}/links`, { personId: b.person, channel: 'chat' });
    expect(link.status, link.text).toBe(201);
    const live = await b.v.next((m) => m.type === 'message' && m.message.direction === 'out', 30_000);
    expect(live.message.body).toContain('Довольны?');
    expect(live.message.body).toContain(link.body.url);
    await b.v.close();

    const noChat = (await call.ok('POST', '/people', { firstName: 'Нет чата' })).id;
    const refused = await call.api('POST', `/surveys/${id}/links`, { personId: noChat, channel: 'chat' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'personId' });
  }, 120_000);
});
