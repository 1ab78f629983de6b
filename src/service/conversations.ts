import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { decodeCursor, encodeCursor } from '../core/http/pagination.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Emit, Service } from './service.ts';
import { changedBy } from './status-history.ts';
import { chatConversationsOf, openConversation, type OpenInput } from './conversations-open.ts';
import type { ConversationStatus, InboxChannel, Priority, ServiceConversationsTable } from './tables.ts';

export type ConversationRow = Selectable<ServiceConversationsTable>;
/** What S-SLA shows on a conversation (`sla` of the list item); null when no policy applies. */
export type SlaView = (db: DbOrTx, ws: string, ids: string[]) => Promise<Map<string, Record<string, unknown>>>;

export const conversationView = (r: ConversationRow, sla: Record<string, unknown> | null = null) => ({
  id: r.id,
  number: Number(r.number),
  personId: r.person_id,
  status: r.status,
  priority: r.priority,
  channel: r.channel,
  subject: r.subject,
  assigneeId: r.assignee_id,
  teamId: r.team_id,
  tags: r.tags,
  inboxId: r.inbox_id,
  language: r.language,
  lastMessageAt: r.last_message_at,
  firstResponseAt: r.first_response_at,
  mergedInto: r.merged_into,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sla,
});
export type ConversationView = ReturnType<typeof conversationView>;

export interface ConversationFilter {
  limit: number;
  cursor?: string;
  personId?: string;
  status?: ConversationStatus[];
  /** A user id, or 'none' for unassigned. */
  assigneeId?: string;
  teamId?: string;
  inboxId?: string;
  priority?: Priority[];
  channel?: InboxChannel;
  tag?: string;
  q?: string;
  sort?: ConversationSort;
  /** Include conversations merged into others (default: no). */
  includeMerged?: boolean;
  /** breached: an SLA clock not stopped has passed its due time; breaching: one is past its warning, none breached. */
  sla?: SlaFilter;
}
export const SLA_FILTERS = ['breaching', 'breached'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];
export const CONVERSATION_SORTS = ['-lastMessageAt', 'lastMessageAt', '-createdAt', 'createdAt', '-priority'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export interface ConversationPatch {
  status?: ConversationStatus;
  priority?: Priority;
  assigneeId?: string | null;
  teamId?: string | null;
  tags?: string[];
  topic?: string | null;
  language?: string | null;
  custom?: Record<string, unknown>;
  subject?: string;
}

const PRIORITY_RANK = sql<number>`CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END`;

/** Conversations (= tickets): reads, the list with its filters, and field changes with the status machine. */
export class Conversations {
  private sla: SlaView | null = null;

  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  /** S-SLA: what the `sla` field of a conversation shows. */
  registerSlaView(fn: SlaView): void {
    this.sla = fn;
  }

  async slaOf(db: DbOrTx, ws: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (!this.sla || !ids.length) return new Map();
    return this.sla(db, ws, ids);
  }

  async row(db: DbOrTx, ws: string, id: string, lock = false): Promise<ConversationRow> {
    let q = db.selectFrom('service_conversations').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('Conversation');
    return row;
  }

  /** The conversation a (possibly merged-away) id lives on now: merges followed; null when unknown. */
  async liveOf(db: DbOrTx, ws: string, id: string): Promise<ConversationRow | null> {
    let current = id;
    for (let hops = 0; hops < 50; hops++) {
      const row = await db
        .selectFrom('service_conversations')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', current)
        .executeTakeFirst();
      if (!row) return null;
      if (!row.merged_into) return row;
      current = row.merged_into;
    }
    return null;
  }

  /** One conversation with its topic, custom fields and person (name, email). */
  async get(ws: string, id: string) {
    const row = await this.row(this.k.db, ws, id);
    const sla = (await this.slaOf(this.k.db, ws, [id])).get(id) ?? null;
    const person = await this.service.people.summary(ws, row.person_id);
    return {
      ...conversationView(row, sla),
      personName: person.name,
      topic: row.topic,
      custom: row.custom,
      reopenedCount: row.reopened_count,
      solvedAt: row.solved_at,
      person,
    };
  }

  async list(ws: string, f: ConversationFilter) {
    const sort = f.sort ?? '-lastMessageAt';
    const desc = sort.startsWith('-');
    const key = sort.endsWith('lastMessageAt')
      ? sql`last_message_at`
      : sort.endsWith('createdAt')
        ? sql`created_at`
        : PRIORITY_RANK;
    let q = this.k.db.selectFrom('service_conversations').selectAll().where('workspace_id', '=', ws);
    if (!f.includeMerged) q = q.where('merged_into', 'is', null);
    if (f.personId) {
      const live = (await this.k.cdp.directory.liveId(this.k.db, ws, f.personId)) ?? f.personId;
      q = q.where('person_id', 'in', [...new Set([f.personId, live])]);
    }
    if (f.status?.length) q = q.where('status', 'in', f.status);
    if (f.assigneeId === 'none') q = q.where('assignee_id', 'is', null);
    else if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
    if (f.teamId) q = q.where('team_id', '=', f.teamId);
    if (f.inboxId) q = q.where('inbox_id', '=', f.inboxId);
    if (f.priority?.length) q = q.where('priority', 'in', f.priority);
    if (f.channel) q = q.where('channel', '=', f.channel);
    if (f.tag) q = q.where(sql<boolean>`${f.tag} = ANY(tags)`);
    if (f.sla) {
      const now = new Date();
      const breached = sql<boolean>`EXISTS (
        SELECT 1 FROM service_sla_clocks k
        WHERE k.workspace_id = service_conversations.workspace_id AND k.conversation_id = service_conversations.id
          AND k.stopped_at IS NULL
          AND (k.breached_at IS NOT NULL OR (k.running_since IS NOT NULL AND k.due_at <= ${now}::timestamptz)))`;
      const warning = sql<boolean>`EXISTS (
        SELECT 1 FROM service_sla_clocks k
        WHERE k.workspace_id = service_conversations.workspace_id AND k.conversation_id = service_conversations.id
          AND k.stopped_at IS NULL AND k.running_since IS NOT NULL
          AND (k.warned_at IS NOT NULL OR k.warn_at <= ${now}::timestamptz))`;
      q = f.sla === 'breached' ? q.where(breached) : q.where(warning).where(sql<boolean>`NOT ${breached}`);
    }
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const n = /^#?\d{1,15}$/.test(f.q.trim()) ? Number(f.q.trim().replace('#', '')) : null;
      q = q.where((eb) =>
        eb.or([
          eb('subject', 'ilike', like),
          ...(n !== null ? [eb('number', '=', String(n))] : []),
          eb.exists(
            eb
              .selectFrom('service_messages as m')
              .select(sql`1`.as('one'))
              .whereRef('m.workspace_id', '=', 'service_conversations.workspace_id')
              .whereRef('m.conversation_id', '=', 'service_conversations.id')
              .where('m.body', 'ilike', like),
          ),
        ]),
      );
    }
    const after = decodeCursor<{ s: string | number; id: string }>(f.cursor);
    if (after) {
      if (typeof after.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(after.id))
        throw invalid('cursor', 'malformed cursor', 'MALFORMED');
      const v = sort.endsWith('priority') ? sql`${Number(after.s)}::int` : sql`${String(after.s)}::timestamptz`;
      q = desc
        ? q.where(sql<boolean>`(${key}, id) < (${v}, ${after.id}::uuid)`)
        : q.where(sql<boolean>`(${key}, id) > (${v}, ${after.id}::uuid)`);
    }
    const rows = await q
      .orderBy(key, desc ? 'desc' : 'asc')
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(f.limit + 1)
      .execute();
    const page = rows.slice(0, f.limit);
    const sla = await this.slaOf(
      this.k.db,
      ws,
      page.map((r) => r.id),
    );
    const names = await this.service.people.names(
      ws,
      page.map((r) => r.person_id),
    );
    const last = page[page.length - 1];
    const sortValue = (r: ConversationRow) =>
      sort.endsWith('priority')
        ? ({ urgent: 4, high: 3, normal: 2, low: 1 } as const)[r.priority]
        : new Date(sort.endsWith('createdAt') ? r.created_at : (r.last_message_at ?? r.created_at)).toISOString();
    return {
      data: page.map((r) => ({
        ...conversationView(r, sla.get(r.id) ?? null),
        personName: names.get(r.person_id) ?? null,
      })),
      nextCursor: rows.length > f.limit && last ? encodeCursor({ s: sortValue(last), id: last.id }) : null,
    };
  }

  /**
   * POST /conversations: a ticket opened on a client's behalf, its first message an internal note
   * (conversations-open.ts). Returns the conversation and whether an `externalId` had opened it before.
   */
  async open(actor: Actor, input: OpenInput) {
    const r = await openConversation(this.k, this.service, actor, input);
    return { ...(await this.get(actor.workspaceId, r.conversationId)), duplicate: r.duplicate };
  }

  /** A row as the API shows it (conversationView), for the service's own helpers. */
  viewOf(row: ConversationRow) {
    return conversationView(row);
  }

  /** Each person's chat conversation still open to a message (latest, not closed, not merged); key: person id. */
  chatConversationsOf(ws: string, personIds: readonly string[], db: DbOrTx = this.k.db) {
    return chatConversationsOf(db, ws, personIds);
  }

  /**
   * A message to the client from the system (direction `out`, author `system`) on the conversation's
   * channel: a chat message reaches the visitor's widget live. `within` runs first in the same
   * transaction (the caller's own bookkeeping); returning false there sends nothing. Returns the
   * message id, or null when `within` declined.
   */
  async postFromSystem(
    actor: Actor,
    id: string,
    body: string,
    within?: (trx: Tx) => Promise<boolean>,
  ): Promise<string | null> {
    return this.service.hooks.transact(async (trx, emit) => {
      if (within && !(await within(trx))) return null;
      return this.service.messages.replyIn(trx, emit, actor, id, { body, authorKind: 'system' });
    });
  }

  /** PATCH /conversations/{id}: field changes, audited; the status machine's rules (closed is final). */
  async update(actor: Actor, id: string, patch: ConversationPatch) {
    const ws = actor.workspaceId;
    await this.checkRefs(ws, patch);
    await this.service.hooks.transact(async (trx, emit) => {
      const fields = await this.applyPatch(trx, emit, actor, id, patch);
      // An agent's change runs the 'updated' automation rules (their own changes run none).
      if (Object.keys(fields).length && actor.type !== 'system')
        await this.service.automation.run(trx, emit, ws, id, 'updated', { text: '', subject: '', traits: {} });
    });
    return this.get(ws, id);
  }

  /**
   * Applies a patch in the caller's transaction (macros, routing and automation use it too):
   * locks the row, checks the status move, writes, audits and tells the hooks. Returns the changed
   * fields (API names → new values).
   */
  async applyPatch(
    trx: Tx,
    emit: Emit,
    actor: Actor,
    id: string,
    patch: ConversationPatch,
    opts: { audit?: boolean } = {},
  ): Promise<Record<string, unknown>> {
    const ws = actor.workspaceId;
    const cur = await this.row(trx, ws, id, true);
    if (cur.merged_into) throw new AppError('CONFLICT', 'this conversation was merged into another one');
    const set: Record<string, unknown> = {};
    const fields: Record<string, unknown> = {};
    const put = (col: string, api: string, v: unknown, old: unknown) => {
      if (JSON.stringify(v) === JSON.stringify(old)) return;
      set[col] = v;
      fields[api] = v;
    };
    if (patch.status !== undefined && patch.status !== cur.status) {
      if (cur.status === 'closed')
        throw new AppError('CONFLICT', 'a closed conversation is final: a new message opens a new one', [
          { path: 'status', message: 'the conversation is closed' },
        ]);
      if (patch.status === 'new') throw invalid('status', 'a conversation cannot go back to new', 'INVALID_OPTION');
      put('status', 'status', patch.status, cur.status);
      const now = new Date();
      if (patch.status === 'solved') set.solved_at = now;
      if (patch.status === 'closed') {
        set.closed_at = now;
        if (!cur.solved_at) set.solved_at = now;
      }
      if (cur.status === 'solved' && patch.status !== 'closed') {
        set.solved_at = null;
        if (patch.status === 'reopened') set.reopened_count = cur.reopened_count + 1;
      }
    } else if (
      cur.status === 'closed' &&
      Object.keys(patch).some((f) => f !== 'tags' && f !== 'custom' && f !== 'status')
    )
      throw new AppError('CONFLICT', 'a closed conversation is final: only its tags and custom fields change');
    if (patch.priority !== undefined) put('priority', 'priority', patch.priority, cur.priority);
    if (patch.assigneeId !== undefined) put('assignee_id', 'assigneeId', patch.assigneeId, cur.assignee_id);
    if (patch.teamId !== undefined) put('team_id', 'teamId', patch.teamId, cur.team_id);
    if (patch.tags !== undefined) {
      const tags = [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))];
      if (JSON.stringify(tags) !== JSON.stringify(cur.tags)) {
        set.tags = tags;
        fields.tags = tags;
      }
    }
    if (patch.topic !== undefined) put('topic', 'topic', patch.topic, cur.topic);
    if (patch.language !== undefined) put('language', 'language', patch.language, cur.language);
    if (patch.subject !== undefined) put('subject', 'subject', patch.subject, cur.subject);
    if (patch.custom !== undefined) {
      const merged = { ...cur.custom };
      for (const [key, v] of Object.entries(patch.custom)) {
        if (v === null) delete merged[key];
        else merged[key] = v;
      }
      if (JSON.stringify(merged) !== JSON.stringify(cur.custom)) {
        set.custom = JSON.stringify(merged);
        fields.custom = merged;
      }
    }
    if (!Object.keys(fields).length) return {};
    await trx
      .updateTable('service_conversations')
      .set({ ...set, version: sql`version + 1`, updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    if (opts.audit !== false) {
      const before: Record<string, unknown> = {};
      const old = conversationView(cur) as Record<string, unknown>;
      for (const f of Object.keys(fields)) before[f] = f === 'custom' ? cur.custom : f === 'topic' ? cur.topic : old[f];
      const after = conversationView(await this.row(trx, ws, id));
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'conversation',
        entityId: id,
        before,
        after: fields,
        record: after,
      });
    }
    await emit(ws, id, { kind: 'updated', fields, by: changedBy(actor) });
    return fields;
  }

  /** An assignee must be a member of the workspace; a team must exist. */
  async checkRefs(ws: string, patch: { assigneeId?: string | null; teamId?: string | null }, db: DbOrTx = this.k.db) {
    if (patch.assigneeId) {
      const m = await db
        .selectFrom('workspace_members')
        .select('user_id')
        .where('workspace_id', '=', ws)
        .where('user_id', '=', patch.assigneeId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!m) throw invalid('assigneeId', 'no such active member in this workspace');
    }
    if (patch.teamId) {
      const t = await db
        .selectFrom('service_teams')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', patch.teamId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!t) throw invalid('teamId', 'no such team in this workspace');
    }
  }
}
