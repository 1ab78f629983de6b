import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { ServiceKernel } from './kernel.ts';
import { SERVICE_DEMO_USERS, seedServiceDemo } from './service-demo.ts';

/** The bank contact centre's demo on its own (the whole demo runs in src/cli/demo.test.ts). */
describe('service: demo seeder', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let ws: { id: string; auth: { authorization: string } };
  const now = Date.parse('2026-12-04T12:00:00Z');

  beforeAll(async () => {
    env = await startTestEnv();
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('demo-desk');
    for (const u of [
      { email: 'elena.sokolova@voskhod-bank.ru', name: 'Елена Соколова' },
      { email: 'ivan.morozov@voskhod-bank.ru', name: 'Иван Морозов' },
      ...SERVICE_DEMO_USERS,
    ])
      await k.auth.createMember(systemActor(ws.id), { ...u, password: 'demo-password-1', role: 'agent' });
    await seedServiceDemo(k, { workspaceId: ws.id, log: () => {}, now });
    await seedServiceDemo(k, { workspaceId: ws.id, log: () => {}, now });
  }, 240_000);
  afterAll(async () => env?.close());

  it('a week of conversations in every state on three inboxes, once, nothing in the future', async () => {
    const call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    const inboxes = (await call.ok('GET', '/inboxes')).data;
    expect(inboxes.map((i: { channel: string }) => i.channel).sort()).toEqual(['chat', 'email', 'telegram']);
    const all = (await call.ok('GET', '/conversations?limit=500')).data;
    expect(all).toHaveLength(60);
    const states = new Set(all.map((c: { status: string }) => c.status));
    expect([...states].sort()).toEqual(['closed', 'new', 'on_hold', 'open', 'pending', 'reopened', 'solved']);
    for (const c of all) {
      expect(Date.parse(c.lastMessageAt)).toBeLessThanOrEqual(now);
      expect(Date.parse(c.lastMessageAt)).toBeGreaterThan(now - 8 * 86_400_000);
    }
    const n = await k.db
      .selectFrom('service_messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', ws.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(150);
    expect(Number(n.n)).toBeLessThan(500);
    const fraud = all.find((c: { tags: string[] }) => c.tags.includes('fraud'));
    expect(fraud.priority).toBe('urgent');
    const msgs = (await call.ok('GET', `/conversations/${fraud.id}/messages`)).data;
    expect(msgs[0]).toMatchObject({ direction: 'in', authorKind: 'client' });
    expect((await call.ok('GET', '/teams')).data).toHaveLength(2);
    expect((await call.ok('GET', '/routing-rules')).data).toHaveLength(3);
    expect((await call.ok('GET', '/canned-responses')).data).toHaveLength(4);
    expect((await call.ok('GET', '/macros')).data).toHaveLength(2);
    // Each conversation's status history ends in its status, never in the future, and the backlog reads it.
    for (const c of all) {
      const h = (await call.ok('GET', `/conversations/${c.id}/status-changes`)).data;
      expect(h[0].from).toBeNull();
      expect(h.at(-1).to).toBe(c.status);
      for (const x of h) expect(Date.parse(x.at)).toBeLessThanOrEqual(now);
    }
    const open = all.filter((c: { status: string }) => !['solved', 'closed'].includes(c.status)).length;
    const report = await call.ok(
      'GET',
      `/service/reports?from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`,
    );
    expect(report.backlog.at(-1).open).toBe(open);
  });
});
