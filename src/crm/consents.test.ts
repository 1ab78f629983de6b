import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';

/** Consent history, the derived current state, the timeline entries and canSend. */
describe('crm: consents', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const state = async (id: string, channel: string, purpose: string) =>
    (await ok('GET', `/people/${id}`)).consents.find((c: any) => c.channel === channel && c.purpose === purpose);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('consents-ws');
    other = await env.workspace('consents-other');
  });
  afterAll(async () => env?.close());

  it('marketing needs granted, transactional does not (only a withdrawn service purpose stops it)', async () => {
    const p = await ok('POST', '/people', { firstName: 'Согласие', emails: ['consent@c.test'] });
    const can = (channel: any, kind: any) => env.kernel.crm.consents.canSend(ws.id, p.id, channel, kind);
    expect(await can('email', 'marketing')).toBe(false); // unknown is not consent
    expect(await can('email', 'transactional')).toBe(true);
    await ok('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'web form',
      evidence: 'form #42',
    });
    expect(await can('email', 'marketing')).toBe(true);
    expect(await can('sms', 'marketing')).toBe(false); // per channel
    await ok('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: false,
      source: 'unsubscribe link',
    });
    expect(await can('email', 'marketing')).toBe(false);
    expect(await can('email', 'transactional')).toBe(true);
    await ok('POST', `/people/${p.id}/consents`, {
      channel: 'email',
      purpose: 'service',
      granted: false,
      source: 'call',
    });
    expect(await can('email', 'transactional')).toBe(false);
    expect(await can('sms', 'transactional')).toBe(true);
    expect(await env.kernel.crm.consents.canSend(ws.id, newId(), 'email', 'transactional')).toBe(false);
    expect(await env.kernel.crm.consents.canSend(other.id, p.id, 'email', 'transactional')).toBe(false);
  });

  it('keeps the history, derives the current state, and puts each change on the timeline and in the audit log', async () => {
    const p = await ok('POST', '/people', { firstName: 'История', phones: ['+79091112233'] });
    const first = await api('POST', `/people/${p.id}/consents`, {
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'store',
      evidence: 'paper form 7',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      personId: p.id,
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'store',
      evidence: 'paper form 7',
    });
    await ok('POST', `/people/${p.id}/consents`, {
      channel: 'sms',
      purpose: 'marketing',
      granted: false,
      source: 'STOP reply',
    });
    await ok('POST', `/people/${p.id}/consents`, {
      channel: 'calls',
      purpose: 'service',
      granted: true,
      source: 'call',
    });
    expect(await state(p.id, 'sms', 'marketing')).toMatchObject({
      status: 'withdrawn',
      granted: false,
      source: 'STOP reply',
    });
    expect(await state(p.id, 'calls', 'service')).toMatchObject({ status: 'granted', granted: true });
    expect(await state(p.id, 'push', 'marketing')).toEqual({
      channel: 'push',
      purpose: 'marketing',
      status: 'unknown',
      granted: null,
      source: null,
      changedAt: null,
    });
    const history = await ok('GET', `/people/${p.id}/consents/history?limit=2`);
    expect(history.data.map((h: any) => [h.channel, h.granted, h.source])).toEqual([
      ['calls', true, 'call'],
      ['sms', false, 'STOP reply'],
    ]);
    const rest = await ok('GET', `/people/${p.id}/consents/history?limit=2&cursor=${history.nextCursor}`);
    expect(rest.data.map((h: any) => h.source)).toEqual(['store']);
    expect(rest.nextCursor).toBeNull();
    expect((await ok('GET', `/people/${p.id}/consents/history?channel=sms`)).data).toHaveLength(2);
    const events = (await ok('GET', `/people/${p.id}/timeline?types=consent`)).data.map((e: any) => [
      e.event,
      e.properties.channel,
      e.properties.purpose,
      e.properties.source,
    ]);
    expect(events).toEqual([
      ['consent.granted', 'calls', 'service', 'call'],
      ['consent.withdrawn', 'sms', 'marketing', 'STOP reply'],
      ['consent.granted', 'sms', 'marketing', 'store'],
    ]);
    const audit = await env.kernel.audit.list(ws.id, { entityType: 'consent', limit: 100 });
    expect(
      audit.data.filter(
        (a) => a.action === 'create' && (a.changes as any[]).some((c) => c.field === 'personId' && c.after === p.id),
      ),
    ).toHaveLength(3);
  });

  it('rejects bad input and unknown people; another workspace cannot touch them', async () => {
    const p = await ok('POST', '/people', { firstName: 'Чужой' });
    expect(
      (
        await api('POST', `/people/${p.id}/consents`, {
          channel: 'fax',
          purpose: 'marketing',
          granted: true,
          source: 'x',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api('POST', `/people/${p.id}/consents`, {
          channel: 'email',
          purpose: 'marketing',
          granted: true,
          source: '',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api('POST', `/people/${newId()}/consents`, {
          channel: 'email',
          purpose: 'marketing',
          granted: true,
          source: 'x',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api(
          'POST',
          `/people/${p.id}/consents`,
          { channel: 'email', purpose: 'marketing', granted: true, source: 'x' },
          other.auth,
        )
      ).status,
    ).toBe(404);
    expect((await api('GET', `/people/${p.id}/consents/history`, undefined, other.auth)).status).toBe(404);
    expect((await ok('GET', `/people/${p.id}/consents/history`)).data).toEqual([]);
  });
});
