import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/**
 * Keyset pages over rows that share one timestamp to the microsecond, as the rows of one import
 * batch do (they all get the transaction's now()). A cursor made from a JS Date (milliseconds)
 * used to land before them, and every page after the first skipped the rest of the batch.
 */
describe('crm: list pages over rows written in the same microsecond', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const SAME = '2026-01-01 12:00:00.123456+00';

  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  /** Every page of a list, following cursors, two rows a page. */
  const all = async (url: string, key: (x: any) => string) => {
    const out: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: any = await ok(
        'GET',
        `${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...page.data.map(key));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out.sort();
  };

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('paging-ws');
  });
  afterAll(async () => env?.close());

  it('people, companies and deals sorted by creation or update: every row once', async () => {
    const names = ['A', 'B', 'C', 'D', 'E'];
    const pipeline = await ok('POST', '/pipelines', {
      name: 'P',
      stages: [
        { name: 'New', probability: 10 },
        { name: 'Won', probability: 100, kind: 'won' },
        { name: 'Lost', probability: 0, kind: 'lost' },
      ],
    });
    for (const n of names) {
      await ok('POST', '/people', { firstName: n });
      await ok('POST', '/companies', { name: `Co ${n}` });
      await ok('POST', '/deals', { title: `Deal ${n}`, pipelineId: pipeline.id, stageId: pipeline.stages[0].id });
    }
    for (const t of ['crm_people', 'crm_companies', 'crm_deals'])
      await sql`UPDATE ${sql.table(t)} SET created_at = ${SAME}::timestamptz, updated_at = ${SAME}::timestamptz WHERE workspace_id = ${ws.id}`.execute(
        env.kernel.db,
      );
    for (const sort of ['createdAt', 'updatedAt'])
      for (const order of ['desc', 'asc']) {
        expect(await all(`/people?sort=${sort}&order=${order}`, (p) => p.firstName), `people ${sort} ${order}`).toEqual(
          names,
        );
        expect(
          await all(`/companies?sort=${sort}&order=${order}`, (c) => c.name),
          `companies ${sort} ${order}`,
        ).toEqual(names.map((n) => `Co ${n}`));
        expect(
          await all(`/deals?pipelineId=${pipeline.id}&sort=${sort}&order=${order}`, (d) => d.title),
          `deals ${sort} ${order}`,
        ).toEqual(names.map((n) => `Deal ${n}`));
      }
  });

  it('sorted by name: names whose lower case differs between JavaScript and PostgreSQL (İ, final Σ) lose no row', async () => {
    // JavaScript lower-cases İ to i + U+0307 and a final Σ to ς; PostgreSQL's lower() gives i and σ.
    // A cursor made in JavaScript compared wrongly with the sort index and skipped rows.
    const last = ['İlkay', 'Ilona', 'Imre', 'ΑΣ', 'Ασα', 'Isak', 'Ivo'];
    const co = ['İzmir Ltd', 'Ikea', 'Inko', 'ΣΑΣ', 'Iris'];
    const home = ws;
    ws = await env.workspace('paging-case-ws');
    try {
      const pipeline = await ok('POST', '/pipelines', {
        name: 'Names',
        stages: [
          { name: 'New', probability: 10 },
          { name: 'Won', probability: 100, kind: 'won' },
          { name: 'Lost', probability: 0, kind: 'lost' },
        ],
      });
      for (const n of last) await ok('POST', '/people', { firstName: 'Sort', lastName: n, tags: ['sortcase'] });
      for (const n of co) {
        await ok('POST', '/companies', { name: n, tags: ['sortcase'] });
        await ok('POST', '/deals', { title: n, pipelineId: pipeline.id, stageId: pipeline.stages[0].id });
      }
      for (const order of ['asc', 'desc']) {
        expect(
          await all(`/people?tag=sortcase&sort=lastName&order=${order}`, (p) => p.lastName),
          `people ${order}`,
        ).toEqual([...last].sort());
        expect(
          await all(`/companies?tag=sortcase&sort=name&order=${order}`, (c) => c.name),
          `companies ${order}`,
        ).toEqual([...co].sort());
        expect(
          await all(`/deals?pipelineId=${pipeline.id}&sort=title&order=${order}`, (d) => d.title),
          `deals ${order}`,
        ).toEqual([...co].sort());
      }
    } finally {
      ws = home;
    }
  });

  it('a CSV export (read page by page) has every row', async () => {
    env.kernel.crm.exports.pageSize = 2;
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/people/export.csv', headers: ws.auth });
    expect(r.statusCode).toBe(200);
    const names = ['A', 'B', 'C', 'D', 'E'];
    const lines = r.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    expect(lines).toHaveLength(names.length);
    for (const n of names) expect(lines.filter((l) => l.split(/[,;]/).includes(n))).toHaveLength(1);
  });

  it('a timeline whose entries share one microsecond', async () => {
    const p = await ok('POST', '/people', { firstName: 'Timeline' });
    for (let i = 0; i < 5; i++) await ok('POST', '/activities', { kind: 'note', body: `note ${i}`, personId: p.id });
    await sql`UPDATE crm_activities SET occurred_at = ${SAME}::timestamptz WHERE workspace_id = ${ws.id}`.execute(
      env.kernel.db,
    );
    await sql`UPDATE events SET occurred_at = ${SAME}::timestamptz WHERE workspace_id = ${ws.id} AND person_id = ${p.id}`.execute(
      env.kernel.db,
    );
    const entries = await all(`/people/${p.id}/timeline`, (e) => `${e.type}:${e.id}`);
    expect(new Set(entries).size).toBe(entries.length);
    expect(
      entries.filter((e) => e.startsWith('activity')).length + entries.filter((e) => !e.startsWith('activity')).length,
    ).toBe(entries.length);
    const once = (await ok('GET', `/people/${p.id}/timeline?limit=100`)).data
      .map((e: any) => `${e.type}:${e.id}`)
      .sort();
    expect(entries).toEqual(once);
  });
});
