import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { quantile } from './sla/metrics.ts';

/**
 * Reports against a hand-built week (2–9 Nov 2026, UTC): every expected figure below is worked
 * out by hand from the rows, not by the code under test.
 */
let env: TestEnv;
let ws: { id: string; auth: { authorization: string } };
let ok: ReturnType<typeof apiClient>['ok'];
let api: ReturnType<typeof apiClient>['api'];
const U1 = newId();
const U2 = newId();
const T1 = newId();
const T2 = newId();
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await startTestEnv();
  ws = await env.workspace('reports');
  ({ ok, api } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth }));
  const db = env.kernel.db;
  const inbox = newId();
  await db
    .insertInto('service_inboxes')
    .values({
      workspace_id: ws.id,
      id: inbox,
      name: 'X',
      channel: 'email',
      address: null,
      channel_id: null,
      settings: '{}',
      deleted_at: null,
    })
    .execute();
  type C = [
    string,
    string,
    string | null,
    string | null,
    string | null,
    string,
    string | null,
    string | null,
    string,
    string | null,
  ];
  // name, channel, topic, assignee, team, created, first response, solved, status, merged into
  const rows: C[] = [
    [
      'c1',
      'email',
      'card',
      U1,
      T1,
      '2026-11-02T09:00:00Z',
      '2026-11-02T09:10:00Z',
      '2026-11-02T11:00:00Z',
      'solved',
      null,
    ],
    [
      'c2',
      'email',
      'card',
      U1,
      T1,
      '2026-11-02T10:00:00Z',
      '2026-11-02T10:30:00Z',
      '2026-11-03T10:00:00Z',
      'solved',
      null,
    ],
    ['c3', 'chat', 'loan', U2, T1, '2026-11-03T14:00:00Z', '2026-11-03T14:02:00Z', null, 'open', null],
    [
      'c4',
      'chat',
      null,
      U2,
      null,
      '2026-11-04T14:30:00Z',
      '2026-11-04T15:30:00Z',
      '2026-11-04T16:30:00Z',
      'solved',
      null,
    ],
    ['c5', 'telegram', null, null, null, '2026-11-05T08:00:00Z', null, null, 'new', null],
    [
      'c6',
      'email',
      'card',
      U1,
      T2,
      '2026-10-30T12:00:00Z',
      '2026-10-30T13:00:00Z',
      '2026-11-02T12:00:00Z',
      'solved',
      null,
    ],
    ['c7', 'email', null, null, null, '2026-11-08T23:00:00Z', null, null, 'new', null],
    ['c8', 'email', 'card', U1, T1, '2026-11-03T09:00:00Z', '2026-11-03T09:05:00Z', null, 'open', 'c1'],
    // Solved before the period, reopened by the client on 5 Nov, solved again after it.
    [
      'c9',
      'chat',
      null,
      U2,
      null,
      '2026-10-20T10:00:00Z',
      '2026-10-20T11:00:00Z',
      '2026-11-09T12:00:00Z',
      'solved',
      null,
    ],
  ];
  let number = 0;
  for (const [name] of rows) ids[name] = newId();
  for (const [name, channel, topic, assignee, team, created, fr, solved, status, merged] of rows)
    await db
      .insertInto('service_conversations')
      .values({
        workspace_id: ws.id,
        id: ids[name],
        number: ++number,
        inbox_id: inbox,
        person_id: newId(),
        channel: channel as 'email',
        subject: name,
        status: status as 'open',
        priority: 'normal',
        topic,
        language: null,
        assignee_id: assignee,
        team_id: team,
        custom: '{}',
        merged_into: merged ? ids[merged] : null,
        first_inbound_at: created,
        first_response_at: fr,
        solved_at: solved,
        created_at: created,
        updated_at: created,
      })
      .execute();
  // The status history the backlog reads (what the desk's hook writes as the conversations move).
  const moves: Record<string, [string | null, string, string][]> = {
    c1: [
      [null, 'new', '2026-11-02T09:00:00Z'],
      ['new', 'open', '2026-11-02T09:10:00Z'],
      ['open', 'solved', '2026-11-02T11:00:00Z'],
    ],
    c2: [
      [null, 'new', '2026-11-02T10:00:00Z'],
      ['new', 'open', '2026-11-02T10:30:00Z'],
      ['open', 'solved', '2026-11-03T10:00:00Z'],
    ],
    c3: [
      [null, 'new', '2026-11-03T14:00:00Z'],
      ['new', 'open', '2026-11-03T14:02:00Z'],
    ],
    c4: [
      [null, 'new', '2026-11-04T14:30:00Z'],
      ['new', 'open', '2026-11-04T15:30:00Z'],
      ['open', 'solved', '2026-11-04T16:30:00Z'],
    ],
    c5: [[null, 'new', '2026-11-05T08:00:00Z']],
    c6: [
      [null, 'new', '2026-10-30T12:00:00Z'],
      ['new', 'open', '2026-10-30T13:00:00Z'],
      ['open', 'solved', '2026-11-02T12:00:00Z'],
    ],
    c7: [[null, 'new', '2026-11-08T23:00:00Z']],
    // Merged into c1 on 6 Nov at noon: closed then.
    c8: [
      [null, 'new', '2026-11-03T09:00:00Z'],
      ['new', 'open', '2026-11-03T09:05:00Z'],
      ['open', 'closed', '2026-11-06T12:00:00Z'],
    ],
    c9: [
      [null, 'new', '2026-10-20T10:00:00Z'],
      ['new', 'open', '2026-10-20T11:00:00Z'],
      ['open', 'solved', '2026-10-21T09:00:00Z'],
      ['solved', 'reopened', '2026-11-05T12:00:00Z'],
      ['reopened', 'solved', '2026-11-09T12:00:00Z'],
    ],
  };
  for (const [name, list] of Object.entries(moves))
    for (const [from, to, at] of list)
      await db
        .insertInto('service_conversation_status_changes')
        .values({
          workspace_id: ws.id,
          id: newId(),
          conversation_id: ids[name],
          from_status: from as 'new' | null,
          to_status: to as 'new',
          at,
          by_kind: 'system',
          by_user_id: null,
        })
        .execute();
  const clock = (
    c: string,
    metric: string,
    stopped: string | null,
    outcome: string | null,
    breached: string | null = null,
  ) =>
    db
      .insertInto('service_sla_clocks')
      .values({
        workspace_id: ws.id,
        id: newId(),
        conversation_id: ids[c],
        policy_id: newId(),
        metric: metric as 'first_response',
        target_minutes: 20,
        started_at: '2026-10-30T00:00:00Z',
        running_since: stopped ? null : '2026-10-30T00:00:00Z',
        stopped_at: stopped,
        outcome: outcome as 'met',
        breached_at: breached,
      })
      .execute();
  await clock('c1', 'first_response', '2026-11-02T09:10:00Z', 'met');
  await clock('c1', 'resolution', '2026-11-02T11:00:00Z', 'met');
  await clock('c2', 'first_response', '2026-11-02T10:30:00Z', 'breached', '2026-11-02T10:20:00Z');
  await clock('c2', 'resolution', '2026-11-03T10:00:00Z', 'breached', '2026-11-03T09:00:00Z');
  await clock('c3', 'first_response', '2026-11-03T14:02:00Z', 'cancelled');
  await clock('c4', 'next_response', '2026-11-04T16:00:00Z', 'met');
  await clock('c5', 'first_response', null, null, '2026-11-05T09:00:00Z');
  await clock('c6', 'first_response', '2026-10-30T13:00:00Z', 'met');
  const answer = (
    c: string,
    score: number | null,
    agent: string | null,
    team: string | null,
    at: string | null,
    cycle = 0,
  ) =>
    db
      .insertInto('service_csat')
      .values({
        workspace_id: ws.id,
        id: newId(),
        conversation_id: ids[c],
        cycle,
        person_id: newId(),
        agent_id: agent,
        team_id: team,
        channel: 'email',
        score,
        answered_at: at,
      })
      .execute();
  await answer('c1', 5, U1, T1, '2026-11-02T12:00:00Z');
  await answer('c2', 2, U1, T1, '2026-11-03T11:00:00Z');
  await answer('c4', 4, U2, null, '2026-11-04T17:00:00Z');
  await answer('c6', 3, U1, T2, '2026-11-02T13:00:00Z');
  await answer('c3', null, U2, T1, null);
  await answer('c6', 1, U1, T2, '2026-10-31T10:00:00Z', 1);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const period = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';

describe('service reports', () => {
  it('quantiles interpolate between ranks (percentile_cont)', () => {
    expect(quantile([2, 10, 30, 60], 0.5)).toBe(20);
    expect(quantile([2, 10, 30, 60], 0.9)).toBeCloseTo(51, 10);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('totals: volume, first response and resolution (median, p90), SLA hit rate, CSAT, backlog', async () => {
    const r = await ok('GET', `/service/reports?${period}`);
    expect(r.total).toEqual({
      key: null,
      volume: 6, // c1 c2 c3 c4 c5 c7 (c6 created before, c8 merged away)
      firstResponse: { count: 4, medianMinutes: 20, p90Minutes: 51 }, // [2, 10, 30, 60]
      resolution: { count: 4, medianMinutes: 780, p90Minutes: 3456 }, // [120, 120, 1440, 4320]
      sla: { met: 3, breached: 3, hitRate: 0.5 }, // cancelled and out-of-period clocks left out
      csat: { answered: 4, average: 3.5, satisfiedShare: 0.5 }, // [5, 2, 4, 3]
    });
    // Open at each midnight (hand-counted from the moves above):
    // 3 Nov c2 · 4 Nov c3 c8 · 5 Nov c3 c8 · 6 Nov c3 c5 c8 c9 · 7 Nov c3 c5 c9 · 8 Nov c3 c5 c9 · 9 Nov c3 c5 c7 c9.
    expect(r.backlog.map((b: { open: number }) => b.open)).toEqual([1, 2, 2, 4, 3, 3, 4]);
    expect(r.backlogStep).toBe('day');
    expect(r.backlog[0].at).toBe('2026-11-03T00:00:00.000Z');
    expect(r.backlog.at(-1).at).toBe('2026-11-09T00:00:00.000Z');
  });

  it('backlog by the hour, exactly at the boundaries; in a time zone; bad steps refused', async () => {
    const r = await ok('GET', '/service/reports?from=2026-11-05T10:00:00Z&to=2026-11-05T14:00:00Z&backlogStep=hour');
    // c3 c5 c8 open throughout; c9 reopened at 12:00 sharp counts from the 13:00 point.
    expect(r.backlog).toEqual([
      { at: '2026-11-05T11:00:00.000Z', open: 3 },
      { at: '2026-11-05T12:00:00.000Z', open: 3 },
      { at: '2026-11-05T13:00:00.000Z', open: 4 },
      { at: '2026-11-05T14:00:00.000Z', open: 4 },
    ]);
    // Moscow midnights (21:00Z).
    const msk = await ok(
      'GET',
      '/service/reports?from=2026-11-04T21:00:00Z&to=2026-11-06T21:00:00Z&timezone=Europe/Moscow',
    );
    expect(msk.backlog).toEqual([
      { at: '2026-11-05T21:00:00.000Z', open: 4 }, // c3 c5 c8 c9
      { at: '2026-11-06T21:00:00.000Z', open: 3 }, // c8 merged at 12:00Z
    ]);
    const bad = await api('GET', '/service/reports?from=2026-10-01T00:00:00Z&to=2026-11-09T00:00:00Z&backlogStep=hour');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('backlogStep');
  });

  it('by channel', async () => {
    const r = await ok('GET', `/service/reports?${period}&groupBy=channel`);
    const g = Object.fromEntries(r.groups.map((x: { key: string }) => [x.key, x]));
    expect(Object.keys(g)).toEqual(['chat', 'email', 'telegram']);
    expect(g.email).toMatchObject({
      volume: 3,
      firstResponse: { count: 2, medianMinutes: 20, p90Minutes: 28 }, // [10, 30]
      resolution: { count: 3, medianMinutes: 1440, p90Minutes: 3744 }, // [120, 1440, 4320]
      sla: { met: 2, breached: 2, hitRate: 0.5 },
    });
    expect(g.chat).toMatchObject({
      volume: 2,
      firstResponse: { count: 2, medianMinutes: 31, p90Minutes: 54.2 }, // [2, 60]
      resolution: { count: 1, medianMinutes: 120, p90Minutes: 120 },
      sla: { met: 1, breached: 0, hitRate: 1 },
    });
    expect(g.telegram).toMatchObject({ volume: 1, sla: { met: 0, breached: 1, hitRate: 0 } });
  });

  it('CSAT by agent and by team (who owned the conversation at the solve)', async () => {
    const byAgent = await ok('GET', `/service/reports?${period}&groupBy=agent`);
    const a = Object.fromEntries(byAgent.groups.map((x: { key: string; csat: unknown }) => [x.key, x.csat]));
    expect(a[U1]).toEqual({ answered: 3, average: 3.33, satisfiedShare: 0.33 }); // [5, 2, 3]
    expect(a[U2]).toEqual({ answered: 1, average: 4, satisfiedShare: 1 });
    const byTeam = await ok('GET', `/service/reports?${period}&groupBy=team`);
    const t = Object.fromEntries(
      byTeam.groups.map((x: { key: string | null; csat: unknown }) => [x.key ?? 'none', x.csat]),
    );
    expect(t[T1]).toEqual({ answered: 2, average: 3.5, satisfiedShare: 0.5 });
    expect(t[T2]).toEqual({ answered: 1, average: 3, satisfiedShare: 0 });
    expect(t.none).toEqual({ answered: 1, average: 4, satisfiedShare: 1 });
  });

  it('volume by hour, and by day in the given time zone', async () => {
    const byHour = await ok('GET', `/service/reports?${period}&groupBy=hour`);
    const h = Object.fromEntries(byHour.groups.map((x: { key: string; volume: number }) => [x.key, x.volume]));
    expect(h).toEqual({ '8': 1, '9': 1, '10': 1, '12': 0, '14': 2, '23': 1 }); // 12: c6, solved in the period
    const byDay = await ok('GET', `/service/reports?${period}&groupBy=day&timezone=Europe/Moscow`);
    const d = Object.fromEntries(byDay.groups.map((x: { key: string; volume: number }) => [x.key, x.volume]));
    // c7 at 23:00Z is 02:00 on the 9th in Moscow.
    expect(d).toMatchObject({ '2026-11-02': 2, '2026-11-03': 1, '2026-11-04': 1, '2026-11-05': 1, '2026-11-09': 1 });
  });

  it('refuses a bad period or zone, naming the field', async () => {
    const back = await api('GET', '/service/reports?from=2026-11-09T00:00:00Z&to=2026-11-02T00:00:00Z');
    expect(back.status).toBe(400);
    expect(back.body.error.details[0].path).toBe('to');
    const zone = await api('GET', `/service/reports?${period}&timezone=Mars/Base`);
    expect(zone.status).toBe(400);
    expect(zone.body.error.details[0].path).toBe('timezone');
    const group = await api('GET', `/service/reports?${period}&groupBy=moon`);
    expect(group.status).toBe(400);
  });
});
