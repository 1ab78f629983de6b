import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { newId } from '../core/ids.ts';
import { quietUntil } from './policy.ts';

/**
 * The delivery policy, one rule a test, each checked against what the SMTP peer really received:
 * without the rule the message would have gone out.
 */
describe('engage: delivery policy', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let channelId: string;
  let templateId: string;
  let n = 0;

  const person = async (opts: { consent?: boolean; email?: boolean } = {}) => {
    const email = `p${++n}@example.org`;
    const p = await call.ok('POST', '/people', { firstName: 'Olga', emails: opts.email === false ? [] : [email] });
    if (opts.consent !== false)
      await call.ok('POST', `/people/${p.id}/consents`, {
        channel: 'email',
        purpose: 'marketing',
        granted: true,
        source: 'test',
      });
    return { id: p.id as string, email };
  };
  const send = async (personId: string, extra: Record<string, unknown> = {}) =>
    (await call.ok('POST', '/messages', { personId, channelId, templateId, ...extra })).id as string;
  const settled = (id: string) =>
    eventually(async () => {
      const m = await call.ok('GET', `/messages/${id}`);
      return ['sent', 'failed', 'suppressed', 'bounced'].includes(m.status) ||
        m.history.some((h: { type: string }) => h.type === 'deferred')
        ? m
        : null;
    }, 60_000);
  const received = (email: string) => peer.messages.filter((m) => m.to.includes(email)).length;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    ws = await env.workspace('policy');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    channelId = (
      await call.ok('POST', '/channels', {
        type: 'email',
        name: 'Mail',
        config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <news@shop.example>' },
      })
    ).id;
    templateId = (
      await call.ok('POST', '/templates', {
        channel: 'email',
        name: 'News',
        subject: 'News',
        body: '<p>Hi {{ person.firstName }}</p>',
      })
    ).id;
  }, 240_000);
  afterEach(async () => {
    await call.ok('PUT', '/messaging/policy', {});
  });
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  it('consent: marketing needs a grant; transactional goes unless the service purpose was withdrawn', async () => {
    const p = await person({ consent: false });
    expect(await settled(await send(p.id))).toMatchObject({ status: 'suppressed', reason: 'no_consent' });
    expect(await settled(await send(p.id, { kind: 'transactional' }))).toMatchObject({ status: 'sent' });
    await call.ok('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'service',
      granted: false,
      source: 'test',
    });
    expect(await settled(await send(p.id, { kind: 'transactional' }))).toMatchObject({
      status: 'suppressed',
      reason: 'no_consent',
    });
    expect(received(p.email)).toBe(1);
    const granted = await person();
    expect(await settled(await send(granted.id))).toMatchObject({ status: 'sent' });
    await call.ok('POST', `/people/${granted.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: false,
      source: 'test',
    });
    expect(await settled(await send(granted.id))).toMatchObject({ status: 'suppressed', reason: 'no_consent' });
    expect(received(granted.email)).toBe(1);
  });

  it("group opt-out: a template's subscription group stops its messages to those who left it", async () => {
    const groupId = newId();
    await env.kernel.db
      .insertInto('engage_subscription_groups')
      .values({ workspace_id: ws.id, id: groupId, name: 'Promotions', description: null })
      .execute();
    const promo = await call.ok('POST', '/templates', {
      channel: 'email',
      name: 'Promo',
      subject: 'Sale',
      body: '<p>Sale</p>',
      groupId,
    });
    const [left, stayed] = [await person(), await person()];
    await env.kernel.db
      .insertInto('engage_group_optouts')
      .values({ workspace_id: ws.id, group_id: groupId, person_id: left.id })
      .execute();
    expect(await settled(await send(left.id, { templateId: promo.id }))).toMatchObject({
      status: 'suppressed',
      reason: 'unsubscribed',
    });
    expect(await settled(await send(stayed.id, { templateId: promo.id }))).toMatchObject({ status: 'sent' });
    // Other templates still reach the one who left the group.
    expect(await settled(await send(left.id))).toMatchObject({ status: 'sent' });
    expect(received(left.email)).toBe(1);
  });

  it('suppression list: a listed address gets nothing until it is taken off', async () => {
    const p = await person();
    const added = await call.api('POST', '/suppressions', { channel: 'email', address: p.email.toUpperCase() });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ address: p.email, reason: 'manual' });
    expect(await settled(await send(p.id))).toMatchObject({ status: 'suppressed', reason: 'suppressed' });
    expect(await settled(await send(p.id, { kind: 'transactional' }))).toMatchObject({ status: 'suppressed' });
    expect(received(p.email)).toBe(0);
    const del = await call.api('DELETE', `/suppressions?channel=email&address=${encodeURIComponent(p.email)}`);
    expect(del.status).toBe(204);
    expect(
      (await call.api('DELETE', `/suppressions?channel=email&address=${encodeURIComponent(p.email)}`)).status,
    ).toBe(404);
    expect(await settled(await send(p.id))).toMatchObject({ status: 'sent' });
  });

  it('no address on the channel: failed with reason no_address', async () => {
    const p = await person({ email: false });
    expect(await settled(await send(p.id))).toMatchObject({ status: 'failed', reason: 'no_address' });
  });

  it('frequency caps: per channel per day and over all channels, marketing only', async () => {
    const put = await call.ok('PUT', '/messaging/policy', { frequencyCaps: { perChannelPerDay: 2 } });
    expect(put.frequencyCaps).toMatchObject({ perChannelPerDay: 2, allChannelsPerWeek: null });
    const p = await person();
    expect(await settled(await send(p.id))).toMatchObject({ status: 'sent' });
    expect(await settled(await send(p.id))).toMatchObject({ status: 'sent' });
    expect(await settled(await send(p.id))).toMatchObject({ status: 'suppressed', reason: 'frequency_cap' });
    expect(await settled(await send(p.id, { kind: 'transactional' }))).toMatchObject({ status: 'sent' });
    expect(received(p.email)).toBe(3);

    await call.ok('PUT', '/messaging/policy', { frequencyCaps: { allChannelsPerWeek: 1 } });
    const q = await person();
    // Two at once: the second is counted against the first within one claimed batch.
    const [a, b] = [await send(q.id), await send(q.id)];
    const statuses = [(await settled(a)).status, (await settled(b)).status].sort();
    expect(statuses).toEqual(['sent', 'suppressed']);
    expect(received(q.email)).toBe(1);
  });

  it("quiet hours: a marketing message waits until the window ends in the person's time zone", async () => {
    const h = new Date().getUTCHours();
    const pad = (x: number) => String(x % 24).padStart(2, '0');
    const policy = await call.ok('PUT', '/messaging/policy', {
      quietHours: { start: `${pad(h)}:00`, end: `${pad(h + 2)}:00` },
      timezone: 'UTC',
    });
    expect(policy.quietHours).toEqual({ start: `${pad(h)}:00`, end: `${pad(h + 2)}:00` });
    const p = await person();
    const m = await settled(await send(p.id));
    expect(m.status).toBe('queued');
    expect(m.history.find((x: { type: string }) => x.type === 'deferred').detail.reason).toBe('quiet_hours');
    const end = new Date();
    end.setUTCHours(h + 2, 0, 0, 0);
    expect(new Date(m.sendAfter).toISOString()).toBe(end.toISOString());
    expect(m.attempts).toBe(0);

    // In Tokyo (UTC+9, no DST) it is not quiet now; transactional messages never wait.
    const tokyo = await person();
    await sql`UPDATE persons SET traits = traits || '{"timezone":"Asia/Tokyo"}'::jsonb WHERE workspace_id = ${ws.id} AND id = ${tokyo.id}`.execute(
      env.kernel.db,
    );
    expect(await settled(await send(tokyo.id))).toMatchObject({ status: 'sent' });
    expect(await settled(await send(p.id, { kind: 'transactional' }))).toMatchObject({ status: 'sent' });
    expect(received(p.email)).toBe(1);

    const bad = await call.api('PUT', '/messaging/policy', { timezone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('timezone');
  });

  it('quietUntil: windows across midnight, in a zone', () => {
    const at = new Date('2026-03-01T19:30:00Z'); // 22:30 in Moscow (UTC+3)
    expect(quietUntil(at, 'Europe/Moscow', { start: '21:00', end: '09:00' })?.toISOString()).toBe(
      '2026-03-02T06:00:00.000Z',
    );
    expect(quietUntil(at, 'UTC', { start: '21:00', end: '09:00' })).toBeNull();
    expect(quietUntil(new Date('2026-03-01T05:15:00Z'), 'UTC', { start: '21:00', end: '09:00' })?.toISOString()).toBe(
      '2026-03-01T09:00:00.000Z',
    );
  });
});
