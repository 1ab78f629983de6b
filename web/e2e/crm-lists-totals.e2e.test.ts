/**
 * Totals, filters in the address and the team's day, in a real browser on the demo data: the deals
 * table keeps "my deals" / the owner and the status in the address (a reload shows the same rows)
 * and says how many the filters select; the companies list shows its total; the admin's home shows
 * the team's day from GET /team/summary; the audit log's "who" filter is typed into and kept in
 * the address. Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { ADMIN, apiClient, asUser, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const problems: string[] = [];

demoSuite('crm-lists-totals', (s) => ({ base, context, apiKey } = s));
const api = apiClient(
  () => base,
  () => apiKey,
);

test('deals table: owner and status in the address, with the total; companies total; team day; audit "who"', async () => {
  const tag = Date.now().toString(36);
  const pipeline = await api('POST', '/pipelines', {
    name: `Таблица ${tag}`,
    currency: 'RUB',
    stages: [
      { name: `Новая ${tag}`, probability: 10, kind: 'open' },
      { name: `Выиграна ${tag}`, probability: 100, kind: 'won' },
    ],
  });
  const users = (
    await api<{ data: { id: string; email: string; name: string | null; disabled?: boolean }[] }>('GET', '/users')
  ).data;
  const admin = users.find((u) => u.email === ADMIN.email)!;
  const other = users.find((u) => u.id !== admin.id && !u.disabled && u.name)!;
  const deal = (title: string, ownerId: string, stage = 0) =>
    api('POST', '/deals', {
      title: `${title} ${tag}`,
      pipelineId: pipeline.id,
      stageId: pipeline.stages[stage].id,
      ownerId,
      amount: 1000,
      currency: 'RUB',
    });
  const mine = await deal('Моя открытая', admin.id);
  const mineWon = await deal('Моя выигранная', admin.id, 1);
  const theirs = await deal('Чужая', other.id);

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, problems);
  await loginAsAdmin(page, base);

  // The team's day: the same numbers as GET /team/summary for the browser's day.
  await page.getByTestId('team-day').waitFor();
  const summary = await page.evaluate(async () => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const d = new Date();
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const res = await fetch(`/api/v1/team/summary?tz=${encodeURIComponent(tz)}&day=${day}`, {
      credentials: 'same-origin',
    });
    return res.json();
  });
  const shown = async (id: string) => Number((await page.getByTestId(`${id}-value`).innerText()).replace(/\D/g, ''));
  await poll(() => shown('team-tasks')).toBe(summary.tasksToday.count);
  expect(await shown('team-overdue')).toBe(summary.overdueTasks.count);
  expect(await shown('team-calls')).toBe(summary.callsToday.count);
  expect(await shown('team-meetings')).toBe(summary.meetingsToday.count);
  expect(await shown('team-won')).toBe(summary.wonThisMonth.count);
  expect(await shown('team-new-people')).toBe(summary.newPeopleThisWeek.count);

  // The deals table: all three, and the total says so.
  await page.goto(`${base}/deals?pipeline=${pipeline.id}&view=table`);
  const row = (id: string) => page.getByTestId(`deal-row-${id}`);
  await row(theirs.id).waitFor();
  await poll(() => page.getByTestId('deals-total').getAttribute('data-count')).toBe('3');
  expect(await page.getByTestId('deals-total').innerText()).toBe('Total: 3');

  // "My deals" on the table: only the admin's, in the address; a reload shows the same.
  await page.getByTestId('deals-mine').click();
  await poll(() => row(theirs.id).count()).toBe(0);
  await row(mine.id).waitFor();
  expect(new URL(page.url()).searchParams.get('owner')).toBe('me');
  await poll(() => page.getByTestId('deals-total').getAttribute('data-count')).toBe('2');
  await page.reload();
  await row(mineWon.id).waitFor();
  expect(await row(theirs.id).count()).toBe(0);
  expect(new URL(page.url()).searchParams.get('view')).toBe('table');

  // The status too: won, mine → one.
  await page.getByTestId('deals-status').click();
  await page.getByRole('option', { name: 'Won', exact: true }).click();
  await poll(() => row(mine.id).count()).toBe(0);
  await row(mineWon.id).waitFor();
  expect(new URL(page.url()).searchParams.get('status')).toBe('won');
  await poll(() => page.getByTestId('deals-total').getAttribute('data-count')).toBe('1');
  await page.reload();
  await row(mineWon.id).waitFor();
  expect(await row(mine.id).count()).toBe(0);

  // Another owner, typed: their deal only.
  await page.goto(`${base}/deals?pipeline=${pipeline.id}&view=table`);
  const owner = page.getByTestId('deals-owner');
  await owner.fill(other.name!.slice(0, 4));
  await page.getByRole('option', { name: other.name!, exact: true }).click();
  await row(theirs.id).waitFor();
  await poll(() => row(mine.id).count()).toBe(0);
  expect(new URL(page.url()).searchParams.get('owner')).toBe(other.id);

  // The companies list: its total is the API's count of the same filters.
  const companies = await api<{ count: number; exact: boolean }>('GET', '/companies/count');
  await page.goto(`${base}/companies`);
  await poll(() => page.getByTestId('companies-total').getAttribute('data-count')).toBe(String(companies.count));
  expect(await page.getByTestId('companies-total').getAttribute('data-exact')).toBe(String(companies.exact));
  // Not with a text search (its typo-tolerant fallback has no exact count).
  await page.getByTestId('companies-search').fill('ООО');
  await poll(() => page.getByTestId('companies-total').count()).toBe(0);

  // The audit log: "who" is typed into and kept in the address; the entries are that person's.
  await page.goto(`${base}/settings/audit`);
  const who = page.getByTestId('audit-user-filter');
  await who.fill(admin.name!.slice(0, 3));
  await page.getByRole('option', { name: admin.name!, exact: true }).click();
  await poll(() => new URL(page.url()).searchParams.get('user')).toBe(admin.id);
  const entries = await asUser<{ data: { actorId: string | null }[] }>(page, `/audit?actorId=${admin.id}&limit=5`);
  if (entries.data.length) await page.getByTestId('audit-table').waitFor();
  await page.reload();
  await poll(() => who.inputValue()).toBe(admin.name!);

  expect(problems).toEqual([]);
}, 180_000);
