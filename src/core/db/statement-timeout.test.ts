import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eventually, startTestEnv, TEST_DB, type TestEnv } from '../../../test/helpers.ts';
import { backgroundQueries, interactiveQueries } from './database.ts';

/**
 * Interactive (HTTP request) queries are cancelled past KARTOTEKA_STATEMENT_TIMEOUT_MS on a
 * PostgreSQL server with 503 QUERY_TIMEOUT; jobs are not. PGlite cannot enforce a timeout (no
 * signals in single-threaded WASM): there the setting is carried but nothing is cancelled.
 */
describe('statement timeout of interactive queries', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const slept: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv(
      { statementTimeoutMs: 200 },
      {
        beforeStart: (k) =>
          k.jobs.define<{ seconds: number }>({
            name: 'test.sleep',
            retryLimit: 0,
            handler: async (data) => {
              await sql`SELECT pg_sleep(${data.seconds})`.execute(k.db);
              slept.push('done');
              return { slept: data.seconds };
            },
          }),
      },
    );
    ws = await env.workspace('timeout-ws');
  });
  afterAll(async () => env?.close());

  it.runIf(TEST_DB === 'postgres')(
    'a request whose query runs past it gets 503 QUERY_TIMEOUT; the pool goes on serving',
    async () => {
      expect(env.kernel.database.statementTimeoutMs).toBe(200);
      const dedupe = env.kernel.crm.dedupe;
      const original = dedupe.suggestions;
      // A test-only slow query behind a real route: 2 s of pg_sleep against a 200 ms limit.
      dedupe.suggestions = (async () => {
        await sql`SELECT pg_sleep(2)`.execute(env.kernel.db);
        return { data: [], nextCursor: null, scan: { rowsScanned: 0, candidatesScored: 0, chunks: 0, complete: true } };
      }) as any;
      try {
        const r = await env.app.inject({ method: 'GET', url: '/api/v1/people/duplicates', headers: ws.auth });
        expect(r.statusCode, r.body).toBe(503);
        expect(r.json().error.code).toBe('QUERY_TIMEOUT');
      } finally {
        dedupe.suggestions = original;
      }
      // The same connections serve the next requests.
      for (let i = 0; i < 6; i++)
        expect(
          (await env.app.inject({ method: 'GET', url: '/api/v1/people?limit=1', headers: ws.auth })).statusCode,
        ).toBe(200);
      // Directly: interactive work is cancelled, background work (the default outside requests) is not.
      await expect(interactiveQueries(() => sql`SELECT pg_sleep(1)`.execute(env.kernel.db))).rejects.toMatchObject({
        code: '57014',
      });
      await expect(backgroundQueries(() => sql`SELECT pg_sleep(0.4)`.execute(env.kernel.db))).resolves.toBeTruthy();
      await expect(sql`SELECT pg_sleep(0.4)`.execute(env.kernel.db)).resolves.toBeTruthy();
    },
  );

  it.runIf(TEST_DB === 'postgres')('a job queued by a request is not bound by it', async () => {
    const id = await interactiveQueries(() => env.kernel.jobs.enqueue(ws.id, 'test.sleep', { seconds: 0.5 }));
    const job = await eventually(async () => {
      const j = await env.kernel.jobs.get(ws.id, id);
      return ['completed', 'failed', 'dead'].includes(j.state) ? j : null;
    });
    expect(job.state).toBe('completed');
    expect(job.output).toEqual({ slept: 0.5 });
  });

  it.runIf(TEST_DB === 'pglite')(
    'PGlite carries the setting but cannot cancel (bounded statements are the defence there)',
    async () => {
      expect(env.kernel.database.statementTimeoutMs).toBe(200);
      await expect(interactiveQueries(() => sql`SELECT pg_sleep(0.3)`.execute(env.kernel.db))).resolves.toBeTruthy();
    },
  );
});
