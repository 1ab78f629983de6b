/**
 * The web shell in a real browser against a real server: log in, switch languages, create an API
 * key in Settings and prove the key shown once actually works. Needs Debian's chromium
 * (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, openSettings, sharedE2e, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let base = '';
let context: BrowserContext;
const browserProblems: string[] = [];

beforeAll(async () => {
  env = await sharedE2e({ name: 'shell' });
  ({ base, context } = env);
}, 600_000); // SETUP_TIMEOUT (harness.ts)

afterAll(async () => env?.close(), 60_000);

function watch(page: Page) {
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) browserProblems.push(m.text());
  });
  page.on('pageerror', (e) => browserProblems.push(`page error: ${e.message}`));
}

test('log in, switch language, create an API key that works', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);

  await page.goto(base + '/');
  await page.getByTestId('login-email').fill(ADMIN.email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('welcome-card').waitFor();

  await page.getByTestId('lang-en').click();
  await expect.poll(() => page.getByTestId('nav-dashboard').innerText()).toContain('Dashboard');
  await page.getByText('Welcome, ', { exact: false }).first().waitFor();

  await page.getByTestId('lang-ru').click();
  await expect.poll(() => page.getByTestId('nav-dashboard').innerText()).toContain('Главная');
  await page.getByText('Здравствуйте', { exact: false }).first().waitFor();

  await openSettings(page, 'apiKeys');
  await page.getByTestId('api-keys-table').waitFor();

  await page.getByTestId('create-api-key').click();
  await page.getByTestId('api-key-name').fill('e2e key');
  await page.getByTestId('api-key-role').click();
  await page.getByRole('option', { name: /^Наблюдатель/ }).click();
  await expect.poll(() => page.getByTestId('api-key-role').inputValue()).toMatch(/^Наблюдатель/);
  await page.getByTestId('api-key-create-submit').click();

  const keyEl = page.getByTestId('new-api-key');
  await keyEl.waitFor();
  const key = (await keyEl.innerText()).trim();
  expect(key).toMatch(/^kt_\S+$/);
  await page.getByTestId('new-api-key-done').click();
  await page.getByText('e2e key').first().waitFor();

  const res = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  const me = (await res.json()) as { role: string };
  expect(me.role).toBe('viewer');

  expect(browserProblems).toEqual([]);
}, 120_000);
