import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { CADENCES_JOB } from './cadences.ts';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';

/** Activities and their kind rules, tasks, the agenda with cadences, call scripts — over HTTP. */
describe('crm: activities, tasks, agenda, cadences, call scripts', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let anna: string;
  let ivan: string;
  let stranger: string;
  let personId: string;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const bad = async (payload: unknown, path: string) => {
    const r = await api('POST', '/activities', payload);
    expect(r.status, JSON.stringify(payload)).toBe(400);
    expect(r.body.error.details[0].path).toBe(path);
  };
  const newPerson = async (workspaceId: string, email: string) =>
    (
      await env.kernel.db
        .transaction()
        .execute((trx) =>
          env.kernel.cdp.directory.create(trx, workspaceId, [{ identities: [{ kind: 'email', value: email }] }]),
        )
    )[0];

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('act-ws');
    other = await env.workspace('act-other');
    const member = async (w: string, email: string, name: string) =>
      (
        await env.kernel.auth.createMember(systemActor(w), {
          email,
          name,
          password: 'member-password',
          role: 'manager',
        })
      ).id;
    anna = await member(ws.id, 'anna@act.test', 'Анна Кузнецова');
    ivan = await member(ws.id, 'ivan@act.test', 'Иван Морозов');
    stranger = await member(other.id, 'stranger@act.test', 'Stranger');
    personId = await newPerson(ws.id, 'client@act.test');
  });
  afterAll(async () => env?.close());

  it('validates each kind: call needs a direction, a visit a location; fields of other kinds, unknown scripts, strangers are refused', async () => {
    const otherScript = await ok('POST', '/call-scripts', { name: 'B script' }, other.auth);
    await bad({ kind: 'call', personId }, 'direction');
    await bad({ kind: 'call', direction: 'out', location: 'Office' }, 'location');
    await bad({ kind: 'note', body: 'x', direction: 'in' }, 'direction');
    await bad({ kind: 'visit', subject: 'Visit' }, 'location');
    await bad({ kind: 'meeting', dueAt: '2031-01-01T10:00:00Z' }, 'dueAt');
    await bad({ kind: 'call', direction: 'out', scriptId: newId() }, 'scriptId');
    await bad({ kind: 'call', direction: 'out', scriptId: otherScript.id }, 'scriptId');
    await bad({ kind: 'call', direction: 'out', recordingUrl: 'ftp://x/y.mp3' }, 'recordingUrl');
    await bad({ kind: 'call', direction: 'out', durationSeconds: -5 }, 'durationSeconds');
    await bad({ kind: 'call', direction: 'out', phone: '12' }, 'phone');
    await bad(
      { kind: 'task', subject: 'T', dueAt: '2031-01-01T10:00:00Z', reminderAt: '2031-01-02T10:00:00Z' },
      'reminderAt',
    );
    await bad({ kind: 'task', subject: 'T', assigneeId: stranger }, 'assigneeId');
    await bad({ kind: 'task' }, 'subject');
    await bad({ kind: 'note', body: 'x', personId: newId() }, 'personId');
    await bad({ kind: 'note', body: 'x', dealId: newId() }, 'dealId');
    await bad({ kind: 'sms', body: 'x' }, 'kind');
    expect((await ok('GET', '/activities?limit=500')).data).toEqual([]);
  });

  it('logs a call with its script; the person timeline gets an activity entry; a deal brings its person', async () => {
    const script = await ok('POST', '/call-scripts', {
      name: 'Холодный звонок',
      body: 'Приветствие',
      steps: [{ title: 'Представиться', text: 'Здравствуйте, меня зовут …' }],
    });
    const call = await ok('POST', '/activities', {
      kind: 'call',
      direction: 'out',
      personId,
      ownerId: anna,
      durationSeconds: 185,
      outcome: 'answered',
      recordingUrl: 'https://pbx.example/rec/1.mp3',
      scriptId: script.id,
      phone: '8 (912) 345-67-89',
      subject: 'Первый звонок',
      occurredAt: '2031-02-01T10:00:00Z',
    });
    expect(call).toMatchObject({
      kind: 'call',
      direction: 'out',
      durationSeconds: 185,
      phone: '+79123456789',
      scriptId: script.id,
      owner: { id: anna, name: 'Анна Кузнецова' },
      done: null,
      overdue: false,
    });
    const tl = (await ok('GET', `/people/${personId}/timeline?types=activity`)).data;
    expect(tl[0]).toMatchObject({ type: 'activity', event: 'call', occurredAt: '2031-02-01T10:00:00.000Z' });
    expect(tl[0].properties).toMatchObject({
      activityId: call.id,
      kind: 'call',
      direction: 'out',
      durationSeconds: 185,
      subject: 'Первый звонок',
    });

    const pipeline = (await ok('GET', '/pipelines')).data[0];
    const deal = await ok('POST', '/deals', {
      title: 'Deal',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      personId,
    });
    const meeting = await ok('POST', '/activities', {
      kind: 'meeting',
      dealId: deal.id,
      location: 'Офис клиента',
      subject: 'Демо',
    });
    expect(meeting).toMatchObject({
      dealId: deal.id,
      deal: { id: deal.id, title: 'Deal' },
      personId,
      location: 'Офис клиента',
    });
    expect((await ok('GET', `/activities?dealId=${deal.id}`)).data.map((a: any) => a.id)).toEqual([meeting.id]);
    expect((await api('GET', `/activities/${call.id}`, undefined, other.auth)).status).toBe(404);
  });

  it('tasks: complete once (timeline task.done), reopen by PATCH; completing a call → 409', async () => {
    const t = await ok('POST', '/activities', {
      kind: 'task',
      subject: 'Отправить КП',
      personId,
      assigneeId: ivan,
      dueAt: '2031-03-01T09:00:00Z',
      reminderAt: '2031-03-01T08:00:00Z',
    });
    expect(t).toMatchObject({ done: false, doneAt: null, assignee: { id: ivan, name: 'Иван Морозов' } });
    const done = await ok('POST', `/activities/${t.id}/complete`);
    expect(done.done).toBe(true);
    const again = await ok('POST', `/activities/${t.id}/complete`);
    expect(again.doneAt).toBe(done.doneAt);
    const timelineOf = async (id: string) =>
      (await ok('GET', `/people/${personId}/timeline?types=activity&limit=100`)).data
        .filter((e: any) => e.properties.activityId === id)
        .map((e: any) => e.event);
    expect((await timelineOf(t.id)).sort()).toEqual(['task', 'task.done']);
    expect((await ok('PATCH', `/activities/${t.id}`, { done: false })).done).toBe(false);
    const note = await ok('POST', '/activities', { kind: 'note', body: 'Просто заметка' });
    expect((await api('POST', `/activities/${note.id}/complete`)).status).toBe(409);
    expect((await api('PATCH', `/activities/${note.id}`, { done: true })).status).toBe(400);
    expect((await api('PATCH', `/activities/${note.id}`, { location: 'x' })).status).toBe(400);
    expect((await ok('PATCH', `/activities/${note.id}`, { body: 'Изменённая заметка' })).body).toBe(
      'Изменённая заметка',
    );
    expect((await api('DELETE', `/activities/${note.id}`)).status).toBe(204);
    // Deleting an activity takes its entries off the person's timeline; others stay.
    const call = await ok('POST', '/activities', { kind: 'call', direction: 'out', subject: 'Удалить меня', personId });
    expect(await timelineOf(call.id)).toEqual(['call']);
    expect((await api('DELETE', `/activities/${call.id}`)).status).toBe(204);
    expect(await timelineOf(call.id)).toEqual([]);
    expect((await timelineOf(t.id)).sort()).toEqual(['task', 'task.done']);
    expect((await api('GET', `/activities/${note.id}`)).status).toBe(404);
  });

  it('lists: filters, open tasks soonest due first, keyset pages without gaps', async () => {
    const p2 = await newPerson(ws.id, 'list@act.test');
    for (let i = 0; i < 5; i++)
      await ok('POST', '/activities', {
        kind: 'task',
        subject: `T${i}`,
        personId: p2,
        assigneeId: anna,
        dueAt: `2031-04-0${5 - i}T09:00:00Z`,
      });
    await ok('POST', '/activities', {
      kind: 'email',
      direction: 'out',
      personId: p2,
      subject: 'E',
      occurredAt: '2031-04-10T09:00:00Z',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok(
        'GET',
        `/activities?personId=${p2}&open=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.data.map((a: any) => a.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['T4', 'T3', 'T2', 'T1', 'T0']);
    expect((await ok('GET', `/activities?personId=${p2}&kind=email`)).data.map((a: any) => a.subject)).toEqual(['E']);
    expect((await ok('GET', `/activities?personId=${p2}&limit=2`)).data.map((a: any) => a.subject)[0]).toBe('E');
    expect(
      (
        await ok('GET', `/activities?personId=${p2}&open=true&from=2031-04-02T00:00:00Z&to=2031-04-04T00:00:00Z`)
      ).data.map((a: any) => a.subject),
    ).toEqual(['T3', 'T2']);
    expect(
      (await ok('GET', `/activities?personId=${p2}&open=true&from=2031-04-02&to=2031-04-04`)).data.map(
        (a: any) => a.subject,
      ),
    ).toEqual(['T3', 'T2', 'T1']);
    expect((await api('GET', `/activities?from=tomorrow`)).status).toBe(400);
  });

  it("agenda: the user's open tasks due that day or overdue, in the day's time zone", async () => {
    const mk = (subject: string, dueAt: string, assigneeId = ivan) =>
      ok('POST', '/activities', { kind: 'task', subject, assigneeId, dueAt });
    await mk('today', '2032-05-10T09:00:00Z');
    await mk('overdue', '2032-05-08T09:00:00Z');
    await mk('tomorrow', '2032-05-11T09:00:00Z');
    await mk('late evening UTC', '2032-05-10T22:30:00Z');
    await mk('not mine', '2032-05-10T09:00:00Z', anna);
    const done = await mk('done', '2032-05-10T10:00:00Z');
    await ok('POST', `/activities/${done.id}/complete`);
    const before = (await ok('GET', `/agenda?userId=${ivan}&date=2032-05-10`)).tasks.map((t: any) => t.subject);
    expect(
      before.filter((s: string) =>
        ['today', 'overdue', 'tomorrow', 'late evening UTC', 'not mine', 'done'].includes(s),
      ),
    ).toEqual(['overdue', 'today', 'late evening UTC']);
    // 22:30 UTC is already the 11th in Moscow.
    const msk = await ok('GET', `/agenda?userId=${ivan}&date=2032-05-10&tz=Europe/Moscow`);
    expect(
      msk.tasks.map((t: any) => t.subject).filter((s: string) => ['today', 'overdue', 'late evening UTC'].includes(s)),
    ).toEqual(['overdue', 'today']);
    expect(msk.tasks.find((t: any) => t.subject === 'overdue').overdue).toBe(true);
    expect(msk.tasks.find((t: any) => t.subject === 'today').overdue).toBe(false);
    expect((await api('GET', `/agenda?userId=${stranger}&date=2032-05-10`)).status).toBe(400);
    expect((await api('GET', `/agenda?userId=${ivan}&date=2032-05-10&tz=Mars/Olympus`)).status).toBe(400);
    expect((await api('GET', `/agenda?date=2032-05-10`)).status).toBe(400);
  });

  it('cadences: a due cadence becomes one task (even with concurrent reads) and moves on by its interval', async () => {
    const p3 = await newPerson(ws.id, 'cadence@act.test');
    const c = await ok('POST', '/cadences', {
      personId: p3,
      assigneeId: anna,
      kind: 'call',
      subject: 'Позвонить клиенту',
      intervalDays: 14,
      startAt: '2033-01-10T09:00:00Z',
    });
    const future = await ok('POST', '/cadences', {
      personId: p3,
      assigneeId: anna,
      kind: 'call',
      subject: 'Future',
      intervalDays: 7,
      startAt: '2033-01-11T09:00:00Z',
    });
    expect(
      (
        await api('POST', '/cadences', {
          assigneeId: anna,
          kind: 'call',
          subject: 'About nobody',
          intervalDays: 7,
          startAt: '2033-01-11T09:00:00Z',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api('POST', '/cadences', {
          personId: p3,
          assigneeId: stranger,
          kind: 'call',
          subject: 'X',
          intervalDays: 7,
          startAt: '2033-01-11T09:00:00Z',
        })
      ).status,
    ).toBe(400);
    const [a1, a2] = await Promise.all([
      ok('GET', `/agenda?userId=${anna}&date=2033-01-10`),
      ok('GET', `/agenda?userId=${anna}&date=2033-01-10`),
    ]);
    const tasks = (await ok('GET', `/activities?personId=${p3}&kind=task`)).data;
    expect(tasks.map((t: any) => [t.subject, t.dueAt, t.cadenceId, t.assigneeId])).toEqual([
      ['Позвонить клиенту', '2033-01-10T09:00:00.000Z', c.id, anna],
    ]);
    for (const a of [a1, a2]) expect(a.cadences.map((x: any) => x.id)).toEqual([c.id]);
    // The agenda's cadences and one cadence carry the names, as the list does.
    const named = (await ok('GET', '/cadences?personId=' + p3)).data.find((x: any) => x.id === c.id);
    expect(named.person).toMatchObject({ id: p3, name: expect.any(String) });
    expect(named.assignee).toMatchObject({ id: anna, name: expect.stringMatching(/\S/) });
    expect(a1.cadences[0]).toEqual(named);
    expect(await ok('GET', `/cadences/${c.id}`)).toEqual({
      ...named,
      nextDueAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(a1.tasks.filter((t: any) => t.cadenceId).map((t: any) => t.subject)).toEqual(['Позвонить клиенту']);
    expect((await ok('GET', `/cadences/${c.id}`)).nextDueAt).toBe('2033-01-24T09:00:00.000Z');
    expect((await ok('GET', `/cadences/${future.id}`)).nextDueAt).toBe('2033-01-11T09:00:00.000Z');
    // Read again weeks later: the missed occurrences yield one task, the plan moves past the day.
    await ok('GET', `/agenda?userId=${anna}&date=2033-02-25`);
    const later = (await ok('GET', `/activities?personId=${p3}&kind=task&limit=100`)).data.filter(
      (t: any) => t.cadenceId === c.id,
    );
    expect(later.map((t: any) => t.dueAt)).toEqual(['2033-02-21T09:00:00.000Z', '2033-01-10T09:00:00.000Z']);
    expect((await ok('GET', `/cadences/${c.id}`)).nextDueAt).toBe('2033-03-07T09:00:00.000Z');
    // A cadence past its end stops.
    const ending = await ok('POST', '/cadences', {
      personId: p3,
      assigneeId: ivan,
      kind: 'email',
      subject: 'Ending',
      intervalDays: 10,
      startAt: '2033-01-01T09:00:00Z',
      endsAt: '2033-01-05T00:00:00Z',
    });
    await ok('GET', `/agenda?userId=${ivan}&date=2033-03-01`);
    expect(await ok('GET', `/cadences/${ending.id}`)).toMatchObject({ active: false });
    expect(
      (await ok('GET', `/activities?personId=${p3}&kind=task&limit=100`)).data
        .filter((t: any) => t.cadenceId === ending.id)
        .map((t: any) => t.dueAt),
    ).toEqual(['2033-01-01T09:00:00.000Z']);
    await ok('GET', `/agenda?userId=${ivan}&date=2033-04-01`);
    expect(
      (await ok('GET', `/activities?personId=${p3}&kind=task&limit=100`)).data.filter(
        (t: any) => t.cadenceId === ending.id,
      ),
    ).toHaveLength(1);
    expect((await ok('PATCH', `/cadences/${future.id}`, { intervalDays: 3, active: false })).intervalDays).toBe(3);
    expect((await ok('GET', `/cadences?assigneeId=${anna}&active=true`)).data.map((x: any) => x.id)).toEqual([c.id]);
    // The list names the assignee and what the cadence is about, so a list of them needs no lookups.
    expect((await ok('GET', `/cadences?assigneeId=${anna}&active=true`)).data[0]).toMatchObject({
      assignee: { id: anna, name: 'Анна Кузнецова' },
      person: { id: p3 },
      company: null,
      deal: null,
    });
    expect((await api('DELETE', `/cadences/${future.id}`)).status).toBe(204);
    expect((await api('GET', `/cadences/${future.id}`)).status).toBe(404);
  });

  it('cadences: the scheduled job turns due cadences into tasks without anyone reading an agenda', async () => {
    expect(await env.kernel.jobs.schedules()).toContainEqual({ name: CADENCES_JOB, cron: '*/15 * * * *' });
    const p4 = await newPerson(ws.id, 'cadence-job@act.test');
    const start = new Date(Date.now() - 3 * 86_400_000);
    const c = await ok('POST', '/cadences', {
      personId: p4,
      assigneeId: anna,
      kind: 'call',
      subject: 'Плановый звонок',
      intervalDays: 7,
      startAt: start.toISOString(),
    });
    const notYet = await ok('POST', '/cadences', {
      personId: p4,
      assigneeId: anna,
      kind: 'call',
      subject: 'Next month',
      intervalDays: 7,
      startAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const out = (await env.kernel.jobs.runNow(CADENCES_JOB, {})) as { tasks: number };
    expect(out.tasks).toBeGreaterThanOrEqual(1);
    const tasks = (await ok('GET', `/activities?personId=${p4}&kind=task`)).data;
    expect(tasks.map((t: any) => [t.subject, t.dueAt, t.cadenceId])).toEqual([
      ['Плановый звонок', start.toISOString(), c.id],
    ]);
    expect((await ok('GET', `/cadences/${c.id}`)).nextDueAt).toBe(
      new Date(start.getTime() + 7 * 86_400_000).toISOString(),
    );
    expect((await ok('GET', `/cadences/${notYet.id}`)).nextDueAt).toBe(notYet.nextDueAt);
    // Run again: nothing new for this person.
    await env.kernel.jobs.runNow(CADENCES_JOB, {});
    expect((await ok('GET', `/activities?personId=${p4}&kind=task`)).data).toHaveLength(1);
  });

  it('call scripts: create, list, change, delete; another workspace sees none', async () => {
    const s = await ok('POST', '/call-scripts', {
      name: 'Возражения',
      steps: [{ title: 'Дорого', text: 'Давайте посчитаем…' }],
    });
    expect(s).toMatchObject({
      name: 'Возражения',
      body: '',
      active: true,
      steps: [{ title: 'Дорого', text: 'Давайте посчитаем…' }],
    });
    expect((await ok('PATCH', `/call-scripts/${s.id}`, { active: false })).active).toBe(false);
    expect((await ok('GET', '/call-scripts?active=false')).data.map((x: any) => x.id)).toEqual([s.id]);
    expect((await ok('GET', '/call-scripts', undefined, other.auth)).data.map((x: any) => x.name)).toEqual([
      'B script',
    ]);
    expect((await api('DELETE', `/call-scripts/${s.id}`, undefined, other.auth)).status).toBe(404);
    expect((await api('DELETE', `/call-scripts/${s.id}`)).status).toBe(204);
    expect((await api('POST', '/activities', { kind: 'call', direction: 'in', scriptId: s.id })).status).toBe(400);
  });
});
