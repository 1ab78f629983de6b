import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { teamSummary } from './team-summary.ts';

/**
 * GET /team/summary: the admin's home page counted in SQL, in the reader's time zone. The day is
 * Wednesday 2026-03-11 in Moscow (UTC+3): 2026-03-10T21:00Z … 2026-03-11T21:00Z; the week starts
 * Monday 2026-03-09 00:00 MSK; the month is March in Moscow.
 */
describe('crm: team summary', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let anna: string;
  let boris: string;
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const task = (dueAt: string, assigneeId: string | null, auth = ws.auth) =>
    ok('POST', '/activities', { kind: 'task', subject: `Задача ${dueAt}`, dueAt, assigneeId }, auth);
  const summary = (query = 'day=2026-03-11&tz=Europe/Moscow') => ok('GET', `/team/summary?${query}`);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('team-summary');
    other = await env.workspace('team-summary-other');
    anna = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'anna@team.test',
        name: 'Анна Петрова',
        password: 'anna-password',
        role: 'manager',
      })
    ).id;
    boris = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'boris@team.test',
        name: 'Борис Орлов',
        password: 'boris-password',
        role: 'manager',
      })
    ).id;

    // Open tasks due today (Moscow): Анна 2, Борис 1, unassigned 1.
    await task('2026-03-11T08:00:00Z', anna);
    await task('2026-03-11T20:30:00Z', anna); // 23:30 MSK
    await task('2026-03-10T22:00:00Z', boris); // 01:00 MSK on the 11th
    await task('2026-03-11T12:00:00Z', null);
    await task('2026-03-11T21:30:00Z', anna); // tomorrow in Moscow
    // Overdue: one open; a done one and a deleted one are not.
    await task('2026-03-10T20:00:00Z', boris);
    const done = await task('2026-03-09T10:00:00Z', boris);
    await ok('POST', `/activities/${done.id}/complete`);
    const gone = await task('2026-03-09T10:00:00Z', anna);
    await ok('DELETE', `/activities/${gone.id}`);
    await task('2026-03-11T09:00:00Z', null, other.auth);
    // Calls and meetings today.
    await ok('POST', '/activities', { kind: 'call', direction: 'out', occurredAt: '2026-03-11T10:00:00Z' });
    await ok('POST', '/activities', { kind: 'call', direction: 'in', occurredAt: '2026-03-10T20:59:00Z' }); // the 10th in Moscow
    await ok('POST', '/activities', { kind: 'meeting', subject: 'Встреча', occurredAt: '2026-03-11T07:00:00Z' });
    await ok('POST', '/activities', { kind: 'visit', location: 'Склад', occurredAt: '2026-03-11T11:00:00Z' });
    await ok('POST', '/activities', { kind: 'note', body: 'Заметка', occurredAt: '2026-03-11T11:00:00Z' });
    // People created this week (since Monday 00:00 MSK).
    const person = async (firstName: string, createdAt: string) => {
      const p = await ok('POST', '/people', { firstName, lastName: 'Недельный' });
      await sql`UPDATE crm_people SET created_at = ${createdAt}::timestamptz WHERE workspace_id = ${ws.id} AND person_id = ${p.id}`.execute(
        env.kernel.db,
      );
      return p;
    };
    await person('Понедельник', '2026-03-09T06:00:00Z');
    await person('Среда', '2026-03-11T06:00:00Z');
    await person('Воскресенье', '2026-03-08T20:00:00Z'); // Sunday 23:00 MSK
    const deleted = await person('Удалённый', '2026-03-10T06:00:00Z');
    await ok('DELETE', `/people/${deleted.id}`);
    // Deals won in March (Moscow).
    const p = await ok('POST', '/pipelines', {
      name: 'Продажи',
      stages: [{ name: 'Новая' }, { name: 'Выиграна', kind: 'won' }],
    });
    const won = async (amount: number, currency: string, closedAt: string) => {
      const d = await ok('POST', '/deals', {
        title: `Сделка ${amount}`,
        pipelineId: p.id,
        stageId: p.stages[1].id,
        amount,
        currency,
      });
      await sql`UPDATE crm_deals SET closed_at = ${closedAt}::timestamptz WHERE workspace_id = ${ws.id} AND id = ${d.id}`.execute(
        env.kernel.db,
      );
    };
    await won(1000, 'RUB', '2026-03-05T10:00:00Z');
    await won(500, 'RUB', '2026-02-28T22:00:00Z'); // 1 March 01:00 in Moscow
    await won(100, 'USD', '2026-03-02T10:00:00Z');
    await won(700, 'RUB', '2026-03-31T22:00:00Z'); // 1 April 01:00 in Moscow
    await ok('POST', '/deals', { title: 'Открытая', pipelineId: p.id, stageId: p.stages[0].id, amount: 50 });
  });
  afterAll(async () => env?.close());

  it("counts the team's day in the reader's time zone", async () => {
    const s = await summary();
    expect(s).toMatchObject({
      day: '2026-03-11',
      tz: 'Europe/Moscow',
      from: '2026-03-10T21:00:00.000Z',
      to: '2026-03-11T21:00:00.000Z',
    });
    expect(s.tasksToday).toEqual({ count: 4, exact: true });
    expect(s.overdueTasks).toEqual({ count: 1, exact: true });
    expect(s.callsToday).toEqual({ count: 1, exact: true });
    expect(s.meetingsToday).toEqual({ count: 2, exact: true });
    expect(s.newPeopleThisWeek).toEqual({ count: 2, exact: true });
    expect(s.wonThisMonth).toEqual({
      count: 3,
      byCurrency: [
        { currency: 'RUB', count: 2, amount: 1500 },
        { currency: 'USD', count: 1, amount: 100 },
      ],
    });
    expect(s.tasksTodayByAssignee).toEqual([
      { userId: anna, name: 'Анна Петрова', count: 2 },
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
    ]);
    expect(s.tasksTodayByAssignee.slice(1)).toEqual(
      expect.arrayContaining([
        { userId: boris, name: 'Борис Орлов', count: 1 },
        { userId: null, name: null, count: 1 },
      ]),
    );
  });

  it('the same moments counted in UTC fall on other days', async () => {
    const s = await summary('day=2026-03-11&tz=UTC');
    // 2026-03-10T22:00Z is the 10th in UTC (overdue there, not today); 2026-03-11T21:30Z is today.
    expect(s.tasksToday).toEqual({ count: 4, exact: true });
    expect(s.overdueTasks).toEqual({ count: 2, exact: true });
    expect(s.tasksTodayByAssignee).toEqual([
      { userId: anna, name: 'Анна Петрова', count: 3 },
      { userId: null, name: null, count: 1 },
    ]);
    // 2026-03-31T22:00Z is March in UTC, 2026-02-28T22:00Z is February.
    expect(s.wonThisMonth).toEqual({
      count: 3,
      byCurrency: [
        { currency: 'RUB', count: 2, amount: 1700 },
        { currency: 'USD', count: 1, amount: 100 },
      ],
    });
  });

  it('each count stops at the cap; a bad time zone or day is refused', async () => {
    const s = await teamSummary(env.kernel.db, ws.id, { day: '2026-03-11', tz: 'Europe/Moscow' }, 2);
    expect(s.tasksToday).toEqual({ count: 2, exact: false });
    expect(s.meetingsToday).toEqual({ count: 2, exact: true });
    expect(s.overdueTasks).toEqual({ count: 1, exact: true });
    for (const q of ['tz=Mars/Olympus', 'day=2026-13-01', 'day=yesterday']) {
      const r = await env.app.inject({ method: 'GET', url: `/api/v1/team/summary?${q}`, headers: ws.auth });
      expect(r.statusCode, q).toBe(400);
    }
    // Today by default.
    const today = await summary('');
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
  });

  it('needs crm:read', async () => {
    const viewer = await env.workspace('team-summary', 'viewer');
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/v1/team/summary', headers: viewer.auth })).statusCode,
    ).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/team/summary' })).statusCode).toBe(401);
  });
});
