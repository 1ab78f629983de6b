import { defaultNext } from '../definition.ts';
import type { StepKind, StepResult } from './types.ts';
import { PERSON_GONE, groupBy } from './types.ts';

/**
 * update_trait: the CDP sets the trait in the batch's transaction — the live ids in one statement,
 * then one UPDATE per distinct (trait, value) for all its persons (directory.setTraitsOf); the
 * persons' segments follow (a job).
 */
export const updateTrait: StepKind<'update_trait'> = {
  async runMany(ctx, items) {
    // A person merged since entering: the survivor's traits.
    const live = await ctx.cache.liveIds(items.map((it) => it.run.person_id));
    const written = new Set<string>();
    for (const group of groupBy(items, (it) => JSON.stringify([it.step.trait, it.step.value ?? null])).values()) {
      const ids = group.map((it) => live.get(it.run.person_id)).filter((id): id is string => !!id);
      const { trait, value } = group[0].step;
      for (const id of await ctx.k.cdp.directory.setTraitsOf(ctx.trx, ctx.ws, ids, [{ path: trait, value }]))
        written.add(id);
    }
    return items.map(({ journey, run, step, index }): StepResult => {
      const id = live.get(run.person_id);
      if (!id || !written.has(id)) return PERSON_GONE;
      ctx.fx.traitsChanged.add(id);
      return { kind: 'next', outcome: 'next', next: defaultNext(journey.def, index), detail: { trait: step.trait } };
    });
  },
};
