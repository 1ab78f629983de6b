import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { analyzeChanged } from './statistics.ts';

describe('db: statistics kept fresh where no autovacuum runs', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(async () => env?.close());

  const tuples = async () =>
    Number(
      (
        await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'stats_probe'`.execute(
          env.kernel.db,
        )
      ).rows[0].n,
    );
  const fill = (from: number, to: number) =>
    sql`INSERT INTO stats_probe SELECT g, repeat('x', 50) FROM generate_series(${from}::int, ${to}::int) g`.execute(
      env.kernel.db,
    );

  it('analyses a table that grew since its last ANALYZE (or never had one), and leaves unchanged ones alone', async () => {
    await sql`CREATE TABLE stats_probe (id int PRIMARY KEY, note text)`.execute(env.kernel.db);
    await fill(1, 20_000);
    expect(await analyzeChanged(env.kernel.db)).toContain('stats_probe');
    expect(await tuples()).toBe(20_000);
    // Nothing changed: not analysed again.
    expect(await analyzeChanged(env.kernel.db)).not.toContain('stats_probe');
    // A few rows more (well under 10 %): not yet.
    await fill(20_001, 20_300);
    expect(await analyzeChanged(env.kernel.db)).not.toContain('stats_probe');
    // Doubled: analysed, and the planner sees the new size.
    await fill(20_301, 40_000);
    expect(await analyzeChanged(env.kernel.db)).toContain('stats_probe');
    expect(await tuples()).toBe(40_000);
    await sql`DROP TABLE stats_probe`.execute(env.kernel.db);
  });
});
