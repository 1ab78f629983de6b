import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';

/**
 * Service-aware marketing holds through the real sender and a real SMTP server: a broadcast to two
 * persons, one of them with an open urgent ticket — only the other receives it, and the held
 * message records why; a transactional message still reaches the held person.
 */
describe('service: marketing holds', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let channelId: string;
  let inboxId: string;

  const person = async (email: string) => {
    const p = await call.ok('POST', '/people', { firstName: 'Olga', emails: [email] });
    await call.ok('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'test',
    });
    return p.id as string;
  };
  const messagesOf = (personId: string) =>
    env.kernel.db
      .selectFrom('engage_messages')
      .select(['id', 'status', 'reason', 'kind'])
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', personId)
      .execute();

  beforeAll(async () => {
    peer = await startSmtpPeer();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('holds');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    channelId = (
      await call.ok('POST', '/channels', {
        type: 'email',
        name: 'Mail',
        config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Bank <news@bank.example>' },
      })
    ).id;
    inboxId = (await call.ok('POST', '/inboxes', { name: 'API', channel: 'api' })).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  it('reads and changes the policy (a workspace setting), refusing bad values', async () => {
    const p = await call.ok('GET', '/service/holds');
    expect(p).toEqual({
      openTicket: { enabled: true, priorities: ['high', 'urgent'] },
      slaBreach: { enabled: true, days: 7 },
      lowCsat: { enabled: true, maxScore: 2, days: 14 },
    });
    const bad = await call.api('PUT', '/service/holds', { lowCsat: { maxScore: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('lowCsat.maxScore');
    const changed = await call.ok('PUT', '/service/holds', { openTicket: { priorities: ['urgent'] } });
    expect(changed.openTicket.priorities).toEqual(['urgent']);
    const w = await env.kernel.auth.getWorkspace(ws.id);
    expect((w.settings as { serviceHolds?: unknown }).serviceHolds).toMatchObject({
      openTicket: { priorities: ['urgent'] },
    });
  });

  it('a person with an open urgent ticket gets no marketing broadcast, and the message says why', async () => {
    const held = await person('held@example.org');
    const free = await person('free@example.org');
    const r = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: 'held@example.org' }],
      externalId: 'urgent-1',
      subject: 'Списали деньги дважды',
      text: 'Срочно верните деньги',
    });
    expect(r.personId).toBe(held);
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { priority: 'urgent' });

    const templateId = (
      await call.ok('POST', '/templates', {
        channel: 'email',
        name: 'Promo',
        subject: 'Вклад 12%',
        body: '<p>Откройте вклад</p>',
      })
    ).id;
    const listId = (await call.ok('POST', '/segments', { name: 'Вклады', kind: 'list' })).id;
    await call.ok('POST', `/segments/${listId}/members`, { personIds: [held, free] });
    const b = await call.ok('POST', '/broadcasts', { name: 'Вклад', segmentId: listId, channelId, templateId });
    await call.ok('POST', `/broadcasts/${b.id}/send`, {});

    const [heldMsg] = await eventually(async () => {
      const m = await messagesOf(held);
      return m.length && m[0].status === 'suppressed' ? m : null;
    }, 60_000);
    expect(heldMsg).toMatchObject({ kind: 'marketing', status: 'suppressed', reason: 'held_open_ticket' });
    const history = await call.ok('GET', `/messages/${heldMsg.id}`);
    expect(history.reason).toBe('held_open_ticket');
    await eventually(async () => ((await messagesOf(free))[0]?.status === 'sent' ? true : null), 60_000);
    await peer.waitFor(1, 30_000);
    expect(peer.messages.filter((m) => m.to.includes('free@example.org'))).toHaveLength(1);
    expect(peer.messages.filter((m) => m.to.includes('held@example.org'))).toHaveLength(0);

    // Transactional mail is never held.
    const tx = (
      await call.ok('POST', '/templates', {
        channel: 'email',
        name: 'Receipt',
        kind: 'transactional',
        subject: 'Чек',
        body: '<p>Ваш чек</p>',
      })
    ).id;
    const sent = await call.ok('POST', '/messages', { personId: held, channelId, templateId: tx });
    await eventually(
      async () => ((await call.ok('GET', `/messages/${sent.id}`)).status === 'sent' ? true : null),
      60_000,
    );
    await eventually(async () => (peer.messages.some((m) => m.to.includes('held@example.org')) ? true : null), 30_000);

    // Solved: the hold ends, the next marketing message goes.
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { status: 'solved' });
    const again = await call.ok('POST', '/messages', { personId: held, channelId, templateId });
    await eventually(
      async () => ((await call.ok('GET', `/messages/${again.id}`)).status === 'sent' ? true : null),
      60_000,
    );
  });

  it('a recent low CSAT holds marketing too', async () => {
    const p = await person('unhappy@example.org');
    const r = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: 'unhappy@example.org' }],
      externalId: 'csat-hold-1',
      text: 'Вопрос',
    });
    await env.kernel.db
      .insertInto('service_csat')
      .values({
        workspace_id: ws.id,
        id: '01939999-0000-7000-8000-000000000001',
        conversation_id: r.conversationId,
        person_id: p,
        channel: 'api',
        score: 1,
        answered_at: new Date(),
      })
      .execute();
    const held = await env.kernel.service.holds.check(env.kernel.db, ws.id, [p], new Date());
    expect(held.get(p)).toEqual({ reason: 'held_low_csat' });
    // 15 days later the 14-day window has passed.
    const later = await env.kernel.service.holds.check(
      env.kernel.db,
      ws.id,
      [p],
      new Date(Date.now() + 15 * 86_400_000),
    );
    expect(later.has(p)).toBe(false);
  });
});
