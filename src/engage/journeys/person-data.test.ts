import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { journeyKit, type JourneyKit } from '../../../test/journey-kit.ts';

/**
 * A person's erase and merge reach their journey runs (person-data.ts): the erased person's runs
 * exit and keep nothing that points at them; a merged-away person's runs follow the survivor (one
 * of two runs in flight in the same journey exits).
 */
describe('journeys: erased and merged persons', () => {
  let kit: JourneyKit;
  const DAY = 86_400_000;
  const waitThenTrait = (trait: string) => ({
    entry: { api: true as const },
    steps: [
      { id: 'w', type: 'wait' as const, duration: '30d' },
      { id: 't', type: 'update_trait' as const, trait, value: true },
    ],
  });
  const enter = (personId: string, id: string) => kit.env.kernel.engage.journeys.enter(kit.actor, id, { personId });
  const runById = async (id: string) =>
    (
      await sql<{ person_id: string; state: string; exit_reason: string | null; entry_key: string }>`
        SELECT person_id, state, exit_reason, entry_key FROM engage_journey_runs WHERE id = ${id}`.execute(
        kit.env.kernel.db,
      )
    ).rows[0];

  beforeAll(async () => {
    kit = await journeyKit('journey-person-data');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('an erased person: runs in flight exit, the open step closes, no run names them any more', async () => {
    const gone = await kit.person('pd-erased', { email: 'erased@example.org' });
    const stays = await kit.person('pd-stays');
    const id = await kit.journey('Erase me', waitThenTrait('erasedTrait'));
    await enter(gone, id);
    await enter(stays, id);
    await kit.step();
    const [runGone] = (await kit.runs(id)).filter((r) => r.person_id === gone);
    const exported = (await kit.env.kernel.privacy.export(kit.ws.id, gone)) as any;
    expect(exported.modules['engage-journeys'].journeyRuns).toMatchObject([{ journeyId: id, state: 'waiting' }]);

    const erased = (await kit.env.kernel.privacy.erase(kit.actor, gone)) as any;
    expect(JSON.stringify(erased)).toContain('journeyRuns');
    const after = await runById(runGone.id);
    expect(after).toMatchObject({ state: 'exited', exit_reason: 'person_erased', entry_key: `erased:${runGone.id}` });
    expect(after.person_id).not.toBe(gone);
    expect((await kit.log(runGone.id)).map((l) => [l.step_id, l.outcome])).toEqual([['w', 'exited']]);
    // The other person goes on when the timer comes; the erased one's run is not claimed again.
    await kit.step(new Date(Date.now() + 31 * DAY));
    expect((await kit.runs(id)).map((r) => [r.person_id === stays, r.state]).sort()).toEqual([
      [false, 'exited'],
      [true, 'completed'],
    ]);
  });

  it('a merged person: runs follow the survivor; both in flight in one journey, one goes on', async () => {
    const from = await kit.person('pd-from');
    const into = await kit.person('pd-into');
    const both = await kit.journey('Both in', waitThenTrait('bothTrait'));
    const fromOnly = await kit.journey('From only', waitThenTrait('fromOnlyTrait'));
    await enter(from, both);
    await enter(into, both);
    await enter(from, fromOnly);
    await kit.step();
    const fromRun = (await kit.runs(both)).find((r) => r.person_id === from)!;

    await kit.env.kernel.db
      .transaction()
      .execute((trx) => kit.env.kernel.cdp.mergeIn(trx, kit.actor, from, into, 'journey test'));

    expect(await runById(fromRun.id)).toMatchObject({ person_id: into, state: 'exited', exit_reason: 'merged' });
    expect((await kit.runs(both)).filter((r) => r.state === 'waiting').map((r) => r.person_id)).toEqual([into]);
    expect((await kit.runs(fromOnly)).map((r) => [r.person_id, r.state])).toEqual([[into, 'waiting']]);

    await kit.step(new Date(Date.now() + 31 * DAY));
    expect((await kit.runs(fromOnly)).map((r) => r.state)).toEqual(['completed']);
    const traits = (await kit.env.kernel.cdp.getPerson(kit.ws.id, into)).traits as Record<string, unknown>;
    expect(traits).toMatchObject({ bothTrait: true, fromOnlyTrait: true });
    // The survivor's timeline has the exited run and the moved run's steps.
    const timeline = await kit.timeline(into);
    expect(timeline.some((e) => e.event === 'Journey Exited' && e.properties.reason === 'merged')).toBe(true);
    expect(
      timeline.some(
        (e) => e.event === 'Journey Step' && e.properties.journeyId === fromOnly && e.properties.stepId === 't',
      ),
    ).toBe(true);
  });
});
