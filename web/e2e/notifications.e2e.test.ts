/**
 * Task reminders in the bell, in a real browser against a real server whose reminder scan runs
 * every second: a task for the signed-in admin with its reminder in the past is made through the
 * API; once the scan has sent it, the bell (refreshed on window focus) shows 1; the popover lists
 * it; clicking it opens the person's card and the count drops to 0.
 */
import { test, expect } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { apiClient, asUser, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

// The shared server's reminder scan runs every second instead of every 30 (SHARED_SERVER_ENV in servers.ts).

let base = '';
let context: BrowserContext;
let apiKey = '';
const problems: string[] = [];

demoSuite('notifications', (s) => ({ base, context, apiKey } = s));
const api = apiClient(
  () => base,
  () => apiKey,
);

test('a due task reminder shows in the bell; opening it goes to the card and clears the count', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  watchPage(page, problems);
  await loginAsAdmin(page, base);
  // Start from an empty bell whatever the demo holds.
  await page.evaluate(() =>
    fetch('/api/v1/notifications/read-all', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-kartoteka-request': '1' },
      body: '{}',
    }),
  );
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await poll(() => page.getByTestId('notification-count').getAttribute('data-count')).toBe('0');

  const me = await asUser(page, '/auth/me');
  const person = (await api('GET', '/people?limit=1')).data[0];
  const tag = Date.now().toString(36);
  const subject = `Перезвонить ${tag}`;
  const task = await api('POST', '/activities', {
    kind: 'task',
    subject,
    personId: person.id,
    assigneeId: me.user.id,
    dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    reminderAt: new Date(Date.now() - 60_000).toISOString(),
  });
  await poll(async () => (await api('GET', `/activities/${task.id}`)).remindedAt !== null).toBe(true);

  // The bell asks again when the window regains focus (and every 30 s).
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await poll(() => page.getByTestId('notification-count').getAttribute('data-count')).toBe('1');

  await page.getByTestId('notification-bell').click();
  const item = page.getByTestId('notification-item').filter({ hasText: subject });
  await item.waitFor();
  expect(await item.getAttribute('data-read')).toBe('false');
  expect(await item.textContent()).toContain('Task reminder');
  await item.click();
  await page.waitForURL(`${base}/people/${person.id}`);
  await poll(() => page.getByTestId('notification-count').getAttribute('data-count')).toBe('0');
  const list = await asUser(page, '/notifications?limit=5');
  expect(list.data[0]).toMatchObject({ title: subject, read: true, link: `/people/${person.id}` });

  // The popover again: the item is read, and "mark all read" has nothing left to do.
  await page.getByTestId('notification-bell').click();
  const again = page.getByTestId('notification-item').filter({ hasText: subject });
  await again.waitFor();
  expect(await again.getAttribute('data-read')).toBe('true');
  expect(await page.getByTestId('notifications-mark-all').isDisabled()).toBe(true);
  expect(problems).toEqual([]);
});
