/**
 * What every browser test needs: a real `kartoteka serve` on a throwaway data directory and a
 * headless Debian chromium (CHROMIUM_PATH overrides /usr/bin/chromium) with a fresh profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/kartoteka.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ADMIN = { email: 'admin@kartoteka.local', password: 'kartoteka-demo' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a `kartoteka` command to completion and returns its stdout. */
export function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`kartoteka ${args.join(' ')} exited with ${code}:\n${out}${err}`))));
  });
}

export interface E2eEnv {
  /** The server's base URL, e.g. http://127.0.0.1:PORT */
  base: string;
  dataDir: string;
  context: BrowserContext;
  /** What the server printed so far (for failure messages). */
  log(): string;
  close(): Promise<void>;
}

/**
 * Prepares a data directory (`prepare` runs CLI commands on it before the server holds it),
 * starts the server, waits for /healthz and launches chromium.
 */
export async function startE2e(opts: {
  name: string;
  prepare?: (dataDir: string) => Promise<void>;
  viewport?: { width: number; height: number } | null;
  /** Extra environment for the server, e.g. KARTOTEKA_OUTBOUND_ALLOW for a test that delivers to a local receiver. */
  serverEnv?: Record<string, string>;
}): Promise<E2eEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), `kartoteka-e2e-${opts.name}-data-`));
  const profileDir = mkdtempSync(join(tmpdir(), `kartoteka-e2e-${opts.name}-chromium-`));
  let server: ChildProcess | null = null;
  let context: BrowserContext | null = null;
  let serverLog = '';

  const close = async () => {
    await context?.close().catch(() => {});
    const child = server;
    server = null;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    for (const dir of [dataDir, profileDir]) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await opts.prepare?.(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // `serve` builds web/dist on first start if it is missing.
    const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...opts.serverEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    child.stdout!.on('data', (d) => (serverLog += d));
    child.stderr!.on('data', (d) => (serverLog += d));
    const until = Date.now() + 120_000;
    for (let healthy = false; !healthy; ) {
      if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${serverLog}`);
      if (Date.now() > until) throw new Error(`server did not become healthy:\n${serverLog}`);
      healthy = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 250));
    }
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      ...(opts.viewport === null ? {} : { viewport: opts.viewport ?? { width: 1280, height: 860 } }),
    });
    return { base, dataDir, context, log: () => serverLog, close };
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

/** The demo data and an admin API key for its default workspace (a `prepare` of startE2e); returns the key. */
export async function demoWithApiKey(dataDir: string, keyName: string): Promise<string> {
  await runCli(['demo', '--data', dataDir]);
  return (await runCli(['apikey', 'create', '--data', dataDir, '--workspace', 'default', '--name', keyName])).trim();
}

/**
 * A browser-test file's usual setup: before its tests, a server on fresh demo data with an admin
 * API key named after the file (`ready` gets the base URL, the browser context and the key); after
 * them, everything closed.
 */
export function demoSuite(name: string, ready: (s: { base: string; context: BrowserContext; apiKey: string }) => void) {
  let env: E2eEnv | undefined;
  beforeAll(async () => {
    let apiKey = '';
    env = await startE2e({ name, prepare: async (dir) => void (apiKey = await demoWithApiKey(dir, `e2e ${name}`)) });
    ready({ base: env.base, context: env.context, apiKey });
  }, 240_000);
  afterAll(async () => env?.close(), 60_000);
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
    if (attempt === 2) throw new Error(`the settings link ${key} (${href}) did not open its page; the address is ${page.url()}`);
  }
}
