/**
 * The deal board's owner filter and the deal page's call form, in a real browser against a real
 * server with the demo data: "my deals" and a chosen owner narrow the board and stay in the
 * address (a reload or a shared link shows the same board); the call form on a deal starts with
 * its contact's phone, as the person card's does. Needs Debian's chromium (CHROMIUM_PATH to
 * override /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, apiClient, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('crm-deals-owner', (s) => ({ base, context, apiKey } = s));

const watch = (page: Page) => watchPage(page, browserProblems);
const api = apiClient(
  () => base,
  () => apiKey,
);

test('filter the board by owner and by "my deals", kept in the address; a deal call starts with the contact phone', async () => {
  const tag = Date.now().toString(36);
  const pipeline = await api('POST', '/pipelines', {
    name: `Owners ${tag}`,
    currency: 'RUB',
    stages: [
      { name: `Lead ${tag}`, probability: 10, kind: 'open' },
      { name: `Won ${tag}`, probability: 100, kind: 'won' },
      { name: `Lost ${tag}`, probability: 0, kind: 'lost' },
    ],
  });
  const users = (
    await api<{ data: { id: string; email: string; name: string | null; disabled?: boolean }[] }>('GET', '/users')
  ).data;
  const admin = users.find((u) => u.email === ADMIN.email)!;
  const other = users.find((u) => u.id !== admin.id && !u.disabled && u.name)!;
  expect(admin && other).toBeTruthy();
  const person = await api('POST', '/people', {
    firstName: 'Ирина',
    lastName: `Звонкова ${tag}`,
    phones: ['+7 916 555-44-33'],
  });
  const mine = await api('POST', '/deals', {
    title: `Моя сделка ${tag}`,
    pipelineId: pipeline.id,
    stageId: pipeline.stages[0].id,
    ownerId: admin.id,
    personId: person.id,
    amount: 1000,
    currency: 'RUB',
  });
  const theirs = await api('POST', '/deals', {
    title: `Чужая сделка ${tag}`,
    pipelineId: pipeline.id,
    stageId: pipeline.stages[0].id,
    ownerId: other.id,
    amount: 2000,
    currency: 'RUB',
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);
  await loginAsAdmin(page, base);

  await page.goto(`${base}/deals?pipeline=${pipeline.id}`);
  const board = page.getByTestId('deal-board');
  await board.getByTestId(`deal-card-${mine.id}`).waitFor();
  await board.getByTestId(`deal-card-${theirs.id}`).waitFor();

  // "My deals": only the admin's, and the address says so.
  await page.getByTestId('deals-mine').click();
  await poll(() => board.getByTestId(`deal-card-${theirs.id}`).count()).toBe(0);
  await board.getByTestId(`deal-card-${mine.id}`).waitFor();
  expect(new URL(page.url()).searchParams.get('owner')).toBe('me');
  expect(await page.getByTestId('deals-mine').getAttribute('aria-pressed')).toBe('true');
  // A reload (or the link sent to a colleague) shows the same board.
  await page.reload();
  await board.getByTestId(`deal-card-${mine.id}`).waitFor();
  expect(await board.getByTestId(`deal-card-${theirs.id}`).count()).toBe(0);

  // Another owner, picked by typing part of the name.
  const owner = page.getByTestId('deals-owner');
  await owner.fill('');
  await owner.fill(other.name!.slice(0, 4));
  await page.getByRole('option', { name: other.name!, exact: true }).click();
  await board.getByTestId(`deal-card-${theirs.id}`).waitFor();
  await poll(() => board.getByTestId(`deal-card-${mine.id}`).count()).toBe(0);
  expect(new URL(page.url()).searchParams.get('owner')).toBe(other.id);
  expect(await page.getByTestId('deals-mine').getAttribute('aria-pressed')).toBe('false');

  // Turning "my deals" off clears the filter: both again.
  await page.getByTestId('deals-mine').click();
  await board.getByTestId(`deal-card-${mine.id}`).waitFor();
  await page.getByTestId('deals-mine').click();
  await board.getByTestId(`deal-card-${theirs.id}`).waitFor();
  await board.getByTestId(`deal-card-${mine.id}`).waitFor();
  expect(new URL(page.url()).searchParams.get('owner')).toBeNull();

  // The deal page's call form starts with the contact's phone.
  await page.goto(`${base}/deals/${mine.id}`);
  await page.getByTestId('activity-composer').waitFor();
  await page.getByTestId('activity-kind-call').click();
  await poll(() => page.getByTestId('activity-phone').inputValue()).toBe('+79165554433');

  expect(browserProblems).toEqual([]);
}, 150_000);
