import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { MessengerPeer } from '../../../test/peers/messenger-peer.ts';
import { openWs } from '../../../test/peers/ws-client.ts';
import { systemActor } from '../../core/auth/actor.ts';
import type { ServiceKernel } from '../kernel.ts';

/**
 * The bot against real paths: Telegram callbacks in and answers out through a local Bot API
 * (the person's card balance, bonus points and last order to a verified sender), the chat widget's
 * WebSocket (an anonymous visitor who typed a client's email gets no personal data, but gets a
 * knowledge-base answer live), handover with the context note and routing, silence once a person
 * answered, and SLA's first response untouched by the bot.
 */
describe('service: bot', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let tg: MessengerPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let base: string;
  let tgChannel: string;
  let tgInbox: string;
  let chatInbox: string;
  let apiInbox: string;
  let agent: string;
  let personId: string;
  const ORIGIN = 'https://bank.example';
  let update = 7000;

  const hook = (chatId: number, text: string) =>
    env.app.inject({
      method: 'POST',
      url: `/hooks/channels/${tgChannel}`,
      headers: { 'x-telegram-bot-api-secret-token': 'tg_secret_bot' },
      payload: {
        update_id: ++update,
        message: {
          message_id: update,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private' },
          from: { id: chatId, is_bot: false, first_name: 'Ирина' },
          text,
        },
      },
    });
  const messages = async (id: string) => (await call.ok('GET', `/conversations/${id}/messages`)).data;
  const tgSays = (chatId: string, pattern: RegExp) =>
    eventually(
      async () => tg.telegram.messages.find((m) => m.chatId === chatId && pattern.test(m.text)) ?? null,
      60_000,
    );

  beforeAll(async () => {
    tg = await new MessengerPeer().start();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `ws://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('bot');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    agent = (
      await k.auth.createMember(systemActor(ws.id), {
        email: 'agent@bank.example',
        name: 'Анна',
        password: 'agent-password-1',
        role: 'agent',
      })
    ).id;
    const team = await call.ok('POST', '/teams', { name: 'Карты', memberIds: [agent] });
    await call.ok('POST', '/routing-rules', { name: 'Всё — в Карты', conditions: {}, actions: { teamId: team.id } });
    tgChannel = (
      await call.ok('POST', '/channels', {
        type: 'telegram',
        name: 'Bank bot',
        config: { baseUrl: tg.telegramBase, botToken: tg.telegram.token, webhookSecret: 'tg_secret_bot' },
      })
    ).id;
    const bot = { enabled: true, handoverKeywords: ['жалоба'] };
    tgInbox = (
      await call.ok('POST', '/inboxes', {
        name: 'Telegram',
        channel: 'telegram',
        channelId: tgChannel,
        settings: { bot },
      })
    ).id;
    chatInbox = (
      await call.ok('POST', '/inboxes', {
        name: 'Chat',
        channel: 'chat',
        settings: { allowedOrigins: [ORIGIN], bot: { ...bot, greeting: { ru: 'Добрый день! Я бот Банка Восход.' } } },
      })
    ).id;
    apiInbox = (await call.ok('POST', '/inboxes', { name: 'App', channel: 'api', settings: { bot } })).id;
    await call.ok('POST', '/kb/articles', {
      title: 'Как заблокировать карту',
      body: 'Откройте приложение: Карты → Заблокировать. Или позвоните 8 800 000-00-00.',
      locale: 'ru',
      status: 'published',
    });
    // A bank client known by email, with her card's data from the core banking system and an order.
    const src = await call.ok('POST', '/sources', { name: 'core', kind: 'server' });
    const batch = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.writeKey}:`).toString('base64')}` },
      payload: {
        batch: [
          {
            type: 'identify',
            userId: 'vos-1',
            traits: { email: 'irina@client.example', cardBalance: 152340.5, cardStatus: 'active' },
          },
          {
            type: 'track',
            userId: 'vos-1',
            event: 'Order Completed',
            properties: { order_id: 'A-1001', status: 'в пути' },
          },
        ],
      },
    });
    expect(batch.json()).toEqual({ success: true });
    personId = await eventually(async () => {
      const p = await call.api('GET', '/people/lookup?kind=email&value=irina@client.example');
      return p.status === 200 ? (p.body.id as string) : null;
    });
    // Her Telegram account is tied to the profile (the bank's app linked it).
    await k.db.transaction().execute((trx) =>
      k.service.people.findOrCreate(trx, ws.id, [
        { kind: 'email', value: 'irina@client.example' },
        { kind: 'telegram_id', value: '1001' },
      ]),
    );
    await k.loyalty.points.change(systemActor(ws.id), personId, { type: 'earn', points: 350, reason: 'welcome' });
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await tg?.close();
  });

  it('Telegram (verified): card balance, bonus points and the last order answered from her data, sent via the Bot API', async () => {
    expect((await hook(1001, 'Какой баланс моей карты?')).statusCode).toBe(200);
    const balance = await tgSays('1001', /Баланс вашей карты/);
    expect(balance.text).toMatch(/152\s340,50\s₽/);
    const conv = (await call.ok('GET', `/conversations?inboxId=${tgInbox}`)).data[0];
    expect(conv.personId).toBe(personId);
    await hook(1001, 'А сколько у меня бонусов?');
    await tgSays('1001', /350 баллов/);
    await hook(1001, 'Где мой заказ?');
    const order = await tgSays('1001', /последний заказ/);
    expect(order.text).toMatch(/№A-1001.*в пути/);
    const thread = await messages(conv.id);
    expect(thread.filter((m: { authorKind: string }) => m.authorKind === 'bot')).toHaveLength(3);
    expect(
      thread
        .filter((m: { direction: string }) => m.direction === 'out')
        .every((m: { engageMessageId: string }) => m.engageMessageId),
    ).toBe(true);
    // Bots do not stop the first-response clock, nor take or route the conversation.
    const after = await call.ok('GET', `/conversations/${conv.id}`);
    expect(after).toMatchObject({ status: 'new', firstResponseAt: null, assigneeId: null, teamId: null });
    // On her timeline.
    const timeline = await call.ok('GET', `/people/${personId}/timeline?limit=50`);
    expect(timeline.data.some((e: any) => e.event === 'Message Sent' && e.properties.authorKind === 'bot')).toBe(true);
  });

  it('chat (not verified): a visitor who typed her email gets no personal data; a KB answer arrives live; then a handover', async () => {
    const v = await openWs(`${base}/chat/ws?inbox=${chatInbox}`, { origin: ORIGIN });
    v.send({ type: 'hello' });
    await v.next((m) => m.type === 'welcome');
    v.send({ type: 'identify', email: 'irina@client.example' });
    await v.next((m) => m.type === 'identified');
    v.send({ type: 'message', id: 'q1', text: 'Какой баланс моей карты?' });
    const refused = await v.next((m) => m.type === 'message' && m.message.authorKind === 'bot');
    expect(refused.message.body).toMatch(/^Добрый день! Я бот Банка Восход\./);
    expect(refused.message.body).toMatch(/не могу сообщать персональные данные/);
    expect(refused.message.body).not.toMatch(/152/);

    v.send({ type: 'message', id: 'q2', text: 'Как заблокировать потерянную карту?' });
    const kb = await v.next(
      (m) => m.type === 'message' && m.message.authorKind === 'bot' && /Заблокировать/.test(m.message.body),
    );
    expect(kb.message.body).toMatch(/^Как заблокировать карту\n\nОткройте приложение/);

    v.send({ type: 'message', id: 'q3', text: 'У меня жалоба' });
    await v.next((m) => m.type === 'message' && /Передаю ваш вопрос оператору/.test(m.message.body));
    const conv = (await call.ok('GET', `/conversations?inboxId=${chatInbox}`)).data[0];
    const thread = await messages(conv.id);
    const note = thread.find((m: { direction: string }) => m.direction === 'note');
    expect(note).toMatchObject({ authorKind: 'bot' });
    expect(note.body).toMatch(/клиент попросил оператора/);
    expect(note.body).toContain('card_balance, kb, handover');
    expect(note.body).toContain('Клиент: «Как заблокировать потерянную карту?»');
    expect(v.received.some((m) => m.type === 'message' && m.message.direction === 'note')).toBe(false);
    // Routing ran on the handover: the team's agent has it.
    expect(await call.ok('GET', `/conversations/${conv.id}`)).toMatchObject({
      assigneeId: agent,
      firstResponseAt: null,
    });
    // The bot is silent from now on (its job's work, run here to see it do nothing).
    v.send({ type: 'message', id: 'q4', text: 'Где мой заказ?' });
    const ack = await v.next((m) => m.type === 'ack' && m.id === 'q4');
    await k.service.bot.answer(ws.id, conv.id, ack.messageId, false);
    expect((await messages(conv.id)).filter((m: { authorKind: string }) => m.authorKind === 'bot')).toHaveLength(4);
    await v.close();
  });

  it('two questions without an answer hand over with the context; an API sender gets no personal data', async () => {
    const say = (externalId: string, text: string) =>
      k.service.inbound.receive(ws.id, {
        inboxId: apiInbox,
        channel: 'api',
        identities: [{ kind: 'email', value: 'irina@client.example' }],
        externalId,
        text,
      });
    // Each answer is a job: wait for the n-th message of the bot (replies and notes).
    const botSaid = (id: string, n: number) =>
      eventually(async () => {
        const t = await messages(id);
        return t.filter((m: { authorKind: string }) => m.authorKind === 'bot').length >= n ? t : null;
      });
    const first = await say('api-1', 'Здравствуйте');
    let thread = await botSaid(first.conversationId, 1);
    // A first message without a question gets the greeting, not a miss.
    expect(thread.at(-1)).toMatchObject({ authorKind: 'bot', direction: 'out' });
    expect(thread.at(-1).body).toMatch(/виртуальный помощник/);
    await say('api-2', 'What is my card balance?');
    thread = await botSaid(first.conversationId, 2);
    expect(thread.at(-1).body).toMatch(/can't share personal data/);
    await say('api-3', 'Хочу открыть вклад под хороший процент');
    thread = await botSaid(first.conversationId, 3);
    expect(thread.at(-1).body).toMatch(/не понял вопрос/);
    await say('api-4', 'Какая ставка по ипотеке для семей');
    thread = await botSaid(first.conversationId, 5);
    const note = thread.find((m: { direction: string }) => m.direction === 'note');
    expect(note.body).toMatch(/бот дважды не нашёл ответа/);
    expect(note.body).toContain('Клиент: «Какая ставка по ипотеке для семей»');
    expect(thread.filter((m: { direction: string }) => m.direction === 'out').at(-1).body).toMatch(/Передаю/);
    expect((await call.ok('GET', `/conversations/${first.conversationId}`)).assigneeId).toBe(agent);
  });

  it('stays silent once an agent answered; the SLA first response is the agent’s', async () => {
    const first = await hook(1002, 'Добрый вечер, вопрос по вкладу');
    expect(first.statusCode).toBe(200);
    const conv = await eventually(async () =>
      (await call.ok('GET', `/conversations?inboxId=${tgInbox}&limit=100`)).data.find((c: { subject: string }) =>
        c.subject.includes('вкладу'),
      ),
    );
    await tgSays('1002', /виртуальный помощник/);
    const reply = await call.ok('POST', `/conversations/${conv.id}/messages`, { body: 'Здравствуйте, слушаю вас' });
    await hook(1002, 'Какой баланс карты?');
    const asked = (await messages(conv.id)).at(-1);
    await k.service.bot.answer(ws.id, conv.id, asked.id, false);
    const thread = await messages(conv.id);
    // (Telegram dates messages to the second: the order of this thread is not asserted.)
    expect(thread.map((m: { authorKind: string }) => m.authorKind).sort()).toEqual([
      'agent',
      'bot',
      'client',
      'client',
    ]);
    const after = await call.ok('GET', `/conversations/${conv.id}`);
    expect(new Date(after.firstResponseAt).getTime()).toBe(new Date(reply.createdAt).getTime());
  });

  it('an answer that cannot go out (no sending channel) hands over silently: the note and routing', async () => {
    const inbox = (
      await call.ok('POST', '/inboxes', {
        name: 'TG без канала',
        channel: 'telegram',
        settings: { bot: { enabled: true } },
      })
    ).id;
    const r = await k.service.inbound.receive(ws.id, {
      inboxId: inbox,
      channel: 'vk',
      identities: [{ kind: 'vk_id', value: '5005' }],
      externalId: 'vk-nochannel-1',
      text: 'Как заблокировать карту?',
    });
    const note = await eventually(async () =>
      (await messages(r.conversationId)).find((m: { direction: string }) => m.direction === 'note'),
    );
    expect(note).toMatchObject({ authorKind: 'bot' });
    expect(note.body).toMatch(/бот не смог ответить/);
    const thread = await messages(r.conversationId);
    expect(thread.filter((m: { direction: string }) => m.direction === 'out')).toHaveLength(0);
    expect((await call.ok('GET', `/conversations/${r.conversationId}`)).assigneeId).toBe(agent);
  });

  it('validates the inbox bot settings, naming the field', async () => {
    const bad = await call.api('PATCH', `/inboxes/${apiInbox}`, {
      settings: { bot: { enabled: 'yes', kbThreshold: 5 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['settings.bot.enabled', 'settings.bot.kbThreshold']),
    );
  });
});
