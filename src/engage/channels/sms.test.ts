import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmsGatewayPeer } from '../../../test/peers/sms-gateway-peer.ts';
import { SmppPeer, TEST_SMSC_CERT } from '../../../test/peers/smpp-peer.ts';
import { Outbound } from '../../core/net/outbound.ts';
import { smsChannel } from './sms.ts';
import { ChannelError, type AdapterDeps, type CallbackResult, type ChannelAdapter } from './types.ts';

const log = pino({ level: 'silent' });
const loopback = new Outbound({ allow: '127.0.0.0/8' });

/** Adapter deps whose onCallback collects what the adapter reports. */
function collecting(failures = 0) {
  const results: CallbackResult[] = [];
  const deps: AdapterDeps = {
    outbound: loopback,
    log,
    onCallback: async (r) => {
      if (failures-- > 0) throw new Error('database down');
      results.push(r);
    },
  };
  return { results, deps };
}

async function rejection(p: Promise<unknown>): Promise<ChannelError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChannelError);
  return e as ChannelError;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SMS over SMPP', () => {
  let peer: SmppPeer;
  const adapters: ChannelAdapter[] = [];
  const smpp = (over: Record<string, unknown> = {}, deps: AdapterDeps = collecting().deps) => {
    const config = smsChannel.config.parse({
      transport: 'smpp',
      host: '127.0.0.1',
      port: peer.port,
      systemId: 'kartoteka',
      password: 'secret',
      sourceAddr: 'Kartoteka',
      ...over,
    });
    const a = smsChannel.create(config, deps);
    adapters.push(a);
    return a;
  };

  beforeAll(async () => {
    peer = await SmppPeer.start({ systemId: 'kartoteka', password: 'secret' });
  });
  afterEach(async () => {
    for (const a of adapters.splice(0)) await a.close();
  });
  afterAll(async () => {
    await peer.close();
  });

  it('verify binds and unbinds; a wrong password fails with auth_failed', async () => {
    const before = peer.binds.length;
    await smpp().verify();
    expect(peer.binds.slice(before)).toEqual([{ systemId: 'kartoteka', ok: true }]);
    await until(() => peer.sessions === 0, 'the verify session to end');

    const e = await rejection(smpp({ password: 'wrong' }).verify());
    expect(e.code).toBe('auth_failed');
    expect(e.permanent).toBe(true);
    expect(peer.binds.at(-1)).toEqual({ systemId: 'kartoteka', ok: false });
  });

  it('sends a GSM-7 text with a delivery receipt asked for; the receipt becomes a StatusReport', async () => {
    const { results, deps } = collecting();
    const a = smpp({}, deps);
    const sent = await a.send({ messageId: 'm1', to: '+7 916 123-45-67', text: 'Your code is 1234 {ok} € @home' });
    const got = peer.received.at(-1)!;
    expect(got).toMatchObject({
      from: 'Kartoteka',
      sourceTon: 5,
      to: '79161234567',
      destTon: 1,
      destNpi: 1,
      text: 'Your code is 1234 {ok} € @home',
      dataCoding: 0,
      registeredDelivery: 1,
      parts: 1,
    });
    expect(sent).toEqual({ providerId: got.messageIds[0], status: 'sent' });

    expect(await peer.receipt(sent.providerId!, 'DELIVRD')).toBe(0);
    await until(() => results.length === 1, 'the receipt');
    expect(results[0]).toEqual({ statuses: [{ providerId: sent.providerId, status: 'delivered' }], inbound: [] });
  });

  it('splits a long Cyrillic text into UCS-2 parts the SMSC reassembles; receipts fold into one', async () => {
    const { results, deps } = collecting();
    const a = smpp({}, deps);
    const text = `Здравствуйте! ${'Ваш заказ собран и ждёт вас в пункте выдачи. '.repeat(4)}Спасибо 😀`;
    const sent = await a.send({ messageId: 'm2', to: '+79161234567', text });
    const got = peer.received.at(-1)!;
    expect(got.text).toBe(text);
    expect(got.dataCoding).toBe(8);
    expect(got.parts).toBe(Math.ceil(text.length / 67));
    expect(got.parts).toBeGreaterThan(2);
    expect(sent.providerId).toBe(got.messageIds[0]);

    // Each part has its own receipt: delivered only once every part is.
    for (const id of got.messageIds.slice(1)) await peer.receipt(id, 'DELIVRD');
    await new Promise((r) => setTimeout(r, 200));
    expect(results).toEqual([]);
    await peer.receipt(got.messageIds[0]!, 'DELIVRD');
    await until(() => results.length === 1, 'the folded receipt');
    expect(results[0]!.statuses).toEqual([{ providerId: sent.providerId, status: 'delivered' }]);
  });

  it('an undeliverable part fails the whole message with the reason', async () => {
    const { results, deps } = collecting();
    const a = smpp({}, deps);
    const sent = await a.send({ messageId: 'm3', to: '+79161234567', text: 'x'.repeat(200) });
    const got = peer.received.at(-1)!;
    expect(got).toMatchObject({ parts: 2, dataCoding: 0, text: 'x'.repeat(200) });
    await peer.receipt(got.messageIds[1]!, 'UNDELIV', '001');
    await until(() => results.length === 1, 'the failure');
    expect(results[0]!.statuses).toEqual([
      { providerId: sent.providerId, status: 'failed', reason: 'UNDELIV err:001' },
    ]);
    // The other part's later receipt does not report the message again.
    await peer.receipt(got.messageIds[0]!, 'DELIVRD');
    await new Promise((r) => setTimeout(r, 200));
    expect(results).toHaveLength(1);
  });

  it('a receipt that spells the message_id in decimal (or lower case) still finds the message', async () => {
    const hexSmsc = await SmppPeer.start({ systemId: 'kartoteka', password: 'secret', hexIds: true });
    try {
      const { results, deps } = collecting();
      const a = smpp({ port: hexSmsc.port }, deps);
      const one = await a.send({ messageId: 'm16', to: '+79161234567', text: 'one' });
      const two = await a.send({ messageId: 'm17', to: '+79161234567', text: 'two' });
      expect(one.providerId).toMatch(/^[0-9A-F]+$/);
      await hexSmsc.receipt(String(Number.parseInt(one.providerId!, 16)), 'DELIVRD');
      await hexSmsc.receipt(two.providerId!.toLowerCase(), 'UNDELIV');
      await hexSmsc.receipt('999999999', 'DELIVRD');
      await until(() => results.length === 3, 'three receipts');
      expect(results.map((r) => r.statuses[0]!.providerId)).toEqual([one.providerId, two.providerId, '999999999']);
    } finally {
      for (const a of adapters.splice(0)) await a.close();
      await hexSmsc.close();
    }
  });

  it('an MO "STOP" becomes an InboundMessage from the E.164 sender', async () => {
    const { results, deps } = collecting();
    const a = smpp({}, deps);
    await a.send({ messageId: 'm4', to: '+79161234567', text: 'Promo' });
    expect(await peer.mo('79161234567', 'STOP')).toBe(0);
    expect(await peer.mo('79161234568', 'СТОП')).toBe(0);
    await until(() => results.length === 2, 'two MO messages');
    expect(results.map((r) => r.inbound.map(({ from, text }) => ({ from, text })))).toEqual([
      [{ from: '+79161234567', text: 'STOP' }],
      [{ from: '+79161234568', text: 'СТОП' }],
    ]);
    expect(results.every((r) => r.statuses.length === 0)).toBe(true);
  });

  it('a concatenated MO message is reassembled', async () => {
    const { results, deps } = collecting();
    const a = smpp({}, deps);
    await a.send({ messageId: 'm4b', to: '+79161234567', text: 'Promo' });
    expect(await peer.moParts('79161234567', ['Отпишите ', 'меня, ', 'пожалуйста'])).toEqual([0, 0, 0]);
    await until(() => results.length === 1, 'the whole MO');
    expect(results[0]!.inbound).toMatchObject([{ from: '+79161234567', text: 'Отпишите меня, пожалуйста' }]);
  });

  it('answers deliver_sm with a temporary error when the report cannot be stored, and takes the repeat', async () => {
    const { results, deps } = collecting(2);
    const a = smpp({}, deps);
    const sent = await a.send({ messageId: 'm5', to: '+79161234567', text: 'z'.repeat(170) });
    const ids = peer.received.at(-1)!.messageIds;
    expect(await peer.receipt(ids[0]!, 'DELIVRD')).toBe(0);
    expect(await peer.receipt(ids[1]!, 'DELIVRD')).toBe(0x64);
    expect(await peer.receipt(ids[1]!, 'DELIVRD')).toBe(0x64);
    // The SMSC repeats it: the message's receipt is reported once it can be stored.
    expect(await peer.receipt(ids[1]!, 'DELIVRD')).toBe(0);
    expect(await peer.receipt(ids[1]!, 'DELIVRD')).toBe(0);
    expect(results).toEqual([{ statuses: [{ providerId: sent.providerId, status: 'delivered' }], inbound: [] }]);
  });

  it('throttling and a full queue are transient; an invalid destination is permanent', async () => {
    const a = smpp();
    peer.failNext(0x58);
    const throttled = await rejection(a.send({ messageId: 'm6', to: '+79161234567', text: 'hi' }));
    expect(throttled).toMatchObject({ code: 'smpp_throttled', permanent: false });
    peer.failNext(0x14);
    expect(await rejection(a.send({ messageId: 'm6', to: '+79161234567', text: 'hi' }))).toMatchObject({
      code: 'smpp_msgqful',
      permanent: false,
    });
    peer.failNext(0x0b);
    expect(await rejection(a.send({ messageId: 'm7', to: '+79161234567', text: 'hi' }))).toMatchObject({
      code: 'smpp_invdstadr',
      permanent: true,
    });
    // The session is still fine.
    const ok = await a.send({ messageId: 'm8', to: '+79161234567', text: 'after' });
    expect(peer.received.at(-1)).toMatchObject({ text: 'after', messageIds: [ok.providerId] });
  });

  it('a throttled later part waits and goes; the message is sent once', async () => {
    const a = smpp();
    const before = peer.received.length;
    peer.failNext(0, 0x58);
    const sent = await a.send({ messageId: 'm9', to: '+79161234567', text: 'y'.repeat(300) });
    expect(peer.received.length).toBe(before + 1);
    expect(peer.received.at(-1)).toMatchObject({ parts: 2, text: 'y'.repeat(300) });
    expect(sent.providerId).toBe(peer.received.at(-1)!.messageIds[0]);
  });

  it('binds again after the SMSC drops the connection', async () => {
    const { results, deps } = collecting();
    const a = smpp({}, deps);
    await a.send({ messageId: 'm10', to: '+79161234567', text: 'one' });
    const binds = peer.binds.length;
    peer.drop();
    // Without a send: the adapter re-binds by itself, so receipts keep arriving.
    await peer.until(() => peer.binds.length === binds + 1 && peer.sessions === 1, 'the re-bind');
    await peer.mo('79161234567', 'STOP');
    await until(() => results.length === 1, 'the MO after re-bind');
    const sent = await a.send({ messageId: 'm11', to: '+79161234567', text: 'two' });
    expect(peer.received.at(-1)).toMatchObject({ text: 'two', messageIds: [sent.providerId] });
  });

  it('refuses a bad address and a host the outbound policy blocks', async () => {
    const a = smpp();
    expect(await rejection(a.send({ messageId: 'm12', to: 'not a phone', text: 'x' }))).toMatchObject({
      code: 'invalid_address',
      permanent: true,
    });
    const blocked = smsChannel.create(
      smsChannel.config.parse({
        transport: 'smpp',
        host: '127.0.0.1',
        port: peer.port,
        systemId: 'kartoteka',
        password: 'secret',
        sourceAddr: 'Kartoteka',
      }),
      { outbound: new Outbound(), log },
    );
    adapters.push(blocked);
    const binds = peer.binds.length;
    expect(await rejection(blocked.send({ messageId: 'm13', to: '+79161234567', text: 'x' }))).toMatchObject({
      code: 'outbound_blocked',
      permanent: true,
    });
    expect(await rejection(blocked.verify())).toMatchObject({ code: 'outbound_blocked' });
    expect(peer.binds.length).toBe(binds);
  });

  it('speaks SMPP over TLS, trusting the configured CA only', async () => {
    const secure = await SmppPeer.start({ systemId: 'kartoteka', password: 'secret', tls: true });
    try {
      const { results, deps } = collecting();
      const a = smpp({ port: secure.port, tls: true, tlsCa: TEST_SMSC_CERT }, deps);
      await a.verify();
      const sent = await a.send({ messageId: 'm15', to: '+79161234567', text: 'over TLS' });
      expect(secure.received.at(-1)).toMatchObject({ text: 'over TLS', messageIds: [sent.providerId] });
      await secure.receipt(sent.providerId!, 'DELIVRD');
      await until(() => results.length === 1, 'the receipt over TLS');

      const untrusted = await rejection(smpp({ port: secure.port, tls: true }).verify());
      expect(untrusted).toMatchObject({ code: 'tls_failed', permanent: true });
      expect(secure.binds.filter((b) => b.ok)).toHaveLength(2);
    } finally {
      for (const a of adapters.splice(0)) await a.close();
      await secure.close();
    }
  });

  it('an unreachable SMSC is a transient failure', async () => {
    const closed = await SmppPeer.start();
    const port = closed.port;
    await closed.close();
    const e = await rejection(smpp({ port }).send({ messageId: 'm14', to: '+79161234567', text: 'x' }));
    expect(e).toMatchObject({ code: 'unreachable', permanent: false });
  });
});

describe('SMS over an HTTP gateway', () => {
  let gw: SmsGatewayPeer;
  /** Stands in for POST /hooks/channels/:id: hands the request to smsChannel.callback. */
  let hook: http.Server;
  const hookResults: CallbackResult[] = [];
  const hookErrors: string[] = [];
  let config: Record<string, unknown>;

  const gateway = (over: Record<string, unknown> = {}) =>
    smsChannel.create(smsChannel.config.parse({ ...config, ...over }), { outbound: loopback, log });

  beforeAll(async () => {
    gw = await SmsGatewayPeer.start({ token: 'gw-secret-token' });
    config = { transport: 'http', url: gw.url, token: 'gw-secret-token', from: 'Kartoteka', timeoutMs: 1000 };
    hook = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const rawBody = Buffer.concat(chunks).toString('utf8');
      try {
        const r = await smsChannel.callback!(smsChannel.config.parse(config), {
          method: req.method ?? 'POST',
          query: {},
          headers: req.headers,
          rawBody,
          body: JSON.parse(rawBody),
        });
        hookResults.push(r);
        res.writeHead(200).end('ok');
      } catch (e) {
        hookErrors.push((e as ChannelError).code);
        res.writeHead((e as ChannelError).code === 'unauthenticated' ? 401 : 400).end();
      }
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    gw.callbackUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/channels/x`;
  });
  afterAll(async () => {
    await gw.close();
    hook.closeAllConnections();
    await new Promise<void>((r) => hook.close(() => r()));
  });

  it('sends JSON with the bearer token; the answer id is the providerId', async () => {
    const sent = await gateway().send({ messageId: 'msg-1', to: '8 (916) 123-45-67', text: 'Привет' });
    expect(gw.received.at(-1)).toEqual({
      to: '+79161234567',
      from: 'Kartoteka',
      text: 'Привет',
      reference: 'msg-1',
      id: sent.providerId,
    });
    expect(gw.requests.at(-1)).toMatchObject({ method: 'POST', authorization: 'Bearer gw-secret-token' });
    expect(sent).toEqual({ providerId: 'gw-1', status: 'sent' });
  });

  it('classifies answers: 4xx permanent, 429 and 5xx and timeouts transient', async () => {
    const a = gateway();
    const msg = { messageId: 'msg-2', to: '+79161234567', text: 'x' };
    const cases: [number | 'hang', string, boolean][] = [
      [400, 'http_400', true],
      [404, 'http_404', true],
      [429, 'http_429', false],
      [500, 'http_500', false],
      [503, 'http_503', false],
      ['hang', 'timeout', false],
    ];
    for (const [fault, code, permanent] of cases) {
      gw.failNext(fault);
      expect(await rejection(a.send(msg)), String(fault)).toMatchObject({ code, permanent });
    }
    expect(await rejection(gateway({ token: 'wrong' }).send(msg))).toMatchObject({ code: 'http_401', permanent: true });
  });

  it('verify checks the token', async () => {
    await gateway().verify();
    expect(await rejection(gateway({ token: 'wrong' }).verify())).toMatchObject({ code: 'auth_failed' });
    const blocked = smsChannel.create(smsChannel.config.parse(config), { outbound: new Outbound(), log });
    expect(await rejection(blocked.verify())).toMatchObject({ code: 'outbound_blocked', permanent: true });
  });

  it('callbacks: a signed status and inbound STOP are read; a bad signature is refused', async () => {
    const sent = await gateway().send({ messageId: 'msg-3', to: '+79161234567', text: 'hi' });
    hookResults.length = 0;
    expect(await gw.status(sent.providerId!, 'delivered')).toBe(200);
    expect(await gw.status(sent.providerId!, 'failed', 'absent subscriber')).toBe(200);
    expect(await gw.inbound('89161234567', 'STOP')).toBe(200);
    expect(hookResults).toEqual([
      { statuses: [{ providerId: sent.providerId, status: 'delivered' }], inbound: [] },
      { statuses: [{ providerId: sent.providerId, status: 'failed', reason: 'absent subscriber' }], inbound: [] },
      {
        statuses: [],
        inbound: [{ from: '+79161234567', text: 'STOP', raw: { type: 'inbound', from: '89161234567', text: 'STOP' } }],
      },
    ]);
    // A batch in one callback.
    expect(
      await gw.post([
        { type: 'status', id: 'gw-77', status: 'delivered' },
        { type: 'inbound', from: '+79161234568', text: 'СТОП' },
      ]),
    ).toBe(200);
    expect(hookResults.at(-1)).toMatchObject({
      statuses: [{ providerId: 'gw-77', status: 'delivered' }],
      inbound: [{ from: '+79161234568', text: 'СТОП' }],
    });

    hookErrors.length = 0;
    const n = hookResults.length;
    expect(await gw.post({ type: 'status', id: 'gw-1', status: 'delivered' }, 'f'.repeat(64))).toBe(401);
    expect(await gw.post({ type: 'status', id: 'gw-1', status: 'delivered' }, '')).toBe(401);
    expect(await gw.post({ type: 'status', id: 'gw-1', status: 'bogus' })).toBe(400);
    expect(hookErrors).toEqual(['unauthenticated', 'unauthenticated', 'invalid_payload']);
    expect(hookResults.length).toBe(n);
  });

  it('a gateway with autoDeliver posts the receipt by itself', async () => {
    gw.autoDeliver = true;
    try {
      hookResults.length = 0;
      const sent = await gateway().send({ messageId: 'msg-4', to: '+79161234567', text: 'auto' });
      await until(() => hookResults.length === 1, 'the automatic receipt');
      expect(hookResults[0]!.statuses).toEqual([{ providerId: sent.providerId, status: 'delivered' }]);
    } finally {
      gw.autoDeliver = false;
    }
  });
});

describe('SMS channel config', () => {
  it('is a union on transport, secrets named, invalid input refused', () => {
    expect(smsChannel.secretFields).toEqual(['password', 'token']);
    expect(smsChannel.config.safeParse({ transport: 'carrier-pigeon' }).success).toBe(false);
    const r = smsChannel.config.safeParse({
      transport: 'smpp',
      host: 'smsc.example.com',
      systemId: 'a',
      sourceAddr: 'X',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['password']);
    expect(smsChannel.config.parse({ transport: 'http', url: 'https://gw.example.com/send', from: 'X' })).toMatchObject(
      {
        method: 'POST',
      },
    );
    expect(smsChannel.config.safeParse({ transport: 'http', url: 'ftp://gw.example.com/', from: 'X' }).success).toBe(
      false,
    );
    expect(() =>
      smsChannel.callback!(
        { transport: 'smpp', host: 'h', systemId: 'a', password: 'b', sourceAddr: 'X' },
        {
          method: 'POST',
          query: {},
          headers: {},
          rawBody: '{}',
          body: {},
        },
      ),
    ).toThrow(ChannelError);
  });
});
