/**
 * The service desk end to end, with real peers: an anonymous visitor opens the chat widget
 * (/chat.js) on a site of its own (a local HTTP server on another origin), leaves a name and email
 * and writes; the agent, already on the inbox, sees the conversation arrive without a reload, opens
 * it beside the person's card and answers in the chat; the visitor sees the answer live. The agent
 * then switches the reply to email: it reaches the client's mailbox (a local SMTP peer), the client
 * answers that email through the server's own SMTP receiver (threaded by In-Reply-To), and the
 * answer lands in the same conversation, live in the agent's pane — one history across channels.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import nodemailer from 'nodemailer';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { ADMIN, apiClient, loginAsAdmin, poll, SETUP_TIMEOUT, startE2e, watchPage, type E2eEnv } from './harness.ts';
import { SHARED_SERVER_ENV } from './servers.ts';

let env: E2eEnv;
let peer: SmtpPeer;
let smtpPort = 0;
let site: Server;
let siteBase = '';
let visitorBrowser: Browser;
let visitor: BrowserContext;
/** The walk's conversation, for the two-agents test after it. */
let walked = '';
const problems: string[] = [];
const api = apiClient(
  () => env.base,
  () => env.apiKey,
);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createNetServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** The visitor's site: one page that embeds the widget of a chat inbox (set once the inbox exists). */
let chatInboxId = '';
function startSite(): Promise<void> {
  site = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bank</title></head>
<body><h1>Our bank</h1><p>Questions? Chat with us.</p>
<script src="${env.base}/chat.js" data-inbox="${chatInboxId}" data-lang="en" async></script></body></html>`);
  });
  return new Promise((resolve) =>
    site.listen(0, '127.0.0.1', () => {
      siteBase = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  peer = await startSmtpPeer();
  smtpPort = await freePort();
  env = await startE2e({
    name: 'service',
    demo: true,
    apiKey: true,
    serverEnv: { ...SHARED_SERVER_ENV, KARTOTEKA_INBOUND_SMTP_PORT: String(smtpPort) },
  });
  // The visitor has a browser context of their own: no agent cookie, nothing shared.
  visitorBrowser = await chromium.connect(inject('e2e').wsEndpoint);
  visitor = await visitorBrowser.newContext({ viewport: { width: 1100, height: 800 } });
}, SETUP_TIMEOUT);

afterAll(async () => {
  await visitor?.close().catch(() => {});
  await visitorBrowser?.close().catch(() => {});
  await new Promise((r) => (site ? site.close(r) : r(null)));
  await env?.close();
  await peer?.close();
}, 60_000);

/** The widget's parts (in its open shadow root: playwright's CSS locators pierce it). */
const widget = (page: Page) => {
  const root = page.locator('[data-kartoteka-chat]');
  return {
    launcher: root.locator('.launcher'),
    name: root.locator('.who-form input[name="name"]'),
    email: root.locator('.who-form input[name="email"]'),
    save: root.locator('.who-form button[type="submit"]'),
    input: root.locator('.compose textarea'),
    send: root.locator('.compose button[type="submit"]'),
    log: root.locator('.log'),
  };
};

/** Picks an option of a Mantine Select (its input carries the test id) by the option's text. */
async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).first().click();
}

test('chat from an anonymous visitor, answered live in the inbox, continued by email in one history', async () => {
  const tag = `s${Date.now().toString(36)}`;
  const clientEmail = `visitor.${tag}@example.com`;
  const support = `support.${tag}@bank.example`;

  // ---- Through the API: the mail channel to the client's mailbox, an email inbox that replies by it, a chat inbox.
  const channel = await api<{ id: string }>('POST', '/channels', {
    type: 'email',
    name: `Поддержка ${tag}`,
    config: { host: '127.0.0.1', port: peer.port, secure: false, from: `Банк <${support}>` },
  });
  await api('POST', '/inboxes', { name: `Почта ${tag}`, channel: 'email', address: support, channelId: channel.id });
  chatInboxId = (await api<{ id: string }>('POST', '/inboxes', { name: `Чат ${tag}`, channel: 'chat' })).id;
  // A reply switched to email, with no inbox chosen, goes out through the inbox the client last wrote
  // from on email, else the oldest: a chat visitor never wrote by email, so the demo's bank inbox
  // would take it to the demo's SMTP host. This walk's shared workspace keeps only its own email inbox.
  const inboxes = await api<{ data: { id: string; channel: string; address: string | null }[] }>('GET', '/inboxes');
  for (const i of inboxes.data)
    if (i.channel === 'email' && i.address !== support) await api('DELETE', `/inboxes/${i.id}`);
  await startSite();

  // ---- The agent waits on the inbox (every conversation, newest activity first).
  const agent = env.context.pages()[0] ?? (await env.context.newPage());
  agent.setDefaultTimeout(30_000);
  watchPage(agent, problems);
  await loginAsAdmin(agent, env.base);
  await agent.goto(`${env.base}/inbox?view=all`);
  await agent.getByTestId('service-tabs').waitFor();
  await poll(() => agent.getByTestId('live-status').getAttribute('data-status')).toBe('open');

  // ---- The visitor opens the widget, says who they are and writes.
  const page = await visitor.newPage();
  page.setDefaultTimeout(30_000);
  watchPage(page, problems);
  await page.goto(siteBase + '/');
  const w = widget(page);
  await w.launcher.click();
  await w.name.fill('Anna Visitor');
  await w.email.fill(clientEmail);
  await w.save.click();
  const question = `My card was blocked after a trip, can you help? ${tag}`;
  await w.input.fill(question);
  await w.send.click();
  await poll(() => w.log.innerText()).toContain(question);

  // ---- It arrives in the agent's inbox without a reload.
  let conversationId = '';
  await poll(async () => {
    const r = await api<{ data: { id: string }[] }>('GET', `/conversations?inboxId=${chatInboxId}`);
    conversationId = r.data[0]?.id ?? '';
    return conversationId;
  }).not.toBe('');
  const row = agent.locator(`[data-testid="conversation-row"][data-id="${conversationId}"]`);
  await row.waitFor();
  await row.click();
  await agent.getByTestId('conversation-page').waitFor();
  await poll(() => agent.getByTestId('thread').innerText()).toContain(question);
  expect(await agent.locator('[data-testid="message"][data-direction="in"]').first().getAttribute('data-channel')).toBe(
    'chat',
  );
  // The person's card beside it: the visitor became a person with the email they gave.
  await poll(() => agent.getByTestId('person-card').innerText()).toContain(clientEmail);

  // ---- The agent answers in the chat; the visitor sees it live.
  const answer = `Hello Anna, I have unblocked your card. ${tag}`;
  await agent.getByTestId('reply-body').fill(answer);
  expect(await agent.getByTestId('reply-channel').inputValue()).toBe('Web chat');
  await agent.getByTestId('reply-send').click();
  await poll(() => w.log.innerText()).toContain(answer);
  await poll(() => agent.locator('[data-testid="message"][data-direction="out"]').count()).toBe(1);

  // ---- An internal note never reaches the visitor.
  await agent.getByTestId('reply-mode').getByText('Internal note').click();
  const note = `Checked the card in the core system ${tag}`;
  await agent.getByTestId('reply-body').fill(note);
  await agent.getByTestId('reply-send').click();
  await poll(() => agent.locator('[data-testid="message"][data-direction="note"]').count()).toBe(1);

  // ---- The agent switches the reply to email: it reaches the client's mailbox, in the same history.
  await agent.getByTestId('reply-mode').getByText('Reply').click();
  await choose(agent, 'reply-channel', /^Email$/);
  const byMail = `We have also sent the details by email. ${tag}`;
  await agent.getByTestId('reply-body').fill(byMail);
  await agent.getByTestId('reply-send').click();
  const [mail] = await peer.waitFor(1, 60_000);
  expect(mail!.to.map((a) => a.toLowerCase())).toContain(clientEmail);
  expect(mail!.text ?? '').toContain(byMail);
  await poll(() => agent.locator('[data-testid="message"][data-direction="out"][data-channel="email"]').count()).toBe(
    1,
  );
  const visitorLog = await w.log.innerText();
  expect(visitorLog).not.toContain(note);

  // ---- The client answers that email; the server's SMTP receiver threads it into the conversation, live.
  const reply = `Thank you, the card works again. ${tag}`;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  await poll(async () =>
    transport
      .sendMail({
        from: `Anna Visitor <${clientEmail}>`,
        to: support,
        subject: `Re: ${mail!.subject}`,
        text: reply,
        inReplyTo: mail!.messageId ?? undefined,
        references: mail!.messageId ?? undefined,
      })
      .then(
        () => true,
        () => false, // the receiver starts with the server's jobs: try again until it listens
      ),
  ).toBe(true);
  await poll(() => agent.getByTestId('thread').innerText()).toContain(reply);
  expect(await agent.locator('[data-testid="message"][data-direction="in"][data-channel="email"]').count()).toBe(1);

  // One conversation holds it all: chat in, chat out, the note, email out, email in.
  const messages = await api<{ data: { direction: string; channel: string; body: string }[] }>(
    'GET',
    `/conversations/${conversationId}/messages`,
  );
  expect(messages.data.map((m) => (m.direction === 'note' ? 'note' : `${m.direction}:${m.channel}`))).toEqual([
    'in:chat',
    'out:chat',
    'note',
    'out:email',
    'in:email',
  ]);
  expect(messages.data.at(-1)!.body).toContain(reply);
  const { personId } = await api<{ personId: string }>('GET', `/conversations/${conversationId}`);
  const mine = await api<{ data: { id: string }[] }>('GET', `/conversations?personId=${personId}`);
  expect(mine.data.map((c) => c.id)).toEqual([conversationId]);
  walked = conversationId;

  expect(problems).toEqual([]);
}, 300_000);

test('two agents on one ticket: the other is named as typing, the collision warned, both online', async () => {
  expect(walked, 'the walk above made the conversation').not.toBe('');
  const admin = env.context.pages()[0]!;
  // Elena (a demo agent) in a browser context of her own.
  const elenaContext = await visitorBrowser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const elena = await elenaContext.newPage();
    elena.setDefaultTimeout(30_000);
    watchPage(elena, problems);
    await elena.goto(env.base + '/');
    await elena.getByTestId('login-email').fill('elena.sokolova@voskhod-bank.ru');
    await elena.getByTestId('login-password').fill(ADMIN.password);
    await elena.getByTestId('login-submit').click();
    await elena.getByTestId('welcome-card').waitFor();
    await elena.goto(`${env.base}/inbox/${walked}`);
    await elena.getByTestId('conversation-page').waitFor();
    await poll(() => elena.getByTestId('live-status').getAttribute('data-status')).toBe('open');

    // The supervisor's dashboard lists her online (the live socket's presence).
    await admin.goto(`${env.base}/inbox/dashboard`);
    await poll(() => admin.getByTestId('dash-agents').innerText()).toContain('Елена Соколова');

    // The admin opens the ticket; Elena types: the admin sees who, and a collision warning on his reply box.
    await admin.goto(`${env.base}/inbox/${walked}`);
    await admin.getByTestId('reply-box').waitFor();
    await poll(() => admin.getByTestId('live-status').getAttribute('data-status')).toBe('open');
    await poll(async () => {
      await elena.getByTestId('reply-body').pressSequentially('Я', { delay: 20 });
      return admin.getByTestId('typing-indicator').isVisible();
    }).toBe(true);
    expect(await admin.getByTestId('typing-indicator').innerText()).toContain('Елена Соколова');
    expect(await admin.getByTestId('collision-warning').innerText()).toContain('Елена Соколова');
    // She stops (clears the box): the warning goes.
    await elena.getByTestId('reply-body').fill('');
    await poll(() => admin.getByTestId('collision-warning').count()).toBe(0);
  } finally {
    await elenaContext.close();
  }
  expect(problems).toEqual([]);
}, 180_000);

test('split a message out into a new conversation, then merge it back', async () => {
  expect(walked, 'the walk above made the conversation').not.toBe('');
  const agent = env.context.pages()[0]!;
  await agent.goto(`${env.base}/inbox/${walked}`);
  await agent.getByTestId('thread').waitFor();
  const { number } = await api<{ number: number }>('GET', `/conversations/${walked}`);

  // Split: tick the client's email answer (the last message) and move it; the new conversation opens.
  await agent.getByTestId('split-open').click();
  await agent.getByTestId('message-select').last().check();
  await poll(() => agent.getByTestId('split-count').innerText()).toContain('1');
  await agent.getByTestId('split-do').click();
  await poll(() => agent.getByTestId('conversation-page').getAttribute('data-id')).not.toBe(walked);
  const splitId = (await agent.getByTestId('conversation-page').getAttribute('data-id'))!;
  // Only the moved message (and the system's note saying where it came from).
  await poll(() => agent.locator('[data-testid="message"][data-direction="in"]').count()).toBe(1);
  expect(await agent.locator('[data-testid="message"][data-direction="in"]').getAttribute('data-channel')).toBe(
    'email',
  );
  expect(await agent.locator('[data-testid="message"][data-direction="out"]').count()).toBe(0);

  // Merge it back: the picker lists the person's other conversation; confirmed, the target opens.
  await agent.getByTestId('merge-open').click();
  await choose(agent, 'merge-pick', new RegExp(`^#${number} `));
  await agent.getByTestId('merge-next').click();
  await agent.getByTestId('merge-confirm').click();
  await poll(() => agent.getByTestId('conversation-page').getAttribute('data-id')).toBe(walked);
  const merged = await api<{ mergedInto: string | null; status: string }>('GET', `/conversations/${splitId}`);
  expect(merged).toMatchObject({ mergedInto: walked, status: 'closed' });
  await poll(() => agent.locator('[data-testid="message"][data-direction="in"][data-channel="email"]').count()).toBe(1);
  expect(problems).toEqual([]);
}, 120_000);

test('the bot answers a visitor from the knowledge base; the agent sees its message marked', async () => {
  const agent = env.context.pages()[0] ?? (await env.context.newPage());
  agent.setDefaultTimeout(30_000);
  watchPage(agent, problems);
  if (!walked) await loginAsAdmin(agent, env.base);
  // A chat inbox with its bot on; the demo's knowledge base has the English "Branch opening hours".
  chatInboxId = (
    await api<{ id: string }>('POST', '/inboxes', {
      name: `Бот ${Date.now().toString(36)}`,
      channel: 'chat',
      settings: { bot: { enabled: true } },
    })
  ).id;
  if (!siteBase) await startSite();
  const page = await visitor.newPage();
  page.setDefaultTimeout(30_000);
  watchPage(page, problems);
  await page.goto(siteBase + '/');
  const w = widget(page);
  await w.launcher.click();
  if (await w.name.isVisible()) {
    await w.name.fill('Bob Visitor');
    await w.save.click();
  }
  await w.input.fill('When are the branches open?');
  await w.send.click();
  await poll(() => w.log.innerText()).toContain('Branches are open 9:00');

  const { data } = await api<{ data: { id: string }[] }>('GET', `/conversations?inboxId=${chatInboxId}`);
  await agent.goto(`${env.base}/inbox/${data[0]!.id}`);
  await poll(() => agent.locator('[data-testid="message"][data-author="bot"]').count()).toBe(1);
  await agent.goto(`${env.base}/inbox/kb`);
  await agent.getByTestId('kb-search').fill('branch hours');
  await poll(() => agent.getByTestId('kb-list').innerText()).toContain('Branch opening hours');
  expect(problems).toEqual([]);
}, 120_000);

test('a new ticket for a client who did not write: picked by name, an internal note first, high priority', async () => {
  const agent = env.context.pages()[0]!;
  const tag = `nt${Date.now().toString(36)}`;
  const client = await api<{ id: string }>('POST', '/people', {
    firstName: 'Вера',
    lastName: tag,
    emails: [`${tag}@example.org`],
  });
  await agent.goto(`${env.base}/inbox`);
  await agent.getByTestId('new-ticket-open').click();
  // Nothing to create before a client and a subject are given.
  expect(await agent.getByTestId('new-ticket-create').isDisabled()).toBe(true);
  await agent.getByTestId('new-ticket-person').fill(tag);
  await agent.getByRole('option', { name: new RegExp(`Вера ${tag}`) }).click();
  await agent.getByTestId('new-ticket-subject').fill(`Звонок: карта заблокирована ${tag}`);
  await choose(agent, 'new-ticket-priority', /^(Высокий|High)$/);
  await agent.getByTestId('new-ticket-note').fill('Клиент позвонил в колл-центр, просит перезвонить после 18:00.');
  await agent.getByTestId('new-ticket-create').click();

  // The new ticket opens: its one message is the note, never sent to the client.
  await poll(() => agent.getByTestId('conversation-page').getAttribute('data-id')).toBeTruthy();
  const id = (await agent.getByTestId('conversation-page').getAttribute('data-id'))!;
  await poll(() => agent.locator('[data-testid="message"]').count()).toBe(1);
  expect(await agent.locator('[data-testid="message"]').getAttribute('data-direction')).toBe('note');
  expect(await agent.getByTestId('thread').innerText()).toContain('перезвонить после 18:00');
  const stored = await api<{ personId: string; subject: string; priority: string }>('GET', `/conversations/${id}`);
  expect(stored).toMatchObject({
    personId: client.id,
    subject: `Звонок: карта заблокирована ${tag}`,
    priority: 'high',
  });
  expect(problems).toEqual([]);
}, 120_000);
