import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';
import { CAMPAIGN_JOB } from './campaigns.ts';
import { inAbTest, isControl } from './campaign-audience.ts';

/**
 * Campaigns: the hold-out (share and stability), control members get nothing, consent applies
 * through the sender, every state and its refusals, results against a hand computation, A/B.
 * People are written in bulk (SQL) so that the statistics have a few thousand of them cheaply.
 */
/** The label of the test key's actor (who approved, who launched). */
const ADMIN = 'API key "admin key"';

describe('engage: campaigns', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let channelId: string;
  let templateId: string;
  let template2Id: string;
  let smsTemplateId: string;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const db = () => env.kernel.db;

  /** n persons (email, marketing consent unless `consent` is false) in a new list; their ids. */
  const people = async (n: number, opts: { consent?: boolean; region?: (i: number) => string } = {}) => {
    const list = (await ok('POST', '/segments', { name: `List ${newId()}`, kind: 'list' })).id as string;
    const ids = Array.from({ length: n }, () => newId());
    const rows = ids.map((id, i) => ({ id, traits: { region: opts.region?.(i) ?? 'Москва' } }));
    await sql`INSERT INTO persons (workspace_id, id, traits)
      SELECT ${ws.id}, x.id, x.traits FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, traits jsonb)`.execute(
      db(),
    );
    await sql`INSERT INTO identities (workspace_id, kind, value, person_id)
      SELECT ${ws.id}, 'email', 'p' || x::text || '@c.test', x FROM unnest(${ids}::uuid[]) AS x`.execute(db());
    await sql`INSERT INTO segment_members (workspace_id, segment_id, person_id, entered_at)
      SELECT ${ws.id}, ${list}, x, now() FROM unnest(${ids}::uuid[]) AS x`.execute(db());
    if (opts.consent !== false)
      await sql`INSERT INTO crm_consents (workspace_id, id, person_id, channel, purpose, granted, source)
        SELECT ${ws.id}, gen_random_uuid(), x, 'email', 'marketing', true, 'test' FROM unnest(${ids}::uuid[]) AS x`.execute(
        db(),
      );
    return { list, ids };
  };
  const body = (segmentId: string, over: Record<string, unknown> = {}) => ({
    name: 'Витамины осенью',
    segmentId,
    controlPercent: 10,
    // Far ahead: the sender leaves these messages queued (this file checks the ledger, not delivery).
    steps: [{ channelId, templateId, delay: '30d' }],
    conversionEvent: 'Order Completed',
    attributionWindow: '7d',
    ...over,
  });
  const runJob = (campaignId: string) =>
    env.kernel.jobs.runNow(CAMPAIGN_JOB, { campaignId }, { workspaceId: ws.id }) as Promise<{
      members: number;
      queued: number;
    }>;
  const frozen = (id: string) =>
    eventually(async () => {
      const c = await ok('GET', `/campaigns/${id}`);
      return c.audience !== null ? c : null;
    });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('campaigns-ws');
    channelId = (
      await ok('POST', '/channels', {
        type: 'email',
        name: 'Mail',
        config: { host: '8.8.8.8', port: 25, secure: false, from: 'Shop <news@shop.test>' },
      })
    ).id;
    const tpl = (name: string, channel = 'email') =>
      ok('POST', '/templates', { channel, name, subject: name, body: `<p>${name}</p>`, kind: 'marketing' }).then(
        (t) => t.id as string,
      );
    templateId = await tpl('Осень A');
    template2Id = await tpl('Осень B');
    smsTemplateId = await tpl('SMS', 'sms');
  }, 120_000);
  afterAll(async () => env?.close());

  it('holds out a stable 10 %: within 3σ of 2,000, the same on a re-run, control members get nothing', async () => {
    const { list, ids } = await people(2000);
    const c = await ok('POST', '/campaigns', body(list));
    expect(c).toMatchObject({
      status: 'draft',
      controlPercent: 10,
      audience: null,
      steps: [{ index: 0, delay: '30d' }],
    });
    const est = await ok('GET', `/campaigns/${c.id}/estimate`);
    expect(est.audience).toBe(2000);
    expect(est.treatment + est.control).toBe(2000);
    expect(est.reachable[channelId]).toBe(est.treatment);

    const launched = await ok('POST', `/campaigns/${c.id}/launch`);
    // A draft launched is approved by its launcher, recorded.
    expect(launched).toMatchObject({ status: 'running', approvedBy: ADMIN, launchedBy: ADMIN });
    expect(launched.approvedAt).toBeTruthy();
    await runJob(c.id);
    const done = await frozen(c.id);
    expect(done.audience).toBe(2000);

    const members = await db()
      .selectFrom('engage_campaign_members')
      .select(['person_id', 'grp'])
      .where('workspace_id', '=', ws.id)
      .where('campaign_id', '=', c.id)
      .execute();
    const control = members.filter((m) => m.grp === 'control');
    // Binomial(2000, 0.1): mean 200, σ = √(2000·0.1·0.9) ≈ 13.4; ±3σ ≈ ±40.
    expect(Math.abs(control.length - 200)).toBeLessThanOrEqual(40);
    // The group is a function of (campaign, person) alone: the JS hash, the SQL estimate and the frozen rows agree.
    for (const m of members) expect(m.grp === 'control').toBe(isControl(c.id, m.person_id, 10));
    expect(est.control).toBe(control.length);
    expect(new Set(members.map((m) => m.person_id))).toEqual(new Set(ids));

    // Control members have no message; the treatment one each, keyed cp:<campaign>:<step>:<person>.
    const ledger = await sql<{ grp: string; n: number; keys: number }>`
      SELECT cm.grp, count(m.id)::int AS n, count(DISTINCT m.idempotency_key)::int AS keys
      FROM engage_campaign_members cm
      LEFT JOIN engage_messages m ON m.workspace_id = cm.workspace_id AND m.campaign_id = cm.campaign_id AND m.person_id = cm.person_id
      WHERE cm.workspace_id = ${ws.id} AND cm.campaign_id = ${c.id} GROUP BY cm.grp ORDER BY cm.grp
    `.execute(db());
    expect(ledger.rows).toEqual([
      { grp: 'control', n: 0, keys: 0 },
      { grp: 'treatment', n: 2000 - control.length, keys: 2000 - control.length },
    ]);
    const key = await db()
      .selectFrom('engage_messages')
      .select(['idempotency_key', 'person_id', 'campaign_step'])
      .where('campaign_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(key.idempotency_key).toBe(`cp:${c.id}:0:${key.person_id}`);

    // Re-running the job (a restart, a relaunch of the same id) changes nothing.
    const again = await runJob(c.id);
    expect(again).toEqual({ members: 0, queued: 0 });
    const after = await db()
      .selectFrom('engage_campaign_members')
      .select(['person_id', 'grp'])
      .where('workspace_id', '=', ws.id)
      .where('campaign_id', '=', c.id)
      .execute();
    expect(new Map(after.map((m) => [m.person_id, m.grp]))).toEqual(new Map(members.map((m) => [m.person_id, m.grp])));
    const n = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM engage_messages WHERE campaign_id = ${c.id}`.execute(db());
    expect(n.rows[0].n).toBe(2000 - control.length);

    // Cancel: its queued messages are suppressed, none goes out.
    expect((await ok('POST', `/campaigns/${c.id}/cancel`)).status).toBe('cancelled');
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM engage_messages
      WHERE campaign_id = ${c.id} AND NOT (status = 'suppressed' AND reason = 'cancelled')`.execute(db());
    expect(left.rows[0].n).toBe(0);
  }, 120_000);

  it('consent applies through the sender: a member whose consent was withdrawn ends suppressed', async () => {
    const { list, ids } = await people(3, { region: (i) => (i === 2 ? 'Урал' : 'Поволжье') });
    await sql`INSERT INTO crm_consents (workspace_id, id, person_id, channel, purpose, granted, source, occurred_at)
      VALUES (${ws.id}, ${newId()}, ${ids[1]}, 'email', 'marketing', false, 'test', now() + interval '1 second')`.execute(
      db(),
    );
    const c = await ok(
      'POST',
      '/campaigns',
      body(list, { controlPercent: 0, steps: [{ channelId, templateId }], geography: { regions: ['поволжье'] } }),
    );
    expect((await ok('GET', `/campaigns/${c.id}/estimate`)).reachable[channelId]).toBe(1);
    await ok('POST', `/campaigns/${c.id}/launch`);
    await runJob(c.id);
    const done = await frozen(c.id);
    // Geography: the person of another region is not in the audience.
    expect(done.audience).toBe(2);
    const m = await eventually(async () => {
      const row = await db()
        .selectFrom('engage_messages')
        .select(['status', 'reason'])
        .where('campaign_id', '=', c.id)
        .where('person_id', '=', ids[1])
        .executeTakeFirst();
      return row && row.status !== 'queued' && row.status !== 'sending' ? row : null;
    }, 60_000);
    expect(m).toEqual({ status: 'suppressed', reason: 'no_consent' });
  }, 90_000);

  it('a control segment instead of a percent: its members are the control, the rest of the target the treatment', async () => {
    const { list, ids } = await people(20);
    const { list: held, ids: others } = await people(3);
    await sql`INSERT INTO segment_members (workspace_id, segment_id, person_id, entered_at)
      SELECT ${ws.id}, ${held}, x, now() FROM unnest(${ids.slice(0, 5)}::uuid[]) AS x`.execute(db());
    const c = await ok('POST', '/campaigns', body(list, { controlPercent: null, controlSegmentId: held }));
    expect(c).toMatchObject({ controlPercent: null, controlSegmentId: held });
    expect(await ok('GET', `/campaigns/${c.id}/estimate`)).toMatchObject({ audience: 23, treatment: 15, control: 8 });
    await ok('POST', `/campaigns/${c.id}/launch`);
    await runJob(c.id);
    await frozen(c.id);
    const g = await db()
      .selectFrom('engage_campaign_members')
      .select(['person_id', 'grp'])
      .where('campaign_id', '=', c.id)
      .execute();
    const control = new Set(g.filter((m) => m.grp === 'control').map((m) => m.person_id));
    expect(control).toEqual(new Set([...ids.slice(0, 5), ...others]));
    const sent = await sql<{ n: number }>`SELECT count(*)::int AS n FROM engage_messages WHERE campaign_id = ${c.id}
      AND person_id = ANY(${[...control]}::uuid[])`.execute(db());
    expect(sent.rows[0].n).toBe(0);
  });

  it('states: each transition and its refusals; bad input and a deleted template or nobody reachable refused', async () => {
    const { list } = await people(20);
    // Bad input names the field.
    const bad: [Record<string, unknown>, number, string][] = [
      [{ controlPercent: 95 }, 400, 'controlPercent'],
      [{ attributionWindow: 'a week' }, 400, 'attributionWindow'],
      [{ steps: [{ channelId, templateId: smsTemplateId }] }, 400, 'steps.0.templateId'],
      [{ segmentId: newId() }, 400, 'segmentId'],
      [{ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 400, 'endsAt'],
      [
        {
          steps: [
            {
              channelId,
              templateId,
              variants: [
                { key: 'A', templateId, share: 50 },
                { key: 'B', templateId: template2Id, share: 40 },
              ],
            },
          ],
        },
        400,
        'steps.0.variants',
      ],
      [{ abTest: { metric: 'opened', testPercent: 20, decideAfter: '24h', auto: true } }, 400, 'abTest'],
      [{ promotionId: newId() }, 400, 'promotionId'],
      [{ controlPercent: 10, controlSegmentId: list }, 400, 'controlPercent'],
      [{ controlPercent: null, controlSegmentId: list }, 400, 'controlSegmentId'],
    ];
    for (const [over, status, path] of bad) {
      const r = await api('POST', '/campaigns', body(list, over));
      expect(r.status, JSON.stringify(over)).toBe(status);
      expect(r.body.error.details[0].path, JSON.stringify(over)).toBe(path);
    }

    const c = await ok('POST', '/campaigns', body(list, { costPerMessage: 0.5 }));
    expect((await ok('PATCH', `/campaigns/${c.id}`, { name: 'Витамины 2', controlPercent: 20 })).controlPercent).toBe(
      20,
    );
    const approved = await ok('POST', `/campaigns/${c.id}/approve`);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: ADMIN });
    expect((await api('PATCH', `/campaigns/${c.id}`, { name: 'x' })).status).toBe(409);
    expect((await api('DELETE', `/campaigns/${c.id}`)).status).toBe(409);
    expect((await api('POST', `/campaigns/${c.id}/approve`)).status).toBe(409);
    expect((await api('POST', `/campaigns/${c.id}/finish`)).status).toBe(409);
    const running = await ok('POST', `/campaigns/${c.id}/launch`);
    expect(running).toMatchObject({ status: 'running', approvedBy: ADMIN, launchedBy: ADMIN });
    expect((await api('POST', `/campaigns/${c.id}/launch`)).status).toBe(409);
    expect((await ok('POST', `/campaigns/${c.id}/finish`)).status).toBe('finished');
    expect((await api('POST', `/campaigns/${c.id}/cancel`)).status).toBe(409);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', ws.id)
      .where('entity_type', '=', 'campaign')
      .where('entity_id', '=', c.id)
      .execute();
    expect(audit.length).toBe(5); // create, update, approve, launch, finish

    // Scheduled: a future startsAt; the periodic check starts it when due and finishes it past endsAt.
    const startsAt = new Date(Date.now() + 3600_000).toISOString();
    const endsAt = new Date(Date.now() + 7200_000).toISOString();
    const s = await ok('POST', '/campaigns', body(list, { startsAt, endsAt }));
    expect(await ok('POST', `/campaigns/${s.id}/launch`)).toMatchObject({ status: 'scheduled', launchedAt: null });
    // One whose template is deleted while it waits: given up at its time, the reason kept.
    const t1 = (await ok('POST', '/templates', { channel: 'email', name: 'Later', subject: 'l', body: '<p>l</p>' })).id;
    const s1 = await ok('POST', '/campaigns', body(list, { startsAt, steps: [{ channelId, templateId: t1 }] }));
    expect((await ok('POST', `/campaigns/${s1.id}/launch`)).status).toBe('scheduled');
    expect((await api('DELETE', `/templates/${t1}`)).status).toBeLessThan(300);
    await env.kernel.engage.campaigns.tick(new Date(Date.now() + 3601_000));
    expect((await ok('GET', `/campaigns/${s.id}`)).status).toBe('running');
    const given = await ok('GET', `/campaigns/${s1.id}`);
    expect(given.status).toBe('cancelled');
    expect(given.error).toMatch(/^TEMPLATE_UNAVAILABLE: steps\.0\.templateId/);
    await env.kernel.engage.campaigns.tick(new Date(Date.now() + 7201_000));
    expect((await ok('GET', `/campaigns/${s.id}`)).status).toBe('finished');

    // A template deleted after the draft was made: 422 naming the step.
    const t = (await ok('POST', '/templates', { channel: 'email', name: 'Gone', subject: 'g', body: '<p>g</p>' })).id;
    const g = await ok('POST', '/campaigns', body(list, { steps: [{ channelId, templateId: t }] }));
    expect((await api('DELETE', `/templates/${t}`)).status).toBeLessThan(300);
    const gone = await api('POST', `/campaigns/${g.id}/launch`);
    expect(gone.status).toBe(422);
    expect(gone.body.error).toMatchObject({ code: 'TEMPLATE_UNAVAILABLE', details: [{ path: 'steps.0.templateId' }] });
    expect((await ok('GET', `/campaigns/${g.id}`)).status).toBe('draft');
    expect((await api('DELETE', `/campaigns/${g.id}`)).status).toBe(204);
    expect((await api('GET', `/campaigns/${g.id}`)).status).toBe(404);

    // Nobody with consent: 422, the reason kept on the campaign, nothing frozen.
    const { list: silent } = await people(10, { consent: false });
    const n = await ok('POST', '/campaigns', body(silent));
    const refused = await api('POST', `/campaigns/${n.id}/launch`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('NO_REACHABLE_AUDIENCE');
    const kept = await ok('GET', `/campaigns/${n.id}`);
    expect(kept).toMatchObject({ status: 'draft', audience: null });
    expect(kept.error).toMatch(/^NO_REACHABLE_AUDIENCE: none of the \d+ people/);

    const page = await ok('GET', '/campaigns?limit=2');
    expect(page.data.length).toBe(2);
    const rest = await ok('GET', `/campaigns?limit=200&cursor=${page.nextCursor}`);
    expect([...page.data, ...rest.data].map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await ok('GET', '/campaigns?status=finished&q=Витамины 2')).data.map((x: { id: string }) => x.id)).toEqual([
      c.id,
    ]);
  }, 120_000);

  it('results match a hand computation: treatment 20 of 200, control 5 of 100', async () => {
    const { list } = await people(1);
    const c = await ok('POST', '/campaigns', body(list, { costPerMessage: 1.5 }));
    const t0 = new Date('2026-11-01T10:00:00Z');
    const sentAt = new Date(t0.getTime() + 60_000);
    const DAY = 86_400_000;
    const treatment = Array.from({ length: 200 }, () => newId());
    const control = Array.from({ length: 100 }, () => newId());
    await sql`UPDATE engage_campaigns SET status = 'running', launched_at = ${t0}, enumerated_at = ${t0}, audience = 300
      WHERE workspace_id = ${ws.id} AND id = ${c.id}`.execute(db());
    const members = [
      ...treatment.map((p, i) => ({ p, g: 'treatment', r: i < 100 ? 'Москва' : 'Поволжье' })),
      ...control.map((p, i) => ({ p, g: 'control', r: i < 50 ? 'Москва' : 'Поволжье' })),
    ];
    await sql`INSERT INTO engage_campaign_members (workspace_id, campaign_id, person_id, grp, region)
      SELECT ${ws.id}, ${c.id}, x.p, x.g, x.r FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS x(p uuid, g text, r text)`.execute(
      db(),
    );
    // Every treatment member was sent one message; 150 delivered, 60 opened, 10 clicked.
    await sql`INSERT INTO engage_messages (workspace_id, id, idempotency_key, person_id, channel_id, channel_type, template_id,
        kind, status, sent_at, delivered_at, opened_at, clicked_at, campaign_id, campaign_step)
      SELECT ${ws.id}, gen_random_uuid(), 'cp:' || ${c.id}::text || ':0:' || x.p::text, x.p, ${channelId}, 'email', ${templateId},
        'marketing', CASE WHEN x.i <= 10 THEN 'clicked' WHEN x.i <= 60 THEN 'opened' WHEN x.i <= 150 THEN 'delivered' ELSE 'sent' END,
        ${sentAt}, CASE WHEN x.i <= 150 THEN ${sentAt}::timestamptz END, CASE WHEN x.i <= 60 THEN ${sentAt}::timestamptz END,
        CASE WHEN x.i <= 10 THEN ${sentAt}::timestamptz END, ${c.id}, 0
      FROM unnest(${treatment}::uuid[]) WITH ORDINALITY AS x(p, i)`.execute(db());
    const order = (personId: string, at: number, properties: Record<string, unknown>, event = 'Order Completed') => ({
      personId,
      type: 'test',
      event,
      properties,
      occurredAt: new Date(at),
    });
    const events = [
      // 20 treatment responders (one in Поволжье), 1,000 each, a day after their message.
      ...treatment.slice(0, 19).map((p) => order(p, sentAt.getTime() + DAY, { revenue: 1000 })),
      order(treatment[150], sentAt.getTime() + DAY, { revenue: '1000' }),
      // Not responses: after the 7-day window, before the message, another event.
      order(treatment[30], sentAt.getTime() + 8 * DAY, { revenue: 5000 }),
      order(treatment[31], t0.getTime() - DAY, { revenue: 5000 }),
      order(treatment[32], sentAt.getTime() + DAY, { revenue: 5000 }, 'Product Viewed'),
      // 5 control responders after the launch (one pays through `total`); one before the launch does not count.
      ...control.slice(0, 4).map((p) => order(p, t0.getTime() + 2 * DAY, { revenue: 1000 })),
      order(control[60], t0.getTime() + 2 * DAY, { total: 1000 }),
      order(control[61], t0.getTime() - 3600_000, { revenue: 1000 }),
    ];
    await env.kernel.cdp.directory.appendEvents(db(), ws.id, events);

    const r = await ok('GET', `/campaigns/${c.id}/results`);
    expect(Object.keys(r).slice(0, 12)).toEqual([
      'audience',
      'treatment',
      'control',
      'sent',
      'responders',
      'responseRate',
      'controlResponseRate',
      'uplift',
      'upliftCI',
      'pValue',
      'revenue',
      'delivered',
    ]);
    expect(r).toMatchObject({
      audience: 300,
      treatment: 200,
      control: 100,
      sent: 200,
      delivered: 150,
      opened: 60,
      clicked: 10,
      responders: 20,
      controlResponders: 5,
      revenue: 20000,
      cost: 300,
    });
    expect(r.responseRate).toBeCloseTo(0.1, 12);
    expect(r.controlResponseRate).toBeCloseTo(0.05, 12);
    expect(r.deliveryRate).toBeCloseTo(0.75, 12);
    expect(r.openRate).toBeCloseTo(0.4, 12);
    // By hand: uplift = 0.10 − 0.05 = 0.05; relative = 0.05 / 0.05 = 1.
    expect(r.uplift).toBeCloseTo(0.05, 12);
    expect(r.relativeUplift).toBeCloseTo(1, 12);
    // Wald (unpooled): SE = √(0.1·0.9/200 + 0.05·0.95/100) = √0.000925 = 0.0304138;
    // CI = 0.05 ± 1.959964 · 0.0304138 = 0.05 ± 0.0596100 → [−0.0096100, 0.1096100].
    expect(r.upliftCI[0]).toBeCloseTo(-0.00961, 5);
    expect(r.upliftCI[1]).toBeCloseTo(0.10961, 5);
    // z-test (pooled): p̂ = 25/300 = 0.0833333; SE = √(p̂(1−p̂)(1/200 + 1/100)) = 0.0338502;
    // z = 0.05 / 0.0338502 = 1.477098; p = 2(1 − Φ(1.477098)) = 0.13965.
    expect(r.pValue).toBeCloseTo(0.13965, 4);
    // Revenue per person: 20,000 / 200 = 100 against 5,000 / 100 = 50: +50 a person, the interval around it.
    expect(r.revenuePerPerson).toBeCloseTo(100, 9);
    expect(r.controlRevenuePerPerson).toBeCloseTo(50, 9);
    expect(r.revenueUplift).toBeCloseTo(50, 9);
    expect((r.revenueUpliftCI[0] + r.revenueUpliftCI[1]) / 2).toBeCloseTo(50, 6);
    expect(r.revenueUpliftCI[0]).toBeLessThan(0);
    // ROI = (50 · 200 − 300) / 300 = 32.333…
    expect(r.roi).toBeCloseTo(9700 / 300, 9);
    expect(r.method.response).toMatch(/z-test/);
    expect(r.byRegion).toEqual([
      expect.objectContaining({ region: 'Москва', treatment: 100, control: 50, responders: 19, controlResponders: 4 }),
      expect.objectContaining({ region: 'Поволжье', treatment: 100, control: 50, responders: 1, controlResponders: 1 }),
    ]);
    expect(r.byWave).toEqual([{ index: 0, sent: 200, delivered: 150, opened: 60, clicked: 10, responders: 20 }]);

    // An empty control: the statistics are null, never NaN.
    await sql`DELETE FROM engage_campaign_members WHERE campaign_id = ${c.id} AND grp = 'control'`.execute(db());
    const empty = await ok('GET', `/campaigns/${c.id}/results`);
    expect(empty).toMatchObject({
      control: 0,
      controlResponseRate: null,
      uplift: null,
      upliftCI: null,
      pValue: null,
      roi: null,
    });
  }, 60_000);

  it('A/B: the test part gets the variants, the winner (auto or by hand) goes to the rest', async () => {
    const { list } = await people(400);
    const ab = (auto: boolean) =>
      body(list, {
        controlPercent: 0,
        steps: [
          {
            channelId,
            templateId,
            delay: '30d',
            variants: [
              { key: 'A', templateId, share: 50 },
              { key: 'B', templateId: template2Id, share: 50 },
            ],
          },
        ],
        abTest: { metric: 'opened', testPercent: 40, decideAfter: '1h', auto },
      });
    const c = await ok('POST', '/campaigns', ab(true));
    await ok('POST', `/campaigns/${c.id}/launch`);
    await runJob(c.id);
    await frozen(c.id);
    const msgs = () =>
      db()
        .selectFrom('engage_messages')
        .select(['person_id', 'variant', 'template_id'])
        .where('campaign_id', '=', c.id)
        .execute();
    const first = await msgs();
    // Only the test part (≈40 %) got a message, each the template of its variant.
    for (const m of first) expect(inAbTest(c.id, m.person_id, 40)).toBe(true);
    expect(Math.abs(first.length - 160)).toBeLessThanOrEqual(4 * Math.sqrt(400 * 0.4 * 0.6));
    for (const m of first) expect(m.template_id).toBe(m.variant === 'A' ? templateId : template2Id);
    // B opens far more: sent, and every B opened against one A in ten.
    await sql`UPDATE engage_messages SET status = 'sent', sent_at = now() WHERE campaign_id = ${c.id}`.execute(db());
    await sql`UPDATE engage_messages SET status = 'opened', opened_at = now(), delivered_at = now()
      WHERE campaign_id = ${c.id} AND (variant = 'B' OR (variant = 'A' AND right(person_id::text, 1) = '0'))`.execute(
      db(),
    );
    expect((await env.kernel.engage.campaigns.tick(new Date())).decided).toBe(0); // not due before decideAfter
    await env.kernel.engage.campaigns.tick(new Date(Date.now() + 3601_000));
    const decided = await ok('GET', `/campaigns/${c.id}`);
    expect(decided.winner).toBe('B');
    await runJob(c.id);
    const all = await msgs();
    expect(all.length).toBe(400);
    for (const m of all) if (!inAbTest(c.id, m.person_id, 40)) expect(m.variant).toBe('B');
    const r = await ok('GET', `/campaigns/${c.id}/results`);
    expect(r.winner).toBe('B');
    expect(r.abDecision).toMatchObject({
      winner: 'B',
      how: 'auto',
      metric: 'opened',
      comparison: { first: 'B', second: 'A' },
    });
    expect(r.abDecision.comparison.pValue).toBeLessThan(0.001);
    expect(r.byVariant.map((v: { key: string }) => v.key)).toEqual(['A', 'B']);
    expect((await api('POST', `/campaigns/${c.id}/ab/winner`, { variant: 'A' })).status).toBe(409);

    // By hand, on another campaign of the same list.
    const h = await ok('POST', '/campaigns', ab(false));
    await ok('POST', `/campaigns/${h.id}/launch`);
    await runJob(h.id);
    await frozen(h.id);
    expect((await api('POST', `/campaigns/${h.id}/ab/winner`, { variant: 'Z' })).body.error.details[0].path).toBe(
      'variant',
    );
    expect((await api('POST', `/campaigns/${h.id}/ab/winner`, {})).body.error.details[0].path).toBe('variant');
    expect((await ok('POST', `/campaigns/${h.id}/ab/winner`, { variant: 'A' })).winner).toBe('A');
    await runJob(h.id);
    const hm = await db()
      .selectFrom('engage_messages')
      .select(['person_id', 'variant'])
      .where('campaign_id', '=', h.id)
      .execute();
    expect(hm.length).toBe(400);
    for (const m of hm) if (!inAbTest(h.id, m.person_id, 40)) expect(m.variant).toBe('A');
  }, 120_000);
});
