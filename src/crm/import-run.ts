import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sql } from 'kysely';
import { csvLines, csvRow } from '../core/csv-safe.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError } from '../core/errors.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import type { CrmDeps } from './deps.ts';
import type { CsvEncoding } from './csv-encoding.ts';
import { CellError, type ImportEntity } from './import-fields.ts';
import {
  csvRecords,
  customFieldDefs,
  dedupeHeader,
  malformed,
  parseRow,
  type Row,
  type UpsertBy,
} from './import-parsing.ts';
import { errorListPath, importView } from './import-view.ts';
import type { Rejected, WriteResult } from './import-writer.ts';
import { PeopleWriter } from './import-people.ts';
import { CompaniesWriter } from './import-companies.ts';
import { DealsWriter, loadPipelines } from './import-deals.ts';

/**
 * The import job: streams the file through the decoder and csv-parse, validates each row and
 * writes good rows in batches, one transaction per batch with set-based SQL; bad rows go to an
 * errors CSV with the reason. A batch's counts commit with its rows, so a retried job resumes
 * after the last committed batch.
 */
export class ImportRunner {
  constructor(private deps: CrmDeps) {}

  async run(
    ws: string,
    id: string,
    ctx: Pick<JobContext, 'progress'> | undefined,
    batchSize: number,
  ): Promise<{ created: number; updated: number; failed: number }> {
    const db = this.deps.db;
    const row = await db
      .selectFrom('crm_imports')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Error(`import ${id} not found`);
    if (row.status === 'done' || row.status === 'failed')
      return { created: row.created_rows, updated: row.updated_rows, failed: row.failed_rows };
    const entity = row.entity as ImportEntity;
    const mapping = row.mapping as Record<string, string>;
    const errorsPath = row.file_path.replace(/\.csv$/, '') + '.errors.csv';
    // A retried job resumes after the rows its committed batches counted.
    const resumeAfter = row.processed_rows;
    await db
      .updateTable('crm_imports')
      .set({ status: 'running', errors_path: errorsPath, updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    let errors: WriteStream | null = null;
    let errorList: WriteStream | null = null;
    let writing: Promise<void> = Promise.resolve();
    let finishing: Promise<void> = Promise.resolve();
    let finishError: unknown = null;
    const counts = {
      processed: row.processed_rows,
      created: row.created_rows,
      updated: row.updated_rows,
      failed: row.failed_rows,
    };
    try {
      const size = (await stat(row.file_path)).size;
      let bytes = 0;
      const parser = csvRecords(row.file_path, row.encoding as CsvEncoding, row.delimiter, (n) => (bytes += n));
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
          .set({
            processed_rows: counts.processed,
            created_rows: counts.created,
            updated_rows: counts.updated,
            failed_rows: counts.failed,
            updated_at: new Date(),
          })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      };
      // Bulk-load settings for a transaction: index entries of a batch collect in the GIN pending
      // lists and are merged in large sorted runs (flushed at the end of the run); a crash loses at
      // most the last batches, and their counts with them, so a retry redoes them.
      const bulk = (trx: Tx) =>
        sql.raw(`SET LOCAL gin_pending_list_limit = '${GIN_PENDING}'; SET LOCAL synchronous_commit = off`).execute(trx);
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
          if (bad.length)
            await writeOut(
              errorList!,
              bad
                .map((x) => JSON.stringify({ row: x.n + 1, field: x.field, code: x.code, message: x.error }) + '\n')
                .join(''),
            );
          await ctx?.progress(size ? Math.min(0.999, b.bytes / size) : 0, `${counts.processed} rows`);
        };
        // The second transaction runs on while the next batch is read and its identities resolved;
        // second transactions still commit one after another, in file order.
        finishing = finishing.then(rest);
        finishing.catch((e) => (finishError ??= e));
        if (!result.finish) return await finishing;
        const entry = {
          ids: result.persons ?? new Set<string>(),
          ext: result.externalIds ?? new Set<string>(),
          done: finishing.catch(() => {}),
        };
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
        if (batch.good.length + batch.bad.length >= batchSize) {
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
      if (counts.processed >= ANALYZE_AFTER_ROWS)
        for (const t of ANALYZE_TABLES[entity]) await sql.raw(`ANALYZE ${t}`).execute(db);
      await db
        .updateTable('crm_imports')
        .set({ status: 'done', total_rows: counts.processed, finished_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .selectFrom('crm_imports')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(
          trx,
          {
            workspaceId: ws,
            type: 'system',
            id: null,
            label: `import ${row.file_name}`,
            role: 'admin',
            channel: 'import',
          },
          {
            action: 'finish',
            entityType: 'import',
            entityId: id,
            before: { status: 'running' },
            after: { status: 'done', created: counts.created, updated: counts.updated, failed: counts.failed },
            record: importView(done) as any,
          },
        );
      });
      return { created: counts.created, updated: counts.updated, failed: counts.failed };
    } catch (e) {
      // The batches in flight commit or roll back before the import's state is set.
      await writing.catch(() => {});
      await finishing.catch(() => {});
      errors?.destroy();
      errorList?.destroy();
      const message =
        e instanceof AppError || e instanceof CellError ? e.message : `Import failed: ${(e as Error).message}`;
      const csvErr = (e as any)?.code?.startsWith?.('CSV_');
      // A file that cannot be read as CSV will not get better on a retry; a database hiccup might.
      if (csvErr || e instanceof AppError) {
        await db
          .updateTable('crm_imports')
          .set({
            status: 'failed',
            error: csvErr ? malformed(e).message : message,
            finished_at: new Date(),
            updated_at: new Date(),
          })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
        return { created: counts.created, updated: counts.updated, failed: counts.failed };
      }
      await db
        .updateTable('crm_imports')
        .set({ error: message, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      throw e;
    }
  }

  /** Marks an import failed for good (the job gave up after its retries). */

  async markFailed(ws: string, id: string, message: string) {
    await this.deps.db
      .updateTable('crm_imports')
      .set({ status: 'failed', error: message, finished_at: new Date(), updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
  }

  /** What the rows of one import are parsed and written with (lookups loaded once per run). */
  private async context(ws: string, entity: ImportEntity, mapping: Record<string, string>, upsertBy: UpsertBy) {
    const defs = new Map((await customFieldDefs(this.deps.db, ws, entity)).map((d) => [d.key, d]));
    const owners = new Map(
      (
        await this.deps.db
          .selectFrom('workspace_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id', 'u.email'])
          .where('m.workspace_id', '=', ws)
          .execute()
      ).map((u) => [u.email.toLowerCase(), u.id]),
    );
    const parse = (cells: string[], index: { field: string; col: number }[]) =>
      parseRow(entity, cells, index, defs, owners);
    // On a server with connections to spare, people batches overlap (see PeopleWriter); PGlite has one connection.
    const split = !!this.deps.config.databaseUrl && this.deps.config.databasePoolSize >= 4;
    const writer =
      entity === 'people'
        ? new PeopleWriter(this.deps, ws, upsertBy, split)
        : entity === 'companies'
          ? new CompaniesWriter(ws, upsertBy)
          : new DealsWriter(this.deps, ws, upsertBy, await loadPipelines(this.deps.db, ws));
    void mapping;
    return {
      parse,
      write: (trx: Tx, rows: { n: number; cells: string[]; value: Row }[]) => writer.write(trx, rows),
      inflight: writer instanceof PeopleWriter ? writer.inflight : undefined,
    };
  }
}

const GIN_PENDING = process.env.KT_IMPORT_GIN_PENDING ?? '64MB';
/** Batches whose CRM rows may wait for their second transaction at once (see run()'s flush). */
const MAX_PENDING_FINISH = 1;
const GIN_INDEXES: Record<ImportEntity, string[]> = {
  people: ['crm_people_search_idx', 'crm_people_tags_idx', 'crm_people_cf_idx', 'crm_companies_search_idx'],
  companies: ['crm_companies_search_idx'],
  deals: ['crm_deals_search_idx', 'crm_companies_search_idx'],
};
const ANALYZE_AFTER_ROWS = 10_000;
const ANALYZE_TABLES: Record<ImportEntity, string[]> = {
  people: ['crm_people', 'crm_companies'],
  companies: ['crm_companies'],
  deals: ['crm_deals'],
};
/** Merges what the import left in the GIN pending lists, so that searches after it do not scan them. */
async function flushGinPending(db: DbOrTx, entity: ImportEntity) {
  for (const idx of GIN_INDEXES[entity]) await sql`SELECT gin_clean_pending_list(${idx}::regclass)`.execute(db);
}

const writeOut = (w: WriteStream, s: string) =>
  new Promise<void>((resolve, reject) => w.write(s, (e) => (e ? reject(e) : resolve())));
