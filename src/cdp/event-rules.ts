import type { Db } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ParsedMessage } from './messages.ts';

/**
 * Event rules: block or rename a tracked (`track`) event by name, per workspace.
 *
 * - block: the message is acknowledged to the sender (Segment answers `{"success":true}` too) and
 *   not stored;
 * - rename: the event is stored under `renameTo`, and `extra.originalEvent` keeps the name it
 *   arrived with. Rules do not chain: a renamed event is not matched again against the new name.
 *
 * Ingest reads the rules through `admitEvent`, cached per workspace for RULES_CACHE_MS: a change
 * made in this process applies at once, one made by another process within that time.
 */
export const RULES_CACHE_MS = 5_000;
export const EVENT_RULE_ACTIONS = ['block', 'rename'] as const;
export type EventRuleAction = (typeof EVENT_RULE_ACTIONS)[number];

interface Rule {
  action: EventRuleAction;
  renameTo: string | null;
}

// Keyed by the Db instance so that several kernels in one process (tests) never share entries.
const caches = new WeakMap<object, Map<string, { rules: Map<string, Rule>; until: number }>>();
const cacheOf = (db: Db) => {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
};

async function rulesOf(db: Db, workspaceId: string): Promise<Map<string, Rule>> {
  const cache = cacheOf(db);
  const now = Date.now();
  const hit = cache.get(workspaceId);
  if (hit && hit.until > now) return hit.rules;
  const rows = await db
    .selectFrom('event_rules')
    .select(['event', 'action', 'rename_to'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const rules = new Map(rows.map((r) => [r.event, { action: r.action, renameTo: r.rename_to }] as const));
  if (cache.size > 10_000) cache.clear();
  cache.set(workspaceId, { rules, until: now + RULES_CACHE_MS });
  return rules;
}

/**
 * Applies the workspace's rules to one parsed message: false when it is blocked; a renamed event
 * is changed in place. Only `track` messages are matched (their event name is the rule's key).
 */
export async function admitEvent(db: Db, workspaceId: string, m: ParsedMessage): Promise<boolean> {
  if (m.type !== 'track' || !m.event) return true;
  const rules = await rulesOf(db, workspaceId);
  if (!rules.size) return true;
  const rule = rules.get(m.event);
  if (!rule) return true;
  if (rule.action === 'block') return false;
  m.extra = { ...(m.extra ?? {}), originalEvent: m.event };
  m.event = rule.renameTo;
  return true;
}

const view = (r: { id: string; event: string; action: string; rename_to: string | null; created_at: Date }) => ({
  id: r.id,
  event: r.event,
  action: r.action as EventRuleAction,
  renameTo: r.rename_to,
  createdAt: r.created_at,
});
export type EventRuleView = ReturnType<typeof view>;

export class EventRules {
  constructor(
    private db: Db,
    private audit: Audit,
  ) {}

  private forget(workspaceId: string) {
    cacheOf(this.db).delete(workspaceId);
  }

  async list(workspaceId: string) {
    const rows = await this.db
      .selectFrom('event_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('event')
      .execute();
    return rows.map(view);
  }

  async create(actor: Actor, input: { event: string; action: EventRuleAction; renameTo?: string | null }) {
    const event = input.event.trim();
    const renameTo = input.renameTo?.trim() || null;
    if (input.action === 'rename' && !renameTo) throw invalid('renameTo', 'is required when action is "rename"');
    if (input.action === 'block' && renameTo) throw invalid('renameTo', 'is only allowed when action is "rename"');
    if (renameTo === event) throw invalid('renameTo', 'must differ from event');
    const created = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('event_rules')
        .values({ workspace_id: actor.workspaceId, id: newId(), event, action: input.action, rename_to: renameTo })
        .onConflict((oc) => oc.columns(['workspace_id', 'event']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row)
        throw new AppError('ALREADY_EXISTS', `A rule for event "${event}" already exists; delete it first`, [
          { path: 'event', message: 'already has a rule' },
        ]);
      const v = view(row);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'event_rule',
        entityId: row.id,
        after: v,
        record: v,
      });
      return v;
    });
    this.forget(actor.workspaceId);
    return created;
  }

  async delete(actor: Actor, id: string) {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('event_rules')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('Event rule');
      const v = view(row);
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'event_rule',
        entityId: id,
        before: v,
        record: v,
      });
    });
    this.forget(actor.workspaceId);
  }
}
