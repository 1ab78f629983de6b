import { sql } from 'kysely';
import type { Db } from './schema.ts';

/** A table is analysed again when its size moved by more than this share of it since the last ANALYZE… */
const SHARE = 0.1;
/** …plus this many pages (tiny tables are planned well enough without). */
const MIN_PAGES = 8;

/**
 * PGlite runs no autovacuum, so nothing refreshes the planner's statistics there: tables filled by
 * tracking, imports and daily work keep the estimates of their first rows, or none, and a join can
 * turn into a nested loop over thousands of rows (the duplicates page took 40 s instead of 0.4 s on
 * the demo before it analysed its tables). This is autovacuum's ANALYZE part for the embedded
 * database: a table whose size on disk moved by more than 10 % (and 8 pages) since its last ANALYZE,
 * or that was never analysed, is analysed. PGlite keeps no row-change counters, so the size is the
 * signal. Returns the tables analysed.
 */
export async function analyzeChanged(db: Db): Promise<string[]> {
  const r = await sql<{ name: string; analysed: number; tuples: number; pages: number }>`
    SELECT c.relname AS name, c.relpages AS analysed, c.reltuples::float8 AS tuples,
           (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
    ORDER BY c.relname`.execute(db);
  const done: string[] = [];
  for (const t of r.rows) {
    const moved = Math.abs(t.pages - t.analysed);
    if (t.pages <= MIN_PAGES && t.analysed <= MIN_PAGES) continue;
    if (t.tuples >= 0 && moved <= t.analysed * SHARE + MIN_PAGES) continue;
    await sql`ANALYZE ${sql.table(t.name)}`.execute(db);
    done.push(t.name);
  }
  return done;
}
