import { z } from 'zod';
import { resolve } from 'node:path';

/**
 * The one configuration schema. Every setting has an environment variable, a default and a
 * description; `kartoteka config` prints this table, and a bad value stops the start with a
 * message naming the variable.
 */
const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSpec = {
  port: { env: 'PORT', schema: int(0, 65535), default: 3000, description: 'HTTP port to listen on' },
  host: { env: 'HOST', schema: z.string().min(1), default: '0.0.0.0', description: 'Interface to listen on' },
  dataDir: {
    env: 'KARTOTEKA_DATA_DIR',
    schema: z.string().min(1),
    default: './data',
    description: 'Directory of the embedded PGlite database (used when DATABASE_URL is not set)',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    default: undefined,
    description: 'PostgreSQL server connection string; when set, the embedded database is not used',
  },
  pgliteSharedBuffers: {
    env: 'KARTOTEKA_PGLITE_SHARED_BUFFERS',
    schema: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size like 32MB'),
    default: '32MB',
    description: 'shared_buffers of the embedded database (memory it keeps for caching pages)',
  },
  pgliteAnalyzeSeconds: {
    env: 'KARTOTEKA_PGLITE_ANALYZE_SECONDS',
    schema: int(10, 86_400),
    default: 300,
    description: 'How often the embedded database (or a PostgreSQL server with autovacuum off) looks for tables that grew or shrank by more than 10 % and refreshes their planner statistics (ANALYZE; PGlite has no autovacuum)',
  },
  databasePoolSize: { env: 'KARTOTEKA_DB_POOL_SIZE', schema: int(1, 200), default: 10, description: 'Connections per process to the PostgreSQL server' },
  ingestWriters: {
    env: 'KARTOTEKA_INGEST_WRITERS',
    schema: int(1, 32),
    // 3 measured best on 2 cores (bench ingest: 0.46–0.53× a plain insert, against 0.40–0.47× with 2 and 0.41–0.45× with 4).
    default: 3,
    description: 'Transactions per source that write tracked events at the same time on a PostgreSQL server (concurrent requests wait and are written together); the embedded database always uses one',
  },
  role: {
    env: 'KARTOTEKA_ROLE',
    schema: z.enum(['all', 'api', 'worker']),
    default: 'all',
    description: 'Which roles this process runs: all (default), api (HTTP only) or worker (jobs only)',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'Log level (pino)',
  },
  publicUrl: { env: 'KARTOTEKA_PUBLIC_URL', schema: z.string().url().optional(), default: undefined, description: 'External URL of this server, used in links' },
  sessionTtlHours: { env: 'KARTOTEKA_SESSION_TTL_HOURS', schema: int(1, 24 * 365), default: 24 * 14, description: 'Lifetime of a UI login session in hours' },
  rateLimitPerMinute: {
    env: 'KARTOTEKA_RATE_LIMIT_PER_MINUTE',
    schema: int(0, 100_000_000),
    default: 6000,
    description: 'Requests per minute allowed per API key / session / IP on /api (0 turns the limit off)',
  },
  webhookTimeoutMs: { env: 'KARTOTEKA_WEBHOOK_TIMEOUT_MS', schema: int(100, 120_000), default: 10_000, description: 'Timeout of one webhook delivery attempt' },
  webhookMaxAttempts: { env: 'KARTOTEKA_WEBHOOK_MAX_ATTEMPTS', schema: int(1, 50), default: 8, description: 'Delivery attempts before a webhook delivery is dead' },
  webhookRetryDelaySeconds: { env: 'KARTOTEKA_WEBHOOK_RETRY_DELAY_SECONDS', schema: int(1, 3600), default: 10, description: 'First retry delay of a failed webhook delivery; doubles with each attempt' },
  reminderScanSeconds: {
    env: 'KARTOTEKA_REMINDER_SCAN_SECONDS',
    schema: int(1, 3600),
    default: 30,
    description: 'How often each worker process looks for task reminders that are due and sends them (in-app notification and the activity.reminder webhook); each reminder is sent once whichever worker finds it',
  },
  jobPollSeconds: { env: 'KARTOTEKA_JOB_POLL_SECONDS', schema: z.coerce.number().min(0.5).max(60), default: 1, description: 'How often idle workers look for new jobs' },
  searchFuzzyBudgetMs: {
    env: 'KARTOTEKA_SEARCH_FUZZY_BUDGET_MS',
    schema: int(1, 60_000),
    default: 40,
    description: 'Time budget of the typo-tolerant fallback of people search (when the exact search finds nothing); past it the answer is empty',
  },
  importDir: {
    env: 'KARTOTEKA_IMPORT_DIR',
    schema: z.string(),
    default: '',
    description: 'Where uploaded CSV imports and their error reports are kept (default: <data dir>/imports); API and worker processes must share it',
  },
  importMaxBytes: {
    env: 'KARTOTEKA_IMPORT_MAX_BYTES',
    schema: int(1024, 64 * 1024 * 1024 * 1024),
    default: 200 * 1024 * 1024,
    description: 'Largest CSV file accepted for import (bytes); larger uploads get 413',
  },
  trustProxy: {
    env: 'KARTOTEKA_TRUST_PROXY',
    schema: z.string(),
    default: '',
    description:
      'Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (e.g. 127.0.0.1,10.0.0.0/8); empty: none, the client is the connecting address',
  },
  outboundAllow: {
    env: 'KARTOTEKA_OUTBOUND_ALLOW',
    schema: z.string(),
    default: '',
    description:
      'Comma-separated CIDRs or host names that user-configured URLs (webhooks, channel hosts, feeds) may reach besides public addresses, e.g. 127.0.0.0/8 for a local mail server; empty: public addresses only',
  },
  statementTimeoutMs: {
    env: 'KARTOTEKA_STATEMENT_TIMEOUT_MS',
    schema: int(0, 3_600_000),
    default: 15_000,
    description: 'Longest an interactive (HTTP request) query may run before it is cancelled with 503 (0: no limit); jobs are not bound by it',
  },
  jsonMaxDepth: {
    env: 'KARTOTEKA_JSON_MAX_DEPTH',
    schema: int(4, 1000),
    default: 64,
    description: 'Deepest nesting of objects and arrays accepted in a JSON request body; deeper bodies get 400',
  },
  secureCookies: { env: 'KARTOTEKA_SECURE_COOKIES', schema: bool, default: false, description: 'Mark session cookies Secure (set when served over HTTPS)' },
} as const;

type Spec = typeof configSpec;
export type Config = { [K in keyof Spec]: z.output<Spec[K]['schema']> };
export type ConfigOverrides = Partial<{ [K in keyof Spec]: unknown }>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Reads settings from flags (highest precedence), then the environment, then defaults. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(configSpec)) {
    const flag = (overrides as Record<string, unknown>)[key];
    const raw = flag !== undefined ? flag : env[spec.env] !== undefined && env[spec.env] !== '' ? env[spec.env] : spec.default;
    const parsed = (spec.schema as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(`${spec.env}=${JSON.stringify(raw)}: ${msg}`);
    } else out[key] = parsed.data;
  }
  if (problems.length) throw new ConfigError(problems);
  out.dataDir = resolve(out.dataDir as string);
  out.importDir = out.importDir ? resolve(out.importDir as string) : resolve(out.dataDir as string, 'imports');
  return out as Config;
}

export function describeConfig(): { env: string; default: unknown; description: string }[] {
  return Object.values(configSpec).map((s) => ({ env: s.env, default: s.default, description: s.description }));
}
