import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../core/db/schema.ts';
import { newId } from '../../core/ids.ts';
import type { ConversationChange } from '../service.ts';
import { AROUND_THE_CLOCK, addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './calendars.ts';
import { policyView, toCalendar, type PolicyView } from './config-store.ts';
import type { ClockOutcome, ServiceSlaClocksTable, SlaMetric } from './tables.ts';

/**
 * SLA clocks, moved by every change of a conversation in the change's own transaction (the
 * service's `hooks.onChange`). The rules, stated once:
 *
 * - **First response**: starts at the conversation's first inbound message; stops at the first
 *   reply by a human agent (direction `out`, author `agent`). Bots, system messages and internal
 *   notes never stop it.
 * - **Next response**: after an agent has replied once, a client message starts it (further client
 *   messages while it runs do not restart it); the next agent reply stops it.
 * - **Resolution**: starts when the conversation is created; `pending` and `on_hold` pause it (the
 *   business minutes used are kept, the due time is recomputed on resume); `solved`/`closed` stop
 *   it. A reopen starts a new resolution cycle with the full target (the solved cycle's outcome
 *   stays as it was) and counts as a reopen (`cycle` = 1 + reopens).
 * - Solving cancels a response clock still running, unless it had already breached (it stays a
 *   breach). A clock stopped at or before its due time is met; later, breached.
 * - The policy is the first enabled one (by position) whose conditions match; the calendar is the
 *   conversation's team's, else the policy's, else around the clock. A change of priority, channel,
 *   topic, inbox or team re-targets the running clocks from their start under the policy that
 *   matches then (a metric the new policy has no target for is cancelled).
 */

const EPS = 1e-6;
const PAUSED = new Set(['pending', 'on_hold']);
const DONE = new Set(['solved', 'closed']);

type Clock = Selectable<ServiceSlaClocksTable>;

interface Conv {
  id: string;
  status: string;
  priority: string;
  channel: string;
  inbox_id: string;
  topic: string | null;
  team_id: string | null;
  person_id: string;
  created_at: Date;
  first_inbound_at: Date | null;
  first_response_at: Date | null;
  reopened_count: number;
  next_response_due_at: Date | null;
}

const targetOf = (p: PolicyView, metric: SlaMetric) =>
  metric === 'first_response'
    ? p.firstResponseMinutes
    : metric === 'next_response'
      ? p.nextResponseMinutes
      : p.resolutionMinutes;

/** The due and warning instants of a clock running since `since` with `elapsed` business minutes used. */
export function scheduleOf(
  cal: BusinessCalendar,
  since: Date,
  target: number,
  elapsed: number,
  warnPercent: number,
): { due: Date | null; warn: Date | null } {
  const due = addBusinessMinutes(cal, since, Math.max(0, target - elapsed));
  const warnLeft = (target * warnPercent) / 100 - elapsed;
  const warn = warnPercent >= 100 ? null : warnLeft > 0 ? addBusinessMinutes(cal, since, warnLeft) : since;
  return { due, warn };
}

export class SlaClocks {
  /** Calendars by id, per transaction-free read (a calendar change applies to clocks scheduled after it). */
  async calendar(db: DbOrTx, ws: string, id: string | null): Promise<BusinessCalendar> {
    if (!id) return AROUND_THE_CLOCK;
    const r = await db
      .selectFrom('service_business_calendars')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toCalendar(r) : AROUND_THE_CLOCK;
  }

  /** The first enabled policy whose conditions hold for the conversation, or null. */
  async policyFor(db: DbOrTx, ws: string, c: Conv): Promise<PolicyView | null> {
    const rows = await db
      .selectFrom('service_sla_policies')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .where('enabled', '=', true)
      .orderBy('position')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    let traits: Record<string, unknown> | null = null;
    for (const p of rows.map(policyView)) {
      const k = p.conditions ?? {};
      if (k.priority?.length && !k.priority.includes(c.priority)) continue;
      if (k.channel?.length && !k.channel.includes(c.channel)) continue;
      if (k.inboxId?.length && !k.inboxId.includes(c.inbox_id)) continue;
      if (k.topic?.length && !(c.topic && k.topic.includes(c.topic))) continue;
      if (k.trait) {
        traits ??=
          (
            await db
              .selectFrom('persons')
              .select('traits')
              .where('workspace_id', '=', ws)
              .where('id', '=', c.person_id)
              .executeTakeFirst()
          )?.traits ?? {};
        const v = traits?.[k.trait];
        if (v == null || v === false || v === '' || v === 0 || v === 'false') continue;
      }
      if (k.segmentId) {
        const m = await db
          .selectFrom('segment_members')
          .select('person_id')
          .where('workspace_id', '=', ws)
          .where('segment_id', '=', k.segmentId)
          .where('person_id', '=', c.person_id)
          .where('exited_at', 'is', null)
          .executeTakeFirst();
        if (!m) continue;
      }
      return p;
    }
    return null;
  }

  private async calendarIdFor(db: DbOrTx, ws: string, c: Conv, p: PolicyView): Promise<string | null> {
    if (c.team_id) {
      const t = await db
        .selectFrom('service_teams')
        .select('calendar_id')
        .where('workspace_id', '=', ws)
        .where('id', '=', c.team_id)
        .executeTakeFirst();
      if (t?.calendar_id) return t.calendar_id;
    }
    return p.calendarId;
  }

  /** Moves the conversation's clocks for one change (the onChange hook). `now` is when status changes happened. */
  async onChange(trx: DbOrTx, ws: string, conversationId: string, change: ConversationChange, now = new Date()) {
    const c = (await trx
      .selectFrom('service_conversations')
      .select([
        'id',
        'status',
        'priority',
        'channel',
        'inbox_id',
        'topic',
        'team_id',
        'person_id',
        'created_at',
        'first_inbound_at',
        'first_response_at',
        'reopened_count',
        'next_response_due_at',
      ])
      .where('workspace_id', '=', ws)
      .where('id', '=', conversationId)
      .executeTakeFirst()) as Conv | undefined;
    if (!c) return;
    const all = await trx
      .selectFrom('service_sla_clocks')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .orderBy('started_at')
      .execute();
    const running = new Map(all.filter((x) => !x.stopped_at).map((x) => [x.metric, x]));
    const ever = (m: SlaMetric) => all.some((x) => x.metric === m);
    const policy = await this.policyFor(trx, ws, c);
    // No policy applies and no clock runs: nothing to move (a desk without SLA pays three reads).
    if (!policy && !running.size) return;
    const calendarId = policy ? await this.calendarIdFor(trx, ws, c, policy) : null;
    const cal = await this.calendar(trx, ws, calendarId);

    const start = async (metric: SlaMetric, at: Date, cycle: number, paused = false) => {
      const target = policy ? targetOf(policy, metric) : null;
      if (!policy || target == null || running.has(metric)) return;
      const s = paused ? { due: null, warn: null } : scheduleOf(cal, at, target, 0, policy.warnPercent);
      const row = await trx
        .insertInto('service_sla_clocks')
        .values({
          workspace_id: ws,
          id: newId(),
          conversation_id: c.id,
          policy_id: policy.id,
          metric,
          cycle,
          target_minutes: target,
          warn_percent: policy.warnPercent,
          calendar_id: calendarId,
          started_at: at,
          running_since: paused ? null : at,
          elapsed_minutes: 0,
          due_at: s.due,
          warn_at: s.warn,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      running.set(metric, row);
    };

    const stop = async (metric: SlaMetric, at: Date, cancel = false) => {
      const x = running.get(metric);
      if (!x) return;
      const clockCal = await this.calendar(trx, ws, x.calendar_id);
      const elapsed = x.elapsed_minutes + (x.running_since ? businessMinutesBetween(clockCal, x.running_since, at) : 0);
      const late = elapsed > x.target_minutes + EPS;
      const outcome: ClockOutcome = cancel ? (x.breached_at ? 'breached' : 'cancelled') : late ? 'breached' : 'met';
      await trx
        .updateTable('service_sla_clocks')
        .set({
          stopped_at: at,
          running_since: null,
          elapsed_minutes: elapsed,
          outcome,
          // A breach found at the stop (the job had not seen it yet) is dated at the due time.
          breached_at: outcome === 'breached' ? (x.breached_at ?? x.due_at ?? at) : x.breached_at,
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', x.id)
        .execute();
      running.delete(metric);
    };

    const pause = async (at: Date) => {
      const x = running.get('resolution');
      if (!x?.running_since) return;
      const clockCal = await this.calendar(trx, ws, x.calendar_id);
      const elapsed = x.elapsed_minutes + businessMinutesBetween(clockCal, x.running_since, at);
      await trx
        .updateTable('service_sla_clocks')
        .set({ running_since: null, elapsed_minutes: elapsed, due_at: null, warn_at: null })
        .where('workspace_id', '=', ws)
        .where('id', '=', x.id)
        .execute();
      running.set('resolution', { ...x, running_since: null, elapsed_minutes: elapsed, due_at: null, warn_at: null });
    };

    const resume = async (at: Date) => {
      const x = running.get('resolution');
      if (!x || x.running_since) return;
      const clockCal = await this.calendar(trx, ws, x.calendar_id);
      const s = scheduleOf(clockCal, at, x.target_minutes, x.elapsed_minutes, x.warn_percent);
      await trx
        .updateTable('service_sla_clocks')
        .set({ running_since: at, due_at: s.due, warn_at: s.warn })
        .where('workspace_id', '=', ws)
        .where('id', '=', x.id)
        .execute();
      running.set('resolution', { ...x, running_since: at, due_at: s.due, warn_at: s.warn });
    };

    // Re-target running clocks that another policy (or calendar) now governs.
    for (const x of [...running.values()]) {
      if (policy && x.policy_id === policy.id && x.calendar_id === calendarId) continue;
      const target = policy ? targetOf(policy, x.metric) : null;
      if (!policy || target == null) {
        await stop(x.metric, now, true);
        continue;
      }
      const s = x.running_since
        ? scheduleOf(cal, x.running_since, target, x.elapsed_minutes, policy.warnPercent)
        : { due: null, warn: null };
      const later = s.due && s.due > now;
      await trx
        .updateTable('service_sla_clocks')
        .set({
          policy_id: policy.id,
          calendar_id: calendarId,
          target_minutes: target,
          warn_percent: policy.warnPercent,
          due_at: s.due,
          warn_at: s.warn,
          ...(later ? { breached_at: null } : {}),
          ...(s.warn && s.warn > now ? { warned_at: null } : {}),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', x.id)
        .execute();
      running.set(x.metric, {
        ...x,
        policy_id: policy.id,
        calendar_id: calendarId,
        target_minutes: target,
        due_at: s.due,
        warn_at: s.warn,
      });
    }

    const msg = change.messageId
      ? await trx
          .selectFrom('service_messages')
          .select(['direction', 'author_kind', 'created_at'])
          .where('workspace_id', '=', ws)
          .where('id', '=', change.messageId)
          .executeTakeFirst()
      : undefined;
    const status = change.fields?.status as string | undefined;

    // Clocks a policy asks for that never started (a conversation created before it matched).
    if (!DONE.has(c.status) && !ever('resolution'))
      await start('resolution', new Date(c.created_at), 1 + c.reopened_count, PAUSED.has(c.status));
    if (!c.first_response_at && c.first_inbound_at && !ever('first_response') && !DONE.has(c.status))
      await start('first_response', new Date(c.first_inbound_at), 1);

    if (msg) {
      const at = new Date(msg.created_at);
      if (msg.direction === 'in' && msg.author_kind === 'client') {
        if (c.first_response_at && !running.has('next_response') && new Date(c.first_response_at) <= at)
          await start('next_response', at, 1 + all.filter((x) => x.metric === 'next_response').length);
      } else if (msg.direction === 'out' && msg.author_kind === 'agent') {
        await stop('first_response', at);
        await stop('next_response', at);
      }
    }

    if (status) {
      if (PAUSED.has(status)) await pause(now);
      else if (DONE.has(status)) {
        await stop('resolution', now);
        await stop('first_response', now, true);
        await stop('next_response', now, true);
      } else {
        const last = all.filter((x) => x.metric === 'resolution').at(-1);
        // Reopened: the solved cycle is over; a new one starts with the full target.
        if (!running.has('resolution') && last?.stopped_at && last.outcome !== 'cancelled')
          await start('resolution', now, last.cycle + 1);
        else await resume(now);
      }
    }
    await this.syncDue(trx, ws, c, running);
  }

  /** The conversation's `next_response_due_at`: the nearest due time of its running clocks. */
  private async syncDue(trx: DbOrTx, ws: string, c: Conv, running: Map<SlaMetric, Clock>) {
    const dues = [...running.values()].map((x) => x.due_at).filter((d): d is Date => !!d);
    const nearest = dues.length ? new Date(Math.min(...dues.map((d) => new Date(d).getTime()))) : null;
    // Most messages move no clock: no write then (the inbound path's hot loop).
    const was = c.next_response_due_at ? new Date(c.next_response_due_at).getTime() : null;
    if (was === (nearest?.getTime() ?? null)) return;
    const id = c.id;
    await trx
      .updateTable('service_conversations')
      .set({ next_response_due_at: nearest })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where(sql<boolean>`next_response_due_at IS DISTINCT FROM ${nearest}`)
      .execute();
  }
}
