/**
 * The home per role and the global search: the demo admin lands on the team's day with real
 * numbers and the workspace's health; Ctrl+K, part of a demo person's name, Enter opens their card.
 */
import { expect, test } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { asUser, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
demoSuite('home-search', (s) => ({ base, context } = s));

test('admin home shows the team day; Ctrl+K finds a person and Enter opens the card', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  watchPage(page, problems);
  await loginAsAdmin(page, base);

  await page.getByTestId('team-day').waitFor();
  await page.getByTestId('workspace-health').waitFor();
  const value = (id: string) => page.getByTestId(`${id}-value`).innerText();
  // The demo's year runs up to today: something is always due, overdue, won or new.
  await poll(async () => {
    const numbers = await Promise.all(
      ['team-tasks', 'team-overdue', 'team-won', 'team-new-people'].map(async (id) =>
        Number((await value(id)).replace(/\D/g, '') || 0),
      ),
    );
    return numbers.filter((n) => n > 0).length;
  }).toBeGreaterThanOrEqual(2);
  await poll(() => value('health-sources')).toMatch(/\d+ of \d+/);
  await page.getByTestId('health-jobs-value').waitFor();
  await page.getByTestId('health-webhooks-value').waitFor();

  // A demo person with a name of two words; type part of it.
  const people = await asUser<{ data: { id: string; name: string | null }[] }>(page, '/people?limit=50');
  const person = people.data.find((p) => p.name && /^\S{3,} \S{4,}$/.test(p.name));
  expect(person, 'a demo person with a two-word name').toBeTruthy();
  const query = person!.name!.slice(0, person!.name!.length - 2);

  await page.keyboard.press('Control+k');
  const input = page.getByTestId('global-search-input');
  await input.waitFor();
  await input.fill(query);
  const hits = page.getByTestId('global-search-group-people').getByTestId('global-search-hit');
  await hits.first().waitFor();
  await poll(() => page.getByTestId('global-search-hit').first().getAttribute('aria-selected')).toBe('true');
  // Arrow keys move the choice and come back.
  await input.press('ArrowDown');
  await input.press('ArrowUp');
  await poll(() => page.getByTestId('global-search-hit').first().getAttribute('aria-selected')).toBe('true');
  const firstTitle = (await hits.first().innerText()).split('\n')[0]!;
  expect(firstTitle.toLowerCase()).toContain(query.toLowerCase().split(' ')[0]);
  await input.press('Enter');
  await poll(() => new URL(page.url()).pathname).toMatch(/^\/people\/[0-9a-f-]{36}$/);
  await page.getByTestId('person-page').getByText(firstTitle, { exact: false }).first().waitFor();
  await expect(page.getByTestId('global-search').count()).resolves.toBe(0);
  expect(problems).toEqual([]);
}, 120_000);
