/**
 * Undo and "Recently deleted" in a real browser against a real server: a person deleted on their
 * card comes back with the notification's Undo (the card opens again, the API has them); a company
 * deleted on its card is found under Companies → Recently deleted and restored with its person
 * linked again; a person, a company and a deal deleted from their list rows come back with Undo
 * in place. Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('crm-restore', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

/** The HTTP status of a GET with the API key (api() fails the test on anything but 2xx). */
const status = async (path: string) =>
  (await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${apiKey}` } })).status;

async function openPage(): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);
  return page;
}

test('delete a person on the card, press Undo in the notification: the person is back', async () => {
  const tag = Date.now().toString(36);
  const person = await api('POST', '/people', {
    firstName: 'Отмена',
    lastName: `Удаления${tag}`,
    emails: [`undo.${tag}@example.ru`],
  });

  const page = await openPage();
  await loginAsAdmin(page, base);
  await page.goto(`${base}/people/${person.id}`);
  await page.getByTestId('person-page').waitFor();
  await page.getByTestId('person-actions').click();
  await page.getByTestId('person-delete').click();
  await page.getByTestId('confirm-ok').click();
  // The delete happened: back on the list, the API no longer has the person.
  await page.getByTestId('people-page').waitFor();
  await poll(() => status(`/people/${person.id}`)).toBe(404);

  await page.getByTestId('undo-delete').click();
  // Undo restores and opens the card again.
  await poll(() => page.url()).toBe(`${base}/people/${person.id}`);
  await page.getByTestId('person-page').waitFor();
  await poll(() => page.getByTestId('person-name').innerText()).toBe(`Отмена Удаления${tag}`);
  const back = await api('GET', `/people/${person.id}`);
  expect(back).toMatchObject({ id: person.id, emails: [`undo.${tag}@example.ru`], inCrm: true });
  const audit = await api('GET', `/audit?entityType=person&action=restore`);
  expect(audit.data.map((a: any) => a.entityId)).toContain(person.id);
  expect(browserProblems).toEqual([]);
});

test('delete a company, find it under Recently deleted, Restore: it is back with its person', async () => {
  const tag = Date.now().toString(36);
  const company = await api('POST', '/companies', { name: `ООО Возврат ${tag}` });
  const person = await api('POST', '/people', {
    firstName: 'Сотрудник',
    lastName: `Возврата${tag}`,
    companyId: company.id,
  });

  const page = await openPage(); // still signed in from the test above
  await page.goto(`${base}/companies/${company.id}`);
  await page.getByTestId('company-page').waitFor();
  await page.getByTestId('company-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('companies-page').waitFor();
  await poll(() => status(`/companies/${company.id}`)).toBe(404);
  expect((await api('GET', `/people/${person.id}`)).companyId).toBeNull();

  // Recently deleted: newest deletion first, so this company is the first row.
  await page.getByTestId('list-deleted').click();
  await page.getByTestId('recently-deleted').waitFor();
  const row = page.locator(`[data-testid="deleted-row"][data-id="${company.id}"]`);
  await row.waitFor();
  expect(await page.getByTestId('deleted-row').first().getAttribute('data-id')).toBe(company.id);
  expect(await row.innerText()).toContain(`ООО Возврат ${tag}`);
  await row.getByTestId('restore-button').click();
  // The row leaves the list; the company is back, with its person linked again.
  await poll(() => row.count()).toBe(0);
  await poll(() => status(`/companies/${company.id}`)).toBe(200);
  expect((await api('GET', `/people/${person.id}`)).company).toEqual({ id: company.id, name: `ООО Возврат ${tag}` });

  // And it is in the normal list again.
  await page.getByTestId('list-all').click();
  await page.getByTestId('companies-search').fill(`Возврат ${tag}`);
  await poll(() => page.locator(`[data-testid="company-row"][data-id="${company.id}"]`).count()).toBe(1);
  expect(browserProblems).toEqual([]);
});

test('delete a person, a company and a deal from their lists (row ⋯ → Delete), Undo brings each back in place', async () => {
  const tag = Date.now().toString(36);
  const person = await api('POST', '/people', {
    firstName: 'Строка',
    lastName: `Списка${tag}`,
    emails: [`row.${tag}@example.ru`],
  });
  const company = await api('POST', '/companies', { name: `ООО Строка ${tag}` });
  const pipeline = (await api('GET', '/pipelines')).data[0];
  const stage = pipeline.stages.find((s: { kind: string }) => s.kind === 'open');
  const deal = await api('POST', '/deals', {
    title: `Сделка строки ${tag}`,
    pipelineId: pipeline.id,
    stageId: stage.id,
    amount: 1000,
    currency: 'RUB',
  });

  const page = await openPage(); // still signed in from the tests above
  const cases = [
    {
      list: `/people`,
      search: 'people-search',
      rows: '[data-testid="people-row"]',
      row: `[data-testid="people-row"][data-id="${person.id}"]`,
      api: `/people/${person.id}`,
      name: `Строка Списка${tag}`,
    },
    {
      list: `/companies`,
      search: 'companies-search',
      rows: '[data-testid="company-row"]',
      row: `[data-testid="company-row"][data-id="${company.id}"]`,
      api: `/companies/${company.id}`,
      name: `ООО Строка ${tag}`,
    },
    {
      list: `/deals?pipeline=${pipeline.id}&view=table`,
      search: 'deals-search',
      rows: '[data-testid^="deal-row-"]',
      row: `[data-testid="deal-row-${deal.id}"]`,
      api: `/deals/${deal.id}`,
      name: `Сделка строки ${tag}`,
    },
  ];
  for (const c of cases) {
    await page.goto(base + c.list);
    await page.getByTestId(c.search).fill(tag);
    const row = page.locator(c.row);
    // Only this record left (the tag is unique): the search has been applied, so the list will not
    // re-render under the open menu.
    await poll(() => page.locator(c.rows).count()).toBe(1);
    await row.waitFor();
    await row.getByTestId('row-actions').click();
    await page.getByTestId('row-delete').click();
    // The same confirmation as on the card, naming the record; the row's own click (open the card) did not fire.
    await page.getByTestId('confirm-ok').waitFor();
    expect(await page.locator('.mantine-Modal-title').innerText()).toContain(c.name);
    expect(new URL(page.url()).pathname).toBe(c.list.split('?')[0]);
    await page.getByTestId('confirm-ok').click();
    await poll(() => row.count()).toBe(0);
    await poll(() => status(c.api)).toBe(404);
    // Undo in the notification: the record is back in the same list, which stays open.
    await page.getByTestId('undo-delete').click();
    await poll(() => status(c.api)).toBe(200);
    await row.waitFor();
    expect(new URL(page.url()).pathname).toBe(c.list.split('?')[0]);
  }
  expect(browserProblems).toEqual([]);
});
