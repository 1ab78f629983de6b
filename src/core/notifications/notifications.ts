import { sql, type Selectable } from 'kysely';
import type { Db, DbOrTx } from '../db/schema.ts';
import { invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { decodeCursor, keysetPage } from '../http/pagination.ts';
import type { NotificationsTable } from './tables.ts';

export interface NotificationInput {
  workspaceId: string;
  userId: string;
  kind: string;
  title: string;
  body?: string | null;
  /** A path inside the web app (starts with `/`). */
  link?: string | null;
  data?: Record<string, unknown>;
}

export interface NotificationListQuery {
  limit: number;
  cursor?: string;
  /** Only the unread ones. */
  unread?: boolean;
}

const TITLE_MAX = 500;

const view = (r: Selectable<NotificationsTable>) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  data: r.data,
  read: r.read_at !== null,
  readAt: r.read_at,
  createdAt: r.created_at,
});
export type NotificationView = ReturnType<typeof view>;

/**
 * Per-user in-app notifications (the bell). Modules create them inside their own transaction, so a
 * notification exists exactly when the change that caused it commits. A user reads and marks only
 * their own: every query is keyed by (workspace, user), and another user's id is simply not found.
 * A caller that is not a user (an API key) has none.
 */
export class Notifications {
  constructor(private db: Db) {}

  /**
   * Writes one notification per input in the caller's transaction. Recipients who are not (or no
   * longer) members of the workspace are skipped. Returns the ids written.
   */
  async create(trx: DbOrTx, inputs: NotificationInput[]): Promise<string[]> {
    if (!inputs.length) return [];
    const pairs = [...new Set(inputs.map((i) => `${i.workspaceId}:${i.userId}`))];
    const members = new Set<string>();
    const byWs = new Map<string, string[]>();
    for (const p of pairs) {
      const [ws, user] = p.split(':');
      byWs.set(ws, [...(byWs.get(ws) ?? []), user]);
    }
    for (const [ws, users] of byWs)
      for (const m of await trx
        .selectFrom('workspace_members')
        .select('user_id')
        .where('workspace_id', '=', ws)
        .where('user_id', 'in', users)
        .execute())
        members.add(`${ws}:${m.user_id}`);
    const rows = inputs
      .filter((i) => members.has(`${i.workspaceId}:${i.userId}`))
      .map((i) => ({
        workspace_id: i.workspaceId,
        id: newId(),
        user_id: i.userId,
        kind: i.kind,
        title: i.title.slice(0, TITLE_MAX),
        body: i.body ?? null,
        link: i.link ?? null,
        data: JSON.stringify(i.data ?? {}),
      }));
    if (rows.length) await trx.insertInto('notifications').values(rows).execute();
    return rows.map((r) => r.id);
  }

  /** The user's notifications, newest first (keyset on the time-ordered id). */
  async list(ws: string, userId: string | null, q: NotificationListQuery) {
    if (!userId) return { data: [] as NotificationView[], nextCursor: null };
    let query = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('user_id', '=', userId);
    if (q.unread) query = query.where('read_at', 'is', null);
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) {
      if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw invalid('cursor', 'malformed cursor');
      query = query.where('id', '<', c.id);
    }
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, view, (last) => ({ id: last.id }));
  }

  async unreadCount(ws: string, userId: string | null): Promise<number> {
    if (!userId) return 0;
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM notifications WHERE workspace_id = ${ws} AND user_id = ${userId} AND read_at IS NULL`.execute(
      this.db,
    );
    return r.rows[0].n;
  }

  /** Marks one of the user's notifications read (again: no change); another user's is not found. */
  async markRead(ws: string, userId: string | null, id: string): Promise<NotificationView> {
    if (!userId) throw notFound('Notification');
    await this.db
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
    const r = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Notification');
    return view(r);
  }

  /** Marks all of the user's unread notifications read; returns how many changed. */
  async markAllRead(ws: string, userId: string | null): Promise<number> {
    if (!userId) return 0;
    const r = await this.db
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
