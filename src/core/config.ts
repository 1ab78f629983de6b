import { z } from 'zod';
import { resolve } from 'node:path';

/**
 * The one configuration schema. Every setting has an environment variable, a default and a
 * description; `kartoteka config` prints this table, and a bad value stops the start with a
 * message naming the variable. Core's settings are here; each module brings its own
 * (`settings` in its definition, src/core/module.ts) and the composition root passes them in.
 */
export interface SettingSpec {
  env: string;
  schema: z.ZodType;
  default: unknown;
  description: string;
  /** Turns the parsed value into the final one, knowing core's settings (e.g. a path under the data directory). */
  // A method, so that a setting's own value type may be declared (method parameters are bivariant).
  resolve?(value: unknown, config: Config): unknown;
}
export type SettingsSpec = Record<string, SettingSpec>;
/** The values a settings schema yields (what `config.<key>` holds). */
export type SettingsOf<S extends SettingsSpec> = { [K in keyof S]: z.output<S[K]['schema']> };

export const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
    description:
      'How often the embedded database (or a PostgreSQL server with autovacuum off) looks for tables that grew or shrank by more than 10 % and refreshes their planner statistics (ANALYZE; PGlite has no autovacuum)',
  },
  databasePoolSize: {
    env: 'KARTOTEKA_DB_POOL_SIZE',
    schema: int(1, 200),
    default: 10,
    description: 'Connections per process to the PostgreSQL server',
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
  publicUrl: {
    env: 'KARTOTEKA_PUBLIC_URL',
    schema: z.string().url().optional(),
    default: undefined,
    description: 'External URL of this server, used in links',
  },
  sessionTtlHours: {
    env: 'KARTOTEKA_SESSION_TTL_HOURS',
    schema: int(1, 24 * 365),
    default: 24 * 14,
    description: 'Lifetime of a UI login session in hours',
  },
  rateLimitPerMinute: {
    env: 'KARTOTEKA_RATE_LIMIT_PER_MINUTE',
    schema: int(0, 100_000_000),
    default: 6000,
    description: 'Requests per minute allowed per API key / session / IP on /api (0 turns the limit off)',
  },
  webhookTimeoutMs: {
    env: 'KARTOTEKA_WEBHOOK_TIMEOUT_MS',
    schema: int(100, 120_000),
    default: 10_000,
    description: 'Timeout of one webhook delivery attempt',
  },
  webhookMaxAttempts: {
    env: 'KARTOTEKA_WEBHOOK_MAX_ATTEMPTS',
    schema: int(1, 50),
    default: 8,
    description: 'Delivery attempts before a webhook delivery is dead',
  },
  webhookRetryDelaySeconds: {
    env: 'KARTOTEKA_WEBHOOK_RETRY_DELAY_SECONDS',
    schema: int(1, 3600),
    default: 10,
    description: 'First retry delay of a failed webhook delivery; doubles with each attempt',
  },
  jobPollSeconds: {
    env: 'KARTOTEKA_JOB_POLL_SECONDS',
    schema: z.coerce.number().min(0.5).max(60),
    default: 1,
    description: 'How often idle workers look for new jobs',
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
    description:
      'Longest an interactive (HTTP request) query may run before it is cancelled with 503 (0: no limit); jobs are not bound by it',
  },
  jsonMaxDepth: {
    env: 'KARTOTEKA_JSON_MAX_DEPTH',
    schema: int(4, 1000),
    default: 64,
    description: 'Deepest nesting of objects and arrays accepted in a JSON request body; deeper bodies get 400',
  },
  secureCookies: {
    env: 'KARTOTEKA_SECURE_COOKIES',
    schema: bool,
    default: false,
    description: 'Mark session cookies Secure (set when served over HTTPS)',
  },
} as const satisfies SettingsSpec;

/** Core's settings; a module's code sees `Config & SettingsOf<its settings>`. */
export type Config = SettingsOf<typeof configSpec>;
/** Flags and test overrides: core's keys, and any module's (checked against the schemas passed in). */
export type ConfigOverrides = Partial<{ [K in keyof typeof configSpec]: unknown }> & Record<string, unknown>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Every setting: core's, then each module's in order; a key or variable named twice is a bug. */
function allSettings(moduleSettings: readonly SettingsSpec[]): [string, SettingSpec][] {
  const all: [string, SettingSpec][] = Object.entries(configSpec);
  for (const spec of moduleSettings) all.push(...Object.entries(spec));
  const keys = new Set<string>();
  const envs = new Set<string>();
  for (const [key, spec] of all) {
    if (keys.has(key) || envs.has(spec.env)) throw new Error(`setting ${key} (${spec.env}) is defined twice`);
    keys.add(key);
    envs.add(spec.env);
  }
  return all;
}

/**
 * Reads settings from flags (highest precedence), then the environment, then defaults: core's and
 * those of the modules given (the composition root passes every module's; src/app/config.ts).
 */
export function loadConfig<Extra extends object = Record<never, never>>(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  moduleSettings: readonly SettingsSpec[] = [],
): Config & Extra {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  const all = allSettings(moduleSettings);
  for (const [key, spec] of all) {
    const flag = (overrides as Record<string, unknown>)[key];
    const raw =
      flag !== undefined ? flag : env[spec.env] !== undefined && env[spec.env] !== '' ? env[spec.env] : spec.default;
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(`${spec.env}=${JSON.stringify(raw)}: ${msg}`);
    } else out[key] = parsed.data;
  }
  if (problems.length) throw new ConfigError(problems);
  out.dataDir = resolve(out.dataDir as string);
  for (const [key, spec] of all) if (spec.resolve) out[key] = spec.resolve(out[key], out as Config);
  return out as Config & Extra;
}

/** What `kartoteka config` prints: core's settings, then each module's. */
export function describeConfig(
  moduleSettings: readonly SettingsSpec[] = [],
): { env: string; default: unknown; description: string }[] {
  return allSettings(moduleSettings).map(([, s]) => ({ env: s.env, default: s.default, description: s.description }));
}
