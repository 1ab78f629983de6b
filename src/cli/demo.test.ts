import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { demoSeeders, seedDemo } from './demo.ts';
import { DEMO_SALES_MANAGERS } from '../crm/demo.ts';
import { DEMO_PRODUCTS, DEMO_SOURCES, demoCrmEmails, planCdpDemo, type DemoMember } from '../cdp/demo-events.ts';
import { DEMO_SEGMENTS } from '../cdp/segments/demo-segments.ts';

/**
 * `kartoteka demo`: the whole demo, seeded ONCE for every module's checks. Seeding it is the most
 * expensive step of the suite (minutes on PGlite under CI), so a module's demo checks are one more
 * `describe` here, reading `env` and `wsId`, not a file of its own that seeds it all again.
 */
let env: TestEnv;
let wsId: string;
// One moment for the seed, the CDP's plan and the CRM's determinism test below.
const now = Date.now();
const count = async (q: string) =>
  Number((await sql.raw<{ n: number }>(q.replaceAll(':ws', `'${wsId}'`)).execute(env.kernel.db)).rows[0].n);
const eventCount = () => count('SELECT count(*)::int AS n FROM events WHERE workspace_id = :ws');

beforeAll(async () => {
  env = await startTestEnv();
  await seedDemo(env.kernel, { workspace: 'demo', now });
  wsId = (await env.kernel.auth.ensureWorkspace('demo')).id;
}, 300_000);
afterAll(async () => env?.close());

/** The CRM demo data (story 2): its shape holds together, and it is the same on every run. */
describe('crm: demo seeder', () => {
  let key = '';

  it('seeds companies, people as CDP persons, deals with consistent history, activities, scripts, cadences, consents', async () => {
    // Story 2's scale: 8,000 companies, contacts in most of them, spread over Russia.
    expect(await count('SELECT count(*)::int AS n FROM crm_companies WHERE workspace_id = :ws')).toBe(8000);
    expect(
      await count(
        'SELECT count(DISTINCT company_id)::int AS n FROM crm_people WHERE workspace_id = :ws AND deleted_at IS NULL',
      ),
    ).toBeGreaterThan(4000);
    expect(
      await count('SELECT count(DISTINCT region)::int AS n FROM crm_companies WHERE workspace_id = :ws'),
    ).toBeGreaterThanOrEqual(40);
    // Names do not repeat (but for two among the first 300, which were always so).
    expect(
      await count(
        'SELECT count(*)::int AS n FROM (SELECT lower(name) FROM crm_companies WHERE workspace_id = :ws GROUP BY 1 HAVING count(*) > 1) x',
      ),
    ).toBeLessThanOrEqual(2);
    // Live rows only: a CRM person whom a loyalty member's login merged into her anonymous browsing
    // (src/cdp/demo-events.ts) leaves a retired row behind, and her live row is under the surviving person id.
    expect(
      await count('SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws AND deleted_at IS NULL'),
    ).toBeGreaterThan(6000);
    // Every CRM person is a CDP person, reachable through the directory.
    const sample = await env.kernel.db
      .selectFrom('crm_people')
      .select(['person_id', 'phones', 'emails'])
      .where('workspace_id', '=', wsId)
      .where('deleted_at', 'is', null)
      .limit(20)
      .execute();
    for (const p of sample)
      expect(await env.kernel.cdp.directory.liveId(env.kernel.db, wsId, p.person_id)).toBe(p.person_id);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws AND emails = '{}' AND phones = '{}'",
      ),
    ).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws')).toBeGreaterThan(2500);
    expect(await count('SELECT count(DISTINCT pipeline_id)::int AS n FROM crm_deals WHERE workspace_id = :ws')).toBe(3);
    expect(
      await count('SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws'),
    ).toBeGreaterThanOrEqual(20000);
    // Every person the demo made has its timeline's first entry (every deal and activity its own, checked below).
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_people p WHERE p.workspace_id = :ws AND p.deleted_at IS NULL AND p.source <> 'phone' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = p.workspace_id AND e.person_id = p.person_id AND e.event = 'person.created')`,
      ),
    ).toBe(0);
    // Deals: status matches the stage kind; closed ones have a date (lost ones a reason); every deal's last change is its stage.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals d JOIN crm_stages s ON s.workspace_id = d.workspace_id AND s.id = d.stage_id WHERE d.workspace_id = :ws AND s.kind <> d.status`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND ((status = 'open') <> (closed_at IS NULL) OR (status = 'lost' AND close_reason IS NULL))`,
      ),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND status = 'won'`),
    ).toBeGreaterThan(50);
    expect(
      await count(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND status = 'lost'`),
    ).toBeGreaterThan(50);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals d WHERE d.workspace_id = :ws AND d.stage_id <> (SELECT c.to_stage_id FROM crm_deal_stage_changes c WHERE c.workspace_id = d.workspace_id AND c.deal_id = d.id ORDER BY c.changed_at DESC LIMIT 1)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND created_at < now() - interval '600 days'`,
      ),
    ).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM crm_call_scripts WHERE workspace_id = :ws`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM crm_cadences WHERE workspace_id = :ws`)).toBe(40 + 35 * 4);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_consents WHERE workspace_id = :ws AND channel = 'sms' AND NOT granted`,
      ),
    ).toBeGreaterThan(10);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND kind = 'task' AND done_at IS NULL AND due_at < now()`,
      ),
    ).toBeGreaterThan(10);
  });

  it('the API reads it: search by phone, funnel, a manager agenda with overdue tasks', async () => {
    key = (
      await env.kernel.auth.createApiKey(
        { workspaceId: wsId, type: 'system', id: null, label: 't', role: 'admin', channel: 'system' },
        { name: 'k', role: 'admin' },
      )
    ).key;
    const get = async (url: string) => {
      const r = await env.app.inject({
        method: 'GET',
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      return r.json();
    };
    const p = await env.kernel.db
      .selectFrom('crm_people')
      .select(['person_id', 'phones'])
      .where('workspace_id', '=', wsId)
      .where(sql<boolean>`cardinality(phones) > 0`)
      .limit(1)
      .executeTakeFirstOrThrow();
    const digits = p.phones[0].slice(2);
    expect((await get(`/people?q=8${digits}`)).data.map((x: any) => x.id)).toContain(p.person_id);
    const funnel = await get('/reports/funnel');
    expect(funnel.stages[0].count).toBeGreaterThan(funnel.stages[3].count);
    const anna = (await env.kernel.auth.listMembers(wsId)).find((m) => m.email === 'anna.kuznetsova@tekhnosnab.ru')!;
    const agenda = await get(`/agenda?userId=${anna.id}`);
    expect(agenda.overdueCount).toBeGreaterThan(0);
  });

  it("carries story 2 (ТехноСнаб): three pipelines, managers with their own deals and activities, today's cold calls and visits, PBX calls", async () => {
    const { rows: pipelines } = await sql<{ name: string; deals: number; stages: number }>`
      SELECT p.name, (SELECT count(*)::int FROM crm_deals d WHERE d.workspace_id = p.workspace_id AND d.pipeline_id = p.id) AS deals,
        (SELECT count(*)::int FROM crm_stages s WHERE s.workspace_id = p.workspace_id AND s.pipeline_id = p.id AND s.deleted_at IS NULL) AS stages
      FROM crm_pipelines p WHERE p.workspace_id = ${wsId} ORDER BY p.name`.execute(env.kernel.db);
    expect(pipelines.map((p) => p.name)).toEqual(['Ключевые клиенты', 'Новые клиенты', 'Тендеры']);
    for (const p of pipelines) {
      expect(p.deals, p.name).toBeGreaterThan(50);
      expect(p.stages, p.name).toBeGreaterThanOrEqual(5);
    }
    const members = await env.kernel.auth.listMembers(wsId);
    const managers = ['dmitry.volkov@tekhnosnab.ru', 'anna.kuznetsova@tekhnosnab.ru', 'sergey.popov@tekhnosnab.ru'].map(
      (e) => members.find((m) => m.email === e)!,
    );
    expect(members.some((m) => m.email === 'igor.lebedev@tekhnosnab.ru' && m.role === 'manager')).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const agendaOf = async (userId: string) => {
      const r = await env.app.inject({
        method: 'GET',
        url: `/api/v1/agenda?userId=${userId}&date=${today}`,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as {
        tasks: { subject: string; cadenceId: string | null }[];
        cadences: { id: string; kind: string }[];
      };
    };
    for (const m of managers) {
      const mine = (q: string) => count(q.replaceAll(':me', `'${m.id}'`));
      expect(
        await mine(`SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND owner_id = :me`),
        m.email,
      ).toBeGreaterThan(100);
      expect(
        await mine(
          `SELECT count(DISTINCT pipeline_id)::int AS n FROM crm_deals WHERE workspace_id = :ws AND owner_id = :me`,
        ),
        m.email,
      ).toBe(3);
      expect(
        await mine(
          `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND owner_id = :me AND kind = 'visit'`,
        ),
        m.email,
      ).toBeGreaterThan(10);
      // The morning agenda: cadences turned today's cold calls and the visit into tasks.
      const agenda = await agendaOf(m.id);
      const planned = agenda.tasks
        .filter((t) => t.cadenceId)
        .map((t) => ({ subject: t.subject, kind: agenda.cadences.find((c) => c.id === t.cadenceId)?.kind }));
      expect(
        planned.filter((p) => p.kind === 'call' && p.subject.startsWith('Холодный звонок: ')).length,
        m.email,
      ).toBe(3);
      expect(planned.filter((p) => p.kind === 'visit' && p.subject.startsWith('Визит: ')).length, m.email).toBe(1);
      // PBX calls of this month are the operator's (ten each), stored once per callId.
      expect(
        await mine(
          `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND owner_id = :me AND external_id LIKE 'pbx:demo-pbx-%'`,
        ),
        m.email,
      ).toBe(10);
    }
    // The whole field team: 35 managers, each with deals in the three pipelines won over many months,
    // visits, outbound calls this month and today's plan in the morning agenda.
    expect(DEMO_SALES_MANAGERS).toHaveLength(35);
    const team = DEMO_SALES_MANAGERS.map((e) => members.find((m) => m.email === e)!);
    expect(team.filter((m) => m?.role === 'manager' && m.email.endsWith('@tekhnosnab.ru')).length).toBe(35);
    const { rows: perManager } = await sql<{
      owner_id: string;
      deals: number;
      pipelines: number;
      won_months: number;
      regions: number;
      visits: number;
      calls_out_month: number;
    }>`
      SELECT d.owner_id, count(*)::int AS deals, count(DISTINCT d.pipeline_id)::int AS pipelines,
        count(DISTINCT date_trunc('month', d.closed_at)) FILTER (WHERE d.status = 'won')::int AS won_months, count(DISTINCT d.region)::int AS regions,
        (SELECT count(*)::int FROM crm_activities a WHERE a.workspace_id = d.workspace_id AND a.owner_id = d.owner_id AND a.kind = 'visit') AS visits,
        (SELECT count(*)::int FROM crm_activities a WHERE a.workspace_id = d.workspace_id AND a.owner_id = d.owner_id AND a.kind = 'call' AND a.direction = 'out' AND a.occurred_at >= date_trunc('month', now())) AS calls_out_month
      FROM crm_deals d WHERE d.workspace_id = ${wsId} GROUP BY d.workspace_id, d.owner_id`.execute(env.kernel.db);
    for (const m of team) {
      const row = perManager.find((r) => r.owner_id === m.id);
      expect(row, m.email).toBeTruthy();
      expect(row!.deals, m.email).toBeGreaterThanOrEqual(40);
      expect(row!.pipelines, m.email).toBe(3);
      expect(row!.won_months, m.email).toBeGreaterThanOrEqual(6);
      expect(row!.visits, m.email).toBeGreaterThan(0);
      expect(row!.calls_out_month, m.email).toBeGreaterThan(0);
    }
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
    const report = await env.app.inject({
      method: 'GET',
      url: `/api/v1/reports/activity?from=${encodeURIComponent(monthStart)}&to=${encodeURIComponent(tomorrow)}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(report.statusCode, report.body).toBe(200);
    const rows = (report.json() as { rows: { ownerId: string | null; callsOut: number }[] }).rows;
    for (const m of team) expect(rows.find((r) => r.ownerId === m.id)?.callsOut ?? 0, m.email).toBeGreaterThan(0);
    // Their deals cover the country and the two years: sales by region and month.
    const sales = await env.app.inject({
      method: 'GET',
      url: '/api/v1/reports/sales?interval=month&groupBy=region',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(sales.statusCode, sales.body).toBe(200);
    expect((sales.json() as { series: unknown[]; periods: string[] }).series.length).toBeGreaterThanOrEqual(40);
    expect((sales.json() as { series: unknown[]; periods: string[] }).periods.length).toBeGreaterThanOrEqual(20);
    // The other 32 have today's plan too (the first three are checked above), beside their own tasks.
    for (const m of team.slice(3)) {
      const agenda = await agendaOf(m.id);
      const planned = agenda.tasks
        .filter((t) => t.cadenceId)
        .map((t) => ({ subject: t.subject, kind: agenda.cadences.find((c) => c.id === t.cadenceId)?.kind }));
      expect(
        planned.filter((p) => p.kind === 'call' && p.subject.startsWith('Холодный звонок: ')).length,
        m.email,
      ).toBe(3);
      expect(planned.filter((p) => p.kind === 'visit' && p.subject.startsWith('Визит: ')).length, m.email).toBe(1);
      expect(agenda.tasks.length, m.email).toBeGreaterThan(4);
    }

    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND kind = 'call' AND external_id LIKE 'pbx:demo-pbx-%' AND occurred_at >= date_trunc('month', now()) - interval '1 day'`,
      ),
    ).toBe(30);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws AND source = 'phone' AND lifecycle_stage = 'lead'`,
      ),
    ).toBe(2);
    // The PBX calls are on the people's timelines like a webhook's.
    const call = await env.kernel.db
      .selectFrom('crm_activities')
      .select(['id', 'person_id'])
      .where('workspace_id', '=', wsId)
      .where('external_id', '=', 'pbx:demo-pbx-0001')
      .executeTakeFirstOrThrow();
    const r = await env.app.inject({
      method: 'GET',
      url: `/api/v1/people/${call.person_id}/timeline?types=activity`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(r.json().data.some((e: any) => e.properties?.activityId === call.id || e.properties?.id === call.id)).toBe(
      true,
    );
  });

  it('is plausible Russian B2B data of its own story, up to today: Russian names and tasks, nothing done in the future, this month never empty', async () => {
    // Russian companies (no «Blue Harbor GmbH» heading the list), Russian people, tasks and notes.
    expect(
      await count(`SELECT count(*)::int AS n FROM crm_companies WHERE workspace_id = :ws AND name ~ '[A-Za-z]'`),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws AND (first_name ~ '[A-Za-z]' OR last_name ~ '[A-Za-z]' OR position ~ '[A-Za-z]{3}')`,
      ),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND kind = 'task'`),
    ).toBeGreaterThan(500);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND kind = 'task' AND subject ~ '[A-Za-z]'`,
      ),
    ).toBe(0);
    // Latin words in subjects and notes: none but the «Re:» of a reply, which Russian mail has too.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND (subject ~ '[A-Za-z]{3}' OR body ~ '[A-Za-z]{3}')`,
      ),
    ).toBe(0);
    const first = await env.app.inject({
      method: 'GET',
      url: '/api/v1/companies?limit=5',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(first.statusCode, first.body).toBe(200);
    for (const c of first.json().data as { name: string }[]) expect(c.name).toMatch(/^(ООО|АО|ЗАО|ПАО|ИП) /);
    // No email is used by two people, nor by a pharmacy loyalty member (story 1): nobody is merged across stories.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT e FROM crm_people, unnest(emails) e WHERE workspace_id = :ws GROUP BY e HAVING count(*) > 1) x`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM identities i JOIN crm_people c ON c.workspace_id = i.workspace_id AND c.person_id = i.person_id WHERE i.workspace_id = :ws AND i.kind = 'user_id' AND i.value LIKE 'apt-%'`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_people WHERE workspace_id = :ws AND EXISTS (SELECT 1 FROM unnest(phones) ph WHERE ph LIKE '+7900%')`,
      ),
    ).toBe(0);
    // What happened happened by now, after the person was known; only plans lie ahead.
    // (An open task may be dated ahead: the cadence job turns today's plan into tasks due later today.)
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_activities WHERE workspace_id = :ws AND ((kind <> 'task' AND occurred_at > now()) OR done_at > now())`,
      ),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM crm_consents WHERE workspace_id = :ws AND occurred_at > now()`),
    ).toBe(0);
    // (Not the two callers the PBX reported: their record is made when the call is reported, after it.)
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_activities a JOIN crm_people p ON p.workspace_id = a.workspace_id AND p.person_id = a.person_id WHERE a.workspace_id = :ws AND a.occurred_at < p.created_at AND p.source <> 'phone'`,
      ),
    ).toBe(0);
    // A company card's last activity is something done, never an open task ahead.
    const withTask = await env.kernel.db
      .selectFrom('crm_activities')
      .select('company_id')
      .where('workspace_id', '=', wsId)
      .where('kind', '=', 'task')
      .where('done_at', 'is', null)
      .where('due_at', '>', new Date())
      .where('company_id', 'is not', null)
      .limit(5)
      .execute();
    expect(withTask.length).toBeGreaterThan(0);
    for (const { company_id } of withTask) {
      const r = await env.app.inject({
        method: 'GET',
        url: `/api/v1/companies/${company_id}`,
        headers: { authorization: `Bearer ${key}` },
      });
      const at = r.json().lastActivityAt;
      if (at) expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
    }
    // This month (from the 1st, UTC, to now): every manager has activities; deals were opened and closed,
    // so the reports' default period shows the month's own figures.
    const members = await env.kernel.auth.listMembers(wsId);
    const team = DEMO_SALES_MANAGERS.map((e) => members.find((m) => m.email === e)!);
    const { rows: month } = await sql<{ owner_id: string; n: number }>`
      SELECT owner_id, count(*)::int AS n FROM crm_activities WHERE workspace_id = ${wsId} AND occurred_at >= date_trunc('month', now()) AND occurred_at <= now() GROUP BY owner_id`.execute(
      env.kernel.db,
    );
    for (const m of team) expect(month.find((r) => r.owner_id === m.id)?.n ?? 0, m.email).toBeGreaterThan(3);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND created_at >= date_trunc('month', now())`,
      ),
    ).toBeGreaterThanOrEqual(35);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND status = 'won' AND closed_at >= date_trunc('month', now())`,
      ),
    ).toBeGreaterThanOrEqual(10);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM crm_deals WHERE workspace_id = :ws AND status = 'lost' AND closed_at >= date_trunc('month', now())`,
      ),
    ).toBeGreaterThanOrEqual(10);
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const sales = await env.app.inject({
      method: 'GET',
      url: `/api/v1/reports/sales?interval=month&from=${encodeURIComponent(monthStart)}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(sales.statusCode, sales.body).toBe(200);
    expect(JSON.stringify(sales.json())).not.toBe('{}');
    // A CRM person's profile is first seen at the first entry of its timeline, not after it.
    const someone = await env.kernel.db
      .selectFrom('crm_people')
      .select('person_id')
      .where('workspace_id', '=', wsId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    const traits = await env.kernel.cdp.computedTraits.forPerson(wsId, someone.person_id);
    const firstEntry = (
      await sql<{
        t: Date;
      }>`SELECT min(occurred_at) AS t FROM events WHERE workspace_id = ${wsId} AND person_id = ${someone.person_id}`.execute(
        env.kernel.db,
      )
    ).rows[0].t;
    expect(new Date(traits.firstSeenAt!).getTime()).toBe(new Date(firstEntry).getTime());
  });

  it('is the same on every run: a second workspace gets the same deals and plan', async () => {
    // The second seed runs only what makes deals and cadences — the team and the CRM's seeder, at the
    // same moment as the first. The CDP's tracked events (most of the demo's time) run after the CRM's
    // and write neither; the full demo's own shape is checked above.
    const ws2 = (await env.kernel.auth.ensureWorkspace('crm-demo-2')).id;
    for (const seed of demoSeeders(env.kernel.modules.filter((m) => m.name === 'crm')))
      await seed(env.kernel, { workspaceId: ws2, log: () => {}, now });
    const shape = async (w: string) =>
      // In name order: the month's own deals are placed in this month (not relative to now), so their
      // order in time among the others may differ by a pair.
      (
        await sql<{
          x: string;
        }>`SELECT string_agg(p.name || ':' || d.title || ':' || d.amount::text || ':' || d.status, '|' ORDER BY p.name, d.title, d.amount, d.status) AS x
          FROM crm_deals d JOIN crm_pipelines p ON p.workspace_id = d.workspace_id AND p.id = d.pipeline_id WHERE d.workspace_id = ${w}`.execute(
          env.kernel.db,
        )
      ).rows[0].x;
    expect(await shape(ws2)).toBe(await shape(wsId));
    const subjects = async (w: string) =>
      (
        await sql<{
          x: string;
        }>`SELECT string_agg(subject, '|' ORDER BY subject) AS x FROM crm_cadences WHERE workspace_id = ${w}`.execute(
          env.kernel.db,
        )
      ).rows[0].x;
    expect(await subjects(ws2)).toBe(await subjects(wsId));
  }, 300_000);
});

/** The CDP demo ("Аптека Плюс", story 1): tracked events through the ingest path, one person per member, planted signals. */
describe('cdp: demo tracked events', () => {
  let ws: string;
  let plan: DemoMember[];
  const personOf = async (userId: string) =>
    (
      await env.kernel.db
        .selectFrom('identities')
        .select('person_id')
        .where('workspace_id', '=', ws)
        .where('kind', '=', 'user_id')
        .where('value', '=', userId)
        .executeTakeFirstOrThrow()
    ).person_id;

  beforeAll(async () => {
    ws = wsId;
    // The plan is dated from the seed's moment.
    plan = planCdpDemo(now, await demoCrmEmails(env.kernel.db, ws));
  });

  it('has the web, mobile and POS sources, first-party, with the events they sent', async () => {
    const sources = await env.kernel.cdp.listSources(ws);
    for (const s of DEMO_SOURCES) {
      const found = sources.find((x) => x.name === s.name);
      expect(found, s.name).toBeDefined();
      expect(found!.kind).toBe(s.kind);
      expect(found!.origin).toBe('first');
      const n = Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws} AND source_id = ${found!.id}`.execute(
            env.kernel.db,
          )
        ).rows[0].n,
      );
      expect(n, s.name).toBeGreaterThan(100);
    }
    const planned = plan.reduce((s, m) => s + m.messages.length, 0);
    expect(
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws} AND message_id LIKE 'demo-apt-%'`.execute(
            env.kernel.db,
          )
        ).rows[0].n,
      ),
    ).toBe(planned);
  });

  it('member 1: one profile with anonymous id, user id, email and loyalty card; orders and computed traits as generated', async () => {
    const m = plan[0];
    const personId = await personOf(m.userId);
    const ids = await env.kernel.cdp.directory.identitiesOf(env.kernel.db, ws, personId);
    const kinds = new Map(ids.map((i) => [i.kind, i.value]));
    expect(kinds.get('user_id')).toBe(m.userId);
    expect(kinds.get('email')).toBe(m.email);
    expect(kinds.get('external:loyalty_card')).toBe(m.card);
    expect(ids.some((i) => i.kind === 'anonymous_id' && i.value.startsWith('web-000001-'))).toBe(true);
    // Her anonymous browsing before the login is on the same person.
    const anonViews = Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws} AND person_id = ${personId} AND user_id IS NULL AND event = 'Product Viewed'`.execute(
          env.kernel.db,
        )
      ).rows[0].n,
    );
    expect(anonViews).toBeGreaterThan(0);
    const orders = await sql<{
      order_id: string;
      store_id: string | null;
    }>`SELECT properties->>'order_id' AS order_id, properties->>'store_id' AS store_id FROM events WHERE workspace_id = ${ws} AND person_id = ${personId} AND event = 'Order Completed' AND message_id NOT LIKE 'demo-campaign:%' ORDER BY occurred_at`.execute(
      env.kernel.db,
    );
    // Her own orders, as generated: engage's demo campaigns plant conversions (`demo-campaign:` message
    // ids) for members in their treatment groups, and which members those are depends on the day.
    expect(orders.rows.map((o) => o.order_id)).toEqual(m.orders.map((o) => o.orderId));
    expect(orders.rows.some((o) => o.store_id?.startsWith('AP-'))).toBe(true);
    // Later seeders' events (journeys, campaigns, the contact centre) may still be queued for the fold.
    await env.kernel.cdp.settled(ws);
    const traits = await env.kernel.cdp.computedTraits.forPerson(ws, personId);
    expect(traits.orderCount).toBe(m.orders.length);
    expect(traits.revenue).toBe(m.orders.reduce((s, o) => s + o.revenue, 0));
    expect(m.orders.length).toBeGreaterThan(5);
    expect(traits.rfm).not.toBeNull();
  });

  it('the stories are apart: no member shares an email or a phone with a CRM person, so none is merged into one', async () => {
    // In the plan: members' emails and phones are not the CRM people's.
    const { rows: crm } = await sql<{
      v: string;
    }>`SELECT unnest(emails || phones) AS v FROM crm_people WHERE workspace_id = ${ws}`.execute(env.kernel.db);
    const crmIds = new Set(crm.map((r) => r.v.toLowerCase()));
    expect(crmIds.size).toBeGreaterThan(5000);
    const memberIds = plan
      .flatMap((m) => [
        m.email,
        ...m.messages.map(
          (x) => ((x.msg.traits as Record<string, unknown> | undefined)?.phone as string | undefined) ?? null,
        ),
      ])
      .filter((v): v is string => !!v);
    expect(memberIds.length).toBeGreaterThan(2000);
    expect(memberIds.filter((v) => crmIds.has(v.toLowerCase()))).toEqual([]);
    // In the database: no person with a loyalty member's user id is a CRM person.
    const merged = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM identities i JOIN crm_people c ON c.workspace_id = i.workspace_id AND c.person_id = i.person_id
      WHERE i.workspace_id = ${ws} AND i.kind = 'user_id' AND i.value LIKE 'apt-%'`.execute(env.kernel.db);
    expect(merged.rows[0].n).toBe(0);
    // A member's profile says she was first seen at her first timeline entry, not later.
    const m = plan[0];
    const personId = await personOf(m.userId);
    const traits = await env.kernel.cdp.computedTraits.forPerson(ws, personId);
    const first = (
      await sql<{
        t: Date;
      }>`SELECT min(occurred_at) AS t FROM events WHERE workspace_id = ${ws} AND person_id = ${personId}`.execute(
        env.kernel.db,
      )
    ).rows[0].t;
    expect(new Date(traits.firstSeenAt!).getTime()).toBe(new Date(first).getTime());
  });

  it('RFM segments are spread across members; a churner orders ever more rarely, then stops', async () => {
    const segments = new Set<string>();
    for (const m of plan.filter((x) => x.orders.length > 0 && x.registered).slice(0, 80)) {
      const t = await env.kernel.cdp.computedTraits.forPerson(ws, await personOf(m.userId));
      if (t.rfm) segments.add(t.rfm.segment);
    }
    expect(segments.size).toBeGreaterThan(3);

    const churner = plan[1];
    expect(churner.kind).toBe('churner');
    const personId = await personOf(churner.userId);
    const at = (
      await sql<{
        t: Date;
      }>`SELECT occurred_at AS t FROM events WHERE workspace_id = ${ws} AND person_id = ${personId} AND event = 'Order Completed' ORDER BY occurred_at`.execute(
        env.kernel.db,
      )
    ).rows.map((r) => new Date(r.t).getTime());
    expect(at.length).toBeGreaterThanOrEqual(4);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    const half = Math.floor(gaps.length / 2);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(gaps.slice(half))).toBeGreaterThan(mean(gaps.slice(0, half)) * 1.5);
    expect(Date.now() - at[at.length - 1]).toBeGreaterThan(100 * 86_400_000);
  });

  it('co-purchase pair: a cold remedy mostly comes with a throat spray', async () => {
    const { rows } = await sql<{ with_spray: number; all: number }>`
      SELECT count(*) FILTER (WHERE properties->'products' @> '[{"sku":"THROAT-SPRAY"}]')::int AS with_spray, count(*)::int AS "all"
      FROM events WHERE workspace_id = ${ws} AND event = 'Order Completed' AND properties->'products' @> '[{"sku":"COLD-THERAFLU"}]'`.execute(
      env.kernel.db,
    );
    expect(rows[0].all).toBeGreaterThan(20);
    expect(rows[0].with_spray / rows[0].all).toBeGreaterThan(0.5);
  });

  it("story 1's audience is there: members signed up with consents, the demo segments computed", async () => {
    const consents = await sql<{ channel: string; n: number }>`
      SELECT c.channel, count(DISTINCT c.person_id)::int AS n FROM crm_consents c
      JOIN persons p ON p.workspace_id = c.workspace_id AND p.id = c.person_id
      WHERE c.workspace_id = ${ws} AND c.source = 'loyalty_form' AND p.traits ? 'loyaltyCard'
      GROUP BY c.channel ORDER BY c.channel`.execute(env.kernel.db);
    const members = plan.length;
    const by = new Map(consents.rows.map((r) => [r.channel, r.n]));
    expect(by.get('sms')).toBeGreaterThan(members * 0.3);
    expect(by.get('email')).toBeGreaterThan(members * 0.4);
    const segments = await env.kernel.segments.list(ws);
    expect(segments.map((x) => x.name)).toEqual(expect.arrayContaining(DEMO_SEGMENTS.map((x) => x.name)));
    for (const x of segments) expect(x.computedVersion, x.name).toBe(1);
    // Ольга's segment (Volga, 2+ orders in 90 days, none in 30, SMS allowed) has members, and each
    // one of them really has an SMS consent.
    const olga = segments.find((x) => x.name === DEMO_SEGMENTS[0].name)!;
    expect(olga.size).toBeGreaterThan(0);
    const page = await env.kernel.segments.members(ws, olga.id, { limit: 100 });
    const withSms = await sql<{ n: number }>`
      SELECT count(DISTINCT person_id)::int AS n FROM crm_consents
      WHERE workspace_id = ${ws} AND channel = 'sms' AND granted AND person_id = ANY(${page.data.map((m) => m.personId)}::uuid[])`.execute(
      env.kernel.db,
    );
    expect(withSms.rows[0].n).toBe(page.data.length);
  });

  // Last: the second run of the whole demo (one run for both checks — a run reads every module's data).
  it('a second run adds nothing: no CRM records, no events; sending a member again stores nothing new', async () => {
    const crmRecords =
      'SELECT (SELECT count(*) FROM crm_people WHERE workspace_id = :ws) + (SELECT count(*) FROM crm_deals WHERE workspace_id = :ws) + (SELECT count(*) FROM crm_pipelines WHERE workspace_id = :ws) AS n';
    const before = await count(crmRecords);
    // The demo's journeys move their people in the background (timeline entries): today's
    // birthdays entered, then every run that is due taken, before counting.
    const journeys = env.kernel.engage.journeys.runtime;
    await journeys.entries.scanDates();
    for (let i = 0; i < 600; i++) {
      await journeys.poll();
      const due = await count(
        "SELECT count(*)::int AS n FROM engage_journey_runs WHERE workspace_id = :ws AND state = 'active' AND due_at <= now()",
      );
      if (!due) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Their send steps queue messages, which the sender then sends or suppresses (a timeline
    // entry each): let it finish them too.
    for (let i = 0; i < 600; i++) {
      const queued = await count(
        "SELECT count(*)::int AS n FROM engage_messages WHERE workspace_id = :ws AND status = 'queued' AND (send_after IS NULL OR send_after <= now())",
      );
      if (!queued) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // And what was ingested folded, its segment membership evaluated (enters and exits are
    // timeline entries the follower writes after the seed returned).
    await env.kernel.segments.follower.idle();
    const events = await eventCount();
    const out = await seedDemo(env.kernel, { workspace: 'demo' });
    expect(out).toMatch(/crm: already has data/);
    expect(out).toMatch(/cdp: tracked events already there/);
    expect(await count(crmRecords)).toBe(before);
    await env.kernel.segments.follower.idle();
    expect(await eventCount()).toBe(events);
    const web = (await env.kernel.cdp.listSources(ws)).find((s) => s.kind === 'web')!;
    const msgs = plan[0].messages.filter((x) => x.channel === 'web').map((x) => x.msg);
    const res = await env.kernel.cdp.ingest(
      { id: web.id, workspaceId: ws, name: web.name, kind: web.kind, origin: web.origin, disabled: false },
      msgs,
    );
    expect(res.accepted).toBe(msgs.length);
    expect(res.duplicates).toBe(msgs.length);
    expect(await eventCount()).toBe(events);
    // web, mobile, POS, and insights' instalment payments (src/insights/payments-demo.ts): none twice.
    expect((await env.kernel.cdp.listSources(ws)).length).toBe(4);
  }, 300_000);
});

/** Campaigns (issue 16): past campaigns whose planted effect the results show, with its interval. */
describe('engage: demo campaigns', () => {
  it('finished campaigns with a control group each and a real uplift (once, after the second run too)', async () => {
    const rows = await env.kernel.db
      .selectFrom('engage_campaigns')
      .select(['id', 'status'])
      .where('workspace_id', '=', wsId)
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['finished', 'finished', 'finished']);
    const results = await Promise.all(rows.map((r) => env.kernel.engage.campaigns.results(wsId, r.id)));
    for (const r of results) {
      expect(r.control).toBeGreaterThan(0);
      expect(r.sent).toBeGreaterThan(0);
      expect(r.uplift).toBeGreaterThan(0);
    }
    // The planted effect is visible: at least one interval lies wholly above zero.
    expect(results.some((r) => (r.upliftCI?.[0] ?? 0) > 0)).toBe(true);
  });
});

/** Journeys (issue 17): the birthday and retention scenarios, published; the second run adds none. */
describe('engage: demo journeys', () => {
  it('birthday (points, then a Telegram greeting) and at-risk retention (a task for the owner) are active', async () => {
    const rows = await env.kernel.db
      .selectFrom('engage_journeys')
      .select(['name', 'status', 'version', 'definition'])
      .where('workspace_id', '=', wsId)
      .orderBy('name')
      .execute();
    expect(rows.map((r) => [r.status, r.version])).toEqual([
      ['active', 1],
      ['active', 1],
    ]);
    const birthday = rows.find((r) => 'dateTrait' in r.definition.entry)!;
    expect(birthday.definition.steps.map((s) => s.type)).toEqual(['give_points', 'send']);
    const retention = rows.find((r) => 'segment' in r.definition.entry)!;
    expect(retention.definition.steps[0]).toMatchObject({ type: 'create_task', title: 'Позвонить: удержание' });
  });
});

/** Loyalty (issue 16): the pharmacy's catalogue from its orders, story 1's promotions, members' points that add up. */
describe('loyalty: demo', () => {
  it('catalogue of the ordered products, the promotions of story 1, ledgers whose sums are the balances', async () => {
    expect(await count('SELECT count(*)::int AS n FROM loyalty_products WHERE workspace_id = :ws')).toBe(
      DEMO_PRODUCTS.length,
    );
    const promos = await env.kernel.db
      .selectFrom('loyalty_promotions')
      .select(['name', 'mechanic', 'status', 'geography'])
      .where('workspace_id', '=', wsId)
      .execute();
    expect(promos.find((p) => p.name === 'Купи 2 — третий в подарок')).toMatchObject({
      mechanic: 'buy_n_get_m',
      status: 'active',
      geography: { regions: ['Поволжье'] },
    });
    expect(promos.filter((p) => p.status === 'active').length).toBeGreaterThanOrEqual(5);
    expect(
      await count('SELECT count(DISTINCT person_id)::int AS n FROM loyalty_points WHERE workspace_id = :ws'),
    ).toBeGreaterThan(2000);
    // Every balance is its ledger's sum, never negative; some points expired, some were spent.
    expect(
      await count(`SELECT count(*)::int AS n FROM loyalty_balances b WHERE b.workspace_id = :ws AND b.balance <> (
        SELECT coalesce(sum(points), 0) FROM loyalty_points p WHERE p.workspace_id = b.workspace_id AND p.person_id = b.person_id)`),
    ).toBe(0);
    for (const type of ['spend', 'expire'])
      expect(
        await count(`SELECT count(*)::int AS n FROM loyalty_points WHERE workspace_id = :ws AND type = '${type}'`),
      ).toBeGreaterThan(0);
  });
});

describe('cx: feedback demo', () => {
  it("the desk's client messages are analysed, so the feed has tickets; a rule counts tickets and mentions", async () => {
    const feed = await env.kernel.cx.feedback.feed.list(wsId, { limit: 50, source: 'ticket' });
    expect(feed.data.length).toBeGreaterThan(5);
    expect(new Set(feed.data.map((x) => x.sentiment.label)).size).toBeGreaterThan(1);
    const all = await env.kernel.cx.feedback.feed.list(wsId, { limit: 200 });
    expect(new Set(all.data.map((x) => x.source))).toContain('mention');
    const rules = await env.kernel.cx.mentions.alerts.listRules(wsId);
    expect(rules.find((r) => r.sources.includes('ticket'))?.sources).toEqual(['mention', 'ticket']);
  });
});
