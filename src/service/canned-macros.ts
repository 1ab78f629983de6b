import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { notFound } from '../core/errors.ts';
import { isUuid, newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Service } from './service.ts';
import { CONVERSATION_STATUSES, PRIORITIES, type ServiceMacrosTable } from './tables.ts';

export const macroActionsSchema = z
  .object({
    status: z.enum(CONVERSATION_STATUSES).exclude(['new']).optional(),
    priority: z.enum(PRIORITIES).optional(),
    teamId: z.uuid().nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    topic: z.string().trim().min(1).max(100).nullable().optional(),
    addTags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    removeTags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    /** The reply sent to the client (before the fields are set, so a 'solved' macro answers first). */
    reply: z.string().trim().min(1).max(10_000).optional(),
    /** An internal note instead of (or beside) the reply. */
    note: z.string().trim().min(1).max(10_000).optional(),
  })
  .strict();
export type MacroActions = z.infer<typeof macroActionsSchema>;

type Row = Selectable<ServiceMacrosTable>;
export const macroView = (r: Row) => ({
  id: r.id,
  name: r.name,
  actions: r.actions as MacroActions,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type MacroView = ReturnType<typeof macroView>;

/** Macros: one click sets fields and replies (e.g. "card blocked → template answer, solved"). */
export class Macros {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  async list(ws: string): Promise<MacroView[]> {
    const rows = await this.k.db
      .selectFrom('service_macros')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(macroView);
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<MacroView> {
    const row = await db
      .selectFrom('service_macros')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Macro');
    return macroView(row);
  }

  async create(actor: Actor, input: { name: string; actions: MacroActions }): Promise<MacroView> {
    await this.service.conversations.checkRefs(actor.workspaceId, input.actions);
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_macros')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          name: input.name,
          actions: JSON.stringify(input.actions),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = macroView(row);
      await this.k.audit.record(trx, actor, { action: 'create', entityType: 'macro', entityId: row.id, after: view });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: { name?: string; actions?: MacroActions }): Promise<MacroView> {
    const ws = actor.workspaceId;
    if (patch.actions) await this.service.conversations.checkRefs(ws, patch.actions);
    return this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.actions !== undefined) set.actions = JSON.stringify(patch.actions);
      if (!Object.keys(set).length) return before;
      const row = await trx
        .updateTable('service_macros')
        .set({ ...set, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = macroView(row);
      await this.k.audit.record(trx, actor, { action: 'update', entityType: 'macro', entityId: id, before, after });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      await trx.deleteFrom('service_macros').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, { action: 'delete', entityType: 'macro', entityId: id, before });
    });
  }

  /** POST /conversations/{id}/macros/{macroId}: the reply (and note), then the fields, in one transaction. */
  async apply(actor: Actor, conversationId: string, macroId: string) {
    const ws = actor.workspaceId;
    await this.service.conversations.row(this.k.db, ws, conversationId);
    if (!isUuid(macroId)) throw notFound('Macro');
    const macro = await this.get(ws, macroId);
    const a = macro.actions;
    await this.service.conversations.checkRefs(ws, a);
    await this.service.hooks.transact(async (trx, emit) => {
      const conv = await this.service.conversations.row(trx, ws, conversationId, true);
      if (a.reply) await this.service.messages.replyIn(trx, emit, actor, conversationId, { body: a.reply });
      if (a.note)
        await this.service.messages.replyIn(trx, emit, actor, conversationId, { body: a.note, internal: true });
      const remove = new Set(a.removeTags ?? []);
      const tags =
        a.addTags?.length || remove.size
          ? [...conv.tags, ...(a.addTags ?? [])].filter((t) => !remove.has(t))
          : undefined;
      await this.service.conversations.applyPatch(trx, emit, actor, conversationId, {
        ...(a.status ? { status: a.status } : {}),
        ...(a.priority ? { priority: a.priority } : {}),
        ...(a.teamId !== undefined ? { teamId: a.teamId } : {}),
        ...(a.assigneeId !== undefined ? { assigneeId: a.assigneeId } : {}),
        ...(a.topic !== undefined ? { topic: a.topic } : {}),
        ...(tags ? { tags } : {}),
      });
    });
    return this.service.conversations.get(ws, conversationId);
  }
}
