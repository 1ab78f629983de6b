import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { MessengerPeer } from '../../test/peers/messenger-peer.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { ServiceKernel } from './kernel.ts';

/**
 * Conversations end to end against real peers: email replies through engage to a local SMTP
 * server (threading headers, a 5-message exchange in one conversation), Telegram callbacks into
 * the desk and replies through a local Bot API, a channel switch with one history, the status
 * machine, merge and split, routing with round-robin and least-busy, two agents at once,
 * @mentions, automation.
 */
describe('service: conversations', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let peer: SmtpPeer;
  let bot: MessengerPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let emailChannel: string;
  let tgChannel: string;
  let mailInbox: string;
  let tgInbox: string;
  let apiInbox: string;
  const agents: string[] = [];

  const mail = (from: string, externalId: string, text: string, threadKeys: string[] = [], subject = 'Карта') =>
    k.service.inbound.receive(ws.id, {
      inboxId: mailInbox,
      channel: 'email',
      identities: [{ kind: 'email', value: from }],
      externalId,
      ownKey: externalId,
      threadKeys,
      subject,
      text,
    });
  const sentTo = (address: string, n: number) =>
    eventually(async () => {
      const got = peer.messages.filter((m) => m.to.includes(address));
      return got.length >= n ? got : null;
    }, 60_000);
  const messages = async (id: string) => (await call.ok('GET', `/conversations/${id}/messages`)).data;
  const telegramUpdate = (updateId: number, chatId: number, text: string, name = 'Пётр') => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false, first_name: name },
      text,
    },
  });
  const hook = (update: unknown) =>
    env.app.inject({
      method: 'POST',
      url: `/hooks/channels/${tgChannel}`,
      headers: { 'x-telegram-bot-api-secret-token': 'tg_secret_1' },
      payload: update as object,
    });

  beforeAll(async () => {
    peer = await startSmtpPeer();
    bot = await new MessengerPeer().start();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('desk');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    for (const [i, name] of ['Анна', 'Борис', 'Вера'].entries()) {
      const m = await k.auth.createMember(systemActor(ws.id), {
        email: `agent${i}@bank.example`,
        name,
        password: 'agent-password-1',
        role: 'agent',
      });
      agents.push(m.id);
    }
    agents.sort();
    emailChannel = (
      await call.ok('POST', '/channels', {
        type: 'email',
        name: 'Support mail',
        config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Bank <support@bank.example>' },
      })
    ).id;
    tgChannel = (
      await call.ok('POST', '/channels', {
        type: 'telegram',
        name: 'Bank bot',
        config: { baseUrl: bot.telegramBase, botToken: bot.telegram.token, webhookSecret: 'tg_secret_1' },
      })
    ).id;
    mailInbox = (
      await call.ok('POST', '/inboxes', {
        name: 'Support',
        channel: 'email',
        address: 'support@bank.example',
        channelId: emailChannel,
      })
    ).id;
    tgInbox = (await call.ok('POST', '/inboxes', { name: 'Telegram', channel: 'telegram', channelId: tgChannel })).id;
    apiInbox = (await call.ok('POST', '/inboxes', { name: 'App', channel: 'api' })).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await peer?.close();
    await bot?.close();
  });

  it('a 5-message email exchange stays one conversation: replies carry Message-ID, In-Reply-To, References', async () => {
    const client = 'client1@example.org';
    const first = await mail(client, '<c1@example.org>', 'Карта заблокирована');
    expect(first.created).toBe(true);
    const conv = first.conversationId;
    expect((await call.ok('GET', `/conversations/${conv}`)).status).toBe('new');

    const r1 = await call.api('POST', `/conversations/${conv}/messages`, { body: 'Здравствуйте! Проверяем.' });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ direction: 'out', channel: 'email', authorKind: 'agent' });
    const [out1] = await sentTo(client, 1);
    expect(out1.subject).toBe('Re: Карта');
    expect(out1.headers['in-reply-to']).toBe('<c1@example.org>');
    expect(out1.messageId).toMatch(/^<svc\.[0-9a-f-]+@bank\.example>$/);
    const after1 = await call.ok('GET', `/conversations/${conv}`);
    expect(after1.status).toBe('open');
    expect(after1.firstResponseAt).toBeTruthy();

    // The client's mail program answers with In-Reply-To = our Message-ID and the References chain.
    const second = await mail(
      client,
      '<c2@example.org>',
      'Спасибо, жду',
      [out1.messageId!, '<c1@example.org>'],
      'Re: Карта',
    );
    expect(second).toMatchObject({ created: false, conversationId: conv });
    await call.ok('POST', `/conversations/${conv}/messages`, { body: 'Карта разблокирована.' });
    const outs = await sentTo(client, 2);
    const out2 = outs[1]!;
    expect(out2.headers['in-reply-to']).toBe('<c2@example.org>');
    expect(out2.headers.references).toContain('<c1@example.org>');
    expect(out2.headers.references).toContain(out1.messageId!);
    // Only In-Reply-To: the reply to our second mail still threads.
    const third = await mail(client, '<c3@example.org>', 'Работает, спасибо!', [out2.messageId!], 'Re: Карта');
    expect(third.conversationId).toBe(conv);

    const all = await messages(conv);
    expect(all.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out', 'in', 'out', 'in']);
    const list = await call.ok('GET', `/conversations?personId=${first.personId}`);
    expect(list.data).toHaveLength(1);
    // The engage ledger has the replies as transactional sends.
    const sent = await call.ok('GET', `/messages/${all[1].engageMessageId}`);
    expect(sent).toMatchObject({ status: 'sent', kind: 'transactional', templateId: null });
  });

  it('the API channel: a 5-message exchange with replies on email stays one conversation', async () => {
    const from = { email: 'client2@example.org', name: 'Клиент Два' };
    const a = await call.ok('POST', `/inboxes/${apiInbox}/messages`, { from, text: 'Вопрос 1', externalId: 'x1' });
    await call.ok('POST', `/conversations/${a.conversationId}/messages`, { body: 'Ответ 1', channel: 'email' });
    const b = await call.ok('POST', `/inboxes/${apiInbox}/messages`, { from, text: 'Вопрос 2', externalId: 'x2' });
    await call.ok('POST', `/conversations/${a.conversationId}/messages`, { body: 'Ответ 2', channel: 'email' });
    const c = await call.ok('POST', `/inboxes/${apiInbox}/messages`, { from, text: 'Вопрос 3', externalId: 'x3' });
    expect([b.conversationId, c.conversationId]).toEqual([a.conversationId, a.conversationId]);
    await sentTo('client2@example.org', 2);
    expect((await messages(a.conversationId)).map((m: { body: string }) => m.body)).toEqual([
      'Вопрос 1',
      'Ответ 1',
      'Вопрос 2',
      'Ответ 2',
      'Вопрос 3',
    ]);
  });

  it('Telegram: a callback lands in the desk (new person), the reply goes through the Bot API, STOP stays consent', async () => {
    const r = await hook(telegramUpdate(9001, 1001, 'Не приходит SMS с кодом'));
    expect(r.statusCode).toBe(200);
    const list = await call.ok('GET', `/conversations?inboxId=${tgInbox}`);
    expect(list.data).toHaveLength(1);
    const conv = list.data[0];
    expect(conv).toMatchObject({ channel: 'telegram', status: 'new', subject: 'Не приходит SMS с кодом' });
    const detail = await call.ok('GET', `/conversations/${conv.id}`);
    expect(detail.person.name).toBe('Пётр');
    // The provider retries the same update: one message.
    expect((await hook(telegramUpdate(9001, 1001, 'Не приходит SMS с кодом'))).statusCode).toBe(200);
    await hook(telegramUpdate(9002, 1001, 'Уже полчаса жду'));
    expect((await messages(conv.id)).map((m: { body: string }) => m.body)).toEqual([
      'Не приходит SMS с кодом',
      'Уже полчаса жду',
    ]);
    await call.ok('POST', `/conversations/${conv.id}/messages`, { body: 'Отправили код повторно' });
    await eventually(
      async () => bot.telegram.messages.find((m) => m.text === 'Отправили код повторно') ?? null,
      60_000,
    );
    expect(bot.telegram.messages.find((m) => m.text === 'Отправили код повторно')?.chatId).toBe('1001');

    await hook(telegramUpdate(9003, 1001, 'СТОП'));
    expect(await messages(conv.id)).toHaveLength(3);
    const consents = await call.ok('GET', `/people/${detail.person.id}/consents`).catch(() => null);
    if (consents) expect(JSON.stringify(consents)).toContain('inbound-stop');
  });

  it('channel switch: a Telegram conversation answered by email, the client replies by email — one history', async () => {
    await hook(telegramUpdate(9101, 1002, 'Хочу выписку на почту', 'Мария'));
    const conv = (await call.ok('GET', `/conversations?inboxId=${tgInbox}&q=выписку`)).data[0];
    await k.db
      .transaction()
      .execute((trx) =>
        k.cdp.directory.attach(trx, ws.id, conv.personId, [{ kind: 'email', value: 'maria@example.org' }]),
      );
    const r = await call.api('POST', `/conversations/${conv.id}/messages`, {
      body: 'Выписка во вложении',
      channel: 'email',
    });
    expect(r.status).toBe(201);
    expect(r.body.channel).toBe('email');
    const [out] = await sentTo('maria@example.org', 1);
    const back = await mail('maria@example.org', '<maria-1@example.org>', 'Получила, спасибо', [out.messageId!]);
    expect(back).toMatchObject({ conversationId: conv.id, created: false, personId: conv.personId });
    const all = await messages(conv.id);
    expect(all.map((m: { channel: string }) => m.channel)).toEqual(['telegram', 'email', 'email']);
    expect((await call.ok('GET', `/conversations/${conv.id}`)).channel).toBe('email');
  });

  it('status machine: solved reopens on a client message; closed is final (a new message opens a new one)', async () => {
    const a = await mail('client3@example.org', '<s1@example.org>', 'Вопрос по вкладу');
    await call.ok('POST', `/conversations/${a.conversationId}/messages`, { body: 'Ответ' });
    expect((await call.ok('PATCH', `/conversations/${a.conversationId}`, { status: 'solved' })).status).toBe('solved');
    const b = await mail('client3@example.org', '<s2@example.org>', 'Ещё вопрос');
    expect(b.conversationId).toBe(a.conversationId);
    const reopened = await call.ok('GET', `/conversations/${a.conversationId}`);
    expect(reopened).toMatchObject({ status: 'reopened', reopenedCount: 1 });
    await call.ok('PATCH', `/conversations/${a.conversationId}`, { status: 'closed' });
    const again = await call.api('PATCH', `/conversations/${a.conversationId}`, { status: 'open' });
    expect(again.status).toBe(409);
    const reply = await call.api('POST', `/conversations/${a.conversationId}/messages`, { body: 'x' });
    expect(reply.status).toBe(409);
    const c = await mail('client3@example.org', '<s3@example.org>', 'Новый вопрос', ['<s2@example.org>']);
    expect(c.created).toBe(true);
    expect(c.conversationId).not.toBe(a.conversationId);
    const audit = await call.ok('GET', `/audit?entityType=conversation&entityId=${a.conversationId}`);
    expect(audit.data.map((e: { action: string }) => e.action)).toContain('update');
  });

  it('merge and split keep every message in one place', async () => {
    const a = await mail('client4@example.org', '<m1@example.org>', 'Первое обращение');
    const b = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { email: 'client4@example.org' },
      text: 'То же самое из приложения',
      externalId: 'merge-b',
    });
    expect(b.conversationId).not.toBe(a.conversationId);
    const merged = await call.api('POST', `/conversations/${b.conversationId}/merge`, { intoId: a.conversationId });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(a.conversationId);
    const gone = await call.ok('GET', `/conversations/${b.conversationId}`);
    expect(gone).toMatchObject({ status: 'closed', mergedInto: a.conversationId });
    const all = await messages(a.conversationId);
    expect(all.filter((m: { direction: string }) => m.direction === 'in')).toHaveLength(2);
    const self = await call.api('POST', `/conversations/${a.conversationId}/merge`, { intoId: a.conversationId });
    expect(self.status).toBe(400);

    const moved = all.find((m: { body: string }) => m.body === 'То же самое из приложения');
    const split = await call.api('POST', `/conversations/${a.conversationId}/split`, { messageIds: [moved.id] });
    expect(split.status).toBe(201);
    expect((await messages(split.body.id)).map((m: { body: string }) => m.body)).toContain('То же самое из приложения');
    expect((await messages(a.conversationId)).map((m: { body: string }) => m.body)).not.toContain(
      'То же самое из приложения',
    );
    const foreign = await call.api('POST', `/conversations/${a.conversationId}/split`, { messageIds: [moved.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('messageIds.0');
  });

  it('routing: keywords and VIP to a team, round-robin then least-busy assignment', async () => {
    const team = await call.ok('POST', '/teams', { name: 'Карты', memberIds: agents.slice(0, 2) });
    await call.ok('POST', '/routing-rules', {
      name: 'Карты',
      position: 1,
      conditions: { keywords: ['карт'] },
      actions: { teamId: team.id, tags: ['cards'] },
    });
    await call.ok('POST', '/routing-rules', {
      name: 'VIP',
      position: 0,
      conditions: { vip: true },
      actions: { assigneeId: agents[2], priority: 'urgent' },
    });
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
        from: { email: `rr${i}@example.org` },
        text: 'Не работает карта',
        externalId: `rr-${i}`,
      });
      const c = await call.ok('GET', `/conversations/${r.conversationId}`);
      expect(c).toMatchObject({ teamId: team.id, tags: ['cards'] });
      got.push(c.assigneeId);
    }
    expect(got).toEqual([agents[0], agents[1], agents[0], agents[1]]);

    // A VIP client (trait from tracking) goes to the named agent, urgent.
    await k.db.transaction().execute(async (trx) => {
      const { personId } = await k.service.people.findOrCreate(trx, ws.id, [
        { kind: 'email', value: 'vip@example.org' },
      ]);
      await k.cdp.directory.setTraits(trx, ws.id, personId, [{ path: 'vip', value: true }]);
    });
    const vip = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { email: 'vip@example.org' },
      text: 'Карта',
      externalId: 'vip-1',
    });
    expect(await call.ok('GET', `/conversations/${vip.conversationId}`)).toMatchObject({
      assigneeId: agents[2],
      priority: 'urgent',
    });

    // Least-busy: agent 0 solves theirs, so they have fewer open ones and get the next two… one at a time.
    await call.ok('PATCH', `/teams/${team.id}`, { assignment: 'least_busy' });
    const mine = await call.ok('GET', `/conversations?assigneeId=${agents[0]}`);
    for (const c of mine.data) await call.ok('PATCH', `/conversations/${c.id}`, { status: 'solved' });
    const next = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { email: 'lb@example.org' },
      text: 'карта',
      externalId: 'lb-1',
    });
    expect((await call.ok('GET', `/conversations/${next.conversationId}`)).assigneeId).toBe(agents[0]);
  });

  it('two agents answer at once: both replies kept, in order, the conversation consistent', async () => {
    const a = await mail('client5@example.org', '<t1@example.org>', 'Срочно');
    const keys = await Promise.all(
      agents.slice(0, 2).map(async (userId) => {
        const key = await k.auth.createApiKey(systemActor(ws.id), { name: `agent ${userId}`, role: 'agent' });
        return { authorization: `Bearer ${key.key}` };
      }),
    );
    const results = await Promise.all(
      keys.map((h, i) =>
        env.app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${a.conversationId}/messages`,
          headers: h,
          payload: { body: `Ответ агента ${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
    const all = await messages(a.conversationId);
    expect(all.filter((m: { direction: string }) => m.direction === 'out')).toHaveLength(2);
    const conv = await call.ok('GET', `/conversations/${a.conversationId}`);
    expect(conv.status).toBe('open');
    await sentTo('client5@example.org', 2);
  });

  it('internal notes are never sent; @mentions notify the member', async () => {
    const a = await mail('client6@example.org', '<n1@example.org>', 'Нужна консультация');
    const before = peer.messages.length;
    const note = await call.api('POST', `/conversations/${a.conversationId}/messages`, {
      body: 'Коллеги, @agent1@bank.example посмотри, пожалуйста',
      internal: true,
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ direction: 'note', engageMessageId: null });
    const agent1 = (await k.auth.listMembers(ws.id)).find((m) => m.email === 'agent1@bank.example')!;
    expect(note.body.mentions).toEqual([agent1.id]);
    const bell = await k.notifications.list(ws.id, agent1.id, { limit: 10 });
    expect(bell.data[0]).toMatchObject({ kind: 'service.mention', link: `/service/conversations/${a.conversationId}` });
    expect((await call.ok('GET', `/conversations/${a.conversationId}`)).status).toBe('new');
    await new Promise((r) => setTimeout(r, 300));
    expect(peer.messages.length).toBe(before);
    const bad = await call.api('POST', `/conversations/${a.conversationId}/messages`, {
      body: 'x',
      mentions: ['0190a0a0-0000-7000-8000-000000000000'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('mentions');
  });

  it('automation on created: fields set and a bot reply; macros reply and solve', async () => {
    await call.ok('POST', '/automation-rules', {
      name: 'Мошенничество',
      trigger: 'created',
      conditions: { keywords: ['мошен'] },
      actions: {
        set: { priority: 'urgent', addTags: ['fraud'] },
        reply: 'Мы заблокировали карту. Специалист свяжется с вами.',
      },
    });
    const r = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { email: 'fraud@example.org' },
      text: 'Похоже на мошенников, списали деньги',
      externalId: 'fraud-1',
    });
    const conv = await call.ok('GET', `/conversations/${r.conversationId}`);
    expect(conv).toMatchObject({ priority: 'urgent', status: 'new', firstResponseAt: null });
    expect(conv.tags).toContain('fraud');
    const all = await messages(r.conversationId);
    expect(all.map((m: { authorKind: string }) => m.authorKind)).toEqual(['client', 'bot']);

    const macro = await call.ok('POST', '/macros', {
      name: 'Решено',
      actions: { reply: 'Вопрос решён, хорошего дня!', status: 'solved', addTags: ['done'] },
    });
    const applied = await call.ok('POST', `/conversations/${r.conversationId}/macros/${macro.id}`);
    expect(applied.status).toBe('solved');
    expect(applied.tags).toEqual(expect.arrayContaining(['fraud', 'done']));
    expect((await messages(r.conversationId)).at(-1).body).toBe('Вопрос решён, хорошего дня!');
  });

  it('list: filters, sorting and cursor pages; bad input is a 4xx naming the field', async () => {
    const p1 = await call.ok('GET', '/conversations?limit=3');
    expect(p1.data).toHaveLength(3);
    const p2 = await call.ok('GET', `/conversations?limit=3&cursor=${p1.nextCursor}`);
    const ids = [...p1.data, ...p2.data].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = p1.data.map((c: { lastMessageAt: string }) => Date.parse(c.lastMessageAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const urgent = await call.ok('GET', '/conversations?priority=urgent,high');
    expect(urgent.data.every((c: { priority: string }) => ['urgent', 'high'].includes(c.priority))).toBe(true);
    const byPriority = await call.ok('GET', '/conversations?sort=-priority&limit=2');
    expect(byPriority.data[0].priority).toBe('urgent');
    const unassigned = await call.ok('GET', '/conversations?assigneeId=none');
    expect(unassigned.data.every((c: { assigneeId: string | null }) => c.assigneeId === null)).toBe(true);
    expect((await call.api('GET', '/conversations?cursor=%%%')).status).toBe(400);
    const badPatch = await call.api('PATCH', `/conversations/${p1.data[0].id}`, { priority: 'asap' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error.details[0].path).toBe('priority');
    const badAssignee = await call.api('PATCH', `/conversations/${p1.data[0].id}`, {
      assigneeId: '0190a0a0-0000-7000-8000-000000000000',
    });
    expect(badAssignee.status).toBe(400);
    expect(badAssignee.body.error.details[0].path).toBe('assigneeId');
    const badChannel = await call.api('POST', `/conversations/${p1.data[0].id}/messages`, { body: 'x', channel: 'vk' });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.details[0].path).toBe('channel');
  });
});
