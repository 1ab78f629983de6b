import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import type { Db } from './db/schema.ts';
import { Audit } from './audit/audit.ts';
import { Auth } from './auth/auth.ts';
import { Jobs } from './jobs/jobs.ts';
import { Webhooks } from './webhooks/webhooks.ts';
import { createOutbound, type Outbound } from './net/outbound.ts';
import { Notifications } from './notifications/notifications.ts';
import { sql } from 'kysely';
import { analyzeChanged } from './db/statistics.ts';
import { Cdp, Privacy } from '../cdp/index.ts';
import { Crm } from '../crm/index.ts';

/**
 * The platform's services, wired once per process. Domain modules get this and expose their own
 * service; they never reach into another module's tables.
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
  cdp: Cdp;
  /** GDPR export and erase of a person; modules holding person data register here (src/cdp/privacy.ts). */
  privacy: Privacy;
  /** People, companies, deals, activities, consent, reports (src/crm). */
  crm: Crm;
  /** Starts job queues (and workers when this process has the worker role). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function createKernel(config: Config, opts: { database?: Database; log?: Logger } = {}): Promise<Kernel> {
  const log = opts.log ?? pino({ level: config.logLevel, base: { service: 'kartoteka' } });
  const database =
    opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, pgliteSharedBuffers: config.pgliteSharedBuffers }));
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
  const noAutovacuum = database.kind === 'postgres' && (await sql<{ v: string }>`SELECT current_setting('autovacuum') AS v`.execute(db)).rows[0]?.v === 'off';
  if (database.kind === 'pglite' || noAutovacuum) jobs.every('db.analyze', config.pgliteAnalyzeSeconds, () => analyzeChanged(db));
  const notifications = new Notifications(db);
  // PGlite has one connection: one ingest writer.
  const cdp = new Cdp(db, audit, webhooks, log.child({ component: 'cdp' }), { ingestWriters: config.databaseUrl ? Math.min(config.ingestWriters, config.databasePoolSize) : 1 });
  const privacy = new Privacy(db, audit, webhooks);
  const crm = new Crm({ db, audit, jobs, webhooks, notifications, cdp, privacy, config, log: log.child({ component: 'crm' }) });

  let started = false;
  return {
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
    cdp,
    privacy,
    crm,
    async start() {
      if (started) return;
      started = true;
      await jobs.start({ work: config.role !== 'api' });
      // Said by the processes that run the worker, not by one-shot commands (whose stdout is data).
      if (noAutovacuum && config.role !== 'api') log.warn('autovacuum is off on this PostgreSQL server: Kartoteka refreshes planner statistics itself (KARTOTEKA_PGLITE_ANALYZE_SECONDS), but nothing vacuums dead rows');
    },
    async close() {
      await jobs.stop();
      await database.close();
    },
  };
}
