import { defaultNext } from '../definition.ts';
import type { StepKind } from './types.ts';

/** give_points: an earn entry in the loyalty ledger, in the run's transaction (key `jr:<run>:<step>:<seq>`). */
export const givePoints: StepKind<'give_points'> = {
  async run(ctx, step) {
    const live = await ctx.k.cdp.directory.liveId(ctx.trx, ctx.ws, ctx.run.person_id);
    if (!live)
      return { kind: 'exit', reason: 'error:person_gone', outcome: 'error', detail: { message: 'no such person' } };
    const [entry] = await ctx.k.loyalty.points.apply(
      ctx.trx,
      ctx.ws,
      live,
      [
        {
          type: 'earn',
          points: step.points,
          reason: step.reason ?? `Journey: ${ctx.journey.name}`,
          idempotencyKey: `jr:${ctx.run.id}:${step.id}:${ctx.seq}`,
          createdBy: 'journey',
        },
      ],
      ctx.now,
    );
    return {
      kind: 'next',
      outcome: 'next',
      next: defaultNext(ctx.journey.def, ctx.index),
      detail: { entryId: entry?.id ?? null, points: step.points },
    };
  },
};
