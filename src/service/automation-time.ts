import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Service } from './service.ts';
import type { AutomationConditions, TimeCondition } from './automation-time-conditions.ts';

export const TIME_SCAN = 'service.automation-time';
/** Seconds between scans in each worker. */
export const TIME_SCAN_SECONDS = 60;
/** Conversations one rule fires for in one scan, and rules read per scan: the rest wait for the next. */
const BATCH = 100;
const RULES_PER_SCAN = 500;

interface TimeRule {
  workspace_id: string;
  id: string;
  name: string;
  position: number;
  conditions: AutomationConditions;
  actions: unknown;
}

/**
 * Time-based automation (issue 18, item 5): every minute each worker looks, in SQL and in bounded
 * batches, for conversations that have been in a rule's state long enough, and runs the rule's
 * actions on each in its own transaction. A firing is keyed by (rule, conversation, the instant it
 * entered the state): the row is claimed with the actions, so two workers, a retry or a restart
 * never fire it twice, and it fires again only after the conversation leaves the state and enters
 * it anew (solved → reopened → solved again).
 */
export class TimeAutomation {
  /** Where the next scan goes on when one scan could not read every rule (only fairness; not state). */
  private after: string | null = null;

  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {
    k.jobs.every(TIME_SCAN, TIME_SCAN_SECONDS, () => this.scan());
  }

  /** One pass over every workspace's time rules as of `now` (tests pass their own clock). Returns the firings. */
  async scan(now = new Date()): Promise<number> {
    // More rules than one scan takes: the next scan goes on after the last one read (then wraps around).
    const read = (after: string | null) => {
      let q = this.k.db
        .selectFrom('service_automation_rules')
        .select(['workspace_id', 'id', 'name', 'position', 'conditions', 'actions'])
        .where('trigger', '=', 'time')
        .where('enabled', '=', true);
      if (after) q = q.where('id', '>', after);
      return q.orderBy('id').limit(RULES_PER_SCAN).execute() as unknown as Promise<TimeRule[]>;
    };
    let rules = await read(this.after);
    if (!rules.length && this.after) rules = await read(null);
    this.after = rules.length === RULES_PER_SCAN ? rules[rules.length - 1]!.id : null;
    // Within a workspace, in the rules' order (as the other triggers run them).
    rules.sort((a, b) => a.workspace_id.localeCompare(b.workspace_id) || a.position - b.position);
    let fired = 0;
    for (const rule of rules) {
      if (!rule.conditions.time) continue;
      const due = await this.candidates(this.k.db, rule, now, null);
      for (const c of due) if (await this.fire(rule, c.id, new Date(c.entered_at), now)) fired++;
    }
    return fired;
  }

  /** Conversations of the rule's workspace in its state for long enough and not yet fired for that entry. */
  private async candidates(db: DbOrTx, rule: TimeRule, now: Date, only: string | null) {
    const ws = rule.workspace_id;
    const c = rule.conditions;
    const t = c.time as TimeCondition;
    const cutoff = new Date(now.getTime() - t.minutes * 60_000);
    const entered = enteredAt(t);
    const filters: RawBuilder<unknown>[] = [];
    if (t.statuses?.length) filters.push(sql`c.status IN (${sql.join(t.statuses)})`);
    else if (t.event !== 'status') filters.push(sql`c.status NOT IN ('solved', 'closed')`);
    if (t.event === 'unassigned') filters.push(sql`c.assignee_id IS NULL`);
    if (c.channels?.length) filters.push(sql`c.channel IN (${sql.join(c.channels)})`);
    if (c.inboxIds?.length) filters.push(sql`c.inbox_id IN (${sql.join(c.inboxIds.map((i) => sql`${i}::uuid`))})`);
    if (c.priorities?.length) filters.push(sql`c.priority IN (${sql.join(c.priorities)})`);
    if (c.languages?.length) filters.push(sql`c.language IN (${sql.join(c.languages)})`);
    if (c.topics?.length) filters.push(sql`lower(c.topic) IN (${sql.join(c.topics.map((x) => x.toLowerCase()))})`);
    if (only) filters.push(sql`c.id = ${only}::uuid`);
    // Milliseconds: the firing's key goes through a JS Date and must compare equal next time.
    const r = await sql<{ id: string; entered_at: Date }>`
      SELECT x.id, x.entered_at FROM (
        SELECT c.id, date_trunc('milliseconds', ${entered}) AS entered_at
        FROM service_conversations c
        WHERE c.workspace_id = ${ws}::uuid AND c.merged_into IS NULL AND c.status <> 'closed'
          ${filters.length ? sql`AND ${sql.join(filters, sql` AND `)}` : sql``}
      ) x
      WHERE x.entered_at IS NOT NULL AND x.entered_at <= ${cutoff}::timestamptz
        AND NOT EXISTS (
          SELECT 1 FROM service_automation_firings f
          WHERE f.workspace_id = ${ws}::uuid AND f.rule_id = ${rule.id}::uuid
            AND f.conversation_id = x.id AND f.entered_at = x.entered_at
        )
      ORDER BY x.entered_at, x.id
      LIMIT ${BATCH}
    `.execute(db);
    return r.rows;
  }

  /**
   * Claims the firing and runs the actions in one transaction, the conversation locked and its
   * state checked again (an agent may have moved it since the scan read it). Failing actions roll
   * back and the firing is kept with its error, so one broken rule does not fire every minute.
   */
  private async fire(rule: TimeRule, conversationId: string, entered: Date, now: Date): Promise<boolean> {
    const ws = rule.workspace_id;
    try {
      return await this.service.hooks.transact(async (trx, emit) => {
        await this.service.conversations.row(trx, ws, conversationId, true);
        const still = await this.candidates(trx, rule, now, conversationId);
        if (!still.some((x) => new Date(x.entered_at).getTime() === entered.getTime())) return false;
        const claimed = await trx
          .insertInto('service_automation_firings')
          .values({
            workspace_id: ws,
            rule_id: rule.id,
            conversation_id: conversationId,
            entered_at: entered,
            fired_at: now,
            error: null,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('rule_id')
          .executeTakeFirst();
        if (!claimed) return false;
        await this.service.automation.act(trx, emit, ws, conversationId, rule, 'time', '');
        return true;
      });
    } catch (err) {
      this.k.log.warn({ err, ruleId: rule.id, conversationId }, 'service: a time rule failed');
      await this.k.db
        .insertInto('service_automation_firings')
        .values({
          workspace_id: ws,
          rule_id: rule.id,
          conversation_id: conversationId,
          entered_at: entered,
          fired_at: now,
          error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return false;
    }
  }
}

/** When the conversation entered the rule's state (null: not in it). */
function enteredAt(t: TimeCondition): RawBuilder<Date | null> {
  switch (t.event) {
    case 'status':
      return sql`coalesce((
        SELECT max(h.at) FROM service_conversation_status_changes h
        WHERE h.workspace_id = c.workspace_id AND h.conversation_id = c.id
      ), c.created_at)`;
    case 'unassigned':
      return sql`c.created_at`;
    case 'no_agent_reply':
      return sql`(
        SELECT min(m.created_at) FROM service_messages m
        WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id AND m.direction = 'in'
          AND m.created_at > coalesce((
            SELECT max(a.created_at) FROM service_messages a
            WHERE a.workspace_id = c.workspace_id AND a.conversation_id = c.id
              AND a.direction = 'out' AND a.author_kind = 'agent'
          ), '-infinity'::timestamptz)
      )`;
  }
}
