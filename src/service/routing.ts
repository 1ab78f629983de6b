import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../core/auth/actor.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { identityKey } from '../cdp/index.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Emit, Service } from './service.ts';
import { PRIORITIES, type ServiceRoutingRulesTable } from './tables.ts';
import { conditionsSchema, matches, type Conditions, type Facts } from './routing-conditions.ts';
import { normalIdentity } from './people.ts';

export const routingActionsSchema = z
  .object({
    teamId: z.uuid().nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    /** How the team's member is chosen when no assignee is given (default: the team's setting). */
    assign: z.enum(['round_robin', 'least_busy', 'none']).optional(),
    priority: z.enum(PRIORITIES).optional(),
    /** Tags added. */
    tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    topic: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type RoutingActions = z.infer<typeof routingActionsSchema>;

type Row = Selectable<ServiceRoutingRulesTable>;
export const ruleView = (r: Row) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions as Conditions,
  actions: r.actions as RoutingActions,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type RoutingRuleView = ReturnType<typeof ruleView>;
export interface RoutingRuleInput {
  name: string;
  position?: number;
  enabled?: boolean;
  conditions: Conditions;
  actions: RoutingActions;
}

/**
 * Routing (issue 18, item 3): a new conversation meets the rules in order (position, then age);
 * the first that matches sets its team, priority, topic and tags and finds the assignee — the one
 * named, or a team member by round-robin or least-busy (fewest open conversations).
 */
export class Routing {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  /** The traits of the person these identities belong to, read before the inbound transaction. */
  async personFacts(ws: string, identities: { kind: string; value: string }[]) {
    const ids = identities.map(normalIdentity).filter((i) => !!i);
    if (!ids.length) return null;
    const found = await this.k.cdp.directory.resolve(this.k.db, ws, ids);
    const personId = ids.map((i) => found.get(identityKey(i.kind, i.value))).find((p) => !!p);
    if (!personId) return null;
    const p = (await this.k.cdp.getPeople(ws, [personId])).get(personId);
    return p ? { personId: p.id, traits: p.traits } : null;
  }

  /** Routes a conversation (in the inbound transaction). Returns the rule that matched, or null. */
  async route(
    trx: Tx,
    emit: Emit,
    ws: string,
    conversationId: string,
    m: { text: string; subject: string; traits: Record<string, unknown> },
  ): Promise<string | null> {
    const rules = await trx
      .selectFrom('service_routing_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('enabled', '=', true)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    if (!rules.length) return null;
    const conv = await this.service.conversations.row(trx, ws, conversationId);
    const facts: Facts = {
      channel: conv.channel,
      inboxId: conv.inbox_id,
      topic: conv.topic,
      language: conv.language,
      priority: conv.priority,
      subject: m.subject || conv.subject,
      text: m.text,
      traits: m.traits,
    };
    const rule = rules.find((r) => matches(r.conditions as Conditions, facts));
    if (!rule) return null;
    const a = rule.actions as RoutingActions;
    const actor = systemActor(ws, `routing: ${rule.name}`);
    const teamId = a.teamId ?? null;
    let assigneeId = a.assigneeId ?? null;
    if (!assigneeId && teamId) assigneeId = await this.pick(trx, ws, teamId, a.assign);
    const patch = {
      ...(teamId ? { teamId } : {}),
      ...(assigneeId ? { assigneeId } : {}),
      ...(a.priority ? { priority: a.priority } : {}),
      ...(a.topic ? { topic: a.topic } : {}),
      ...(a.tags?.length ? { tags: [...conv.tags, ...a.tags] } : {}),
    };
    await this.service.conversations.applyPatch(trx, emit, actor, conversationId, patch);
    return rule.id;
  }

  /**
   * A team member for a new conversation: round-robin (the member after the last one given one,
   * by user id), or least-busy (fewest conversations not solved or closed; ties by round-robin).
   * Members who left the workspace or were disabled are skipped. Locks the team row, so two
   * conversations routed at once get different members.
   */
  async pick(trx: Tx, ws: string, teamId: string, how?: 'round_robin' | 'least_busy' | 'none'): Promise<string | null> {
    const team = await trx
      .selectFrom('service_teams')
      .select(['id', 'assignment', 'last_assigned_user'])
      .where('workspace_id', '=', ws)
      .where('id', '=', teamId)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!team) return null;
    const mode = how ?? team.assignment;
    if (mode === 'none') return null;
    const members = await trx
      .selectFrom('service_team_members as t')
      .innerJoin('workspace_members as m', (j) =>
        j.onRef('m.workspace_id', '=', 't.workspace_id').onRef('m.user_id', '=', 't.user_id'),
      )
      .select('t.user_id')
      .where('t.workspace_id', '=', ws)
      .where('t.team_id', '=', teamId)
      .where('m.disabled_at', 'is', null)
      .orderBy('t.user_id')
      .execute();
    if (!members.length) return null;
    const ids = members.map((m) => m.user_id);
    // Round-robin order: the members after the last one given a conversation, then from the start.
    const after = team.last_assigned_user ? ids.findIndex((id) => id > team.last_assigned_user!) : 0;
    const order = after <= 0 ? ids : [...ids.slice(after), ...ids.slice(0, after)];
    let chosen = order[0]!;
    if (mode === 'least_busy') {
      const load = await trx
        .selectFrom('service_conversations')
        .select(['assignee_id', sql<number>`count(*)::int`.as('n')])
        .where('workspace_id', '=', ws)
        .where('assignee_id', 'in', ids)
        .where('status', 'not in', ['solved', 'closed'])
        .where('merged_into', 'is', null)
        .groupBy('assignee_id')
        .execute();
      const n = new Map(load.map((l) => [l.assignee_id!, l.n]));
      chosen = order.reduce((best, id) => ((n.get(id) ?? 0) < (n.get(best) ?? 0) ? id : best), order[0]!);
    }
    await trx
      .updateTable('service_teams')
      .set({ last_assigned_user: chosen })
      .where('workspace_id', '=', ws)
      .where('id', '=', teamId)
      .execute();
    return chosen;
  }

  // ---------------------------------------------------------------- rules CRUD

  async list(ws: string): Promise<RoutingRuleView[]> {
    const rows = await this.k.db
      .selectFrom('service_routing_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    return rows.map(ruleView);
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<RoutingRuleView> {
    const row = await db
      .selectFrom('service_routing_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Routing rule');
    return ruleView(row);
  }

  async create(actor: Actor, input: RoutingRuleInput): Promise<RoutingRuleView> {
    const ws = actor.workspaceId;
    await this.service.conversations.checkRefs(ws, input.actions);
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_routing_rules')
        .values({
          workspace_id: ws,
          id: newId(),
          name: input.name,
          position: input.position ?? 0,
          enabled: input.enabled ?? true,
          conditions: JSON.stringify(input.conditions),
          actions: JSON.stringify(input.actions),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = ruleView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'routing_rule',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<RoutingRuleInput>): Promise<RoutingRuleView> {
    const ws = actor.workspaceId;
    if (patch.actions) await this.service.conversations.checkRefs(ws, patch.actions);
    return this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.position !== undefined) set.position = patch.position;
      if (patch.enabled !== undefined) set.enabled = patch.enabled;
      if (patch.conditions !== undefined) set.conditions = JSON.stringify(patch.conditions);
      if (patch.actions !== undefined) set.actions = JSON.stringify(patch.actions);
      if (!Object.keys(set).length) return before;
      const row = await trx
        .updateTable('service_routing_rules')
        .set({ ...set, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = ruleView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'routing_rule',
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
      await trx.deleteFrom('service_routing_rules').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, { action: 'delete', entityType: 'routing_rule', entityId: id, before });
    });
  }
}

export { conditionsSchema };
