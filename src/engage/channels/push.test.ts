import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { PushPeer } from '../../../test/peers/push-peer.ts';
import { Outbound } from '../../core/net/outbound.ts';
import { systemActor } from '../../core/auth/actor.ts';
import { pushAddress } from '../push-subscriptions.ts';
import { ChannelError, type AdapterDeps } from './types.ts';
import { generateVapidKeys, pushChannel, type PushConfig } from './push.ts';

/*
 * The push adapter against a local push service that checks the VAPID JWT and decrypts the
 * aes128gcm payload as the browser would (test/peers/push-peer.ts).
 */

let env: TestEnv;
let peer: PushPeer;
let ws: { id: string; auth: { authorization: string } };
const keys = generateVapidKeys();
const config = (): PushConfig =>
  pushChannel.config.parse({
    vapidPublicKey: keys.publicKey,
    vapidPrivateKey: keys.privateKey,
    subject: 'mailto:ops@shop.test',
  });

beforeAll(async () => {
  env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
  ws = await env.workspace('push-ws');
  peer = await new PushPeer().start();
});
afterAll(async () => {
  await peer?.close();
  await env?.close();
});

const deps = (over: Partial<AdapterDeps> = {}): AdapterDeps => ({
  outbound: env.kernel.outbound,
  log: pino({ level: 'silent' }),
  ...over,
});
async function channelError(p: Promise<unknown>): Promise<ChannelError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChannelError);
  return e as ChannelError;
}
async function person(userId: string): Promise<string> {
  const source = await env.kernel.cdp.createSource(systemActor(ws.id), { name: `s-${userId}`, kind: 'server' });
  const auth = await env.kernel.cdp.authenticateWriteKey(source.writeKey);
  await env.kernel.cdp.ingest(auth!, [{ type: 'identify', userId }]);
  return (await env.kernel.cdp.lookup(ws.id, 'user_id', userId)).id;
}

describe('push channel', () => {
  it('the push service decrypts what we sent; the VAPID JWT names its origin and our subject', async () => {
    const sub = peer.subscribe();
    const adapter = pushChannel.create(config(), deps());
    const res = await adapter.send({
      messageId: 'm1',
      to: JSON.stringify(sub.json),
      subject: 'Скидка 20%',
      text: 'Только сегодня',
      url: 'https://shop.test/sale',
    });
    expect(peer.refused).toEqual([]);
    const d = peer.deliveries.at(-1)!;
    expect(d.subscriptionId).toBe(sub.id);
    expect(JSON.parse(d.payload)).toEqual({
      title: 'Скидка 20%',
      body: 'Только сегодня',
      url: 'https://shop.test/sale',
    });
    expect(d.claims.aud).toBe(peer.origin);
    expect(d.claims.sub).toBe('mailto:ops@shop.test');
    expect(d.vapidKey).toBe(keys.publicKey);
    expect(d.ttl).toBe(86_400);
    expect(res.status).toBe('sent');
    expect(res.providerId).toMatch(new RegExp(`^${peer.origin}/message/`));
  });

  it('a JWT signed with another key is refused by the push service (permanent)', async () => {
    const sub = peer.subscribe();
    const other = generateVapidKeys();
    // The public key announced is ours but the signature is by another private key: the peer's check must catch it.
    const forged = { ...config(), vapidPrivateKey: other.privateKey };
    const e = await channelError(
      pushChannel.create(forged, deps()).send({ messageId: 'm2', to: JSON.stringify(sub.json), text: 'x' }),
    );
    expect([e.code, e.permanent]).toEqual(['push_403', true]);
    expect(peer.refused.at(-1)).toMatchObject({ subscriptionId: sub.id, why: 'bad signature' });
  });

  it('410 from the push service: permanent push_gone, and the subscription is removed', async () => {
    const sub = peer.subscribe();
    const personId = await person('push-gone-user');
    const stored = await env.kernel.engage.pushSubscriptions.subscribe(ws.id, personId, sub.json);
    const other = await env.kernel.engage.pushSubscriptions.subscribe(ws.id, personId, peer.subscribe().json);
    const to = pushAddress(stored);
    expect(JSON.parse(to)).toEqual(sub.json);
    peer.answer(sub.id, 410);
    const adapter = pushChannel.create(
      config(),
      deps({
        onAddressGone: async (gone) => void (await env.kernel.engage.pushSubscriptions.removeAddress(ws.id, gone)),
      }),
    );
    const e = await channelError(adapter.send({ messageId: 'm3', to, text: 'x' }));
    expect([e.code, e.permanent, e.bounce]).toEqual(['push_gone', true, 'hard']);
    const left = await env.kernel.engage.pushSubscriptions.forPerson(ws.id, personId);
    expect(left.map((s) => s.id)).toEqual([other.id]);
  });

  it('a channel made through the API: its adapter sends, and drops a gone subscription itself', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: ws.auth,
      payload: {
        type: 'push',
        name: 'Web push',
        config: { vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey, subject: 'https://shop.test' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().secretsSet).toEqual(['vapidPrivateKey']);
    expect(r.body).not.toContain(keys.privateKey);
    const { adapter } = await env.kernel.engage.channels.adapter(ws.id, r.json().id);
    const personId = await person('push-channel-user');
    const live = peer.subscribe();
    const gone = peer.subscribe();
    for (const s of [live, gone]) await env.kernel.engage.pushSubscriptions.subscribe(ws.id, personId, s.json);
    const [toGone, toLive] = await env.kernel.engage.pushSubscriptions.addressesFor(ws.id, personId);
    await adapter.send({ messageId: 'm-live', to: toLive, subject: 'Hi', text: 'There' });
    expect(JSON.parse(peer.deliveries.at(-1)!.payload)).toEqual({ title: 'Hi', body: 'There', url: null });
    expect(peer.deliveries.at(-1)!.claims.sub).toBe('https://shop.test');
    peer.answer(gone.id, 410);
    const e = await channelError(adapter.send({ messageId: 'm-gone', to: toGone, text: 'x' }));
    expect(e.code).toBe('push_gone');
    const left = await env.kernel.engage.pushSubscriptions.forPerson(ws.id, personId);
    expect(left.map((s) => s.endpoint)).toEqual([live.json.endpoint]);
  });

  it('sent by the engine: POST /api/v1/messages reaches the newest browser of the person', async () => {
    const ch = await env.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: ws.auth,
      payload: {
        type: 'push',
        name: 'Web push e2e',
        config: { vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey, subject: 'mailto:ops@shop.test' },
      },
    });
    expect(ch.statusCode, ch.body).toBe(201);
    const template = await env.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: ws.auth,
      payload: {
        channel: 'push',
        name: 'cart',
        subject: 'Your cart',
        body: '{{ data.items }} items wait',
        kind: 'transactional',
      },
    });
    expect(template.statusCode, template.body).toBe(201);
    const personId = await person('push-e2e-user');
    const older = peer.subscribe();
    const newest = peer.subscribe();
    await env.kernel.engage.pushSubscriptions.subscribe(ws.id, personId, older.json);
    await env.kernel.engage.pushSubscriptions.subscribe(ws.id, personId, newest.json);
    const sent = await env.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: ws.auth,
      payload: {
        personId,
        channelId: ch.json().id,
        templateId: template.json().id,
        data: { items: 3, url: 'https://shop.test/cart' },
      },
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const message = await eventually(async () => {
      const m = (
        await env.app.inject({ method: 'GET', url: `/api/v1/messages/${sent.json().id}`, headers: ws.auth })
      ).json();
      return m.status === 'sent' ? m : null;
    });
    const got = peer.deliveries.filter((d) => d.subscriptionId === newest.id || d.subscriptionId === older.id);
    expect(got.map((d) => d.subscriptionId)).toEqual([newest.id]);
    expect(JSON.parse(got[0].payload)).toEqual({
      title: 'Your cart',
      body: '3 items wait',
      url: 'https://shop.test/cart',
    });
    expect(message.providerId).toMatch(new RegExp(`^${peer.origin}/message/`));
  });

  it('429 and 5xx are transient, other refusals permanent', async () => {
    const adapter = pushChannel.create(config(), deps());
    for (const [status, permanent] of [
      [429, false],
      [503, false],
      [413, true],
    ] as const) {
      const sub = peer.subscribe();
      peer.answer(sub.id, status);
      const e = await channelError(adapter.send({ messageId: `m-${status}`, to: JSON.stringify(sub.json), text: 'x' }));
      expect([e.code, e.permanent]).toEqual([`push_${status}`, permanent]);
    }
    const bad = await channelError(adapter.send({ messageId: 'm-bad', to: '{"endpoint":"x"}', text: 'x' }));
    expect([bad.code, bad.permanent]).toEqual(['push_bad_subscription', true]);
  });

  it('an endpoint the outbound policy refuses is never contacted', async () => {
    const sub = peer.subscribe();
    const before = peer.deliveries.length;
    const adapter = pushChannel.create(config(), deps({ outbound: new Outbound() }));
    const e = await channelError(adapter.send({ messageId: 'm4', to: JSON.stringify(sub.json), text: 'x' }));
    expect([e.code, e.permanent]).toEqual(['outbound_blocked', true]);
    expect(peer.deliveries.length).toBe(before);
    expect(peer.refused.filter((r) => r.subscriptionId === sub.id)).toEqual([]);
  });

  it('config: a private key of another pair is refused naming vapidPrivateKey; verify signs a JWT', async () => {
    const other = generateVapidKeys();
    const r = pushChannel.config.safeParse({
      vapidPublicKey: keys.publicKey,
      vapidPrivateKey: other.privateKey,
      subject: 'mailto:a@b.test',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['vapidPrivateKey']);
    const s = pushChannel.config.safeParse({
      ...keys,
      vapidPublicKey: keys.publicKey,
      vapidPrivateKey: keys.privateKey,
      subject: 'http://x.test',
    });
    expect(s.success).toBe(false);
    expect(s.error!.issues[0].path).toEqual(['subject']);
    await pushChannel.create(config(), deps()).verify();
    const e = await channelError(
      pushChannel.create({ ...config(), vapidPrivateKey: other.privateKey }, deps()).verify(),
    );
    expect(e.code).toBe('push_vapid');
  });

  it('POST /api/v1/channels/push/vapid-keys gives a fresh pair the config accepts', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/channels/push/vapid-keys', headers: ws.auth });
    expect(r.statusCode).toBe(200);
    const pair = r.json();
    expect(pair.publicKey).not.toBe(keys.publicKey);
    expect(
      pushChannel.config.safeParse({
        vapidPublicKey: pair.publicKey,
        vapidPrivateKey: pair.privateKey,
        subject: 'mailto:a@b.test',
      }).success,
    ).toBe(true);
    const viewer = await env.workspace('push-ws', 'viewer');
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/v1/channels/push/vapid-keys', headers: viewer.auth }))
        .statusCode,
    ).toBe(403);
  });
});
