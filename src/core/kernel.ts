import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { Audit } from './audit/audit.ts';
import { Auth } from './auth/auth.ts';
import { Jobs } from './jobs/jobs.ts';
import { Webhooks } from './webhooks/webhooks.ts';
import { createOutbound } from './net/outbound.ts';
import { Notifications } from './notifications/notifications.ts';
import { sql } from 'kysely';
import { analyzeChanged } from './db/statistics.ts';
import { CORE_MIGRATIONS } from './db/migrations.ts';
import { checkModules, type AnyModule, type Kernel } from './module.ts';

export type { Kernel } from './module.ts';

export interface KernelOptions {
  /** The domain modules, in dependency order (the composition root's list, src/app/modules.ts). */
  modules: readonly AnyModule[];
  database?: Database;
  log?: Logger;
}

/** Every migrations folder: core's, then each module's (one history, ordered by name). */
export function migrationFolders(modules: readonly AnyModule[]): URL[] {
  return [CORE_MIGRATIONS, ...modules.flatMap((m) => (m.migrations ? [m.migrations] : []))];
}

/**
 * Wires core's services, then each module's (`create`, in list order, each seeing the services of
 * those before it). `S` is what the modules add: the composition root passes `ServicesOf<modules>`.
 */
export async function createKernel<S extends object = Record<never, never>>(
  config: Config,
  opts: KernelOptions,
): Promise<Kernel & S> {
  const { modules } = opts;
  checkModules(modules);
  const log = opts.log ?? pino({ level: config.logLevel, base: { service: 'kartoteka' } });
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      pgliteSharedBuffers: config.pgliteSharedBuffers,
      migrations: migrationFolders(modules),
    }));
  const db = database.db;
  // Queries run for HTTP requests are cancelled past it on a PostgreSQL server; jobs are not (database.ts).
  database.statementTimeoutMs = config.statementTimeoutMs;
  const audit = new Audit(db);
  const jobs = new Jobs(database, log.child({ component: 'jobs' }), { pollSeconds: config.jobPollSeconds });
  const auth = new Auth(db, audit, { sessionTtlHours: config.sessionTtlHours });
  const outbound = createOutbound(config);
  const webhooks = new Webhooks(db, audit, jobs, log.child({ component: 'webhooks' }), outbound, {
    timeoutMs: config.webhookTimeoutMs,
    maxAttempts: config.webhookMaxAttempts,
    retryDelaySeconds: config.webhookRetryDelaySeconds,
  });
  for (const [entity, label] of [
    ['user', 'User'],
    ['api_key', 'API key'],
    ['workspace', 'Workspace'],
  ] as const)
    webhooks.registerEntity(entity, label);
  // A server's autovacuum keeps planner statistics fresh; the embedded database has none
  // (statistics.ts), and neither has a server where autovacuum is switched off: the same worker
  // analyses changed tables there (a warning says so, since dead rows then pile up unvacuumed).
  const noAutovacuum =
    database.kind === 'postgres' &&
    (await sql<{ v: string }>`SELECT current_setting('autovacuum') AS v`.execute(db)).rows[0]?.v === 'off';
  if (database.kind === 'pglite' || noAutovacuum)
    jobs.every('db.analyze', config.pgliteAnalyzeSeconds, () => analyzeChanged(db));
  const notifications = new Notifications(db);
  let started = false;
  const kernel: Kernel = {
    config,
    log,
    database,
    db,
    audit,
    auth,
    jobs,
    webhooks,
    outbound,
    notifications,
    modules,
    async start() {
      if (started) return;
      started = true;
      await jobs.start({ work: config.role !== 'api' });
      // Said by the processes that run the worker, not by one-shot commands (whose stdout is data).
      if (noAutovacuum && config.role !== 'api')
        log.warn(
          'autovacuum is off on this PostgreSQL server: Kartoteka refreshes planner statistics itself (KARTOTEKA_PGLITE_ANALYZE_SECONDS), but nothing vacuums dead rows',
        );
    },
    async close() {
      for (const m of [...modules].reverse())
        await m.stop?.(kernel)?.catch((err: unknown) => log.warn({ err, module: m.name }, 'module stop failed'));
      await jobs.stop();
      await database.close();
    },
  };
  // Each module's services join the kernel; later modules (and routes) reach them as kernel.<name>.
  for (const m of modules) {
    for (const [entity, label] of m.webhookEntities ?? []) webhooks.registerEntity(entity, label);
    for (const [type, description] of Object.entries(m.webhookEventTypes ?? {}))
      webhooks.registerEventType(type, description);
    Object.assign(kernel, await m.create(kernel));
  }
  for (const m of modules) m.privacy?.(kernel);
  for (const m of modules) await m.jobs?.(kernel);
  return kernel as Kernel & S;
}
