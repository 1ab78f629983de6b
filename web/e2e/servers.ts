/**
 * Processes of the browser tests, without vitest (the global setup runs outside a test file): a
 * `kartoteka` command, a `kartoteka serve` on a data directory, and the headless Debian chromium
 * (CHROMIUM_PATH overrides /usr/bin/chromium) as a browser server that test files connect to.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/kartoteka.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The shared server's environment: what any of the files on it needs (see global-setup.ts). */
export const SHARED_SERVER_ENV: Record<string, string> = {
  KARTOTEKA_REMINDER_SCAN_SECONDS: '1',
  KARTOTEKA_OUTBOUND_ALLOW: '127.0.0.0/8',
  KARTOTEKA_RATE_LIMIT_PER_MINUTE: '0',
};

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
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`kartoteka ${args.join(' ')} exited with ${code}:\n${out}${err}`)),
    );
  });
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:PORT */
  base: string;
  /** What the server printed so far (for failure messages). */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 15 s); with `removeData`, deletes its data directory. */
  stop(): Promise<void>;
}

/** Starts `kartoteka serve` on `dataDir` and waits for /healthz. */
export async function startServer(opts: {
  name: string;
  dataDir: string;
  serverEnv?: Record<string, string>;
  removeData?: boolean;
}): Promise<RunningServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let serverLog = '';
  // `serve` builds web/dist on first start if it is missing.
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data', opts.dataDir, '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...opts.serverEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d) => (serverLog += d));
  child.stderr!.on('data', (d) => (serverLog += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (opts.removeData) rmSync(opts.dataDir, { recursive: true, force: true });
  };
  try {
    // Generous: under load (six engineers on two cores) a start on a copy of the demo took minutes.
    const until = Date.now() + 300_000;
    for (let healthy = false; !healthy; ) {
      if (child.exitCode !== null)
        throw new Error(`${opts.name}: server exited early (${child.exitCode}):\n${serverLog}`);
      if (Date.now() > until) throw new Error(`${opts.name}: server did not become healthy:\n${serverLog}`);
      healthy = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      // Polling /healthz: the server is either up or not yet; nothing else to wait on.
      if (!healthy) await Promise.race([exited, new Promise((r) => setTimeout(r, 250))]);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, log: () => serverLog, stop };
}

/** One headless chromium for the whole run; test files `chromium.connect(wsEndpoint())` to it. */
export function launchBrowserServer() {
  return chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
