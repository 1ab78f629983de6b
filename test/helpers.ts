import pg from 'pg';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect, inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ConfigOverrides } from '../src/core/config.ts';
import type { Database } from '../src/core/db/database.ts';
import {
  buildApp,
  createKernel,
  loadConfig,
  modules,
  openDatabase,
  type AppKernel as Kernel,
} from '../src/app/index.ts';
import { systemActor } from '../src/core/auth/actor.ts';
import type { Role } from '../src/core/auth/roles.ts';

/** Which database this run uses: the suite runs once with each (scripts/test.mjs). */
export const TEST_DB = (process.env.KARTOTEKA_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

/** A fresh, empty, migrated database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function freshDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (TEST_DB !== 'postgres') {
    // The migrated copy made once for the run (test/global-setup.ts); migrations still run and find nothing to do.
    const dump = inject('pgliteDump');
    const database = await openDatabase({
      dataDir: 'memory',
      ...(dump ? { pgliteLoadDataDir: new Blob([readFileSync(dump)]) } : {}),
    });
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
  const config = loadConfig(
    {
      logLevel: 'silent',
      jobPollSeconds: 0.5,
      webhookRetryDelaySeconds: 1,
      rateLimitPerMinute: 0,
      searchFuzzyBudgetMs: 10_000,
      // Channels' secrets and signed links: a key per test server, no key file in the data directory.
      secretKey: randomBytes(32).toString('hex'),
      ...overrides,
    },
    {},
  );
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
export async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  stepMs = 100,
): Promise<T> {
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

/** Headers the web app sends with a session cookie: the CSRF header and our own origin (src/core/http/csrf.ts). */
export const BROWSER = { 'x-kartoteka-request': '1', origin: 'http://localhost' } as const;

export type Headers = Record<string, string>;

export interface ApiResult {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The raw response body. */
  text: string;
  /** The parsed body of a JSON response; null otherwise (204, CSV, HTML). */
  // biome-lint: `any` is allowed under test/ — tests read response fields without restating each shape.
  body: any;
}

export interface ApiOptions {
  /** Prepended to every url, for example '/api/v1'; default none. */
  prefix?: string;
  /** The headers of a call that names none, read at each call: a key's `auth` or a session's `{ cookie }`. */
  auth?: () => Headers;
}

/**
 * The one HTTP test client, through app.inject (no socket). `api` returns the status and the parsed body;
 * `ok` expects a 2xx (the body in the failure message) and returns the body. A call whose headers carry no
 * `authorization` is sent as the web app sends it, with the BROWSER headers.
 *
 *   const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
 *   const person = await ok('POST', '/people', { firstName: 'Анна' });
 *   expect((await api('GET', `/people/${other}`)).status).toBe(404);
 */
export function apiClient(app: () => FastifyInstance, options: ApiOptions = {}) {
  const api = async (method: string, url: string, payload?: unknown, headers?: Headers): Promise<ApiResult> => {
    const h = headers ?? options.auth?.() ?? {};
    const r = await app().inject({
      method: method as InjectOptions['method'],
      url: `${options.prefix ?? ''}${url}`,
      headers: h.authorization ? h : { ...BROWSER, ...h },
      ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}),
    });
    const json = String(r.headers['content-type'] ?? '').includes('json') && r.body !== '';
    return { status: r.statusCode, headers: r.headers, text: r.body, body: json ? r.json() : null };
  };
  const ok = async (method: string, url: string, payload?: unknown, headers?: Headers) => {
    const r = await api(method, url, payload, headers);
    expect(r.status, `${method} ${url}: ${r.text}`).toBeLessThan(300);
    return r.body;
  };
  return { api, ok };
}

/**
 * Every path prefix with an `:id` → which seeded record fills it: core's routes here, each module's
 * from its definition (`isolation.paramResource` in src/<module>/index.ts). The isolation suite and
 * the security suite both read this one list.
 */
export const PARAM_RESOURCE: Readonly<Record<string, string>> = {
  '/api/v1/users/:id': 'user',
  '/api/v1/invitations/:id': 'invitation',
  '/api/v1/workspace/invitations/:id': 'invitation',
  '/api/v1/api-keys/:id': 'apiKey',
  '/api/v1/webhooks/:id': 'webhook',
  '/api/v1/webhook-deliveries/:id': 'delivery',
  '/api/v1/jobs/:id': 'job',
  '/api/v1/notifications/:id': 'notification',
  ...Object.assign({}, ...modules.map((m) => m.isolation?.paramResource ?? {})),
};

/** The record that fills a route's path parameter: the longest prefix in `map` the route starts with. */
export function resourceFor(url: string, map: Readonly<Record<string, string>> = PARAM_RESOURCE): string | undefined {
  const key = Object.keys(map)
    .filter((p) => url === p || url.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? map[key] : undefined;
}
