import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { seedDemo } from '../cli/demo.ts';
import { DEMO_SOURCES, demoCrmEmails, planCdpDemo, type DemoMember } from './demo-events.ts';
import { DEMO_SEGMENTS } from './segments/demo-segments.ts';

/** The CDP demo ("Аптека Плюс", story 1): tracked events through the ingest path, one person per member, planted signals. */
describe('cdp: demo tracked events', () => {
  let env: TestEnv;
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
  const eventCount = async () =>
    Number(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws}`.execute(
          env.kernel.db,
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    env = await startTestEnv();
    // One moment for the seeder and the test's own plan: the plan is dated from it.
    const now = Date.now();
    await seedDemo(env.kernel, { workspace: 'cdp-demo', now });
    ws = (await env.kernel.auth.ensureWorkspace('cdp-demo')).id;
    plan = planCdpDemo(now, await demoCrmEmails(env.kernel.db, ws));
  }, 300_000);
  afterAll(async () => env?.close());

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
    }>`SELECT properties->>'order_id' AS order_id, properties->>'store_id' AS store_id FROM events WHERE workspace_id = ${ws} AND person_id = ${personId} AND event = 'Order Completed' ORDER BY occurred_at`.execute(
      env.kernel.db,
    );
    expect(orders.rows.map((o) => o.order_id)).toEqual(m.orders.map((o) => o.orderId));
    expect(orders.rows.some((o) => o.store_id?.startsWith('AP-'))).toBe(true);
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

  it('a second run adds no events, and sending a member again stores nothing new', async () => {
    const before = await eventCount();
    const out = await seedDemo(env.kernel, { workspace: 'cdp-demo' });
    expect(out).toMatch(/cdp: tracked events already there/);
    expect(await eventCount()).toBe(before);
    const web = (await env.kernel.cdp.listSources(ws)).find((s) => s.kind === 'web')!;
    const msgs = plan[0].messages.filter((x) => x.channel === 'web').map((x) => x.msg);
    const res = await env.kernel.cdp.ingest(
      { id: web.id, workspaceId: ws, name: web.name, kind: web.kind, origin: web.origin, disabled: false },
      msgs,
    );
    expect(res.accepted).toBe(msgs.length);
    expect(res.duplicates).toBe(msgs.length);
    expect(await eventCount()).toBe(before);
    expect((await env.kernel.cdp.listSources(ws)).length).toBe(3);
  }, 300_000);
});
