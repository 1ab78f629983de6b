import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';

/** The PBX webhook: calls land on the customer's person (or a new lead), once per callId. */
describe('crm: telephony webhook', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let operatorId: string;
  let seq = 0;

  const post = async (body: Record<string, unknown>, auth = ws.auth) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/calls',
      headers: auth,
      payload: body as any,
    });
    return { status: r.statusCode, body: r.json() };
  };
  const call = (over: Record<string, unknown> = {}) => ({
    callId: `call-${++seq}`,
    direction: 'in',
    from: '8 (912) 000-11-22',
    to: '+7 495 000-00-00',
    startedAt: '2031-05-10T09:15:00+03:00',
    durationSeconds: 184,
    answered: true,
    recordingUrl: 'https://pbx.example.ru/records/1.mp3',
    operatorEmail: 'Operator@Tel.Test',
    ...over,
  });
  const callsOf = (personId: string) =>
    env.kernel.db
      .selectFrom('crm_activities')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', personId)
      .where('kind', '=', 'call')
      .execute();

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('tel-ws');
    other = await env.workspace('tel-other');
    operatorId = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'operator@tel.test',
        name: 'Елена Соколова',
        password: 'operator-pass',
        role: 'agent',
      })
    ).id;
  });
  afterAll(async () => env?.close());

  it('an inbound call from an unknown number creates a lead with that phone; the operator owns the call', async () => {
    const r = await post(call({ callId: 'first' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'call',
      direction: 'in',
      phone: '+79120001122',
      durationSeconds: 184,
      outcome: 'answered',
      ownerId: operatorId,
      occurredAt: '2031-05-10T06:15:00.000Z',
      externalId: 'pbx:first',
    });
    const person = await env.kernel.db
      .selectFrom('crm_people')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', r.body.personId)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ phones: ['+79120001122'], lifecycle_stage: 'lead', source: 'phone' });
    const tl = await env.app.inject({
      method: 'GET',
      url: `/api/v1/people/${r.body.personId}/timeline?types=activity`,
      headers: ws.auth,
    });
    expect(tl.json().data.map((e: any) => [e.event, e.properties.activityId])).toEqual([['call', r.body.id]]);
  });

  it('the same callId again → 200 with the same activity, stored once (also when sent concurrently)', async () => {
    const first = await post(call({ callId: 'dup' }));
    const again = await post(call({ callId: 'dup', durationSeconds: 999 }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.durationSeconds).toBe(184);
    const both = await Promise.all([
      post(call({ callId: 'race', from: '+7 913 555 00 01' })),
      post(call({ callId: 'race', from: '+7 913 555 00 01' })),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 201]);
    expect(both[0].body.id).toBe(both[1].body.id);
    expect(await callsOf(both[0].body.personId)).toHaveLength(1);
    const leads =
      await sql`SELECT person_id FROM crm_people WHERE workspace_id = ${ws.id} AND phones @> ARRAY['+79135550001']::text[]`.execute(
        env.kernel.db,
      );
    expect(leads.rows).toHaveLength(1);
  });

  it('an outbound call goes to the person whose phone is `to`, in any format; a missed call has no duration', async () => {
    const inbound = await post(call({ from: '+79120001122' }));
    const out = await post(
      call({
        direction: 'out',
        from: '+7 495 000-00-00',
        to: '9120001122',
        answered: false,
        durationSeconds: 12,
        operatorEmail: 'nobody@tel.test',
      }),
    );
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({
      personId: inbound.body.personId,
      direction: 'out',
      outcome: 'no_answer',
      durationSeconds: 0,
      ownerId: null,
    });
    const missed = await post(call({ answered: false, recordingUrl: null }));
    expect(missed.body).toMatchObject({ outcome: 'missed', recordingUrl: null });
  });

  it('a customer number that is not a phone → 400 on that field; nothing stored', async () => {
    const before = (
      await env.kernel.db.selectFrom('crm_activities').select('id').where('workspace_id', '=', ws.id).execute()
    ).length;
    const r = await post(call({ from: 'anonymous' }));
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('from');
    const o = await post(call({ direction: 'out', to: '12' }));
    expect(o.body.error.details[0].path).toBe('to');
    expect((await post(call({ durationSeconds: -1 }))).status).toBe(400);
    expect(
      (await env.kernel.db.selectFrom('crm_activities').select('id').where('workspace_id', '=', ws.id).execute())
        .length,
    ).toBe(before);
  });

  it("another workspace's same number and callId make its own lead and call", async () => {
    const mine = await post(call({ callId: 'shared' }));
    const theirs = await post(call({ callId: 'shared' }), other.auth);
    expect(theirs.status).toBe(201);
    expect(theirs.body.personId).not.toBe(mine.body.personId);
    expect(theirs.body.ownerId).toBeNull();
  });

  it('is documented in OpenAPI for PBX integrators, with an example', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const op = doc.paths['/api/v1/telephony/calls'].post;
    expect(op.summary).toMatch(/PBX/);
    expect(op.description).toMatch(/callId/);
    expect(op.description).toMatch(/"direction": "in"/);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201']));
  });
});
