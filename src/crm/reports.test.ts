import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';

/** Reports against hand-computed numbers (close dates and stage times are pinned in the database). */
describe('crm: reports', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let anna: string;
  let ivan: string;
  let p: any;

  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const deal = (title: string, stage: number, amount: number, extra: Record<string, unknown> = {}) =>
    ok('POST', '/deals', { title, pipelineId: p.id, stageId: p.stages[stage].id, amount, ...extra });
  const move = (id: string, stage: number, closeReason?: string) =>
    ok('POST', `/deals/${id}/move`, { stageId: p.stages[stage].id, ...(closeReason ? { closeReason } : {}) });
  const closedAt = (id: string, at: string) =>
    sql`UPDATE crm_deals SET closed_at = ${at}::timestamptz WHERE id = ${id}`.execute(env.kernel.db);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('reports-ws');
    anna = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'anna@rep.test',
        name: 'Анна Кузнецова',
        password: 'member-password',
        role: 'manager',
      })
    ).id;
    ivan = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'ivan@rep.test',
        name: 'Иван Морозов',
        password: 'member-password',
        role: 'manager',
      })
    ).id;
    p = await ok('POST', '/pipelines', {
      name: 'Funnel',
      stages: [
        { name: 'A', probability: 10 },
        { name: 'B', probability: 30 },
        { name: 'C', probability: 60 },
        { name: 'Won', kind: 'won' },
        { name: 'Lost', kind: 'lost' },
      ],
    });
  });
  afterAll(async () => env?.close());

  it('funnel: reached count and amount per stage, conversion to the next, average time in stage', async () => {
    const d1 = await deal('d1', 0, 100);
    await move(d1.id, 1);
    await move(d1.id, 2);
    await move(d1.id, 3);
    const d2 = await deal('d2', 0, 200);
    await move(d2.id, 1);
    await move(d2.id, 4, 'Дорого');
    await deal('d3', 0, 50);
    const d4 = await deal('d4', 0, 400);
    await move(d4.id, 1);
    await move(d4.id, 2);
    await deal('d5', 1, 10); // created in B: it got past A
    // An old deal, outside a period that starts yesterday.
    const old = await deal('old', 0, 9999);
    await sql`UPDATE crm_deals SET created_at = '2020-01-01T00:00:00Z' WHERE id = ${old.id}`.execute(env.kernel.db);
    // Pinned stays: d1 A 100 s, B 200 s, C 300 s; d2 A 300 s, B 400 s; d4 A 200 s, B 600 s.
    const stay = (id: string, from: number, s: number) =>
      sql`UPDATE crm_deal_stage_changes SET seconds_in_from = ${s} WHERE deal_id = ${id} AND from_stage_id = ${p.stages[from].id}`.execute(
        env.kernel.db,
      );
    await stay(d1.id, 0, 100);
    await stay(d1.id, 1, 200);
    await stay(d1.id, 2, 300);
    await stay(d2.id, 0, 300);
    await stay(d2.id, 1, 400);
    await stay(d4.id, 0, 200);
    await stay(d4.id, 1, 600);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const f = await ok('GET', `/reports/funnel?pipelineId=${p.id}&from=${yesterday}`);
    expect(f.stages.map((s: any) => [s.name, s.count, s.amount, s.conversionToNext, s.avgSecondsInStage])).toEqual([
      ['A', 5, 760, 0.8, 200],
      ['B', 4, 710, 0.5, 400],
      ['C', 2, 500, 0.5, 300],
      ['Won', 1, 100, null, null],
      ['Lost', 1, 200, null, null],
    ]);
    const all = await ok('GET', `/reports/funnel?pipelineId=${p.id}`);
    expect(all.stages[0]).toMatchObject({ count: 6, amount: 10759 });
    const none = await ok('GET', `/reports/funnel?pipelineId=${p.id}&from=2000-01-01&to=2000-12-31`);
    expect(none.stages.map((s: any) => [s.count, s.conversionToNext])).toEqual([
      [0, null],
      [0, null],
      [0, null],
      [0, null],
      [0, null],
    ]);
  });

  it('sales refuses an answer of more than 200,000 points (series × periods) with 400 naming interval', async () => {
    for (let i = 0; i < 41; i++) {
      const d = await deal(`bound-${i}`, 0, 1, { region: `Регион ${i}` });
      await move(d.id, 3);
    }
    // 41 regions × 5,000 daily periods (the range is cut to 5,000) = 205,000 points.
    const r = await env.app.inject({
      method: 'GET',
      url: '/api/v1/reports/sales?interval=day&groupBy=region&from=2010-01-01&to=2030-12-31',
      headers: ws.auth,
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.details[0].path).toBe('interval');
    // The same range by month is 252 periods: answered, every region present.
    const ok2 = await ok('GET', '/reports/sales?interval=month&groupBy=region&from=2010-01-01&to=2030-12-31');
    expect(ok2.periods.length).toBe(252);
    expect(ok2.series.filter((x: any) => x.label.startsWith('Регион ')).length).toBe(41);
    const days = await ok('GET', '/reports/sales?interval=day&from=2010-01-01&to=2030-12-31');
    expect(days.periods.length).toBe(5000);
    await sql`UPDATE crm_deals SET deleted_at = now() WHERE title LIKE 'bound-%'`.execute(env.kernel.db);
  });

  it('sales, reasons and sources of deals closed in the period', async () => {
    const won = async (title: string, amount: number, at: string, extra: Record<string, unknown>, reason?: string) => {
      const d = await deal(title, 0, amount, extra);
      await move(d.id, 3, reason);
      await closedAt(d.id, at);
      return d;
    };
    await won(
      'w1',
      100,
      '2031-01-15T10:00:00Z',
      { region: 'Москва', ownerId: anna, source: 'web', campaign: 'spring' },
      'Лучшая цена',
    );
    await won('w2', 250, '2031-01-20T10:00:00Z', { region: 'Казань', ownerId: ivan, source: 'web' }, 'Лучшая цена');
    await won('w3', 1000, '2031-03-03T10:00:00Z', {
      region: 'Москва',
      ownerId: anna,
      source: 'referral',
      campaign: 'spring',
    });
    await won('w4', 5, '2031-01-31T22:00:00Z', { campaign: 'autumn' }, 'Скорость'); // 1 February in Moscow
    for (const [t, amount, reason, at] of [
      ['l1', 70, 'Дорого', '2031-01-10T10:00:00Z'],
      ['l2', 30, 'Дорого', '2031-02-10T10:00:00Z'],
      ['l3', 500, 'Выбрали конкурента', '2031-02-11T10:00:00Z'],
    ] as const) {
      const d = await deal(t, 0, amount, { source: 'web' });
      await move(d.id, 4, reason);
      await closedAt(d.id, at);
    }
    const range = 'from=2031-01-01&to=2031-03-31';

    const total = await ok('GET', `/reports/sales?interval=month&${range}`);
    expect(total.periods).toEqual(['2031-01-01', '2031-02-01', '2031-03-01']);
    expect(total.series.map((s: any) => [s.label, s.points.map((x: any) => [x.count, x.amount])])).toEqual([
      [
        'All',
        [
          [3, 355],
          [0, 0],
          [1, 1000],
        ],
      ],
    ]);
    const msk = await ok('GET', `/reports/sales?interval=month&tz=Europe/Moscow&${range}`);
    expect(msk.series[0].points.map((x: any) => [x.count, x.amount])).toEqual([
      [2, 350],
      [1, 5],
      [1, 1000],
    ]);

    const byRegion = await ok('GET', `/reports/sales?interval=month&groupBy=region&${range}`);
    const region = Object.fromEntries(byRegion.series.map((s: any) => [s.label, s.points.map((x: any) => x.amount)]));
    expect(region).toEqual({ Москва: [100, 0, 1000], Казань: [250, 0, 0], 'No region': [5, 0, 0] });
    const byOwner = await ok('GET', `/reports/sales?interval=month&groupBy=owner&${range}`);
    const owner = Object.fromEntries(byOwner.series.map((s: any) => [s.label, [s.count, s.amount]]));
    expect(owner).toEqual({ 'Анна Кузнецова': [2, 1100], 'Иван Морозов': [1, 250], 'No owner': [1, 5] });
    expect(byOwner.series.find((s: any) => s.label === 'Анна Кузнецова').key).toBe(anna);

    // Weeks start on Monday: 15 Jan 2031 is a Wednesday, 20 Jan a Monday.
    const weeks = await ok('GET', '/reports/sales?interval=week&from=2031-01-13&to=2031-01-26');
    expect(weeks.periods).toEqual(['2031-01-13', '2031-01-20']);
    expect(weeks.series[0].points.map((x: any) => x.count)).toEqual([1, 1]);
    const days = await ok('GET', '/reports/sales?interval=day&from=2031-01-15&to=2031-01-16');
    expect(days.series[0].points).toEqual([
      { period: '2031-01-15', count: 1, amount: 100 },
      { period: '2031-01-16', count: 0, amount: 0 },
    ]);

    const reasons = await ok('GET', `/reports/reasons?${range}`);
    expect(reasons).toEqual({
      currency: 'RUB',
      currencies: ['RUB'],
      won: [
        { reason: 'Лучшая цена', count: 2, amount: 350 },
        { reason: 'Скорость', count: 1, amount: 5 },
        { reason: null, count: 1, amount: 1000 },
      ],
      lost: [
        { reason: 'Дорого', count: 2, amount: 100 },
        { reason: 'Выбрали конкурента', count: 1, amount: 500 },
      ],
    });
    expect(
      (await ok('GET', '/reports/reasons?from=2031-02-01&to=2031-02-28')).lost.map((r: any) => [r.reason, r.count]),
    ).toEqual(
      [
        ['Выбрали конкурента', 1],
        ['Дорого', 1],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );

    const sources = await ok('GET', `/reports/sources?${range}`);
    expect(sources).toEqual({
      currency: 'RUB',
      currencies: ['RUB'],
      sources: [
        { source: 'referral', won: 1, amount: 1000 },
        { source: 'web', won: 2, amount: 350 },
        { source: null, won: 1, amount: 5 },
      ],
      campaigns: [
        { campaign: 'spring', won: 2, amount: 1100 },
        { campaign: null, won: 1, amount: 250 },
        { campaign: 'autumn', won: 1, amount: 5 },
      ],
    });
  });

  it("managers' activity in the period", async () => {
    const act = (body: Record<string, unknown>) => ok('POST', '/activities', body);
    const june = (d: number) => `2031-06-${String(d).padStart(2, '0')}T10:00:00Z`;
    await act({ kind: 'call', direction: 'out', ownerId: anna, occurredAt: june(1) });
    await act({ kind: 'call', direction: 'out', ownerId: anna, occurredAt: june(2) });
    await act({ kind: 'call', direction: 'in', ownerId: anna, occurredAt: june(3) });
    await act({ kind: 'call', direction: 'out', ownerId: anna, occurredAt: '2031-07-05T10:00:00Z' });
    await act({ kind: 'meeting', ownerId: anna, occurredAt: june(4), location: 'Офис' });
    await act({ kind: 'email', direction: 'out', ownerId: anna, occurredAt: june(5) });
    await act({ kind: 'note', body: 'n', ownerId: anna, occurredAt: june(6) });
    await act({ kind: 'visit', location: 'Склад', ownerId: ivan, occurredAt: june(7) });
    await act({ kind: 'visit', location: 'Склад', ownerId: ivan, occurredAt: june(8) });
    await act({ kind: 'note', body: 'nobody', ownerId: null, occurredAt: june(9) });
    // Tasks count for their assignee, when done.
    const t1 = await act({ kind: 'task', subject: 't1', ownerId: ivan, assigneeId: anna, dueAt: june(10) });
    const t2 = await act({ kind: 'task', subject: 't2', ownerId: anna, assigneeId: ivan, dueAt: june(10) });
    await act({ kind: 'task', subject: 'open', ownerId: ivan, assigneeId: ivan, dueAt: june(11) });
    for (const t of [t1, t2]) await ok('POST', `/activities/${t.id}/complete`);
    await sql`UPDATE crm_activities SET done_at = '2031-06-15T10:00:00Z' WHERE id IN (${t1.id}, ${t2.id})`.execute(
      env.kernel.db,
    );

    const r = await ok('GET', '/reports/activity?from=2031-06-01&to=2031-06-30');
    expect(r.rows).toEqual([
      {
        ownerId: anna,
        ownerName: 'Анна Кузнецова',
        calls: 3,
        callsOut: 2,
        callsIn: 1,
        meetings: 1,
        visits: 0,
        tasksDone: 1,
        emails: 1,
        notes: 1,
      },
      {
        ownerId: ivan,
        ownerName: 'Иван Морозов',
        calls: 0,
        callsOut: 0,
        callsIn: 0,
        meetings: 0,
        visits: 2,
        tasksDone: 1,
        emails: 0,
        notes: 0,
      },
      {
        ownerId: null,
        ownerName: null,
        calls: 0,
        callsOut: 0,
        callsIn: 0,
        meetings: 0,
        visits: 0,
        tasksDone: 0,
        emails: 0,
        notes: 1,
      },
    ]);
    const calls = await ok('GET', '/reports/activity?from=2031-06-01&to=2031-06-30&kind=call');
    expect(calls.rows.map((x: any) => [x.ownerName, x.calls])).toEqual([['Анна Кузнецова', 3]]);
    const inbound = await ok('GET', '/reports/activity?from=2031-06-01&to=2031-06-30&direction=in');
    expect(inbound.rows.map((x: any) => [x.ownerName, x.calls, x.callsIn, x.emails])).toEqual([
      ['Анна Кузнецова', 1, 1, 0],
    ]);
    const july = await ok('GET', '/reports/activity?from=2031-07-01&to=2031-07-31');
    expect(july.rows.map((x: any) => [x.ownerName, x.callsOut])).toEqual([['Анна Кузнецова', 1]]);
  });

  it('amounts in different currencies are never added up: one currency per report, the others listed', async () => {
    const home = ws;
    ws = await env.workspace('reports-currency-ws');
    try {
      const q = await ok('POST', '/pipelines', {
        name: 'Q',
        currency: 'RUB',
        stages: [
          { name: 'New', probability: 10 },
          { name: 'Won', kind: 'won' },
          { name: 'Lost', kind: 'lost' },
        ],
      });
      const at = '2032-03-10T12:00:00Z';
      const close = async (title: string, amount: number, currency: string, stage: number, reason?: string) => {
        const d = await ok('POST', '/deals', {
          title,
          pipelineId: q.id,
          stageId: q.stages[0].id,
          amount,
          currency,
          source: 'web',
        });
        await ok('POST', `/deals/${d.id}/move`, {
          stageId: q.stages[stage].id,
          ...(reason ? { closeReason: reason } : {}),
        });
        await closedAt(d.id, at);
        return d;
      };
      await close('r1', 100, 'RUB', 1, 'price');
      await close('r2', 300, 'RUB', 1, 'price');
      await close('u1', 7, 'USD', 1, 'price');
      await close('u2', 9, 'USD', 2, 'late');
      await close('u3', 11, 'USD', 1, 'price');
      const range = 'from=2032-03-01&to=2032-03-31';
      // Default: the currency most of the report's deals are in (won deals: 2 RUB, 2 USD → the pipeline's RUB on the tie).
      const sales = await ok('GET', `/reports/sales?${range}&pipelineId=${q.id}`);
      expect([sales.currency, sales.currencies]).toEqual(['RUB', ['RUB', 'USD']]);
      expect(sales.series.map((x: any) => [x.count, x.amount])).toEqual([[2, 400]]);
      const usd = await ok('GET', `/reports/sales?${range}&pipelineId=${q.id}&currency=USD`);
      expect([usd.currency, usd.series.map((x: any) => [x.count, x.amount])]).toEqual(['USD', [[2, 18]]]);
      // Closed deals (won and lost): 3 USD, 2 RUB → USD by default.
      const reasons = await ok('GET', `/reports/reasons?${range}`);
      expect([reasons.currency, reasons.currencies]).toEqual(['USD', ['USD', 'RUB']]);
      expect(reasons.won).toEqual([{ reason: 'price', count: 2, amount: 18 }]);
      expect(reasons.lost).toEqual([{ reason: 'late', count: 1, amount: 9 }]);
      const sources = await ok('GET', `/reports/sources?${range}&currency=RUB`);
      expect(sources.sources).toEqual([{ source: 'web', won: 2, amount: 400 }]);
      const funnel = await ok('GET', `/reports/funnel?pipelineId=${q.id}&currency=USD`);
      expect([funnel.currency, funnel.stages[0].count, funnel.stages[0].amount]).toEqual(['USD', 3, 27]);
      // A currency no deal is in: zeros, not an error; a malformed one: 400 naming the field.
      expect((await ok('GET', `/reports/sales?${range}&currency=EUR`)).series).toEqual([]);
      const bad = await env.app.inject({ method: 'GET', url: `/api/v1/reports/sales?currency=rub`, headers: ws.auth });
      expect([bad.statusCode, bad.json().error.details[0].path]).toEqual([400, 'query.currency']);
    } finally {
      ws = home;
    }
  });

  it('refuses bad periods and time zones with 400', async () => {
    for (const url of [
      '/reports/sales?from=yesterday',
      '/reports/sales?tz=Nowhere/Land',
      '/reports/funnel?to=2031-13-45',
      '/reports/sales?interval=year',
    ]) {
      const r = await env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: ws.auth });
      expect(r.statusCode, url).toBe(400);
    }
  });
});
