import { int, type SettingsOf, type SettingsSpec } from '../core/config.ts';

/** The CDP's settings (`kartoteka config` lists them after core's). */
export const cdpSettings = {
  ingestWriters: {
    env: 'KARTOTEKA_INGEST_WRITERS',
    schema: int(1, 32),
    // 3 measured best on 2 cores (bench ingest: 0.46–0.53× a plain insert, against 0.40–0.47× with 2 and 0.41–0.45× with 4).
    default: 3,
    description:
      'Transactions per source that write tracked events at the same time on a PostgreSQL server (concurrent requests wait and are written together); the embedded database always uses one',
  },
  segmentRecomputeWorkMemMb: {
    env: 'KARTOTEKA_SEGMENT_RECOMPUTE_WORK_MEM_MB',
    schema: int(4, 4096),
    // At 1M people the grouped events and the membership diff spilled to disk at PostgreSQL's 4 MB.
    default: 64,
    description:
      'Memory (MB) a full segment recompute may use per sort or hash before spilling to disk (PostgreSQL work_mem, set for its transaction only)',
  },
} as const satisfies SettingsSpec;

export type CdpSettings = SettingsOf<typeof cdpSettings>;
