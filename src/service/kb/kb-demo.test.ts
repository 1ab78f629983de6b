import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { systemActor } from '../../core/auth/actor.ts';
import type { ServiceKernel } from '../kernel.ts';
import { SERVICE_DEMO_USERS, seedServiceDemo } from '../service-demo.ts';
import { seedKbBotDemo } from './kb-demo.ts';

/** The knowledge base and bot demo on the contact centre's (story 3: the bot tells a client her card balance). */
describe('service: knowledge base and bot demo', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let call: ReturnType<typeof apiClient>;
  const now = Date.parse('2026-12-04T12:00:00Z');

  beforeAll(async () => {
    env = await startTestEnv();
    k = env.kernel as unknown as ServiceKernel;
    const ws = await env.workspace('demo-kb');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    for (const u of SERVICE_DEMO_USERS)
      await k.auth.createMember(systemActor(ws.id), { ...u, password: 'demo-password-1', role: 'agent' });
    const ctx = { workspaceId: ws.id, log: () => {}, now };
    await seedServiceDemo(k, ctx);
    await seedKbBotDemo(k, ctx);
    await seedKbBotDemo(k, ctx);
  }, 240_000);
  afterAll(async () => env?.close());

  it('articles once, the bot on chat and Telegram, card data on clients, conversations the bot answered', async () => {
    const all = (await call.ok('GET', '/kb/articles?limit=100')).data;
    expect(all).toHaveLength(13);
    expect(all.filter((a: { locale: string }) => a.locale === 'en')).toHaveLength(3);
    const found = await call.ok('GET', `/kb/articles?q=${encodeURIComponent('заблокировать карту')}&status=published`);
    expect(found.data[0].title).toBe('Как заблокировать карту');
    const inboxes = (await call.ok('GET', '/inboxes')).data;
    for (const i of inboxes) expect(!!i.settings.bot?.enabled).toBe(i.channel !== 'email');
    const conversations = (await call.ok('GET', '/conversations?limit=500')).data;
    const answered = [];
    for (const c of conversations.filter((c: { channel: string }) => c.channel === 'telegram')) {
      const msgs = (await call.ok('GET', `/conversations/${c.id}/messages`)).data;
      if (
        msgs.some(
          (m: { authorKind: string; body: string }) => m.authorKind === 'bot' && /Баланс вашей карты/.test(m.body),
        )
      )
        answered.push(c);
      if (msgs.some((m: { direction: string; authorKind: string }) => m.direction === 'note' && m.authorKind === 'bot'))
        expect(c.assigneeId).toBeTruthy();
    }
    expect(answered).toHaveLength(3);
    const person = await call.ok('GET', `/people/${conversations[0].personId}`);
    expect(JSON.stringify(person)).toMatch(/cardBalance/);
  });
});
