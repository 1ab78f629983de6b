/**
 * SCENARIOS.md story 1, "Аптека Плюс", its identity-graph part: a loyalty member who browses the
 * web shop anonymously and later buys in a store with her loyalty card is one person with one
 * timeline. Walked for real: two first-party sources (the site's browser SDK, the stores' POS)
 * and a mobile app source are created through the API; a page on the shop's own origin loads the
 * server's /sdk.js and browses anonymously (page views, `Product Viewed`); the POS sends the
 * purchase through the real `@segment/analytics-node` pointed at the server with `host`, as
 * `Order Completed` with items, store and region, known only by the loyalty card (Segment
 * `context.externalIds` → identity `external:loyalty_card`); then the member logs in on the site
 * (identify with user id, email and the card), which joins the anonymous visitor and the card
 * holder, and opens the app. The profile card in the UI shows one person with every identity, the
 * timeline in order with each entry's source, the computed order count and revenue, and the merge
 * with its undo; the CRM card (after the call centre adds her to the CRM) is the same person.
 * Every figure on the page is checked against the API.
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { BrowserContext } from 'playwright-core';
import { Analytics } from '@segment/analytics-node';
import { apiClient, loginAsAdmin, poll, sharedE2e, watchPage, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let base = '';
let context: BrowserContext;
let apiKey = '';
let shop: Server | null = null;
let shopBase = '';
const shopPages = new Map<string, string>();
const browserProblems: string[] = [];

const RUN = Date.now().toString(36);
const CARD = `7700${String(Date.now()).slice(-8)}`;
const USER_ID = `ap-member-${RUN}`;
const EMAIL = `marina.${RUN}@apteka-plus.example`;
const REVENUE = 1845.5;

beforeAll(async () => {
  env = await sharedE2e({ name: 'omnichannel', apiKey: true });
  ({ base, context, apiKey } = env);
  // The pharmacy's web shop: its own origin, its own pages, the tracking snippet from Kartoteka.
  shop = createHttpServer((req, res) => {
    const html = shopPages.get((req.url ?? '/').split('?')[0]);
    if (!html) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => shop!.listen(0, '127.0.0.1', () => resolve()));
  shopBase = `http://127.0.0.1:${(shop.address() as { port: number }).port}`;
}, 600_000); // SETUP_TIMEOUT (harness.ts)

afterAll(async () => {
  await env?.close();
  if (shop) await new Promise((r) => shop!.close(r));
}, 60_000);

const api = apiClient(
  () => base,
  () => apiKey,
);

/** A shop page: loads /sdk.js from the Kartoteka server and runs `script` after load(). */
const shopPage = (title: string, writeKey: string, script: string) =>
  `<!doctype html><html><head><title>${title}</title><script src="${base}/sdk.js"></script></head><body><h1>${title}</h1><script>
    kartoteka.load(${JSON.stringify(writeKey)}, { flushAt: 1, flushInterval: 100 });
    ${script}
  </script></body></html>`;

const loyaltyCard = { id: CARD, type: 'loyalty_card', collection: 'users', encoding: 'none' };

test('anonymous web visits, a POS purchase by loyalty card and a login are one person with one timeline', async () => {
  // Sources, kept apart: the site (browser SDK), the stores' tills, the app. All first-party.
  const web = await api('POST', '/sources', { name: 'Аптека Плюс — сайт', kind: 'web' });
  const pos = await api('POST', '/sources', { name: 'Аптека Плюс — кассы', kind: 'pos' });
  const app = await api('POST', '/sources', { name: 'Аптека Плюс — приложение', kind: 'mobile' });
  for (const s of [web, pos, app]) expect(s.origin).toBe('first');
  const webEvents = async () => (await api('GET', `/events?sourceId=${web.id}&limit=100`)).data as any[];

  // Monday: an anonymous visitor browses the shop.
  shopPages.set('/', shopPage('Аптека Плюс', web.writeKey, `kartoteka.page('Home');`));
  shopPages.set(
    '/catalog/vitamin-d3',
    shopPage(
      'Витамин D3 2000 МЕ',
      web.writeKey,
      `kartoteka.page('Product', { category: 'vitamins' });
      kartoteka.track('Product Viewed', { product_id: 'vit-d3-2000', sku: 'VIT-D3-2000', name: 'Витамин D3 2000 МЕ', category: 'vitamins', price: 649 });`,
    ),
  );
  shopPages.set(
    '/account',
    shopPage(
      'Личный кабинет',
      web.writeKey,
      `kartoteka.identify(${JSON.stringify(USER_ID)}, { email: ${JSON.stringify(EMAIL)}, name: 'Марина Соколова', loyaltyCard: ${JSON.stringify(CARD)} },
      { context: { externalIds: [${JSON.stringify(loyaltyCard)}] } });`,
    ),
  );
  const site = await context.newPage();
  site.setDefaultTimeout(30_000);
  watchPage(site, browserProblems);
  await site.goto(`${shopBase}/`);
  // She reads the page a moment (the SDK holds a first page's events in memory until the workspace's
  // consent setting has answered; a page left sooner than that loses them).
  await poll(async () => (await webEvents()).length).toBe(1);
  await site.goto(`${shopBase}/catalog/vitamin-d3`);
  const anonymousId: string = await site.evaluate(() => (window as any).kartoteka.anonymousId());
  expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  await poll(async () => (await webEvents()).length).toBe(3);
  const browsed = await webEvents();
  for (const e of browsed) expect(e).toMatchObject({ anonymousId, userId: null, origin: 'first' });
  const visitorId = browsed[0].personId;
  expect(browsed.every((e) => e.personId === visitorId)).toBe(true);
  // Nothing knows this visitor yet but her browser.
  expect((await api('GET', `/persons/${visitorId}`)).identities).toEqual([
    { kind: 'anonymous_id', value: anonymousId },
  ]);

  // Friday: she buys in store #17 with her loyalty card; the till reports through the Segment node SDK.
  const till = new Analytics({ writeKey: pos.writeKey, host: base, flushAt: 1, maxRetries: 2 });
  const tillErrors: unknown[] = [];
  till.on('error', (e) => tillErrors.push(e));
  till.track({
    // The till knows no user id: a stable id of its own for the card, and the card as an external id.
    anonymousId: `pos-card-${CARD}`,
    event: 'Order Completed',
    properties: {
      order_id: `S17-${RUN}`,
      revenue: REVENUE,
      currency: 'RUB',
      store_id: 'store-17',
      store_name: 'Аптека Плюс №17, Самара',
      region: 'Поволжье',
      products: [
        {
          product_id: 'vit-d3-2000',
          sku: 'VIT-D3-2000',
          name: 'Витамин D3 2000 МЕ',
          category: 'vitamins',
          price: 649,
          quantity: 2,
        },
        {
          product_id: 'omega-3',
          sku: 'OMG-3-60',
          name: 'Омега-3, 60 капсул',
          category: 'vitamins',
          price: 547.5,
          quantity: 1,
        },
      ],
    },
    context: { externalIds: [loyaltyCard], location: { city: 'Самара', region: 'Поволжье' } },
    timestamp: new Date(),
  });
  await till.closeAndFlush();
  expect(tillErrors).toEqual([]);
  const holder = await api('GET', `/people/lookup?kind=external:loyalty_card&value=${CARD}`);
  expect(holder.id).not.toBe(visitorId);
  expect(holder.computedTraits).toMatchObject({ orderCount: 1, revenue: REVENUE });

  // She logs in on the site: user id, email and her loyalty card join the visitor and the card holder.
  await site.goto(`${shopBase}/account`);
  await poll(async () => (await webEvents()).some((e) => e.type === 'identify')).toBe(true);
  // And opens the app, signed in (its own device id).
  const device = `ios-${RUN}`;
  const screen = await fetch(`${base}/v1/screen`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${app.writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ userId: USER_ID, anonymousId: device, name: 'Loyalty Card', properties: { balance: 350 } }),
  });
  expect(screen.status).toBe(200);

  // The API: every identifier finds the same person.
  const person = await api('GET', `/people/lookup?kind=email&value=${encodeURIComponent(EMAIL)}`);
  for (const [kind, value] of [
    ['anonymous_id', anonymousId],
    ['user_id', USER_ID],
    ['external:loyalty_card', CARD],
    ['anonymous_id', `pos-card-${CARD}`],
    ['anonymous_id', device],
  ])
    expect(
      (await api('GET', `/people/lookup?kind=${kind}&value=${encodeURIComponent(value)}`)).id,
      `${kind} ${value}`,
    ).toBe(person.id);
  expect(person.identities).toEqual(
    expect.arrayContaining([
      { kind: 'anonymous_id', value: anonymousId },
      { kind: 'user_id', value: USER_ID },
      { kind: 'email', value: EMAIL },
      { kind: 'external:loyalty_card', value: CARD },
    ]),
  );
  expect(person.traits).toMatchObject({ email: EMAIL, name: 'Марина Соколова', loyaltyCard: CARD });
  expect(person.computedTraits).toMatchObject({ orderCount: 1, revenue: REVENUE });
  // One timeline, oldest to newest: the anonymous visits, the store purchase, the login, the app.
  const timeline = (await api('GET', `/people/${person.id}/timeline?limit=50`)).data as any[];
  // The channels' story; the demo's segments add their enters in between (when depends on the followers).
  const story = [...timeline]
    .reverse()
    .filter((e) => e.type !== 'segment')
    .map((e) => [e.type, e.event, e.source?.kind, e.source?.origin]);
  expect(story).toEqual([
    ['page', 'Home', 'web', 'first'],
    ['page', 'Product', 'web', 'first'],
    ['track', 'Product Viewed', 'web', 'first'],
    ['track', 'Order Completed', 'pos', 'first'],
    ['identify', null, 'web', 'first'],
    ['screen', 'Loyalty Card', 'mobile', 'first'],
  ]);
  const order = timeline.find((e) => e.event === 'Order Completed');
  expect(order.properties).toMatchObject({
    revenue: REVENUE,
    store_id: 'store-17',
    region: 'Поволжье',
    products: [
      { sku: 'VIT-D3-2000', quantity: 2 },
      { sku: 'OMG-3-60', quantity: 1 },
    ],
  });
  expect(order.source).toMatchObject({ id: pos.id, name: pos.name });
  // One merge joined the two profiles; it can be undone.
  const merges = (await api('GET', `/merges?personId=${person.id}`)).data as any[];
  expect(merges).toHaveLength(1);
  expect(merges[0]).toMatchObject({ intoPerson: person.id, undoneAt: null });
  expect([visitorId, holder.id]).toContain(merges[0].fromPerson);
  expect([visitorId, holder.id]).toContain(person.id);

  // The UI: the profile card, found by the loyalty card.
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);
  await loginAsAdmin(page, base);
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-lookup-toggle').click();
  await page.getByTestId('lookup-kind').click();
  await page.getByRole('option', { name: 'External id' }).click();
  await page.getByTestId('lookup-external-type').fill('loyalty_card');
  await page.getByTestId('lookup-value').fill(CARD);
  await page.getByTestId('lookup-submit').click();
  await page.getByTestId('person-page').waitFor();
  expect(await page.getByTestId('person-id').innerText()).toBe(person.id);
  expect(await page.getByTestId('person-name').innerText()).toBe('Марина Соколова');

  const identities = page.getByTestId('person-identities');
  const anonIds = await identities.getByTestId('identity-group-anonymous_id').innerText();
  for (const a of [anonymousId, `pos-card-${CARD}`, device]) expect(anonIds).toContain(a);
  expect(await identities.getByTestId('identity-group-user_id').innerText()).toContain(USER_ID);
  expect(await identities.getByTestId('identity-group-email').innerText()).toContain(EMAIL);
  const card = await identities.getByTestId('identity-group-external:loyalty_card').innerText();
  expect(card).toContain(CARD);
  expect(card).toMatch(/loyalty_card/i);

  // The timeline: the same entries, newest first, each with its source.
  // Segment entries are left out on both sides: a follower may add one between the two reads.
  const entries = page.locator('[data-testid="timeline-entry"]:not([data-type="segment"])');
  const channels = timeline.filter((e) => e.type !== 'segment');
  await poll(() => entries.count()).toBe(channels.length);
  const shown = await entries.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-type'), e.getAttribute('data-event'), e.getAttribute('data-source-kind')]),
  );
  expect(shown).toEqual(channels.map((e) => [e.type, e.event ?? '', e.source.kind]));
  const orderRow = page.locator('[data-testid="timeline-entry"][data-event="Order Completed"]');
  expect(await orderRow.innerText()).toContain(pos.name);
  expect(await page.locator('[data-testid="timeline-entry"][data-event="Product Viewed"]').innerText()).toContain(
    web.name,
  );
  // The login's identify is titled by whom it names, not a dash.
  expect(
    await page
      .locator('[data-testid="timeline-entry"][data-type="identify"]')
      .getByTestId('timeline-title')
      .innerText(),
  ).toBe('Марина Соколова');

  // Traits with the source each came from; a long source name does not squeeze the value to a letter a line.
  expect(await page.getByTestId('trait-source-loyaltyCard').innerText()).toBe(web.name);
  const nameCell = page.getByTestId('trait-value-name');
  expect(await nameCell.innerText()).toBe('Марина Соколова');
  const lineHeight = await nameCell.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
  expect((await nameCell.evaluate((el) => el.getBoundingClientRect().height)) - 2 * lineHeight).toBeLessThan(
    lineHeight,
  );

  // Computed traits, as the API counts them.
  expect(await page.getByTestId('computed-orderCount').innerText()).toContain('1');
  expect(await page.getByTestId('computed-revenue').innerText()).toMatch(/1[\s\u00a0\u202f,]?845[.,]50/);

  // The merge history: one merge, undo available.
  const history = page.getByTestId('person-merges');
  await history.getByTestId(`merge-${merges[0].id}`).waitFor();
  expect(await history.getByTestId('merge-undo').count()).toBe(1);

  // The call centre adds her to the CRM from the profile: the CRM card is the same person.
  await page.getByTestId('person-add-to-crm').click();
  await page.getByTestId('person-save').click();
  await page.getByTestId('person-summary').waitFor();
  const crm = await api('GET', `/people/${person.id}`);
  expect(crm).toMatchObject({ id: person.id, inCrm: true, emails: [EMAIL] });
  // …and the people list finds her by email, opening the same card.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-search').fill(EMAIL);
  const row = page.locator(`[data-testid="people-row"][data-id="${person.id}"]`);
  await row.waitFor();
  await poll(() => page.getByTestId('people-row').count()).toBe(1);
  await row.getByTestId('people-row-name').click();
  await page.getByTestId('person-page').waitFor();
  expect(page.url()).toBe(`${base}/people/${person.id}`);
  expect(await page.getByTestId('person-id').innerText()).toBe(person.id);
  expect(await page.getByTestId('person-emails').innerText()).toContain(EMAIL);
  await page.locator('[data-testid="timeline-entry"][data-event="Order Completed"]').waitFor();

  // Undoing the merge splits the card holder off again, with her purchase and its revenue.
  await page.getByTestId('person-merges').getByTestId('merge-undo').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('person-merges').getByText('Undone', { exact: false }).waitFor();
  await poll(() => page.locator('[data-testid="timeline-entry"][data-event="Order Completed"]').count()).toBe(0);
  await poll(async () => (await page.getByTestId('person-identities').innerText()).includes(CARD)).toBe(false);
  expect(await page.getByTestId('computed-orderCount').innerText()).toContain('0');
  const split = await api('GET', `/people/lookup?kind=external:loyalty_card&value=${CARD}`);
  expect(split.id).not.toBe(person.id);
  expect(split.computedTraits).toMatchObject({ orderCount: 1, revenue: REVENUE });
  expect((await api('GET', `/persons/${person.id}`)).computedTraits).toMatchObject({ orderCount: 0, revenue: 0 });
  expect((await api('GET', `/people/lookup?kind=email&value=${encodeURIComponent(EMAIL)}`)).id).toBe(person.id);
  expect(((await api('GET', `/people/${split.id}/timeline`)).data as any[]).map((e) => e.event)).toEqual([
    'Order Completed',
  ]);

  expect(browserProblems).toEqual([]);
}, 240_000);
