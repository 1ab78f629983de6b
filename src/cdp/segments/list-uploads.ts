import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { sql, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { csvLines, csvRow } from '../../core/csv-safe.ts';
import type { Db, DbOrTx } from '../../core/db/schema.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { JobContext, Jobs } from '../../core/jobs/jobs.ts';
import type { PersonDirectory } from '../directory.ts';
import { identityKey, isIdentityKind, normalizeIdentity, type IdentityKind } from '../identifiers.ts';
import { checkFile, csvRecords, detectDelimiter, malformed, receiveUtf8 } from './list-upload-file.ts';
import type { Lists } from './lists.ts';
import type { Membership } from './membership.ts';
import type { SegmentUploadsTable, UploadMode, UploadRowCode, UploadRowError } from './tables.ts';

export const LIST_UPLOAD_JOB = 'segments.list-upload';
/** Bounds of one upload: the file's bytes and its rows. */
export const LIST_UPLOAD_MAX_BYTES = 32 * 1024 * 1024;
export const LIST_UPLOAD_MAX_ROWS = 500_000;
/** The row errors an upload's report lists (all of them are in rejected.csv). */
export const REPORTED_ERRORS = 100;
/** How long an upload's files (the CSV, rejected.csv) are kept after it finished. */
export const UPLOAD_FILES_DAYS = 7;
/** Rows per identity lookup. */
const BATCH = 1000;
/** Why a row matched nobody. */
export const UPLOAD_ROW_CODES = [
  'EMPTY',
  'INVALID_EMAIL',
  'INVALID_PHONE',
  'INVALID_VALUE',
  'NOT_FOUND',
] as const satisfies readonly UploadRowCode[];
export const UPLOAD_MODES = ['add', 'replace'] as const;

const uploadView = (r: Selectable<SegmentUploadsTable>) => ({
  id: r.id,
  segmentId: r.segment_id,
  status: r.status,
  identifier: r.identifier,
  column: r.column_name,
  mode: r.mode,
  fileName: r.file_name,
  rows: r.rows,
  matched: r.matched,
  added: r.added,
  removed: r.removed,
  unmatched: r.unmatched,
  errors: r.errors,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});
export type UploadView = ReturnType<typeof uploadView>;

/** A file received to disk and checked as it came, waiting for `create`. */
export interface Received {
  id: string;
  path: string;
}

/**
 * CSV uploads into a list, as a job (the CRM import's shape: the file kept on disk, a streaming
 * parse, progress, a per-row report and a rejected-rows CSV). Each row's value is normalised as
 * the identity graph stores it (identifiers.ts: emails lower-cased, phones E.164) and resolved to
 * a live person (PersonDirectory.resolve). Matched persons are staged, then applied to the list in
 * one transaction at the end (`mode` add: they enter; replace: the members not in the file exit
 * too): a failed or retried upload changes nothing, and nothing is half-written.
 */
export class ListUploads {
  /** Bounds (tests lower them). */
  maxBytes = LIST_UPLOAD_MAX_BYTES;
  maxRows = LIST_UPLOAD_MAX_ROWS;

  constructor(
    private db: Db,
    private jobs: Jobs,
    private directory: PersonDirectory,
    private membership: Membership,
    private lists: Lists,
    private dir: string,
    private log: Logger,
  ) {
    jobs.define<{ uploadId: string }>({
      name: LIST_UPLOAD_JOB,
      retryLimit: 2,
      expireInSeconds: 60 * 60,
      handler: async (data, ctx) => {
        try {
          return await this.run(ctx.workspaceId, data.uploadId, ctx);
        } catch (e) {
          // The last attempt: the upload shows as failed instead of running forever.
          if (ctx.attempt >= 3) await this.fail(ctx.workspaceId, data.uploadId, (e as Error).message);
          throw e;
        }
      },
    });
    jobs.every('segments.upload-files', 60 * 60, () => this.cleanup());
  }

  /**
   * Deletes the files of uploads finished `UPLOAD_FILES_DAYS` ago (the report stays; its
   * rejected.csv is then gone). Hourly in each worker; returns how many uploads it cleared.
   */
  async cleanup(now = new Date()): Promise<number> {
    const old = await this.db
      .selectFrom('segment_uploads')
      .select(['workspace_id', 'id', 'file_path'])
      .where('finished_at', '<', new Date(now.getTime() - UPLOAD_FILES_DAYS * 86_400_000))
      .where('file_path', '<>', '')
      .limit(1000)
      .execute();
    for (const o of old) {
      await this.removeFiles([o.file_path]);
      await this.db
        .updateTable('segment_uploads')
        .set({ file_path: '' })
        .where('workspace_id', '=', o.workspace_id)
        .where('id', '=', o.id)
        .execute();
    }
    return old.length;
  }

  /** Drops the uploads of a list being deleted (in its transaction); returns their files, to remove once it commits. */
  async forget(trx: DbOrTx, ws: string, segmentId: string): Promise<string[]> {
    const rows = await trx
      .deleteFrom('segment_uploads')
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segmentId)
      .returning('file_path')
      .execute();
    return rows.map((r) => r.file_path).filter(Boolean);
  }

  /** Removes uploaded files and their rejected.csv. */
  async removeFiles(paths: string[]): Promise<void> {
    for (const p of paths) {
      await rm(p, { force: true });
      await rm(rejectedPath(p), { force: true });
    }
  }

  /** Writes an uploaded file to disk, refusing on the way one over the size limit or not UTF-8. */
  async receive(ws: string, file: Readable): Promise<Received> {
    const id = newId();
    await mkdir(join(this.dir, ws), { recursive: true });
    const path = join(this.dir, ws, `${id}.csv`);
    try {
      await receiveUtf8(file, path, this.maxBytes);
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
    return { id, path };
  }

  /** Drops a received file that will not be used (the request failed). */
  async discard(received: Received | null): Promise<void> {
    if (received) await rm(received.path, { force: true });
  }

  /**
   * Checks a received file against the fields (identifier, column, rows) and queues its job.
   * Refused (4xx, the file deleted, nothing written): an unknown identifier or mode, a missing
   * column, a malformed or empty file, too many rows, a segment that is not a list.
   */
  async create(
    actor: Actor,
    segmentId: string,
    received: Received,
    input: { fileName: string; identifier?: string; column?: string; mode?: string },
  ): Promise<UploadView> {
    const ws = actor.workspaceId;
    try {
      await this.lists.assertList(ws, segmentId);
      const identifier = input.identifier?.trim().toLowerCase() ?? '';
      if (!identifier) throw invalid('identifier', 'email, phone, user_id or external:<type>', 'REQUIRED');
      if (!isUploadIdentifier(identifier))
        throw invalid('identifier', 'one of email, phone, user_id, external:<type>', 'INVALID_OPTION');
      const mode = (input.mode?.trim() || 'add') as UploadMode;
      if (!(UPLOAD_MODES as readonly string[]).includes(mode))
        throw invalid('mode', `one of ${UPLOAD_MODES.join(', ')}`, 'INVALID_OPTION');
      const delimiter = await detectDelimiter(received.path);
      const f = await checkFile(received.path, delimiter, input.column, this.maxRows);
      return await this.db.transaction().execute(async (trx) => {
        await this.lists.lockList(trx, ws, segmentId);
        const row = await trx
          .insertInto('segment_uploads')
          .values({
            workspace_id: ws,
            id: received.id,
            segment_id: segmentId,
            identifier,
            column_name: f.header[f.index] ?? '',
            mode,
            file_name: input.fileName.slice(0, 255),
            file_path: received.path,
            rows: f.rows,
            created_by: actor.label,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const jobId = await this.jobs.enqueue(ws, LIST_UPLOAD_JOB, { uploadId: received.id }, { trx });
        await trx
          .updateTable('segment_uploads')
          .set({ job_id: jobId })
          .where('workspace_id', '=', ws)
          .where('id', '=', received.id)
          .execute();
        return uploadView(row);
      });
    } catch (e) {
      await this.discard(received);
      throw e;
    }
  }

  async get(ws: string, segmentId: string, uploadId: string): Promise<UploadView> {
    return uploadView(await this.row(ws, segmentId, uploadId));
  }

  /** The rows that matched nobody: the file's columns plus `code` and `reason` (UTF-8 CSV with BOM). */
  async rejectedFile(ws: string, segmentId: string, uploadId: string): Promise<Readable> {
    const row = await this.row(ws, segmentId, uploadId);
    try {
      if (!row.file_path) throw new Error('cleaned up');
      await stat(rejectedPath(row.file_path));
    } catch {
      throw new AppError(
        'NOT_FOUND',
        `No rejected rows file: it is written when the upload runs and kept ${UPLOAD_FILES_DAYS} days`,
      );
    }
    return createReadStream(rejectedPath(row.file_path));
  }

  /** The job's work (tests call it directly): read, match, stage, then apply in one transaction. */
  async run(ws: string, id: string, ctx?: Pick<JobContext, 'progress'>): Promise<UploadView | null> {
    const row = await this.db
      .selectFrom('segment_uploads')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Error(`list upload ${id} not found`);
    if (row.status === 'done' || row.status === 'failed') return uploadView(row);
    await this.db
      .updateTable('segment_uploads')
      .set({ status: 'running' })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    // A retried job starts over: what an earlier attempt staged is dropped.
    await this.db
      .deleteFrom('segment_upload_matches')
      .where('workspace_id', '=', ws)
      .where('upload_id', '=', id)
      .execute();
    const kind = row.identifier as IdentityKind;
    const errors: UploadRowError[] = [];
    const counts = { rows: 0, matched: 0 };
    let rejected: WriteStream | null = null;
    try {
      const size = (await stat(row.file_path)).size;
      let bytes = 0;
      const parser = csvRecords(row.file_path, await detectDelimiter(row.file_path), (n) => (bytes += n));
      rejected = createWriteStream(rejectedPath(row.file_path));
      let header: string[] | null = null;
      let index = 0;
      let batch: { n: number; cells: string[]; value: string }[] = [];
      // A batch's refused rows, written in file order once its lookups are done.
      let refused: { n: number; cells: string[]; code: UploadRowCode; message: string }[] = [];
      const reject = (n: number, cells: string[], code: UploadRowCode, message: string) => {
        refused.push({ n, cells, code, message });
      };
      const flush = async () => {
        if (!batch.length && !refused.length) return;
        const found = batch.length
          ? await this.directory.resolve(
              this.db,
              ws,
              batch.map((b) => ({ kind, value: b.value })),
            )
          : new Map<string, string>();
        const persons = new Set<string>();
        for (const b of batch) {
          const p = found.get(identityKey(kind, b.value));
          if (p) {
            persons.add(p);
            counts.matched++;
          } else reject(b.n, b.cells, 'NOT_FOUND', `no person with ${kind} "${b.value}"`);
        }
        if (persons.size)
          await sql`
            INSERT INTO segment_upload_matches (workspace_id, upload_id, person_id)
            SELECT ${ws}, ${id}, x FROM unnest(${[...persons]}::uuid[]) AS x
            ON CONFLICT DO NOTHING
          `.execute(this.db);
        refused.sort((a, b) => a.n - b.n);
        for (const r of refused)
          if (errors.length < REPORTED_ERRORS)
            errors.push({ row: r.n, value: r.cells[index] ?? '', code: r.code, message: r.message });
        // Cells as the file had them, neutralised: a formula in the upload is not handed back live.
        if (refused.length) await write(rejected!, csvLines(refused.map((r) => [...r.cells, r.code, r.message])));
        batch = [];
        refused = [];
        await ctx?.progress(size ? Math.min(0.99, bytes / size) : 0, `${counts.rows} rows`);
      };
      let n = 0;
      for await (const rec of parser) {
        const cells = rec as string[];
        n++;
        if (!header) {
          header = cells.map((c) => c.trim());
          index = Math.max(0, header.indexOf(row.column_name));
          await write(rejected, '\ufeff' + csvRow([...header, 'code', 'reason']));
          continue;
        }
        if (++counts.rows > this.maxRows) throw invalid('file', `more than ${this.maxRows} rows`, 'TOO_MANY');
        const cell = (cells[index] ?? '').trim();
        const value = cell ? normalizeIdentity(kind, cell) : null;
        if (!cell) reject(n, cells, 'EMPTY', `no value in column "${row.column_name}"`);
        else if (!value) reject(n, cells, invalidCode(kind), `"${cell}" is not a valid ${kind}`);
        else batch.push({ n, cells, value });
        if (batch.length + refused.length >= BATCH) await flush();
      }
      await flush();
      await new Promise<void>((r, j) => rejected!.end((e?: Error | null) => (e ? j(e) : r())));
      const actor = systemActor(ws, `list upload ${row.file_name}`, 'import');
      const { out, changed } = await this.db.transaction().execute(async (trx) => {
        const seg = await this.lists.lockList(trx, ws, row.segment_id);
        const staged = sql`SELECT person_id FROM segment_upload_matches WHERE workspace_id = ${ws} AND upload_id = ${id}`;
        const r = await this.membership.apply(trx, ws, seg, staged, row.mode === 'replace' ? null : staged, new Date());
        await this.lists.record(trx, actor, seg, r.entered.length, r.exited.length);
        await this.lists.queuePropagate(trx, ws, row.segment_id, [...r.entered, ...r.exited]);
        await trx
          .deleteFrom('segment_upload_matches')
          .where('workspace_id', '=', ws)
          .where('upload_id', '=', id)
          .execute();
        const done = await trx
          .updateTable('segment_uploads')
          .set({
            status: 'done',
            rows: counts.rows,
            matched: counts.matched,
            added: r.entered.length,
            removed: r.exited.length,
            unmatched: counts.rows - counts.matched,
            errors: JSON.stringify(errors),
            error: null,
            finished_at: new Date(),
          })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { out: uploadView(done), changed: [...r.entered, ...r.exited] };
      });
      await this.lists.propagate(ws, row.segment_id, changed);
      await ctx?.progress(1, `${counts.rows} rows`);
      return out;
    } catch (e) {
      rejected?.destroy();
      const err = malformed(e);
      // A file or a list that cannot be used will not get better on a retry; a database hiccup might.
      if (err instanceof AppError) {
        await this.fail(ws, id, err.message, errors);
        // (Gone when the list was deleted meanwhile.)
        return this.get(ws, row.segment_id, id).catch(() => null);
      }
      throw err;
    }
  }

  /** Marks an upload failed for good: nothing of it was applied. */
  async fail(ws: string, id: string, message: string, errors: UploadRowError[] = []): Promise<void> {
    await this.db
      .deleteFrom('segment_upload_matches')
      .where('workspace_id', '=', ws)
      .where('upload_id', '=', id)
      .execute();
    await this.db
      .updateTable('segment_uploads')
      .set({ status: 'failed', error: message.slice(0, 1000), errors: JSON.stringify(errors), finished_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    this.log.info({ workspaceId: ws, uploadId: id, message }, 'list upload failed');
  }

  /** An upload of this list: 404 for another list's, another workspace's or a malformed id. */
  private async row(ws: string, segmentId: string, uploadId: string) {
    if (!UUID.test(uploadId)) throw notFound('Upload');
    const row = await this.db
      .selectFrom('segment_uploads')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segmentId)
      .where('id', '=', uploadId)
      .executeTakeFirst();
    if (!row) throw notFound('Upload');
    return row;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** email, phone, user_id or external:<type>: the identifiers people keep in spreadsheets. */
const isUploadIdentifier = (k: string) =>
  ['email', 'phone', 'user_id'].includes(k) || (k.startsWith('external:') && isIdentityKind(k));

const invalidCode = (kind: IdentityKind): UploadRowCode =>
  kind === 'email' ? 'INVALID_EMAIL' : kind === 'phone' ? 'INVALID_PHONE' : 'INVALID_VALUE';

const rejectedPath = (filePath: string) => filePath.replace(/\.csv$/, '') + '.rejected.csv';

const write = (w: WriteStream, s: string) =>
  new Promise<void>((resolve, reject) => w.write(s, (e) => (e ? reject(e) : resolve())));
