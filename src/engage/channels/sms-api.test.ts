import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { SmsGatewayPeer } from '../../../test/peers/sms-gateway-peer.ts';
import { SmppPeer } from '../../../test/peers/smpp-peer.ts';
import { systemActor } from '../../core/auth/actor.ts';
import { smsSegments } from './sms-text.ts';

/**
 * SMS end to end through the API: channels over a real SMSC and a real HTTP gateway, a message
 * sent by the sender, its delivery receipt (deliver_sm on the session; a signed callback at
 * POST /hooks/channels/{id}) moving it to delivered, and an inbound STOP withdrawing consent.
 */
describe('engage: SMS channels end to end', () => {
  let env: TestEnv;
  let smsc: SmppPeer;
  let gw: SmsGatewayPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let templateId: string;

  const person = async (phone: string) => {
    const p = await call.ok('POST', '/people', { firstName: 'Ирина', phones: [phone] });
    await env.kernel.crm.consents.record(systemActor(ws.id, 'test'), p.id, {
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'test',
    });
    return p.id as string;
  };
  const status = (id: string, want: string) =>
    eventually(async () => {
      const m = await call.ok('GET', `/messages/${id}`);
      return m.status === want ? m : null;
    }, 60_000);
  const smsConsent = async (personId: string) =>
    (await env.kernel.crm.consents.current(ws.id, personId)).find(
      (c) => c.channel === 'sms' && c.purpose === 'marketing',
    );

  beforeAll(async () => {
    smsc = await SmppPeer.start({ systemId: 'shop', password: 'pw12345' });
    gw = await SmsGatewayPeer.start({ token: 'gateway-token-1' });
    // A retried message's first wait: a second, so the 503 test does not wait out the default 30 s.
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8', sendRetryDelaySeconds: 1 });
    // The gateway calls us back over HTTP: the app listens on loopback for it.
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    ws = await env.workspace('sms');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    templateId = (
      await call.ok('POST', '/templates', {
        channel: 'sms',
        name: 'Order ready',
        body: 'Здравствуйте, {{ person.firstName }}! Заказ {{ data.orderId }} ждёт вас в пункте выдачи до пятницы. Спасибо!',
      })
    ).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await smsc?.close();
    await gw?.close();
  });

  it('SMPP: config keeps the password secret; the connection test checks it', async () => {
    const config = { transport: 'smpp', host: '127.0.0.1', port: smsc.port, systemId: 'shop', sourceAddr: 'Shop' };
    const ch = await call.ok('POST', '/channels', {
      type: 'sms',
      name: 'SMSC',
      config: { ...config, password: 'pw12345' },
    });
    expect(ch.config).not.toHaveProperty('password');
    expect(ch.secretsSet).toEqual(['password']);
    expect(await call.ok('POST', `/channels/${ch.id}/test`)).toEqual({ ok: true });

    const bad = await call.ok('POST', '/channels', {
      type: 'sms',
      name: 'Bad',
      config: { ...config, password: 'nope' },
    });
    const r = await call.api('POST', `/channels/${bad.id}/test`);
    expect(r.status).toBe(422);
    expect(r.text).toContain('auth_failed');

    const missing = await call.api('POST', '/channels', { type: 'sms', name: 'X', config: { transport: 'smpp' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('config.host');
  });

  it('SMPP: sends, the receipt marks it delivered, an MO STOP withdraws consent', async () => {
    const ch = await call.ok('POST', '/channels', {
      type: 'sms',
      name: 'SMSC live',
      config: {
        transport: 'smpp',
        host: '127.0.0.1',
        port: smsc.port,
        systemId: 'shop',
        password: 'pw12345',
        sourceAddr: 'Shop',
      },
    });
    const personId = await person('+79161112233');
    const sent = await call.ok('POST', '/messages', {
      personId,
      channelId: ch.id,
      templateId,
      data: { orderId: 'A-1' },
    });
    const m = await status(sent.id, 'sent');
    const got = smsc.received.find((x) => x.messageIds[0] === m.providerId);
    expect(got).toMatchObject({
      to: '79161112233',
      from: 'Shop',
      dataCoding: 8,
      text: 'Здравствуйте, Ирина! Заказ A-1 ждёт вас в пункте выдачи до пятницы. Спасибо!',
    });
    expect(got!.parts).toBe(smsSegments(got!.text).segments);
    expect(got!.parts).toBe(2);

    for (const id of got!.messageIds) expect(await smsc.receipt(id, 'DELIVRD')).toBe(0);
    const delivered = await status(sent.id, 'delivered');
    expect(delivered.history.map((h: { type: string }) => h.type)).toContain('delivered');

    expect((await smsConsent(personId))?.status).toBe('granted');
    expect(await smsc.mo('79161112233', 'STOP')).toBe(0);
    await eventually(async () => (await smsConsent(personId))?.status === 'withdrawn');
    expect(await smsConsent(personId)).toMatchObject({ status: 'withdrawn', source: 'inbound-stop' });
  });

  it('SMPP: the worker binds a new channel without waiting for a send, so a STOP before any message is heard', async () => {
    const own = await SmppPeer.start({ systemId: 'shop2', password: 'pw67890' });
    let channelId = '';
    try {
      channelId = (
        await call.ok('POST', '/channels', {
          type: 'sms',
          name: 'SMSC quiet',
          config: {
            transport: 'smpp',
            host: '127.0.0.1',
            port: own.port,
            systemId: 'shop2',
            password: 'pw67890',
            sourceAddr: 'Shop',
          },
        })
      ).id;
      const personId = await person('+79165556677');
      // The peer can deliver only to a bound transceiver: it has one once the worker opened the session.
      await eventually(async () => (await own.mo('79165556677', 'STOP').catch(() => null)) === 0, 50_000);
      await eventually(async () => (await smsConsent(personId))?.status === 'withdrawn');
      expect(own.received).toEqual([]);
    } finally {
      if (channelId) await call.ok('DELETE', `/channels/${channelId}`);
      await own.close();
    }
  });

  it('HTTP gateway: sends, a signed callback delivers and an inbound STOP withdraws; a forged one is 401', async () => {
    const ch = await call.ok('POST', '/channels', {
      type: 'sms',
      name: 'Gateway',
      config: { transport: 'http', url: gw.url, token: 'gateway-token-1', from: 'Shop' },
    });
    expect(ch.secretsSet).toEqual(['token']);
    expect(await call.ok('POST', `/channels/${ch.id}/test`)).toEqual({ ok: true });
    gw.callbackUrl = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}/hooks/channels/${ch.id}`;

    const personId = await person('+79164445566');
    const sent = await call.ok('POST', '/messages', {
      personId,
      channelId: ch.id,
      templateId,
      data: { orderId: 'B-2' },
    });
    const m = await status(sent.id, 'sent');
    const got = gw.received.find((x) => x.id === m.providerId);
    expect(got).toMatchObject({ to: '+79164445566', from: 'Shop', reference: sent.id });
    expect(got!.text).toContain('Заказ B-2');

    expect(await gw.post({ type: 'status', id: m.providerId, status: 'delivered' }, 'ab'.repeat(32))).toBe(401);
    expect((await call.ok('GET', `/messages/${sent.id}`)).status).toBe('sent');
    expect(await gw.status(m.providerId, 'delivered')).toBe(200);
    await status(sent.id, 'delivered');

    expect(await gw.inbound('+79164445566', 'Стоп')).toBe(200);
    expect(await smsConsent(personId)).toMatchObject({ status: 'withdrawn', source: 'inbound-stop' });
  });

  it('HTTP gateway: a 400 fails the message with its reason, a 503 is retried', async () => {
    const ch = await call.ok('POST', '/channels', {
      type: 'sms',
      name: 'Gateway 2',
      config: { transport: 'http', url: gw.url, token: 'gateway-token-1', from: 'Shop' },
    });
    const personId = await person('+79167778899');
    gw.failNext(400);
    const a = await call.ok('POST', '/messages', { personId, channelId: ch.id, templateId, data: { orderId: 'C-3' } });
    expect(await status(a.id, 'failed')).toMatchObject({ reason: 'http_400' });

    gw.failNext(503);
    const b = await call.ok('POST', '/messages', { personId, channelId: ch.id, templateId, data: { orderId: 'C-4' } });
    const m = await status(b.id, 'sent');
    expect(m.attempts).toBe(2);
    expect(gw.received.filter((x) => x.reference === b.id)).toHaveLength(1);
  });
});
