import type { Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmCallScriptsTable } from './tables.ts';

export interface CallScriptInput {
  name: string;
  body?: string;
  steps?: { title: string; text: string }[];
  active?: boolean;
}

const view = (r: Selectable<CrmCallScriptsTable>) => ({
  id: r.id,
  name: r.name,
  body: r.body,
  steps: r.steps ?? [],
  active: r.active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type CallScriptView = ReturnType<typeof view>;

/** What an operator reads out on a call, step by step; calls record which script they followed. */
export class CallScripts {
  constructor(private deps: CrmDeps) {}

  async list(ws: string, q: { active?: boolean } = {}) {
    let query = this.deps.db
      .selectFrom('crm_call_scripts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null);
    if (q.active !== undefined) query = query.where('active', '=', q.active);
    return (await query.orderBy('name').orderBy('id').execute()).map(view);
  }

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    const r = await trx
      .selectFrom('crm_call_scripts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!r) throw notFound('Call script');
    return view(r);
  }

  async create(actor: Actor, input: CallScriptInput) {
    return this.deps.db.transaction().execute(async (trx) => {
      const id = newId();
      await trx
        .insertInto('crm_call_scripts')
        .values({
          workspace_id: actor.workspaceId,
          id,
          name: input.name,
          body: input.body ?? '',
          steps: JSON.stringify(input.steps ?? []),
          active: input.active ?? true,
        })
        .execute();
      const after = await this.get(actor.workspaceId, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'call_script',
        entityId: id,
        after,
        record: after,
      });
      return after;
    });
  }

  async update(actor: Actor, id: string, input: Partial<CallScriptInput>) {
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(actor.workspaceId, id, trx);
      await trx
        .updateTable('crm_call_scripts')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.steps !== undefined ? { steps: JSON.stringify(input.steps) } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      const after = await this.get(actor.workspaceId, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'call_script',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /** Soft delete: calls made with the script keep pointing at it. */
  async delete(actor: Actor, id: string) {
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(actor.workspaceId, id, trx);
      const now = new Date();
      await trx
        .updateTable('crm_call_scripts')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'call_script',
        entityId: id,
        before,
        after: null,
        record: before,
      });
    });
  }
}
