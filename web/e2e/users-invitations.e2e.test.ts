/**
 * Users and invitations in a real browser (issue 11): a brand-new email joins the workspace that
 * invited it at its first login; an email that already has a login elsewhere shows only as
 * "invited" until the person accepts in their own session; the admin's menu has no password reset;
 * an API key made with an expiry shows it in the list.
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openSettings, runCli, startE2e, watchPage, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let base = '';
let context: BrowserContext;
let defaultKey = '';
let otherKey = '';
const problems: string[] = [];
const BOSS = { email: 'boss@default.test', password: 'boss-own-password' };
const OLGA = { email: 'olga@other.test', password: 'olga-own-password' };

const api = async (key: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(r.status, `${method} ${path}`).toBeLessThan(300);
  return r.json();
};

beforeAll(async () => {
  env = await startE2e({ name: 'invitations' });
  // Made through the running server (the command hands the request to the process holding the
  // directory): opening the embedded database in a process of its own, once per key, took ~25 s here.
  [defaultKey, otherKey] = (
    await Promise.all(
      ['default', 'other'].map((ws) => runCli(['apikey', 'create', '--workspace', ws, '--data', env.dataDir])),
    )
  ).map((k) => k.trim());
  ({ base, context } = env);
  // Olga has a login in "other" (invited there as a new email; her first login joined her).
  await api(otherKey, 'POST', '/users', { email: OLGA.email, name: 'Olga', password: OLGA.password, role: 'admin' });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kartoteka-request': '1', origin: base },
    body: JSON.stringify(OLGA),
  });
  expect(login.status).toBe(200);
  // Boss is invited to "default" as a new email.
  await api(defaultKey, 'POST', '/users', { email: BOSS.email, name: 'Boss', password: BOSS.password, role: 'admin' });
}, 600_000); // SETUP_TIMEOUT (harness.ts)

afterAll(async () => env?.close(), 60_000);

async function login(page: Page, who: { email: string; password: string }) {
  await page.goto(base + '/');
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('welcome-card').waitFor();
}

test('invite by email, accept in the invitee’s session; no password reset of others; key expiry', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, problems);

  // A new email's first login joins the workspace that invited it.
  await login(page, BOSS);
  await page.getByTestId('lang-en').click();
  await openSettings(page, 'users');
  await page.getByTestId(`user-row-${BOSS.email}`).waitFor();

  // Olga has a login elsewhere: here she shows only as invited, with the name typed here.
  await page.getByTestId('add-user').click();
  await page.getByTestId('user-email').fill(OLGA.email);
  await page.getByTestId('user-name').fill('Olga from Other');
  await page.getByTestId('user-password').fill('ignored-for-existing');
  await page.getByTestId('user-save').click();
  const row = page.getByTestId(`invitation-row-${OLGA.email}`);
  await row.waitFor();
  await expect.poll(() => row.getByTestId('invitation-status').textContent()).toBe('Invited');
  expect(await row.innerText()).toContain('Olga from Other');

  // The admin's actions on a member: role, disable, remove — no password or name edit.
  await page.getByTestId(`user-actions-${BOSS.email}`).click();
  await page.getByTestId('user-edit').waitFor();
  expect(await page.getByTestId('user-reset').count()).toBe(0);
  await page.keyboard.press('Escape');

  // An API key with an end.
  await openSettings(page, 'apiKeys');
  await page.getByTestId('create-api-key').click();
  await page.getByTestId('api-key-name').fill('contractor');
  await page.getByTestId('api-key-expiry').click();
  await page.getByRole('option', { name: 'In 30 days' }).click();
  await page.getByTestId('api-key-create-submit').click();
  await page.getByTestId('new-api-key').waitFor();
  await page.getByTestId('new-api-key-done').click();
  const keys = (await api(defaultKey, 'GET', '/api-keys')).data as {
    id: string;
    name: string;
    expiresAt: string | null;
  }[];
  const contractor = keys.find((k) => k.name === 'contractor')!;
  const days = (new Date(contractor.expiresAt!).getTime() - Date.now()) / 86400_000;
  expect(days).toBeGreaterThan(29);
  expect(days).toBeLessThan(31.1);
  await expect
    .poll(() => page.getByTestId(`api-key-row-${contractor.id}`).getByTestId('api-key-expires').innerText())
    .not.toBe('No end');

  // Olga logs in: she is in "other", and accepts the invitation in her own session.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await login(page, OLGA);
  await page.getByTestId('my-invitations').click();
  await page.getByTestId('my-invitation-default').getByTestId('invitation-accept').click();
  await expect.poll(() => page.getByTestId('my-invitations').count()).toBe(0);
  await page.getByTestId('workspace-switcher').click();
  await page.getByTestId('workspace-default').waitFor();
  await page.keyboard.press('Escape');

  const members = (await api(defaultKey, 'GET', '/users')).data as { email: string; name: string }[];
  expect(members.find((m) => m.email === OLGA.email)?.name).toBe('Olga');
  expect((await api(defaultKey, 'GET', '/workspace/invitations')).data).toEqual([]);
  expect(problems).toEqual([]);
}, 180_000);
