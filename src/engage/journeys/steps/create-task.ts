import { systemActor } from '../../../core/auth/actor.ts';
import { defaultNext, durationMs } from '../definition.ts';
import type { StepKind, StepResult } from './types.ts';
import { PERSON_GONE } from './types.ts';

/**
 * create_task: a CRM task about the person, in the batch's transaction, for the person's owner in
 * the CRM; with no owner, for the journey's creator (when a member of the workspace); else
 * unassigned. The detail says whose it is. Live ids and owners read once for the batch.
 */
export const createTask: StepKind<'create_task'> = {
  async runMany(ctx, items) {
    const live = await ctx.cache.liveIds(items.map((it) => it.run.person_id));
    const ids = [...new Set(live.values())];
    const owners = new Map(
      (ids.length ? await ctx.k.crm.people.rowsOf(ctx.ws, ids, ctx.trx) : []).map((r) => [
        r.person_id,
        r.owner_id ?? null,
      ]),
    );
    const members = new Map<string, boolean>();
    const out: StepResult[] = [];
    for (const { journey, run, step, index } of items) {
      const id = live.get(run.person_id);
      if (!id) {
        out.push(PERSON_GONE);
        continue;
      }
      let ownerId = owners.get(id) ?? null;
      let assignedTo: 'owner' | 'creator' | 'nobody' = ownerId ? 'owner' : 'nobody';
      const creator = journey.createdBy;
      if (!ownerId && creator && /^[0-9a-f-]{36}$/i.test(creator)) {
        let member = members.get(creator);
        if (member === undefined) {
          member = !!(await ctx.trx
            .selectFrom('workspace_members')
            .select('user_id')
            .where('workspace_id', '=', ctx.ws)
            .where('user_id', '=', creator)
            .executeTakeFirst());
          members.set(creator, member);
        }
        if (member) {
          ownerId = creator;
          assignedTo = 'creator';
        }
      }
      const task = await ctx.k.crm.activities.insert(ctx.trx, systemActor(ctx.ws, `journey:${journey.name}`), {
        kind: 'task',
        subject: step.title,
        body: step.note ?? null,
        personId: id,
        ownerId,
        dueAt: step.dueIn ? new Date(ctx.now.getTime() + durationMs(step.dueIn)) : null,
      });
      out.push({
        kind: 'next',
        outcome: 'next',
        next: defaultNext(journey.def, index),
        detail: { taskId: task.id, assigneeId: ownerId, assignedTo },
      });
    }
    return out;
  },
};
