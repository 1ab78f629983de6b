import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';
import type { ServiceKernel } from './kernel.ts';

/**
 * Time rules against the real desk, the clock passed to the scan (`scan(now)`, as the SLA tests
 * pass instants): solved for 72 h → closed, pending for 48 h → a reminder, unassigned and
 * unanswered clocks; once per entry into the state, also with two scans at once; the status
 * history each move writes; the list's SLA filter and person names.
 */
describe('service: time rules, status history, list filters', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let inbox: string;
  let n = 0;
  const HOUR = 3_600_000;

  const write = async (email: string, text: string, name?: string) =>
    call.ok('POST', `/inboxes/${inbox}/messages`, {
      from: { email, ...(name ? { name } : {}) },
      text,
      externalId: `ext-${++n}`,
    }) as Promise<{ conversationId: string; personId: string }>;
  const conv = (id: string) => call.ok('GET', `/conversations/${id}`);
  const history = async (id: string) =>
    (await call.ok('GET', `/conversations/${id}/status-changes`)).data.map(
      (h: { from: string | null; to: string; byKind: string }) => `${h.from ?? '∅'}→${h.to}:${h.byKind}`,
    );
  const scan = (at: number) => k.service.timeAutomation.scan(new Date(at));
  const rule = (name: string, conditions: unknown, actions: unknown) =>
    call.ok('POST', '/automation-rules', { name, trigger: 'time', conditions, actions });

  beforeAll(async () => {
    env = await startTestEnv();
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('time-rules');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    inbox = (await call.ok('POST', '/inboxes', { name: 'App', channel: 'api' })).id;
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it('a time rule needs its clock, takes no text conditions; other triggers take no clock (400 naming the field)', async () => {
    const bad = async (body: unknown) => {
      const r = await call.api('POST', '/automation-rules', body);
      expect(r.status, r.text).toBe(400);
      return r.body.error.details[0].path;
    };
    const base = { name: 'x', actions: { set: { priority: 'high' } } };
    expect(await bad({ ...base, trigger: 'time', conditions: {} })).toBe('conditions.time');
    expect(await bad({ ...base, trigger: 'time', conditions: { time: { event: 'status', minutes: 60 } } })).toBe(
      'conditions.time.statuses',
    );
    expect(
      await bad({
        ...base,
        trigger: 'time',
        conditions: { keywords: ['x'], time: { event: 'unassigned', minutes: 60 } },
      }),
    ).toBe('conditions.keywords');
    expect(await bad({ ...base, trigger: 'created', conditions: { time: { event: 'unassigned', minutes: 60 } } })).toBe(
      'conditions.time',
    );
    const zero = await call.api('POST', '/automation-rules', {
      ...base,
      trigger: 'time',
      conditions: { time: { event: 'unassigned', minutes: 0 } },
    });
    expect(zero.status).toBe(400);
  });

  it('solved 72 h → closed; pending 48 h → one reminder per entry, also with two scans at once', async () => {
    const closer = await rule(
      'Close solved after 72h',
      { time: { event: 'status', statuses: ['solved'], minutes: 72 * 60 } },
      { set: { status: 'closed' } },
    );
    await rule(
      'Remind pending after 48h',
      { time: { event: 'status', statuses: ['pending'], minutes: 48 * 60 } },
      { reply: 'Напоминаем: ждём ваш ответ' },
    );
    // Another workspace's solved conversation: A's rule never reaches it.
    const other = await env.workspace('time-rules-b');
    const otherCall = apiClient(() => env.app, { prefix: '/api/v1', auth: () => other.auth });
    const otherInbox = (await otherCall.ok('POST', '/inboxes', { name: 'B', channel: 'api' })).id;
    const foreign = await otherCall.ok('POST', `/inboxes/${otherInbox}/messages`, {
      from: { email: 'b-client@example.org' },
      text: 'Клиент другого банка',
      externalId: 'b-1',
    });
    await otherCall.ok('PATCH', `/conversations/${foreign.conversationId}`, { status: 'solved' });
    const a = await write('solved@example.org', 'Карта не работает');
    const b = await write('pending@example.org', 'Нужна выписка');
    await call.ok('PATCH', `/conversations/${a.conversationId}`, { status: 'solved' });
    await call.ok('PATCH', `/conversations/${b.conversationId}`, { status: 'pending' });
    const t0 = Date.now();

    await scan(t0 + 47 * HOUR);
    expect((await conv(a.conversationId)).status).toBe('solved');
    const reminders = async () =>
      (await call.ok('GET', `/conversations/${b.conversationId}/messages`)).data.filter(
        (m: { authorKind: string }) => m.authorKind === 'bot',
      ).length;
    expect(await reminders()).toBe(0);

    // Two workers scan at once: the firing's key lets one of them act.
    await Promise.all([scan(t0 + 49 * HOUR), scan(t0 + 49 * HOUR)]);
    expect(await reminders()).toBe(1);
    await scan(t0 + 60 * HOUR);
    expect(await reminders()).toBe(1);
    expect((await conv(a.conversationId)).status).toBe('solved');

    await scan(t0 + 73 * HOUR);
    expect((await conv(a.conversationId)).status).toBe('closed');
    expect(await history(a.conversationId)).toEqual(['∅→new:client', 'new→solved:agent', 'solved→closed:system']);
    expect((await otherCall.ok('GET', `/conversations/${foreign.conversationId}`)).status).toBe('solved');
    const audit = await k.db
      .selectFrom('service_automation_firings')
      .select(['conversation_id', 'error'])
      .where('workspace_id', '=', ws.id)
      .where('rule_id', '=', closer.id)
      .execute();
    expect(audit).toEqual([{ conversation_id: a.conversationId, error: null }]);

    // The client answers (pending → open), the agent asks again: a new entry, a new reminder 48 h later.
    await write('pending@example.org', 'Вот номер договора');
    expect((await conv(b.conversationId)).status).toBe('open');
    await call.ok('PATCH', `/conversations/${b.conversationId}`, { status: 'pending' });
    const t1 = Date.now();
    await scan(t1 + 47 * HOUR);
    expect(await reminders()).toBe(1);
    await scan(t1 + 49 * HOUR);
    expect(await reminders()).toBe(2);
    expect(await history(b.conversationId)).toEqual([
      '∅→new:client',
      'new→pending:agent',
      'pending→open:client',
      'open→pending:agent',
    ]);
    await call.ok('PATCH', `/automation-rules/${closer.id}`, { enabled: false });
  });

  it('unassigned for 30 min → high priority; the client unanswered for 4 h → tagged; only matching conversations', async () => {
    await rule(
      'Unassigned new email',
      { priorities: ['normal'], time: { event: 'unassigned', statuses: ['new'], minutes: 30 } },
      { set: { priority: 'high' } },
    );
    await rule(
      'Waiting for an agent',
      { time: { event: 'no_agent_reply', minutes: 240 } },
      {
        set: { addTags: ['waiting'] },
      },
    );
    const c = await write('unassigned@example.org', 'Никто не отвечает');
    const d = await write('answered@example.org', 'Вопрос по вкладу');
    await call.ok('POST', `/conversations/${d.conversationId}/messages`, { body: 'Отвечаем' });
    const t0 = Date.now();
    await scan(t0 + 20 * 60_000);
    expect((await conv(c.conversationId)).priority).toBe('normal');
    await scan(t0 + 31 * 60_000);
    expect((await conv(c.conversationId)).priority).toBe('high');
    // d was answered and is open (not new): neither clock runs for it.
    expect((await conv(d.conversationId)).priority).toBe('normal');
    await scan(t0 + 5 * HOUR);
    expect((await conv(c.conversationId)).tags).toEqual(['waiting']);
    expect((await conv(d.conversationId)).tags).toEqual([]);
    // The client writes again after an agent's reply: the wait starts over from that message.
    await call.ok('POST', `/conversations/${c.conversationId}/messages`, { body: 'Смотрим' });
    await call.ok('PATCH', `/conversations/${c.conversationId}`, { tags: [] });
    await write('unassigned@example.org', 'Всё ещё не работает');
    const t1 = Date.now();
    await scan(t1 + 3 * HOUR);
    expect((await conv(c.conversationId)).tags).toEqual([]);
    await scan(t1 + 5 * HOUR);
    expect((await conv(c.conversationId)).tags).toEqual(['waiting']);
  });

  it('merge closes the merged-away one in its history; a reopen is the client’s', async () => {
    const x = await write('merge@example.org', 'Первый');
    const y = await write('merge2@example.org', 'Второй');
    await call.ok('POST', `/conversations/${x.conversationId}/merge`, { intoId: y.conversationId });
    expect(await history(x.conversationId)).toEqual(['∅→new:client', 'new→closed:agent']);
    await call.ok('PATCH', `/conversations/${y.conversationId}`, { status: 'solved' });
    await write('merge2@example.org', 'Снова сломалось');
    expect(await history(y.conversationId)).toEqual(['∅→new:client', 'new→solved:agent', 'solved→reopened:client']);
    const other = await call.api('GET', `/conversations/${newId()}/status-changes`);
    expect(other.status).toBe(404);
  });

  it('?sla=breached|breaching filters on the clocks; list items carry the person name', async () => {
    const named = await write('named@example.org', 'Срочно', 'Ирина Смирнова');
    const breaching = await write('breaching@example.org', 'Скоро');
    const fine = await write('fine@example.org', 'Не срочно');
    const now = Date.now();
    const clock = (conversationId: string, due: number, warn: number, breached: number | null) =>
      k.db
        .insertInto('service_sla_clocks')
        .values({
          workspace_id: ws.id,
          id: newId(),
          conversation_id: conversationId,
          policy_id: newId(),
          metric: 'first_response',
          target_minutes: 60,
          started_at: new Date(now - 2 * HOUR),
          running_since: new Date(now - 2 * HOUR),
          due_at: new Date(due),
          warn_at: new Date(warn),
          breached_at: breached ? new Date(breached) : null,
        })
        .execute();
    await clock(named.conversationId, now - HOUR, now - 2 * HOUR, now - HOUR);
    await clock(breaching.conversationId, now + HOUR, now - 60_000, null);
    await clock(fine.conversationId, now + 2 * HOUR, now + HOUR, null);
    const ids = async (q: string) =>
      (await call.ok('GET', `/conversations?${q}`)).data.map((c: { id: string }) => c.id);
    expect(await ids('sla=breached')).toEqual([named.conversationId]);
    expect(await ids('sla=breaching')).toEqual([breaching.conversationId]);
    expect((await call.api('GET', '/conversations?sla=late')).status).toBe(400);
    // Newest created first (a CSAT message may still land on an older one and move it up by activity).
    const names = await eventually(async () => {
      const page = (await call.ok('GET', '/conversations?limit=3&sort=-createdAt')).data as {
        id: string;
        personName: string | null;
      }[];
      const m = new Map(page.map((c) => [c.id, c.personName]));
      return m.get(named.conversationId) ? m : null;
    }, 30_000);
    expect([...names.keys()].sort()).toEqual([named, breaching, fine].map((x) => x.conversationId).sort());
    expect(names.get(named.conversationId)).toBe('Ирина Смирнова');
    expect(names.get(breaching.conversationId)).toBeNull();
    expect(names.get(fine.conversationId)).toBeNull();
    expect((await conv(named.conversationId)).personName).toBe('Ирина Смирнова');
  });
});
