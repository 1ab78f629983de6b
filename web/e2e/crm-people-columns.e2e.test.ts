/**
 * The people list's columns and typed custom-field filters in a real browser against a real
 * server: a column hidden, one shown, one moved; the choice survives a reload of the plain list;
 * a select custom field is filtered by picking one of its options; the view saved then keeps its
 * columns with its query (in the API too), brings them back after the plain list was reset and
 * after a reload, and takes a later change of columns when asked to; boolean, number and date
 * fields get yes/no, number and date inputs; the chooser reads in Russian.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, asUser, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('crm-people-columns', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

/** The list's header, left to right, as column names. */
const header = (page: Page) =>
  page.getByTestId('people-col').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-column')));
const rowIds = (page: Page) =>
  page.getByTestId('people-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

/** Picks an option of a Mantine select (the listbox is portalled to the body). */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const DEFAULT = ['name', 'emails', 'phones', 'company', 'lifecycleStage', 'owner', 'city', 'createdAt'];

test('chosen columns persist for the plain list and in a saved view; custom-field filters take typed values (select options, yes/no, number, date)', async () => {
  const tag = Date.now().toString(36);
  const key = `plan_${tag}`;
  await api('POST', '/custom-fields', {
    entity: 'person',
    key,
    label: `Тариф ${tag}`,
    type: 'select',
    options: ['Базовый', 'Про', 'Про макс'],
  });
  await api('POST', '/custom-fields', { entity: 'person', key: `seats_${tag}`, label: `Места ${tag}`, type: 'number' });
  await api('POST', '/custom-fields', { entity: 'person', key: `vip_${tag}`, label: `VIP ${tag}`, type: 'boolean' });
  await api('POST', '/custom-fields', {
    entity: 'person',
    key: `renewal_${tag}`,
    label: `Продление ${tag}`,
    type: 'date',
  });
  const pro = await api('POST', '/people', {
    firstName: 'Павел',
    lastName: `Про${tag}`,
    region: 'Пермский край',
    customFields: { [key]: 'Про', [`seats_${tag}`]: 12, [`vip_${tag}`]: true, [`renewal_${tag}`]: '2027-03-01' },
  });
  const proMax = await api('POST', '/people', {
    firstName: 'Мария',
    lastName: `Макс${tag}`,
    customFields: { [key]: 'Про макс' },
  });
  await api('POST', '/people', { firstName: 'Борис', lastName: `Базов${tag}`, customFields: { [key]: 'Базовый' } });
  const cf = `cf.${key}`;

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);
  await loginAsAdmin(page, base);
  await page.goto(`${base}/people`);
  await page.getByTestId('people-row').first().waitFor();
  expect(await header(page)).toEqual(DEFAULT);

  // Hide phones, show region and the custom field, move city before company.
  await page.getByTestId('people-columns').click();
  await page.getByTestId('people-columns-panel').waitFor();
  await page.getByTestId('column-toggle-phones').click();
  await page.getByTestId('column-toggle-region').click();
  await page.getByTestId(`column-toggle-${cf}`).click();
  await page.getByTestId('column-up-city').click();
  await page.getByTestId('column-up-city').click();
  await page.getByTestId('column-up-city').click();
  const chosen = ['name', 'emails', 'city', 'company', 'lifecycleStage', 'owner', 'createdAt', 'region', cf];
  await poll(() => header(page)).toEqual(chosen);
  // The name column cannot be hidden.
  expect(await page.getByTestId('column-toggle-name').isDisabled()).toBe(true);
  await page.keyboard.press('Escape');
  // The cells follow the header: Павел's row shows his region and plan.
  const proRow = page.locator(`[data-testid="people-row"][data-id="${pro.id}"]`);
  await page.getByTestId('people-search').fill(`Про${tag}`);
  await poll(() => rowIds(page)).toEqual([pro.id]);
  await poll(() => proRow.locator('[data-column="region"]').innerText()).toBe('Пермский край');
  expect(await proRow.locator(`[data-column="${cf}"]`).innerText()).toBe('Про');
  expect(await proRow.locator('[data-column="phones"]').count()).toBe(0);
  await page.getByTestId('people-search').fill('');

  // The plain list keeps the choice across a reload.
  await page.reload();
  await page.getByTestId('people-row').first().waitFor();
  await poll(() => header(page)).toEqual(chosen);

  // The custom-field filter offers the select field's options; picking one filters the list.
  await choose(page, 'filter-cf-key', `Тариф ${tag}`);
  expect(await page.getByTestId('filter-cf-value').getAttribute('data-type')).toBe('select');
  await page.getByTestId('filter-cf-value').click();
  const offered = await page.getByRole('option').evaluateAll((os) => os.map((o) => o.textContent));
  expect(offered).toEqual(['Базовый', 'Про', 'Про макс']);
  await page.getByRole('option', { name: 'Про', exact: true }).click();
  await poll(() => new URL(page.url()).searchParams.get(cf)).toBe('Про');
  await poll(() => rowIds(page)).toEqual([pro.id]);
  expect(await page.getByTestId('filter-cf-badge').innerText()).toContain('Про');
  // Another option replaces the value of the same field.
  await choose(page, 'filter-cf-value', 'Про макс');
  await poll(() => rowIds(page)).toEqual([proMax.id]);
  await choose(page, 'filter-cf-value', 'Про');
  await poll(() => rowIds(page)).toEqual([pro.id]);

  // Saved as a view: the API has its query and its columns, in order.
  await page.getByTestId('views-menu').click();
  await page.getByTestId('view-save').click();
  await page.getByTestId('view-name').fill(`Тариф Про ${tag}`);
  await page.getByTestId('view-save-ok').click();
  await poll(() => page.getByTestId('views-menu').innerText()).toBe(`Тариф Про ${tag}`);
  const views = await asUser<{
    data: { id: string; name: string; query: Record<string, string>; columns: string[] }[];
  }>(page, '/views?entity=person');
  const view = views.data.find((v) => v.name === `Тариф Про ${tag}`)!;
  expect(view.query).toMatchObject({ [cf]: 'Про' });
  expect(view.columns).toEqual(chosen);

  // The plain list goes back to the default columns…
  await page.getByTestId('people-clear').click();
  await poll(() => page.getByTestId('views-menu').innerText()).toBe('All people');
  await page.getByTestId('people-columns').click();
  await page.getByTestId('columns-reset').click();
  await page.keyboard.press('Escape');
  await poll(() => header(page)).toEqual(DEFAULT);
  // …and picking the view brings back its filter and its columns.
  await page.getByTestId('views-menu').click();
  await page.getByTestId(`view-${view.id}`).click();
  await poll(() => rowIds(page)).toEqual([pro.id]);
  await poll(() => header(page)).toEqual(chosen);

  // After a reload the view's list shows the view's columns (the plain list's default ones are stored in the browser).
  await page.reload();
  await poll(() => rowIds(page)).toEqual([pro.id]);
  await poll(() => page.getByTestId('views-menu').innerText()).toBe(`Тариф Про ${tag}`);
  await poll(() => header(page)).toEqual(chosen);

  // A change of the view's columns is kept in the view when asked to.
  await page.getByTestId('people-columns').click();
  expect(await page.getByTestId('columns-save-view').count()).toBe(0);
  await page.getByTestId('column-toggle-region').click();
  await page.getByTestId('column-down-name').click();
  const changed = ['emails', 'name', 'city', 'company', 'lifecycleStage', 'owner', 'createdAt', cf];
  await poll(() => header(page)).toEqual(changed);
  await page.getByTestId('columns-save-view').click();
  await poll(
    async () =>
      (await asUser<{ data: { id: string; columns: string[] }[] }>(page, '/views?entity=person')).data.find(
        (v) => v.id === view.id,
      )?.columns,
  ).toEqual(changed);
  await poll(() => page.getByTestId('columns-save-view').count()).toBe(0);
  await page.keyboard.press('Escape');
  await page.reload();
  await poll(() => rowIds(page)).toEqual([pro.id]);
  await poll(() => header(page)).toEqual(changed);

  // The plain list kept its own (default) columns.
  await page.goto(`${base}/people`);
  await page.getByTestId('people-row').first().waitFor();
  await poll(() => header(page)).toEqual(DEFAULT);

  // The other types: yes/no for a boolean, a number input, a date input; the URL keeps cf.KEY=value.
  await choose(page, 'filter-cf-key', `VIP ${tag}`);
  expect(await page.getByTestId('filter-cf-value').getAttribute('data-type')).toBe('boolean');
  await page.getByTestId('filter-cf-value').click();
  expect(await page.getByRole('option').evaluateAll((os) => os.map((o) => o.textContent))).toEqual(['Yes', 'No']);
  await page.getByRole('option', { name: 'Yes', exact: true }).click();
  await poll(() => new URL(page.url()).searchParams.get(`cf.vip_${tag}`)).toBe('true');
  await poll(() => rowIds(page)).toEqual([pro.id]);
  await choose(page, 'filter-cf-key', `Места ${tag}`);
  expect(await page.getByTestId('filter-cf-value').getAttribute('type')).toBe('number');
  await page.getByTestId('filter-cf-value').fill('12');
  await page.getByTestId('filter-cf-value').press('Enter');
  await poll(() => new URL(page.url()).searchParams.get(`cf.seats_${tag}`)).toBe('12');
  await choose(page, 'filter-cf-key', `Продление ${tag}`);
  expect(await page.getByTestId('filter-cf-value').getAttribute('data-type')).toBe('date');
  await page.getByTestId('filter-cf-value').fill('2027-03-01');
  await page.getByTestId('filter-cf-add').click();
  await poll(() => new URL(page.url()).searchParams.get(`cf.renewal_${tag}`)).toBe('2027-03-01');
  await poll(() => rowIds(page)).toEqual([pro.id]);
  await page.getByTestId('filter-cf-value').fill('2027-03-02');
  await page.getByTestId('filter-cf-add').click();
  await poll(() => page.getByTestId('people-empty').count()).toBe(1);
  await page.getByTestId('people-clear').click();

  // In Russian.
  await page.getByTestId('lang-ru').click();
  await poll(() => page.getByTestId('people-columns').innerText()).toBe('Столбцы');
  await page.getByTestId('people-columns').click();
  expect(await page.getByTestId('columns-reset').innerText()).toBe('Столбцы по умолчанию');
  await page.keyboard.press('Escape');
  await page.getByTestId('lang-en').click();

  expect(browserProblems).toEqual([]);
}, 240_000);
