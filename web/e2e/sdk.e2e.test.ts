/**
 * The browser SDK in a real browser against a real server, loaded by a page on ANOTHER origin (its
 * own node:http server): page/track/identify arrive through the CORS tracking API, the anonymous
 * page view joins the identified person, ids and the queue survive page loads, a failed send is
 * retried, sendBeacon delivers on pagehide, and with consent required nothing leaves the page (or is
 * stored) before consent(true). Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect, beforeAll, afterAll } from 'vitest';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { runCli, startE2e, type E2eEnv } from './harness.ts';

let env: E2eEnv;
let api = '';
let auth: Record<string, string> = {};
let strictAuth: Record<string, string> = {};
let context: BrowserContext;
const sites: Server[] = [];
/** HTML the site servers serve, by path; filled in by the tests. */
const pages = new Map<string, string>();
const browserProblems: string[] = [];

/** A site on its own origin (another port than the API): serves `pages`. */
async function startSite(): Promise<string> {
  const srv = createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const html = pages.get(path);
    if (!html) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  sites.push(srv);
  return `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
}

async function call(method: string, path: string, body?: unknown, headers = auth) {
  const res = await fetch(api + path, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function events(sourceId: string, headers = auth): Promise<any[]> {
  const r = await call('GET', `/api/v1/events?sourceId=${sourceId}&limit=100`, undefined, headers);
  expect(r.status).toBe(200);
  return r.body.data;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${env.log()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const html = (apiBase: string, script: string) =>
  `<!doctype html><html><head><title>Shop page</title><script src="${apiBase}/sdk.js"></script></head><body><h1>Shop</h1><script>${script}</script></body></html>`;

beforeAll(async () => {
  env = await startE2e({ name: 'sdk', viewport: null });
  // Made through the running server (the command hands the request to the process holding the
  // directory): opening the embedded database in a process of its own, once per key, took ~25 s here.
  const keys = (
    await Promise.all(
      ['sdk-shop', 'sdk-strict'].map((ws) => runCli(['apikey', 'create', '--data', env.dataDir, '--workspace', ws])),
    )
  ).map((k) => k.trim());
  ({ base: api, context } = env);
  auth = { authorization: `Bearer ${keys[0]}` };
  strictAuth = { authorization: `Bearer ${keys[1]}` };
}, 600_000); // SETUP_TIMEOUT (harness.ts)

afterAll(async () => {
  await env?.close();
  for (const s of sites) await new Promise((r) => s.close(r));
}, 60_000);

function watch(page: Page, requests: Request[]) {
  page.on('console', (m) => {
    if (m.type() === 'error' || /CORS|Cross-Origin|Refused/i.test(m.text())) browserProblems.push(m.text());
  });
  page.on('pageerror', (e) => browserProblems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url().startsWith(api) && !r.url().endsWith('/sdk.js')) requests.push(r);
  });
}

test('a page on another origin: page, track, identify arrive; the anonymous page view joins the person', async () => {
  const src = await call('POST', '/api/v1/sources', { name: 'Shop site', kind: 'web' });
  expect(src.status).toBe(201);
  const site = await startSite();
  expect(new URL(site).origin).not.toBe(new URL(api).origin);
  const load = `kartoteka.load(${JSON.stringify(src.body.writeKey)}, { host: ${JSON.stringify(api)}, flushAt: 3, flushInterval: 300 });`;
  pages.set(
    '/a.html',
    html(
      api,
      `${load}
      kartoteka.page('Home', { section: 'landing' });
      kartoteka.track('Button Clicked', { color: 'red' });
      window.anonBefore = kartoteka.anonymousId();
      kartoteka.identify('sdk-user-1', { email: 'sdk.user@example.com', name: 'SDK User' });
      window.anonAfter = kartoteka.anonymousId();`,
    ),
  );
  pages.set('/b.html', html(api, `${load} kartoteka.track('Second Page Viewed');`));
  // Batches only by size or after ten minutes: only the beacon on pagehide can deliver in time.
  pages.set(
    '/slow.html',
    html(
      api,
      `kartoteka.load(${JSON.stringify(src.body.writeKey)}, { host: ${JSON.stringify(api)}, flushAt: 100, flushInterval: 600000 });`,
    ),
  );
  pages.set('/bye.html', '<!doctype html><title>bye</title><p>bye</p>');

  const requests: Request[] = [];
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  browserProblems.length = 0;
  watch(page, requests);
  await page.goto(`${site}/a.html`);
  const { anonBefore, anonAfter } = await page.evaluate(() => ({
    anonBefore: (window as any).anonBefore,
    anonAfter: (window as any).anonAfter,
  }));
  expect(anonBefore).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(anonAfter).toBe(anonBefore);

  const first = await until('page, track, identify', async () => {
    const ev = await events(src.body.id);
    return ev.length >= 3 && ev;
  });
  expect(first.map((e) => e.type).sort()).toEqual(['identify', 'page', 'track']);
  for (const e of first) {
    expect(e.anonymousId).toBe(anonBefore);
    expect(e.messageId).toBeTruthy();
    expect(e.sentAt).toBeTruthy();
    expect(e.context).toMatchObject({
      library: { name: 'kartoteka.js', version: expect.any(String) },
      page: { path: '/a.html', url: `${site}/a.html`, title: 'Shop page', referrer: '' },
      userAgent: expect.stringMatching(/Chrome/),
      locale: expect.any(String),
    });
  }
  const byType = Object.fromEntries(first.map((e) => [e.type, e]));
  expect(byType.page).toMatchObject({
    event: 'Home',
    userId: null,
    properties: { section: 'landing', path: '/a.html', url: `${site}/a.html` },
  });
  expect(byType.track).toMatchObject({ event: 'Button Clicked', userId: null, properties: { color: 'red' } });
  expect(byType.identify).toMatchObject({
    userId: 'sdk-user-1',
    traits: { email: 'sdk.user@example.com', name: 'SDK User' },
  });

  // Sent cross-origin as a simple request: POST text/plain to /v1/batch, write key in the body.
  const posts = requests.filter((r) => r.url() === `${api}/v1/batch`);
  expect(posts.length).toBeGreaterThan(0);
  for (const r of posts) {
    expect(r.method()).toBe('POST');
    expect(r.headers()['content-type']).toMatch(/^text\/plain/);
    expect(r.headers().authorization).toBeUndefined();
    expect(JSON.parse(r.postData()!)).toMatchObject({
      writeKey: src.body.writeKey,
      sentAt: expect.any(String),
      batch: expect.any(Array),
    });
  }
  expect(requests.filter((r) => r.method() === 'OPTIONS')).toEqual([]);

  // One person: found by user id and by anonymous id; the anonymous page view is on its timeline.
  const person = await call('GET', '/api/v1/people/lookup?kind=user_id&value=sdk-user-1');
  expect(person.status).toBe(200);
  expect(person.body.identities).toEqual(
    expect.arrayContaining([
      { kind: 'user_id', value: 'sdk-user-1' },
      { kind: 'anonymous_id', value: anonBefore },
    ]),
  );
  expect((await call('GET', `/api/v1/people/lookup?kind=anonymous_id&value=${anonBefore}`)).body.id).toBe(
    person.body.id,
  );
  const timeline = await call('GET', `/api/v1/people/${person.body.id}/timeline`);
  expect(timeline.body.data.map((e: any) => [e.type, e.event])).toEqual(
    expect.arrayContaining([
      ['page', 'Home'],
      ['track', 'Button Clicked'],
      ['identify', null],
    ]),
  );

  // First-party cookie: one year, SameSite=Lax, on the site's origin; localStorage copy.
  const cookies = await context.cookies(site);
  const aid = cookies.find((c) => c.name === 'kt_aid');
  expect(aid).toMatchObject({ value: anonBefore, sameSite: 'Lax', httpOnly: false });
  expect(aid!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 86_400_000);
  expect(cookies.find((c) => c.name === 'kt_uid')?.value).toBe('sdk-user-1');
  expect(await page.evaluate(() => localStorage.getItem('kt_aid'))).toBe(anonBefore);

  // The next page load keeps both ids.
  await page.goto(`${site}/b.html`);
  const second = await until('second page event', async () =>
    (await events(src.body.id)).find((e) => e.event === 'Second Page Viewed'),
  );
  expect(second).toMatchObject({ anonymousId: anonBefore, userId: 'sdk-user-1', personId: person.body.id });

  // A network failure is retried with backoff; meanwhile the message waits in localStorage.
  await page.route(`${api}/v1/batch`, (route) => route.abort('connectionrefused'));
  await page.evaluate(() => (window as any).kartoteka.track('Offline Click'));
  await until('a failed attempt', async () =>
    requests.some((r) => r.failure() && (r.postData() ?? '').includes('Offline Click')),
  );
  expect(await page.evaluate(() => localStorage.getItem('kt_queue'))).toContain('Offline Click');
  expect((await events(src.body.id)).some((e) => e.event === 'Offline Click')).toBe(false);
  await page.unroute(`${api}/v1/batch`);
  await until('the retried message', async () => (await events(src.body.id)).find((e) => e.event === 'Offline Click'));
  await until('the queue emptied', async () => (await page.evaluate(() => localStorage.getItem('kt_queue'))) === null);

  // Leaving the page: whatever is queued goes out by sendBeacon (the timer would be far too late).
  await page.goto(`${site}/slow.html`);
  await page.evaluate(() => (window as any).kartoteka.track('Leaving Soon'));
  expect(await page.evaluate(() => localStorage.getItem('kt_queue'))).toContain('Leaving Soon');
  await page.goto(`${site}/bye.html`);
  await until('the beaconed message', async () =>
    (await events(src.body.id)).find((e) => e.event === 'Leaving Soon' && e.userId === 'sdk-user-1'),
  );
  expect(await page.evaluate(() => localStorage.getItem('kt_queue'))).toBeNull();

  // The aborted attempts above are the only expected console errors.
  expect(browserProblems.filter((p) => !/ERR_CONNECTION_REFUSED/.test(p))).toEqual([]);
  await page.close();
});

async function consentScenario(
  writeKey: string,
  sourceId: string,
  headers: Record<string, string>,
  loadOpts: Record<string, unknown>,
) {
  browserProblems.length = 0;
  await context.clearCookies();
  const site = await startSite();
  pages.set(
    '/consent.html',
    html(
      api,
      `kartoteka.load(${JSON.stringify(writeKey)}, ${JSON.stringify({ host: api, flushAt: 1, flushInterval: 100, ...loadOpts })});
      kartoteka.page('Consent Page'); kartoteka.track('Pre Consent');`,
    ),
  );
  const requests: Request[] = [];
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  watch(page, requests);
  // No pause of a fixed length: once the SDK knows that consent is required (load()'s option, or
  // the workspace's answer to its settings request), whatever it would send is queued — a flush
  // then sends it at once. So: wait for that answer, flush, and nothing may have left.
  const settings = loadOpts.requireConsent ? null : page.waitForResponse((r) => r.url().includes('/settings'));
  await page.goto(`${site}/consent.html`);
  if (settings) await (await settings).finished();
  await page.waitForFunction(() => (window as any).kartoteka?.anonymousId !== undefined);
  await page.evaluate(() => (window as any).kartoteka.flush());

  // Nothing sent, nothing stored.
  expect(requests.filter((r) => r.url().includes('/v1/batch'))).toEqual([]);
  expect(await events(sourceId, headers)).toEqual([]);
  expect((await context.cookies(site)).map((c) => c.name)).toEqual([]);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kt_')))).toEqual([]);

  await page.evaluate(() => (window as any).kartoteka.consent(true));
  const got = await until('events after consent', async () => {
    const ev = await events(sourceId, headers);
    return ev.length >= 2 && ev;
  });
  expect(got.map((e) => e.event).sort()).toEqual(['Consent Page', 'Pre Consent']);
  const anon = await page.evaluate(() => (window as any).kartoteka.anonymousId());
  for (const e of got) expect(e.anonymousId).toBe(anon);
  const cookies = Object.fromEntries((await context.cookies(site)).map((c) => [c.name, c.value]));
  expect(cookies).toMatchObject({ kt_aid: anon, kt_consent: '1' });

  // Withdrawn: the queue is dropped, the ids forgotten, nothing more is sent.
  await page.evaluate(() => {
    const k = (window as any).kartoteka;
    k.consent(false);
    k.track('After Refusal');
    k.flush(); // what a refusal left queued would go now
  });
  expect((await events(sourceId, headers)).map((e) => e.event)).not.toContain('After Refusal');
  const after = Object.fromEntries((await context.cookies(site)).map((c) => [c.name, c.value]));
  expect(after.kt_aid).toBeUndefined();
  expect(after.kt_consent).toBe('0');
  expect(await page.evaluate(() => localStorage.getItem('kt_queue'))).toBeNull();
  expect(browserProblems).toEqual([]);
  await page.close();
}

test('requireConsent: nothing is sent or stored until consent(true); consent(false) stops it', async () => {
  const src = await call('POST', '/api/v1/sources', { name: 'EU site', kind: 'web' });
  expect(src.status).toBe(201);
  await consentScenario(src.body.writeKey, src.body.id, auth, { requireConsent: true });
});

test('a workspace that requires consent: the same without requireConsent in load()', async () => {
  expect((await call('PATCH', '/api/v1/workspace', { settings: { requireConsent: true } }, strictAuth)).status).toBe(
    200,
  );
  const src = await call('POST', '/api/v1/sources', { name: 'Strict site', kind: 'web' }, strictAuth);
  expect(src.status).toBe(201);
  await consentScenario(src.body.writeKey, src.body.id, strictAuth, {});
});
