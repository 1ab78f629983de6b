import type { Selectable } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import type { DbOrTx } from '../../core/db/schema.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import type { CxMentionSourcesTable, SourceKind } from './tables.ts';

type Row = Selectable<CxMentionSourcesTable>;

/** A source's settings as the API takes them; `accessToken` is write-only (sealed at rest). */
export interface SourceSettingsInput {
  /** Telegram: the public channel's username, sent to the bridge. */
  channel?: string;
  /** VK: the search text. */
  query?: string;
  /** VK: `newsfeed.search` (all public posts) or `wall.search` (one wall: `ownerId`). */
  method?: 'newsfeed.search' | 'wall.search';
  ownerId?: number;
  apiVersion?: string;
  accessToken?: string;
  /** Reviews: `auto` (JSON when it looks like JSON), `rss` (RSS/Atom) or `json`. */
  format?: 'auto' | 'rss' | 'json';
}

export interface SourceInput {
  name: string;
  kind: SourceKind;
  url?: string | null;
  enabled?: boolean;
  pollMinutes?: number;
  settings?: SourceSettingsInput;
}

/** What the stored settings hold (the token sealed by engage's secrets, like channels' credentials). */
export interface StoredSourceSettings extends Omit<SourceSettingsInput, 'accessToken'> {
  accessTokenSealed?: string;
}

/** VK's API when a VK source names no base URL. */
export const VK_DEFAULT_BASE = 'https://api.vk.com';

export const sourceView = (r: Row) => {
  const { accessTokenSealed, ...settings } = r.settings as StoredSourceSettings;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    url: r.url,
    enabled: r.enabled,
    pollMinutes: r.poll_minutes,
    settings: { ...settings, ...(r.kind === 'vk' ? { accessTokenSet: !!accessTokenSealed } : {}) },
    status: {
      polledAt: r.polled_at,
      lastOkAt: r.last_ok_at,
      lastError: r.last_error,
      lastFetched: r.last_fetched,
      fetchedTotal: r.fetched_total,
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};
export type SourceView = ReturnType<typeof sourceView>;

/** The workspace's mention sources: CRUD, URLs checked against the outbound policy, the VK token sealed. */
export class Sources {
  constructor(private k: CxBaseKernel) {}

  async list(ws: string): Promise<SourceView[]> {
    const rows = await this.k.db
      .selectFrom('cx_mention_sources')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('name')
      .orderBy('id')
      .limit(500)
      .execute();
    return rows.map(sourceView);
  }

  async row(ws: string, id: string, db: DbOrTx = this.k.db): Promise<Row> {
    const r = await db
      .selectFrom('cx_mention_sources')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Mention source');
    return r;
  }

  async get(ws: string, id: string): Promise<SourceView> {
    return sourceView(await this.row(ws, id));
  }

  /** The kind's rules: which fields it needs; the URL through the outbound policy (a 422 naming `url`). */
  private async check(
    kind: SourceKind,
    url: string | null,
    s: StoredSourceSettings,
    tokenSet: boolean,
  ): Promise<string | null> {
    if (kind === 'webhook') return null;
    const u = url ?? (kind === 'vk' ? VK_DEFAULT_BASE : null);
    if (!u) throw invalid('url', `a ${kind} source needs a URL`, 'REQUIRED');
    await this.k.outbound.checkUrl(u, 'url');
    if (kind === 'telegram' && !s.channel) throw invalid('settings.channel', 'the public channel to read', 'REQUIRED');
    if (kind === 'vk') {
      if (!s.query) throw invalid('settings.query', 'the text to search for', 'REQUIRED');
      if (s.method === 'wall.search' && s.ownerId === undefined)
        throw invalid('settings.ownerId', 'wall.search needs the wall (owner id)', 'REQUIRED');
      if (!tokenSet) throw invalid('settings.accessToken', 'VK needs an access token', 'REQUIRED');
    }
    return u;
  }

  private seal(settings: SourceSettingsInput | undefined, before: StoredSourceSettings = {}): StoredSourceSettings {
    const { accessToken, ...rest } = settings ?? {};
    const out: StoredSourceSettings = { ...before, ...rest };
    if (accessToken !== undefined) {
      if (accessToken) out.accessTokenSealed = this.k.engage.secrets.encrypt(accessToken);
      else delete out.accessTokenSealed;
    }
    return out;
  }

  async create(actor: Actor, input: SourceInput): Promise<SourceView> {
    const settings = this.seal(input.settings);
    const url = await this.check(input.kind, input.url ?? null, settings, !!settings.accessTokenSealed);
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('cx_mention_sources')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          name: input.name,
          kind: input.kind,
          url,
          settings: JSON.stringify(settings),
          enabled: input.enabled ?? true,
          poll_minutes: input.pollMinutes ?? 15,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = sourceView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'mention_source',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<Omit<SourceInput, 'kind'>>): Promise<SourceView> {
    const ws = actor.workspaceId;
    const current = await this.row(ws, id);
    const settings = this.seal(patch.settings, current.settings as StoredSourceSettings);
    const url = await this.check(
      current.kind,
      patch.url !== undefined ? patch.url : current.url,
      settings,
      !!settings.accessTokenSealed,
    );
    return this.k.db.transaction().execute(async (trx) => {
      const before = sourceView(await this.row(ws, id, trx));
      const row = await trx
        .updateTable('cx_mention_sources')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          ...(patch.pollMinutes !== undefined ? { poll_minutes: patch.pollMinutes } : {}),
          url,
          settings: JSON.stringify(settings),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = sourceView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'mention_source',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Deletes the source; the mentions it brought stay (their `source` label says where they came from). */
  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = sourceView(await this.row(ws, id, trx));
      await trx.deleteFrom('cx_mention_sources').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, { action: 'delete', entityType: 'mention_source', entityId: id, before });
    });
  }
}
