import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { systemActor } from '../core/auth/actor.ts';
import { nextStatus } from './messages.ts';

/**
 * The send ledger end to end through the API: a real SMTP peer behind an email channel, templates
 * rendered by the templates service, every status and reason read back from GET /messages/{id}.
 */
describe('engage: messages (send ledger and sender)', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let channelId: string;
  let templateId: string;

  const person = async (email: string | null, consent = true) => {
    const p = await call.ok('POST', '/people', { firstName: 'Anna', emails: email ? [email] : [] });
    if (consent)
      await call.ok('POST', `/people/${p.id}/consents`, {
        channel: 'email',
        purpose: 'marketing',
        granted: true,
        source: 'test',
      });
    return p.id as string;
  };
  const final = (id: string, statuses = ['sent', 'delivered', 'bounced', 'failed', 'suppressed']) =>
    eventually(async () => {
      const m = await call.ok('GET', `/messages/${id}`);
      return statuses.includes(m.status) ? m : null;
    }, 60_000);

  beforeAll(async () => {
    peer = await startSmtpPeer({ rejectRecipients: ['gone@example.org'], deferRecipients: ['later@example.org'] });
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('messages');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    channelId = (
      await call.ok('POST', '/channels', {
        type: 'email',
        name: 'Shop mail',
        config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <news@shop.example>' },
      })
    ).id;
    templateId = (
      await call.ok('POST', '/templates', {
        channel: 'email',
        name: 'Order',
        subject: 'Order {{ data.orderId }}',
        body: '<p>Hello {{ person.firstName }}, your order {{ data.orderId }} is on its way</p>',
      })
    ).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  it('POST /messages queues (202) and the sender delivers it: sent, history, timeline event', async () => {
    const personId = await person('anna@example.org');
    const r = await call.api('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'A-17' } });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ id: expect.any(String), status: 'queued' });
    const m = await final(r.body.id);
    expect(m).toMatchObject({
      status: 'sent',
      address: 'anna@example.org',
      subject: 'Order A-17',
      attempts: 1,
      reason: null,
    });
    expect(m.providerId).toBeTruthy();
    expect(m.history.map((h: { type: string }) => h.type)).toEqual(['queued', 'sent']);
    const got = peer.messages.find((x) => x.messageId === m.providerId);
    expect(got?.subject).toBe('Order A-17');
    expect(got?.html).toContain('your order A-17');
    const events = await sql<{ event: string; message_id: string }>`
      SELECT event, message_id FROM events WHERE workspace_id = ${ws.id} AND person_id = ${personId} AND type = 'message'
    `.execute(env.kernel.db);
    expect(events.rows).toEqual([{ event: 'Email Sent', message_id: `msg:${m.id}:sent` }]);

    const log = await call.ok('GET', `/messages?personId=${personId}`);
    expect(log.data.map((x: { id: string }) => x.id)).toEqual([m.id]);
    expect((await call.ok('GET', `/messages?personId=${personId}&status=failed`)).data).toEqual([]);
  });

  it('a segment over message events takes in who was sent to (the ledger queues its re-evaluation)', async () => {
    const seg = await call.ok('POST', '/segments', {
      name: 'Got an order email',
      rule: { event: 'Email Sent', count: { gte: 1 } },
    });
    const personId = await person('segment@example.org');
    const members = async () =>
      ((await call.ok('GET', `/segments/${seg.id}/members?limit=500`)).data as { personId: string }[]).map(
        (m) => m.personId,
      );
    await eventually(async () => (await call.ok('GET', `/segments/${seg.id}`)).computedAt, 30_000);
    expect(await members()).not.toContain(personId);
    const r = await call.ok('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'S-1' } });
    expect((await final(r.id)).status).toBe('sent');
    await eventually(async () => (await members()).includes(personId), 30_000);
    await call.ok('DELETE', `/segments/${seg.id}`);
  });

  it('an idempotency key makes one message however often the request is repeated', async () => {
    const personId = await person('key@example.org');
    const body = { personId, channelId, templateId, data: { orderId: 'K-1' }, idempotencyKey: 'order-K-1' };
    const a = await call.ok('POST', '/messages', body);
    const b = await call.ok('POST', '/messages', body);
    expect(b.id).toBe(a.id);
    await final(a.id);
    await call.ok('POST', '/messages', body);
    const n = peer.messages.filter((x) => x.to.includes('key@example.org')).length;
    expect(n).toBe(1);
    expect((await call.ok('GET', `/messages?personId=${personId}`)).data).toHaveLength(1);
  });

  it('400 naming personId, channelId or templateId when unknown here, or a template of another channel', async () => {
    const personId = await person('bad@example.org');
    const unknown = '0190f0f0-0000-7000-8000-000000000000';
    for (const [field, body] of [
      ['personId', { personId: unknown, channelId, templateId }],
      ['channelId', { personId, channelId: unknown, templateId }],
      ['templateId', { personId, channelId, templateId: unknown }],
    ] as const) {
      const r = await call.api('POST', '/messages', body);
      expect(r.status, field).toBe(400);
      expect(r.body.error.details[0].path).toBe(field);
    }
    const sms = await call.ok('POST', '/templates', { channel: 'sms', name: 'SMS', body: 'Hi {{ person.firstName }}' });
    const r = await call.api('POST', '/messages', { personId, channelId, templateId: sms.id });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('templateId');
    const other = await env.workspace('messages-other');
    const r2 = await call.api('POST', '/messages', { personId, channelId, templateId }, other.auth);
    expect(r2.status).toBe(400);
    expect(r2.body.error.details[0].path).toBe('personId');
  });

  it('a hard bounce ends bounced and suppresses the address; the next message to it is suppressed', async () => {
    const personId = await person('gone@example.org');
    const first = await final(
      (await call.ok('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'B-1' } })).id,
    );
    expect(first.status).toBe('bounced');
    expect(first.reason).toBeTruthy();
    const list = await call.ok('GET', '/suppressions?channel=email&address=gone@example.org');
    expect(list.data).toMatchObject([{ channel: 'email', address: 'gone@example.org', reason: 'hard_bounce' }]);
    const second = await final(
      (await call.ok('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'B-2' } })).id,
    );
    expect(second).toMatchObject({ status: 'suppressed', reason: 'suppressed' });
  });

  it('a transient failure waits with backoff (queued, send_after later, attempt kept)', async () => {
    const personId = await person('later@example.org');
    const { id } = await call.ok('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'T-1' } });
    const m = await eventually(async () => {
      const x = await call.ok('GET', `/messages/${id}`);
      return x.history.some((h: { type: string }) => h.type === 'retry') ? x : null;
    });
    expect(m.status).toBe('queued');
    expect(m.attempts).toBe(1);
    // Measured from the failure, not from now: a slow poll under load must not eat the backoff.
    const retry = m.history.find((h: { type: string }) => h.type === 'retry');
    expect(new Date(m.sendAfter).getTime()).toBeGreaterThanOrEqual(new Date(retry.occurredAt).getTime() + 20_000);
    expect(retry.detail.until).toBe(new Date(m.sendAfter).toISOString());
  });

  it('a missing template variable fails the message with render_error; retry queues the same row', async () => {
    const personId = await person('render@example.org');
    const { id } = await call.ok('POST', '/messages', { personId, channelId, templateId, data: {} });
    const m = await final(id);
    expect(m).toMatchObject({ status: 'failed', reason: 'render_error' });
    expect(m.history.at(-1).detail.message).toMatch(/orderId/);
    const again = await call.api('POST', `/messages/${id}/retry`);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id, status: 'queued' });
    const m2 = await final(id);
    expect(m2.status).toBe('failed');
    expect(m2.attempts).toBe(2);
    expect(m2.history.filter((h: { type: string }) => h.type === 'failed')).toHaveLength(2);
    const sent = await final(
      (await call.ok('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'R' } })).id,
    );
    expect((await call.api('POST', `/messages/${sent.id}/retry`)).status).toBe(409);
  });

  it("a message whose sender died mid-send ('sending', lease run out) fails as interrupted and is never sent", async () => {
    const personId = await person('lease@example.org');
    // Queued for later (so no sender takes it now), then left as a dead worker leaves it: claimed, lease passed.
    await env.kernel.db.transaction().execute((trx) =>
      env.kernel.engage.messages.enqueueMany(trx, ws.id, [
        {
          personId,
          channelId,
          templateId,
          idempotencyKey: 'lease',
          kind: 'marketing',
          sendAfter: new Date(Date.now() + 3_600_000),
          data: { orderId: 'L-1' },
        },
      ]),
    );
    const { id } = await env.kernel.db
      .selectFrom('engage_messages')
      .select('id')
      .where('workspace_id', '=', ws.id)
      .where('idempotency_key', '=', 'lease')
      .executeTakeFirstOrThrow();
    await sql`UPDATE engage_messages SET status = 'sending', claimed_until = now() - interval '1 minute'
      WHERE workspace_id = ${ws.id} AND id = ${id}`.execute(env.kernel.db);
    const done = await final(id, ['failed']);
    expect(done.reason).toBe('interrupted');
    expect(peer.messages.some((x) => x.to.includes('lease@example.org'))).toBe(false);
  });

  it('reports and tracking move the status forward only; a complaint suppresses and withdraws consent', async () => {
    const personId = await person('track@example.org');
    const m = await final(
      (await call.ok('POST', '/messages', { personId, channelId, templateId, data: { orderId: 'X' } })).id,
    );
    const messages = env.kernel.engage.messages;
    await messages.applyReports(ws.id, channelId, [{ providerId: m.providerId, status: 'delivered' }]);
    await messages.record(ws.id, m.id, 'clicked', { url: 'https://shop.example/x' });
    await messages.record(ws.id, m.id, 'opened', {});
    const after = await call.ok('GET', `/messages/${m.id}`);
    expect(after.status).toBe('clicked');
    expect(after.deliveredAt).toBeTruthy();
    expect(after.openedAt).toBeTruthy();
    expect(after.clickedAt).toBeTruthy();
    await messages.applyReports(ws.id, channelId, [{ providerId: m.providerId, status: 'complained' }]);
    expect((await call.ok('GET', `/messages/${m.id}`)).status).toBe('complained');
    expect((await call.ok('GET', '/suppressions?channel=email&address=track@example.org')).data[0].reason).toBe(
      'complaint',
    );
    const consent = await env.kernel.crm.consents.current(ws.id, personId);
    expect(consent.find((c) => c.channel === 'email' && c.purpose === 'marketing')?.status).toBe('withdrawn');
    const events = await sql<{ event: string }>`
      SELECT event FROM events WHERE workspace_id = ${ws.id} AND person_id = ${personId} AND type = 'message' ORDER BY event
    `.execute(env.kernel.db);
    expect(events.rows.map((e) => e.event)).toEqual([
      'Email Complained',
      'Email Delivered',
      'Email Link Clicked',
      'Email Opened',
      'Email Sent',
    ]);
  });

  it('inbound STOP withdraws marketing consent for the channel; other texts land on the timeline', async () => {
    const actor = systemActor(ws.id, 'test');
    const p = await call.ok('POST', '/people', { firstName: 'Ivan', phones: ['+79161234567'] });
    await env.kernel.crm.consents.record(actor, p.id, {
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'test',
    });
    const sms = await call.ok('POST', '/channels', {
      type: 'sms',
      name: 'SMS',
      config: { transport: 'http', url: 'http://127.0.0.1:9/send', from: 'Shop' },
    });
    await env.kernel.engage.messages.applyInbound(ws.id, sms.id, [{ from: '79161234567', text: 'Where is my order?' }]);
    await env.kernel.engage.messages.applyInbound(ws.id, sms.id, [{ from: '+7 916 123-45-67', text: ' стоп! ' }]);
    const consent = await env.kernel.crm.consents.current(ws.id, p.id);
    expect(consent.find((c) => c.channel === 'sms' && c.purpose === 'marketing')).toMatchObject({
      status: 'withdrawn',
      source: 'inbound-stop',
    });
    const received = await sql<{ properties: { text: string } }>`
      SELECT properties FROM events WHERE workspace_id = ${ws.id} AND person_id = ${p.id} AND event = 'Message Received'
    `.execute(env.kernel.db);
    expect(received.rows.map((r) => r.properties.text)).toEqual(['Where is my order?']);
  });

  it('statuses only move forward', () => {
    expect(nextStatus('clicked', 'opened')).toBeNull();
    expect(nextStatus('sent', 'opened')).toBe('opened');
    expect(nextStatus('bounced', 'delivered')).toBeNull();
    expect(nextStatus('opened', 'complained')).toBe('complained');
  });
});
