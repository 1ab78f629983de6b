import type { Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { ServiceCannedResponsesTable } from './tables.ts';

type Row = Selectable<ServiceCannedResponsesTable>;
export const cannedView = (r: Row) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  shortcut: r.shortcut,
  language: r.language,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type CannedView = ReturnType<typeof cannedView>;
export interface CannedInput {
  title: string;
  body: string;
  shortcut?: string | null;
  language?: string | null;
}

/** Canned responses: texts an agent inserts into a reply (by shortcut or search). */
export class Canned {
  constructor(private k: ServiceBaseKernel) {}

  async list(ws: string, q?: { q?: string; language?: string }): Promise<CannedView[]> {
    let query = this.k.db.selectFrom('service_canned_responses').selectAll().where('workspace_id', '=', ws);
    if (q?.language) query = query.where('language', '=', q.language);
    if (q?.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([eb('title', 'ilike', like), eb('shortcut', 'ilike', like), eb('body', 'ilike', like)]),
      );
    }
    const rows = await query.orderBy('title').orderBy('id').limit(500).execute();
    return rows.map(cannedView);
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<CannedView> {
    const row = await db
      .selectFrom('service_canned_responses')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Canned response');
    return cannedView(row);
  }

  async create(actor: Actor, input: CannedInput): Promise<CannedView> {
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_canned_responses')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          title: input.title,
          body: input.body,
          shortcut: input.shortcut ?? null,
          language: input.language ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = cannedView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'canned_response',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<CannedInput>): Promise<CannedView> {
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const set: Record<string, unknown> = {};
      for (const f of ['title', 'body', 'shortcut', 'language'] as const) if (patch[f] !== undefined) set[f] = patch[f];
      if (!Object.keys(set).length) return before;
      const row = await trx
        .updateTable('service_canned_responses')
        .set({ ...set, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = cannedView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'canned_response',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      await trx.deleteFrom('service_canned_responses').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, { action: 'delete', entityType: 'canned_response', entityId: id, before });
    });
  }
}
