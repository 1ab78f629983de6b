import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { csvRow } from '../core/csv-safe.ts';
import type { Db } from '../core/db/schema.ts';
import { AppError, notFound } from '../core/errors.ts';
import { errorListPath, type ImportRowError } from './import-view.ts';

/** The rows an import refused, read back: the errors CSV to download and the list on the page. */
export class ImportErrors {
  constructor(private db: Db) {}

  /**
   * The errors CSV (original columns + `error`) as a stream, or 404 when the import has not produced one.
   * `errorColumn` names the last column in the reader's language (the file is written with "error").
   */
  async errorsFile(ws: string, id: string, errorColumn = 'error'): Promise<{ stream: Readable; fileName: string }> {
    const row = await this.db
      .selectFrom('crm_imports')
      .select(['errors_path', 'file_name'])
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Import');
    if (!row.errors_path)
      throw new AppError('NOT_FOUND', 'This import has no errors file yet: it is produced when the import runs');
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
    return {
      stream: Readable.from(
        (async function* () {
          yield Buffer.from(header);
          yield* rest;
        })(),
      ),
      fileName,
    };
  }

  /** The header the errors file was written with (first line of the error list), or null for files without one. */
  private async errorColumns(errorsPath: string): Promise<string[] | null> {
    const lines = createInterface({
      input: createReadStream(errorListPath(errorsPath)).on('error', () => {}),
      crlfDelay: Infinity,
    });
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
  async rowErrors(
    ws: string,
    id: string,
    q: { offset: number; limit: number },
  ): Promise<{ data: ImportRowError[]; total: number; offset: number }> {
    const row = await this.db
      .selectFrom('crm_imports')
      .select(['errors_path', 'failed_rows'])
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
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
}
