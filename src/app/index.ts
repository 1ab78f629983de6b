/**
 * The composition root: core built with the domain modules of ./modules.ts. The CLI, the tests,
 * the benches and anything else that runs the whole platform start here, never from src/core
 * directly (core knows no module).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import {
  loadConfig as loadCoreConfig,
  describeConfig as describeCoreConfig,
  type ConfigOverrides,
} from '../core/config.ts';
import { createKernel as createCoreKernel, migrationFolders } from '../core/kernel.ts';
import { openDatabase as openCoreDatabase, type Database, type DatabaseOptions } from '../core/db/database.ts';
import { buildApp as buildCoreApp, type AppOptions } from '../core/http/app.ts';
import type { KernelOf } from '../core/module.ts';
import { modules } from './modules.ts';

export { modules };

/** The kernel with every module's services (`kernel.cdp`, `kernel.crm`, …) and settings. */
export type AppKernel = KernelOf<typeof modules>;
/** Every setting: core's and each module's. */
export type AppConfig = AppKernel['config'];

const moduleSettings = modules.flatMap((m) => (m.settings ? [m.settings] : []));

/** Settings from flags, then the environment, then defaults: core's and every module's. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadCoreConfig(overrides, env, moduleSettings) as AppConfig;
}

/** What `kartoteka config` prints: core's settings, then each module's. */
export function describeConfig() {
  return describeCoreConfig(moduleSettings);
}

/** Opens (and migrates, unless `migrate: false`) a database with every module's migrations. */
export function openDatabase(opts: Omit<DatabaseOptions, 'migrations'>): Promise<Database> {
  return openCoreDatabase({ ...opts, migrations: migrationFolders(modules) });
}

/** Core's services, then each module's, on the given (or the configured) database. */
export async function createKernel(
  config: AppConfig,
  opts: { database?: Database; log?: Logger } = {},
): Promise<AppKernel> {
  return (await createCoreKernel(config, { ...opts, modules })) as AppKernel;
}

/** The HTTP app: core's routes, then each module's. */
export function buildApp(kernel: AppKernel, opts: AppOptions = {}): Promise<FastifyInstance> {
  return buildCoreApp(kernel, opts);
}
