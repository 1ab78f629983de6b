import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config, SettingsSpec } from './config.ts';
import type { Database } from './db/database.ts';
import type { Db } from './db/schema.ts';
import type { Audit } from './audit/audit.ts';
import type { Auth } from './auth/auth.ts';
import type { Jobs } from './jobs/jobs.ts';
import type { Webhooks } from './webhooks/webhooks.ts';
import type { Outbound } from './net/outbound.ts';
import type { Notifications } from './notifications/notifications.ts';
import type { Permission, Role } from './auth/roles.ts';

/**
 * The platform's services, wired once per process. Domain modules get this and add their own
 * services to it (`create` in their definition, below): the composition root's
 * kernel type is `Kernel & ServicesOf<modules>` (src/app). They never reach into another
 * module's tables.
 */
export interface Kernel {
  config: Config;
  log: Logger;
  database: Database;
  db: Db;
  audit: Audit;
  auth: Auth;
  jobs: Jobs;
  webhooks: Webhooks;
  /** The outbound requests policy for every user-configured URL or host (src/core/net/outbound.ts): check it when configured, connect through it. */
  outbound: Outbound;
  /** Per-user in-app notifications (the bell); modules create them in their own transactions. */
  notifications: Notifications;
  /** The modules this kernel was built from, in dependency order (src/app/modules.ts). */
  modules: readonly AnyModule[];
  /** Starts job queues (and workers when this process has the worker role). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a domain module (src/<module>/index.ts) exports: one definition. The composition root
 * (src/app/modules.ts) lists the definitions in dependency order; the kernel, the HTTP app, the
 * migrator, the settings (`kartoteka config`) and `kartoteka demo` are built from that list, so
 * core never imports a module. See src/README.md for a skeleton.
 *
 * `S` is what `create` adds to the kernel (e.g. `{ crm: Crm }`); `K` is the kernel the module
 * expects, i.e. core's plus the services of the modules it depends on (listed before it).
 */
export interface ModuleDefinition<S extends object = object, K extends Kernel = Kernel> {
  /** Lower-case, unique; the folder's name. */
  name: string;
  /** Names of the modules whose services `create` uses; they must come earlier in the list. */
  dependsOn?: readonly string[];
  /**
   * Its migrations folder (`new URL('./migrations/', import.meta.url)`): every `.ts` file there is
   * a Kysely migration named after the file. All modules' migrations form one history ordered by
   * name (which starts with the date), so a file's name must never change once released.
   */
  migrations?: URL;
  /** Its settings: environment variable, schema, default, description (`kartoteka config`). */
  settings?: SettingsSpec;
  /** Builds its services from the kernel (core plus earlier modules); the result is merged into the kernel. */
  create(kernel: K): S | Promise<S>;
  /** Routes under /api/v1 (each declares a permission or `public`). */
  routes?: (api: FastifyInstance, kernel: K & S) => Promise<void>;
  /** Routes outside /api/v1 (e.g. the tracking API /v1/*, the browser SDK). */
  rootRoutes?: (app: FastifyInstance, kernel: K & S) => Promise<void>;
  /**
   * Background work beyond what its services define in `create` (`kernel.jobs.define/every`):
   * called after every module is created, before the job queues start.
   */
  jobs?: (kernel: K & S) => void | Promise<void>;
  /**
   * Before the kernel closes (job queues, then the database), in reverse module order: let work
   * in flight outside jobs end, e.g. followers mid-transaction. What is left must be safe to lose.
   */
  stop?: (kernel: K & S) => Promise<void>;
  /** The permissions its routes use (src/core/auth/roles.ts holds the matrix); a route declaring another fails at boot. */
  permissions?: readonly Permission[];
  /** Record types it announces to webhook subscribers (`<entity>.created|updated|deleted`). */
  webhookEntities?: readonly (readonly [entity: string, label: string])[];
  /** Webhook event types beyond the entity ones: type → description. */
  webhookEventTypes?: Readonly<Record<string, string>>;
  /**
   * GDPR export and erase of a person's data it holds: called once every module is created, so
   * it can register with the privacy service (the CDP's `kernel.privacy.registerModule`).
   */
  privacy?: (kernel: K & S) => void;
  /** Its part of `kartoteka demo` (src/cli/demo.ts). */
  demo?: {
    /** Demo logins it needs (created with the others, before any seeder runs). */
    users?: readonly DemoUser[];
    /** Fills a workspace with demo data; idempotent (a second `kartoteka demo` adds nothing twice). */
    seed?: DemoSeeder<K & S>;
    /** Modules whose demo data this seeder reads: their seeders run first (default: list order). */
    after?: readonly string[];
    /**
     * Runs once every module's `seed` ran (the `finish` steps in the seeds' order): for data that joins what later
     * modules seeded, such as the CRM's consents of the loyalty members the CDP's events created.
     */
    finish?: DemoSeeder<K & S>;
  };
  /** The isolation test's knowledge of its routes (test/isolation.test.ts): `:id` route → resource name. */
  isolation?: { paramResource: Readonly<Record<string, string>> };
}

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  locale: 'ru' | 'en';
}

export type DemoSeeder<K extends Kernel = Kernel> = (
  kernel: K,
  ctx: {
    workspaceId: string;
    log: (line: string) => void /** The demo's "now" (ms): every seeder dates its data from this one moment. */;
    now: number;
  },
) => Promise<void>;

/** Any module definition, as the kernel and app take them (each one's types are checked where it is defined). */
// biome-ignore lint/suspicious/noExplicitAny: an existential: each module's own kernel type is checked where it is defined, and the kernel passes itself to every one.
export type AnyModule = ModuleDefinition<any, any>;

/** Declares a module; only gives the definition its type. */
export function defineModule<S extends object, K extends Kernel = Kernel>(
  def: ModuleDefinition<S, K>,
): ModuleDefinition<S, K> {
  return def;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The services a list of modules adds to the kernel: `ServicesOf<typeof modules>` → `{ cdp: Cdp; … } & { crm: Crm }`. */
export type ServicesOf<M extends readonly AnyModule[]> = UnionToIntersection<
  { [I in keyof M]: M[I] extends ModuleDefinition<infer S, infer _K> ? S : never }[number]
>;

/** The kernel a list of modules builds: core's, plus every module's services and settings. */
export type KernelOf<M extends readonly AnyModule[]> = Kernel &
  UnionToIntersection<{ [I in keyof M]: M[I] extends ModuleDefinition<infer S, infer K> ? S & K : never }[number]>;

/** Checks the list: unique names, dependencies listed earlier. */
export function checkModules(modules: readonly AnyModule[]): void {
  const seen = new Set<string>(['core']);
  for (const m of modules) {
    if (seen.has(m.name)) throw new Error(`module "${m.name}" is listed twice`);
    for (const d of m.dependsOn ?? [])
      if (!seen.has(d)) throw new Error(`module "${m.name}" depends on "${d}", which must be listed before it`);
    seen.add(m.name);
  }
}

/** A module's routes may only declare the permissions its definition lists (called by the HTTP app after registering them). */
export function checkRoutePermissions(
  m: AnyModule,
  routes: readonly { method: string; url: string; permission?: string }[],
): void {
  const allowed = new Set<string>(m.permissions ?? []);
  for (const r of routes)
    if (r.permission && !allowed.has(r.permission))
      throw new Error(
        `route ${r.method} ${r.url} of module "${m.name}" declares permission "${r.permission}", which its definition does not list`,
      );
}
