import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/** Segments over tickets and CSAT answers: rules checked, members follow ticket changes (a job). */
describe('service: segment conditions', () => {
  let env: TestEnv;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let inboxId: string;

  const members = async (id: string) =>
    (await call.ok('GET', `/segments/${id}/members`)).data.map((m: { personId: string }) => m.personId) as string[];

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('svc-segments');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    inboxId = (await call.ok('POST', '/inboxes', { name: 'API', channel: 'api' })).id;
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it('refuses bad ticket and csat conditions, naming the path', async () => {
    const bad = await call.api('POST', '/segments', { name: 'x', rule: { ticket: { status: 'lost' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/^rule\.ticket\.status/);
    const bad2 = await call.api('POST', '/segments', { name: 'x', rule: { csat: { lte: 9 } } });
    expect(bad2.status).toBe(400);
    expect(bad2.body.error.details[0].path).toMatch(/^rule\.csat\.lte/);
  });

  it('an open urgent ticket puts a person in; solving it takes them out', async () => {
    const seg = await call.ok('POST', '/segments', {
      name: 'Срочные обращения',
      rule: { ticket: { status: 'active', priority: ['urgent'], within: '30d' } },
    });
    const calm = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: 'calm@example.org' }],
      externalId: 'seg-0',
      text: 'Просто вопрос',
    });
    const r = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: 'urgent@example.org' }],
      externalId: 'seg-1',
      text: 'Карта украдена!',
    });
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { priority: 'urgent' });
    await eventually(async () => ((await members(seg.id)).includes(r.personId) ? true : null), 30_000);
    expect(await members(seg.id)).not.toContain(calm.personId);
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { status: 'solved' });
    await eventually(async () => (!(await members(seg.id)).includes(r.personId) ? true : null), 30_000);
  });

  it('a low CSAT within the window', async () => {
    const r = await env.kernel.service.inbound.receive(ws.id, {
      inboxId,
      channel: 'api',
      identities: [{ kind: 'email', value: 'rated@example.org' }],
      externalId: 'seg-2',
      text: 'Вопрос',
    });
    const seg = await call.ok('POST', '/segments', { name: 'Недовольные', rule: { csat: { lte: 2, within: '30d' } } });
    await env.kernel.db
      .insertInto('service_csat')
      .values({
        workspace_id: ws.id,
        id: newId(),
        conversation_id: r.conversationId,
        person_id: r.personId,
        channel: 'api',
        score: 2,
        answered_at: new Date(),
      })
      .execute();
    const done = await env.kernel.segments.evaluate(ws.id, [r.personId], { modules: ['service'] });
    expect(done.entered).toBe(1);
    expect(await members(seg.id)).toEqual([r.personId]);
    // An old answer is outside the window: a recompute 31 days on drops them.
    const later = await env.kernel.segments.recompute(ws.id, seg.id, new Date(Date.now() + 31 * 86_400_000));
    expect(later).toMatchObject({ exited: 1 });
  });
});
