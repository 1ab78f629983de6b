import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { ConversationChange, Service } from './service.ts';
import type { AuthorKind, ConversationStatus } from './tables.ts';

export interface StatusChangeView {
  from: ConversationStatus | null;
  to: ConversationStatus;
  at: Date;
  byKind: AuthorKind;
  byUserId: string | null;
}

/** Who made a change, as the history keeps it: a user (agent), the system (automation, merge), or a key. */
export function changedBy(actor: Actor): { kind: AuthorKind; userId: string | null } {
  if (actor.type === 'user') return { kind: 'agent', userId: actor.id };
  if (actor.type === 'api_key') return { kind: 'agent', userId: null };
  return { kind: 'system', userId: null };
}

/**
 * Every move of a conversation's status, written by one hook on the desk's changes (`created`,
 * and `updated` carrying `status`) in the change's own transaction, so the history and the row
 * never disagree. `from` is the previous entry's `to` (the row itself has already moved).
 */
export class StatusHistory {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  async onChange(trx: Tx, ws: string, conversationId: string, change: ConversationChange): Promise<void> {
    let to: ConversationStatus | undefined;
    let at = change.at;
    if (change.kind === 'created') {
      const row = await this.service.conversations.row(trx, ws, conversationId);
      to = row.status;
      at ??= new Date(row.created_at);
    } else if (change.kind === 'updated' && typeof change.fields?.status === 'string')
      to = change.fields.status as ConversationStatus;
    if (!to) return;
    const last = await trx
      .selectFrom('service_conversation_status_changes')
      .select(['to_status', 'at'])
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const from = change.kind === 'created' ? null : (last?.to_status ?? null);
    if (from === to) return;
    // The history stays ordered even when a change is dated before the previous one (a backdated message).
    let when = at ?? new Date();
    if (last && new Date(last.at) > when) when = new Date(last.at);
    await trx
      .insertInto('service_conversation_status_changes')
      .values({
        workspace_id: ws,
        id: newId(),
        conversation_id: conversationId,
        from_status: from,
        to_status: to,
        at: when,
        by_kind: change.by?.kind ?? 'system',
        by_user_id: change.by?.userId ?? null,
      })
      .execute();
  }

  /** A conversation's status moves, oldest first (at most 1000). */
  async list(ws: string, conversationId: string, db: DbOrTx = this.k.db): Promise<StatusChangeView[]> {
    await this.service.conversations.row(db, ws, conversationId);
    const rows = await db
      .selectFrom('service_conversation_status_changes')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .orderBy('at')
      .orderBy('id')
      .limit(1000)
      .execute();
    return rows.map((r) => ({
      from: r.from_status,
      to: r.to_status,
      at: r.at,
      byKind: r.by_kind,
      byUserId: r.by_user_id,
    }));
  }
}
