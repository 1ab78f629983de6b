import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { ConfigOverrides } from '../src/core/config.ts';
import type { Database } from '../src/core/db/database.ts';
import { buildApp, createKernel, loadConfig, openDatabase, type AppKernel as Kernel } from '../src/app/index.ts';
import { systemActor } from '../src/core/auth/actor.ts';
import type { Role } from '../src/core/auth/roles.ts';

/** Which database this run uses: the suite runs once with each (scripts/test.mjs). */
export const TEST_DB = (process.env.KARTOTEKA_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

/** A fresh, empty, migrated database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function freshDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (TEST_DB !== 'postgres') {
    const database = await openDatabase({ dataDir: 'memory' });
    return { database, drop: () => database.close() };
  }
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kt_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 5 });
  return {
    database,
    url,
    async drop() {
      await database.close();
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c2.end();
    },
  };
}

export interface TestEnv {
  kernel: Kernel;
  app: FastifyInstance;
  /** A workspace with an API key of the given role; returns the bearer header. */
  workspace(slug: string, role?: Role): Promise<{ id: string; key: string; auth: { authorization: string } }>;
  close(): Promise<void>;
}

export interface TestEnvOptions {
  /** Runs after the kernel is wired and before it starts: define test jobs here. */
  beforeStart?: (kernel: Kernel) => void | Promise<void>;
}

export async function startTestEnv(overrides: ConfigOverrides = {}, options: TestEnvOptions = {}): Promise<TestEnv> {
  const fresh = await freshDatabase();
  // A generous fuzzy-search budget: tests check what typo search finds, not how fast on a loaded machine.
  const config = loadConfig({ logLevel: 'silent', jobPollSeconds: 0.5, webhookRetryDelaySeconds: 1, rateLimitPerMinute: 0, searchFuzzyBudgetMs: 10_000, ...overrides }, {});
  const kernel = await createKernel(config, { database: fresh.database });
  await options.beforeStart?.(kernel);
  await kernel.start();
  const app = await buildApp(kernel, { serveWeb: false, logger: false });
  await app.ready();
  return {
    kernel,
    app,
    async workspace(slug, role = 'admin') {
      const ws = await kernel.auth.ensureWorkspace(slug);
      const created = await kernel.auth.createApiKey(systemActor(ws.id, 'test'), { name: `${role} key`, role });
      return { id: ws.id, key: created.key, auth: { authorization: `Bearer ${created.key}` } };
    },
    async close() {
      await app.close();
      await kernel.jobs.stop();
      await fresh.drop();
    },
  };
}

/** Polls until `fn` returns a truthy value (for background jobs); fails after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, stepMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
