import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { CrmDeps } from './deps.ts';
import { SAMPLE_BYTES, decodeSample, detectDelimiter, detectEncoding, type CsvEncoding } from './csv-encoding.ts';
import { suggestMapping, type ImportEntity } from './import-fields.ts';
import {
  checkMapping,
  csvHeader,
  csvRecords,
  customFieldDefs,
  dedupeHeader,
  malformed,
  type UpsertBy,
} from './import-parsing.ts';
import { importView, uploadExpired, type ImportView, type UploadResult } from './import-view.ts';

const PREVIEW_ROWS = 10;

/** The user's two steps before the job: upload (the file is kept, checked and previewed), then start with a mapping (queues the job). */
export class ImportUploads {
  constructor(
    private deps: CrmDeps,
    private jobName: string,
  ) {}

  private dir(ws: string) {
    return join(this.deps.config.importDir, ws);
  }

  async upload(actor: Actor, input: { entity: ImportEntity; fileName: string; file: Readable }): Promise<UploadResult> {
    const ws = actor.workspaceId;
    const id = newId();
    await mkdir(this.dir(ws), { recursive: true });
    const path = join(this.dir(ws), `${id}.csv`);
    try {
      await pipeline(input.file, createWriteStream(path));
      if ((input.file as any).truncated)
        throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${this.deps.config.importMaxBytes} bytes`);
      const a = await this.analyse(path);
      const defs = await customFieldDefs(this.deps.db, ws, input.entity);
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
        await this.deps.audit.record(trx, actor, {
          action: 'create',
          entityType: 'import',
          entityId: id,
          after: { entity: input.entity, fileName: r.file_name, rows: a.rows },
          record: importView(r) as any,
        });
        return r;
      });
      return {
        ...importView(row),
        columns: a.columns,
        preview: a.preview,
        suggestedMapping: suggestMapping(input.entity, a.columns, defs),
      };
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
      for await (const rec of csvRecords(path, encoding, delimiter)) {
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
    if (!columns || !columns.some(Boolean))
      throw new AppError('MALFORMED_CSV', 'The file has no header row', [{ path: 'file', message: 'no header row' }]);
    return { encoding, delimiter, columns, preview, rows };
  }

  async start(
    actor: Actor,
    id: string,
    input: { mapping: Record<string, string>; upsertBy: UpsertBy },
  ): Promise<ImportView> {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('crm_imports')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('Import');
      if (uploadExpired(row)) throw new AppError('CONFLICT', 'The upload has expired: upload the file again');
      if (row.status !== 'uploaded') throw new AppError('CONFLICT', `The import is already ${row.status}`);
      const entity = row.entity as ImportEntity;
      const columns = await csvHeader(row.file_path, row.encoding as CsvEncoding, row.delimiter);
      const defs = await customFieldDefs(trx, ws, entity);
      const mapping = checkMapping(entity, input.mapping, columns, defs, input.upsertBy);
      const updated = await trx
        .updateTable('crm_imports')
        .set({ mapping: JSON.stringify(mapping), upsert_by: input.upsertBy, status: 'queued', updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const jobId = await this.deps.jobs.enqueue(ws, this.jobName, { importId: id }, { trx });
      await trx
        .updateTable('crm_imports')
        .set({ job_id: jobId })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(trx, actor, {
        action: 'start',
        entityType: 'import',
        entityId: id,
        before: { status: row.status },
        after: { status: 'queued', mapping, upsertBy: input.upsertBy },
        record: importView({ ...updated, job_id: jobId }) as any,
      });
      return importView({ ...updated, job_id: jobId });
    });
  }
}
