import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse, type Parser } from 'csv-parse';
import { csvLines, csvRow } from '../core/csv-safe.ts';
import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { newId } from '../core/ids.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import { identityKey, type Identity } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import { SAMPLE_BYTES, decodeSample, decoder, detectDelimiter, detectEncoding, type CsvDelimiter, type CsvEncoding } from './csv-encoding.ts';
import {
  CellError,
  IMPORT_FIELDS,
  UPSERT_KEYS,
  customValue,
  date,
  emails,
  lifecycle,
  list,
  number,
  phone,
  phones,
  splitFullName,
  suggestMapping,
  text,
  type CustomFieldDef,
  type ImportEntity,
  type RowErrorCode,
} from './import-fields.ts';
import { foldText, searchText } from './search-text.ts';

export { IMPORT_ENTITIES, IMPORT_FIELDS, ROW_ERROR_CODES, type ImportEntity, type RowErrorCode } from './import-fields.ts';

export const IMPORT_JOB = 'crm.import';
export type UpsertBy = 'email' | 'phone' | 'externalId' | null;
const PREVIEW_ROWS = 10;
/** Rows per write transaction: big enough that statement overhead vanishes, small enough to keep a batch's JSON in a few MB. */
export const DEFAULT_BATCH = 5000;
/** A record longer than this is a runaway quote, not data: the parser stops instead of buffering the file. */
const MAX_RECORD_BYTES = 1024 * 1024;

export interface ImportView {
  id: string;
  entity: string;
  fileName: string;
  encoding: string;
  delimiter: string;
  mapping: Record<string, string>;
  upsertBy: string | null;
  status: string;
  totalRows: number | null;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  failedRows: number;
  /** 0…1 while running (share of rows done), 1 when done. */
  progress: number;
  hasErrorsFile: boolean;
  error: string | null;
  jobId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface UploadResult extends ImportView {
  columns: string[];
  preview: string[][];
  suggestedMapping: Record<string, string>;
}

type Row = Record<string, any>;

/**
 * CSV import of people, companies and deals. Upload → the file is kept on disk, checked (encoding,
 * delimiter, well-formed CSV, row count) and previewed; start → a job streams it through the
 * decoder and csv-parse, validates each row and writes good rows in batches, one transaction per
 * batch with set-based SQL; bad rows go to an errors CSV with the reason. The file is never held in
 * memory as a whole, and a batch's counts commit with its rows, so a retried job resumes after the
 * last committed batch.
 */
export class Imports {
  batchSize = DEFAULT_BATCH;

  constructor(private deps: CrmDeps) {
    deps.webhooks.registerEntity('import', 'Import');
    deps.jobs.define<{ importId: string }>({
      name: IMPORT_JOB,
      retryLimit: 2,
      expireInSeconds: 6 * 60 * 60,
      handler: async (data, ctx) => {
        try {
          return await this.run(ctx.workspaceId, data.importId, ctx);
        } catch (e) {
          // The last attempt: the import shows as failed instead of running forever.
          if (ctx.attempt >= 3) await this.markFailed(ctx.workspaceId, data.importId, `Import failed: ${(e as Error).message}`);
          throw e;
        }
      },
    });
  }

  private dir(ws: string) {
    return join(this.deps.config.importDir, ws);
  }

  // ---------------------------------------------------------------- upload

  async upload(actor: Actor, input: { entity: ImportEntity; fileName: string; file: Readable }): Promise<UploadResult> {
    const ws = actor.workspaceId;
    const id = newId();
    await mkdir(this.dir(ws), { recursive: true });
    const path = join(this.dir(ws), `${id}.csv`);
    try {
      await pipeline(input.file, createWriteStream(path));
      if ((input.file as any).truncated) throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${this.deps.config.importMaxBytes} bytes`);
      const a = await this.analyse(path);
      const defs = await this.customFieldDefs(this.deps.db, ws, input.entity);
      const row = await this.deps.db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('crm_imports')
          .values({
            workspace_id: ws,
            id,
            entity: input.entity,
            file_name: input.fileName.slice(0, 255),
            file_path: path,
            encoding: a.encoding,
            delimiter: a.delimiter,
            mapping: '{}',
            total_rows: a.rows,
            created_by: actor.label,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, actor, { action: 'create', entityType: 'import', entityId: id, after: { entity: input.entity, fileName: r.file_name, rows: a.rows }, record: view(r) as any });
        return r;
      });
      return { ...view(row), columns: a.columns, preview: a.preview, suggestedMapping: suggestMapping(input.entity, a.columns, defs) };
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
  }

  /** Encoding, delimiter, header, preview and row count; a malformed file is refused naming the line. */
  private async analyse(path: string) {
    const fh = await open(path, 'r');
    let sample: Buffer;
    let size: number;
    try {
      size = (await fh.stat()).size;
      const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      sample = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    const encoding = detectEncoding(sample, size <= SAMPLE_BYTES);
    const delimiter = detectDelimiter(decodeSample(sample, encoding));
    let columns: string[] | null = null;
    const preview: string[][] = [];
    let rows = 0;
    try {
      for await (const rec of this.records(path, encoding, delimiter)) {
        if (!columns) {
          columns = dedupeHeader(rec as string[]);
          continue;
        }
        rows++;
        if (preview.length < PREVIEW_ROWS) preview.push(rec as string[]);
      }
    } catch (e) {
      throw malformed(e);
    }
    if (!columns || !columns.some(Boolean)) throw new AppError('MALFORMED_CSV', 'The file has no header row', [{ path: 'file', message: 'no header row' }]);
    return { encoding, delimiter, columns, preview, rows };
  }

  private records(path: string, encoding: CsvEncoding, delimiter: string, onBytes?: (n: number) => void): Parser {
    const rs = createReadStream(path, { highWaterMark: 256 * 1024 });
    if (onBytes) rs.on('data', (c) => onBytes(c.length));
    const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES });
    const dec = decoder(encoding);
    rs.on('error', (e) => parser.destroy(e));
    if (dec) {
      dec.on('error', (e) => parser.destroy(e));
      rs.pipe(dec).pipe(parser);
    } else rs.pipe(parser);
    return parser;
  }

  // ---------------------------------------------------------------- start, read

  async start(actor: Actor, id: string, input: { mapping: Record<string, string>; upsertBy: UpsertBy }): Promise<ImportView> {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('crm_imports').selectAll().where('workspace_id', '=', ws).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) throw notFound('Import');
      if (uploadExpired(row)) throw new AppError('CONFLICT', 'The upload has expired: upload the file again');
      if (row.status !== 'uploaded') throw new AppError('CONFLICT', `The import is already ${row.status}`);
      const entity = row.entity as ImportEntity;
      const columns = await this.header(row.file_path, row.encoding as CsvEncoding, row.delimiter);
      const defs = await this.customFieldDefs(trx, ws, entity);
      const mapping = checkMapping(entity, input.mapping, columns, defs, input.upsertBy);
      const updated = await trx
        .updateTable('crm_imports')
        .set({ mapping: JSON.stringify(mapping), upsert_by: input.upsertBy, status: 'queued', updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const jobId = await this.deps.jobs.enqueue(ws, IMPORT_JOB, { importId: id }, { trx });
      await trx.updateTable('crm_imports').set({ job_id: jobId }).where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.deps.audit.record(trx, actor, {
        action: 'start',
        entityType: 'import',
        entityId: id,
        before: { status: row.status },
        after: { status: 'queued', mapping, upsertBy: input.upsertBy },
        record: view({ ...updated, job_id: jobId }) as any,
      });
      return view({ ...updated, job_id: jobId });
    });
  }

  private async header(path: string, encoding: CsvEncoding, delimiter: string): Promise<string[]> {
    const parser = this.records(path, encoding, delimiter);
    try {
      for await (const rec of parser) return dedupeHeader(rec as string[]);
    } finally {
      parser.destroy();
    }
    return [];
  }

  async get(ws: string, id: string): Promise<ImportView> {
    const row = await this.deps.db.selectFrom('crm_imports').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Import');
    return view(row);
  }

  async list(ws: string, q: { limit: number; cursor?: string; entity?: string; status?: string }) {
    const c = decodeCursor<{ id: string }>(q.cursor);
    let query = this.deps.db.selectFrom('crm_imports').selectAll().where('workspace_id', '=', ws);
    if (q.entity) query = query.where('entity', '=', q.entity);
    const cutoff = new Date(Date.now() - UPLOAD_TTL_MS);
    if (q.status === 'expired') query = query.where('status', '=', 'uploaded').where('created_at', '<', cutoff);
    else if (q.status === 'uploaded') query = query.where('status', '=', 'uploaded').where('created_at', '>=', cutoff);
    else if (q.status) query = query.where('status', '=', q.status);
    if (c) query = query.where('id', '<', String(c.id));
    // ids are UUIDv7: their order is the upload order.
    const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
    return keysetPage(rows, q.limit, view, (last) => ({ id: last.id }));
  }

  /**
   * The errors CSV (original columns + `error`) as a stream, or 404 when the import has not produced one.
   * `errorColumn` names the last column in the reader's language (the file is written with "error").
   */
  async errorsFile(ws: string, id: string, errorColumn = 'error'): Promise<{ stream: Readable; fileName: string }> {
    const row = await this.deps.db.selectFrom('crm_imports').select(['errors_path', 'file_name']).where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Import');
    if (!row.errors_path) throw new AppError('NOT_FOUND', 'This import has no errors file yet: it is produced when the import runs');
    try {
      await stat(row.errors_path);
    } catch {
      throw new AppError('NOT_FOUND', 'The errors file is no longer available');
    }
    const fileName = `${row.file_name.replace(/\.csv$/i, '')}.errors.csv`;
    const columns = errorColumn === 'error' ? null : await this.errorColumns(row.errors_path);
    if (!columns) return { stream: createReadStream(row.errors_path), fileName };
    // The header row as written is skipped by its byte length and a translated one sent instead.
    const written = Buffer.byteLength('\ufeff' + csvRow([...columns, 'error']));
    const header = '\ufeff' + csvRow([...columns, errorColumn]);
    const rest = createReadStream(row.errors_path, { start: written });
    return { stream: Readable.from((async function* () { yield Buffer.from(header); yield* rest; })()), fileName };
  }

  /** The header the errors file was written with (first line of the error list), or null for files without one. */
  private async errorColumns(errorsPath: string): Promise<string[] | null> {
    const lines = createInterface({ input: createReadStream(errorListPath(errorsPath)).on('error', () => {}), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        const first = JSON.parse(line) as { columns?: string[] };
        return Array.isArray(first.columns) ? first.columns : null;
      }
    } catch {
      return null;
    } finally {
      lines.close();
    }
    return null;
  }

  /** The rows an import refused, for the report on the page: row (the file's line number), field, code, message. */
  async rowErrors(ws: string, id: string, q: { offset: number; limit: number }): Promise<{ data: ImportRowError[]; total: number; offset: number }> {
    const row = await this.deps.db.selectFrom('crm_imports').select(['errors_path', 'failed_rows']).where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Import');
    const data: ImportRowError[] = [];
    if (row.errors_path) {
      try {
        await stat(errorListPath(row.errors_path));
        const lines = createInterface({ input: createReadStream(errorListPath(row.errors_path)), crlfDelay: Infinity });
        let i = 0;
        for await (const line of lines) {
          if (!line) continue;
          const e = JSON.parse(line) as ImportRowError & { columns?: unknown };
          if (e.columns) continue;
          if (i++ < q.offset) continue;
          data.push({ row: e.row, field: e.field ?? null, code: e.code, message: e.message });
          if (data.length >= q.limit) break;
        }
        lines.close();
      } catch {
        // an import run before row errors were listed: the CSV is all there is
      }
    }
    return { data, total: row.failed_rows, offset: q.offset };
  }

  // ---------------------------------------------------------------- the job

  async run(ws: string, id: string, ctx?: Pick<JobContext, 'progress'>): Promise<{ created: number; updated: number; failed: number }> {
    const db = this.deps.db;
    const row = await db.selectFrom('crm_imports').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`import ${id} not found`);
    if (row.status === 'done' || row.status === 'failed') return { created: row.created_rows, updated: row.updated_rows, failed: row.failed_rows };
    const entity = row.entity as ImportEntity;
    const mapping = row.mapping as Record<string, string>;
    const errorsPath = row.file_path.replace(/\.csv$/, '') + '.errors.csv';
    // A retried job resumes after the rows its committed batches counted.
    const resumeAfter = row.processed_rows;
    await db.updateTable('crm_imports').set({ status: 'running', errors_path: errorsPath, updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).execute();
    let errors: WriteStream | null = null;
    let errorList: WriteStream | null = null;
    let writing: Promise<void> = Promise.resolve();
    let finishing: Promise<void> = Promise.resolve();
    let finishError: unknown = null;
    const counts = { processed: row.processed_rows, created: row.created_rows, updated: row.updated_rows, failed: row.failed_rows };
    try {
      const size = (await stat(row.file_path)).size;
      let bytes = 0;
      const parser = this.records(row.file_path, row.encoding as CsvEncoding, row.delimiter, (n) => (bytes += n));
      const ctxBatch = await this.context(ws, entity, mapping, row.upsert_by as UpsertBy);
      let columns: string[] | null = null;
      let index: { field: string; col: number }[] = [];
      type Parsed = { bad: Rejected[]; good: { n: number; cells: string[]; value: Row }[]; bytes: number };
      let batch: Parsed = { bad: [], good: [], bytes: 0 };
      let n = 0;
      errors = createWriteStream(errorsPath, { flags: resumeAfter > 0 ? 'a' : 'w' });
      errorList = createWriteStream(errorListPath(errorsPath), { flags: resumeAfter > 0 ? 'a' : 'w' });
      const commitCounts = async (trx: Tx, rows: number, w: WriteResult, bad: number) => {
        counts.processed += rows;
        counts.created += w.created;
        counts.updated += w.updated;
        counts.failed += bad + w.rejected.length;
        await trx
          .updateTable('crm_imports')
          .set({ processed_rows: counts.processed, created_rows: counts.created, updated_rows: counts.updated, failed_rows: counts.failed, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      };
      // Bulk-load settings for a transaction: index entries of a batch collect in the GIN pending
      // lists and are merged in large sorted runs (flushed at the end of the run); a crash loses at
      // most the last batches, and their counts with them, so a retry redoes them.
      const bulk = (trx: Tx) => sql.raw(`SET LOCAL gin_pending_list_limit = '${GIN_PENDING}'; SET LOCAL synchronous_commit = off`).execute(trx);
      const flush = async (b: Parsed) => {
        const rows = b.good.length + b.bad.length;
        if (!rows) return;
        const bad = b.bad;
        const result = await db.transaction().execute(async (trx) => {
          await bulk(trx);
          const w = await ctxBatch.write(trx, b.good);
          // A batch's counts commit with its last transaction.
          if (!w.finish) await commitCounts(trx, rows, w, bad.length);
          return w;
        });
        const rest = async () => {
          if (result.finish)
            await db.transaction().execute(async (trx) => {
              await bulk(trx);
              await result.finish!(trx);
              await commitCounts(trx, rows, result, bad.length);
            });
          for (const r of result.rejected) bad.push(r);
          bad.sort((a, b) => a.n - b.n);
          // Cells as the file had them, neutralised: a formula in the upload is not handed back live (csv-safe.ts).
          if (bad.length) await writeOut(errors!, csvLines(bad.map((x) => [...x.cells, `row ${x.n + 1}: ${x.error}`])));
          // The same rows for the report on the page: row number (the file's line), field, code, message.
          if (bad.length) await writeOut(errorList!, bad.map((x) => JSON.stringify({ row: x.n + 1, field: x.field, code: x.code, message: x.error }) + '\n').join(''));
          await ctx?.progress(size ? Math.min(0.999, b.bytes / size) : 0, `${counts.processed} rows`);
        };
        // The second transaction runs on while the next batch is read and its identities resolved;
        // second transactions still commit one after another, in file order.
        finishing = finishing.then(rest);
        finishing.catch((e) => (finishError ??= e));
        if (!result.finish) return await finishing;
        const entry = { ids: result.persons ?? new Set<string>(), ext: result.externalIds ?? new Set<string>(), done: finishing.catch(() => {}) };
        ctxBatch.inflight?.push(entry);
        void entry.done.then(() => ctxBatch.inflight?.splice(ctxBatch.inflight.indexOf(entry), 1));
        // Backpressure: first transactions are quicker than the CRM rows' second ones, and without a
        // bound the batches waiting for theirs piled up in memory (2 GB at a million rows).
        while ((ctxBatch.inflight?.length ?? 0) > MAX_PENDING_FINISH) await ctxBatch.inflight![0].done;
      };
      // One batch is written while the next is read and validated: the database works while this
      // process parses, instead of each waiting for the other. Batches still commit in file order.
      const submit = async (b: Parsed) => {
        await writing;
        if (finishError) throw finishError;
        writing = flush(b);
        writing.catch(() => {}); // seen by the next await
      };
      for await (const rec of parser) {
        if (!columns) {
          columns = dedupeHeader(rec as string[]);
          index = Object.entries(mapping)
            .map(([col, field]) => ({ field, col: columns!.indexOf(col) }))
            .filter((m) => m.col >= 0);
          if (resumeAfter === 0) {
            await writeOut(errors, '\ufeff' + csvRow([...columns, 'error']));
            // The header as written, so that the download can put a translated one in its place.
            await writeOut(errorList!, JSON.stringify({ columns }) + '\n');
          }
          continue;
        }
        n++;
        if (n <= resumeAfter) continue;
        const cells = rec as string[];
        try {
          batch.good.push({ n, cells, value: ctxBatch.parse(cells, index) });
        } catch (e) {
          if (!(e instanceof CellError)) throw e;
          batch.bad.push({ n, cells, error: e.message, code: e.code, field: e.field });
        }
        if (batch.good.length + batch.bad.length >= this.batchSize) {
          batch.bytes = bytes;
          await submit(batch);
          batch = { bad: [], good: [], bytes: 0 };
        }
      }
      batch.bytes = bytes;
      await submit(batch);
      await writing;
      await finishing;
      await new Promise<void>((r, j) => errors!.end((e?: Error | null) => (e ? j(e) : r())));
      await new Promise<void>((r, j) => errorList!.end((e?: Error | null) => (e ? j(e) : r())));
      await flushGinPending(db, entity);
      // A big load changes the tables' shape at once; fresh statistics keep the list and search
      // plans right from the first query instead of after autovacuum gets round to it.
      if (counts.processed >= ANALYZE_AFTER_ROWS) for (const t of ANALYZE_TABLES[entity]) await sql.raw(`ANALYZE ${t}`).execute(db);
      await db
        .updateTable('crm_imports')
        .set({ status: 'done', total_rows: counts.processed, finished_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await db.transaction().execute(async (trx) => {
        const done = await trx.selectFrom('crm_imports').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, { workspaceId: ws, type: 'system', id: null, label: `import ${row.file_name}`, role: 'admin', channel: 'import' }, {
          action: 'finish',
          entityType: 'import',
          entityId: id,
          before: { status: 'running' },
          after: { status: 'done', created: counts.created, updated: counts.updated, failed: counts.failed },
          record: view(done) as any,
        });
      });
      return { created: counts.created, updated: counts.updated, failed: counts.failed };
    } catch (e) {
      // The batches in flight commit or roll back before the import's state is set.
      await writing.catch(() => {});
      await finishing.catch(() => {});
      errors?.destroy();
      errorList?.destroy();
      const message = e instanceof AppError || e instanceof CellError ? e.message : `Import failed: ${(e as Error).message}`;
      const csvErr = (e as any)?.code?.startsWith?.('CSV_');
      // A file that cannot be read as CSV will not get better on a retry; a database hiccup might.
      if (csvErr || e instanceof AppError) {
        await db.updateTable('crm_imports').set({ status: 'failed', error: csvErr ? malformed(e).message : message, finished_at: new Date(), updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).execute();
        return { created: counts.created, updated: counts.updated, failed: counts.failed };
      }
      await db.updateTable('crm_imports').set({ error: message, updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).execute();
      throw e;
    }
  }

  /** Marks an import failed for good (the job gave up after its retries). */
  async markFailed(ws: string, id: string, message: string) {
    await this.deps.db.updateTable('crm_imports').set({ status: 'failed', error: message, finished_at: new Date(), updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).execute();
  }

  private async customFieldDefs(db: DbOrTx, ws: string, entity: ImportEntity): Promise<(CustomFieldDef & { label: string })[]> {
    const e = entity === 'people' ? 'person' : entity === 'companies' ? 'company' : 'deal';
    const rows = await db.selectFrom('crm_custom_fields').select(['key', 'label', 'type', 'options']).where('workspace_id', '=', ws).where('entity', '=', e).execute();
    return rows.map((r) => ({ key: r.key, label: r.label, type: r.type, options: (r.options as unknown as string[]) ?? [] }));
  }

  /** What the rows of one import are parsed and written with (lookups loaded once per run). */
  private async context(ws: string, entity: ImportEntity, mapping: Record<string, string>, upsertBy: UpsertBy) {
    const defs = new Map((await this.customFieldDefs(this.deps.db, ws, entity)).map((d) => [d.key, d]));
    const owners = new Map(
      (await this.deps.db.selectFrom('workspace_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.email']).where('m.workspace_id', '=', ws).execute()).map((u) => [u.email.toLowerCase(), u.id]),
    );
    const parse = (cells: string[], index: { field: string; col: number }[]) => parseRow(entity, cells, index, defs, owners);
    // On a server with connections to spare, people batches overlap (see PeopleWriter); PGlite has one connection.
    const split = !!this.deps.config.databaseUrl && this.deps.config.databasePoolSize >= 4;
    const writer = entity === 'people' ? new PeopleWriter(this.deps, ws, upsertBy, split) : entity === 'companies' ? new CompaniesWriter(ws, upsertBy) : new DealsWriter(this.deps, ws, upsertBy, await loadPipelines(this.deps.db, ws));
    void mapping;
    return { parse, write: (trx: Tx, rows: { n: number; cells: string[]; value: Row }[]) => writer.write(trx, rows), inflight: writer instanceof PeopleWriter ? writer.inflight : undefined };
  }
}

// ------------------------------------------------------------------ helpers

const GIN_PENDING = process.env.KT_IMPORT_GIN_PENDING ?? '64MB';
/** Batches whose CRM rows may wait for their second transaction at once (see run()'s flush). */
const MAX_PENDING_FINISH = 1;
const GIN_INDEXES: Record<ImportEntity, string[]> = {
  people: ['crm_people_search_idx', 'crm_people_tags_idx', 'crm_people_cf_idx', 'crm_companies_search_idx'],
  companies: ['crm_companies_search_idx'],
  deals: ['crm_deals_search_idx', 'crm_companies_search_idx'],
};
const ANALYZE_AFTER_ROWS = 10_000;
const ANALYZE_TABLES: Record<ImportEntity, string[]> = { people: ['crm_people', 'crm_companies'], companies: ['crm_companies'], deals: ['crm_deals'] };
/** Merges what the import left in the GIN pending lists, so that searches after it do not scan them. */
async function flushGinPending(db: DbOrTx, entity: ImportEntity) {
  for (const idx of GIN_INDEXES[entity]) await sql`SELECT gin_clean_pending_list(${idx}::regclass)`.execute(db);
}

/** Uploads not started within a day are expired: the file may be gone and the mapping forgotten. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const uploadExpired = (r: { status: string; created_at: Date | string }) => r.status === 'uploaded' && Date.now() - new Date(r.created_at).getTime() > UPLOAD_TTL_MS;
const errorListPath = (errorsPath: string) => errorsPath.replace(/\.csv$/, '') + '.jsonl';

export interface ImportRowError {
  row: number;
  field: string | null;
  code: RowErrorCode;
  message: string;
}

function view(r: any): ImportView {
  const progress = r.status === 'done' ? 1 : r.total_rows ? Math.min(1, r.processed_rows / r.total_rows) : 0;
  return {
    id: r.id,
    entity: r.entity,
    fileName: r.file_name,
    encoding: r.encoding,
    delimiter: r.delimiter,
    mapping: r.mapping ?? {},
    upsertBy: r.upsert_by,
    status: uploadExpired(r) ? 'expired' : r.status,
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    createdRows: r.created_rows,
    updatedRows: r.updated_rows,
    failedRows: r.failed_rows,
    progress,
    hasErrorsFile: !!r.errors_path && r.status !== 'uploaded' && r.status !== 'queued',
    error: r.error,
    jobId: r.job_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

/** Blank headers get a name, repeated ones a suffix, so that every column can be mapped. */
function dedupeHeader(h: string[]): string[] {
  const seen = new Map<string, number>();
  return h.map((c, i) => {
    let name = c.trim() || `column ${i + 1}`;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k) name = `${name} (${k + 1})`;
    return name;
  });
}

function malformed(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string; lines?: number };
  if (err?.code?.startsWith?.('CSV_') || err?.code === 'INVALID_OPENING_QUOTE') {
    const line = err.lines ? `line ${err.lines}` : 'the file';
    const what =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted value is never closed'
        : err.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quote inside a value is not escaped (write "" for a quote inside quotes)'
          : err.code === 'CSV_MAX_RECORD_SIZE'
            ? 'a row is longer than 1 MB (probably an unclosed quote)'
            : err.code === 'INVALID_OPENING_QUOTE' || err.code === 'CSV_INVALID_OPENING_QUOTE'
              ? 'a quote appears in the middle of an unquoted value'
              : (err.message ?? 'malformed');
    const msg = `Malformed CSV at ${line}: ${what}`;
    return new AppError('MALFORMED_CSV', msg, [{ path: 'file', message: msg }]);
  }
  throw e;
}

const writeOut = (w: WriteStream, s: string) => new Promise<void>((resolve, reject) => w.write(s, (e) => (e ? reject(e) : resolve())));

function checkMapping(entity: ImportEntity, mapping: Record<string, string>, columns: string[], defs: CustomFieldDef[], upsertBy: UpsertBy): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Map<string, string>();
  const multi = new Set(['email', 'phone', 'tags']);
  for (const [col, field] of Object.entries(mapping)) {
    if (!field) continue;
    if (!columns.includes(col)) throw invalid(`mapping.${col}`, 'no such column in the file');
    const known = IMPORT_FIELDS[entity].includes(field) || (field.startsWith('cf.') && defs.some((d) => `cf.${d.key}` === field));
    if (!known) throw invalid(`mapping.${col}`, `unknown field "${field}" for ${entity}`);
    // Several columns may feed emails, phones and tags ("Phone", "Mobile"); other fields take one.
    if (used.has(field) && !multi.has(field)) throw invalid(`mapping.${col}`, `field "${field}" is already mapped from column "${used.get(field)}"`);
    used.set(field, col);
    out[col] = field;
  }
  if (!Object.keys(out).length) throw invalid('mapping', 'map at least one column');
  if (upsertBy) {
    if (!UPSERT_KEYS[entity].includes(upsertBy)) throw invalid('upsertBy', `${entity} cannot be matched by ${upsertBy} (use ${UPSERT_KEYS[entity].join(', ')})`);
    if (![...used.keys()].includes(upsertBy)) throw invalid('upsertBy', `no column is mapped to ${upsertBy}`);
  }
  if (entity === 'companies' && !used.has('name')) throw invalid('mapping', 'map a column to name');
  if (entity === 'deals' && !used.has('title')) throw invalid('mapping', 'map a column to title');
  return out;
}

function parseRow(entity: ImportEntity, cells: string[], index: { field: string; col: number }[], defs: Map<string, CustomFieldDef>, owners: Map<string, string>): Row {
  const v: Row = { emails: [] as string[], phones: [] as string[], tags: [] as string[], customFields: {} as Record<string, unknown> };
  for (const { field, col } of index) {
    const cell = cells[col] ?? '';
    if (!cell.trim()) continue;
    switch (field) {
      case 'email':
        for (const e of emails(cell, field)) if (!v.emails.includes(e)) v.emails.push(e);
        break;
      case 'phone':
        if (entity === 'companies') {
          v.phone = phone(cell);
          if (!v.phone) throw new CellError(`phone: "${cell.trim()}" is not a valid phone number`, 'invalid_phone', 'phone');
        } else for (const p of phones(cell, field)) if (!v.phones.includes(p)) v.phones.push(p);
        break;
      case 'personEmail':
        v.personEmail = emails(cell, field)[0] ?? null;
        break;
      case 'personPhone':
        v.personPhone = phones(cell, field)[0] ?? null;
        break;
      case 'tags':
        for (const t of list(cell)) if (!v.tags.includes(t) && t.length <= 100) v.tags.push(t);
        break;
      case 'fullName': {
        const s = splitFullName(text(cell, field) ?? '');
        v.firstName ??= s.firstName;
        v.lastName ??= s.lastName;
        break;
      }
      case 'birthday':
      case 'expectedClose':
        v[field] = date(cell, field);
        break;
      case 'amount':
        v.amount = number(cell, field);
        break;
      case 'probability': {
        const p = number(cell.replace('%', ''), field);
        if (p !== null && (p < 0 || p > 100 || !Number.isInteger(p))) throw new CellError(`probability: "${cell.trim()}" must be a whole number 0–100`, 'invalid_probability', 'probability');
        v.probability = p;
        break;
      }
      case 'lifecycleStage':
        v.lifecycleStage = lifecycle(cell, field);
        break;
      case 'ownerEmail': {
        const id = owners.get(cell.trim().toLowerCase());
        if (!id) throw new CellError(`ownerEmail: "${cell.trim()}" is not a member of this workspace`, 'unknown_owner', 'ownerEmail');
        v.ownerId = id;
        break;
      }
      case 'currency': {
        const c = cell.trim().toUpperCase();
        const cur = c === 'РУБ' || c === 'РУБ.' || c === '₽' ? 'RUB' : c;
        if (!/^[A-Z]{3}$/.test(cur)) throw new CellError(`currency: "${cell.trim()}" is not a 3-letter currency code`, 'invalid_currency', 'currency');
        v.currency = cur;
        break;
      }
      default:
        if (field.startsWith('cf.')) {
          const def = defs.get(field.slice(3));
          if (def) {
            const val = customValue(def, cell);
            if (val !== null) v.customFields[def.key] = val;
          }
        } else v[field] = text(cell, field);
    }
  }
  if (entity === 'people' && !v.firstName && !v.lastName && !v.emails.length && !v.phones.length && !v.externalId)
    throw new CellError('the row has no name, email, phone or external id', 'no_identity');
  if (entity === 'companies' && !v.name) throw new CellError('name: required', 'required', 'name');
  if (entity === 'deals' && !v.title) throw new CellError('title: required', 'required', 'title');
  return v;
}

/** A row a writer refused, with why. */
interface Rejected {
  n: number;
  cells: string[];
  error: string;
  code: RowErrorCode;
  field: string | null;
}

interface WriteResult {
  created: number;
  updated: number;
  rejected: Rejected[];
  /** The batch's second transaction, when the writer splits its work in two (see PeopleWriter), and the persons it writes. */
  finish?: (trx: Tx) => Promise<void>;
  persons?: Set<string>;
  externalIds?: Set<string>;
}
type Good = { n: number; cells: string[]; value: Row };

/** Company ids by name (case-insensitive), creating the missing ones: "Компания" columns of people and deals. */
async function companyIds(trx: Tx, ws: string, names: string[], known?: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (known)
    names = names.filter((n) => {
      const id = known.get(foldText(n));
      if (id) out.set(foldText(n), id);
      return !id;
    });
  if (!names.length) return out;
  // Matched on lower(name) (indexed); both the typed form and the ё-folded one are asked for.
  const want = [...new Set(names.flatMap((n) => [n.trim().toLowerCase(), foldText(n)]))];
  const found = await sql<{ id: string; k: string }>`
    SELECT DISTINCT ON (lower(name)) id, lower(name) AS k FROM crm_companies
    WHERE workspace_id = ${ws} AND lower(name) = ANY(${want}::text[]) AND deleted_at IS NULL
    ORDER BY lower(name), created_at`.execute(trx);
  for (const r of found.rows) out.set(foldText(r.k), r.id);
  const fresh: { id: string; name: string; search: string }[] = [];
  for (const n of names) {
    const k = foldText(n);
    if (out.has(k)) continue;
    const id = newId();
    out.set(k, id);
    fresh.push({ id, name: n.trim(), search: searchText({ texts: [n] }) });
  }
  if (fresh.length)
    await sql`INSERT INTO crm_companies (workspace_id, id, name, search)
      SELECT ${ws}, x.id, x.name, x.search FROM jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) AS x(id uuid, name text, search text)`.execute(trx);
  if (known) for (const [k, id] of out) known.set(k, id);
  return out;
}

const PEOPLE_COLS = ['first_name', 'last_name', 'emails', 'phones', 'company_id', 'position', 'owner_id', 'lifecycle_stage', 'source', 'street', 'city', 'region', 'country', 'postal_code', 'birthday', 'tags', 'custom_fields', 'external_id', 'search'] as const;
const PEOPLE_TYPES: Record<string, string> = { emails: 'text[]', phones: 'text[]', tags: 'text[]', company_id: 'uuid', owner_id: 'uuid', birthday: 'date', custom_fields: 'jsonb' };
const FIELD_COLUMN: Record<string, string> = {
  firstName: 'first_name', lastName: 'last_name', position: 'position', ownerId: 'owner_id', lifecycleStage: 'lifecycle_stage', source: 'source', street: 'street', city: 'city', region: 'region', country: 'country',
  postalCode: 'postal_code', birthday: 'birthday', externalId: 'external_id', name: 'name', domain: 'domain', industry: 'industry', size: 'size', phone: 'phone', website: 'website', title: 'title', amount: 'amount',
  currency: 'currency', probability: 'probability', expectedClose: 'expected_close', campaign: 'campaign', closeReason: 'close_reason',
};

/** Existing values, overwritten by the row's non-empty cells; list fields are united. */
function mergeInto(existing: Row | null, v: Row, scalar: string[]): Row {
  const out: Row = existing ? { ...existing } : {};
  for (const f of scalar) {
    const col = FIELD_COLUMN[f];
    if (v[f] !== undefined && v[f] !== null) out[col] = v[f];
    else if (!(col in out)) out[col] = null;
  }
  const union = (a: string[] | undefined, b: string[]) => [...new Set([...(a ?? []), ...b])];
  out.tags = union(out.tags, v.tags ?? []);
  out.custom_fields = { ...(out.custom_fields ?? {}), ...(v.customFields ?? {}) };
  return out;
}

const PERSON_SCALARS = ['firstName', 'lastName', 'position', 'ownerId', 'lifecycleStage', 'source', 'street', 'city', 'region', 'country', 'postalCode', 'birthday', 'externalId'];

/**
 * People: identities (emails, phones) are resolved under the workspace's identity lock, so a batch
 * and live tracking never create the same person twice. A row whose email or phone already belongs
 * to a CRM person is that person when upserting by it, and a conflict otherwise (as in the API); a
 * tracked-only person with that identity is adopted.
 */
class PeopleWriter {
  /** Company ids by folded name, found or made by earlier batches of this run (a file names the same companies again and again). */
  private companies = new Map<string, string>();
  /** Batches whose CRM rows a second transaction is still writing (split mode): their persons, and when they are done. */
  readonly inflight: { ids: Set<string>; ext: Set<string>; done: Promise<void> }[] = [];

  constructor(
    private deps: CrmDeps,
    private ws: string,
    private upsertBy: UpsertBy,
    /** Write the CRM rows in a second transaction that overlaps the next batch (a server with connections to spare). */
    private split = false,
  ) {}

  async write(trx: Tx, rows: Good[]): Promise<WriteResult> {
    const ws = this.ws;
    const dir = this.deps.cdp.directory;
    const rejected: WriteResult['rejected'] = [];
    if (!rows.length) return { created: 0, updated: 0, rejected };
    await dir.lock(trx, ws);
    const ids: Identity[] = [];
    for (const r of rows) {
      for (const e of r.value.emails) ids.push({ kind: 'email', value: e });
      for (const p of r.value.phones) ids.push({ kind: 'phone', value: p });
    }
    const owner = await dir.resolve(trx, ws, dedupeIds(ids));
    const extIds = [...new Set(rows.map((r) => r.value.externalId).filter(Boolean))] as string[];
    for (const f of [...this.inflight]) if (extIds.some((x) => f.ext.has(x))) await f.done;
    const byExt = new Map<string, string>();
    if (extIds.length) {
      const r = await sql<{ person_id: string; external_id: string }>`
        SELECT person_id, external_id FROM crm_people WHERE workspace_id = ${ws} AND external_id = ANY(${extIds}::text[]) AND deleted_at IS NULL`.execute(trx);
      for (const x of r.rows) byExt.set(x.external_id, x.person_id);
    }
    // Which CRM rows exist for the persons the identities point at (live, deleted or none). A
    // person whose CRM row the previous batch is still writing is waited for, so that its row is
    // read as it will be (a repeated email is then a conflict or an update, never an adoption).
    const candidates = new Set<string>([...owner.values(), ...byExt.values()]);
    for (const f of [...this.inflight]) if ([...candidates].some((id) => f.ids.has(id))) await f.done;
    const existing = new Map<string, Row>();
    if (candidates.size) {
      const r = await sql<Row>`SELECT * FROM crm_people WHERE workspace_id = ${ws} AND person_id = ANY(${[...candidates]}::uuid[])`.execute(trx);
      for (const x of r.rows) existing.set(x.person_id, x);
    }
   
    const isCrm = (pid: string) => !!existing.get(pid) && !existing.get(pid)!.deleted_at;

    // Plan in file order: each row → a target person (new or existing); later rows of the same
    // person (upsert) merge into the same target.
    const planned = new Map<string, { row: Row; isNew: boolean; wasCrm: boolean; newIds: Identity[] }>();
    const claimed = new Map<string, string>(); // identity/external id key → person id (this batch)
    let created = 0;
    let updated = 0;
    const claim = (k: string) => claimed.get(k) ?? owner.get(k);
    for (const r of rows) {
      const v = r.value;
      const keys = [...v.emails.map((e: string) => identityKey('email', e)), ...v.phones.map((p: string) => identityKey('phone', p))];
      const extKey = v.externalId ? `ext\u0001${v.externalId}` : null;
      let target: string | null = null;
      if (this.upsertBy === 'email') target = v.emails.map((e: string) => claim(identityKey('email', e))).find(Boolean) ?? null;
      else if (this.upsertBy === 'phone') target = v.phones.map((p: string) => claim(identityKey('phone', p))).find(Boolean) ?? null;
      else if (this.upsertBy === 'externalId' && extKey) target = claimed.get(extKey) ?? byExt.get(v.externalId) ?? null;
      // Without a match, a tracked-only person holding one of the identities is adopted.
      if (!target) {
        const holder = keys.map(claim).find(Boolean);
        if (holder && !isCrm(holder) && !planned.has(holder)) target = holder;
      }
      let problem: Omit<Rejected, 'n' | 'cells'> | null = null;
      for (const k of keys) {
        const h = claim(k);
        if (h && h !== target && (isCrm(h) || planned.has(h))) {
          const [kind, value] = k.split('\u0001');
          problem = { code: 'identity_taken', field: kind, error: `${kind} ${value} already belongs to another person${this.upsertBy ? '' : ' (choose "update existing by email/phone" to update it)'}` };
          break;
        }
      }
      if (!problem && extKey) {
        const h = claimed.get(extKey) ?? byExt.get(v.externalId);
        if (h && h !== target) problem = { code: 'external_id_taken', field: 'externalId', error: `externalId ${v.externalId} already belongs to another person` };
      }
      if (problem) {
        rejected.push({ n: r.n, cells: r.cells, ...problem });
        continue;
      }
      const isNew = !target;
      const pid = target ?? newId();
      let p = planned.get(pid);
      if (!p) {
        const ex = existing.get(pid);
        const wasCrm = isCrm(pid);
        const base = wasCrm ? ex! : null;
        p = { row: mergeInto(base, {}, PERSON_SCALARS), isNew, wasCrm, newIds: [] };
        p.row.person_id = pid;
        p.row.emails = base?.emails ?? [];
        p.row.phones = base?.phones ?? [];
        planned.set(pid, p);
        if (wasCrm) updated++;
        else created++;
      } else updated++; // a later row of the same person: counted per row, as when it falls in a later batch
      p.row = { ...mergeInto(p.row, v, PERSON_SCALARS), person_id: pid, emails: [...new Set([...p.row.emails, ...v.emails])], phones: [...new Set([...p.row.phones, ...v.phones])], company_name: v.company ?? p.row.company_name };
      for (const k of keys) {
        if (claim(k) === pid) continue;
        claimed.set(k, pid);
        const [kind, value] = k.split('\u0001');
        p.newIds.push({ kind: kind as Identity['kind'], value });
      }
      if (extKey) claimed.set(extKey, pid);
    }

   
    const companyNames = [...planned.values()].map((p) => p.row.company_name).filter(Boolean) as string[];
    const companies = await companyIds(trx, ws, companyNames, this.companies);
    // Kept people's company stays in their search text.
    const keptCompanies = [...new Set([...planned.values()].filter((p) => !p.row.company_name && p.row.company_id).map((p) => p.row.company_id as string))];
    if (keptCompanies.length) {
      const r = await sql<{ id: string; name: string }>`SELECT id, name FROM crm_companies WHERE workspace_id = ${ws} AND id = ANY(${keptCompanies}::uuid[])`.execute(trx);
      const names = new Map(r.rows.map((c) => [c.id, c.name]));
      for (const p of planned.values()) if (!p.row.company_name && p.row.company_id) p.row.company_name_kept = names.get(p.row.company_id) ?? null;
    }
   
    const fresh = [...planned.entries()].filter(([, p]) => p.isNew);
    await dir.create(
      trx,
      ws,
      fresh.map(([id, p]) => ({ id, identities: p.newIds })),
    );
    const attach = [...planned.entries()].filter(([, p]) => !p.isNew).flatMap(([id, p]) => p.newIds.map((i) => ({ ...i, personId: id })));
    if (attach.length) {
      const taken = await dir.attachMany(trx, ws, attach);
      if (taken.length) throw new Error(`identities changed under the import lock: ${taken.length}`);
    }
   
    const out = [...planned.values()].map(({ row }) => {
      const companyId = row.company_name ? (companies.get(foldText(row.company_name)) ?? null) : row.company_id;
      const o: Row = { person_id: row.person_id };
      // Absent keys read as NULL in jsonb_to_recordset: a smaller document to build and to parse.
      for (const c of PEOPLE_COLS) if (row[c] !== null && row[c] !== undefined) o[c] = row[c];
      o.emails ??= [];
      o.phones ??= [];
      o.tags ??= [];
      o.custom_fields ??= {};
      o.company_id = companyId ?? null;
      o.lifecycle_stage = row.lifecycle_stage ?? 'lead';
      o.search = searchText({ texts: [row.first_name, row.last_name, row.company_name ?? row.company_name_kept ?? null, row.position, row.city], emails: row.emails, phones: row.phones });
      return o;
    });
   
    const cols = ['person_id', ...PEOPLE_COLS];
    const insert = async (t: Tx) => {
      await sql`
      INSERT INTO crm_people (workspace_id, ${sql.raw(cols.join(', '))})
      SELECT ${ws}, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb) AS x(${sql.raw(cols.map((c) => `${c} ${c === 'person_id' ? 'uuid' : (PEOPLE_TYPES[c] ?? 'text')}`).join(', '))})
      ON CONFLICT (workspace_id, person_id) DO UPDATE SET
        ${sql.raw(PEOPLE_COLS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))}, updated_at = now(), deleted_at = NULL
    `.execute(t);
    };
    if (!this.split) {
      await insert(trx);
      return { created, updated, rejected };
    }
    // Split: the persons and identities commit with this transaction, the CRM rows with the next
    // one, which runs while the following batch resolves its identities. A crash in between leaves
    // tracked-only persons, which the retried batch adopts (same ids): nothing is lost or doubled.
    return { created, updated, rejected, finish: insert, persons: new Set(out.map((o) => o.person_id as string)), externalIds: new Set(out.map((o) => o.external_id as string).filter(Boolean)) };
  }
}

function dedupeIds(ids: Identity[]): Identity[] {
  const seen = new Set<string>();
  return ids.filter((i) => {
    const k = identityKey(i.kind, i.value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const COMPANY_COLS = ['name', 'domain', 'industry', 'size', 'phone', 'website', 'owner_id', 'street', 'city', 'region', 'country', 'postal_code', 'tags', 'custom_fields', 'external_id', 'search'] as const;
const COMPANY_SCALARS = ['name', 'domain', 'industry', 'size', 'phone', 'website', 'ownerId', 'street', 'city', 'region', 'country', 'postalCode', 'externalId'];

class CompaniesWriter {
  constructor(
    private ws: string,
    private upsertBy: UpsertBy,
  ) {}

  async write(trx: Tx, rows: Good[]): Promise<WriteResult> {
    const ws = this.ws;
    const rejected: WriteResult['rejected'] = [];
    if (!rows.length) return { created: 0, updated: 0, rejected };
    const extIds = [...new Set(rows.map((r) => r.value.externalId).filter(Boolean))] as string[];
    const phonesWanted = this.upsertBy === 'phone' ? ([...new Set(rows.map((r) => r.value.phone).filter(Boolean))] as string[]) : [];
    const found = await sql<Row>`
      SELECT * FROM crm_companies WHERE workspace_id = ${ws} AND deleted_at IS NULL
        AND (external_id = ANY(${extIds}::text[]) OR phone = ANY(${phonesWanted}::text[]))
      ORDER BY created_at`.execute(trx);
    const byExt = new Map<string, Row>();
    const byPhone = new Map<string, Row>();
    const byId = new Map<string, Row>(found.rows.map((c) => [c.id, c]));
    for (const c of found.rows) {
      if (c.external_id) byExt.set(c.external_id, c);
      if (c.phone && !byPhone.has(c.phone)) byPhone.set(c.phone, c);
    }
    const planned = new Map<string, { row: Row; isNew: boolean }>();
    const claimedExt = new Map<string, string>();
    const claimedPhone = new Map<string, string>();
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const v = r.value;
      let target: string | null = null;
      if (this.upsertBy === 'externalId' && v.externalId) target = claimedExt.get(v.externalId) ?? byExt.get(v.externalId)?.id ?? null;
      if (this.upsertBy === 'phone' && v.phone) target = claimedPhone.get(v.phone) ?? byPhone.get(v.phone)?.id ?? null;
      if (v.externalId) {
        const h = claimedExt.get(v.externalId) ?? byExt.get(v.externalId)?.id;
        if (h && h !== target) {
          rejected.push({ n: r.n, cells: r.cells, code: 'external_id_taken', field: 'externalId', error: `externalId ${v.externalId} already belongs to another company` });
          continue;
        }
      }
      const id = target ?? newId();
      let p = planned.get(id);
      if (!p) {
        const base = target ? (byId.get(target) ?? null) : null;
        p = { row: { ...(base ?? {}), id }, isNew: !base };
        planned.set(id, p);
        if (base) updated++;
        else created++;
      } else updated++; // counted per row (see PeopleWriter)
      p.row = { ...mergeInto(p.row, v, COMPANY_SCALARS), id };
      if (v.externalId) claimedExt.set(v.externalId, id);
      if (v.phone) claimedPhone.set(v.phone, id);
    }
    const out = [...planned.values()].map(({ row }) => {
      const o: Row = { id: row.id };
      for (const c of COMPANY_COLS) o[c] = row[c] ?? null;
      o.tags = row.tags ?? [];
      o.custom_fields = row.custom_fields ?? {};
      o.search = searchText({ texts: [row.name, row.domain, row.website, row.city], phones: row.phone ? [row.phone] : [] });
      return o;
    });
    const types: Record<string, string> = { id: 'uuid', owner_id: 'uuid', tags: 'text[]', custom_fields: 'jsonb' };
    const cols = ['id', ...COMPANY_COLS];
    await sql`
      INSERT INTO crm_companies (workspace_id, ${sql.raw(cols.join(', '))})
      SELECT ${ws}, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb) AS x(${sql.raw(cols.map((c) => `${c} ${types[c] ?? 'text'}`).join(', '))})
      ON CONFLICT (workspace_id, id) DO UPDATE SET ${sql.raw(COMPANY_COLS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))}, updated_at = now()
    `.execute(trx);
    return { created, updated, rejected };
  }
}

interface PipelineInfo {
  id: string;
  name: string;
  currency: string;
  stages: { id: string; name: string; kind: string; probability: number }[];
}

async function loadPipelines(db: DbOrTx, ws: string): Promise<PipelineInfo[]> {
  const ps = await db.selectFrom('crm_pipelines').select(['id', 'name', 'currency']).where('workspace_id', '=', ws).where('deleted_at', 'is', null).orderBy('position').orderBy('created_at').execute();
  const st = await db.selectFrom('crm_stages').select(['id', 'pipeline_id', 'name', 'kind', 'probability']).where('workspace_id', '=', ws).where('deleted_at', 'is', null).orderBy('position').execute();
  return ps.map((p) => ({ ...p, stages: st.filter((s) => s.pipeline_id === p.id) }));
}

const DEAL_COLS = ['title', 'pipeline_id', 'stage_id', 'status', 'amount', 'currency', 'probability', 'expected_close', 'owner_id', 'person_id', 'company_id', 'source', 'campaign', 'region', 'close_reason', 'closed_at', 'tags', 'custom_fields', 'external_id', 'search'] as const;
const DEAL_SCALARS = ['title', 'amount', 'currency', 'probability', 'expectedClose', 'ownerId', 'source', 'campaign', 'region', 'closeReason', 'externalId'];

/** Deals: pipeline and stage by name (default: the first pipeline, its first open stage), contact by email/phone, company by name. */
class DealsWriter {
  constructor(
    private deps: CrmDeps,
    private ws: string,
    private upsertBy: UpsertBy,
    private pipelines: PipelineInfo[],
  ) {}

  async write(trx: Tx, rows: Good[]): Promise<WriteResult> {
    const ws = this.ws;
    const rejected: WriteResult['rejected'] = [];
    if (!rows.length) return { created: 0, updated: 0, rejected };
    const ids: Identity[] = [];
    for (const r of rows) {
      if (r.value.personEmail) ids.push({ kind: 'email', value: r.value.personEmail });
      if (r.value.personPhone) ids.push({ kind: 'phone', value: r.value.personPhone });
    }
    const persons = await this.deps.cdp.directory.resolve(trx, ws, dedupeIds(ids));
    const extIds = [...new Set(rows.map((r) => r.value.externalId).filter(Boolean))] as string[];
    const found = extIds.length
      ? (await sql<Row>`SELECT * FROM crm_deals WHERE workspace_id = ${ws} AND deleted_at IS NULL AND external_id = ANY(${extIds}::text[])`.execute(trx)).rows
      : [];
    const byExt = new Map(found.map((d) => [d.external_id as string, d]));
    const companies = await companyIds(trx, ws, rows.map((r) => r.value.company).filter(Boolean));
    const planned = new Map<string, { row: Row; isNew: boolean; fromStage: string | null }>();
    const claimedExt = new Map<string, string>();
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const v = r.value;
      const fail = (error: string, code: RowErrorCode, field: string | null) => rejected.push({ n: r.n, cells: r.cells, error, code, field });
      const existingId = v.externalId ? (claimedExt.get(v.externalId) ?? byExt.get(v.externalId)?.id) : undefined;
      if (existingId && this.upsertBy !== 'externalId') {
        fail(`externalId ${v.externalId} already belongs to another deal`, 'external_id_taken', 'externalId');
        continue;
      }
      const base: Row | null = existingId ? (planned.get(existingId)?.row ?? byExt.get(v.externalId)!) : null;
      let pipeline = base ? this.pipelines.find((p) => p.id === base.pipeline_id) : this.pipelines[0];
      if (v.pipeline) pipeline = this.pipelines.find((p) => foldText(p.name) === foldText(v.pipeline));
      if (!pipeline) {
        if (v.pipeline) fail(`pipeline: "${v.pipeline}" not found`, 'pipeline_not_found', 'pipeline');
        else fail('pipeline: the workspace has no pipeline; create one first', 'no_pipeline', 'pipeline');
        continue;
      }
      let stage = base && base.pipeline_id === pipeline.id ? pipeline.stages.find((s) => s.id === base.stage_id) : (pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0]);
      if (v.stage) stage = pipeline.stages.find((s) => foldText(s.name) === foldText(v.stage));
      if (!stage) {
        fail(`stage: "${v.stage ?? ''}" is not a stage of pipeline "${pipeline.name}" (${pipeline.stages.map((s) => s.name).join(', ')})`, 'stage_not_found', 'stage');
        continue;
      }
      if (stage.kind === 'lost' && !v.closeReason && !base?.close_reason) {
        fail('closeReason: required for a lost deal', 'close_reason_required', 'closeReason');
        continue;
      }
      let personId = base?.person_id ?? null;
      if (v.personEmail || v.personPhone) {
        personId = (v.personEmail && persons.get(identityKey('email', v.personEmail))) || (v.personPhone && persons.get(identityKey('phone', v.personPhone))) || null;
        if (!personId) {
          fail(`person: nobody with ${v.personEmail ? `email ${v.personEmail}` : `phone ${v.personPhone}`}`, 'person_not_found', v.personEmail ? 'personEmail' : 'personPhone');
          continue;
        }
      }
      const id = existingId ?? newId();
      const row: Row = { ...mergeInto(base, v, DEAL_SCALARS), id };
      const stageChanged = !base || base.stage_id !== stage.id;
      row.pipeline_id = pipeline.id;
      row.stage_id = stage.id;
      row.status = stage.kind;
      row.closed_at = stage.kind === 'open' ? null : stageChanged || !base?.closed_at ? new Date().toISOString() : base.closed_at;
      row.currency ??= pipeline.currency;
      row.amount ??= 0;
      row.probability ??= stage.probability;
      row.person_id = personId;
      row.company_id = v.company ? companies.get(foldText(v.company)) : (base?.company_id ?? null);
      row.search = searchText({ texts: [row.title, v.company ?? null] });
      const prev = planned.get(id);
      planned.set(id, { row, isNew: prev ? prev.isNew : !base, fromStage: prev ? prev.fromStage : (base?.stage_id ?? null) });
      if (!prev) {
        if (base) updated++;
        else created++;
      } else updated++; // counted per row (see PeopleWriter)
      if (v.externalId) claimedExt.set(v.externalId, id);
    }
    if (!planned.size) return { created, updated, rejected };
    const out = [...planned.values()].map(({ row }) => {
      const o: Row = { id: row.id };
      for (const c of DEAL_COLS) o[c] = row[c] ?? null;
      o.tags = row.tags ?? [];
      o.custom_fields = row.custom_fields ?? {};
      return o;
    });
    const types: Record<string, string> = { id: 'uuid', pipeline_id: 'uuid', stage_id: 'uuid', owner_id: 'uuid', person_id: 'uuid', company_id: 'uuid', amount: 'numeric', probability: 'integer', expected_close: 'date', closed_at: 'timestamptz', tags: 'text[]', custom_fields: 'jsonb' };
    const cols = ['id', ...DEAL_COLS];
    await sql`
      INSERT INTO crm_deals (workspace_id, ${sql.raw(cols.join(', '))})
      SELECT ${ws}, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb) AS x(${sql.raw(cols.map((c) => `${c} ${types[c] ?? 'text'}`).join(', '))})
      ON CONFLICT (workspace_id, id) DO UPDATE SET ${sql.raw(DEAL_COLS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))},
        stage_entered_at = CASE WHEN crm_deals.stage_id = EXCLUDED.stage_id THEN crm_deals.stage_entered_at ELSE now() END, updated_at = now()
    `.execute(trx);
    // The funnel report reads stage history: a new deal enters its stage, a moved one changes stage.
    const changes = [...planned.values()].filter((p) => p.isNew || p.fromStage !== p.row.stage_id).map((p) => ({ id: newId(), deal_id: p.row.id, pipeline_id: p.row.pipeline_id, from_stage_id: p.fromStage, to_stage_id: p.row.stage_id }));
    if (changes.length)
      await sql`
        INSERT INTO crm_deal_stage_changes (workspace_id, id, deal_id, pipeline_id, from_stage_id, to_stage_id, actor)
        SELECT ${ws}, x.id, x.deal_id, x.pipeline_id, x.from_stage_id, x.to_stage_id, 'import'
        FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS x(id uuid, deal_id uuid, pipeline_id uuid, from_stage_id uuid, to_stage_id uuid)
      `.execute(trx);
    return { created, updated, rejected };
  }
}
