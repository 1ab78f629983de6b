import { sql } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import { invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { EngageBaseKernel } from './kernel.ts';

export interface GroupView {
  id: string;
  name: string;
  description: string | null;
  /** Persons who opted out of this group. */
  optOuts: number;
  createdAt: Date;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;

function checkText(path: string, v: string | null | undefined, max: number, required: boolean) {
  const t = v?.trim() ?? '';
  if (required && !t) throw invalid(path, 'must not be empty', 'REQUIRED');
  if (t.length > max) throw invalid(path, `at most ${max} characters`, 'TOO_LONG');
  return t || null;
}

/**
 * The preference centre's topics ("News", "Offers", …). A marketing template may belong to one
 * (templates.group_id); a person who opted out of a group gets none of its messages (the sender's
 * policy reads engage_group_optouts) while staying subscribed to the channel's other marketing.
 */
export class SubscriptionGroups {
  constructor(private k: EngageBaseKernel) {}

  private base(ws: string) {
    return this.k.db
      .selectFrom('engage_subscription_groups as g')
      .select(['g.id', 'g.name', 'g.description', 'g.created_at'])
      .select(
        sql<number>`(SELECT count(*)::int FROM engage_group_optouts o WHERE o.workspace_id = g.workspace_id AND o.group_id = g.id)`.as(
          'opt_outs',
        ),
      )
      .where('g.workspace_id', '=', ws);
  }

  private view(r: {
    id: string;
    name: string;
    description: string | null;
    created_at: Date;
    opt_outs: number;
  }): GroupView {
    return { id: r.id, name: r.name, description: r.description, optOuts: Number(r.opt_outs), createdAt: r.created_at };
  }

  async list(ws: string): Promise<GroupView[]> {
    const rows = await this.base(ws).orderBy('g.name').orderBy('g.id').execute();
    return rows.map((r) => this.view(r));
  }

  async get(ws: string, id: string): Promise<GroupView> {
    const r = await this.base(ws).where('g.id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Subscription group');
    return this.view(r);
  }

  async create(actor: Actor, input: { name: string; description?: string | null }): Promise<GroupView> {
    const name = checkText('name', input.name, MAX_NAME, true)!;
    const description = checkText('description', input.description, MAX_DESCRIPTION, false);
    const id = newId();
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('engage_subscription_groups')
        .values({ workspace_id: actor.workspaceId, id, name, description })
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'subscription_group',
        entityId: id,
        after: { name, description },
      });
    });
    return this.get(actor.workspaceId, id);
  }

  async update(actor: Actor, id: string, input: { name?: string; description?: string | null }): Promise<GroupView> {
    const before = await this.get(actor.workspaceId, id);
    const name = input.name !== undefined ? checkText('name', input.name, MAX_NAME, true)! : before.name;
    const description =
      input.description !== undefined
        ? checkText('description', input.description, MAX_DESCRIPTION, false)
        : before.description;
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('engage_subscription_groups')
        .set({ name, description })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'subscription_group',
        entityId: id,
        before: { name: before.name, description: before.description },
        after: { name, description },
      });
    });
    return this.get(actor.workspaceId, id);
  }

  /** Deletes the group and its opt-outs (its templates then belong to no group). */
  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.get(actor.workspaceId, id);
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('engage_group_optouts')
        .where('workspace_id', '=', actor.workspaceId)
        .where('group_id', '=', id)
        .execute();
      await trx
        .deleteFrom('engage_subscription_groups')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'subscription_group',
        entityId: id,
        before: { name: before.name, description: before.description },
      });
    });
  }

  /** Every group of the workspace and whether the person still receives it. */
  async forPerson(ws: string, personId: string) {
    const rows = await this.k.db
      .selectFrom('engage_subscription_groups as g')
      .leftJoin('engage_group_optouts as o', (j) =>
        j
          .onRef('o.workspace_id', '=', 'g.workspace_id')
          .onRef('o.group_id', '=', 'g.id')
          .on('o.person_id', '=', personId),
      )
      .select(['g.id', 'g.name', 'g.description', 'o.person_id as out'])
      .where('g.workspace_id', '=', ws)
      .orderBy('g.name')
      .orderBy('g.id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, subscribed: r.out === null }));
  }

  /** Opts the person out of `out` and back into `back`; returns the groups newly opted out of. */
  async setOptOuts(ws: string, personId: string, out: string[], back: string[]): Promise<string[]> {
    return this.k.db.transaction().execute(async (trx) => {
      if (back.length)
        await trx
          .deleteFrom('engage_group_optouts')
          .where('workspace_id', '=', ws)
          .where('person_id', '=', personId)
          .where('group_id', 'in', back)
          .execute();
      if (!out.length) return [];
      const added = await trx
        .insertInto('engage_group_optouts')
        .values(out.map((g) => ({ workspace_id: ws, group_id: g, person_id: personId })))
        .onConflict((c) => c.columns(['workspace_id', 'group_id', 'person_id']).doNothing())
        .returning('group_id')
        .execute();
      return added.map((a) => a.group_id);
    });
  }
}
