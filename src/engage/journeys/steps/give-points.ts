import { defaultNext } from '../definition.ts';
import type { StepKind, StepResult } from './types.ts';
import { PERSON_GONE } from './types.ts';

/**
 * give_points: an earn entry in the loyalty ledger, in the batch's transaction (key
 * `jr:<run>:<step>:<seq>`). The live ids in one statement; the ledger locks and writes per person
 * (its balance and expiring lots are per person).
 */
export const givePoints: StepKind<'give_points'> = {
  async runMany(ctx, items) {
    const live = await ctx.cache.liveIds(items.map((it) => it.run.person_id));
    const out: StepResult[] = [];
    for (const { journey, run, step, index, seq } of items) {
      const id = live.get(run.person_id);
      if (!id) {
        out.push(PERSON_GONE);
        continue;
      }
      const [entry] = await ctx.k.loyalty.points.apply(
        ctx.trx,
        ctx.ws,
        id,
        [
          {
            type: 'earn',
            points: step.points,
            reason: step.reason ?? `Journey: ${journey.name}`,
            idempotencyKey: `jr:${run.id}:${step.id}:${seq}`,
            createdBy: 'journey',
          },
        ],
        ctx.now,
      );
      out.push({
        kind: 'next',
        outcome: 'next',
        next: defaultNext(journey.def, index),
        detail: { entryId: entry?.id ?? null, points: step.points },
      });
    }
    return out;
  },
};
