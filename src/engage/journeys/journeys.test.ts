import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { newId } from '../../core/ids.ts';

/**
 * Journeys through the API (issue 17): drafts and their shape errors, every publish refusal
 * (naming the step), validate, versions keeping people in flight (and `migrate` moving them),
 * pause keeping positions, archive, entry by API, stats against planted runs, a person's journeys,
 * the audit log. Runs are planted where the numbers matter, with timers far ahead so the runtime
 * leaves them where they are.
 */
describe('engage: journeys', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let channelId: string;
  let templateId: string;
  let smsTemplateId: string;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const db = () => env.kernel.db;

  const person = async (traits: Record<string, unknown> = {}) =>
    (await ok('POST', '/people', { firstName: `P${newId().slice(-6)}`, ...traits })).id as string;
  const draft = async (definition: unknown, name = 'J') => ok('POST', '/journeys', { name, definition });
  const refused = async (definition: unknown) => {
    const j = await draft(definition);
    const r = await api('POST', `/journeys/${j.id}/publish`);
    return { status: r.status, error: r.body?.error };
  };
  const send = (id = 's1', over: Record<string, unknown> = {}) => ({
    id,
    type: 'send',
    channelId,
    templateId,
    ...over,
  });
  const run = (journeyId: string) =>
    db()
      .selectFrom('engage_journey_runs')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('journey_id', '=', journeyId)
      .orderBy('entered_at')
      .execute();

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('journeys-ws');
    channelId = (
      await ok('POST', '/channels', {
        type: 'email',
        name: 'Mail',
        config: { host: '8.8.8.8', port: 25, secure: false, from: 'Shop <news@shop.test>' },
      })
    ).id;
    const tpl = (name: string, channel = 'email') =>
      ok('POST', '/templates', { channel, name, subject: name, body: `<p>${name}</p>`, kind: 'marketing' }).then(
        (t) => t.id as string,
      );
    templateId = await tpl('Hello');
    smsTemplateId = await tpl('SMS', 'sms');
  }, 120_000);
  afterAll(async () => env?.close());

  it('creates, lists, changes and deletes drafts; a malformed definition is a 400 naming the field', async () => {
    const def = {
      entry: { event: 'Signed Up' },
      steps: [{ id: 'w1', type: 'wait', duration: '5s' }, send()],
    };
    const j = await draft(def, 'Welcome');
    expect(j).toMatchObject({ name: 'Welcome', status: 'draft', version: null, definition: def });
    expect(await ok('GET', `/journeys/${j.id}`)).toMatchObject({ id: j.id, counts: { active: 0, total: 0 } });
    const list = await ok('GET', '/journeys?status=draft&q=welc');
    expect(list.data.map((x: { id: string }) => x.id)).toContain(j.id);
    expect((await ok('GET', '/journeys?status=active')).data.map((x: { id: string }) => x.id)).not.toContain(j.id);

    const bad = await api('POST', '/journeys', {
      name: 'Bad',
      definition: {
        entry: { api: true },
        steps: [
          { id: 'a', type: 'exit' },
          { id: 'b', type: 'exit' },
          { id: 'c', type: 'teleport' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details[0].path).toBe('definition.steps.2.type');
    const noTimeout = await api('PATCH', `/journeys/${j.id}`, {
      definition: { entry: { api: true }, steps: [{ id: 'w', type: 'wait', for: { event: 'Opened' } }] },
    });
    expect(noTimeout.status).toBe(400);
    expect(noTimeout.body.error.details[0].path).toBe('definition.steps.0.timeout');

    const renamed = await ok('PATCH', `/journeys/${j.id}`, { name: 'Welcome 2' });
    expect(renamed).toMatchObject({ name: 'Welcome 2', definition: def });
    expect((await api('DELETE', `/journeys/${j.id}`)).status).toBe(204);
    expect((await api('GET', `/journeys/${j.id}`)).status).toBe(404);
  });

  it('refuses to publish, naming the step: cycle without a wait, dead end, unreachable, split shares', async () => {
    const entry = { api: true };
    const cycle = await refused({
      entry,
      steps: [
        { id: 'a', type: 'give_points', points: 1 },
        { id: 'b', type: 'branch', rule: { trait: 'vip', op: 'eq', value: true }, yes: 'a', no: 'end' },
      ],
    });
    expect(cycle.status).toBe(422);
    expect(cycle.error.code).toBe('JOURNEY_INVALID');
    expect(cycle.error.details[0].path).toBe('definition.steps.0');
    expect(cycle.error.message).toMatch(/step "a".*cycle with no wait/);

    const dead = await refused({ entry, steps: [{ id: 'a', type: 'give_points', points: 1, next: 'ghost' }] });
    expect(dead).toMatchObject({ status: 422, error: { code: 'JOURNEY_INVALID' } });
    expect(dead.error.details[0].path).toBe('definition.steps.0.next');
    expect(dead.error.message).toMatch(/"ghost".*dead end/);

    const unreachable = await refused({
      entry,
      steps: [{ id: 'a', type: 'exit' }, send('lost')],
    });
    expect(unreachable.error.details[0].path).toBe('definition.steps.1');
    expect(unreachable.error.message).toMatch(/"lost" cannot be reached/);

    const split = await refused({
      entry,
      steps: [
        {
          id: 'ab',
          type: 'split',
          branches: [
            { key: 'A', share: 70, next: 'end' },
            { key: 'B', share: 20, next: 'end' },
          ],
        },
      ],
    });
    expect(split.error.details[0].path).toBe('definition.steps.0.branches');
    expect(split.error.message).toMatch(/add up to 90/);
  });

  it('refuses deleted templates and segments, a wrong family, a blocked webhook, an unknown date trait', async () => {
    const tpl = (await ok('POST', '/templates', { channel: 'email', name: 'Gone', subject: 'x', body: '<p>x</p>' })).id;
    const seg = (await ok('POST', '/segments', { name: `Gone ${newId()}`, kind: 'list' })).id;
    const j1 = await draft({ entry: { api: true }, steps: [send('s1', { templateId: tpl })] });
    const j2 = await draft({ entry: { segment: seg }, steps: [{ id: 'x', type: 'exit' }] });
    const j3 = await draft({
      entry: { api: true },
      steps: [{ id: 'w', type: 'wait', for: { segment: seg }, timeout: '1d' }],
    });
    await ok('DELETE', `/templates/${tpl}`);
    await ok('DELETE', `/segments/${seg}`);
    const p1 = await api('POST', `/journeys/${j1.id}/publish`);
    expect(p1.status).toBe(422);
    expect(p1.body.error.details[0].path).toBe('definition.steps.0.templateId');
    expect(p1.body.error.message).toMatch(/step "s1".*no template/);
    const p2 = await api('POST', `/journeys/${j2.id}/publish`);
    expect(p2.body.error).toMatchObject({ code: 'JOURNEY_INVALID', details: [{ path: 'definition.entry.segment' }] });
    const p3 = await api('POST', `/journeys/${j3.id}/publish`);
    expect(p3.body.error.details[0].path).toBe('definition.steps.0.for.segment');

    const family = await refused({ entry: { api: true }, steps: [send('s', { templateId: smsTemplateId })] });
    expect(family.error.details[0].path).toBe('definition.steps.0.templateId');
    expect(family.error.message).toMatch(/sms template cannot be sent over a email channel/);

    const hook = await refused({
      entry: { api: true },
      steps: [{ id: 'h', type: 'webhook', url: 'http://127.0.0.1:9/x' }],
    });
    expect(hook.status).toBe(422);
    expect(hook.error.code).toBe('OUTBOUND_BLOCKED');
    expect(hook.error.details[0].path).toBe('definition.steps.0.url');

    const trait = await refused({ entry: { dateTrait: 'nobodyHasThis' }, steps: [{ id: 'x', type: 'exit' }] });
    expect(trait.error.details[0].path).toBe('definition.entry.dateTrait');

    const branch = await refused({
      entry: { api: true },
      steps: [{ id: 'b', type: 'branch', rule: { nonsense: 1 }, yes: 'end', no: 'end' }],
    });
    expect(branch.error.code).toBe('JOURNEY_INVALID');
    expect(branch.error.details[0].path).toMatch(/^definition\.steps\.0\.rule/);
  });

  it('validate lists every problem with its step, shape problems included, and saves nothing', async () => {
    const before = (await ok('GET', '/journeys?limit=500')).data.length;
    const v = await ok('POST', '/journeys/validate', {
      definition: {
        entry: { api: true },
        steps: [
          { id: 'a', type: 'give_points', points: 1, next: 'ghost' },
          { id: 'b', type: 'exit' },
        ],
      },
    });
    expect(v.ok).toBe(false);
    expect(v.errors).toEqual([
      { path: 'definition.steps.0.next', stepId: 'a', message: expect.stringMatching(/dead end/) },
      { path: 'definition.steps.1', stepId: 'b', message: expect.stringMatching(/cannot be reached/) },
    ]);
    const shapeOnly = await ok('POST', '/journeys/validate', {
      definition: { entry: { api: true }, steps: [{ id: 'q', type: 'teleport' }] },
    });
    expect(shapeOnly).toMatchObject({ ok: false, errors: [{ path: 'definition.steps.0.type', stepId: 'q' }] });
    const good = await ok('POST', '/journeys/validate', {
      definition: { entry: { event: 'Signed Up' }, steps: [{ id: 'w1', type: 'wait', duration: '5s' }, send()] },
    });
    expect(good).toEqual({ ok: true, errors: [] });
    expect((await ok('GET', '/journeys?limit=500')).data.length).toBe(before);
  });

  it('versions keep people in flight on theirs; migrate moves them to the mapped step', async () => {
    const v1 = {
      entry: { api: true },
      steps: [{ id: 'w1', type: 'wait', duration: '30d' }, send()],
    };
    const j = await draft(v1, 'Versions');
    const pub1 = await ok('POST', `/journeys/${j.id}/publish`);
    expect(pub1).toMatchObject({ status: 'active', version: 1 });
    const p1 = await person();
    const e1 = await api('POST', `/journeys/${j.id}/enter`, { personId: p1 });
    expect(e1.status).toBe(202);
    expect(e1.body.runId).toBeTruthy();
    // Re-entry never: the second time is refused with the reason.
    expect((await api('POST', `/journeys/${j.id}/enter`, { personId: p1 })).body).toMatchObject({ runId: null });

    // v2: a new first wait; p1 stays on v1 at w1.
    const v2 = { ...v1, steps: [{ id: 'w0', type: 'wait', duration: '20d' }, ...v1.steps] };
    await ok('PATCH', `/journeys/${j.id}`, { definition: v2 });
    expect(await ok('POST', `/journeys/${j.id}/publish`)).toMatchObject({ version: 2 });
    const p2 = await person();
    await ok('POST', `/journeys/${j.id}/enter`, { personId: p2 });
    let runs = await run(j.id);
    expect(runs.map((r) => [r.person_id, r.version, r.step_id])).toEqual([
      [p1, 1, 'w1'],
      [p2, 2, 'w0'],
    ]);

    // v3 with migrate from v1: w1 → w1 (the same kind of wait keeps its timer).
    const timer = runs[0].due_at;
    const m = await api('POST', `/journeys/${j.id}/publish`, { migrate: { fromVersion: 1, map: { nope: 'w1' } } });
    expect(m.status).toBe(400);
    expect(m.body.error.details[0].path).toBe('migrate.map.nope');
    expect(
      (await api('POST', `/journeys/${j.id}/publish`, { migrate: { fromVersion: 9, map: {} } })).body.error.details[0]
        .path,
    ).toBe('migrate.fromVersion');
    expect(
      await ok('POST', `/journeys/${j.id}/publish`, { migrate: { fromVersion: 1, map: { w1: 'w1' } } }),
    ).toMatchObject({ version: 3 });
    runs = await run(j.id);
    expect(runs.map((r) => [r.person_id, r.version, r.step_id])).toEqual([
      [p1, 3, 'w1'],
      [p2, 2, 'w0'],
    ]);
    if (runs[0].state === 'waiting') expect(runs[0].due_at?.getTime()).toBe(timer?.getTime());
    // Mapped to another kind of step: due now there.
    await ok('POST', `/journeys/${j.id}/publish`, { migrate: { fromVersion: 2, map: { w0: 's1' } } });
    const moved = (await run(j.id)).find((r) => r.person_id === p2)!;
    expect(moved.version).toBe(4);
    // The send step is due now (the runtime may have run it already).
    expect(moved.step_id === 's1' || moved.state === 'completed').toBe(true);
    const versions = await ok('GET', `/journeys/${j.id}/versions`);
    expect(versions.data.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
  });

  it('pause keeps positions, resume continues, archive exits everyone in flight', async () => {
    const j = await draft({ entry: { api: true }, steps: [{ id: 'w', type: 'wait', duration: '30d' }, send()] });
    await ok('POST', `/journeys/${j.id}/publish`);
    const p = await person();
    await ok('POST', `/journeys/${j.id}/enter`, { personId: p });
    await env.kernel.engage.journeys.runtime?.activated(ws.id, j.id);
    const before = await run(j.id);
    expect(await ok('POST', `/journeys/${j.id}/pause`)).toMatchObject({ status: 'paused' });
    expect((await api('POST', `/journeys/${j.id}/enter`, { personId: await person() })).status).toBe(409);
    expect((await api('POST', `/journeys/${j.id}/pause`)).status).toBe(409);
    const paused = await run(j.id);
    expect(paused.map((r) => [r.step_id, r.version])).toEqual(before.map((r) => [r.step_id, r.version]));
    expect(paused[0].step_id).toBe('w');
    // Publishing a fix while paused makes the next version and keeps the journey paused.
    expect(await ok('POST', `/journeys/${j.id}/publish`)).toMatchObject({ status: 'paused', version: 2 });
    expect(await ok('POST', `/journeys/${j.id}/resume`)).toMatchObject({ status: 'active' });
    expect((await run(j.id))[0].step_id).toBe('w');
    expect((await api('DELETE', `/journeys/${j.id}`)).status).toBe(409);
    expect(await ok('POST', `/journeys/${j.id}/archive`)).toMatchObject({ status: 'archived' });
    expect((await run(j.id)).map((r) => [r.state, r.exit_reason])).toEqual([['exited', 'archived']]);
    expect((await api('PATCH', `/journeys/${j.id}`, { name: 'x' })).status).toBe(409);
    expect((await api('DELETE', `/journeys/${j.id}`)).status).toBe(204);
    expect(await run(j.id)).toEqual([]);
  });

  it('enter: 409 unless active and entered by API; 400 naming personId for a stranger', async () => {
    const ev = await draft({ entry: { event: 'Signed Up' }, steps: [{ id: 'w', type: 'wait', duration: '30d' }] });
    expect((await api('POST', `/journeys/${ev.id}/enter`, { personId: await person() })).status).toBe(409);
    await ok('POST', `/journeys/${ev.id}/publish`);
    expect((await api('POST', `/journeys/${ev.id}/enter`, { personId: await person() })).status).toBe(409);
    const j = await draft({ entry: { api: true }, steps: [{ id: 'w', type: 'wait', duration: '30d' }] });
    await ok('POST', `/journeys/${j.id}/publish`);
    const stranger = await api('POST', `/journeys/${j.id}/enter`, { personId: newId() });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details[0].path).toBe('personId');
    expect((await api('POST', `/journeys/${j.id}/enter`, {})).body.error.details[0].path).toBe('personId');
  });

  it('stats: per step, journey conversion against the hold-out and per branch, as planted', async () => {
    const def = {
      entry: { api: true },
      goal: { event: 'Order Completed' },
      controlPercent: 20,
      steps: [
        { id: 'w', type: 'wait', duration: '30d' },
        { id: 'b', type: 'branch', rule: { trait: 'vip', op: 'eq', value: true }, yes: 's1', no: 'x' },
        send('s1'),
        { id: 'x', type: 'exit' },
      ],
    };
    const j = await draft(def, 'Stats');
    await ok('POST', `/journeys/${j.id}/publish`);
    await ok('POST', `/journeys/${j.id}/pause`);
    // Planted: 10 treatment runs, 5 control runs.
    // t0,t1: waiting at w. t2..t5: w → b(yes) → s1 → completed; t2,t3 converted. t6..t8: w → b(no) → x → exited;
    // t6 converted (before the exit). t9: w → b(yes) → at s1 now (active).
    // Control: 5 runs, 2 converted.
    const now = Date.now();
    const at = (min: number) => new Date(now - 60_000 * (100 - min));
    const runs: Record<string, unknown>[] = [];
    const steps: Record<string, unknown>[] = [];
    const plant = (
      i: number,
      state: string,
      stepId: string | null,
      path: [string, string | null][],
      grp = 'treatment',
    ) => {
      const id = newId();
      const personId = newId();
      runs.push({
        workspace_id: ws.id,
        id,
        journey_id: j.id,
        version: 1,
        person_id: personId,
        grp,
        state,
        step_id: stepId,
        due_at: state === 'waiting' || state === 'active' ? new Date(now + 30 * 86_400_000) : null,
        step_entered_at: at(i),
        entered_at: at(i),
        finished_at: ['completed', 'exited', 'converted'].includes(state) ? at(50) : null,
        exit_reason:
          state === 'completed'
            ? 'completed'
            : state === 'exited'
              ? 'exit_step'
              : state === 'converted'
                ? 'goal'
                : null,
        entry_key: personId,
      });
      for (const [seq, [step, outcome]] of path.entries())
        steps.push({
          workspace_id: ws.id,
          run_id: id,
          seq,
          journey_id: j.id,
          version: 1,
          step_id: step,
          entered_at: at(i + seq),
          left_at: outcome ? at(i + seq + 1) : null,
          outcome,
        });
    };
    const done: [string, string | null][] = [
      ['w', 'next'],
      ['b', 'yes'],
      ['s1', 'next'],
    ];
    plant(0, 'waiting', 'w', [['w', null]]);
    plant(1, 'waiting', 'w', [['w', null]]);
    plant(2, 'converted', null, done);
    plant(3, 'converted', null, done);
    plant(4, 'completed', null, done);
    plant(5, 'completed', null, done);
    const no: [string, string | null][] = [
      ['w', 'next'],
      ['b', 'no'],
      ['x', 'exited'],
    ];
    plant(6, 'converted', null, no);
    plant(7, 'exited', null, no);
    plant(8, 'exited', null, no);
    plant(9, 'active', 's1', [
      ['w', 'next'],
      ['b', 'yes'],
      ['s1', null],
    ]);
    for (let i = 0; i < 5; i++) plant(20 + i, i < 2 ? 'converted' : 'waiting', null, [], 'control');
    await db()
      .insertInto('engage_journey_runs')
      .values(runs as never)
      .execute();
    await db()
      .insertInto('engage_journey_steps')
      .values(steps as never)
      .execute();

    const s = await ok('GET', `/journeys/${j.id}/stats`);
    expect(s.data).toEqual([
      { stepId: 'w', type: 'wait', entered: 10, waiting: 2, completed: 8, exited: 0, converted: 3 },
      { stepId: 'b', type: 'branch', entered: 8, waiting: 0, completed: 8, exited: 0, converted: 3 },
      { stepId: 's1', type: 'send', entered: 5, waiting: 1, completed: 4, exited: 0, converted: 2 },
      { stepId: 'x', type: 'exit', entered: 3, waiting: 0, completed: 0, exited: 3, converted: 1 },
    ]);
    expect(s.journey).toEqual({
      entered: 10,
      active: 3,
      completed: 2,
      exited: 2,
      converted: 3,
      conversionRate: 0.3,
      controlEntered: 5,
      controlConverted: 2,
      controlConversionRate: 0.4,
      uplift: expect.closeTo(-0.1, 10),
    });
    expect(s.branches).toEqual([
      { stepId: 'b', outcome: 'no', entered: 3, converted: 1, conversionRate: expect.closeTo(1 / 3, 10) },
      { stepId: 'b', outcome: 'yes', entered: 5, converted: 2, conversionRate: 0.4 },
    ]);
    // One version only: the same here; another version has nothing.
    expect((await ok('GET', `/journeys/${j.id}/stats?version=1`)).journey.entered).toBe(10);
    expect((await ok('GET', `/journeys/${j.id}/stats?version=2`)).journey.entered).toBe(0);
    expect((await ok('GET', `/journeys/${j.id}`)).counts).toEqual({ active: 6, total: 15 });

    // A person's journeys: the planted path of t9, its step types.
    const t9 = runs[9] as { person_id: string; id: string };
    await sql`INSERT INTO persons (workspace_id, id, traits) VALUES (${ws.id}, ${t9.person_id}, '{}'::jsonb)`.execute(
      db(),
    );
    const mine = await ok('GET', `/people/${t9.person_id}/journeys`);
    expect(mine.data).toMatchObject([
      {
        runId: t9.id,
        journeyId: j.id,
        journeyName: 'Stats',
        version: 1,
        group: 'treatment',
        state: 'active',
        stepId: 's1',
        steps: [
          { stepId: 'w', type: 'wait', outcome: 'next' },
          { stepId: 'b', type: 'branch', outcome: 'yes' },
          { stepId: 's1', type: 'send', outcome: null, leftAt: null },
        ],
      },
    ]);
    expect((await api('GET', `/people/${newId()}/journeys`)).status).toBe(404);
  });

  it('audits each change and names it for webhooks', async () => {
    const j = await draft({ entry: { api: true }, steps: [{ id: 'w', type: 'wait', duration: '30d' }] });
    await ok('POST', `/journeys/${j.id}/publish`);
    await ok('POST', `/journeys/${j.id}/pause`);
    await ok('POST', `/journeys/${j.id}/resume`);
    await ok('POST', `/journeys/${j.id}/archive`);
    const log = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', ws.id)
      .where('entity_type', '=', 'journey')
      .where('entity_id', '=', j.id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    expect(log.map((l) => l.action)).toEqual(['create', 'published', 'paused', 'resumed', 'archived']);
    // Another workspace sees none of it.
    const other = await env.workspace('journeys-other');
    const r = await api('GET', `/journeys/${j.id}`, undefined, other.auth);
    expect(r.status).toBe(404);
  });
});
