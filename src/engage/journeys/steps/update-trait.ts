import { defaultNext } from '../definition.ts';
import type { StepKind } from './types.ts';

/** update_trait: the CDP sets the trait in the run's transaction; the person's segments follow (a job). */
export const updateTrait: StepKind<'update_trait'> = {
  async run(ctx, step) {
    // A person merged since entering: the survivor's traits.
    const live = (await ctx.k.cdp.directory.liveId(ctx.trx, ctx.ws, ctx.run.person_id)) ?? ctx.run.person_id;
    const ok = await ctx.k.cdp.directory.setTraits(ctx.trx, ctx.ws, live, [{ path: step.trait, value: step.value }]);
    if (!ok)
      return { kind: 'exit', reason: 'error:person_gone', outcome: 'error', detail: { message: 'no such person' } };
    ctx.fx.traitsChanged.add(live);
    return {
      kind: 'next',
      outcome: 'next',
      next: defaultNext(ctx.journey.def, ctx.index),
      detail: { trait: step.trait },
    };
  },
};
