import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiClient } from '../../../test/helpers.ts';
import { journeyKit, type JourneyKit } from '../../../test/journey-kit.ts';
import { isControl } from '../campaign-audience.ts';
import { matchWhere } from './entries.ts';
import { localParts, timeOnDate } from './timezones.ts';

/**
 * How people enter journeys: a tracked event (with property conditions, through the fold hook), a
 * segment enter, a date trait in the person's zone, the API; re-entry (never, after, always), the
 * frequency cap, consent and the control hold-out.
 */
describe('journeys: entries', () => {
  let kit: JourneyKit;
  const { ok } = apiClient(() => kit.env.app, { prefix: '/api/v1', auth: () => kit.ws.auth });
  const enter = (personId: string, id: string) => kit.env.kernel.engage.journeys.enter(kit.actor, id, { personId });
  const waitStep = [{ id: 'w', type: 'wait' as const, duration: '30d' }];

  beforeAll(async () => {
    kit = await journeyKit('journey-entries');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('an event with where-conditions enters once (re-entry never); other events do not', async () => {
    const p = await kit.person('en-ev');
    const id = await kit.journey('Signed up pro', {
      entry: { event: 'Signed Up', where: [{ property: 'plan', op: 'eq', value: 'pro' }] },
      steps: waitStep,
    });
    await kit.track('en-ev', 'Signed Up', { plan: 'free' });
    expect(await kit.runs(id)).toHaveLength(0);
    await kit.track('en-ev', 'Signed Up', { plan: 'pro' });
    await kit.track('en-ev', 'Signed Up', { plan: 'pro' });
    const runs = await kit.runs(id);
    expect(runs).toHaveLength(1);
    expect(runs[0].person_id).toBe(p);
    await kit.step();
    expect((await kit.runs(id))[0]).toMatchObject({ state: 'waiting', step_id: 'w' });
    expect((await kit.timeline(p))[0]).toMatchObject({ event: 'Journey Entered', properties: { journeyId: id } });
  });

  it('a segment enter enters the journey (in the membership transaction)', async () => {
    const seg = await ok('POST', '/segments', { name: 'Gold', rule: { trait: 'tier', op: 'eq', value: 'gold' } });
    const id = await kit.journey('Gold welcome', { entry: { segment: seg.id }, steps: waitStep });
    const p = await kit.person('en-seg', { tier: 'gold' });
    await kit.env.kernel.segments.follower.idle();
    expect((await kit.runs(id)).map((r) => r.person_id)).toEqual([p]);
  });

  it("a date trait: today in the person's zone (with the offset), due at the local time, once per date", async () => {
    const now = new Date();
    const tz = 'Asia/Kamchatka';
    const t = localParts(new Date(now.getTime() + 3 * 86_400_000), tz);
    const mmdd = `${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
    const p = await kit.person('en-date', { birthday: `1990-${mmdd}`, timezone: tz });
    await kit.person('en-date-other', { birthday: '1990-01-01' === `1990-${mmdd}` ? '1990-06-15' : '1990-01-01' });
    const id = await kit.journey('Birthday soon', {
      entry: { dateTrait: 'birthday', offsetDays: -3, at: '09:00' },
      reentry: { mode: 'always' },
      steps: waitStep,
    });
    // (The workers' periodic scan may have taken it first: once per date either way.)
    await kit.env.kernel.engage.journeys.runtime.entries.scanDates(now);
    expect(await kit.env.kernel.engage.journeys.runtime.entries.scanDates(now)).toBe(0);
    expect(await kit.runs(id)).toHaveLength(1);
    const [run] = await kit.runs(id);
    expect(run.person_id).toBe(p);
    // The entry's due time: the run's, or (once the runtime took its first step) that step's log row's.
    const first = await sql<{ due_at: Date }>`
      SELECT due_at FROM engage_journey_steps WHERE workspace_id = ${kit.ws.id} AND run_id = ${run.id} AND seq = 1`.execute(
      kit.env.kernel.db,
    );
    const due = new Date(first.rows[0]?.due_at ?? run.due_at!);
    const local = localParts(due, tz);
    // Today's 09:00 there, or at the scan (now) when that has passed.
    const today = localParts(now, tz);
    const nine = timeOnDate(
      `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
      '09:00',
      tz,
    );
    if (nine.getTime() > Date.now()) expect([local.hour, local.minute]).toEqual([9, 0]);
    else expect(due.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('re-entry after a span, always (not while in flight), the cap, consent', async () => {
    const a = await kit.person('en-re-a');
    const after = await kit.journey('After', {
      entry: { api: true },
      reentry: { mode: 'after', after: '1d' },
      steps: [{ id: 'x', type: 'exit' }],
    });
    expect((await enter(a, after)).runId).toBeTruthy();
    await kit.step();
    expect(await enter(a, after)).toEqual({ runId: null, reason: 'reentry' });
    await sql`UPDATE engage_journey_runs SET entered_at = entered_at - interval '2 days' WHERE journey_id = ${after}`.execute(
      kit.env.kernel.db,
    );
    expect((await enter(a, after)).runId).toBeTruthy();

    const always = await kit.journey('Always', {
      entry: { api: true },
      reentry: { mode: 'always' },
      steps: waitStep,
    });
    const b = await kit.person('en-re-b');
    expect((await enter(b, always)).runId).toBeTruthy();
    expect(await enter(b, always)).toEqual({ runId: null, reason: 'in_flight' });

    const capped = await kit.journey('Capped', {
      entry: { api: true },
      cap: { max: 2, within: '7d' },
      steps: waitStep,
    });
    // b entered one journey this week; a entered two ("After" twice): a is at the cap.
    expect((await enter(b, capped)).runId).toBeTruthy();
    expect(await enter(a, capped)).toEqual({ runId: null, reason: 'cap' });

    const consented = await kit.journey('Consent', {
      entry: { api: true },
      consent: { channel: 'telegram' },
      steps: waitStep,
    });
    const c = await kit.person('en-consent');
    expect(await enter(c, consented)).toEqual({ runId: null, reason: 'consent' });
    await kit.env.kernel.crm.consents.record(kit.actor, c, {
      channel: 'messenger',
      purpose: 'marketing',
      granted: true,
      source: 'test',
    });
    expect((await enter(c, consented)).runId).toBeTruthy();
  });

  it('the hold-out: control runs wait with no step and are never claimed', async () => {
    const id = await kit.journey('Holdout', {
      entry: { api: true },
      controlPercent: 50,
      steps: [{ id: 't', type: 'update_trait', trait: 'treated', value: true }],
    });
    const persons = await Promise.all(Array.from({ length: 10 }, (_, i) => kit.person(`en-ho-${i}`)));
    for (const p of persons) await enter(p, id);
    await kit.step();
    const runs = await kit.runs(id);
    for (const r of runs) {
      const control = isControl(id, r.person_id, 50);
      expect(r.grp).toBe(control ? 'control' : 'treatment');
      expect(r.state).toBe(control ? 'waiting' : 'completed');
      if (control) expect(r).toMatchObject({ step_id: null, due_at: null });
      const traits = (await kit.env.kernel.cdp.getPerson(kit.ws.id, r.person_id)).traits;
      expect(traits.treated ?? false).toBe(!control);
    }
  });

  it('where-conditions match as the segments compiler does', () => {
    const props = {
      total: '150',
      items: [{ cat: 'vit' }, { cat: 'tea' }],
      tags: ['a', 'b'],
      at: '2026-01-10T00:00:00Z',
    };
    expect(matchWhere(props, [{ property: 'total', op: 'gte', value: 100 }])).toBe(true);
    expect(matchWhere(props, [{ property: 'total', op: 'eq', value: 150 }])).toBe(false);
    expect(matchWhere(props, [{ property: 'items.*.cat', op: 'eq', value: 'tea' }])).toBe(true);
    expect(matchWhere(props, [{ property: 'tags', op: 'contains', value: 'b' }])).toBe(true);
    expect(matchWhere(props, [{ property: 'missing', op: 'neq', value: 1 }])).toBe(true);
    expect(matchWhere(props, [{ property: 'missing', op: 'notExists' }])).toBe(true);
    expect(matchWhere(props, [{ property: 'at', op: 'after', value: '2026-01-01T00:00:00Z' }])).toBe(true);
    expect(matchWhere(props, [{ property: 'total', op: 'in', value: ['150', '200'] }])).toBe(true);
  });
});
