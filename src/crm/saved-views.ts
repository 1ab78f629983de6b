import type { Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, notFound, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmSavedViewsTable } from './tables.ts';

export const VIEW_ENTITIES = ['person', 'company', 'deal'] as const;
export type ViewEntity = (typeof VIEW_ENTITIES)[number];

/**
 * The columns a saved people view may show, in the list's order of choice: the person's fields as
 * the API names them, and `cf.KEY` for each of the workspace's person custom fields. An empty list
 * (every view saved before columns could be chosen) means the list's default columns.
 */
export const PERSON_VIEW_COLUMNS = [
  'name',
  'emails',
  'phones',
  'company',
  'position',
  'owner',
  'lifecycleStage',
  'source',
  'city',
  'region',
  'country',
  'tags',
  'createdAt',
  'updatedAt',
] as const;

type Row = Selectable<CrmSavedViewsTable>;
const view = (r: Row) => ({
  id: r.id,
  entity: r.entity as ViewEntity,
  name: r.name,
  query: r.query,
  columns: r.columns,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * A user's saved list views (filters, sort, columns): private to their owner (the user, or the
 * API key that made them), so one manager's "My hot leads" does not clutter another's list.
 */
export class SavedViews {
  constructor(private deps: CrmDeps) {}

  private owner(actor: Actor): string {
    if (!actor.id) throw new AppError('FORBIDDEN', 'Saved views belong to a user or an API key');
    return actor.id;
  }

  /**
   * A people view's columns must be ones the list can show (see PERSON_VIEW_COLUMNS), each once;
   * otherwise 400 naming `columns.N`. Company and deal views keep their columns as given.
   */
  private async checkColumns(trx: DbOrTx, actor: Actor, entity: string, columns: string[] | undefined) {
    if (!columns?.length || entity !== 'person') return;
    const cfKeys = columns.some((c) => c.startsWith('cf.'))
      ? new Set(
          (
            await trx
              .selectFrom('crm_custom_fields')
              .select('key')
              .where('workspace_id', '=', actor.workspaceId)
              .where('entity', '=', 'person')
              .execute()
          ).map((r) => r.key),
        )
      : new Set<string>();
    const known = (c: string) =>
      (PERSON_VIEW_COLUMNS as readonly string[]).includes(c) || (c.startsWith('cf.') && cfKeys.has(c.slice(3)));
    const seen = new Set<string>();
    const problems: ErrorDetail[] = [];
    columns.forEach((c, i) => {
      if (!known(c))
        problems.push({
          path: `columns.${i}`,
          message: c.startsWith('cf.') ? `unknown custom field "${c.slice(3)}"` : `unknown column "${c}"`,
        });
      else if (seen.has(c)) problems.push({ path: `columns.${i}`, message: `column "${c}" is listed twice` });
      seen.add(c);
    });
    if (problems.length)
      throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }

  async list(actor: Actor, entity?: ViewEntity) {
    let q = this.deps.db
      .selectFrom('crm_saved_views')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('user_id', '=', this.owner(actor));
    if (entity) q = q.where('entity', '=', entity);
    return (await q.orderBy('entity').orderBy('created_at').execute()).map(view);
  }

  private async row(trx: DbOrTx, actor: Actor, id: string) {
    const r = await trx
      .selectFrom('crm_saved_views')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .where('user_id', '=', this.owner(actor))
      .executeTakeFirst();
    if (!r) throw notFound('Saved view');
    return r;
  }

  async get(actor: Actor, id: string) {
    return view(await this.row(this.deps.db, actor, id));
  }

  async create(
    actor: Actor,
    input: { entity: ViewEntity; name: string; query?: Record<string, unknown>; columns?: string[] },
  ) {
    return this.deps.db.transaction().execute(async (trx) => {
      await this.checkColumns(trx, actor, input.entity, input.columns);
      const row = await trx
        .insertInto('crm_saved_views')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          user_id: this.owner(actor),
          entity: input.entity,
          name: input.name,
          query: JSON.stringify(input.query ?? {}),
          columns: JSON.stringify(input.columns ?? []),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = view(row);
      await this.deps.audit.record(trx, actor, { action: 'create', entityType: 'saved_view', entityId: row.id, after });
      return after;
    });
  }

  async update(
    actor: Actor,
    id: string,
    input: { name?: string; query?: Record<string, unknown>; columns?: string[] },
  ) {
    return this.deps.db.transaction().execute(async (trx) => {
      const before = view(await this.row(trx, actor, id));
      await this.checkColumns(trx, actor, before.entity, input.columns);
      const set: Record<string, unknown> = {};
      if (input.name !== undefined) set.name = input.name;
      if (input.query !== undefined) set.query = JSON.stringify(input.query);
      if (input.columns !== undefined) set.columns = JSON.stringify(input.columns);
      if (!Object.keys(set).length) return before;
      set.updated_at = new Date();
      const row = await trx
        .updateTable('crm_saved_views')
        .set(set)
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = view(row);
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'saved_view',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string) {
    await this.deps.db.transaction().execute(async (trx) => {
      const before = view(await this.row(trx, actor, id));
      await trx
        .deleteFrom('crm_saved_views')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(trx, actor, { action: 'delete', entityType: 'saved_view', entityId: id, before });
    });
  }
}
