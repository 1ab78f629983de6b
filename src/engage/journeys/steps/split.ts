import { BUCKETS, bucketOf } from '../../campaign-audience.ts';
import type { StepKind, StepResult } from './types.ts';

/**
 * split: A/B/n by shares (adding up to 100), stable per person: the bucket of
 * md5("<journey>:<step>:<person>") as campaigns compute theirs (campaign-audience.ts). No statement.
 */
export const split: StepKind<'split'> = {
  async runMany(_ctx, items) {
    return items.map(({ journey, run, step }): StepResult => {
      const b = bucketOf(journey.id, run.person_id, `${step.id}:`);
      let upTo = 0;
      for (const br of step.branches) {
        upTo += (br.share * BUCKETS) / 100;
        if (b < upTo) return { kind: 'next', outcome: br.key, next: br.next };
      }
      const last = step.branches[step.branches.length - 1];
      return { kind: 'next', outcome: last.key, next: last.next };
    });
  },
};
