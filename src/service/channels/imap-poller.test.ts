import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { dovecotAvailable, startDovecot, type DovecotPeer } from '../../../test/peers/dovecot-peer.ts';
import { ImapPoller } from './imap-poller.ts';
import { channelsOf } from './channels.ts';

const mail = (id: string, subject: string, text: string, extra = '') =>
  `From: Ivan <ivan@client.example>\r\nTo: support@bank.example\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.example>\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;

/**
 * IMAP polling against a real Dovecot (test/peers/dovecot-peer.ts): unseen mail filed and marked
 * \Seen; mail read elsewhere meanwhile still filed (UID tracking); a restart files nothing twice;
 * the password sealed and never shown; a refused host named at configuration time.
 */
describe.skipIf(!dovecotAvailable())('IMAP poller (Dovecot)', () => {
  let env: TestEnv;
  let dovecot: DovecotPeer;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let inboxId: string;
  let imap: ImapFlow;

  const flagsOf = async () => {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const out: Record<string, string[]> = {};
      for await (const m of imap.fetch('1:*', { envelope: true, flags: true }))
        if (m.envelope?.messageId) out[m.envelope.messageId] = [...(m.flags ?? [])].sort();
      return out;
    } finally {
      lock.release();
    }
  };
  const inbound = async () => {
    const convs = (await call.ok('GET', `/conversations?inboxId=${inboxId}&limit=100`)).data as any[];
    const all: string[] = [];
    for (const c of convs)
      for (const m of (await call.ok('GET', `/conversations/${c.id}/messages`)).data)
        if (m.direction === 'in') all.push(m.body);
    return all.sort();
  };
  const poll = (poller = channelsOf(env.kernel).imap) => poller.poll(ws.id, inboxId);

  beforeAll(async () => {
    dovecot = await startDovecot({ support: 'mailbox-secret' });
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8', imapPollSeconds: 86_400 });
    ws = await env.workspace('imap');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    imap = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: 'support', pass: 'mailbox-secret' },
      logger: false,
    });
    await imap.connect();
    // Read before the inbox was connected: not filed (the first poll takes what is unseen).
    await imap.append('INBOX', mail('old', 'Старое', 'уже прочитано'), ['\\Seen']);
    await imap.append('INBOX', mail('u1', 'Перевод', 'Не дошёл перевод'));
    await imap.append('INBOX', mail('u2', 'Re: Перевод', 'Номер 42', 'In-Reply-To: <u1@client.example>\r\n'));
    inboxId = (
      await call.ok('POST', '/inboxes', {
        name: 'Mailbox',
        channel: 'email',
        address: 'support@bank.example',
        settings: {
          imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: 'support', password: 'mailbox-secret' },
        },
      })
    ).id;
  }, 240_000);
  afterAll(async () => {
    await imap?.logout().catch(() => {});
    await env?.close();
    await dovecot?.close();
  });

  it('seals the password: reads show only that one is set', async () => {
    const inbox = await call.ok('GET', `/inboxes/${inboxId}`);
    expect(inbox.settings.imap).toMatchObject({ host: '127.0.0.1', user: 'support', passwordSet: true });
    expect(JSON.stringify(inbox)).not.toContain('mailbox-secret');
    const row = await env.kernel.db
      .selectFrom('service_inboxes')
      .select('settings')
      .where('id', '=', inboxId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.settings)).not.toContain('mailbox-secret');
  });

  it('files unseen mail once, threaded, and marks it \\Seen', async () => {
    expect(await poll()).toEqual({ filed: 2, refused: 0 });
    expect(await inbound()).toEqual(['Не дошёл перевод', 'Номер 42']);
    expect((await call.ok('GET', `/conversations?inboxId=${inboxId}`)).data).toHaveLength(1);
    const flags = await flagsOf();
    expect(flags['<u1@client.example>']).toContain('\\Seen');
    expect(flags['<u2@client.example>']).toContain('\\Seen');
  });

  it('files mail read elsewhere since the last poll (UID tracking); a restart files nothing twice', async () => {
    await imap.append('INBOX', mail('u3', 'Карта', 'Прочитал на телефоне'), ['\\Seen']);
    await imap.append('INBOX', mail('u4', 'Карта 2', 'Ещё вопрос'));
    expect(await poll()).toEqual({ filed: 2, refused: 0 });
    // A new poller (a restarted worker) with nothing new to file.
    expect(await poll(new ImapPoller(env.kernel as never))).toEqual({ filed: 0, refused: 0 });
    // Marked unread again by someone (or the worker died between filing and flagging): filed once still.
    const lock = await imap.getMailboxLock('INBOX');
    await imap.messageFlagsRemove({ header: { 'message-id': '<u4@client.example>' } }, ['\\Seen']);
    lock.release();
    await poll();
    expect(await inbound()).toEqual(['Ещё вопрос', 'Не дошёл перевод', 'Номер 42', 'Прочитал на телефоне']);
    expect((await flagsOf())['<u4@client.example>']).toContain('\\Seen');
  });

  it('records a failed login on the inbox state, without a secret in it', async () => {
    await call.ok('PATCH', `/inboxes/${inboxId}`, {
      settings: { imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: 'support', password: 'wrong' } },
    });
    const r = await poll();
    expect(r?.error).toMatch(/authentication failed/i);
    const state = await env.kernel.db
      .selectFrom('service_imap_state')
      .selectAll()
      .where('inbox_id', '=', inboxId)
      .executeTakeFirstOrThrow();
    expect(state.last_error).toMatch(/authentication failed/i);
    expect(state.last_error).not.toContain('wrong');
    // A patch that shows the mailbox as read (passwordSet) keeps the stored password.
    const shown = (await call.ok('GET', `/inboxes/${inboxId}`)).settings;
    await call.ok('PATCH', `/inboxes/${inboxId}`, { settings: shown });
    expect((await call.ok('GET', `/inboxes/${inboxId}`)).settings.imap.passwordSet).toBe(true);
  });

  it('refuses a mailbox host the outbound policy blocks, naming the field', async () => {
    const r = await call.api('POST', '/inboxes', {
      name: 'Inside',
      channel: 'email',
      address: 'inside@bank.example',
      settings: { imap: { host: '10.1.2.3', user: 'u', password: 'p' } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('settings.imap.host');
    const bad = await call.api('POST', '/inboxes', {
      name: 'Bad',
      channel: 'email',
      address: 'bad@bank.example',
      settings: { imap: { host: 'x.example', port: 'many', user: 'u', password: 'p' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('settings.imap.port');
  });
});
