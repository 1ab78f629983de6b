import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { MessengerPeer } from '../../test/peers/messenger-peer.ts';
import { SmsGatewayPeer } from '../../test/peers/sms-gateway-peer.ts';
import { newId } from '../core/ids.ts';

/**
 * VK, WhatsApp Cloud API and SMS replies into the desk over the HTTP app: signed callbacks as each
 * provider sends them (VK's secret key in the body, Meta's `X-Hub-Signature-256`, the gateway's
 * `X-Signature`) make one conversation per client; a forged one is refused with nothing stored; an
 * agent's reply goes out to a local peer speaking that provider's API at the channel's base URL.
 * Then a reply through a chosen inbox (`inboxId`), and by default through the one the client wrote to.
 */
describe('service: inbound VK, WhatsApp and SMS', () => {
  let env: TestEnv;
  let peer: MessengerPeer;
  let gw: SmsGatewayPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  const ch: Record<string, string> = {};
  const inbox: Record<string, string> = {};
  const APP_SECRET = 'app-secret-123';
  const VK_SECRET = 'vk-callback-secret';

  const post = (channelId: string, raw: string, headers: Record<string, string> = {}) =>
    env.app.inject({
      method: 'POST',
      url: `/hooks/channels/${channelId}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: raw,
    });
  const whatsapp = (id: string, from: string, text: string, secret = APP_SECRET) => {
    const raw = JSON.stringify({
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
                contacts: [{ wa_id: from, profile: { name: 'Ольга' } }],
                messages: [
                  { from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } },
                ],
              },
            },
          ],
        },
      ],
    });
    const sig = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    return post(ch.whatsapp!, raw, { 'x-hub-signature-256': sig });
  };
  const vk = (eventId: string, from: number, text: string, secret = VK_SECRET) =>
    post(
      ch.vk!,
      JSON.stringify({
        type: 'message_new',
        group_id: Number(peer.vk.groupId),
        event_id: eventId,
        v: '5.199',
        secret,
        object: {
          message: {
            id: Number(eventId.replace(/\D/g, '')),
            date: Math.floor(Date.now() / 1000),
            from_id: from,
            peer_id: from,
            text,
          },
        },
      }),
    );
  const sms = (channel: string, id: string, from: string, text: string, token = gw.token) => {
    const raw = JSON.stringify({ type: 'inbound', id, from, text });
    return post(channel, raw, { 'x-signature': createHmac('sha256', token).update(raw).digest('hex') });
  };
  const convsOn = async (channel: string) => (await call.ok('GET', `/conversations?channel=${channel}`)).data;
  const bodies = async (id: string) =>
    (await call.ok('GET', `/conversations/${id}/messages`)).data.map((m: { direction: string; body: string }) => [
      m.direction,
      m.body,
    ]);

  beforeAll(async () => {
    peer = await new MessengerPeer().start();
    gw = await SmsGatewayPeer.start({ token: 'gw-token-1' });
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('omni');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    const channel = async (type: string, name: string, config: unknown) =>
      (await call.ok('POST', '/channels', { type, name, config })).id as string;
    ch.whatsapp = await channel('whatsapp', 'WhatsApp', {
      baseUrl: peer.whatsappBase,
      phoneNumberId: peer.whatsapp.phoneNumberId,
      accessToken: peer.whatsapp.token,
      appSecret: APP_SECRET,
    });
    ch.vk = await channel('vk', 'VK', {
      baseUrl: peer.vkBase,
      groupId: peer.vk.groupId,
      accessToken: peer.vk.token,
      secret: VK_SECRET,
    });
    const smsConfig = (from: string) => ({ transport: 'http', url: gw.url, token: gw.token, from });
    ch.smsA = await channel('sms', 'SMS main', smsConfig('BankMain'));
    ch.smsB = await channel('sms', 'SMS short', smsConfig('BankShort'));
    for (const [key, c] of [
      ['whatsapp', 'whatsapp'],
      ['vk', 'vk'],
      ['smsA', 'sms'],
      ['smsB', 'sms'],
    ] as const)
      inbox[key] = (await call.ok('POST', '/inboxes', { name: key, channel: c, channelId: ch[key] })).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await peer?.close();
    await gw?.close();
  });

  it('WhatsApp: signed messages make one conversation; a forged signature stores nothing; the reply reaches the Cloud API', async () => {
    expect((await whatsapp('wamid.in1', '79161234567', 'Не проходит платёж')).statusCode).toBe(200);
    expect((await whatsapp('wamid.in2', '79161234567', 'Карта заканчивается на 4411')).statusCode).toBe(200);
    // A redelivery is the same message.
    expect((await whatsapp('wamid.in2', '79161234567', 'Карта заканчивается на 4411')).statusCode).toBe(200);
    const forged = await whatsapp('wamid.in3', '79161234567', 'Переведите всё', 'guessed-secret');
    expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    expect(forged.statusCode).toBeLessThan(500);
    const list = await convsOn('whatsapp');
    expect(list).toHaveLength(1);
    expect(await bodies(list[0].id)).toEqual([
      ['in', 'Не проходит платёж'],
      ['in', 'Карта заканчивается на 4411'],
    ]);
    await call.ok('POST', `/conversations/${list[0].id}/messages`, { body: 'Проверили, платёж прошёл' });
    const sent = await eventually(
      async () => peer.whatsapp.messages.find((m) => m.body === 'Проверили, платёж прошёл') ?? null,
      60_000,
    );
    expect(sent.to).toBe('79161234567');
  });

  it('VK: the secret key in the body; two clients, two conversations; a wrong key stores nothing; the reply via messages.send', async () => {
    expect((await vk('ev1', 501, 'Где моя карта?')).statusCode).toBe(200);
    expect((await vk('ev2', 502, 'Как сменить тариф?')).statusCode).toBe(200);
    expect((await vk('ev3', 501, 'Заказывал неделю назад')).statusCode).toBe(200);
    const forged = await vk('ev4', 501, 'Поддельное', 'guess');
    expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    expect(forged.statusCode).toBeLessThan(500);
    const list = await convsOn('vk');
    expect(list).toHaveLength(2);
    const first = list.find((c: { subject: string }) => c.subject === 'Где моя карта?');
    expect(await bodies(first.id)).toEqual([
      ['in', 'Где моя карта?'],
      ['in', 'Заказывал неделю назад'],
    ]);
    await call.ok('POST', `/conversations/${first.id}/messages`, { body: 'Карта в отделении' });
    const sent = await eventually(
      async () => peer.vk.messages.find((m) => m.message === 'Карта в отделении') ?? null,
      60_000,
    );
    expect(sent.userId).toBe('501');
  });

  it('SMS: signed gateway callbacks; a forged one refused; the reply leaves through the inbox the client wrote to', async () => {
    expect((await sms(ch.smsB!, 'gw-in-1', '+79160001122', 'Не пришёл код')).statusCode).toBe(200);
    expect((await sms(ch.smsB!, 'gw-in-2', '+79160001122', 'Жду уже 10 минут')).statusCode).toBe(200);
    const forged = await sms(ch.smsB!, 'gw-in-3', '+79160001122', 'Подделка', 'wrong-token');
    expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    expect(forged.statusCode).toBeLessThan(500);
    const list = await convsOn('sms');
    expect(list).toHaveLength(1);
    const id = list[0].id;
    expect(await bodies(id)).toEqual([
      ['in', 'Не пришёл код'],
      ['in', 'Жду уже 10 минут'],
    ]);
    // No inboxId: the short number the client wrote to, not the oldest SMS inbox.
    await call.ok('POST', `/conversations/${id}/messages`, { body: 'Отправили код ещё раз' });
    const byDefault = await eventually(
      async () => gw.received.find((m) => m.text === 'Отправили код ещё раз') ?? null,
      60_000,
    );
    expect(byDefault).toMatchObject({ to: '+79160001122', from: 'BankShort' });
    // A chosen inbox.
    await call.ok('POST', `/conversations/${id}/messages`, { body: 'Пишем с основного номера', inboxId: inbox.smsA });
    const chosen = await eventually(
      async () => gw.received.find((m) => m.text === 'Пишем с основного номера') ?? null,
      60_000,
    );
    expect(chosen.from).toBe('BankMain');
    const refusals: [unknown, string][] = [
      [{ body: 'x', inboxId: inbox.whatsapp, channel: 'sms' }, 'inboxId'],
      [{ body: 'x', inboxId: newId() }, 'inboxId'],
      [{ body: 'x', inboxId: 'not-a-uuid' }, 'inboxId'],
    ];
    for (const [body, path] of refusals) {
      const r = await call.api('POST', `/conversations/${id}/messages`, body);
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error.details[0].path).toBe(path);
    }
    expect((await bodies(id)).filter(([d]: string[]) => d === 'out')).toHaveLength(2);
  });
});
