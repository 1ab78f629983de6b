import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../core/auth/actor.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { AppError, notFound } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import { outboundRequest } from '../core/net/request.ts';
import { signPayload, SIGNATURE_HEADER } from '../core/webhooks/webhooks.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Emit, Service } from './service.ts';
import { CONVERSATION_STATUSES, PRIORITIES, type ServiceAutomationRulesTable } from './tables.ts';
import { matches, type Conditions } from './routing-conditions.ts';
import {
  automationConditionsSchema,
  checkTimeConditions,
  type AutomationConditions,
} from './automation-time-conditions.ts';
import { conversationView } from './conversations.ts';

export const AUTOMATION_TRIGGERS = ['created', 'message', 'updated', 'time'] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];
export const WEBHOOK_JOB = 'service.automation-webhook';

export const automationActionsSchema = z
  .object({
    /** Fields set on the conversation. */
    set: z
      .object({
        status: z.enum(CONVERSATION_STATUSES).exclude(['new']).optional(),
        priority: z.enum(PRIORITIES).optional(),
        teamId: z.uuid().nullable().optional(),
        assigneeId: z.uuid().nullable().optional(),
        topic: z.string().trim().min(1).max(100).nullable().optional(),
        addTags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
      })
      .strict()
      .optional(),
    /** Assign within a team (round-robin or least-busy). */
    assign: z.object({ teamId: z.uuid(), how: z.enum(['round_robin', 'least_busy']).optional() }).optional(),
    /** An automatic reply to the client (author 'bot', on the conversation's channel). */
    reply: z.string().trim().min(1).max(10_000).optional(),
    /** Users notified (the bell). */
    notify: z.array(z.uuid()).max(50).optional(),
    /** A signed POST (header kartoteka-signature, as webhooks are) of the conversation. */
    webhook: z.object({ url: z.url().max(2000), secret: z.string().min(16).max(200).optional() }).optional(),
  })
  .strict();
export type AutomationActions = z.infer<typeof automationActionsSchema>;

type Row = Selectable<ServiceAutomationRulesTable>;
export const automationView = (r: Row) => ({
  id: r.id,
  name: r.name,
  trigger: r.trigger as AutomationTrigger,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions as AutomationConditions,
  actions: r.actions as AutomationActions,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type AutomationRuleView = ReturnType<typeof automationView>;
export interface AutomationRuleInput {
  name: string;
  trigger: AutomationTrigger;
  position?: number;
  enabled?: boolean;
  conditions: z.infer<typeof automationConditionsSchema>;
  actions: AutomationActions;
}

/**
 * Automation rules (issue 18, item 5): on a new conversation, a client's message or an agent's
 * change, every enabled rule of that trigger whose conditions hold runs its actions in the same
 * transaction (set fields, assign, reply, notify) — the webhook call is a job queued in it, sent
 * after the commit with retries. Changes made by a rule do not trigger rules again.
 */
export class Automation {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {
    k.jobs.define<{ url: string; secret: string; body: string }>({
      name: WEBHOOK_JOB,
      retryLimit: 5,
      retryDelaySeconds: 30,
      retryBackoff: true,
      handler: async (data) => {
        const res = await outboundRequest(k.outbound, data.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Kartoteka-Service/1',
            [SIGNATURE_HEADER]: signPayload(data.secret, data.body),
          },
          body: data.body,
          timeoutMs: 10_000,
        });
        if (res.status < 200 || res.status >= 300) throw new Error(`automation webhook answered HTTP ${res.status}`);
      },
    });
  }

  async run(
    trx: Tx,
    emit: Emit,
    ws: string,
    conversationId: string,
    trigger: AutomationTrigger,
    m: { text: string; subject: string; traits: Record<string, unknown> },
  ): Promise<string[]> {
    const rules = await trx
      .selectFrom('service_automation_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('trigger', '=', trigger)
      .where('enabled', '=', true)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    const ran: string[] = [];
    for (const rule of rules) {
      const conv = await this.service.conversations.row(trx, ws, conversationId);
      if (conv.merged_into || conv.status === 'closed') break;
      const ok = matches(rule.conditions as Conditions, {
        channel: conv.channel,
        inboxId: conv.inbox_id,
        topic: conv.topic,
        language: conv.language,
        priority: conv.priority,
        subject: m.subject || conv.subject,
        text: m.text,
        traits: m.traits,
      });
      if (!ok) continue;
      ran.push(rule.id);
      await this.act(trx, emit, ws, conversationId, rule, trigger, m.text);
    }
    return ran;
  }

  /** A rule's actions on one conversation, in the caller's transaction (the time rules use it too). */
  async act(
    trx: Tx,
    emit: Emit,
    ws: string,
    conversationId: string,
    rule: { id: string; name: string; actions: unknown },
    trigger: AutomationTrigger,
    text: string,
  ): Promise<void> {
    const conv = await this.service.conversations.row(trx, ws, conversationId);
    const a = rule.actions as AutomationActions;
    const actor = systemActor(ws, `automation: ${rule.name}`);
    if (a.set || a.assign) {
      const { addTags, ...set } = a.set ?? {};
      let assigneeId = set.assigneeId;
      if (a.assign && assigneeId === undefined)
        assigneeId = (await this.service.routing.pick(trx, ws, a.assign.teamId, a.assign.how)) ?? undefined;
      await this.service.conversations.applyPatch(trx, emit, actor, conversationId, {
        ...set,
        ...(a.assign ? { teamId: a.assign.teamId } : {}),
        ...(assigneeId !== undefined ? { assigneeId } : {}),
        ...(addTags?.length ? { tags: [...conv.tags, ...addTags] } : {}),
      });
    }
    if (a.reply)
      await this.service.messages.replyIn(trx, emit, actor, conversationId, { body: a.reply, authorKind: 'bot' });
    if (a.notify?.length)
      await this.k.notifications.create(
        trx,
        a.notify.map((userId) => ({
          workspaceId: ws,
          userId,
          kind: 'service.automation',
          title: `${rule.name}: #${conv.number}${conv.subject ? ` ${conv.subject}` : ''}`.slice(0, 500),
          body: text.slice(0, 500) || null,
          link: `/service/conversations/${conversationId}`,
          data: { conversationId, ruleId: rule.id },
        })),
      );
    if (a.webhook) {
      const now = await this.service.conversations.row(trx, ws, conversationId);
      const body = JSON.stringify({
        type: `conversation.${trigger}`,
        rule: { id: rule.id, name: rule.name },
        conversation: conversationView(now),
        occurredAt: new Date().toISOString(),
      });
      await this.k.jobs.enqueue(ws, WEBHOOK_JOB, { url: a.webhook.url, secret: a.webhook.secret ?? '', body }, { trx });
    }
  }

  // ---------------------------------------------------------------- rules CRUD

  async list(ws: string): Promise<AutomationRuleView[]> {
    const rows = await this.k.db
      .selectFrom('service_automation_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    return rows.map(automationView);
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<AutomationRuleView> {
    const row = await db
      .selectFrom('service_automation_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Automation rule');
    return automationView(row);
  }

  private async prepare(ws: string, a: AutomationActions): Promise<AutomationActions> {
    if (a.set) await this.service.conversations.checkRefs(ws, a.set);
    if (a.assign) await this.service.conversations.checkRefs(ws, { teamId: a.assign.teamId });
    if (a.webhook) {
      await this.k.outbound.checkUrl(a.webhook.url, 'actions.webhook.url');
      return { ...a, webhook: { url: a.webhook.url, secret: a.webhook.secret ?? randomToken(24) } };
    }
    return a;
  }

  async create(actor: Actor, input: AutomationRuleInput): Promise<AutomationRuleView> {
    const ws = actor.workspaceId;
    checkTimeConditions(input.trigger, input.conditions);
    const actions = await this.prepare(ws, input.actions);
    if (!Object.keys(actions).length)
      throw new AppError('VALIDATION_FAILED', 'actions: at least one action', [
        { path: 'actions', message: 'at least one action', code: 'REQUIRED' },
      ]);
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_automation_rules')
        .values({
          workspace_id: ws,
          id: newId(),
          name: input.name,
          trigger: input.trigger,
          position: input.position ?? 0,
          enabled: input.enabled ?? true,
          conditions: JSON.stringify(input.conditions),
          actions: JSON.stringify(actions),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = automationView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'automation_rule',
        entityId: row.id,
        after: view,
        redact: ['actions'],
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<AutomationRuleInput>): Promise<AutomationRuleView> {
    const ws = actor.workspaceId;
    const actions = patch.actions ? await this.prepare(ws, patch.actions) : undefined;
    return this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      if (patch.trigger !== undefined || patch.conditions !== undefined)
        checkTimeConditions(patch.trigger ?? before.trigger, patch.conditions ?? before.conditions);
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.trigger !== undefined) set.trigger = patch.trigger;
      if (patch.position !== undefined) set.position = patch.position;
      if (patch.enabled !== undefined) set.enabled = patch.enabled;
      if (patch.conditions !== undefined) set.conditions = JSON.stringify(patch.conditions);
      if (actions !== undefined) set.actions = JSON.stringify(actions);
      if (!Object.keys(set).length) return before;
      const row = await trx
        .updateTable('service_automation_rules')
        .set({ ...set, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = automationView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'automation_rule',
        entityId: id,
        before,
        after,
        redact: ['actions'],
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      await trx.deleteFrom('service_automation_rules').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'automation_rule',
        entityId: id,
        before,
        redact: ['actions'],
      });
    });
  }
}
