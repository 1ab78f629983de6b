import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, BROWSER, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { SESSION_COOKIE } from '../core/auth/session-cookie.ts';

/**
 * Task reminders: the scan (called directly with `now`, no sleeping) sends each due reminder once —
 * a notification to the assignee and an activity.reminder webhook event — skips done, deleted and
 * future tasks, and sends again after the time moves.
 */
describe('crm: task reminders', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let anna: { id: string; cookie: Record<string, string> };
  let ivan: { id: string; cookie: Record<string, string> };
  let personId: string;
  let hookId: string;

  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const member = async (email: string) => {
    const id = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email,
        name: email,
        password: 'member-password',
        role: 'manager',
      })
    ).id;
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: BROWSER,
      payload: { email, password: 'member-password' },
    });
    return { id, cookie: { cookie: `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}` } };
  };
  const notes = async (who: { cookie: Record<string, string> }) =>
    (await ok('GET', '/notifications?limit=500', undefined, who.cookie)).data;
  const reminderEvents = async () =>
    (await ok('GET', `/webhooks/${hookId}/deliveries?limit=500`)).data.filter(
      (d: any) => d.eventType === 'activity.reminder',
    );
  const scan = (now: Date) => env.kernel.crm.reminders.scan(now);
  const task = (body: Record<string, unknown>) => ok('POST', '/activities', { kind: 'task', ...body });

  beforeAll(async () => {
    // No periodic scan behind the test's back: the test calls the scan itself.
    env = await startTestEnv({ reminderScanSeconds: 3600, outboundAllow: '127.0.0.0/8' }); // its webhook is on loopback
    ws = await env.workspace('remind-ws');
    anna = await member('anna@remind.test');
    ivan = await member('ivan@remind.test');
    personId = (
      await env.kernel.db
        .transaction()
        .execute((trx) =>
          env.kernel.cdp.directory.create(trx, ws.id, [
            { identities: [{ kind: 'email', value: 'client@remind.test' }] },
          ]),
        )
    )[0];
    hookId = (await ok('POST', '/webhooks', { url: 'http://127.0.0.1:9/reminders', eventTypes: ['activity.reminder'] }))
      .id;
  });
  afterAll(async () => env?.close());

  it('registers activity.reminder as a webhook event type', async () => {
    expect((await ok('GET', '/webhooks/event-types')).data).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'activity.reminder' })]),
    );
  });

  it('sends a due reminder once, to the assignee, with the title and a link; skips future, done and deleted tasks', async () => {
    const t0 = new Date('2031-03-01T09:00:00Z');
    const due = await task({
      subject: 'Перезвонить клиенту',
      personId,
      assigneeId: anna.id,
      dueAt: '2031-03-01T12:00:00Z',
      reminderAt: '2031-03-01T08:30:00Z',
    });
    const future = await task({
      subject: 'Later',
      assigneeId: anna.id,
      dueAt: '2031-03-02T12:00:00Z',
      reminderAt: '2031-03-02T08:00:00Z',
    });
    const done = await task({
      subject: 'Done already',
      assigneeId: anna.id,
      dueAt: '2031-03-01T12:00:00Z',
      reminderAt: '2031-03-01T08:00:00Z',
    });
    await ok('POST', `/activities/${done.id}/complete`);
    const deleted = await task({
      subject: 'Deleted',
      assigneeId: anna.id,
      dueAt: '2031-03-01T12:00:00Z',
      reminderAt: '2031-03-01T08:00:00Z',
    });
    await ok('DELETE', `/activities/${deleted.id}`);
    const noReminder = await task({ subject: 'No reminder', assigneeId: anna.id, dueAt: '2031-03-01T08:00:00Z' });

    // Two scans at once (two workers): one sends, the other finds nothing left.
    const counts = await Promise.all([scan(t0), scan(t0)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await scan(t0)).toBe(0);

    const mine = await notes(anna);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'activity.reminder',
      title: 'Перезвонить клиенту',
      link: `/people/${personId}`,
      read: false,
      data: { title: 'Перезвонить клиенту', activityId: due.id, personId },
    });
    expect(await notes(ivan)).toEqual([]);
    expect((await ok('GET', `/activities/${due.id}`)).remindedAt).toBe(t0.toISOString());
    for (const t of [future, done, deleted, noReminder].filter((x) => x !== deleted))
      expect((await ok('GET', `/activities/${t.id}`)).remindedAt).toBeNull();

    const events = await reminderEvents();
    expect(events).toHaveLength(1);
    const delivery = await ok('GET', `/webhook-deliveries/${events[0].id}`);
    expect(delivery.payload).toMatchObject({
      type: 'activity.reminder',
      data: {
        entityType: 'activity',
        entityId: due.id,
        record: { id: due.id, subject: 'Перезвонить клиенту', recipientId: anna.id, link: `/people/${personId}` },
      },
    });

    // The future one comes when its time does.
    expect(await scan(new Date('2031-03-02T08:00:00Z'))).toBe(1);
    expect((await notes(anna)).map((n: any) => n.title)).toEqual(['Later', 'Перезвонить клиенту']);
    expect(await reminderEvents()).toHaveLength(2);
  });

  it('a new reminder or due time sends again; other edits do not; a task without assignee reminds its owner', async () => {
    const t = await task({
      subject: 'Reschedule me',
      assigneeId: ivan.id,
      ownerId: anna.id,
      dueAt: '2031-04-01T12:00:00Z',
      reminderAt: '2031-04-01T08:00:00Z',
    });
    const at = new Date('2031-04-01T09:00:00Z');
    expect(await scan(at)).toBe(1);
    // Saving the form with the same times (and another subject) is not a new reminder.
    const same = await ok('PATCH', `/activities/${t.id}`, {
      subject: 'Reschedule me!',
      dueAt: '2031-04-01T12:00:00.000Z',
      reminderAt: '2031-04-01T08:00:00Z',
    });
    expect(same.remindedAt).not.toBeNull();
    expect(await scan(at)).toBe(0);
    const moved = await ok('PATCH', `/activities/${t.id}`, { reminderAt: '2031-04-01T08:45:00Z' });
    expect(moved.remindedAt).toBeNull();
    expect(await scan(at)).toBe(1);
    await ok('PATCH', `/activities/${t.id}`, { dueAt: '2031-04-01T13:00:00Z' });
    expect(await scan(at)).toBe(1);
    expect((await notes(ivan)).filter((n: any) => n.data.activityId === t.id).map((n: any) => n.title)).toEqual([
      'Reschedule me!',
      'Reschedule me!',
      'Reschedule me',
    ]);

    // Completed after a move: nothing more.
    await ok('PATCH', `/activities/${t.id}`, { reminderAt: '2031-04-01T08:50:00Z' });
    await ok('POST', `/activities/${t.id}/complete`);
    expect(await scan(at)).toBe(0);

    const orphan = await task({
      subject: 'Owner gets it',
      ownerId: anna.id,
      assigneeId: ivan.id,
      dueAt: '2031-04-02T12:00:00Z',
      reminderAt: '2031-04-02T08:00:00Z',
    });
    await ok('PATCH', `/activities/${orphan.id}`, { assigneeId: null });
    expect(await scan(new Date('2031-04-02T09:00:00Z'))).toBe(1);
    expect((await notes(anna)).find((n: any) => n.data.activityId === orphan.id)).toMatchObject({
      title: 'Owner gets it',
      link: '/agenda',
    });
    expect((await notes(ivan)).find((n: any) => n.data.activityId === orphan.id)).toBeUndefined();
  });

  it('links to the deal when the task is on one', async () => {
    const pipeline = (await ok('GET', '/pipelines')).data[0];
    const deal = await ok('POST', '/deals', {
      title: 'Reminder deal',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      personId,
    });
    const t = await task({
      subject: 'Deal follow-up',
      dealId: deal.id,
      assigneeId: anna.id,
      dueAt: '2031-05-01T12:00:00Z',
      reminderAt: '2031-05-01T08:00:00Z',
    });
    expect(await scan(new Date('2031-05-01T08:00:00Z'))).toBe(1);
    expect((await notes(anna)).find((n: any) => n.data.activityId === t.id)).toMatchObject({
      link: `/deals/${deal.id}`,
      data: { dealId: deal.id, deal: 'Reminder deal' },
    });
  });
});

describe('crm: task reminders, periodic scan', () => {
  let env: TestEnv;
  afterAll(async () => env?.close());

  it('worker processes run the scan every reminderScanSeconds', async () => {
    env = await startTestEnv({ reminderScanSeconds: 1 });
    const ws = await env.workspace('remind-periodic');
    const anna = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'anna@periodic.test',
        name: 'Anna',
        password: 'member-password',
        role: 'manager',
      })
    ).id;
    const past = new Date(Date.now() - 60_000).toISOString();
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/activities',
      headers: ws.auth,
      payload: {
        kind: 'task',
        subject: 'Periodic',
        assigneeId: anna,
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        reminderAt: past,
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const remindedAt = await eventually(
      async () => (await env.kernel.crm.activities.get(ws.id, r.json().id)).remindedAt,
      20_000,
    );
    expect(remindedAt).toBeTruthy();
    expect(await env.kernel.notifications.unreadCount(ws.id, anna)).toBe(1);
  });
});
