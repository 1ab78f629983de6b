/**
 * Once per browser-test run (vitest `globalSetup`): the demo data is seeded ONCE into a template
 * data directory, one `kartoteka serve` runs on a copy of it (the shared server), and one headless
 * chromium runs as a browser server. Each test file then opens its own browser context (fresh
 * cookies and storage) on the shared browser, and either uses the shared server (`demoSuite`,
 * `sharedE2e`) or starts its own on a copy of the template (`startE2e({ demo: true })`) or on an
 * empty directory — seeding the demo once instead of once per file is most of the time saved.
 *
 * The shared server's settings are the union of what its files need: reminder scans every second
 * (notifications), loopback opened for webhooks (scenario-developer's receiver), and no rate limit
 * (a dozen files log in as the same admin from one address within a minute; the limits themselves
 * are guarded by unit tests).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer, runCli, SHARED_SERVER_ENV, startServer } from './servers.ts';

export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'kartoteka-e2e-run-'));
  // KARTOTEKA_E2E_DEMO_DIR: a data directory already seeded by `kartoteka demo` (left as it is,
  // only copied) — for running a file or two again without seeding the demo each time.
  const given = process.env.KARTOTEKA_E2E_DEMO_DIR;
  const templateDir = given || join(root, 'demo-template');
  // Servers of their own on an empty directory start from a migrated copy: creating and migrating
  // the embedded database took ~15 s of each such file; here it runs beside the demo's seeding.
  const emptyTemplateDir = join(root, 'empty-template');
  const sharedDir = join(root, 'shared-data');
  let stopServer: (() => Promise<void>) | null = null;
  let browser: Awaited<ReturnType<typeof launchBrowserServer>> | null = null;
  const teardown = async () => {
    await stopServer?.();
    await browser?.close().catch(() => {});
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    // The browser starts while the demo is seeded.
    const [b] = await Promise.all([
      launchBrowserServer(),
      given ? null : runCli(['demo', '--data', templateDir]),
      runCli(['migrate', '--data', emptyTemplateDir]),
    ]);
    browser = b;
    const seeded = Date.now();
    cpSync(templateDir, sharedDir, { recursive: true });
    const server = await startServer({ name: 'shared', dataDir: sharedDir, serverEnv: SHARED_SERVER_ENV });
    stopServer = server.stop;
    process.stdout.write(
      `e2e: demo seeded once in ${((seeded - started) / 1000).toFixed(0)} s; shared server up in ${((Date.now() - seeded) / 1000).toFixed(0)} s\n`,
    );
    project.provide('e2e', { base: server.base, wsEndpoint: browser.wsEndpoint(), templateDir, emptyTemplateDir });
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { base: string; wsEndpoint: string; templateDir: string; emptyTemplateDir: string };
  }
}
