import PgBoss from 'pg-boss';
import { CompiledQuery, sql } from 'kysely';
import type { Logger } from 'pino';
import { backgroundQueries, type Database } from '../db/database.ts';
import type { DbOrTx } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { keysetPage } from '../http/pagination.ts';

/**
 * Durable background work on pg-boss, in the same database as everything else (PGlite or the
 * server). Every job belongs to a workspace (`data.workspaceId`); handlers report progress; jobs
 * that exhaust their retries land in one dead-letter queue, shown as state `dead`.
 */
export const DEAD_LETTER_QUEUE = 'kartoteka-dead-letter';

export interface JobContext {
  id: string;
  workspaceId: string;
  attempt: number;
  progress(fraction: number, message?: string): Promise<void>;
}
export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<unknown>;
/** A job's data as pg-boss stores it: the caller's fields plus `workspaceId` and `queue`. */
type JobData = Record<string, unknown>;

export interface JobDefinition<T = unknown> {
  name: string;
  handler: JobHandler<T>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  concurrency?: number;
  /**
   * A cron expression (UTC): pg-boss queues the job on that schedule, once across all processes.
   * Such a job is the platform's own, not a workspace's: its data has no workspaceId.
   */
  cron?: string;
}

export interface JobView {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'dead';
  progress: number | null;
  progressMessage: string | null;
  attempts: number;
  retryLimit: number;
  createdAt: Date;
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  output: unknown;
  data: Record<string, unknown>;
  /** A failed job whose dead-letter copy is the one to retry. */
  deadLettered: boolean;
}

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed', 'dead'] as const;

export class Jobs {
  readonly boss: PgBoss;
  private defs = new Map<string, JobDefinition>();
  private started = false;
  private stopped = false;
  private periodic: { name: string; seconds: number; run: () => Promise<unknown> }[] = [];
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private database: Database,
    private log: Logger,
    private opts: { pollSeconds: number },
  ) {
    const pool = database.pool;
    this.boss = new PgBoss({
      db: {
        executeSql: async (text: string, values?: unknown[]) => {
          // A handler still running when stop() gave up waiting finishes after the database is
          // closed; pg-boss then records its end without awaiting it. That bookkeeping is dropped
          // (the job stays active, expires and is retried), instead of an unhandled rejection.
          // (pg-boss reads no result as "nothing affected"; an empty row list would break its count.)
          if (this.stopped) return null as unknown as { rows: unknown[] };
          const r = await pool.query(text, values);
          return { rows: r.rows, rowCount: r.rowCount };
        },
      },
      schedule: true,
      supervise: true,
      migrate: true,
      // Keep finished jobs visible on the jobs page for a week.
      archiveCompletedAfterSeconds: 60 * 60 * 24 * 7,
      deleteAfterDays: 30,
    });
    this.boss.on('error', (err: Error) => this.log.error({ err }, 'job queue error'));
  }

  define<T>(def: JobDefinition<T>): void {
    if (this.defs.has(def.name)) throw new Error(`job ${def.name} defined twice`);
    this.defs.set(def.name, def as JobDefinition);
  }

  /**
   * Work every `seconds` in each process with the worker role, for a scan that pg-boss cron (one
   * minute at best) is too coarse for. Nothing is kept in memory: the work must find what is due in
   * the database and claim it there, so several workers, or a restart, never do it twice or lose it.
   * A run still going when the next is due is not doubled; a failure is logged and the next run retries.
   */
  every(name: string, seconds: number, run: () => Promise<unknown>): void {
    this.periodic.push({ name, seconds, run });
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  /** The cron schedules pg-boss holds: `{ name, cron }`. */
  async schedules(): Promise<{ name: string; cron: string }[]> {
    return (await this.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron }));
  }

  /** Runs a defined job's handler now, in this process, as its worker would (tests, the CLI). */
  runNow<T>(name: string, data: T, ctx: Partial<JobContext> = {}): Promise<unknown> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    return def.handler(data, { id: 'inline', workspaceId: '', attempt: 1, progress: async () => {}, ...ctx });
  }

  /** Creates the queues; with `work`, this process also runs the handlers. */
  async start({ work }: { work: boolean }): Promise<void> {
    this.stopped = false;
    await this.boss.start();
    this.started = true;
    await this.ensureQueue(DEAD_LETTER_QUEUE, { retryLimit: 0 });
    for (const def of this.defs.values()) {
      await this.ensureQueue(def.name, {
        retryLimit: def.retryLimit ?? 3,
        retryDelay: def.retryDelaySeconds ?? 5,
        retryBackoff: def.retryBackoff ?? true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
        deadLetter: DEAD_LETTER_QUEUE,
      });
      if (def.cron) await this.boss.schedule(def.name, def.cron, { queue: def.name }, { tz: 'UTC' });
    }
    if (!work) return;
    for (const p of this.periodic) {
      let busy = false;
      const tick = () => {
        if (busy || !this.started) return;
        busy = true;
        const run = p.run().catch((err) => this.log.warn({ err, task: p.name }, 'periodic task failed'));
        this.running.add(run);
        void run.finally(() => {
          busy = false;
          this.running.delete(run);
        });
      };
      const timer = setInterval(tick, p.seconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
    for (const def of this.defs.values()) {
      const workers = def.concurrency ?? 1;
      for (let i = 0; i < workers; i++) {
        await this.boss.work<JobData>(
          def.name,
          { pollingIntervalSeconds: this.opts.pollSeconds, batchSize: 1, includeMetadata: true },
          async (jobs) => {
            // pg-boss stores what the callback returns as the job's output (for a batch of one).
            let output: unknown;
            for (const job of jobs) output = await this.runOne(def, job);
            return jobs.length === 1 ? output : undefined;
          },
        );
      }
    }
  }

  private async ensureQueue(name: string, options: Omit<PgBoss.Queue, 'name'>) {
    const existing = await this.boss.getQueue(name);
    if (existing) await this.boss.updateQueue(name, { name, ...options });
    else await this.boss.createQueue(name, { name, ...options });
  }

  private async runOne(def: JobDefinition, job: PgBoss.JobWithMetadata<JobData>) {
    const workspaceId = String(job.data?.workspaceId ?? '');
    const ctx: JobContext = {
      id: job.id,
      workspaceId,
      attempt: (job.retryCount ?? 0) + 1,
      // A scheduled platform job has no workspace to show progress in.
      progress: (fraction, message) =>
        workspaceId ? this.setProgress(workspaceId, job.id, fraction, message) : Promise.resolve(),
    };
    try {
      // Background work: not bound by the interactive statement timeout, whoever queued it.
      return await backgroundQueries(() => def.handler(job.data, ctx));
    } catch (err) {
      this.log.warn({ err, job: def.name, id: job.id, attempt: ctx.attempt }, 'job failed');
      throw err;
    }
  }

  private async setProgress(workspaceId: string, jobId: string, fraction: number, message?: string) {
    const p = Math.max(0, Math.min(1, fraction));
    await this.database.db
      .insertInto('job_progress')
      .values({ workspace_id: workspaceId, job_id: jobId, progress: p, message: message ?? null })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'job_id'])
          .doUpdateSet({ progress: p, message: message ?? null, updated_at: new Date() }),
      )
      .execute();
  }

  /**
   * Queues a job. Given a transaction, the job is written inside it: it exists if and only if the
   * transaction commits (a transactional outbox), so nothing accepted is lost between the two.
   */
  async enqueue(
    workspaceId: string,
    name: string,
    data: Record<string, unknown>,
    opts: { trx?: DbOrTx; startAfterSeconds?: number; singletonKey?: string } = {},
  ): Promise<string> {
    if (!this.defs.has(name)) throw new Error(`unknown job ${name}`);
    if (!this.started) throw new Error('jobs not started');
    const sendOpts: PgBoss.SendOptions = {};
    if (opts.startAfterSeconds) sendOpts.startAfter = opts.startAfterSeconds;
    if (opts.singletonKey) sendOpts.singletonKey = opts.singletonKey;
    if (opts.trx) {
      const trx = opts.trx;
      sendOpts.db = {
        executeSql: async (text: string, values?: unknown[]) => {
          const r = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
          return { rows: r.rows, rowCount: Number(r.numAffectedRows ?? r.rows.length) };
        },
      };
    }
    const id = await this.boss.send(name, { ...data, workspaceId, queue: name }, sendOpts);
    if (!id) throw new AppError('CONFLICT', `job ${name} is already queued`);
    return id;
  }

  async list(
    workspaceId: string,
    q: { state?: string; name?: string; limit: number; cursor?: { createdAt: string; id: string } },
  ): Promise<{ data: JobView[]; nextCursor: string | null }> {
    const rows = await this.query(workspaceId, q);
    // The cursor carries created_on to the microsecond: a Date (milliseconds) would skip the jobs
    // that share the boundary job's millisecond, e.g. all jobs enqueued in one transaction.
    return keysetPage(
      rows,
      q.limit,
      ({ cursorKey: _k, ...view }) => view,
      (last) => ({ createdAt: last.cursorKey, id: last.id }),
    );
  }

  async get(workspaceId: string, id: string): Promise<JobView> {
    const rows = await this.query(workspaceId, { id, limit: 1 });
    if (!rows[0]) throw notFound('Job');
    const { cursorKey: _k, ...view } = rows[0];
    return view;
  }

  async retry(workspaceId: string, id: string): Promise<JobView> {
    const job = await this.get(workspaceId, id);
    if (job.state === 'dead') {
      const queue = String(job.data.queue ?? '');
      if (!this.defs.has(queue)) throw new AppError('CONFLICT', `the job's queue ${queue} no longer exists`);
      const { workspaceId: _w, queue: _q, ...data } = job.data;
      const newId = await this.enqueue(workspaceId, queue, data);
      await this.boss.deleteJob(DEAD_LETTER_QUEUE, id);
      return this.get(workspaceId, newId);
    }
    if (job.deadLettered)
      throw new AppError(
        'CONFLICT',
        'This job was moved to the dead letter: retry its dead-letter copy (state dead) instead',
      );
    if (job.state !== 'failed' && job.state !== 'cancelled')
      throw new AppError('CONFLICT', `a ${job.state} job cannot be retried`);
    await this.boss.retry(job.name, id);
    return this.get(workspaceId, id);
  }

  async cancel(workspaceId: string, id: string): Promise<JobView> {
    const job = await this.get(workspaceId, id);
    if (!['created', 'retry', 'active'].includes(job.state))
      throw new AppError('CONFLICT', `a ${job.state} job cannot be cancelled`);
    await this.boss.cancel(job.name, id);
    return this.get(workspaceId, id);
  }

  private async query(
    workspaceId: string,
    q: { state?: string; name?: string; id?: string; limit: number; cursor?: { createdAt: string; id: string } },
  ): Promise<(JobView & { cursorKey: string })[]> {
    const dl = DEAD_LETTER_QUEUE;
    const filters = (t: string) => {
      const parts = [sql`${sql.ref(`${t}.data`)}->>'workspaceId' = ${workspaceId}`];
      if (q.id) parts.push(sql`${sql.ref(`${t}.id`)} = ${q.id}::uuid`);
      // A job that exhausted its retries lives on as its dead-letter copy: list only that one.
      else parts.push(sql`NOT (${sql.ref(`${t}.state`)} = 'failed' AND ${sql.ref(`${t}.dead_letter`)} IS NOT NULL)`);
      if (q.name)
        parts.push(
          sql`(${sql.ref(`${t}.name`)} = ${q.name} OR (${sql.ref(`${t}.name`)} = ${dl} AND ${sql.ref(`${t}.data`)}->>'queue' = ${q.name}))`,
        );
      if (q.state === 'dead') parts.push(sql`${sql.ref(`${t}.name`)} = ${dl}`);
      else if (q.state)
        parts.push(sql`${sql.ref(`${t}.name`)} <> ${dl} AND ${sql.ref(`${t}.state`)}::text = ${q.state}`);
      if (q.cursor)
        parts.push(
          sql`(${sql.ref(`${t}.created_on`)}, ${sql.ref(`${t}.id`)}) < (${q.cursor.createdAt}::timestamptz, ${q.cursor.id}::uuid)`,
        );
      return sql.join(parts, sql` AND `);
    };
    const cols = (t: string) =>
      sql.raw(
        `${t}.id, ${t}.name, ${t}.state::text AS state, ${t}.data, ${t}.retry_count, ${t}.retry_limit, ${t}.created_on, ${t}.start_after, ${t}.started_on, ${t}.completed_on, ${t}.output, ${t}.dead_letter, ` +
          `to_char(${t}.created_on AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_key`,
      );
    const r = await sql<{
      id: string;
      name: string;
      state: Exclude<JobView['state'], 'dead'>;
      data: Record<string, unknown> | null;
      retry_count: number;
      retry_limit: number;
      created_on: Date;
      start_after: Date;
      started_on: Date | null;
      completed_on: Date | null;
      output: unknown;
      dead_letter: string | null;
      cursor_key: string;
      progress: number | null;
      progress_message: string | null;
    }>`
      SELECT u.*, p.progress, p.message AS progress_message FROM (
        SELECT ${cols('j')} FROM pgboss.job j WHERE ${filters('j')}
        UNION ALL
        SELECT ${cols('a')} FROM pgboss.archive a WHERE ${filters('a')}
      ) u
      LEFT JOIN job_progress p ON p.workspace_id = ${workspaceId}::uuid AND p.job_id = u.id
      ORDER BY u.created_on DESC, u.id DESC
      LIMIT ${q.limit + 1}`.execute(this.database.db);
    return r.rows.map((row) => ({
      id: row.id,
      name: row.name === dl ? String(row.data?.queue ?? row.name) : row.name,
      state: row.name === dl ? 'dead' : row.state,
      progress: row.state === 'completed' ? 1 : (row.progress ?? null),
      progressMessage: row.progress_message ?? null,
      // The dead-letter copy ran every attempt its queue allows before it got there.
      attempts:
        row.name === dl
          ? (this.defs.get(String(row.data?.queue))?.retryLimit ?? 3) + 1
          : row.retry_count + (row.started_on ? 1 : 0),
      deadLettered: row.name !== dl && row.state === 'failed' && row.dead_letter !== null,
      retryLimit: row.retry_limit,
      createdAt: row.created_on,
      startAfter: row.start_after,
      startedAt: row.started_on,
      completedAt: row.completed_on,
      output: withoutStack(row.output),
      data: row.data ?? {},
      cursorKey: row.cursor_key,
    }));
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.all(this.running);
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
    this.stopped = true;
  }
}

/** pg-boss keeps a failed handler's error with its stack: server paths are not for API readers. */
function withoutStack(output: unknown): unknown {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return output;
  const { stack: _s, ...rest } = output as Record<string, unknown>;
  return rest;
}
