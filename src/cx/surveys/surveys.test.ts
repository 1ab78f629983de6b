import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { systemActor } from '../../core/auth/actor.ts';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../test/peers/smtp-peer.ts';
import { seedSurveysDemo } from './demo.ts';
import { FOLLOW_UP_JOB } from './names.ts';

/**
 * Surveys end to end: the contract (create, answer, results with NPS computed by hand), bad input
 * (score off the scale, unknown person, closed survey, the re-contact limit), the timeline event and
 * traits, the hosted page by a signed link (no JavaScript), closing the loop (a detractor opens a
 * ticket whose outcome follows on the answer), a wave on email through a real SMTP server with a
 * person inside the limit skipped, the segment condition, and GDPR export and erase.
 */
describe('cx: surveys', () => {
  let env: TestEnv;
  let peer: SmtpPeer;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let n = 0;
  const person = async (traits: Record<string, unknown> = {}) =>
    (
      await call.ok('POST', '/people', {
        firstName: `P${++n}`,
        emails: [`p${n}-${Date.now()}@client.example`],
        ...traits,
      })
    ).id as string;
  const nps = async (name = 'NPS') =>
    (await call.ok('POST', '/surveys', { name, type: 'nps', question: 'Рекомендуете?' })).id;
  const root = (method: 'GET' | 'POST', url: string, payload?: string) =>
    env.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });

  beforeAll(async () => {
    peer = await startSmtpPeer();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8', publicUrl: 'https://crm.shop.example' });
    ws = await env.workspace('surveys');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  it('keeps the contract: create, answer, results with NPS', async () => {
    const created = await call.api('POST', '/surveys', {
      name: 'Monthly NPS',
      type: 'nps',
      question: 'Would you recommend us?',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', scale: { min: 0, max: 10 } });
    // 10, 9 promoters; 8 passive; 3 detractor → (2 − 1) / 4 = 25.
    for (const score of [10, 9, 8, 3]) {
      const r = await call.api('POST', `/surveys/${id}/responses`, { personId: await person(), score, comment: null });
      expect(r.status, r.text).toBe(201);
    }
    const res = await call.ok('GET', `/surveys/${id}/results`);
    expect(res).toMatchObject({ responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 });
    expect(res.overTime).toHaveLength(1);
    expect(res.overTime[0]).toMatchObject({ responses: 4, nps: 25 });
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    const id = await nps('Bad input');
    const p = await person();
    const high = await call.api('POST', `/surveys/${id}/responses`, { personId: p, score: 11 });
    expect(high.status).toBe(400);
    expect(high.body.error.details[0]).toMatchObject({ path: 'score', code: 'TOO_LARGE', limit: 10 });
    const low = await call.api('POST', `/surveys/${id}/responses`, { personId: p, score: -1 });
    expect(low.body.error.details[0]).toMatchObject({ path: 'score', code: 'TOO_SMALL' });
    const none = await call.api('POST', `/surveys/${id}/responses`, { personId: p });
    expect(none.body.error.details[0]).toMatchObject({ path: 'score', code: 'REQUIRED' });
    const ghost = await call.api('POST', `/surveys/${id}/responses`, {
      personId: '00000000-0000-4000-8000-000000000001',
      score: 5,
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details[0]).toMatchObject({ path: 'personId', code: 'UNKNOWN_PERSON' });
    // CSAT is 1–5.
    const c = (await call.ok('POST', '/surveys', { name: 'CSAT', type: 'csat' })).id;
    const csat6 = await call.api('POST', `/surveys/${c}/responses`, { personId: p, score: 6 });
    expect(csat6.body.error.details[0]).toMatchObject({ path: 'score', code: 'TOO_LARGE', limit: 5 });
    // Closed.
    await call.ok('PATCH', `/surveys/${id}`, { status: 'closed' });
    const closed = await call.api('POST', `/surveys/${id}/responses`, { personId: p, score: 5 });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({
      code: 'SURVEY_CLOSED',
      details: [{ path: 'surveyId', code: 'SURVEY_CLOSED' }],
    });
    // Nothing was written by the refused answers.
    const res = await call.ok('GET', `/surveys/${id}/results`);
    expect(res.responses).toBe(0);
    expect(res.nps).toBeNull();
  });

  it('holds the re-contact limit across all surveys', async () => {
    const a = await nps('Limit A');
    const b = await nps('Limit B');
    const p = await person();
    await call.ok('POST', `/surveys/${a}/responses`, { personId: p, score: 9 });
    const again = await call.api('POST', `/surveys/${b}/responses`, { personId: p, score: 9 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'RECONTACT_LIMIT',
      details: [{ path: 'personId', code: 'RECONTACT_LIMIT', limit: 30 }],
    });
    const link = await call.api('POST', `/surveys/${b}/links`, { personId: p });
    expect(link.body.error.code).toBe('RECONTACT_LIMIT');
    await call.ok('PUT', '/survey-settings', { recontactDays: 0 });
    expect((await call.api('POST', `/surveys/${b}/responses`, { personId: p, score: 9 })).status).toBe(201);
    await call.ok('PUT', '/survey-settings', { recontactDays: 30 });
    expect((await call.ok('GET', '/survey-settings')).recontactDays).toBe(30);
  });

  it('puts the answer on the timeline and in traits a segment can use', async () => {
    const id = await nps('Timeline');
    const p = await person();
    const r = await call.ok('POST', `/surveys/${id}/responses`, {
      personId: p,
      score: 4,
      comment: 'Долго везли заказ',
    });
    expect(r).toMatchObject({ score: 4, category: 'detractor', comment: 'Долго везли заказ' });
    expect(r.analysis).toMatchObject({ sentiment: { label: expect.any(String) } });
    const ev = await sql<{ event: string; properties: any }>`
      SELECT event, properties FROM events WHERE workspace_id = ${ws.id} AND person_id = ${p} AND type = 'cx'
    `.execute(env.kernel.db);
    expect(ev.rows).toHaveLength(1);
    expect(ev.rows[0]).toMatchObject({ event: 'Survey Answered', properties: { score: 4, category: 'detractor' } });
    const got = await call.ok('GET', `/people/${p}`);
    expect(got.traits).toMatchObject({ lastNpsScore: 4, lastNpsCategory: 'detractor' });
    const preview = await call.ok('POST', '/segments/preview', {
      rule: { survey: { surveyId: id, category: 'detractor' } },
    });
    expect(preview.size).toBe(1);
  });

  it('answers through the hosted page by a signed link, without JavaScript', async () => {
    const id = await nps('Hosted');
    const p = await person();
    const { url } = await call.ok('POST', `/surveys/${id}/links`, { personId: p });
    expect(url).toMatch(/^https:\/\/crm\.shop\.example\/survey\/[A-Za-z0-9_-]+$/);
    const path = new URL(url).pathname;
    const page = await root('GET', path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Рекомендуете?');
    expect(page.body).not.toContain('<script');
    expect((await root('POST', path, 'score=')).statusCode).toBe(422);
    const saved = await root('POST', path, 'score=10&comment=Great+service');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Спасибо');
    const res = await call.ok('GET', `/surveys/${id}/results`);
    expect(res).toMatchObject({ responses: 1, promoters: 1, nps: 100, delivered: 1, responseRate: 100 });
    expect((await root('POST', path, 'score=0')).body).toContain('уже ответили');
    expect((await root('GET', `/survey/${'x'.repeat(65)}`)).statusCode).toBe(404);
  });

  it('closes the loop: a detractor opens a ticket for the owner, held marketing, its outcome on the answer', async () => {
    await call.ok('POST', '/inboxes', { name: 'Feedback', channel: 'api' });
    const owner = await env.kernel.auth.createMember(systemActor(ws.id), {
      email: 'owner@shop.example',
      name: 'Owner',
      password: 'correct horse battery staple',
      role: 'admin',
    });
    const p = await person();
    await call.ok('PATCH', `/people/${p}`, { ownerId: owner.id });
    const id = (await call.ok('POST', '/surveys', { name: 'Loop', type: 'csat' })).id;
    const r = await call.ok('POST', `/surveys/${id}/responses`, { personId: p, score: 1, comment: 'Верните деньги' });
    const ticket = await eventually(async () => {
      const x = (await call.ok('GET', `/surveys/${id}/responses`)).data[0];
      return x.followUp?.conversationId ? x.followUp : null;
    }, 60_000);
    expect(ticket).toMatchObject({ kind: 'ticket', status: 'open' });
    const conv = await call.ok('GET', `/conversations/${ticket.conversationId}`);
    expect(conv).toMatchObject({
      personId: p,
      assigneeId: owner.id,
      priority: 'high',
      tags: ['survey-follow-up'],
      subject: 'CSAT 1/5: Loop',
      status: 'open',
    });
    // Opened on the client's behalf: an internal note, not a message the client wrote.
    const msgs = (await call.ok('GET', `/conversations/${ticket.conversationId}/messages`)).data;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ direction: 'note', authorKind: 'system' });
    expect(msgs[0].body).toContain('1/5');
    expect(msgs[0].body).toContain('Верните деньги');
    expect(msgs[0].body).toContain(`https://crm.shop.example/surveys/${id}?response=${r.id}`);
    // Marketing is held while it is open (the workspace's default hold policy: high priority).
    const kernel = env.kernel as any;
    expect((await kernel.engage.policy.check(kernel.db, ws.id, [p], new Date())).get(p)).toEqual({
      reason: 'held_open_ticket',
    });
    // The workspace's policy decides: with open-ticket holds off, the follow-up holds nothing.
    await call.ok('PUT', '/service/holds', { openTicket: { enabled: false } });
    expect((await kernel.engage.policy.check(kernel.db, ws.id, [p], new Date())).has(p)).toBe(false);
    await call.ok('PUT', '/service/holds', {});
    // A retried job (the answer's mark lost, as after a crash) finds the same ticket.
    await env.kernel.db
      .updateTable('cx_survey_responses')
      .set({ follow_up: null, follow_up_conversation_id: null, follow_up_status: null })
      .where('workspace_id', '=', ws.id)
      .where('id', '=', r.id)
      .execute();
    await kernel.jobs.enqueue(ws.id, FOLLOW_UP_JOB, { responseId: r.id });
    const again = await eventually(async () => {
      const x = (await call.ok('GET', `/surveys/${id}/responses`)).data[0];
      return x.followUp?.conversationId ? x.followUp : null;
    }, 60_000);
    expect(again.conversationId).toBe(ticket.conversationId);
    expect((await call.ok('GET', `/conversations?personId=${p}`)).data).toHaveLength(1);

    await call.ok('PATCH', `/conversations/${ticket.conversationId}`, { status: 'solved' });
    const after = (await call.ok('GET', `/surveys/${id}/responses`)).data[0];
    expect(after.followUp.status).toBe('solved');
    expect((await call.ok('GET', `/surveys/${id}/results`)).followUps).toEqual({ solved: 1 });
    expect((await kernel.engage.policy.check(kernel.db, ws.id, [p], new Date())).has(p)).toBe(false);
    await call.ok('PATCH', `/conversations/${ticket.conversationId}`, { status: 'reopened' });
    expect((await call.ok('GET', `/surveys/${id}/responses`)).data[0].followUp.status).toBe('reopened');

    // An owner who is not a member of the desk: the ticket goes to routing, unassigned here.
    const q = await person();
    const d = await call.ok('POST', `/surveys/${id}/responses`, { personId: q, score: 2, comment: null });
    const t2 = await eventually(async () => {
      const x = (await call.ok('GET', `/surveys/${id}/responses`)).data.find((y: any) => y.id === d.id);
      return x?.followUp?.conversationId ? x.followUp : null;
    }, 60_000);
    expect(await call.ok('GET', `/conversations/${t2.conversationId}`)).toMatchObject({
      assigneeId: null,
      status: 'new',
      priority: 'high',
    });
  });

  it('sends a wave on email in batches, skipping who was surveyed within the limit', async () => {
    await call.ok('POST', '/channels', {
      type: 'email',
      name: 'Mail',
      config: { host: '127.0.0.1', port: peer.port, secure: false, from: 'Shop <hello@shop.example>' },
    });
    const fresh = await person();
    const recent = await person();
    await call.ok('POST', `/surveys/${await nps('Earlier')}/responses`, { personId: recent, score: 10 });
    const list = (await call.ok('POST', '/segments', { name: 'Wave list', kind: 'list' })).id;
    await call.ok('POST', `/segments/${list}/members`, { personIds: [fresh, recent] });
    const id = await nps('Wave');
    const sent = await call.api('POST', `/surveys/${id}/send`, { channel: 'email', segmentId: list });
    expect(sent.status, sent.text).toBe(202);
    const email = (await call.ok('GET', `/people/${fresh}`)).emails[0];
    const recentEmail = (await call.ok('GET', `/people/${recent}`)).emails[0];
    const mail = await eventually(async () => peer.messages.find((m) => m.to.includes(email)) ?? null, 60_000);
    const token = /\/survey\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
    const res = await eventually(async () => {
      const x = await call.ok('GET', `/surveys/${id}/results`);
      return x.delivered === 1 && x.skipped.recontact_limit === 1 ? x : null;
    }, 30_000);
    expect(res.responseRate).toBe(0);
    expect((await root('POST', `/survey/${token}`, 'score=6')).statusCode).toBe(200);
    expect((await call.ok('GET', `/surveys/${id}/results`)).responseRate).toBe(100);
    expect(peer.messages.some((m) => m.to.includes(recentEmail))).toBe(false);
  }, 120_000);

  it('exports and erases a person’s answers (GDPR)', async () => {
    const id = await nps('Privacy');
    const p = await person();
    await call.ok('POST', `/surveys/${id}/responses`, { personId: p, score: 7, comment: 'Нормально' });
    const out = (await env.kernel.privacy.export(ws.id, p)) as any;
    expect(JSON.stringify(out)).toContain('Нормально');
    await env.kernel.privacy.erase(systemActor(ws.id), p);
    const left = await env.kernel.db
      .selectFrom('cx_survey_responses')
      .select('id')
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', p)
      .execute();
    expect(left).toEqual([]);
  });

  it('seeds the monthly NPS demo once, with answers over months', async () => {
    const demo = await env.workspace('surveys-demo');
    const log: string[] = [];
    const ctx = { workspaceId: demo.id, log: (l: string) => log.push(l), now: Date.now() };
    const demoCall = apiClient(() => env.app, { prefix: '/api/v1', auth: () => demo.auth });
    for (let i = 0; i < 30; i++) await demoCall.ok('POST', '/people', { firstName: `Demo${i}` });
    await seedSurveysDemo(env.kernel, ctx);
    await seedSurveysDemo(env.kernel, ctx);
    const list = await demoCall.ok('GET', '/surveys');
    expect(list.data).toHaveLength(1);
    const res = await demoCall.ok('GET', `/surveys/${list.data[0].id}/results`);
    expect(res.responses).toBe(30);
    expect(res.overTime.length).toBeGreaterThanOrEqual(2);
    expect(res.promoters + res.passives + res.detractors).toBe(30);
    expect(log).toHaveLength(1);
  }, 120_000);
});
