import { defaultNext, durationMs } from '../definition.ts';
import { knownZone, nextTimeOfDay } from '../timezones.ts';
import type { StepContext, StepKind } from './types.ts';

/**
 * wait: a duration; until a time of day in a zone (the step's, else the person's `timezone`
 * trait, else the workspace's messaging time zone); or for an event or a segment change with a
 * timeout. The run waits in the database (state 'waiting', due_at its timer); the fold hook or the
 * membership listener (entries.ts) sets `fired` and makes it due at once.
 */
export const wait: StepKind<'wait'> = {
  async run(ctx, step) {
    if (step.duration !== undefined)
      return { kind: 'wait', dueAt: new Date(ctx.now.getTime() + durationMs(step.duration)), waitingFor: null };
    if (step.until !== undefined) {
      const tz = await zoneOf(ctx, step.until.timezone);
      return {
        kind: 'wait',
        dueAt: nextTimeOfDay(ctx.now, step.until.time, tz),
        waitingFor: null,
        detail: { timezone: tz },
      };
    }
    const f = step.for!;
    const dueAt = new Date(ctx.now.getTime() + durationMs(step.timeout!));
    if ('segment' in f) {
      const entered = f.entered ?? true;
      // Already where it waits for: no change will come, it goes on now.
      const inNow = (await ctx.k.segments.segmentsOf(ctx.ws, ctx.run.person_id, ctx.trx)).includes(f.segment);
      if (inNow === entered)
        return { kind: 'next', outcome: 'event', next: step.next ?? defaultNext(ctx.journey.def, ctx.index) };
      return { kind: 'wait', dueAt, waitingFor: { segment: f.segment, entered } };
    }
    return { kind: 'wait', dueAt, waitingFor: { event: f.event, ...(f.where ? { where: f.where } : {}) } };
  },
  resume(ctx, step, why) {
    const next = defaultNext(ctx.journey.def, ctx.index);
    if (step.for === undefined) return { kind: 'next', outcome: 'next', next };
    if (why === 'timer') return { kind: 'next', outcome: 'timeout', next: step.timeoutNext ?? next };
    return { kind: 'next', outcome: 'event', next };
  },
};

async function zoneOf(ctx: StepContext, given: string | undefined): Promise<string> {
  if (knownZone(given)) return given;
  const traits = await ctx.cache.traits(ctx.run.person_id);
  for (const key of ['timezone', 'time_zone', 'timeZone']) if (knownZone(traits[key])) return traits[key] as string;
  const ws = (await ctx.cache.policy()).timezone;
  return knownZone(ws) ? ws : 'UTC';
}
