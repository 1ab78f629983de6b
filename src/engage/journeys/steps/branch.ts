import type { StepKind } from './types.ts';
import { groupBy } from './types.ts';

/**
 * branch: the rule (the segments grammar) evaluated now: `yes` or `no`. One `segments.matches`
 * per branch step of the batch, for all its persons.
 */
export const branch: StepKind<'branch'> = {
  async runMany(ctx, items) {
    const yes = new Map<(typeof items)[number], boolean>();
    for (const group of groupBy(items, (it) => `${it.journey.id}:${it.journey.version}:${it.step.id}`).values()) {
      const persons = [...new Set(group.map((it) => it.run.person_id))];
      const hit = await ctx.k.segments.matches(ctx.ws, group[0].step.rule, persons, ctx.trx, ctx.now);
      for (const it of group) yes.set(it, hit.has(it.run.person_id));
    }
    return items.map((it) =>
      yes.get(it)
        ? { kind: 'next', outcome: 'yes', next: it.step.yes }
        : { kind: 'next', outcome: 'no', next: it.step.no },
    );
  },
};
