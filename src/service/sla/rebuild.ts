import type { DbOrTx } from '../../core/db/schema.ts';
import { newId } from '../../core/ids.ts';
import { AROUND_THE_CLOCK, businessMinutesBetween, type BusinessCalendar } from './calendars.ts';
import { toCalendar, type PolicyView } from './config-store.ts';
import { scheduleOf, type SlaClocks } from './clocks.ts';
import type { ClockOutcome, SlaMetric } from './tables.ts';

/**
 * Rebuilds a conversation's clocks from its messages and current state — for data that did not
 * come through the desk's hooks (the demo's history, an import) or after the policies changed.
 * The rules are the clocks' (clocks.ts), with what the desk does not keep taken as simply as it
 * can be: no status history, so a pending or on-hold conversation counts as paused since its last
 * update, and a reopened one's earlier cycles are not replayed (its resolution runs from its
 * creation). A clock past its due time is marked breached at the due time, without notifications.
 */
export async function rebuildClocks(
  trx: DbOrTx,
  clocks: SlaClocks,
  ws: string,
  conversationId: string,
  now = new Date(),
): Promise<number> {
  const c = await trx
    .selectFrom('service_conversations')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  await trx
    .deleteFrom('service_sla_clocks')
    .where('workspace_id', '=', ws)
    .where('conversation_id', '=', conversationId)
    .execute();
  if (!c || c.merged_into) return 0;
  const policy: PolicyView | null = await clocks.policyFor(trx, ws, c);
  if (!policy) return 0;
  let calendarId = policy.calendarId;
  if (c.team_id) {
    const t = await trx
      .selectFrom('service_teams')
      .select('calendar_id')
      .where('workspace_id', '=', ws)
      .where('id', '=', c.team_id)
      .executeTakeFirst();
    if (t?.calendar_id) calendarId = t.calendar_id;
  }
  let cal: BusinessCalendar = AROUND_THE_CLOCK;
  if (calendarId) {
    const r = await trx
      .selectFrom('service_business_calendars')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', calendarId)
      .executeTakeFirst();
    if (r) cal = toCalendar(r);
  }
  const msgs = await trx
    .selectFrom('service_messages')
    .select(['direction', 'author_kind', 'created_at'])
    .where('workspace_id', '=', ws)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .execute();

  let made = 0;
  const add = async (
    metric: SlaMetric,
    target: number | null,
    cycle: number,
    start: Date,
    stop: Date | null,
    pausedAt: Date | null = null,
  ) => {
    if (target == null) return;
    const s = scheduleOf(cal, start, target, 0, policy.warnPercent);
    const end = stop ?? pausedAt;
    const elapsed = end ? businessMinutesBetween(cal, start, end) : 0;
    const late = !!s.due && (stop ? stop > s.due : !pausedAt && now > s.due);
    const lateStopped = stop ? elapsed > target + 1e-6 : false;
    const outcome: ClockOutcome | null = stop ? (lateStopped ? 'breached' : 'met') : null;
    const breached = stop ? lateStopped : late || (!!pausedAt && elapsed > target);
    const warned = s.warn && (stop ?? pausedAt ?? now) >= s.warn;
    await trx
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
        started_at: start,
        running_since: stop || pausedAt ? null : start,
        elapsed_minutes: elapsed,
        due_at: stop || pausedAt ? (stop ? s.due : null) : s.due,
        warn_at: pausedAt ? null : s.warn,
        stopped_at: stop,
        outcome,
        warned_at: warned ? s.warn : null,
        breached_at: breached ? (s.due ?? end ?? now) : null,
      })
      .execute();
    made++;
  };

  const done = c.status === 'solved' || c.status === 'closed';
  // First response: first client message → first agent reply.
  const firstIn = msgs.find((m) => m.direction === 'in' && m.author_kind === 'client');
  if (firstIn) {
    const reply = msgs.find(
      (m) => m.direction === 'out' && m.author_kind === 'agent' && m.created_at >= firstIn.created_at,
    );
    if (reply || !done)
      await add(
        'first_response',
        policy.firstResponseMinutes,
        1,
        new Date(firstIn.created_at),
        reply ? new Date(reply.created_at) : null,
      );
  }
  // Next responses: each client message after an agent reply, to the next agent reply.
  let replied = false;
  let waiting: Date | null = null;
  let cycle = 0;
  for (const m of msgs) {
    if (m.direction === 'out' && m.author_kind === 'agent') {
      if (waiting) await add('next_response', policy.nextResponseMinutes, ++cycle, waiting, new Date(m.created_at));
      waiting = null;
      replied = true;
    } else if (m.direction === 'in' && m.author_kind === 'client' && replied && !waiting)
      waiting = new Date(m.created_at);
  }
  if (waiting && !done) await add('next_response', policy.nextResponseMinutes, ++cycle, waiting, null);
  // Resolution: created → solved (or closed); pending / on hold: paused since the last update.
  const solved = c.solved_at ?? c.closed_at;
  const paused = c.status === 'pending' || c.status === 'on_hold';
  await add(
    'resolution',
    policy.resolutionMinutes,
    1 + c.reopened_count,
    new Date(c.created_at),
    done && solved ? new Date(solved) : null,
    paused ? new Date(c.updated_at) : null,
  );
  return made;
}

/** Every conversation of the workspace (the demo; after a policy change). */
export async function rebuildAll(db: DbOrTx, clocks: SlaClocks, ws: string, now = new Date()): Promise<number> {
  const ids = await db
    .selectFrom('service_conversations')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('merged_into', 'is', null)
    .execute();
  let n = 0;
  for (const { id } of ids) n += await rebuildClocks(db, clocks, ws, id, now);
  return n;
}
