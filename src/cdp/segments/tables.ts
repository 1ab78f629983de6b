import type { ColumnType, Generated } from 'kysely';
import type { Rule } from './rules.ts';

type JsonRule = ColumnType<Rule, string, string>;
export type SegmentKind = 'rule' | 'list';

export interface SegmentsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  /** 'rule': members follow `rule`; 'list': members are put in by hand or upload (`rule` null). */
  kind: ColumnType<SegmentKind, SegmentKind | undefined, SegmentKind>;
  rule: ColumnType<Rule | null, string | null, string | null>;
  version: Generated<number>;
  /** The version the stored membership was computed from (null until the first recompute). */
  computed_version: number | null;
  computed_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SegmentVersionsTable {
  workspace_id: string;
  segment_id: string;
  version: number;
  rule: JsonRule;
  actor: string | null;
  created_at: Generated<Date>;
}

export interface SegmentMembersTable {
  workspace_id: string;
  segment_id: string;
  person_id: string;
  entered_at: Date;
  /** Null while the person is a member. */
  exited_at: Date | null;
}

export type UploadStatus = 'queued' | 'running' | 'done' | 'failed';
export type UploadMode = 'add' | 'replace';

/** A CSV uploaded into a list (list-uploads.ts): the job's state and report. */
export interface SegmentUploadsTable {
  workspace_id: string;
  id: string;
  segment_id: string;
  status: ColumnType<UploadStatus, UploadStatus | undefined, UploadStatus>;
  /** email | phone | user_id | external:<type> */
  identifier: string;
  column_name: string;
  mode: UploadMode;
  file_name: string;
  file_path: string;
  rows: Generated<number>;
  matched: Generated<number>;
  added: Generated<number>;
  removed: Generated<number>;
  unmatched: Generated<number>;
  /** The first row errors: [{row, value, code, message}]. */
  errors: ColumnType<UploadRowError[], string | undefined, string>;
  error: string | null;
  job_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

/** Why an uploaded row matched nobody. */
export type UploadRowCode = 'EMPTY' | 'INVALID_EMAIL' | 'INVALID_PHONE' | 'INVALID_VALUE' | 'NOT_FOUND';

export interface UploadRowError {
  /** The row in the file (the header is row 1). */
  row: number;
  value: string;
  code: UploadRowCode;
  message: string;
}

/** Persons an upload matched, staged until the job applies them to the list. */
export interface SegmentUploadMatchesTable {
  workspace_id: string;
  upload_id: string;
  person_id: string;
}

export interface SegmentTables {
  segments: SegmentsTable;
  segment_versions: SegmentVersionsTable;
  segment_members: SegmentMembersTable;
  segment_uploads: SegmentUploadsTable;
  segment_upload_matches: SegmentUploadMatchesTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends SegmentTables {}
}
