import type { StepKind } from './types.ts';

/** branch: the rule (the segments grammar) evaluated now for this person: `yes` or `no`. */
export const branch: StepKind<'branch'> = {
  async run(ctx, step) {
    const hit = await ctx.k.segments.matches(ctx.ws, step.rule, [ctx.run.person_id], ctx.trx, ctx.now);
    const yes = hit.has(ctx.run.person_id);
    return { kind: 'next', outcome: yes ? 'yes' : 'no', next: yes ? step.yes : step.no };
  },
};
