import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbound } from '../../core/net/outbound.ts';
import { newId } from '../../core/ids.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';
import { emailChannel, emailConfig, messageIdOf, type EmailConfig } from './email.ts';
import { ChannelError, type ChannelAdapter } from './types.ts';

const log = pino({ level: 'silent' });
const loopback = new Outbound({ allow: '127.0.0.0/8' });

function adapter(config: Partial<EmailConfig> & { port: number }, outbound = loopback): ChannelAdapter {
  const parsed = emailConfig.parse({ host: '127.0.0.1', from: 'Shop <news@shop.example>', ...config });
  return emailChannel.create(parsed, { outbound, log });
}

async function failure(p: Promise<unknown>): Promise<ChannelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChannelError);
    return e as ChannelError;
  }
  throw new Error('expected a ChannelError');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('email channel (SMTP through nodemailer)', () => {
  let peer: SmtpPeer;
  let authPeer: SmtpPeer;
  beforeAll(async () => {
    peer = await startSmtpPeer({
      rejectRecipients: ['nobody@example.org'],
      deferRecipients: ['later@example.org'],
    });
    authPeer = await startSmtpPeer({ auth: { user: 'shop', pass: 's3cret-pass' } });
  });
  afterAll(async () => {
    await peer.close();
    await authPeer.close();
  });

  it('sends with the Message-ID <ledger id@from domain>, which is the provider id', async () => {
    const a = adapter({ port: peer.port });
    const id = newId();
    const before = peer.messageIds.length;
    const r = await a.send({
      messageId: id,
      to: 'ann@example.org',
      subject: 'Привет, Ann',
      html: '<p>Hello <b>Ann</b></p>',
      text: 'Hello Ann',
      headers: {
        'List-Unsubscribe': '<https://k.example/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    await a.close();
    expect(r).toEqual({ providerId: `<${id}@shop.example>`, status: 'sent' });
    expect(messageIdOf(id, 'Shop <news@shop.example>')).toBe(r.providerId);
    await peer.waitFor(before + 1);
    const m = peer.messages.find((x) => x.messageId === r.providerId)!;
    expect(m).toBeDefined();
    expect(m.from).toBe('news@shop.example');
    expect(m.to).toEqual(['ann@example.org']);
    expect(m.subject).toBe('Привет, Ann');
    expect(m.html).toContain('<b>Ann</b>');
    expect(m.text?.trim()).toBe('Hello Ann');
    expect(m.headers['list-unsubscribe']).toBe('<https://k.example/u/abc>');
    expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('a pool sends many messages over at most maxConnections connections', async () => {
    const a = adapter({ port: peer.port, maxConnections: 2 });
    const before = peer.connections();
    const ids = Array.from({ length: 20 }, () => newId());
    const results = await Promise.all(
      ids.map((id) => a.send({ messageId: id, to: 'bulk@example.org', subject: 's', text: 't' })),
    );
    await a.close();
    expect(results.map((r) => r.providerId)).toEqual(ids.map((id) => `<${id}@shop.example>`));
    for (const id of ids) expect(peer.messageIds).toContain(`<${id}@shop.example>`);
    const opened = peer.connections() - before;
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(2);
  });

  it('the envelope sender is returnPath when set (bounces go to the bounce receiver)', async () => {
    const a = adapter({ port: peer.port, returnPath: 'bounces@bounce.shop.example' });
    const r = await a.send({ messageId: newId(), to: 'bob@example.org', subject: 's', text: 't' });
    await a.close();
    const m = peer.messages.find((x) => x.messageId === r.providerId)!;
    expect(m.from).toBe('bounces@bounce.shop.example');
    expect(m.headers.from).toContain('news@shop.example');
  });

  it('signs with DKIM when configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const signed = adapter({
      port: peer.port,
      dkimDomain: 'shop.example',
      dkimSelector: 'k2026',
      dkimPrivateKey: privateKey,
    });
    const plain = adapter({ port: peer.port });
    const r1 = await signed.send({ messageId: newId(), to: 'ann@example.org', subject: 'DKIM', text: 'signed' });
    const r2 = await plain.send({ messageId: newId(), to: 'ann@example.org', subject: 'no DKIM', text: 'plain' });
    await signed.close();
    await plain.close();
    const m1 = peer.messages.find((x) => x.messageId === r1.providerId)!;
    const m2 = peer.messages.find((x) => x.messageId === r2.providerId)!;
    expect(m1.headers['dkim-signature']).toMatch(/d=shop\.example/);
    expect(m1.headers['dkim-signature']).toMatch(/s=k2026/);
    expect(m1.headers['dkim-signature']).toMatch(/b=[A-Za-z0-9+/]/);
    expect(m2.headers['dkim-signature']).toBeUndefined();
  });

  it('a 5xx to RCPT is a permanent hard bounce; a 4xx is transient', async () => {
    const a = adapter({ port: peer.port });
    const hard = await failure(a.send({ messageId: newId(), to: 'nobody@example.org', subject: 's', text: 't' }));
    expect(hard).toMatchObject({ code: 'smtp_550', permanent: true, bounce: 'hard' });
    expect(hard.message).toMatch(/Mailbox unavailable/);
    const soft = await failure(a.send({ messageId: newId(), to: 'later@example.org', subject: 's', text: 't' }));
    expect(soft).toMatchObject({ code: 'smtp_451', permanent: false, bounce: null });
    // The pool survives a refused recipient.
    const ok = await a.send({ messageId: newId(), to: 'ann@example.org', subject: 's', text: 't' });
    expect(ok.status).toBe('sent');
    await a.close();
  });

  it('verify() authenticates; a wrong password is smtp_auth, a closed port is transient', async () => {
    await expect(adapter({ port: authPeer.port, user: 'shop', password: 's3cret-pass' }).verify()).resolves.toBe(
      undefined,
    );
    const bad = await failure(adapter({ port: authPeer.port, user: 'shop', password: 'wrong' }).verify());
    expect(bad).toMatchObject({ code: 'smtp_auth', permanent: true });
    expect(bad.message).toMatch(/535/);
    const closed = await failure(adapter({ port: await closedPort() }).verify());
    expect(closed).toMatchObject({ code: 'unreachable', permanent: false });
    expect(closed.message).toBe('connection failed (ECONNREFUSED)');
    // Sending authenticated works too.
    const a = adapter({ port: authPeer.port, user: 'shop', password: 's3cret-pass' });
    const r = await a.send({ messageId: newId(), to: 'ann@example.org', subject: 'auth', text: 't' });
    await a.close();
    expect(authPeer.messageIds).toContain(r.providerId);
  });

  it('a server that accepts the connection but never greets is a timeout, not a hang', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const e = await failure(adapter({ port }).verify());
      expect(e).toMatchObject({ code: 'timeout', permanent: false });
    } finally {
      silent.close();
    }
  }, 20_000);

  it('the socket goes through the outbound policy: loopback is refused unless allowed', async () => {
    const strict = new Outbound();
    const a = adapter({ port: peer.port }, strict);
    const before = peer.messageIds.length;
    const e = await failure(a.send({ messageId: newId(), to: 'ann@example.org', subject: 's', text: 't' }));
    await a.close();
    expect(e).toMatchObject({ code: 'outbound_blocked', permanent: true });
    const v = await failure(adapter({ port: peer.port }, strict).verify());
    expect(v.code).toBe('outbound_blocked');
    expect(peer.messageIds.length).toBe(before);
  });

  it('a malformed address fails permanently without reaching the server', async () => {
    const a = adapter({ port: peer.port });
    const e = await failure(a.send({ messageId: newId(), to: 'not an address', subject: 's', text: 't' }));
    await a.close();
    expect(e).toMatchObject({ code: 'invalid_address', permanent: true, bounce: null });
  });

  it('config: DKIM needs all three fields and a real key; from must be an address', () => {
    const notKey = emailConfig.safeParse({
      host: 'smtp.example.com',
      port: 25,
      from: 'a@b.example',
      dkimDomain: 'b.example',
      dkimSelector: 's1',
      dkimPrivateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
    });
    expect(notKey.error!.issues.map((i) => i.path.join('.'))).toEqual(['dkimPrivateKey']);
    const r = emailConfig.safeParse({ host: 'smtp.example.com', port: 25, from: 'x', dkimDomain: 'a.example' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['from']));
    const r2 = emailConfig.safeParse({
      host: 'smtp.example.com',
      port: 25,
      from: 'a@b.example',
      dkimDomain: 'a.example',
    });
    expect(r2.error!.issues.map((i) => i.path.join('.'))).toEqual(['dkimSelector', 'dkimPrivateKey']);
  });
});
