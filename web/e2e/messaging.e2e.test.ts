/**
 * Messaging in a real browser against a real server and a real SMTP server (test/peers/smtp-peer.ts
 * on a loopback port): an email channel is added through its drawer and its connection tested, a
 * template is written in the editor and previewed, a list of two people with email consent (made
 * through the API) gets a broadcast through the wizard, the progress reaches 100 % and the SMTP
 * server receives exactly the two messages, and the log shows them with their history.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { apiClient, closeToasts, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('messaging', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

let peer: SmtpPeer;
beforeAll(async () => {
  peer = await startSmtpPeer();
});
afterAll(async () => peer?.close());

/** Picks an option of a Mantine Select (its input carries the test id) by the option's text. */
async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).first().click();
}

test('an email channel, a template and a broadcast to a list: 100 %, two messages received, the log', async () => {
  const tag = `m${Date.now().toString(36)}`;
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);
  await loginAsAdmin(page, base);

  // ---- The channel: added in the drawer, tested against the SMTP server.
  await page.goto(`${base}/messaging/channels`);
  await page.getByTestId('channels-new').first().click();
  await page.getByTestId('channel-name').fill(`Почта ${tag}`);
  await page.getByTestId('channel-field-host').fill('127.0.0.1');
  await page.getByTestId('channel-field-port').fill(String(peer.port));
  await page.getByTestId('channel-field-from').fill(`Магазин <news.${tag}@example.com>`);
  await page.getByTestId('channel-save').click();
  // Saved, the drawer stays on the channel: its connection can be tested at once.
  await page.getByTestId('channel-test').and(page.locator(':enabled')).click();
  await poll(() => page.getByTestId('channel-test-result').getAttribute('data-ok')).toBe('true');
  const channels = await api<{ data: { id: string; name: string; config: Record<string, unknown> }[] }>(
    'GET',
    '/channels?limit=500',
  );
  const channel = channels.data.find((c) => c.name === `Почта ${tag}`)!;
  expect(channel.config).toMatchObject({ host: '127.0.0.1', port: peer.port, secure: false });
  await page.keyboard.press('Escape');
  await poll(() =>
    page
      .getByTestId('channels-row')
      .filter({ hasText: `Почта ${tag}` })
      .count(),
  ).toBe(1);
  await closeToasts(page);

  // ---- The template: written in the editor, saved, previewed (email in its sandboxed iframe).
  await page.goto(`${base}/messaging/templates`);
  await page.getByTestId('templates-new').first().click();
  await page.getByTestId('template-edit-page').waitFor();
  await page.getByTestId('template-name').fill(`Новости ${tag}`);
  await page.getByTestId('template-subject').fill(`Новости для {{ person.firstName }} ${tag}`);
  await page
    .getByTestId('template-body')
    .fill(
      `<mjml><mj-body><mj-section><mj-column><mj-text>Здравствуйте, {{ person.firstName }}! Код ${tag}.</mj-text><mj-button href="https://example.com/sale">Распродажа</mj-button></mj-column></mj-section></mj-body></mjml>`,
    );
  await page.getByTestId('template-save').click();
  await page.waitForURL((u) => /^\/messaging\/templates\/[0-9a-f-]{36}$/.test(u.pathname));
  const templateId = new URL(page.url()).pathname.split('/').pop()!;
  const frame = page.getByTestId('preview-frame');
  await poll(async () => (await frame.getAttribute('srcdoc')) ?? '').toContain(`Код ${tag}.`);
  expect(await frame.getAttribute('sandbox')).toBe('');
  expect(await page.getByTestId('preview-subject').innerText()).toContain(tag);
  const stored = await api<{ channel: string; format: string; version: number }>('GET', `/templates/${templateId}`);
  expect(stored).toMatchObject({ channel: 'email', format: 'mjml', version: 1 });

  // ---- Two people with email consent in a list (through the API).
  const people: { id: string; email: string }[] = [];
  for (const first of ['Анна', 'Борис']) {
    const email = `${first === 'Анна' ? 'anna' : 'boris'}.${tag}@example.com`;
    const p = await api<{ id: string }>('POST', '/people', {
      firstName: first,
      lastName: `Рассылкина ${tag}`,
      emails: [email],
    });
    await api('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'e2e',
    });
    people.push({ id: p.id, email });
  }
  const list = await api<{ id: string }>('POST', '/segments', { name: `Подписчики ${tag}`, kind: 'list' });
  await api('POST', `/segments/${list.id}/members`, { personIds: people.map((p) => p.id) });
  await poll(async () => (await api<{ size: number }>('GET', `/segments/${list.id}`)).size).toBe(2);

  // The preview for one of them names her.
  await page.getByTestId('preview-person').fill(`Рассылкина ${tag}`);
  await page.getByRole('option', { name: /Анна/ }).first().click();
  await poll(async () => (await frame.getAttribute('srcdoc')) ?? '').toContain('Здравствуйте, Анна!');
  await closeToasts(page);

  // ---- The broadcast: audience → channel → template → now → confirm.
  await page.goto(`${base}/messaging/broadcasts`);
  await page.getByTestId('broadcasts-new').first().click();
  await page.getByTestId('broadcast-name').fill(`Рассылка ${tag}`);
  await choose(page, 'broadcast-segment', new RegExp(`Подписчики ${tag}`));
  expect(await page.getByTestId('broadcast-segment-size').getAttribute('data-size')).toBe('2');
  await page.getByTestId('broadcast-next').click();
  await choose(page, 'broadcast-channel', new RegExp(`Почта ${tag}`));
  await page.getByTestId('broadcast-next').click();
  await choose(page, 'broadcast-template', new RegExp(`Новости ${tag}`));
  await poll(async () => (await page.getByTestId('preview-frame').getAttribute('srcdoc')) ?? '').toContain(tag);
  await page.getByTestId('broadcast-next').click();
  await page.getByTestId('broadcast-when-now').check();
  await page.getByTestId('broadcast-next').click();
  expect(await page.getByTestId('broadcast-summary').innerText()).toContain(`Подписчики ${tag}`);
  await page.getByTestId('broadcast-send').click();
  await page.getByTestId('broadcast-page').waitFor();
  const broadcastId = (await page.getByTestId('broadcast-page').getAttribute('data-id'))!;

  // Progress reaches 100 % and the SMTP server got the two messages, one to each person.
  await expect
    .poll(() => page.getByTestId('broadcast-progress').getAttribute('data-percent'), { timeout: 90_000 })
    .toBe('100');
  await peer.waitFor(2, 30_000);
  const ours = peer.messages.filter((m) => m.subject.includes(tag));
  expect(ours.map((m) => m.to.join(',')).sort()).toEqual(people.map((p) => p.email).sort());
  expect(ours.find((m) => m.to.includes(people[0]!.email))!.subject).toBe(`Новости для Анна ${tag}`);
  expect(await page.getByTestId('broadcast-progress-text').innerText()).toMatch(/2\D+2/);
  await poll(() => page.getByTestId('broadcast-stats-sent').getAttribute('data-value')).toBe('2');
  const stats = await api<{ sent: number }>('GET', `/broadcasts/${broadcastId}/stats`);
  expect(stats.sent).toBe(2);

  // ---- The log: the broadcast's two messages, one opened in the drawer with its history.
  await page.getByTestId('broadcast-log-link').click();
  await poll(() => page.getByTestId('log-row').count()).toBe(2);
  const statuses = await page
    .getByTestId('log-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
  for (const s of statuses) expect(['sent', 'delivered', 'opened', 'clicked']).toContain(s);
  await page.getByTestId('log-row').first().click();
  await page.getByTestId('message-detail').waitFor();
  await poll(() => page.getByTestId('message-history-item').count()).toBeGreaterThan(0);
  expect(await page.getByTestId('message-detail').innerText()).toMatch(/example\.com/);

  // Nothing more arrives: each person got exactly one message.
  expect(peer.messages.filter((m) => m.subject.includes(tag))).toHaveLength(2);
  await api('DELETE', `/channels/${channel.id}`);
  expect(browserProblems).toEqual([]);
});
