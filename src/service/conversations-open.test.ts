import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { ServiceKernel } from './kernel.ts';

/**
 * "New ticket": a conversation opened for an existing person through `POST /conversations` — its
 * first message an internal note (not the client's), the status history, audit and timeline in
 * the same transaction, routing when unassigned, the marketing hold of a high-priority ticket,
 * where it lands (inbox and channel) and where replies go, idempotency by `externalId`, and bad
 * input (unknown person, another workspace's member or inbox) as a 400 naming the field.
 */
describe('service: opening a ticket on a client’s behalf', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let agent: string;
  let apiInbox: string;
  let n = 0;
  const person = async (email = true) =>
    (
      await call.ok('POST', '/people', {
        firstName: `Client${++n}`,
        ...(email ? { emails: [`client${n}@shop.example`] } : { phones: [`+7 916 555-00-${String(10 + n)}`] }),
      })
    ).id as string;

  beforeAll(async () => {
    env = await startTestEnv();
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('open-desk');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    agent = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'agent@open-desk.example',
        name: 'Agent',
        password: 'correct horse battery staple',
        role: 'admin',
      })
    ).id;
    apiInbox = (await call.ok('POST', '/inboxes', { name: 'API', channel: 'api' })).id;
  }, 240_000);
  afterAll(async () => env?.close());

  it('opens a ticket whose first message is an internal note; history, audit, timeline and the hold follow', async () => {
    const p = await person();
    const res = await call.api('POST', '/conversations', {
      personId: p,
      subject: 'Перезвонить по возврату',
      priority: 'high',
      assigneeId: agent,
      tags: ['callback', 'callback', ' vip '],
      note: 'Клиент просил перезвонить после 18:00',
    });
    expect(res.status, res.text).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({
      personId: p,
      status: 'open',
      priority: 'high',
      assigneeId: agent,
      subject: 'Перезвонить по возврату',
      tags: ['callback', 'vip'],
      inboxId: apiInbox,
      channel: 'api',
      duplicate: false,
      firstResponseAt: null,
    });
    const msgs = (await call.ok('GET', `/conversations/${c.id}/messages`)).data;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({
      direction: 'note',
      authorKind: 'agent',
      body: 'Клиент просил перезвонить после 18:00',
    });
    const history = (await call.ok('GET', `/conversations/${c.id}/status-changes`)).data;
    expect(history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([[null, 'open']]);
    const audit = await call.ok('GET', `/audit?entityType=conversation&entityId=${c.id}`);
    expect(audit.data.map((e: { action: string }) => e.action)).toEqual(['create']);
    const timeline = (await call.ok('GET', `/people/${p}/timeline`)).data;
    expect(timeline.map((e: { event: string }) => e.event)).toContain('Conversation Opened');
    // A high-priority ticket still being worked on holds marketing (the workspace's default policy).
    const held = await k.engage.policy.check(k.db, ws.id, [p], new Date());
    expect(held.get(p)).toEqual({ reason: 'held_open_ticket' });
    // The listing shows it; a reply goes out on its channel and is the first response.
    const list = await call.ok('GET', `/conversations?personId=${p}`);
    expect(list.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const reply = await call.api('POST', `/conversations/${c.id}/messages`, { body: 'Здравствуйте!' });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body).toMatchObject({ direction: 'out', channel: 'api', authorKind: 'agent' });
    await call.ok('PATCH', `/conversations/${c.id}`, { status: 'solved' });
    expect((await k.engage.policy.check(k.db, ws.id, [p], new Date())).has(p)).toBe(false);
  });

  it('an unassigned ticket is routed; an assigned one is not', async () => {
    const team = (await call.ok('POST', '/teams', { name: 'Возвраты' })).id;
    await call.ok('POST', '/routing-rules', {
      name: 'Возвраты',
      conditions: { keywords: ['возврат'] },
      actions: { teamId: team, priority: 'urgent' },
    });
    const p = await person();
    const c = await call.ok('POST', '/conversations', { personId: p, subject: 'Возврат товара', note: 'возврат' });
    expect(c).toMatchObject({ teamId: team, priority: 'urgent' });
    // Assigned explicitly: no routing.
    const d = await call.ok('POST', '/conversations', {
      personId: p,
      subject: 'Возврат 2',
      teamId: null,
      assigneeId: agent,
    });
    expect(d).toMatchObject({ teamId: null, assigneeId: agent, priority: 'normal' });
    // The note is the subject when none is given.
    const msgs = (await call.ok('GET', `/conversations/${d.id}/messages`)).data;
    expect(msgs[0]).toMatchObject({ direction: 'note', body: 'Возврат 2' });
  });

  it('lands on the person’s latest conversation’s inbox, else one of a channel they can be reached on', async () => {
    const mailInbox = (
      await call.ok('POST', '/inboxes', { name: 'Mail', channel: 'email', address: 'help@shop.example' })
    ).id;
    const byEmail = await person(true);
    const c = await call.ok('POST', '/conversations', { personId: byEmail, subject: 'Письмо' });
    expect(c).toMatchObject({ inboxId: mailInbox, channel: 'email' });
    const byPhone = await person(false);
    const d = await call.ok('POST', '/conversations', { personId: byPhone, subject: 'Звонок' });
    expect(d).toMatchObject({ inboxId: apiInbox, channel: 'api' });
    // The person wrote on the API inbox since: the next ticket joins that inbox and channel.
    await k.service.inbound.receive(ws.id, {
      inboxId: apiInbox,
      channel: 'api',
      identities: [{ kind: 'email', value: `client${n - 1}@shop.example` }],
      externalId: 'open-later',
      text: 'Ещё вопрос',
    });
    const e = await call.ok('POST', '/conversations', { personId: byEmail, subject: 'Ещё' });
    expect(e).toMatchObject({ inboxId: apiInbox, channel: 'api' });
    // Chosen explicitly.
    const f = await call.ok('POST', '/conversations', { personId: byEmail, subject: 'Явно', inboxId: mailInbox });
    expect(f).toMatchObject({ inboxId: mailInbox, channel: 'email' });
  });

  it('the same externalId opens one ticket', async () => {
    const p = await person();
    const body = { personId: p, subject: 'Один раз', externalId: 'job-42' };
    const [a, b] = await Promise.all([
      call.api('POST', '/conversations', body),
      call.api('POST', '/conversations', body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const third = await call.api('POST', '/conversations', body);
    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({ id: a.body.id, duplicate: true });
    expect((await call.ok('GET', `/conversations?personId=${p}`)).data).toHaveLength(1);
  });

  it('bad input is a 400 naming the field; another workspace’s records are unknown here', async () => {
    const other = await env.workspace('open-other');
    const otherCall = apiClient(() => env.app, { prefix: '/api/v1', auth: () => other.auth });
    const theirInbox = (await otherCall.ok('POST', '/inboxes', { name: 'Theirs', channel: 'api' })).id;
    const theirPerson = (await otherCall.ok('POST', '/people', { firstName: 'Чужой' })).id;
    const theirAgent = (
      await env.kernel.auth.createMember(systemActor(other.id), {
        email: 'their-agent@open-other.example',
        name: 'Their agent',
        password: 'correct horse battery staple',
        role: 'admin',
      })
    ).id;
    const p = await person();
    const cases: [Record<string, unknown>, string][] = [
      [{ personId: theirPerson, subject: 'x' }, 'personId'],
      [{ personId: p, subject: 'x', assigneeId: theirAgent }, 'assigneeId'],
      [{ personId: p, subject: 'x', inboxId: theirInbox }, 'inboxId'],
      [{ personId: p, subject: 'x', teamId: theirInbox }, 'teamId'],
      [{ personId: p, subject: '   ' }, 'subject'],
      [{ personId: 'nope', subject: 'x' }, 'personId'],
      [{ personId: p, subject: 'x', priority: 'asap' }, 'priority'],
    ];
    for (const [body, field] of cases) {
      const r = await call.api('POST', '/conversations', body);
      expect(r.status, `${field}: ${r.text}`).toBe(400);
      expect(JSON.stringify(r.body.error.details), field).toContain(field);
    }
    // A workspace without an inbox: the field to fix is named.
    const none = await otherCall.api('POST', '/conversations', { personId: theirPerson, subject: 'x' });
    expect(none.status).toBe(201);
    const bare = await env.workspace('open-bare');
    const bareCall = apiClient(() => env.app, { prefix: '/api/v1', auth: () => bare.auth });
    const bareP = (await bareCall.ok('POST', '/people', { firstName: 'Один' })).id;
    const r = await bareCall.api('POST', '/conversations', { personId: bareP, subject: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'inboxId' });
    expect((await otherCall.ok('GET', '/conversations')).data.map((x: { subject: string }) => x.subject)).toEqual([
      'x',
    ]);
  });
});
