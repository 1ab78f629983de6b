import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db, DbOrTx } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { diffRecords } from './diff.ts';
import { decodeCursor, keysetPage } from '../http/pagination.ts';

export type AuditAction = 'create' | 'update' | 'delete' | string;

export interface AuditInput {
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Fields never written in clear (password hashes, secrets). */
  redact?: readonly string[];
  /** The record as the API shows it, carried in the webhook event. */
  record?: Record<string, unknown> | null;
}

export interface RecordEvent {
  id: string;
  type: string;
  workspaceId: string;
  occurredAt: string;
  actor: { type: Actor['type']; id: string | null; label: string; channel: Actor['channel'] };
  data: {
    entityType: string;
    entityId: string;
    action: string;
    changes: { field: string; before: unknown; after: unknown }[];
    record: Record<string, unknown> | null;
  };
}

export type EventSink = (trx: DbOrTx, event: RecordEvent) => Promise<void>;

const PAST: Record<string, string> = { create: 'created', update: 'updated', delete: 'deleted', restore: 'restored' };
export const eventTypeOf = (entityType: string, action: string) => `${entityType}.${PAST[action] ?? action}`;

/**
 * The audit log: who changed what, when and through what. Each record is written in the caller's
 * transaction, and the same change becomes a record event for webhooks (and later, the timeline),
 * so the log, the event and the change commit together or not at all.
 */
export class Audit {
  private sinks: EventSink[] = [];
  constructor(private db: Db) {}

  onEvent(sink: EventSink) {
    this.sinks.push(sink);
  }

  async record(trx: DbOrTx, actor: Actor, input: AuditInput): Promise<RecordEvent> {
    const changes = diffRecords(input.before, input.after, input.redact);
    const id = newId();
    const occurredAt = new Date();
    await trx
      .insertInto('audit_log')
      .values({
        workspace_id: actor.workspaceId,
        id,
        occurred_at: occurredAt,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_label: actor.label,
        channel: actor.channel,
        action: input.action,
        entity_type: input.entityType,
        entity_id: input.entityId,
        changes: JSON.stringify(changes),
        request_id: actor.requestId ?? null,
      })
      .execute();
    const event: RecordEvent = {
      id,
      type: eventTypeOf(input.entityType, input.action),
      workspaceId: actor.workspaceId,
      occurredAt: occurredAt.toISOString(),
      actor: { type: actor.type, id: actor.id, label: actor.label, channel: actor.channel },
      data: {
        entityType: input.entityType,
        entityId: input.entityId,
        action: input.action,
        changes,
        record: input.record ?? null,
      },
    };
    for (const sink of this.sinks) await sink(trx, event);
    return event;
  }

  async list(
    workspaceId: string,
    q: {
      entityType?: string;
      entityId?: string;
      actorId?: string;
      action?: string;
      channel?: string;
      limit: number;
      cursor?: string;
    },
  ) {
    let query = this.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
    if (q.entityType) query = query.where('entity_type', '=', q.entityType);
    if (q.entityId) query = query.where('entity_id', '=', q.entityId);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.channel) query = query.where('channel', '=', q.channel);
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) query = query.where('id', '<', c.id);
    // UUIDv7 ids sort by time, so the id alone is a stable keyset.
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(
      rows,
      q.limit,
      (r) => ({
        id: r.id,
        occurredAt: r.occurred_at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        channel: r.channel,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        changes: r.changes,
        requestId: r.request_id,
      }),
      (last) => ({ id: last.id }),
    );
  }

  async count(workspaceId: string): Promise<number> {
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = ${workspaceId}`.execute(this.db);
    return r.rows[0].n;
  }
}
