import type { StepKind } from './types.ts';

/** exit: the run leaves the journey here (exit_reason 'exit_step'). */
export const exit: StepKind<'exit'> = {
  async runMany(_ctx, items) {
    return items.map(() => ({ kind: 'exit', reason: 'exit_step', outcome: 'exited' }));
  },
};
