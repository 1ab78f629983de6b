import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';
import { sql } from 'kysely';
import { systemActor } from '../core/auth/actor.ts';

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
  it('keeps the consent in force (crm_consent_state) equal to the latest change through every write path', async () => {
    const db = env.kernel.db;
    const actor = systemActor(ws.id, 'test');
    const a = await ok('POST', '/people', { firstName: 'Состояние', lastName: 'А' });
    const b = await ok('POST', '/people', { firstName: 'Состояние', lastName: 'Б' });
    const c = await ok('POST', '/people', { firstName: 'Состояние', lastName: 'В' });
    const people = [a.id, b.id, c.id];
    // The state table, and the latest change per key read from the history: they must be equal.
    const stored = async () =>
      (
        await sql<{ k: string }>`
          SELECT person_id || '/' || channel || '/' || purpose || '=' || granted AS k FROM crm_consent_state
          WHERE workspace_id = ${ws.id} AND person_id = ANY(${people}::uuid[]) ORDER BY 1`.execute(db)
      ).rows.map((r) => r.k);
    const latest = async () =>
      (
        await sql<{ k: string }>`
          SELECT k FROM (SELECT DISTINCT ON (person_id, channel, purpose) person_id || '/' || channel || '/' || purpose || '=' || granted AS k
            FROM crm_consents WHERE workspace_id = ${ws.id} AND person_id = ANY(${people}::uuid[])
            ORDER BY person_id, channel, purpose, occurred_at DESC, id DESC) x ORDER BY 1`.execute(db)
      ).rows.map((r) => r.k);
    const same = async (expected: string[]) => {
      expect(await latest()).toEqual([...expected].sort());
      expect(await stored()).toEqual(await latest());
    };
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));

    await env.kernel.crm.consents.record(actor, a.id, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'form',
      occurredAt: at(10),
    });
    await env.kernel.crm.consents.record(actor, a.id, {
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'form',
      occurredAt: at(10),
    });
    await same([`${a.id}/email/marketing=true`, `${a.id}/sms/marketing=true`]);
    // A backdated change is history: the later grant stays in force.
    await env.kernel.crm.consents.record(actor, a.id, {
      channel: 'email',
      purpose: 'marketing',
      granted: false,
      source: 'letter',
      occurredAt: at(5),
    });
    await same([`${a.id}/email/marketing=true`, `${a.id}/sms/marketing=true`]);
    // Several changes of one key in one statement (a bulk load): the latest of them wins.
    await sql`
      INSERT INTO crm_consents (workspace_id, id, person_id, channel, purpose, granted, source, occurred_at) VALUES
        (${ws.id}, ${newId()}, ${b.id}, 'email', 'marketing', true, 'import', ${at(1)}),
        (${ws.id}, ${newId()}, ${b.id}, 'email', 'marketing', false, 'import', ${at(3)}),
        (${ws.id}, ${newId()}, ${b.id}, 'email', 'marketing', true, 'import', ${at(2)}),
        (${ws.id}, ${newId()}, ${c.id}, 'email', 'marketing', true, 'import', ${at(20)})`.execute(db);
    await same([
      `${a.id}/email/marketing=true`,
      `${a.id}/sms/marketing=true`,
      `${b.id}/email/marketing=false`,
      `${c.id}/email/marketing=true`,
    ]);
    // Rows moved to another person (a merge): both persons' state is read again.
    await sql`UPDATE crm_consents SET person_id = ${c.id} WHERE workspace_id = ${ws.id} AND person_id = ${a.id} AND channel = 'email'`.execute(
      db,
    );
    await same([`${a.id}/sms/marketing=true`, `${b.id}/email/marketing=false`, `${c.id}/email/marketing=true`]);
    // The latest change deleted (an erase of one row): the one before it is in force again.
    await sql`DELETE FROM crm_consents WHERE workspace_id = ${ws.id} AND person_id = ${b.id} AND occurred_at = ${at(3)}`.execute(
      db,
    );
    await same([`${a.id}/sms/marketing=true`, `${b.id}/email/marketing=true`, `${c.id}/email/marketing=true`]);
    // A person erased: nothing of theirs is left in force.
    await env.kernel.privacy.erase(actor, a.id);
    await same([`${b.id}/email/marketing=true`, `${c.id}/email/marketing=true`]);
  });
});
