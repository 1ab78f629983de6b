import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { seedDemo } from '../cli/demo.ts';

/** The CRM demo data: its shape holds together, and a second run adds nothing. */
describe('crm: demo seeder', () => {
  let env: TestEnv;
  let wsId: string;
  const count = async (q: string) => Number((await sql.raw<{ n: number }>(q.replaceAll(':ws', `'${wsId}'`)).execute(env.kernel.db)).rows[0].n);

  beforeAll(async () => {
    env = await startTestEnv();
    await seedDemo(env.kernel, { workspace: 'crm-demo' });
    wsId = (await env.kernel.auth.ensureWorkspace('crm-demo')).id;
  }, 300_000);
  afterAll(async () => env?.close());

  it('seeds companies, people as CDP persons, deals with consistent history, activities, scripts, cadences, consents', async () => {
    expect(await count('SELECT count(*)::int AS n FROM crm_companies WHERE workspace_id = :ws')).toBe(300);
    expect(await count('SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws')).toBe(2000);
    // Every CRM person is a CDP person, reachable through the directory.
    const sample = await env.kernel.db.selectFrom('crm_people').select(['person_id', 'phones', 'emails']).where('workspace_id', '=', wsId).limit(20).execute();
    for (const p of sample) expect(await env.kernel.cdp.directory.liveId(env.kernel.db, wsId, p.person_id)).toBe(p.person_id);
    expect(await count('SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws AND emails = \'{}\' AND phones = \'{}\'')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws')).toBe(600);
    expect(await count('SELECT count(DISTINCT pipeline_id)::int AS n FROM crm_deals WHERE workspace_id = :ws')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws')).toBeGreaterThanOrEqual(5000);
    // Deals: status matches the stage kind; closed ones have a date (lost ones a reason); every deal's last change is its stage.
    expect(await count(`SELECT count(*)::int AS n FROM crm_deals d JOIN crm_stages s ON s.workspace_id = d.workspace_id AND s.id = d.stage_id WHERE d.workspace_id = :ws AND s.kind <> d.status`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND ((status = 'open') <> (closed_at IS NULL) OR (status = 'lost' AND close_reason IS NULL))`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND status = 'won'`)).toBeGreaterThan(50);
    expect(await count(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND status = 'lost'`)).toBeGreaterThan(50);
    expect(
      await count(`SELECT count(*)::int AS n FROM crm_deals d WHERE d.workspace_id = :ws AND d.stage_id <> (SELECT c.to_stage_id FROM crm_deal_stage_changes c WHERE c.workspace_id = d.workspace_id AND c.deal_id = d.id ORDER BY c.changed_at DESC LIMIT 1)`),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND created_at < now() - interval '600 days'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM crm_call_scripts WHERE workspace_id = :ws`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM crm_cadences WHERE workspace_id = :ws`)).toBe(40);
    expect(await count(`SELECT count(*)::int AS n FROM crm_consents WHERE workspace_id = :ws AND channel = 'sms' AND NOT granted`)).toBeGreaterThan(10);
    expect(await count(`SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND kind = 'task' AND done_at IS NULL AND due_at < now()`)).toBeGreaterThan(10);
  });

  it('the API reads it: search by phone, funnel, a manager agenda with overdue tasks', async () => {
    const key = (await env.kernel.auth.createApiKey({ workspaceId: wsId, type: 'system', id: null, label: 't', role: 'admin', channel: 'system' }, { name: 'k', role: 'admin' })).key;
    const get = async (url: string) => {
      const r = await env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` } });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      return r.json();
    };
    const p = await env.kernel.db.selectFrom('crm_people').select(['person_id', 'phones']).where('workspace_id', '=', wsId).where(sql<boolean>`cardinality(phones) > 0`).limit(1).executeTakeFirstOrThrow();
    const digits = p.phones[0].slice(2);
    expect((await get(`/people?q=8${digits}`)).data.map((x: any) => x.id)).toContain(p.person_id);
    const funnel = await get('/reports/funnel');
    expect(funnel.stages[0].count).toBeGreaterThan(funnel.stages[3].count);
    const anna = (await env.kernel.auth.listMembers(wsId)).find((m) => m.email === 'anna.kuznetsova@tekhnosnab.ru')!;
    const agenda = await get(`/agenda?userId=${anna.id}`);
    expect(agenda.overdueCount).toBeGreaterThan(0);
  });

  it('a second run adds nothing', async () => {
    const before = await count('SELECT (SELECT count(*) FROM crm_people WHERE workspace_id = :ws) + (SELECT count(*) FROM crm_deals WHERE workspace_id = :ws) + (SELECT count(*) FROM crm_pipelines WHERE workspace_id = :ws) AS n');
    const out = await seedDemo(env.kernel, { workspace: 'crm-demo' });
    expect(out).toMatch(/crm: already has data/);
    expect(await count('SELECT (SELECT count(*) FROM crm_people WHERE workspace_id = :ws) + (SELECT count(*) FROM crm_deals WHERE workspace_id = :ws) + (SELECT count(*) FROM crm_pipelines WHERE workspace_id = :ws) AS n')).toBe(before);
  });
});
