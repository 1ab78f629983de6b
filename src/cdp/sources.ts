import type { Selectable } from 'kysely';
import type { Db, DbOrTx } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Actor } from '../core/auth/actor.ts';
import { notFound } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import type { SourcesTable } from './tables.ts';

export const SOURCE_KINDS = ['web', 'mobile', 'server', 'pos', 'crm', 'import'] as const;
export const ORIGINS = ['first', 'second', 'third'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type Origin = (typeof ORIGINS)[number];

/** What a write key resolves to on the hot path. */
export interface SourceAuth {
  id: string;
  workspaceId: string;
  name: string;
  /** The source kind (web, crm, …): what the workspace's traitPrecedence setting ranks. */
  kind: string;
  origin: string;
  disabled: boolean;
}

const WRITE_KEY_CACHE_MS = 5_000;

const sourceView = (r: Selectable<SourcesTable>) => ({
  id: r.id,
  name: r.name,
  kind: r.kind as SourceKind,
  origin: r.origin as Origin,
  writeKey: r.write_key,
  disabled: r.disabled_at !== null,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type SourceView = ReturnType<typeof sourceView>;

/** Sources and their write keys; the tracking API authenticates through here on every request. */
export class Sources {
  private keyCache = new Map<string, { source: SourceAuth | null; until: number }>();

  constructor(
    private db: Db,
    private audit: Audit,
  ) {}

  async createSource(actor: Actor, input: { name: string; kind: SourceKind; origin?: Origin }) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('sources')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          name: input.name.trim(),
          kind: input.kind,
          origin: input.origin ?? 'first',
          write_key: newWriteKey(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = sourceView(row);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'source',
        entityId: row.id,
        after: view,
        redact: ['writeKey'],
        record: view,
      });
      return view;
    });
  }

  async listSources(workspaceId: string) {
    // The built-in source other modules append timeline entries through (directory.ts) takes no
    // tracking calls and has no key to hand out, so it is not listed.
    const rows = await this.db
      .selectFrom('sources')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('write_key', 'not like', 'wk\\_internal\\_%')
      .orderBy('id')
      .execute();
    return rows.map(sourceView);
  }

  async getSource(workspaceId: string, id: string, trx: DbOrTx = this.db) {
    const row = await trx
      .selectFrom('sources')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .where('write_key', 'not like', 'wk\\_internal\\_%')
      .executeTakeFirst();
    if (!row) throw notFound('Source');
    return sourceView(row);
  }

  async updateSource(
    actor: Actor,
    id: string,
    input: { name?: string; origin?: Origin; disabled?: boolean; rotateWriteKey?: boolean },
  ) {
    let oldKey = '';
    const after = await this.db.transaction().execute(async (trx) => {
      const before = await this.getSource(actor.workspaceId, id, trx);
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.name !== undefined) set.name = input.name.trim();
      if (input.origin !== undefined) set.origin = input.origin;
      if (input.disabled !== undefined && input.disabled !== before.disabled)
        set.disabled_at = input.disabled ? new Date() : null;
      if (input.rotateWriteKey) set.write_key = newWriteKey();
      const row = await trx
        .updateTable('sources')
        .set(set)
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = sourceView(row);
      oldKey = before.writeKey;
      this.forgetKey(oldKey);
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'source',
        entityId: id,
        before,
        after,
        redact: ['writeKey'],
        record: after,
      });
      return after;
    });
    this.forgetKey(oldKey); // again after commit: a request in between may have cached the old state
    return after;
  }

  /** Soft delete: the write key stops working at once; stored events keep their source. */
  async deleteSource(actor: Actor, id: string) {
    const key = await this.db.transaction().execute(async (trx) => {
      const before = await this.getSource(actor.workspaceId, id, trx);
      await trx
        .updateTable('sources')
        .set({ deleted_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      this.forgetKey(before.writeKey);
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'source',
        entityId: id,
        before,
        redact: ['writeKey'],
        record: before,
      });
      return before.writeKey;
    });
    this.forgetKey(key);
  }

  private forgetKey(key: string) {
    this.keyCache.delete(key);
  }

  /**
   * The source a write key belongs to, or null. Cached for a few seconds: a change made in this
   * process applies at once, one made by another process within WRITE_KEY_CACHE_MS.
   */
  async authenticateWriteKey(key: string): Promise<SourceAuth | null> {
    if (!key || key.length > 200) return null;
    const now = Date.now();
    const hit = this.keyCache.get(key);
    if (hit && hit.until > now) return hit.source;
    const row = await this.db
      .selectFrom('sources')
      .select(['id', 'workspace_id', 'name', 'kind', 'origin', 'disabled_at', 'deleted_at'])
      .where('write_key', '=', key)
      .executeTakeFirst();
    const source =
      row && !row.deleted_at
        ? {
            id: row.id,
            workspaceId: row.workspace_id,
            name: row.name,
            kind: row.kind,
            origin: row.origin,
            disabled: row.disabled_at !== null,
          }
        : null;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(key, { source, until: now + WRITE_KEY_CACHE_MS });
    return source;
  }
}

const newWriteKey = () => `wk_${randomToken(24)}`;
