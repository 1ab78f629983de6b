/**
 * Story 5 of SCENARIOS.md, "A developer integrating Kartoteka", walked for real: sign in, create a
 * source in the UI and copy its write key and snippets from the page; a plain HTML page on ANOTHER
 * origin drops in the copied `<script src=".../sdk.js">` snippet and sends page/track/identify; the
 * real @segment/analytics-node and @rudderstack/rudder-sdk-node packages are pointed at the server by
 * their host option only; all of it shows in the live event debugger by its own polling (no reload),
 * with source and type; the OpenAPI docs page loads and lists the tracking/CDP operations; a webhook
 * created in the UI delivers `merge.created` (an SDK identify joining two devices) and
 * `person.created` to a local receiver, whose signature is checked as the docs describe (and with the
 * verification snippet the UI shows), and a tampered body fails it.
 * Not walked (not built yet): "segment entered" webhooks and exporting an audience to CSV.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import type { Page } from 'playwright-core';
import { apiClient, loginAsAdmin, openSettings, poll, sharedE2e, watchPage, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let apiKey = '';
const api = apiClient(
  () => env.base,
  () => apiKey,
);
const servers: Server[] = [];
const problems: string[] = [];

/** A tiny HTTP server on its own port (another origin than Kartoteka's). */
async function listen(handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
  const srv = createHttpServer(handler);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  servers.push(srv);
  return `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
}

beforeAll(async () => {
  // The webhook receiver listens on loopback, which the outbound policy refuses unless opened: the
  // shared server opens it (KARTOTEKA_OUTBOUND_ALLOW in servers.ts).
  env = await sharedE2e({ name: 'scenario-developer', apiKey: true });
  apiKey = env.apiKey;
}, 600_000); // SETUP_TIMEOUT (harness.ts)

afterAll(async () => {
  await env?.close();
  for (const s of servers) await new Promise((r) => s.close(r));
}, 60_000);

/** The debugger's rows of a type, narrowed by event name (data-event, '' when none) and/or by who sent it. */
const row = (page: Page, type: string, opts: { event?: string; who?: string }) => {
  let loc = page.locator(`[data-testid="live-event-row"][data-type="${type}"]`);
  if (opts.event !== undefined)
    loc = page.locator(`[data-testid="live-event-row"][data-type="${type}"][data-event="${opts.event}"]`);
  if (opts.who) loc = loc.filter({ has: page.getByTestId('live-event-user').getByText(opts.who, { exact: true }) });
  return loc;
};

test('a developer: source, browser snippet on another origin, Segment and RudderStack server SDKs, live debugger, OpenAPI docs, signed webhook', async () => {
  const { base, context } = env;
  const ui = await context.newPage();
  ui.setDefaultTimeout(30_000);
  watchPage(ui, problems);
  await loginAsAdmin(ui, base);

  // 1. A source, created in the UI; its write key and install snippets are copied from the page.
  await ui.getByTestId('nav-data-sources').click();
  await ui.getByTestId('create-source').click();
  await ui.getByTestId('source-name').fill('Developer site');
  await ui.getByTestId('source-save').click();
  await ui.getByTestId('source-write-key').waitFor();
  const writeKey = (await ui.getByTestId('source-write-key').innerText()).trim();
  expect(writeKey.length).toBeGreaterThan(10);
  const browserSnippet = await ui.getByTestId('snippet-browser').innerText();
  expect(browserSnippet).toContain(`<script src="${base}/sdk.js"></script>`);
  expect(browserSnippet).toContain(`kartoteka.load('${writeKey}')`);
  const nodeSnippet = await ui.getByTestId('snippet-node').innerText();
  const host = /host: '([^']+)'/.exec(nodeSnippet)?.[1];
  expect(host).toBe(base);
  await ui.keyboard.press('Escape');
  await ui.getByTestId('sources-table').getByText('Developer site').waitFor();

  // 2. The live debugger is open before anything is sent; the page must never reload.
  await ui.getByTestId('nav-data-events').click();
  await ui.locator('[data-testid="live-events-table"], [data-testid="live-events-empty"]').first().waitFor();
  // Narrowed to the new source: the demo's own tracked events (Аптека Плюс) are not this developer's.
  await ui.getByTestId('live-events-source').click();
  await ui.getByRole('option', { name: 'Developer site' }).click();
  await ui.waitForURL(/[?&]source=/);
  await ui.getByTestId('live-events-empty').waitFor();
  await ui.evaluate(() => ((window as any).__sameDocument = 'yes'));
  const rowsBefore = await ui.getByTestId('live-event-row').count();

  // 3. A plain HTML page on another origin: the snippet exactly as copied, then track and identify.
  const site = await listen((req, res) => {
    if ((req.url ?? '/').startsWith('/shop.html')) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html><head><title>Dev shop</title>
${browserSnippet}
<script>
  kartoteka.track('Signup Started', { plan: 'pro' });
  kartoteka.identify('dev-user-1', { email: 'dev.user@example.com', name: 'Dev User' });
  window.anonId = kartoteka.anonymousId();
</script></head><body><h1>Dev shop</h1></body></html>`);
    } else if (req.url === '/favicon.ico') res.writeHead(204).end();
    else res.writeHead(404).end();
  });
  expect(new URL(site).origin).not.toBe(new URL(base).origin);
  const shop = await context.newPage();
  shop.setDefaultTimeout(30_000);
  const shopProblems: string[] = [];
  shop.on('console', (m) => {
    if (m.type() === 'error' || /CORS|Cross-Origin|Refused/i.test(m.text())) shopProblems.push(m.text());
  });
  shop.on('pageerror', (e) => shopProblems.push(`page error: ${e.message}`));
  shop.on('response', (r) => void (r.status() >= 400 && shopProblems.push(`${r.status()} ${r.url()}`)));
  const sent = shop.waitForResponse((r) => r.url() === `${base}/v1/batch` && r.request().method() === 'POST');
  await shop.goto(`${site}/shop.html`);
  const browserAnon = await shop.evaluate(() => (window as any).anonId as string);
  expect(browserAnon).toBeTruthy();
  // The snippet's default batching sends within its flush interval; the CORS answer lets the page read it.
  const batch = await sent;
  expect(batch.status()).toBe(200);
  expect(await batch.headerValue('access-control-allow-origin')).toMatch(
    new RegExp(`^(\\*|${site.replace(/[.]/g, '\\.')})$`),
  );

  // 4. The server SDKs, changed only in their host option (the one copied from the page).
  const segment = new SegmentAnalytics({ writeKey, host: host!, maxRetries: 1 });
  const segmentErrors: unknown[] = [];
  segment.on('error', (e) => segmentErrors.push(e));
  segment.identify({ userId: 'seg-user-1', traits: { email: 'seg.user@example.com', name: 'Seg User' } });
  segment.track({ userId: 'seg-user-1', event: 'Plan Upgraded', properties: { plan: 'business', revenue: 4990 } });
  segment.track({ anonymousId: 'seg-device-2', event: 'App Opened' });
  await segment.closeAndFlush();
  expect(segmentErrors).toEqual([]);

  const rudderErrors: unknown[] = [];
  const rudder = new RudderAnalytics(writeKey, {
    dataPlaneUrl: host!,
    retryCount: 0,
    logLevel: 'error',
    errorHandler: (e: unknown) => rudderErrors.push(e),
  });
  rudder.identify({ userId: 'rs-user-1', traits: { email: 'rs.user@example.com' } });
  rudder.track({ userId: 'rs-user-1', event: 'Invoice Paid', properties: { amount: 1200 } });
  rudder.page({ userId: 'rs-user-1', name: 'Pricing', properties: { path: '/pricing' } });
  await rudder.flush();
  expect(rudderErrors).toEqual([]);

  // 5. Everything shows in the debugger through its own polling, with type and source.
  await ui.bringToFront();
  const expected: [string, { event?: string; who?: string }][] = [
    ['page', { event: '', who: `anonymous · ${browserAnon}` }],
    ['track', { event: 'Signup Started' }],
    ['identify', { who: 'dev-user-1' }],
    ['identify', { who: 'seg-user-1' }],
    ['track', { event: 'Plan Upgraded' }],
    ['track', { event: 'App Opened' }],
    ['identify', { who: 'rs-user-1' }],
    ['track', { event: 'Invoice Paid' }],
    ['page', { event: 'Pricing' }],
  ];
  for (const [type, opts] of expected) {
    await poll(() => row(ui, type, opts).count())
      .toBe(1)
      .catch(async (e) => {
        const shown = await ui
          .getByTestId('live-event-row')
          .evaluateAll((els) =>
            els.map((el) => `${el.getAttribute('data-type')} ${el.getAttribute('data-event')} ${el.textContent}`),
          );
        const stored = (await api<{ data: any[] }>('GET', '/events?limit=50')).data.map(
          (x) => `${x.type} ${x.event} ${x.userId ?? x.anonymousId}`,
        );
        throw new Error(
          `${type} ${JSON.stringify(opts)} not shown once.\nOn screen:\n${shown.join('\n')}\nStored:\n${stored.join('\n')}\n${e}`,
        );
      });
    const cells = row(ui, type, opts).locator('td');
    expect(await cells.nth(2).innerText(), `${type} ${JSON.stringify(opts)}`).toBe(type);
    expect(await cells.nth(5).innerText(), `${type} ${JSON.stringify(opts)}`).toBe('Developer site');
  }
  expect(await ui.getByTestId('live-event-row').count()).toBe(rowsBefore + expected.length);
  expect(await ui.evaluate(() => (window as any).__sameDocument)).toBe('yes');
  // Each message shows which library sent it.
  const library = async (type: string, opts: { event?: string; who?: string }) => {
    await row(ui, type, opts).click();
    const json = JSON.parse(await ui.getByTestId('live-event-json').innerText());
    await row(ui, type, opts).click();
    return json.context?.library?.name;
  };
  expect(await library('track', { event: 'Signup Started' })).toBe('kartoteka.js');
  expect(await library('track', { event: 'Plan Upgraded' })).toBe('@segment/analytics-node');
  expect(await library('track', { event: 'Invoice Paid' })).toMatch(/analytics-node/);
  expect(shopProblems).toEqual([]);
  await shop.close();

  // 6. The OpenAPI docs page loads and lists the tracking and CDP operations.
  const docs = await context.newPage();
  docs.setDefaultTimeout(30_000);
  const docsProblems: string[] = [];
  watchPage(docs, docsProblems);
  const docsPage = await docs.goto(`${base}/api/docs`);
  // Served over plain http: no upgrade-insecure-requests (on a LAN address it would send every asset to https).
  expect(await docsPage!.headerValue('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
  await docs.locator('.opblock').first().waitFor();
  const spec = await (await fetch(`${base}/api/docs/json`)).json();
  for (const [method, path] of [
    ['post', '/v1/track'],
    ['post', '/v1/identify'],
    ['post', '/v1/page'],
    ['post', '/v1/batch'],
    ['get', '/api/v1/sources'],
    ['post', '/api/v1/sources'],
    ['get', '/api/v1/events'],
    ['post', '/api/v1/webhooks'],
  ] as const) {
    expect(spec.paths[path]?.[method], `${method} ${path} in the OpenAPI document`).toBeTruthy();
    await docs.locator(`.opblock-${method} [data-path="${path}"]`).first().waitFor();
  }
  const webhookDoc: string =
    spec.paths['/api/v1/webhooks'].post.summary + (spec.paths['/api/v1/webhooks'].post.description ?? '');
  expect(webhookDoc).toContain('Kartoteka-Signature: t=UNIX,v1=HEX');
  expect(webhookDoc).toContain('HMAC-SHA256(secret, "t.body")');
  expect(docsProblems).toEqual([]);
  await docs.close();

  // 7. A webhook created in the UI, pointing at a local receiver.
  const received: { headers: IncomingHttpHeaders; raw: string }[] = [];
  const receiver = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await openSettings(ui, 'webhooks');
  await ui.getByTestId('create-webhook').click();
  await ui.getByTestId('webhook-url').fill(`${receiver}/hooks/kartoteka`);
  await ui.getByTestId('webhook-description').fill('Developer integration');
  for (const type of ['merge.created', 'person.created']) {
    await ui.getByTestId('webhook-events').click();
    await ui.getByTestId('webhook-events').fill(type);
    await ui.getByRole('option', { name: new RegExp(`^${type.replace('.', '\\.')} —`) }).click();
  }
  await ui.getByTestId('webhook-url').click(); // closes the event list's dropdown
  await ui.getByTestId('webhook-save').click();
  await ui.getByTestId('webhook-title').waitFor();
  expect(await ui.getByTestId('webhook-title').innerText()).toBe(`${receiver}/hooks/kartoteka`);
  await ui.getByTestId('toggle-secret').click();
  const secret = (await ui.getByTestId('webhook-secret').innerText()).trim();
  expect(secret).toMatch(/^whsec_/);
  const verifySnippet = await ui.getByText('function verify(secret, header, rawBody)', { exact: false }).innerText();

  // An SDK identify joins the anonymous device to a known user: a merge.
  const segment2 = new SegmentAnalytics({ writeKey, host: host!, maxRetries: 1 });
  segment2.identify({ userId: 'seg-user-1', anonymousId: 'seg-device-2' });
  await segment2.closeAndFlush();
  // A person created through the API.
  const person = await api<{ id: string }>('POST', '/people', {
    firstName: 'Webhook',
    lastName: 'Tester',
    email: 'webhook.tester@example.com',
  });

  await poll(() => received.map((r) => r.headers['kartoteka-event']).sort()).toEqual([
    'merge.created',
    'person.created',
  ]);
  for (const { headers, raw } of received) {
    // Exactly as documented: Kartoteka-Signature: t=UNIX,v1=HEX, HEX = hex(HMAC-SHA256(secret, "<t>.<raw body>")).
    const header = headers['kartoteka-signature'];
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header as string)!;
    expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThanOrEqual(300);
    const expectedSig = createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');
    expect(v1).toBe(expectedSig);
    const tampered = raw.replace('"workspaceId"', '"workspaceID"');
    expect(tampered).not.toBe(raw);
    expect(createHmac('sha256', secret).update(`${t}.${tampered}`).digest('hex')).not.toBe(v1);
    expect(createHmac('sha256', 'whsec_wrong').update(`${t}.${raw}`).digest('hex')).not.toBe(v1);

    // The verification code the settings page shows works as given.
    const verify = new Function(
      'createHmac',
      'timingSafeEqual',
      `${verifySnippet.replace(/^import .*$/m, '')}\nreturn verify;`,
    )(createHmac, timingSafeEqual) as (s: string, h: string, b: string) => boolean;
    expect(verify(secret, header as string, raw)).toBe(true);
    expect(verify(secret, header as string, tampered)).toBe(false);
    expect(verify('whsec_wrong', header as string, raw)).toBe(false);

    const body = JSON.parse(raw);
    expect(body.type).toBe(headers['kartoteka-event']);
    expect(headers['kartoteka-event-id']).toBe(body.id);
  }
  const personHook = JSON.parse(received.find((r) => r.headers['kartoteka-event'] === 'person.created')!.raw);
  expect(personHook.data).toMatchObject({ entityType: 'person', entityId: person.id, action: 'create' });
  const mergeHook = JSON.parse(received.find((r) => r.headers['kartoteka-event'] === 'merge.created')!.raw);
  expect(mergeHook.data).toMatchObject({ entityType: 'merge', action: 'create' });

  // The delivery log in the UI shows both as delivered.
  await poll(() => ui.locator('[data-testid^="delivery-row-"]').count()).toBe(2);

  expect(problems).toEqual([]);
}, 240_000);
