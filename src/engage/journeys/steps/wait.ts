import { defaultNext, durationMs } from '../definition.ts';
import { knownZone, nextTimeOfDay } from '../timezones.ts';
import type { BatchContext, StepKind, StepResult } from './types.ts';

/**
 * wait: a duration; until a time of day in a zone (the step's, else the person's `timezone`
 * trait, else the workspace's messaging time zone); or for an event or a segment change with a
 * timeout. The run waits in the database (state 'waiting', due_at its timer); the fold hook or the
 * membership listener (entries.ts) sets `fired` and makes it due at once. For a batch: the timers
 * are computed here, the persons' traits (for their zones) read in one statement.
 */
export const wait: StepKind<'wait'> = {
  async runMany(ctx, items) {
    const needZone = items.filter((it) => it.step.until !== undefined && !knownZone(it.step.until.timezone));
    const traits = needZone.length ? await ctx.cache.traits(needZone.map((it) => it.run.person_id)) : new Map();
    const fallback = needZone.length ? await workspaceZone(ctx) : 'UTC';
    const out: StepResult[] = [];
    for (const { journey, run, step, index } of items) {
      if (step.duration !== undefined) {
        out.push({ kind: 'wait', dueAt: new Date(ctx.now.getTime() + durationMs(step.duration)), waitingFor: null });
        continue;
      }
      if (step.until !== undefined) {
        const tz = knownZone(step.until.timezone)
          ? step.until.timezone
          : personZone(traits.get(run.person_id), fallback);
        out.push({
          kind: 'wait',
          dueAt: nextTimeOfDay(ctx.now, step.until.time, tz),
          waitingFor: null,
          detail: { timezone: tz },
        });
        continue;
      }
      const f = step.for!;
      const dueAt = new Date(ctx.now.getTime() + durationMs(step.timeout!));
      if ('segment' in f) {
        const entered = f.entered ?? true;
        // Already where it waits for: no change will come, it goes on now.
        const inNow = (await ctx.k.segments.segmentsOf(ctx.ws, run.person_id, ctx.trx)).includes(f.segment);
        if (inNow === entered)
          out.push({ kind: 'next', outcome: 'event', next: step.next ?? defaultNext(journey.def, index) });
        else out.push({ kind: 'wait', dueAt, waitingFor: { segment: f.segment, entered } });
        continue;
      }
      out.push({ kind: 'wait', dueAt, waitingFor: { event: f.event, ...(f.where ? { where: f.where } : {}) } });
    }
    return out;
  },
  resume({ journey, step, index }, why) {
    const next = defaultNext(journey.def, index);
    if (step.for === undefined) return { kind: 'next', outcome: 'next', next };
    if (why === 'timer') return { kind: 'next', outcome: 'timeout', next: step.timeoutNext ?? next };
    return { kind: 'next', outcome: 'event', next };
  },
};

function personZone(traits: Record<string, unknown> | undefined, fallback: string): string {
  for (const key of ['timezone', 'time_zone', 'timeZone']) if (knownZone(traits?.[key])) return traits?.[key] as string;
  return fallback;
}

async function workspaceZone(ctx: BatchContext): Promise<string> {
  const ws = (await ctx.cache.policy()).timezone;
  return knownZone(ws) ? ws : 'UTC';
}
