import type { RowErrorCode } from './import-fields.ts';

/** An import as the API shows it (GET /api/v1/imports/:id and the list). */
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

export interface ImportRowError {
  row: number;
  field: string | null;
  code: RowErrorCode;
  message: string;
}

/** Uploads not started within a day are expired: the file may be gone and the mapping forgotten. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
export const uploadExpired = (r: { status: string; created_at: Date | string }) =>
  r.status === 'uploaded' && Date.now() - new Date(r.created_at).getTime() > UPLOAD_TTL_MS;
/** The rejected rows as JSON lines beside the errors CSV (the report on the page reads them). */
export const errorListPath = (errorsPath: string) => errorsPath.replace(/\.csv$/, '') + '.jsonl';

export function importView(r: any): ImportView {
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
