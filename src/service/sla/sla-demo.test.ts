import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { seedServiceDemo } from '../service-demo.ts';
import { seedSlaDemo } from './sla-demo.ts';

/** The bank story's SLA part on top of the desk's demo week: policies, clocks with breaches, CSAT; twice = once. */
describe('service SLA demo', () => {
  let env: TestEnv;
  let ws: { id: string; auth: { authorization: string } };
  const now = Date.parse('2026-12-04T15:00:00Z');
  const lines: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('sla-demo');
    const ctx = { workspaceId: ws.id, log: (l: string) => lines.push(l), now };
    await seedServiceDemo(env.kernel, ctx);
    await seedSlaDemo(env.kernel, ctx);
  }, 240_000);
  afterAll(async () => {
    await env?.close();
  });

  const counts = async () =>
    (
      await sql<{
        policies: number;
        calendars: number;
        clocks: number;
        breached: number;
        met: number;
        answers: number;
      }>`
        SELECT (SELECT count(*)::int FROM service_sla_policies WHERE workspace_id = ${ws.id}) AS policies,
               (SELECT count(*)::int FROM service_business_calendars WHERE workspace_id = ${ws.id}) AS calendars,
               (SELECT count(*)::int FROM service_sla_clocks WHERE workspace_id = ${ws.id}) AS clocks,
               (SELECT count(*)::int FROM service_sla_clocks WHERE workspace_id = ${ws.id} AND breached_at IS NOT NULL) AS breached,
               (SELECT count(*)::int FROM service_sla_clocks WHERE workspace_id = ${ws.id} AND outcome = 'met') AS met,
               (SELECT count(*)::int FROM service_csat WHERE workspace_id = ${ws.id}) AS answers`.execute(env.kernel.db)
    ).rows[0];

  it('has breaches, met targets and CSAT answers, and a second run adds nothing', async () => {
    const first = await counts();
    expect(first.policies).toBe(3);
    expect(first.calendars).toBe(1);
    expect(first.clocks).toBeGreaterThan(50);
    expect(first.breached).toBeGreaterThan(0);
    expect(first.met).toBeGreaterThan(0);
    expect(first.answers).toBeGreaterThan(10);
    expect(lines.some((l) => l.startsWith('service SLA:'))).toBe(true);
    await seedSlaDemo(env.kernel, { workspaceId: ws.id, log: () => {}, now });
    expect(await counts()).toEqual(first);

    const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    const r = await ok('GET', `/service/reports?from=2026-11-27T00:00:00Z&to=2026-12-05T00:00:00Z&groupBy=team`);
    expect(r.total.volume).toBeGreaterThan(30);
    expect(r.total.sla.hitRate).toBeGreaterThan(0);
    expect(r.total.sla.hitRate).toBeLessThan(1);
    expect(r.total.csat.answered).toBe(first.answers);
  });
});
