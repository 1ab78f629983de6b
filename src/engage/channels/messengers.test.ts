import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Outbound } from '../../core/net/outbound.ts';
import { MessengerPeer } from '../../../test/peers/messenger-peer.ts';
import { eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { ChannelError, type CallbackRequest, type ChannelAdapter, type ChannelKind } from './types.ts';
import { telegramChannel } from './telegram.ts';
import { whatsappChannel } from './whatsapp.ts';
import { vkChannel, vkRandomId, VK_API_VERSION } from './vk.ts';

/*
 * The messenger adapters against one local HTTP peer that speaks the parts of the Telegram Bot
 * API, WhatsApp Cloud API and VK API they call (test/peers/messenger-peer.ts). Callbacks are
 * tested on `kind.callback` with CallbackRequests as the hook route builds them.
 */

const deps = { outbound: new Outbound({ allow: '127.0.0.0/8' }), log: pino({ level: 'silent' }) };
let peer: MessengerPeer;

beforeAll(async () => {
  peer = await new MessengerPeer().start();
});
afterAll(() => peer.close());

function adapter<C extends Record<string, unknown>>(kind: ChannelKind<C>, config: unknown, d = deps): ChannelAdapter {
  return kind.create(kind.config.parse(config), d);
}
/** The ChannelError a promise rejects with (fails the test if it resolves or throws anything else). */
async function channelError(p: Promise<unknown>): Promise<ChannelError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChannelError);
  return e as ChannelError;
}
const msg = (to: string, text = 'Hello, Ann!') => ({ messageId: `m-${Math.random()}`, to, text });
const lastRequest = () => peer.requests[peer.requests.length - 1];
const callbackReq = (over: Partial<CallbackRequest>): CallbackRequest => {
  const body = over.body ?? {};
  return { method: 'POST', query: {}, headers: {}, rawBody: JSON.stringify(body), body, ...over };
};

describe('telegram', () => {
  const config = () => ({ baseUrl: peer.telegramBase, botToken: peer.telegram.token });

  it('sends sendMessage {chat_id, text} and is delivered with the message id', async () => {
    const res = await adapter(telegramChannel, config()).send(msg('1001', 'Привет, Анна'));
    const req = lastRequest();
    expect(req.path).toBe(`/bot${peer.telegram.token}/sendMessage`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ chat_id: '1001', text: 'Привет, Анна' });
    const sent = peer.telegram.messages.at(-1)!;
    expect(sent).toMatchObject({ chatId: '1001', text: 'Привет, Анна' });
    expect(res).toEqual({ providerId: String(sent.messageId), status: 'delivered' });
  });

  it('asks for no link preview when configured', async () => {
    await adapter(telegramChannel, { ...config(), disableWebPagePreview: true }).send(
      msg('1002', 'see https://x.test'),
    );
    expect(lastRequest().body).toEqual({ chat_id: '1002', text: 'see https://x.test', disable_web_page_preview: true });
  });

  it('classifies errors: blocked and unknown chats are permanent, 429 and 5xx are retried', async () => {
    const a = adapter(telegramChannel, config());
    const blocked = await channelError(a.send(msg('1003')));
    expect([blocked.code, blocked.permanent, blocked.bounce]).toEqual(['tg_403', true, null]);
    const unknown = await channelError(a.send(msg('999')));
    expect([unknown.code, unknown.permanent, unknown.bounce]).toEqual(['tg_400', true, 'hard']);
    peer.fail('telegram', 429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    const limited = await channelError(a.send(msg('1001')));
    expect([limited.code, limited.permanent]).toEqual(['tg_429', false]);
    expect(limited.message).toContain('retry after 7');
    peer.fail('telegram', 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
    const down = await channelError(a.send(msg('1001')));
    expect([down.code, down.permanent]).toEqual(['tg_502', false]);
    const notAChat = await channelError(a.send(msg('not a chat')));
    expect(notAChat.code).toBe('tg_bad_address');
  });

  it('verify calls getMe and reports a wrong token', async () => {
    await adapter(telegramChannel, config()).verify();
    expect(lastRequest().path).toBe(`/bot${peer.telegram.token}/getMe`);
    const e = await channelError(
      adapter(telegramChannel, { ...config(), botToken: '123456:WRONG-token-xyz' }).verify(),
    );
    expect([e.code, e.permanent]).toEqual(['tg_401', true]);
  });

  it('refuses a base URL the outbound policy blocks, at connect time', async () => {
    const closed = { outbound: new Outbound(), log: deps.log };
    const e = await channelError(adapter(telegramChannel, config(), closed).send(msg('1001')));
    expect([e.code, e.permanent]).toEqual(['outbound_blocked', true]);
  });

  it('config: a malformed token is refused naming the field', () => {
    const r = telegramChannel.config.safeParse({ botToken: 'nope' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['botToken']);
    expect(telegramChannel.config.parse({ botToken: peer.telegram.token }).baseUrl).toBe('https://api.telegram.org');
  });

  it('callback: checks the secret token header and reads the message', async () => {
    const update = {
      update_id: 10,
      message: { message_id: 5, date: 1_700_000_000, chat: { id: 1001, type: 'private' }, text: 'STOP' },
    };
    const c = telegramChannel.config.parse({ ...config(), webhookSecret: 'hook-secret_1' });
    const good = await telegramChannel.callback!(
      c,
      callbackReq({ body: update, headers: { 'x-telegram-bot-api-secret-token': 'hook-secret_1' } }),
    );
    expect(good.inbound).toEqual([{ from: '1001', text: 'STOP', at: new Date(1_700_000_000_000), raw: update }]);
    for (const headers of [{ 'x-telegram-bot-api-secret-token': 'wrong' }, {}]) {
      const e = await channelError(
        Promise.resolve().then(() => telegramChannel.callback!(c, callbackReq({ body: update, headers }))),
      );
      expect(e.code).toBe('unauthenticated');
    }
    // Without a configured secret the update is taken as it comes.
    const open = await telegramChannel.callback!(telegramChannel.config.parse(config()), callbackReq({ body: update }));
    expect(open.inbound).toHaveLength(1);
  });
});

describe('whatsapp', () => {
  const config = () => ({
    baseUrl: peer.whatsappBase,
    phoneNumberId: peer.whatsapp.phoneNumberId,
    accessToken: peer.whatsapp.token,
    appSecret: 'app-secret-123',
    verifyToken: 'verify-token-123',
  });

  it('sends a text message with the Bearer token and returns the wamid', async () => {
    const res = await adapter(whatsappChannel, config()).send(msg('+7 (916) 123-45-67', 'Ваш заказ готов'));
    const req = lastRequest();
    expect(req.path).toBe(`/v21.0/${peer.whatsapp.phoneNumberId}/messages`);
    expect(req.headers.authorization).toBe(`Bearer ${peer.whatsapp.token}`);
    expect(req.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '79161234567',
      type: 'text',
      text: { body: 'Ваш заказ готов', preview_url: false },
    });
    expect(res).toEqual({ providerId: peer.whatsapp.messages.at(-1)!.id, status: 'sent' });
  });

  it('classifies Graph API errors', async () => {
    const a = adapter(whatsappChannel, config());
    const err = (status: number, code: number) =>
      peer.fail('whatsapp', status, { error: { message: `e${code}`, type: 'X', code } });
    err(400, 131026);
    const undeliverable = await channelError(a.send(msg('79161234567')));
    expect([undeliverable.code, undeliverable.permanent, undeliverable.bounce]).toEqual(['wa_131026', true, 'hard']);
    err(429, 130429);
    const throttled = await channelError(a.send(msg('79161234567')));
    expect([throttled.code, throttled.permanent]).toEqual(['wa_130429', false]);
    err(500, 131000);
    expect((await channelError(a.send(msg('79161234567')))).permanent).toBe(false);
    const badToken = await channelError(
      adapter(whatsappChannel, { ...config(), accessToken: 'EAAG-wrong-token' }).send(msg('79161234567')),
    );
    expect([badToken.code, badToken.permanent]).toEqual(['wa_190', true]);
  });

  it('verify reads the phone number and reports a wrong id', async () => {
    await adapter(whatsappChannel, config()).verify();
    expect(lastRequest()).toMatchObject({ method: 'GET', path: `/v21.0/${peer.whatsapp.phoneNumberId}` });
    const e = await channelError(adapter(whatsappChannel, { ...config(), phoneNumberId: '1234567' }).verify());
    expect([e.code, e.permanent]).toEqual(['wa_100', true]);
  });

  it('callback GET: the hub.challenge handshake with the verify token', async () => {
    const c = whatsappChannel.config.parse(config());
    const ok = await whatsappChannel.callback!(
      c,
      callbackReq({
        method: 'GET',
        query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-token-123', 'hub.challenge': '1158201444' },
      }),
    );
    expect(ok.reply).toEqual({ status: 200, body: '1158201444', contentType: 'text/plain' });
    const e = await channelError(
      Promise.resolve().then(() =>
        whatsappChannel.callback!(
          c,
          callbackReq({
            method: 'GET',
            query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' },
          }),
        ),
      ),
    );
    expect(e.code).toBe('unauthenticated');
  });

  it('callback POST: signed statuses and messages; a bad or missing signature is refused', async () => {
    const c = whatsappChannel.config.parse(config());
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { phone_number_id: peer.whatsapp.phoneNumberId },
                statuses: [
                  { id: 'wamid.A', status: 'sent', timestamp: '1700000000', recipient_id: '79161234567' },
                  { id: 'wamid.A', status: 'delivered', timestamp: '1700000001', recipient_id: '79161234567' },
                  { id: 'wamid.A', status: 'read', timestamp: '1700000002', recipient_id: '79161234567' },
                  {
                    id: 'wamid.B',
                    status: 'failed',
                    timestamp: '1700000003',
                    recipient_id: '79160000000',
                    errors: [{ code: 131026, title: 'Message undeliverable' }],
                  },
                ],
                messages: [
                  {
                    from: '79161234567',
                    id: 'wamid.in',
                    timestamp: '1700000004',
                    type: 'text',
                    text: { body: 'СТОП' },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const rawBody = JSON.stringify(body);
    const sig = `sha256=${createHmac('sha256', 'app-secret-123').update(rawBody).digest('hex')}`;
    const r = await whatsappChannel.callback!(
      c,
      callbackReq({ body, rawBody, headers: { 'x-hub-signature-256': sig } }),
    );
    expect(r.statuses).toEqual([
      { providerId: 'wamid.A', status: 'delivered', at: new Date(1_700_000_001_000) },
      { providerId: 'wamid.A', status: 'opened', at: new Date(1_700_000_002_000) },
      {
        providerId: 'wamid.B',
        status: 'failed',
        reason: 'wa_131026: Message undeliverable',
        at: new Date(1_700_000_003_000),
      },
    ]);
    expect(r.inbound).toEqual([
      {
        from: '79161234567',
        text: 'СТОП',
        at: new Date(1_700_000_004_000),
        raw: body.entry[0].changes[0].value.messages[0],
      },
    ]);
    const tampered = JSON.stringify({ ...body, object: 'x' });
    for (const [cfg, headers, raw] of [
      [c, { 'x-hub-signature-256': sig }, tampered],
      [c, {}, rawBody],
      [whatsappChannel.config.parse({ ...config(), appSecret: undefined }), { 'x-hub-signature-256': sig }, rawBody],
    ] as const) {
      const e = await channelError(
        Promise.resolve().then(() => whatsappChannel.callback!(cfg, callbackReq({ body, rawBody: raw, headers }))),
      );
      expect(e.code).toBe('unauthenticated');
    }
  });
});

describe('vk', () => {
  const config = () => ({
    baseUrl: peer.vkBase,
    groupId: peer.vk.groupId,
    accessToken: peer.vk.token,
    secret: 'vk-callback-secret',
    confirmation: 'a1b2c3d4',
  });

  it('messages.send as a form with random_id from the message id; a retry is not delivered twice', async () => {
    const a = adapter(vkChannel, config());
    const m = { messageId: '0193a5c0-0000-7000-8000-000000000001', to: '501', text: 'Скидка 10%' };
    const res = await a.send(m);
    const req = lastRequest();
    expect(req.path).toBe('/method/messages.send');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body).toEqual({
      user_id: '501',
      random_id: String(vkRandomId(m.messageId)),
      message: 'Скидка 10%',
      access_token: peer.vk.token,
      v: VK_API_VERSION,
    });
    const delivered = peer.vk.messages.filter((x) => x.userId === '501');
    expect(delivered).toHaveLength(1);
    expect(res).toEqual({ providerId: String(delivered[0].id), status: 'sent' });
    // The same ledger message sent again (a retry after a timeout): VK drops it by random_id.
    expect(await a.send(m)).toEqual(res);
    expect(peer.vk.messages.filter((x) => x.userId === '501')).toHaveLength(1);
    expect(vkRandomId(m.messageId)).not.toBe(vkRandomId('0193a5c0-0000-7000-8000-000000000002'));
  });

  it('classifies VK errors (HTTP 200 with an error object)', async () => {
    const a = adapter(vkChannel, config());
    const privacy = await channelError(a.send(msg('503')));
    expect([privacy.code, privacy.permanent, privacy.bounce]).toEqual(['vk_902', true, 'hard']);
    const noPermission = await channelError(a.send(msg('777')));
    expect([noPermission.code, noPermission.permanent]).toEqual(['vk_901', true]);
    for (const code of [6, 9, 10]) {
      peer.fail('vk', 200, { error: { error_code: code, error_msg: 'try later' } });
      const e = await channelError(a.send(msg('501')));
      expect([e.code, e.permanent]).toEqual([`vk_${code}`, false]);
    }
    const badToken = await channelError(
      adapter(vkChannel, { ...config(), accessToken: 'vk1.a.wrong-token' }).send(msg('501')),
    );
    expect([badToken.code, badToken.permanent]).toEqual(['vk_5', true]);
  });

  it('verify calls groups.getById', async () => {
    await adapter(vkChannel, config()).verify();
    expect(lastRequest().path).toBe('/method/groups.getById');
    expect(lastRequest().body).toMatchObject({ group_id: peer.vk.groupId, v: VK_API_VERSION });
    const e = await channelError(adapter(vkChannel, { ...config(), accessToken: 'vk1.a.wrong-token' }).verify());
    expect(e.code).toBe('vk_5');
  });

  it('callback: confirmation string, message_new with the secret, refusals', async () => {
    const c = vkChannel.config.parse(config());
    const confirm = await vkChannel.callback!(
      c,
      callbackReq({ body: { type: 'confirmation', group_id: Number(peer.vk.groupId) } }),
    );
    expect(confirm.reply).toEqual({ status: 200, body: 'a1b2c3d4', contentType: 'text/plain' });
    const event = {
      type: 'message_new',
      group_id: Number(peer.vk.groupId),
      event_id: 'e1',
      v: VK_API_VERSION,
      secret: 'vk-callback-secret',
      object: { message: { id: 7, date: 1_700_000_000, from_id: 501, peer_id: 501, text: 'ОТПИСАТЬСЯ' } },
    };
    const r = await vkChannel.callback!(c, callbackReq({ body: event }));
    expect(r.inbound).toEqual([{ from: '501', text: 'ОТПИСАТЬСЯ', at: new Date(1_700_000_000_000), raw: event }]);
    expect(r.reply).toEqual({ status: 200, body: 'ok', contentType: 'text/plain' });
    // An older Callback API version: the message is the object itself.
    const old = { ...event, v: '5.80', object: { id: 8, date: 1_700_000_100, from_id: 502, text: 'stop' } };
    expect((await vkChannel.callback!(c, callbackReq({ body: old }))).inbound).toEqual([
      { from: '502', text: 'stop', at: new Date(1_700_000_100_000), raw: old },
    ]);
    for (const bad of [
      { ...event, secret: 'guess' },
      { ...event, secret: undefined },
      { ...event, group_id: 1 },
    ]) {
      const e = await channelError(Promise.resolve().then(() => vkChannel.callback!(c, callbackReq({ body: bad }))));
      expect(e.code).toBe('unauthenticated');
    }
  });
});

describe('through the channels API and the hook route', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  beforeAll(async () => {
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('messengers');
  });
  afterAll(async () => env?.close());
  const create = async (type: string, config: Record<string, unknown>) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: ws.auth,
      payload: { type, name: type, config },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };

  it('each kind is created with its secrets hidden and passes "test connection" against the peer', async () => {
    const channels = [
      await create('telegram', { baseUrl: peer.telegramBase, botToken: peer.telegram.token, webhookSecret: 'hook_1' }),
      await create('whatsapp', {
        baseUrl: peer.whatsappBase,
        phoneNumberId: peer.whatsapp.phoneNumberId,
        accessToken: peer.whatsapp.token,
        appSecret: 'app-secret-123',
      }),
      await create('vk', {
        baseUrl: peer.vkBase,
        groupId: peer.vk.groupId,
        accessToken: peer.vk.token,
        secret: 's3cret',
      }),
    ];
    expect(channels.map((c) => c.secretsSet.sort())).toEqual([
      ['botToken', 'webhookSecret'],
      ['accessToken', 'appSecret'],
      ['accessToken', 'secret'],
    ]);
    for (const c of channels) {
      expect(JSON.stringify(c)).not.toContain(peer.telegram.token);
      const t = await env.app.inject({ method: 'POST', url: `/api/v1/channels/${c.id}/test`, headers: ws.auth });
      expect(t.statusCode, `${c.type}: ${t.body}`).toBe(200);
    }
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: ws.auth,
      payload: { type: 'telegram', name: 'x', config: { botToken: 'nope' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('config.botToken');
  });

  it('a Telegram update reaches the hook only with the secret token', async () => {
    const c = await create('telegram', {
      baseUrl: peer.telegramBase,
      botToken: peer.telegram.token,
      webhookSecret: 'hook_2',
    });
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: 1001, type: 'private' }, text: 'hi' },
    };
    const post = (secret?: string) =>
      env.app.inject({
        method: 'POST',
        url: `/hooks/channels/${c.id}`,
        headers: {
          'content-type': 'application/json',
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
        payload: JSON.stringify(update),
      });
    expect((await post('hook_2')).statusCode).toBe(200);
    expect((await post('wrong')).statusCode).toBe(401);
    expect((await post()).statusCode).toBe(401);
  });
});

describe('sent by the engine: POST /api/v1/messages to a person', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  beforeAll(async () => {
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('messengers-e2e');
  });
  afterAll(async () => env?.close());
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const r = await env.app.inject({
      method,
      url,
      headers: ws.auth,
      ...(payload ? { payload: payload as object } : {}),
    });
    return { status: r.statusCode, body: r.json(), text: r.body };
  };

  it('Telegram, WhatsApp and VK get the rendered text; a signed WhatsApp read receipt opens the message', async () => {
    // Addresses no other test of this file sends to.
    peer.telegram.chats.add('1004');
    peer.vk.users.add('504');
    const source = (await call('POST', '/api/v1/sources', { name: 'app', kind: 'server' })).body;
    const track = await env.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` },
      payload: {
        userId: 'e2e-ann',
        traits: { firstName: 'Ann', telegramId: '1004', vkId: '504', phone: '+7 916 555-12-34' },
      },
    });
    expect(track.statusCode, track.body).toBe(200);
    const person = (await call('GET', '/api/v1/people/lookup?kind=user_id&value=e2e-ann')).body;
    const template = await call('POST', '/api/v1/templates', {
      channel: 'messenger',
      name: 'order ready',
      body: 'Hi {{ person.firstName }}, order {{ data.order }} is ready',
      kind: 'transactional',
    });
    expect(template.status, template.text).toBe(201);
    const channel = async (type: string, config: Record<string, unknown>) => {
      const r = await call('POST', '/api/v1/channels', { type, name: `${type} e2e`, config });
      expect(r.status, r.text).toBe(201);
      return r.body.id as string;
    };
    const channels = {
      telegram: await channel('telegram', { baseUrl: peer.telegramBase, botToken: peer.telegram.token }),
      whatsapp: await channel('whatsapp', {
        baseUrl: peer.whatsappBase,
        phoneNumberId: peer.whatsapp.phoneNumberId,
        accessToken: peer.whatsapp.token,
        appSecret: 'app-secret-e2e',
      }),
      vk: await channel('vk', { baseUrl: peer.vkBase, groupId: peer.vk.groupId, accessToken: peer.vk.token }),
    };
    const expected = 'Hi Ann, order 42 is ready';
    const ids: Record<string, string> = {};
    for (const [type, channelId] of Object.entries(channels)) {
      const r = await call('POST', '/api/v1/messages', {
        personId: person.id,
        channelId,
        templateId: template.body.id,
        data: { order: 42 },
      });
      expect(r.status, r.text).toBe(202);
      ids[type] = r.body.id;
    }
    const final = async (id: string, statuses: string[]) =>
      eventually(async () => {
        const m = (await call('GET', `/api/v1/messages/${id}`)).body;
        return statuses.includes(m.status) ? m : null;
      });
    const tg = await final(ids.telegram, ['delivered']);
    expect(peer.telegram.messages.filter((m) => m.chatId === '1004').map((m) => m.text)).toEqual([expected]);
    expect(tg.providerId).toBe(String(peer.telegram.messages.find((m) => m.chatId === '1004')!.messageId));
    const wa = await final(ids.whatsapp, ['sent']);
    const waSent = peer.whatsapp.messages.filter((m) => m.to === '79165551234');
    expect(waSent.map((m) => m.body)).toEqual([expected]);
    expect(wa.providerId).toBe(waSent[0].id);
    await final(ids.vk, ['sent']);
    expect(peer.vk.messages.filter((m) => m.userId === '504').map((m) => m.message)).toEqual([expected]);

    // Meta reports the message read: through the hook route, signed with the app secret.
    const receipt = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            {
              field: 'messages',
              value: {
                statuses: [{ id: wa.providerId, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)) }],
              },
            },
          ],
        },
      ],
    });
    const hook = (signature: string) =>
      env.app.inject({
        method: 'POST',
        url: `/hooks/channels/${channels.whatsapp}`,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        payload: receipt,
      });
    expect((await hook('sha256=00')).statusCode).toBe(401);
    expect((await call('GET', `/api/v1/messages/${ids.whatsapp}`)).body.status).toBe('sent');
    const signed = await hook(`sha256=${createHmac('sha256', 'app-secret-e2e').update(receipt).digest('hex')}`);
    expect(signed.statusCode, signed.body).toBe(200);
    await final(ids.whatsapp, ['opened']);
  });
});
