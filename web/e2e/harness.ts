/**
 * What every browser test needs. The global setup (global-setup.ts) seeds the demo once, runs one
 * shared `kartoteka serve` on it and one headless chromium; a file gets a fresh browser context on
 * that chromium and either the shared server (`demoSuite`, `sharedE2e`: the usual case — make your
 * own records, named with a per-run tag, and leave what others read as you found it) or a server of
 * its own (`startE2e`: on a copy of the demo with `demo: true`, or on an empty data directory that
 * `prepare` fills with CLI commands) when it needs a pristine workspace or another configuration.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startServer, type RunningServer } from './servers.ts';

export { ROOT, runCli } from './servers.ts';
export const ADMIN = { email: 'admin@kartoteka.local', password: 'kartoteka-demo' };

export interface E2eEnv {
  /** The server's base URL, e.g. http://127.0.0.1:PORT */
  base: string;
  /** The server's data directory ('' for the shared server). */
  dataDir: string;
  /** This file's own browser context (fresh cookies and storage) on the run's chromium. */
  context: BrowserContext;
  /** An admin API key of the default workspace, when asked for. */
  apiKey: string;
  /** What the server printed so far (for failure messages; the shared server's goes to the run's output). */
  log(): string;
  close(): Promise<void>;
}

/** A page load (goto, reload, waitForURL): it waits for the server only. */
export const NAVIGATION_TIMEOUT = 120_000;
/** A file's beforeAll: a server of its own on a copy of the demo, or the shared one and a login. */
export const SETUP_TIMEOUT = 600_000;

type Viewport = { width: number; height: number } | null | undefined;

/** A fresh context on the run's chromium (the connection is closed with the context). */
export async function newContext(viewport: Viewport): Promise<{ context: BrowserContext; browser: Browser }> {
  const browser = await chromium.connect(inject('e2e').wsEndpoint);
  try {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: viewport === null ? null : (viewport ?? { width: 1280, height: 860 }),
    });
    // A page load waits for the server only: files set 30 s for actions (page.setDefaultTimeout),
    // which loads exceeded on the loaded box; a page's own navigation timeout takes precedence.
    context.on('page', (page) => page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT));
    return { context, browser };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

/** An admin API key of the default workspace, made through the API as the demo admin. */
export async function createApiKey(base: string, name: string): Promise<string> {
  const headers = { 'content-type': 'application/json', 'x-kartoteka-request': '1', origin: base };
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify(ADMIN) });
  if (!login.ok) throw new Error(`login as ${ADMIN.email}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/v1/api-keys`, {
    method: 'POST',
    headers: { ...headers, cookie },
    body: JSON.stringify({ name, role: 'admin' }),
  });
  if (res.status !== 201) throw new Error(`POST /api-keys: ${res.status} ${await res.text()}`);
  const { key } = (await res.json()) as { key: string };
  await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { ...headers, cookie }, body: '{}' }).catch(
    () => {},
  );
  return key;
}

/**
 * The shared server with the demo data: a fresh browser context and (with `apiKey`) an admin API
 * key named after the file. Other files use the same workspace: tag what you create, and put back
 * what you change that others read (a workspace setting, say).
 */
export async function sharedE2e(opts: { name: string; viewport?: Viewport; apiKey?: boolean }): Promise<E2eEnv> {
  const { base } = inject('e2e');
  const apiKey = opts.apiKey ? await createApiKey(base, `e2e ${opts.name}`) : '';
  const { context, browser } = await newContext(opts.viewport);
  return {
    base,
    dataDir: '',
    context,
    apiKey,
    log: () => '(the shared server: its output is in the run’s output)',
    close: async () => {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
    },
  };
}

/**
 * A server of this file's own: on a copy of the run's demo data (`demo: true`) or of an empty, migrated data
 * directory, which `prepare` may fill with CLI commands before the server holds it; with `apiKey`
 * (and `demo`), an admin API key of the default workspace. Then waits for /healthz and opens a
 * fresh browser context.
 */
export async function startE2e(opts: {
  name: string;
  /** Start from a copy of the demo data seeded once for the run. */
  demo?: boolean;
  apiKey?: boolean;
  prepare?: (dataDir: string) => Promise<void>;
  viewport?: Viewport;
  /** Extra environment for the server, e.g. KARTOTEKA_OUTBOUND_ALLOW for a test that delivers to a local receiver. */
  serverEnv?: Record<string, string>;
}): Promise<E2eEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), `kartoteka-e2e-${opts.name}-data-`));
  let server: RunningServer | null = null;
  let browser: { context: BrowserContext; browser: Browser } | null = null;
  const close = async () => {
    await browser?.context.close().catch(() => {});
    await browser?.browser.close().catch(() => {});
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    cpSync(inject('e2e')[opts.demo ? 'templateDir' : 'emptyTemplateDir'], dataDir, { recursive: true });
    await opts.prepare?.(dataDir);
    server = await startServer({ name: opts.name, dataDir, serverEnv: opts.serverEnv });
    const apiKey = opts.apiKey ? await createApiKey(server.base, `e2e ${opts.name}`) : '';
    browser = await newContext(opts.viewport);
    return { base: server.base, dataDir, context: browser.context, apiKey, log: server.log, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Collects CSP refusals and uncaught page errors into `problems` (tests expect it empty at the end). */
export function watchPage(page: import('playwright-core').Page, problems: string[]) {
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

/** Logs in as the demo admin and switches the UI to English. */
export async function loginAsAdmin(page: import('playwright-core').Page, base: string) {
  await page.goto(base + '/');
  await page.getByTestId('login-email').fill(ADMIN.email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('welcome-card').waitFor();
  await page.getByTestId('lang-en').click();
}

/**
 * A browser-test file's usual setup: before its tests, a fresh browser context on the shared server
 * with the demo data and an admin API key named after the file (`ready` gets the base URL, the
 * context and the key); after them, the context closed. `own` starts a server of the file's own on
 * a copy of the demo instead (a pristine workspace, or `serverEnv` for another configuration).
 */
export function demoSuite(
  name: string,
  ready: (s: { base: string; context: BrowserContext; apiKey: string }) => void,
  opts: { own?: boolean; serverEnv?: Record<string, string> } = {},
) {
  let env: E2eEnv | undefined;
  beforeAll(async () => {
    env = opts.own
      ? await startE2e({ name, demo: true, apiKey: true, serverEnv: opts.serverEnv })
      : await sharedE2e({ name, apiKey: true });
    ready({ base: env.base, context: env.context, apiKey: env.apiKey });
  }, SETUP_TIMEOUT);
  afterAll(async () => env?.close(), 60_000);
}

/** A download's content as text (the browser runs as a server: `download.path()` is not available). */
export async function downloadText(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Calls the REST API with a bearer key; an answer other than 2xx fails the test, showing the answer. */
export function apiClient(base: () => string, key: () => string) {
  return async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base()}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.ok, `${method} ${path} → ${res.status} ${text}`).toBe(true);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** expect.poll with room for a loaded machine (its default gives up after one second). */
export const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

/** A GET as the signed-in user of `page` (session cookie), for what an API key does not see (e.g. private saved views). */
export const asUser = <T = any>(page: Page, path: string): Promise<T> =>
  page.evaluate(async (p) => {
    const res = await fetch(`/api/v1${p}`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`GET ${p} → ${res.status} ${await res.text()}`);
    return res.json();
  }, path);

/** A drag as a person does it (dnd-kit listens to pointer events): press, a few small moves to start the drag, glide, release. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 4 });
  await page.mouse.move(from.x + 12, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 25 });
  await page.mouse.move(to.x + 2, to.y + 2, { steps: 3 });
  await page.mouse.up();
}

/**
 * Closes the toasts on screen, as a user does once they have read them. Toasts stand at the bottom
 * right over the page (and over a menu or a dialog's buttons there), and Mantine holds a toast open
 * while the pointer is over it — which a click retried at a covered button keeps doing.
 */
export async function closeToasts(page: Page) {
  const selector = '.mantine-Notifications-root .mantine-Notification-closeButton';
  const close = page.locator(selector);
  for (let n = await close.count(), attempt = 0; n > 0 && attempt < 10; n = await close.count(), attempt++) {
    await close
      .first()
      .click({ timeout: 10_000 })
      .catch(() => {}); // it may have closed itself meanwhile
    // Gone once its exit transition ends.
    await page
      .waitForFunction(([sel, before]) => document.querySelectorAll(sel).length < before, [selector, n] as const, {
        timeout: 10_000,
      })
      .catch(() => {});
  }
  expect(await close.count(), 'toasts left on screen').toBe(0);
}

/** Settings → one of its pages through the side menu (the Settings group stays open once opened). */
export async function openSettings(page: Page, key: string) {
  const link = page.getByTestId(`nav-settings-${key}`);
  const href = (await link.getAttribute('href')) ?? '';
  // A click that lands while the group's collapse is still opening can miss the link (seen once in
  // CI after a full page load): try again until the address is the page's own.
  for (let attempt = 0; ; attempt++) {
    if (!(await link.isVisible())) await page.getByTestId('nav-settings').click();
    await link.click();
    const arrived = await page
      .waitForURL((url) => url.pathname === href, { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (arrived) return;
    if (attempt === 2)
      throw new Error(`the settings link ${key} (${href}) did not open its page; the address is ${page.url()}`);
  }
}
