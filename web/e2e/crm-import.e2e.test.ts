/**
 * CSV import in a real browser against a real server: upload a file with one bad row, check the
 * detected encoding and the suggested mapping, run it, and read the report — the rejected row can
 * be downloaded with its reason. Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { loginAsAdmin, sharedE2e, watchPage, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let base = '';
let context: BrowserContext;
const browserProblems: string[] = [];

beforeAll(async () => {
  env = await sharedE2e({ name: 'crm-import' });
  ({ base, context } = env);
}, 240_000);

afterAll(async () => env?.close(), 60_000);

const watch = (page: Page) => watchPage(page, browserProblems);

const CSV = [
  'Имя;Фамилия;Email;Телефон;Город',
  'Пётр;Сидоров;petr.sidorov@example.ru;8 (913) 111-22-33;Новосибирск',
  'Мария;Кузнецова;maria.k@example.ru;+7 914 222 33 44;Хабаровск',
  'Олег;Плохой;oleg@@broken;89155553344;Тверь',
  'Анна;Смирнова;anna.smirnova@example.ru;;Казань',
].join('\r\n');

test('import a CSV with one bad row: mapping, progress, report and the rejected rows file', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);

  await loginAsAdmin(page, base);

  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-more').click();
  await page.getByTestId('people-import-link').click();
  await page.getByTestId('import-page').waitFor();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'клиенты.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await page.getByTestId('import-upload').click();

  // What the server detected, and the mapping it suggests from the Russian headers.
  await page.getByTestId('import-mapping-step').waitFor();
  expect((await page.getByTestId('import-encoding').innerText()).toLowerCase()).toContain('utf-8');
  expect(await page.getByTestId('import-delimiter').innerText()).toContain(';');
  expect(await page.getByTestId('import-preview').innerText()).toContain('Сидоров');
  expect(await page.getByTestId('import-map-Имя').inputValue()).toBe('First name');
  expect(await page.getByTestId('import-map-Email').inputValue()).toBe('Email');
  expect(await page.getByTestId('import-map-Телефон').inputValue()).toBe('Phone');
  expect(await page.getByTestId('import-map-Город').inputValue()).toBe('City');
  // The bad email is flagged in the preview before anything is imported.
  const invalid = page.getByTestId('import-preview-invalid');
  expect(await invalid.count()).toBe(1);
  expect(await invalid.innerText()).toBe('oleg@@broken');
  expect(await invalid.getAttribute('data-problem')).toBe('invalidEmail');
  expect(await page.getByTestId('import-preview-problems').innerText()).toContain('1');

  await page.getByTestId('import-start').click();
  const status = page.getByTestId('import-report').getByTestId('import-status');
  await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
  expect(await page.getByTestId('import-created').innerText()).toBe('3');
  expect(await page.getByTestId('import-failed').innerText()).toBe('1');
  expect(await page.getByTestId('import-processed').innerText()).toBe('4');

  // The rejected rows file: the bad row with the reason in an error column.
  const link = page.getByTestId('import-errors-link');
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/api\/v1\/imports\/[0-9a-f-]{36}\/errors\.csv\?lang=en$/);
  const errorsCsv = await page.evaluate(async (u) => {
    const res = await fetch(u!, { credentials: 'same-origin' });
    return `${res.status}\n${await res.text()}`;
  }, href);
  expect(errorsCsv.split('\n')[0]).toBe('200');
  expect(errorsCsv).toContain('oleg@@broken');
  expect(errorsCsv.toLowerCase()).toContain('error');
  expect(errorsCsv).toMatch(/email/i);
  expect(errorsCsv).not.toContain('Сидоров');
  // The rejected row on the page: its line in the file, the field and the reason.
  const rowError = page.getByTestId('import-row-error');
  expect(await rowError.count()).toBe(1);
  expect(await rowError.getAttribute('data-code')).toBe('invalid_email');
  expect(await rowError.innerText()).toMatch(/4\s+Email\s+Not a valid email/);

  // The history lists the import; the people are in the list.
  await expect.poll(() => page.getByTestId('import-row').count()).toBeGreaterThanOrEqual(1);
  expect(await page.getByTestId('import-row').first().innerText()).toContain('клиенты.csv');

  // In Russian the report reads in Russian.
  await page.getByTestId('lang-ru').click();
  await expect.poll(() => page.getByTestId('import-report').innerText()).toContain('Отклонено');
  expect(await link.innerText()).toContain('Скачать отклонённые строки');
  await expect.poll(() => rowError.innerText()).toContain('Неверный email');
  const ruHref = await link.getAttribute('href');
  expect(ruHref).toMatch(/\?lang=ru$/);
  const ruCsv = await page.evaluate(async (u) => (await fetch(u!, { credentials: 'same-origin' })).text(), ruHref);
  expect(ruCsv.split('\n')[0]).toMatch(/,ошибка\r?$/);

  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-search').fill('кузнецова');
  // By name and email: the demo's CRM may have a Мария Кузнецова of its own.
  await page.getByTestId('people-row').filter({ hasText: 'Мария Кузнецова' }).filter({ hasText: 'maria.k@' }).waitFor();

  expect(browserProblems).toEqual([]);
}, 150_000);
