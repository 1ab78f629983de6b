import type { Readable } from 'node:stream';
import type { Actor } from '../core/auth/actor.ts';
import { notFound } from '../core/errors.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import type { CrmDeps } from './deps.ts';
import type { ImportEntity } from './import-fields.ts';
import type { UpsertBy } from './import-parsing.ts';
import { importView, UPLOAD_TTL_MS, type ImportRowError, type ImportView, type UploadResult } from './import-view.ts';
import { ImportUploads } from './import-upload.ts';
import { ImportRunner } from './import-run.ts';
import { ImportErrors } from './import-errors.ts';

export {
  IMPORT_ENTITIES,
  IMPORT_FIELDS,
  ROW_ERROR_CODES,
  type ImportEntity,
  type RowErrorCode,
} from './import-fields.ts';
export type { UpsertBy } from './import-parsing.ts';
export { UPLOAD_TTL_MS, type ImportView, type UploadResult, type ImportRowError } from './import-view.ts';

export const IMPORT_JOB = 'crm.import';
/** Rows per write transaction: big enough that statement overhead vanishes, small enough to keep a batch's JSON in a few MB. */
export const DEFAULT_BATCH = 5000;

/**
 * CSV import of people, companies and deals: upload and start (import-upload.ts), the job that
 * reads and writes the file (import-run.ts, with one writer per entity), the refused rows read back
 * (import-errors.ts). This class is the one surface the routes, the CLI and the bench use.
 */
export class Imports {
  /** Rows per batch of the job (tests and the bench set it). */
  batchSize = DEFAULT_BATCH;
  private uploads: ImportUploads;
  private runner: ImportRunner;
  private errors: ImportErrors;

  constructor(private deps: CrmDeps) {
    this.uploads = new ImportUploads(deps, IMPORT_JOB);
    this.runner = new ImportRunner(deps);
    this.errors = new ImportErrors(deps.db);
    deps.jobs.define<{ importId: string }>({
      name: IMPORT_JOB,
      retryLimit: 2,
      expireInSeconds: 6 * 60 * 60,
      handler: async (data, ctx) => {
        try {
          return await this.run(ctx.workspaceId, data.importId, ctx);
        } catch (e) {
          // The last attempt: the import shows as failed instead of running forever.
          if (ctx.attempt >= 3)
            await this.markFailed(ctx.workspaceId, data.importId, `Import failed: ${(e as Error).message}`);
          throw e;
        }
      },
    });
  }

  upload(actor: Actor, input: { entity: ImportEntity; fileName: string; file: Readable }): Promise<UploadResult> {
    return this.uploads.upload(actor, input);
  }

  start(actor: Actor, id: string, input: { mapping: Record<string, string>; upsertBy: UpsertBy }): Promise<ImportView> {
    return this.uploads.start(actor, id, input);
  }

  async get(ws: string, id: string): Promise<ImportView> {
    const row = await this.deps.db
      .selectFrom('crm_imports')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Import');
    return importView(row);
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
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, importView, (last) => ({ id: last.id }));
  }

  /**
   * The errors CSV (original columns + `error`) as a stream, or 404 when the import has not produced one.
   * `errorColumn` names the last column in the reader's language (the file is written with "error").
   */
  errorsFile(ws: string, id: string, errorColumn = 'error'): Promise<{ stream: Readable; fileName: string }> {
    return this.errors.errorsFile(ws, id, errorColumn);
  }

  /** The rows an import refused, for the report on the page: row (the file's line number), field, code, message. */
  rowErrors(
    ws: string,
    id: string,
    q: { offset: number; limit: number },
  ): Promise<{ data: ImportRowError[]; total: number; offset: number }> {
    return this.errors.rowErrors(ws, id, q);
  }

  /** The job's work (also called directly by tests and the bench); resumes after the last committed batch. */
  run(
    ws: string,
    id: string,
    ctx?: Pick<JobContext, 'progress'>,
  ): Promise<{ created: number; updated: number; failed: number }> {
    return this.runner.run(ws, id, ctx, this.batchSize);
  }

  /** Marks an import failed for good (the job gave up after its retries). */
  markFailed(ws: string, id: string, message: string) {
    return this.runner.markFailed(ws, id, message);
  }
}
