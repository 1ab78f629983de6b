import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/auth/actor.ts';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';

/**
 * SLA clocks against the real desk: a Moscow bank's calendar (Mon–Fri 09–18 MSK, a holiday),
 * conversations received at fixed instants, clocks checked against hand-computed due times; the
 * pause/reopen rules driven at fixed instants; the breach scan's warnings, breaches,
 * notifications, audit records and webhook deliveries.
 */
let env: TestEnv;
let ws: { id: string; auth: { authorization: string } };
let api: ReturnType<typeof apiClient>['api'];
let ok: ReturnType<typeof apiClient>['ok'];
let inboxId: string;
let calendarId: string;
let agentId: string;
let n = 0;

const receive = async (email: string, at: string, subject = 'Карта заблокирована') =>
  env.kernel.service.inbound.receive(ws.id, {
    inboxId,
    channel: 'api',
    identities: [{ kind: 'email', value: email }],
    externalId: `ext-${++n}`,
    subject,
    text: 'Помогите, пожалуйста',
    at: new Date(at),
  });

const clocks = (conversationId: string) =>
  env.kernel.db
    .selectFrom('service_sla_clocks')
    .selectAll()
    .where('workspace_id', '=', ws.id)
    .where('conversation_id', '=', conversationId)
    .orderBy('started_at')
    .orderBy('metric')
    .execute();

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

beforeAll(async () => {
  // The webhook of the breach test points at loopback (its deliveries are only counted).
  env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
  ws = await env.workspace('sla');
  ({ api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth }));
  const member = await env.kernel.auth.createMember(systemActor(ws.id), {
    email: 'agent@bank.example',
    name: 'Агент',
    password: 'correct horse battery staple',
    role: 'admin',
  });
  agentId = member.id;
  inboxId = (await ok('POST', '/inboxes', { name: 'API', channel: 'api' })).id;
  calendarId = (
    await ok('POST', '/business-calendars', {
      name: 'Москва, будни',
      timezone: 'Europe/Moscow',
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '18:00' }]]),
      ),
      holidays: ['2026-12-14'],
    })
  ).id;
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('SLA configuration', () => {
  it('validates calendars and policies, naming the field', async () => {
    const badTz = await api('POST', '/business-calendars', { name: 'x', timezone: 'Mars/Base', hours: {} });
    expect(badTz.status).toBe(400);
    expect(badTz.body.error.details[0].path).toBe('timezone');
    const badHours = await api('POST', '/business-calendars', {
      name: 'x',
      timezone: 'UTC',
      hours: { mon: [{ start: '18:00', end: '09:00' }] },
    });
    expect(badHours.status).toBe(400);
    expect(badHours.body.error.details[0].path).toBe('hours.mon.0.end');
    const noTarget = await api('POST', '/sla-policies', { name: 'x' });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.details[0].path).toBe('firstResponseMinutes');
    const badCal = await api('POST', '/sla-policies', {
      name: 'x',
      firstResponseMinutes: 10,
      calendarId: '01890000-0000-7000-8000-000000000000',
    });
    expect(badCal.status).toBe(400);
    expect(badCal.body.error.details[0].path).toBe('calendarId');
    expect((await api('GET', '/sla-policies/01890000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('lists, reads, changes and deletes', async () => {
    const p = await ok('POST', '/sla-policies', { name: 'temp', resolutionMinutes: 60, position: 99 });
    expect((await ok('GET', `/sla-policies/${p.id}`)).name).toBe('temp');
    expect((await ok('PATCH', `/sla-policies/${p.id}`, { name: 'temp 2', enabled: false })).enabled).toBe(false);
    expect((await api('DELETE', `/sla-policies/${p.id}`)).status).toBe(204);
    expect((await ok('GET', '/sla-policies')).data.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const c = await ok('GET', `/business-calendars/${calendarId}`);
    expect(c.holidays).toEqual(['2026-12-14']);
  });
});

describe('SLA clocks', () => {
  beforeAll(async () => {
    // Urgent first (position 0), then everything else in business hours.
    await ok('POST', '/sla-policies', {
      name: 'Срочные',
      position: 0,
      conditions: { priority: ['urgent'] },
      firstResponseMinutes: 15,
      resolutionMinutes: 240,
    });
    await ok('POST', '/sla-policies', {
      name: 'Обычные',
      position: 10,
      firstResponseMinutes: 120,
      nextResponseMinutes: 60,
      resolutionMinutes: 960,
      calendarId,
    });
  });

  it('due times skip the night, the weekend and a holiday', async () => {
    // Fri 11 Dec 2026 17:00 MSK (14:00Z): 60 min on Friday, Sat–Sun closed, Mon 14 Dec a holiday,
    // the other 60 min on Tue 15 Dec → 10:00 MSK = 07:00Z.
    const r = await receive('anna@example.ru', '2026-12-11T14:00:00Z');
    const [fr, res] = await clocks(r.conversationId).then((x) => [
      x.find((c) => c.metric === 'first_response')!,
      x.find((c) => c.metric === 'resolution')!,
    ]);
    expect(iso(fr.due_at)).toBe('2026-12-15T07:00:00.000Z');
    // Warning at 80 % = 96 min: 60 on Friday + 36 on Tuesday → 09:36 MSK.
    expect(iso(fr.warn_at)).toBe('2026-12-15T06:36:00.000Z');
    // Resolution 960 min = 60 (Fri) + 540 (Tue) + 360 (Wed 09–15) → Wed 16 Dec 15:00 MSK = 12:00Z.
    expect(iso(res.due_at)).toBe('2026-12-16T12:00:00.000Z');
    expect(fr.calendar_id).toBe(calendarId);

    // The list item's `sla`: the nearest running target.
    const item = (await ok('GET', `/conversations/${r.conversationId}`)).sla;
    expect(item).toMatchObject({ metric: 'first_response', dueAt: '2026-12-15T07:00:00.000Z' });
  });

  it('a priority change re-targets running clocks under the policy that matches then', async () => {
    const r = await receive('boris@example.ru', '2026-12-11T14:00:00Z');
    await ok('PATCH', `/conversations/${r.conversationId}`, { priority: 'urgent' });
    const x = await clocks(r.conversationId);
    const fr = x.find((c) => c.metric === 'first_response' && !c.stopped_at)!;
    // Around the clock from Fri 14:00Z: 15 min.
    expect(iso(fr.due_at)).toBe('2026-12-11T14:15:00.000Z');
    expect(fr.target_minutes).toBe(15);
  });

  it('a human reply stops the first response; a bot reply and a note do not; the client then starts next response', async () => {
    // In the past (Fri 27 Nov 2026, 17:00 MSK): the reply below comes days after the due time.
    const r = await receive('vera@example.ru', '2026-11-27T14:00:00Z');
    const id = r.conversationId;
    await env.kernel.service.messages.reply(systemActor(ws.id, 'bot'), id, { body: 'Я бот, передаю оператору' });
    await ok('POST', `/conversations/${id}/messages`, { body: 'внутренняя заметка', internal: true });
    expect((await clocks(id)).find((c) => c.metric === 'first_response')!.stopped_at).toBeNull();
    await ok('POST', `/conversations/${id}/messages`, { body: 'Здравствуйте! Разблокировали.' });
    const fr = (await clocks(id)).find((c) => c.metric === 'first_response')!;
    expect(fr.stopped_at).not.toBeNull();
    // Replied days after the Monday due time: a breach.
    expect(fr.outcome).toBe('breached');
    await receive('vera@example.ru', new Date().toISOString());
    const next = (await clocks(id)).filter((c) => c.metric === 'next_response');
    expect(next).toHaveLength(1);
    expect(next[0].stopped_at).toBeNull();
    await ok('POST', `/conversations/${id}/messages`, { body: 'Готово' });
    expect((await clocks(id)).find((c) => c.metric === 'next_response')!.outcome).toBe('met');
  });

  it('pending and on hold pause resolution; a reopen starts a new cycle', async () => {
    // Around the clock (urgent) so the arithmetic is wall-clock: target 240 min.
    const r = await receive('gleb@example.ru', '2030-01-07T10:00:00Z');
    const id = r.conversationId;
    await ok('PATCH', `/conversations/${id}`, { priority: 'urgent' });
    const move = async (status: string, at: string) => {
      await env.kernel.db
        .updateTable('service_conversations')
        .set({ status: status as 'open' })
        .where('workspace_id', '=', ws.id)
        .where('id', '=', id)
        .execute();
      await env.kernel.db
        .transaction()
        .execute((trx) =>
          env.kernel.service.sla.clocks.onChange(trx, ws.id, id, { kind: 'updated', fields: { status } }, new Date(at)),
        );
    };
    const res = async () => (await clocks(id)).filter((c) => c.metric === 'resolution');
    // Re-targeted to the urgent policy when the priority changed (its start stays 10:00Z): due 14:00Z.
    expect(iso((await res())[0].due_at)).toBe('2030-01-07T14:00:00.000Z');
    await move('pending', '2030-01-07T11:00:00Z'); // 60 used
    expect((await res())[0]).toMatchObject({ running_since: null, due_at: null, elapsed_minutes: 60 });
    await move('open', '2030-01-07T15:00:00Z'); // 180 left → 18:00Z
    expect(iso((await res())[0].due_at)).toBe('2030-01-07T18:00:00.000Z');
    await move('on_hold', '2030-01-07T16:00:00Z'); // 120 used
    await move('open', '2030-01-08T09:00:00Z'); // 120 left → 11:00Z
    expect(iso((await res())[0].due_at)).toBe('2030-01-08T11:00:00.000Z');
    await move('solved', '2030-01-08T10:30:00Z'); // 210 used ≤ 240: met
    expect((await res())[0]).toMatchObject({ outcome: 'met', elapsed_minutes: 210 });
    await move('reopened', '2030-01-09T08:00:00Z');
    const cycles = await res();
    expect(cycles).toHaveLength(2);
    expect(cycles[1]).toMatchObject({ cycle: 2, stopped_at: null, elapsed_minutes: 0 });
    expect(iso(cycles[1].due_at)).toBe('2030-01-09T12:00:00.000Z');
    await move('solved', '2030-01-09T13:00:00Z'); // 300 > 240: breached
    expect((await res())[1].outcome).toBe('breached');
  });
});

describe('breach scan', () => {
  it('warns at 80 %, then alerts at the breach: notifications, audit, webhook events', async () => {
    const hook = await ok('POST', '/webhooks', { url: 'http://127.0.0.1:9/sla', eventTypes: ['sla.*'] });
    const p = await ok('POST', '/sla-policies', {
      name: 'VIP',
      position: 1,
      conditions: { topic: ['vip-test'] },
      firstResponseMinutes: 100,
    });
    const r = await receive('dina@example.ru', '2030-01-07T10:00:00Z', 'VIP');
    await ok('PATCH', `/conversations/${r.conversationId}`, { topic: 'vip-test', assigneeId: agentId });
    const fr = (await clocks(r.conversationId)).find((c) => c.metric === 'first_response' && !c.stopped_at)!;
    expect(fr.policy_id).toBe(p.id);
    expect(iso(fr.warn_at)).toBe('2030-01-07T11:20:00.000Z');
    const sla = env.kernel.service.sla;

    // Other conversations of this file are due long ago too: count only this one's effects.
    await sla.breaches.scan(new Date('2030-01-07T11:25:00Z'));
    let row = (await clocks(r.conversationId)).find((c) => c.id === fr.id)!;
    expect(iso(row.warned_at)).toBe('2030-01-07T11:25:00.000Z');
    expect(row.breached_at).toBeNull();
    await sla.breaches.scan(new Date('2030-01-07T11:30:00Z'));
    row = (await clocks(r.conversationId)).find((c) => c.id === fr.id)!;
    expect(iso(row.warned_at)).toBe('2030-01-07T11:25:00.000Z'); // once
    await sla.breaches.scan(new Date('2030-01-07T11:41:00Z'));
    row = (await clocks(r.conversationId)).find((c) => c.id === fr.id)!;
    expect(iso(row.breached_at)).toBe('2030-01-07T11:41:00.000Z');
    await sla.breaches.scan(new Date('2030-01-07T12:00:00Z'));

    const notes = await env.kernel.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('user_id', '=', agentId)
      .execute();
    const mine = notes.filter((x) => (x.data as { clockId?: string }).clockId === fr.id);
    expect(mine.map((x) => x.kind).sort()).toEqual(['sla.breached', 'sla.warning']);
    const audit = await env.kernel.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('workspace_id', '=', ws.id)
      .where('entity_type', '=', 'sla')
      .where('entity_id', '=', fr.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['breached', 'warning']);
    const deliveries = await env.kernel.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'payload'])
      .where('workspace_id', '=', ws.id)
      .where('subscription_id', '=', hook.id)
      .execute();
    const forClock = deliveries.filter(
      (d) => (d.payload as { data?: { record?: { clockId?: string } } }).data?.record?.clockId === fr.id,
    );
    expect(forClock.map((d) => d.event_type).sort()).toEqual(['sla.breached', 'sla.warning']);
    // The list item shows the breach.
    expect((await ok('GET', `/conversations/${r.conversationId}`)).sla).toMatchObject({ state: 'breached' });
  });
});
