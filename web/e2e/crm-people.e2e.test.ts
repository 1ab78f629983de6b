/**
 * CRM people in a real browser against a real server: create a person through the drawer (a bad
 * email is shown on its own field, the phone typed the Russian way is stored as E.164), find them
 * with a lower-case Cyrillic search, open the card and withdraw SMS marketing in two clicks, then
 * read a label in Russian. Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { loginAsAdmin, sharedE2e, watchPage, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let base = '';
let context: BrowserContext;
const browserProblems: string[] = [];

beforeAll(async () => {
  env = await sharedE2e({ name: 'crm-people' });
  ({ base, context } = env);
}, 600_000); // SETUP_TIMEOUT (harness.ts)

afterAll(async () => env?.close(), 60_000);

const watch = (page: Page) => watchPage(page, browserProblems);

test('create a person, find them by a lower-case search, withdraw SMS marketing in two clicks', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);

  await loginAsAdmin(page, base);

  // New person: a malformed email is reported on the email field itself, and nothing is created.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-new').click();
  await page.getByTestId('person-firstName').fill('Иван');
  await page.getByTestId('person-lastName').fill('Иванов');
  await page.getByTestId('person-phones-0').fill('8 (912) 345-67-89');
  await page.getByTestId('person-emails-0').fill('ivan@@example');
  await page.getByTestId('person-save').click();
  await expect.poll(() => page.getByTestId('person-emails-0').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByTestId('person-phones-0').getAttribute('aria-invalid')).not.toBe('true');

  await page.getByTestId('person-emails-0').fill('ivan.ivanov@example.ru');
  await page.getByTestId('person-save').click();
  await page.getByTestId('person-page').waitFor();
  await expect.poll(() => page.getByTestId('person-name').innerText()).toBe('Иван Иванов');
  const personId = page.url().split('/').pop()!;
  expect(personId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await page.getByTestId('person-phones').innerText()).toContain('+79123456789');
  expect(await page.getByTestId('stage-badge').first().textContent()).toBe('Lead');

  // The same phone again, written differently, is a duplicate: the form links to the existing card.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-new').click();
  await page.getByTestId('person-firstName').fill('Ваня');
  await page.getByTestId('person-phones-0').fill('+7 912 345 67 89');
  await page.getByTestId('person-save').click();
  await page.getByTestId('person-conflict').waitFor();
  expect(await page.getByTestId('person-conflict-link').getAttribute('href')).toBe(`/people/${personId}`);
  await page.keyboard.press('Escape');

  // Someone else in the list, so that the search has something to leave out.
  const other = await page.evaluate(async () => {
    const res = await fetch('/api/v1/people', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kartoteka-request': '1' },
      body: JSON.stringify({ firstName: 'Пётр', lastName: 'Петров', emails: ['petrov@example.ru'] }),
    });
    return { status: res.status, body: await res.json() };
  });
  expect(other.status).toBe(201);
  await page.reload();
  const row = page.locator(`[data-testid="people-row"][data-id="${personId}"]`);
  const otherRow = page.locator(`[data-testid="people-row"][data-id="${other.body.id}"]`);
  await otherRow.waitFor();
  await row.waitFor();

  // Search: lower case finds the capitalised Cyrillic name, and only them.
  await page.getByTestId('people-search').fill('иванов');
  await expect.poll(() => page.url()).toContain('q=');
  await expect.poll(() => otherRow.count()).toBe(0);
  expect(await row.getByTestId('people-row-name').innerText()).toBe('Иван Иванов');
  const names = await page.getByTestId('people-row-name').allInnerTexts();
  for (const n of names) expect(n.toLowerCase()).toContain('иванов');

  // The export link carries the same search.
  await page.getByTestId('people-more').click();
  expect(await page.getByTestId('people-export').getAttribute('href')).toMatch(/\/api\/v1\/people\/export\.csv\?.*q=/);
  await page.keyboard.press('Escape');

  // The × in the box empties the search: the URL loses q and the others are back.
  await page.getByTestId('search-clear').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBeNull();
  await otherRow.waitFor();
  expect(await page.getByTestId('people-search').inputValue()).toBe('');
  expect(await page.getByTestId('search-clear').count()).toBe(0);

  // The card: SMS marketing is withdrawn with two clicks (the cell, then Withdraw).
  await row.click();
  await page.getByTestId('person-consents').waitFor();
  const sms = page.getByTestId('consent-status-sms-marketing');
  expect(await sms.getAttribute('data-status')).toBe('unknown');
  await page.getByTestId('consent-sms-marketing').click();
  await page.getByTestId('consent-withdraw').click();
  await expect.poll(() => sms.getAttribute('data-status')).toBe('withdrawn');
  expect(await sms.textContent()).toBe('No');
  // Other channels are untouched; the change is in the history and on the timeline.
  expect(await page.getByTestId('consent-status-email-marketing').getAttribute('data-status')).toBe('unknown');
  await page.getByTestId('consent-history-open').click();
  await expect.poll(() => page.getByTestId('consent-history-row').count()).toBe(1);
  expect(await page.getByTestId('consent-history-row').textContent()).toContain('Withdrawn');
  await page.keyboard.press('Escape');
  await page.getByTestId('timeline-type').click();
  await page.getByRole('option', { name: 'Consents', exact: true }).click();
  await expect.poll(() => page.locator('[data-testid="timeline-entry"][data-type="consent"]').count()).toBe(1);
  expect(await page.locator('[data-testid="timeline-entry"]').count()).toBe(1);

  // Russian: the consents panel and the stage read in Russian after switching the language.
  await page.getByTestId('lang-ru').click();
  await expect.poll(() => page.getByTestId('person-consents').innerText()).toContain('Согласия');
  expect(await sms.textContent()).toBe('Нет');
  expect(await page.getByTestId('stage-badge').first().textContent()).toBe('Лид');

  // Dates in Russian read дд.мм.гггг whatever the browser's locale: the birthday typed so is stored
  // as YYYY-MM-DD and shown back the same way.
  await page.getByTestId('person-edit').click();
  const birthday = page.getByTestId('person-birthday');
  expect(await birthday.getAttribute('placeholder')).toBe('дд.мм.гггг');
  // A day that does not exist, or the slashed form that reads differently in the US, is no date: the box empties again.
  for (const wrong of ['31.02.1990', '12/01/1990']) {
    await birthday.fill(wrong);
    await birthday.press('Tab');
    expect(await birthday.inputValue()).toBe('');
  }
  await birthday.fill('05.03.1990');
  await birthday.press('Tab');
  expect(await birthday.inputValue()).toBe('05.03.1990');
  await page.getByTestId('person-save').click();
  await expect
    .poll(async () =>
      page.evaluate(async (id) => (await (await fetch(`/api/v1/people/${id}`)).json()).birthday, personId),
    )
    .toBe('1990-03-05');
  await page.getByTestId('person-edit').click();
  await expect.poll(() => page.getByTestId('person-birthday').inputValue()).toBe('05.03.1990');
  await page.keyboard.press('Escape');
  await page.getByTestId('person-birthday').waitFor({ state: 'detached' });

  // Companies: create one, its card shows the rollups, the list finds it.
  await page.getByTestId('nav-companies').click();
  await page.getByTestId('companies-new').click();
  await page.getByTestId('company-name').fill('ООО Кактус-Е2Е');
  await page.getByTestId('company-city').fill('Пермь');
  await page.getByTestId('company-save').click();
  await page.getByTestId('company-page').waitFor();
  expect(await page.getByTestId('company-title').innerText()).toBe('ООО Кактус-Е2Е');
  expect(await page.getByTestId('company-people-count').innerText()).toContain('0');

  // Its deals in two currencies: the open-deals total is one line per currency, each with its sign,
  // not roubles and dollars added into one bare number.
  const companyId = page.url().split('/').pop()!;
  const made = await page.evaluate(async (companyId) => {
    const pipeline = (await (await fetch('/api/v1/pipelines')).json()).data[0];
    const stage = pipeline.stages.find((x: { kind: string }) => x.kind === 'open');
    const deal = (title: string, amount: number, currency: string) =>
      fetch('/api/v1/deals', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kartoteka-request': '1' },
        body: JSON.stringify({ title, pipelineId: pipeline.id, stageId: stage.id, amount, currency, companyId }),
      }).then((r) => r.status);
    return [
      await deal('Кактус: кактусы', 150000, 'RUB'),
      await deal('Кактус: горшки', 50000, 'RUB'),
      await deal('Кактус: экспорт', 1200, 'USD'),
    ];
  }, companyId);
  expect(made).toEqual([201, 201, 201]);
  await page.reload();
  const openLines = page.getByTestId('company-open-deals-line');
  await expect.poll(() => openLines.count()).toBe(2);
  expect(await openLines.nth(0).getAttribute('data-currency')).toBe('RUB');
  expect(await openLines.nth(0).innerText()).toMatch(/^2 · 200[\s\u00a0\u202f]000[\s\u00a0\u202f]₽$/);
  expect(await openLines.nth(1).getAttribute('data-currency')).toBe('USD');
  expect(await openLines.nth(1).innerText()).toMatch(/^1 · 1[\s\u00a0\u202f]200[\s\u00a0\u202f]\$$/);
  expect(await page.getByTestId('company-won-deals').innerText()).toMatch(/\n0$/);
  await page.getByTestId('nav-companies').click();
  await page.getByTestId('companies-search').fill('кактус-е2е');
  await expect.poll(() => page.getByTestId('company-row').count()).toBe(1);
  expect(await page.getByTestId('company-row').innerText()).toContain('ООО Кактус-Е2Е');
  // Escape in the box empties it too, and the whole list is back.
  await page.getByTestId('companies-search').press('Escape');
  await expect.poll(() => page.getByTestId('company-row').count()).toBeGreaterThan(1);
  expect(await page.getByTestId('companies-search').inputValue()).toBe('');

  expect(browserProblems).toEqual([]);
}, 150_000);
