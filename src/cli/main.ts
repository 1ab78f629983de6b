import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { ConfigError, type ConfigOverrides } from '../core/config.ts';
import type * as App from '../app/index.ts';
import { acquireLock, readLock } from '../core/db/data-dir-lock.ts';
import { AppError } from '../core/errors.ts';
import { seedDemo } from './demo.ts';

const commonFlags = (c: Command) =>
  c
    .addOption(new Option('--data <dir>', 'data directory of the embedded database (KARTOTEKA_DATA_DIR)'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL server URL (DATABASE_URL)'))
    .addOption(new Option('--log-level <level>', 'log level (LOG_LEVEL)'));

/** The flags every command takes (commonFlags); the values are checked by loadConfig. */
interface CommonOpts {
  data?: string;
  databaseUrl?: string;
  logLevel?: string;
}

// The app (every module, Fastify, the database drivers) loads only when a command runs, so that
// --help, a bad flag or an unknown command answer at once instead of after seconds of imports.
const app = () => import('../app/index.ts');

async function configFrom(opts: CommonOpts, extra: ConfigOverrides = {}) {
  const { loadConfig } = await app();
  return loadConfig({ dataDir: opts.data, databaseUrl: opts.databaseUrl, logLevel: opts.logLevel, ...extra });
}

/** Opens the kernel for a one-shot command, holding the PGlite directory lock meanwhile. */
async function withKernel<T>(
  opts: CommonOpts,
  command: string,
  fn: (k: Awaited<ReturnType<typeof App.createKernel>>) => Promise<T>,
  extra: ConfigOverrides = {},
): Promise<T> {
  const config = await configFrom(opts, { logLevel: opts.logLevel ?? 'warn', ...extra });
  const lock = config.databaseUrl ? null : acquireLock(config.dataDir, { command });
  const { createKernel } = await app();
  const kernel = await createKernel(config);
  try {
    await kernel.jobs.start({ work: false });
    return await fn(kernel);
  } finally {
    await kernel.close();
    lock?.release();
  }
}

export async function main(argv: string[]) {
  const program = new Command('kartoteka')
    .description('Kartoteka — Customer Experience Data Platform')
    .showHelpAfterError();

  commonFlags(
    program.command('serve').description('Run the server (API, ingest, jobs and web UI in one process by default)'),
  )
    .option('--port <n>', 'HTTP port (PORT)')
    .option('--host <host>', 'interface (HOST)')
    .addOption(new Option('--role <role>', 'process role (KARTOTEKA_ROLE)').choices(['all', 'api', 'worker']))
    .option('--smtp-port <n>', 'port of the inbound SMTP receiver for email inboxes (KARTOTEKA_INBOUND_SMTP_PORT)')
    .action(async (opts) => {
      const { buildApp, createKernel } = await app();
      const config = await configFrom(opts, {
        port: opts.port,
        host: opts.host,
        role: opts.role,
        inboundSmtpPort: opts.smtpPort,
      });
      const cliToken = randomBytes(24).toString('base64url');
      const lock = config.databaseUrl ? null : acquireLock(config.dataDir, { command: 'serve', cliToken });
      if (config.role !== 'worker') await (await import('./web-build.ts')).ensureWebBuilt();
      const kernel = await createKernel(config);
      await kernel.start();
      let server: Awaited<ReturnType<typeof buildApp>> | null = null;
      if (config.role !== 'worker') {
        server = await buildApp(kernel, { cliToken });
        const address = await server.listen({ port: config.port, host: config.host });
        const port = (server.server.address() as { port: number }).port;
        lock?.update({ port });
        kernel.log.info(
          {
            address,
            database: kernel.database.kind,
            dataDir: config.databaseUrl ? undefined : config.dataDir,
            role: config.role,
          },
          `Kartoteka listening on ${address}`,
        );
      } else kernel.log.info({ role: 'worker' }, 'Kartoteka worker running');
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        kernel.log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        await server?.close();
        await kernel.close();
        lock?.release();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });

  commonFlags(program.command('migrate').description('Apply database migrations and exit')).action(async (opts) => {
    await withKernel(opts, 'migrate', async () => {
      process.stderr.write('migrations applied\n');
    });
  });

  const apikey = program.command('apikey').description('API keys');
  commonFlags(apikey.command('create').description('Create an API key; prints only the key'))
    .addOption(
      new Option('--role <role>', 'role of the key')
        .choices(['admin', 'manager', 'marketer', 'agent', 'viewer'])
        .default('admin'),
    )
    .option('--workspace <slug>', 'workspace (created if missing)', 'default')
    .option('--name <name>', 'a name to recognise the key by')
    .action(async (opts) => {
      const config = await configFrom(opts);
      const input = { workspace: opts.workspace, role: opts.role, name: opts.name };
      const holder = config.databaseUrl ? null : readLock(config.dataDir);
      if (holder && holder.pid !== process.pid) {
        // The server holds the directory: ask it to create the key instead of opening the files twice.
        if (!holder.port || !holder.cliToken)
          throw new AppError(
            'DATA_DIR_LOCKED',
            `The data directory ${config.dataDir} is in use by process ${holder.pid} (kartoteka ${holder.command}); try again when it has finished.`,
          );
        const res = await fetch(`http://127.0.0.1:${holder.port}/internal/cli/api-keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-kartoteka-cli-token': holder.cliToken },
          body: JSON.stringify(input),
        });
        const body = (await res.json()) as { key?: string; error?: { message?: string } };
        if (!res.ok)
          throw new AppError('UNAVAILABLE', `The running server refused: ${body?.error?.message ?? res.status}`);
        process.stdout.write(body.key + '\n');
        return;
      }
      const created = await withKernel(opts, 'apikey create', async (k) =>
        (await import('../core/auth/cli-keys.ts')).createKeyForCli(k, input),
      );
      process.stdout.write(created.key + '\n');
    });

  const user = program.command('user').description('Logins (operator commands)');
  commonFlags(
    user
      .command('set-password')
      .description("Set a login's password (read from stdin unless --password); ends all of its sessions"),
  )
    .requiredOption('--email <email>', 'the login to change')
    .option(
      '--password <password>',
      'the new password (prefer stdin: command lines show in process lists and shell history)',
    )
    .action(async (opts) => {
      const password = opts.password ?? (await readStdinLine());
      // With the embedded database the server must be stopped first: withKernel takes the directory lock.
      const done = await withKernel(opts, 'user set-password', (k) =>
        k.auth.setPasswordByOperator(opts.email, password),
      );
      process.stderr.write(`password changed for ${done.email}; ${done.sessionsEnded} session(s) ended\n`);
    });

  commonFlags(program.command('demo').description('Fill a workspace with realistic demo data (Russian and English)'))
    .option('--workspace <slug>', 'workspace to fill', 'default')
    .action(async (opts) => {
      await withKernel(opts, 'demo', async (k) => {
        const summary = await seedDemo(k, { workspace: opts.workspace });
        process.stderr.write(summary + '\n');
      });
    });

  program
    .command('config')
    .description('List every setting: environment variable, default, description')
    .action(async () => {
      const { describeConfig } = await app();
      for (const c of describeConfig())
        process.stdout.write(`${c.env.padEnd(40)} ${String(c.default ?? '').padEnd(12)} ${c.description}\n`);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof AppError) {
      process.stderr.write(`kartoteka: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/** The first line of stdin, without its line ending (a password piped in or typed). */
async function readStdinLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('New password: ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0];
}
