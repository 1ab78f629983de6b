import { Readable } from 'node:stream';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { csvRow, csvLines } from '../core/csv-safe.ts';
import { yieldToEventLoop } from '../core/db/database.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import type { CrmDeps } from './deps.ts';
import type { People, PeopleListQuery } from './people.ts';
import type { Companies } from './companies.ts';
import type { Deals, DealListQuery } from './deals.ts';

type Page = { data: any[]; nextCursor: string | null };
type Column = [header: string, value: (r: any) => unknown];

/** Rows per page read from a list while exporting: one page in memory at a time. */
const EXPORT_PAGE = 500;
/** Rows per chunk of an export job (one bounded keyset statement each, a yield between them). */
const JOB_PAGE = 2000;
/** Above this many rows in the workspace (counted with a bounded LIMIT), the web UI and `Prefer: respond-async` get a job. */
const SYNC_MAX_ROWS = 10_000;
/** Rows one counting statement reads (the progress estimate). */
const COUNT_CHUNK = 20_000;
/** Finished export files are kept this long, then removed when the workspace's next export runs. */
const KEEP_FILES_MS = 7 * 24 * 60 * 60 * 1000;
export const EXPORT_JOB = 'crm.export';
export const EXPORT_ENTITIES = ['people', 'companies', 'deals'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];
const TABLES: Record<ExportEntity, string> = { people: 'crm_people', companies: 'crm_companies', deals: 'crm_deals' };

/**
 * CSV export of any list view: the list's own query (same filters, search and sort) read page by
 * page with its keyset cursor and streamed out, so a 1,000,000-row view never sits in memory. The
 * header uses the API's field names (language-neutral, and what the import maps automatically,
 * so an export re-imports as is); UTF-8 with a BOM, so Excel shows Cyrillic correctly. Every cell
 * goes through csv-safe.ts (a formula is written as text).
 *
 * Not starving the server: PGlite runs in this process's thread, and the page queries resolve
 * without ever returning to the event loop, so a download read as fast as the client takes it
 * (402k people) kept /healthz waiting ~18 s. Every page is one keyset statement of bounded size, and
 * the stream yields to the event loop (setImmediate) between pages.
 *
 * Two ways out:
 * - `GET …/export.csv` streams the CSV in the response, whatever its size: existing clients (curl,
 *   scripts) keep working. A client that sends `Prefer: respond-async` gets 202 and a job instead
 *   when the workspace holds more than SYNC_MAX_ROWS rows of the entity.
 * - `POST …/export` (what the web UI uses) always queues a job (EXPORT_JOB): it reads chunks of
 *   JOB_PAGE rows, writes the file under the import directory (`<importDir>/<ws>/exports/`),
 *   yields between chunks, reports progress on the jobs API, and `GET /exports/{jobId}/download`
 *   serves the file when it is done. A long download no longer ties up a request (or a proxy's timeout).
 */
export class Exports {
  pageSize = EXPORT_PAGE;
  jobPageSize = JOB_PAGE;
  syncMaxRows = SYNC_MAX_ROWS;

  constructor(
    private deps: CrmDeps,
    private parts: { people: () => People; companies: () => Companies; deals: () => Deals },
  ) {
    deps.jobs.define<{ entity: ExportEntity; query: Record<string, unknown>; fileName: string }>({
      name: EXPORT_JOB,
      retryLimit: 2,
      expireInSeconds: 6 * 60 * 60,
      handler: (data, ctx) => this.runJob(ctx.workspaceId, data, ctx),
    });
  }

  /** The CSV of an entity's list view (same query as the list). */
  open(
    ws: string,
    entity: ExportEntity,
    q: Record<string, any>,
    pageSize = this.pageSize,
    onRows?: (n: number) => void,
  ): Promise<Readable> {
    if (entity === 'people') return this.people(ws, q as any, pageSize, onRows);
    if (entity === 'companies') return this.companies(ws, q, pageSize, onRows);
    return this.deals(ws, q as any, pageSize, onRows);
  }

  /** More than `syncMaxRows` live rows of the entity in the workspace? One bounded statement (LIMIT). */
  async isLarge(ws: string, entity: ExportEntity): Promise<boolean> {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM ${sql.table(TABLES[entity])} WHERE workspace_id = ${ws} AND deleted_at IS NULL LIMIT ${this.syncMaxRows + 1}) x`.execute(
      this.deps.db,
    );
    return Number(r.rows[0]?.n ?? 0) > this.syncMaxRows;
  }

  /** Queues an export job; the query was validated by the route (the list's own parameters). */
  async start(
    ws: string,
    entity: ExportEntity,
    query: Record<string, unknown>,
  ): Promise<{ jobId: string; statusUrl: string; downloadUrl: string; fileName: string }> {
    // The first page is read now: a bad filter is a 400 here, not a failed job later.
    (await this.open(ws, entity, query, 1)).destroy();
    const fileName = `${entity}-${new Date().toISOString().slice(0, 10)}.csv`;
    const jobId = await this.deps.jobs.enqueue(ws, EXPORT_JOB, { entity, query, fileName });
    return { jobId, statusUrl: `/api/v1/jobs/${jobId}`, downloadUrl: `/api/v1/exports/${jobId}/download`, fileName };
  }

  private filesDir(ws: string) {
    return join(this.deps.config.importDir, ws, 'exports');
  }

  /** The job: chunks of jobPageSize rows to a file (a temporary name until complete), progress as it goes. */
  async runJob(
    ws: string,
    data: { entity: ExportEntity; query: Record<string, unknown>; fileName: string },
    ctx: Pick<JobContext, 'id' | 'progress'>,
  ) {
    const dir = this.filesDir(ws);
    await mkdir(dir, { recursive: true });
    await this.removeOld(dir);
    const estimate = await this.estimate(ws, data.entity);
    const path = join(dir, `${ctx.id}.csv`);
    const partial = `${path}.part`;
    const out = createWriteStream(partial);
    let rows = 0;
    try {
      const stream = await this.open(ws, data.entity, data.query, this.jobPageSize, (n) => (rows += n));
      for await (const chunk of stream) {
        await write(out, chunk as string | Buffer);
        await ctx.progress(Math.min(0.99, rows / Math.max(estimate, rows + 1)), `${rows.toLocaleString('en')} rows`);
      }
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      await rename(partial, path);
    } catch (e) {
      out.destroy();
      await rm(partial, { force: true });
      throw e;
    }
    const bytes = (await stat(path)).size;
    return { rows, bytes, fileName: data.fileName, downloadUrl: `/api/v1/exports/${ctx.id}/download` };
  }

  /** A finished export's file, for its workspace only. */
  async file(ws: string, jobId: string): Promise<{ stream: Readable; fileName: string }> {
    const job = await this.deps.jobs.get(ws, jobId).catch(() => null);
    if (!job || job.name !== EXPORT_JOB) throw notFound('Export');
    if (job.state !== 'completed')
      throw new AppError('CONFLICT', `The export is not ready (${job.state}); follow it at /api/v1/jobs/${jobId}`);
    const path = join(this.filesDir(ws), `${jobId}.csv`);
    try {
      await stat(path);
    } catch {
      throw new AppError('NOT_FOUND', 'The export file is gone (files are kept for 7 days); export again');
    }
    return { stream: createReadStream(path), fileName: String(job.data.fileName ?? `${jobId}.csv`) };
  }

  /** The entity's live rows in the workspace, for progress: counted in bounded keyset chunks, yielding between them. */
  private async estimate(ws: string, entity: ExportEntity): Promise<number> {
    const id = sql.ref(entity === 'people' ? 'person_id' : 'id');
    let total = 0;
    let after: string | null = null;
    for (;;) {
      const r: { rows: { n: number; last: string | null }[] } = await sql<{ n: number; last: string | null }>`
        SELECT count(*)::int AS n, max(k::text) AS last FROM (
          SELECT ${id} AS k FROM ${sql.table(TABLES[entity])} WHERE workspace_id = ${ws} AND deleted_at IS NULL ${after ? sql`AND ${id} > ${after}::uuid` : sql``}
          ORDER BY ${id} LIMIT ${COUNT_CHUNK}) x`.execute(this.deps.db);
      total += Number(r.rows[0]?.n ?? 0);
      after = r.rows[0]?.last ?? null;
      if (Number(r.rows[0]?.n ?? 0) < COUNT_CHUNK || !after) return total;
      await yieldToEventLoop();
    }
  }

  private async removeOld(dir: string) {
    const now = Date.now();
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      const p = join(dir, f);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs > KEEP_FILES_MS) await rm(p, { force: true });
    }
  }

  async people(
    ws: string,
    q: Omit<PeopleListQuery, 'limit' | 'cursor'>,
    pageSize = this.pageSize,
    onRows?: (n: number) => void,
  ): Promise<Readable> {
    const [cfs, emails] = await Promise.all([this.customFields(ws, 'person'), this.memberEmails(ws)]);
    const columns: Column[] = [
      ['id', (p) => p.id],
      ['firstName', (p) => p.firstName],
      ['lastName', (p) => p.lastName],
      ['email', (p) => p.emails],
      ['phone', (p) => p.phones],
      ['company', (p) => p.company?.name],
      ['position', (p) => p.position],
      ['ownerEmail', (p) => (p.ownerId ? emails.get(p.ownerId) : null)],
      ['lifecycleStage', (p) => p.lifecycleStage],
      ['source', (p) => p.source],
      ['street', (p) => p.street],
      ['city', (p) => p.city],
      ['region', (p) => p.region],
      ['country', (p) => p.country],
      ['postalCode', (p) => p.postalCode],
      ['birthday', (p) => p.birthday],
      ['tags', (p) => p.tags],
      ['externalId', (p) => p.externalId],
      ['createdAt', (p) => p.createdAt],
      ['updatedAt', (p) => p.updatedAt],
      ...cfs,
    ];
    return this.stream(columns, (cursor) => this.parts.people().list(ws, { ...q, limit: pageSize, cursor }), onRows);
  }

  async companies(
    ws: string,
    q: Record<string, any>,
    pageSize = this.pageSize,
    onRows?: (n: number) => void,
  ): Promise<Readable> {
    const [cfs, emails] = await Promise.all([this.customFields(ws, 'company'), this.memberEmails(ws)]);
    const columns: Column[] = [
      ['id', (c) => c.id],
      ['name', (c) => c.name],
      ['domain', (c) => c.domain],
      ['industry', (c) => c.industry],
      ['size', (c) => c.size],
      ['phone', (c) => c.phone],
      ['website', (c) => c.website],
      ['ownerEmail', (c) => (c.ownerId ? emails.get(c.ownerId) : null)],
      ['street', (c) => c.street],
      ['city', (c) => c.city],
      ['region', (c) => c.region],
      ['country', (c) => c.country],
      ['postalCode', (c) => c.postalCode],
      ['tags', (c) => c.tags],
      ['externalId', (c) => c.externalId],
      ['createdAt', (c) => c.createdAt],
      ['updatedAt', (c) => c.updatedAt],
      ...cfs,
    ];
    return this.stream(
      columns,
      (cursor) => this.parts.companies().list(ws, { ...q, limit: pageSize, cursor } as any),
      onRows,
    );
  }

  async deals(
    ws: string,
    q: Omit<DealListQuery, 'limit' | 'cursor'>,
    pageSize = this.pageSize,
    onRows?: (n: number) => void,
  ): Promise<Readable> {
    const [cfs, emails, pipelines] = await Promise.all([
      this.customFields(ws, 'deal'),
      this.memberEmails(ws),
      this.deps.db.selectFrom('crm_pipelines').select(['id', 'name']).where('workspace_id', '=', ws).execute(),
    ]);
    const pipelineName = new Map(pipelines.map((p) => [p.id, p.name]));
    const columns: Column[] = [
      ['id', (d) => d.id],
      ['title', (d) => d.title],
      ['pipeline', (d) => pipelineName.get(d.pipelineId)],
      ['stage', (d) => d.stage?.name],
      ['status', (d) => d.status],
      ['amount', (d) => d.amount],
      ['currency', (d) => d.currency],
      ['probability', (d) => d.probability],
      ['expectedClose', (d) => d.expectedClose],
      ['ownerEmail', (d) => (d.ownerId ? emails.get(d.ownerId) : null)],
      ['person', (d) => d.person?.name],
      ['company', (d) => d.company?.name],
      ['source', (d) => d.source],
      ['campaign', (d) => d.campaign],
      ['region', (d) => d.region],
      ['closeReason', (d) => d.closeReason],
      ['closedAt', (d) => d.closedAt],
      ['tags', (d) => d.tags],
      ['externalId', (d) => d.externalId],
      ['createdAt', (d) => d.createdAt],
      ['updatedAt', (d) => d.updatedAt],
      ...cfs,
    ];
    return this.stream(columns, (cursor) => this.parts.deals().list(ws, { ...q, limit: pageSize, cursor }), onRows);
  }

  private async customFields(ws: string, entity: string): Promise<Column[]> {
    const defs = await this.deps.db
      .selectFrom('crm_custom_fields')
      .select(['key'])
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity)
      .orderBy('position')
      .orderBy('key')
      .execute();
    return defs.map((d) => [`cf.${d.key}`, (r: any) => r.customFields?.[d.key]] as Column);
  }

  private async memberEmails(ws: string): Promise<Map<string, string>> {
    const rows = await this.deps.db
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email'])
      .where('m.workspace_id', '=', ws)
      .execute();
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  /**
   * Pages are fetched as the client reads (the stream pulls), so a slow download holds no rows.
   * The first page is read before anything is sent: a bad filter is then a 400, not a download
   * cut short after its headers went out. Between pages the event loop runs (see the class note).
   */
  private async stream(
    columns: Column[],
    page: (cursor: string | undefined) => Promise<Page>,
    onRows?: (n: number) => void,
  ): Promise<Readable> {
    const first = await page(undefined);
    async function* lines() {
      yield '\ufeff' + csvRow(columns.map(([h]) => h));
      let p = first;
      for (;;) {
        if (p.data.length) {
          onRows?.(p.data.length);
          yield csvLines(p.data.map((r) => columns.map(([, v]) => v(r))));
        }
        if (!p.nextCursor) return;
        await yieldToEventLoop();
        p = await page(p.nextCursor);
      }
    }
    return Readable.from(lines(), { objectMode: false });
  }
}

const write = (w: WriteStream, chunk: string | Buffer) =>
  new Promise<void>((resolve, reject) => w.write(chunk, (e) => (e ? reject(e) : resolve())));
