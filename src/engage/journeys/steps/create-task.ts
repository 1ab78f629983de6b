import { systemActor } from '../../../core/auth/actor.ts';
import { defaultNext, durationMs } from '../definition.ts';
import type { StepKind } from './types.ts';

/**
 * create_task: a CRM task about the person, in the run's transaction, for the person's owner in
 * the CRM; with no owner, for the journey's creator (when a member of the workspace); else
 * unassigned. The detail says whose it is.
 */
export const createTask: StepKind<'create_task'> = {
  async run(ctx, step) {
    const live = await ctx.k.cdp.directory.liveId(ctx.trx, ctx.ws, ctx.run.person_id);
    if (!live)
      return { kind: 'exit', reason: 'error:person_gone', outcome: 'error', detail: { message: 'no such person' } };
    const [row] = await ctx.k.crm.people.rowsOf(ctx.ws, [live], ctx.trx);
    let ownerId = row?.owner_id ?? null;
    let assignedTo: 'owner' | 'creator' | 'nobody' = ownerId ? 'owner' : 'nobody';
    const creator = ctx.journey.createdBy;
    if (!ownerId && creator && /^[0-9a-f-]{36}$/i.test(creator)) {
      const member = await ctx.trx
        .selectFrom('workspace_members')
        .select('user_id')
        .where('workspace_id', '=', ctx.ws)
        .where('user_id', '=', creator)
        .executeTakeFirst();
      if (member) {
        ownerId = creator;
        assignedTo = 'creator';
      }
    }
    const task = await ctx.k.crm.activities.insert(ctx.trx, systemActor(ctx.ws, `journey:${ctx.journey.name}`), {
      kind: 'task',
      subject: step.title,
      body: step.note ?? null,
      personId: live,
      ownerId,
      dueAt: step.dueIn ? new Date(ctx.now.getTime() + durationMs(step.dueIn)) : null,
    });
    return {
      kind: 'next',
      outcome: 'next',
      next: defaultNext(ctx.journey.def, ctx.index),
      detail: { taskId: task.id, assigneeId: ownerId, assignedTo },
    };
  },
};
