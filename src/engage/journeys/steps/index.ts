import type { StepType } from '../definition.ts';
import { branch } from './branch.ts';
import { createTask } from './create-task.ts';
import { exit } from './exit.ts';
import { givePoints } from './give-points.ts';
import { send } from './send.ts';
import { split } from './split.ts';
import type { StepKind } from './types.ts';
import { updateTrait } from './update-trait.ts';
import { wait } from './wait.ts';
import { webhook } from './webhook.ts';

/** Every step kind's executor, by type. */
export const STEP_KINDS: { [T in StepType]: StepKind<T> } = {
  wait,
  branch,
  split,
  send,
  update_trait: updateTrait,
  give_points: givePoints,
  create_task: createTask,
  webhook,
  exit,
};
