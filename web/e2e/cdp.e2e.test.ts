/**
 * The CDP screens in a real browser against a real server: create a source, send events with its
 * write key, watch them arrive in the live debugger, find the person by email, read the profile
 * (identities, timeline, merge history) and undo a merge. Needs Debian's chromium
 * (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, asUser, poll, sharedE2e, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let base = '';
let context: BrowserContext;
const browserProblems: string[] = [];

beforeAll(async () => {
  env = await sharedE2e({ name: 'cdp' });
  ({ base, context } = env);
}, 240_000);

afterAll(async () => {
  // The shared workspace's currency back as the other files read it (the last test switches it to USD).
  await context?.request
    .patch(`${base}/api/v1/workspace`, {
      headers: { 'x-kartoteka-request': '1', origin: base },
      data: { settings: { currency: 'RUB' } },
    })
    .catch(() => {});
  await env?.close();
}, 60_000);

function watch(page: Page) {
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) browserProblems.push(m.text());
  });
  page.on('pageerror', (e) => browserProblems.push(`page error: ${e.message}`));
}

async function sendBatch(writeKey: string, batch: Record<string, unknown>[]) {
  const res = await fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ batch }),
  });
  const body = await res.text();
  expect(res.status, body).toBe(200);
  expect(JSON.parse(body).success).toBe(true);
}

test('source → events → live debugger → lookup → profile with identities, timeline and merge undo', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);

  await page.goto(base + '/');
  await page.getByTestId('login-email').fill(ADMIN.email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('welcome-card').waitFor();
  await page.getByTestId('lang-en').click();

  // A source, created in the UI; its install drawer shows the write key.
  // The demo's sources are listed (Аптека Плюс: site, app, tills).
  await page.getByTestId('nav-data-sources').click();
  await page.getByTestId('sources-table').getByText('Аптека Плюс — кассы аптек').waitFor();
  await page.getByTestId('create-source').click();
  await page.getByTestId('source-name').fill('E2E website');
  await page.getByTestId('source-save').click();
  const keyEl = page.getByTestId('source-write-key');
  await keyEl.waitFor();
  const writeKey = (await keyEl.innerText()).trim();
  expect(writeKey.length).toBeGreaterThan(10);
  expect(await page.getByTestId('snippet-browser').innerText()).toContain(`kartoteka.load('${writeKey}')`);
  expect(await page.getByTestId('snippet-node').innerText()).toContain(`host: '${base}'`);
  await page.keyboard.press('Escape');
  await page.getByTestId('sources-table').getByText('E2E website').waitFor();

  // An anonymous visitor browses, then identifies; a second device of the same user identifies later (a merge).
  const anon = `e2e-anon-${Date.now()}`;
  const anon2 = `${anon}-phone`;
  const email = `e2e-${Date.now()}@example.com`;
  const userId = `e2e-user-${Date.now()}`;
  await sendBatch(writeKey, [
    { type: 'page', anonymousId: anon, name: 'Landing', properties: { path: '/' }, messageId: `${anon}-1` },
    {
      type: 'track',
      anonymousId: anon,
      event: 'Product Viewed',
      properties: { sku: 'A-1', price: 990 },
      messageId: `${anon}-2`,
    },
    { type: 'identify', anonymousId: anon, userId, traits: { email, name: 'Anna E2E' }, messageId: `${anon}-3` },
    {
      type: 'track',
      userId,
      event: 'Order Completed',
      properties: { revenue: 990, currency: 'RUB' },
      messageId: `${anon}-4`,
    },
  ]);

  // The debugger filtered to this source: the demo's own tracked events are not counted.
  await page.getByTestId('nav-data-events').click();
  await page.getByTestId('live-events-table').waitFor();
  await page.getByTestId('live-events-source').click();
  await page.getByRole('option', { name: 'E2E website' }).click();
  await page.waitForURL(/[?&]source=/);
  await expect.poll(() => page.locator('[data-testid="live-event-row"][data-event="Order Completed"]').count()).toBe(1);
  expect(await page.getByTestId('live-event-row').count()).toBe(4);

  // New events appear without reloading (the page polls every second).
  await sendBatch(writeKey, [
    { type: 'track', anonymousId: anon2, event: 'App Opened', messageId: `${anon}-5` },
    { type: 'identify', anonymousId: anon2, userId, messageId: `${anon}-6` },
  ]);
  await expect.poll(() => page.getByTestId('live-event-row').count(), { timeout: 10_000 }).toBe(6);
  const first = page.getByTestId('live-event-row').first();
  expect(await first.getAttribute('data-type')).toBe('identify');
  expect(await first.getByTestId('live-event-user').innerText()).toBe(userId);
  await page.locator('[data-testid="live-event-row"][data-event="Order Completed"]').click();
  expect(await page.getByTestId('live-event-json').innerText()).toContain('"revenue": 990');

  // Pause stops polling: an event sent meanwhile shows only after resuming.
  await page.getByTestId('live-events-pause').click();
  await sendBatch(writeKey, [{ type: 'track', userId, event: 'While Paused', messageId: `${anon}-7` }]);
  // No pause of a fixed length: a second, running debugger shows the event, then polls twice more —
  // two poll intervals in which the paused one would have fetched it too.
  const running = await context.newPage();
  await running.goto(page.url());
  await running.locator('[data-testid="live-event-row"][data-event="While Paused"]').waitFor();
  for (let i = 0; i < 2; i++) await running.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/events');
  await running.close();
  expect(await page.locator('[data-testid="live-event-row"][data-event="While Paused"]').count()).toBe(0);
  await page.getByTestId('live-events-pause').click();
  await page.locator('[data-testid="live-event-row"][data-event="While Paused"]').waitFor();

  // People: look up by email, open the profile.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-lookup-toggle').click();
  await page.getByTestId('lookup-value').fill('nobody@example.com');
  await page.getByTestId('lookup-submit').click();
  await page.getByTestId('lookup-not-found').waitFor();
  await page.getByTestId('lookup-value').fill(email.toUpperCase());
  await page.getByTestId('lookup-submit').click();
  await page.getByTestId('person-page').waitFor();
  expect(page.url()).toMatch(/\/people\/[0-9a-f-]{36}$/);
  expect(await page.getByTestId('person-name').innerText()).toBe('Anna E2E');

  const identities = page.getByTestId('person-identities');
  expect(await identities.getByTestId('identity-group-email').innerText()).toContain(email);
  expect(await identities.getByTestId('identity-group-user_id').innerText()).toContain(userId);
  const anonIds = await identities.getByTestId('identity-group-anonymous_id').innerText();
  expect(anonIds).toContain(anon);
  expect(anonIds).toContain(anon2);
  expect(await page.getByTestId('person-traits').innerText()).toContain(email);
  // Each trait shows the source its value came from.
  expect(await page.getByTestId('trait-source-email').innerText()).toContain('E2E website');
  // Computed traits: the Order Completed (990) counted as it arrived, with an RFM segment.
  expect(await page.getByTestId('computed-orderCount').innerText()).toContain('1');
  expect(await page.getByTestId('computed-revenue').innerText()).toMatch(/990[.,]00/);
  await page.getByTestId('rfm-segment').waitFor();
  await page.getByTestId('computed-custom-empty').waitFor();
  // A workspace-defined trait, added on its settings page, shows on the profile at once.
  const profileUrl = page.url();
  await page.getByTestId('nav-data-computedTraits').click();
  await page.getByTestId('computed-traits-empty').waitFor();
  await page.getByTestId('ct-key').fill('orders_all');
  await page.getByTestId('ct-event').fill('Order Completed');
  await page.getByTestId('ct-create').click();
  await page.getByTestId('computed-trait-orders_all').waitFor();
  await page.goto(profileUrl);
  await expect.poll(() => page.getByTestId('computed-custom').innerText()).toMatch(/orders_all\s+1/);

  const entries = page.getByTestId('timeline-entry');
  await expect.poll(() => entries.count()).toBe(7);
  const events = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
  for (const e of ['Product Viewed', 'Order Completed', 'App Opened', 'While Paused']) expect(events).toContain(e);
  // Filter by type.
  await page.getByTestId('timeline-type').click();
  await page.getByRole('option', { name: 'track', exact: true }).click();
  await expect.poll(() => entries.count()).toBe(4);

  // The second device was merged in: undo it.
  const merges = page.getByTestId('person-merges');
  await merges.getByTestId('merge-undo').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByText('Merge undone', { exact: false }).first().waitFor();
  await merges.getByText('Undone', { exact: false }).waitFor();
  expect(await merges.getByTestId('merge-undo').count()).toBe(0);
  await expect.poll(() => identities.getByTestId('identity-group-anonymous_id').innerText()).not.toContain(anon2);
  await expect
    .poll(() => entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-event'))))
    .not.toContain('App Opened');

  // The split-off profile is reachable from the merge entry and by its anonymous id.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-lookup-toggle').click();
  await page.getByTestId('lookup-kind').click();
  await page.getByRole('option', { name: 'Anonymous id' }).click();
  await page.getByTestId('lookup-value').fill(anon2);
  await page.getByTestId('lookup-submit').click();
  await page.getByTestId('person-page').waitFor();
  await page.locator('[data-testid="timeline-entry"][data-event="App Opened"]').waitFor();

  // Source management: rename, disable, rotate the key (the old one stops working), delete.
  await page.getByTestId('nav-data-sources').click();
  const row = page.locator('tr[data-testid^="source-row-"]').filter({ hasText: 'E2E website' });
  const sourceId = (await row.getAttribute('data-testid'))!.replace('source-row-', '');
  await page.getByTestId(`source-menu-${sourceId}`).click();
  await page.getByTestId('source-edit').click();
  await page.getByTestId('source-name').fill('E2E site (renamed)');
  await page.getByTestId('source-save').click();
  await page.getByTestId('sources-table').getByText('E2E site (renamed)').waitFor();

  await page.getByTestId(`source-menu-${sourceId}`).click();
  await page.getByTestId('source-toggle').click();
  await page.getByTestId(`source-row-${sourceId}`).getByText('Disabled').waitFor();
  await page.getByTestId(`source-menu-${sourceId}`).click();
  await page.getByTestId('source-toggle').click();
  await page.getByTestId(`source-row-${sourceId}`).getByText('Receiving').waitFor();

  await page.getByTestId(`source-menu-${sourceId}`).click();
  await page.getByTestId('source-rotate').click();
  await page.getByTestId('confirm-ok').click();
  await expect.poll(async () => (await page.getByTestId('source-write-key').innerText()).trim()).not.toBe(writeKey);
  const newKey = (await page.getByTestId('source-write-key').innerText()).trim();
  const track = (key: string) =>
    fetch(`${base}/v1/track`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      },
      body: JSON.stringify({ anonymousId: 'after-rotation', event: 'Rotated' }),
    }).then((r) => r.status);
  expect(await track(writeKey)).toBe(401);
  expect(await track(newKey)).toBe(200);
  await page.keyboard.press('Escape');

  await page.getByTestId(`source-menu-${sourceId}`).click();
  await page.getByTestId('source-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId(`source-row-${sourceId}`).waitFor({ state: 'detached' });
  expect(await track(newKey)).toBe(401);

  expect(browserProblems).toEqual([]);
}, 150_000);

test("the profile's money is in the workspace's currency, other currencies apart; Settings → Workspace switches it", async () => {
  const page = context.pages()[0]!; // signed in by the test above
  const sources = await asUser<{ data: { name: string; writeKey: string }[] }>(page, '/sources');
  const tills = sources.data.find((s) => s.name === 'Аптека Плюс — кассы аптек')!;
  const userId = `e2e-currency-${Date.now()}`;
  await sendBatch(tills.writeKey, [
    { type: 'identify', userId, traits: { name: 'Currency E2E' }, messageId: `${userId}-1` },
    {
      type: 'track',
      userId,
      event: 'Order Completed',
      properties: { revenue: 1200, currency: 'RUB' },
      messageId: `${userId}-2`,
    },
    {
      type: 'track',
      userId,
      event: 'Order Completed',
      properties: { revenue: 15, currency: 'USD' },
      messageId: `${userId}-3`,
    },
  ]);
  const person = await asUser<{ id: string }>(page, `/people/lookup?kind=user_id&value=${userId}`);
  await page.goto(`${base}/people/${person.id}`);
  const revenue = page.getByTestId('computed-revenue');
  await poll(() => revenue.innerText()).toMatch(
    /(₽|RUB)\s?1[\s\u00a0\u202f,]?200[.,]00|1[\s\u00a0\u202f,]?200[.,]00\s?(₽|RUB)/,
  );
  expect(await page.getByTestId('computed-revenue-other').innerText()).toMatch(/15[.,]00/);
  expect(await page.getByTestId('computed-averageCheck').innerText()).toMatch(/1[\s\u00a0\u202f,]?200[.,]00/);

  await page.goto(`${base}/settings/workspace`);
  await page.getByTestId('workspace-currency').click();
  await page.getByRole('option', { name: 'USD', exact: true }).click();
  await page.getByTestId('workspace-save').click();
  await poll(
    async () => (await asUser<{ settings: Record<string, unknown> }>(page, '/workspace')).settings.currency,
  ).toBe('USD');

  await page.goto(`${base}/people/${person.id}`);
  await poll(() => revenue.innerText()).toMatch(/(US\$|\$)\s?15[.,]00|15[.,]00\s?(US\$|\$|USD)/);
  expect(await page.getByTestId('computed-revenue-other').innerText()).toMatch(/1[\s\u00a0\u202f,]?200[.,]00/);
  expect(browserProblems).toEqual([]);
}, 90_000);
