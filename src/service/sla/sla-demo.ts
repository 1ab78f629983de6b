import { sql } from 'kysely';
import { systemActor } from '../../core/auth/actor.ts';
import type { DemoSeeder } from '../../core/module.ts';
import { newId } from '../../core/ids.ts';
import { seededRandom } from '../../core/seeded-random.ts';
import type { ServiceKernel } from '../kernel.ts';
import { rebuildAll } from './rebuild.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/**
 * The bank contact centre's SLA story (runs in the desk's `demo.finish`, after its conversations):
 * a Moscow calendar (weekdays 09–21, Saturday 10–18, the New Year holidays), three policies — VIP
 * clients, urgent/high, standard in business hours — the teams on that calendar, every
 * conversation's clocks rebuilt from its history (so the breaches are those the week really had),
 * and CSAT answers for the solved ones: mostly 4–5, a few low ones that reopened or became tasks.
 * Idempotent: found by name, clocks rebuilt, answers one per conversation and cycle.
 */
export const seedSlaDemo: DemoSeeder<ServiceKernel> = async (k, ctx) => {
  const ws = ctx.workspaceId;
  const actor = systemActor(ws, 'demo');
  const sla = k.service.sla;
  const year = new Date(ctx.now).getUTCFullYear();
  const existing = await sla.config.listCalendars(ws);
  const calendar =
    existing.find((c) => c.name === 'Контакт-центр, Москва') ??
    (await sla.config.createCalendar(actor, {
      name: 'Контакт-центр, Москва',
      timezone: 'Europe/Moscow',
      hours: {
        ...Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '09:00', end: '21:00' }]])),
        sat: [{ start: '10:00', end: '18:00' }],
      },
      holidays: [1, 2, 3, 4, 5, 6, 7, 8].flatMap((d) => [`${year}-01-0${d}`, `${year + 1}-01-0${d}`]),
      workingDays: [],
    }));
  const policies = await sla.config.listPolicies(ws);
  const ensure = async (name: string, input: Parameters<typeof sla.config.createPolicy>[1]) => {
    if (!policies.some((p) => p.name === name)) await sla.config.createPolicy(actor, input);
  };
  await ensure('VIP-клиенты', {
    name: 'VIP-клиенты',
    position: 0,
    conditions: { trait: 'vip' },
    firstResponseMinutes: 15,
    nextResponseMinutes: 30,
    resolutionMinutes: 240,
  });
  await ensure('Срочные и высокие', {
    name: 'Срочные и высокие',
    position: 10,
    conditions: { priority: ['urgent', 'high'] },
    firstResponseMinutes: 30,
    nextResponseMinutes: 60,
    resolutionMinutes: 480,
  });
  await ensure('Стандарт', {
    name: 'Стандарт',
    position: 20,
    firstResponseMinutes: 120,
    nextResponseMinutes: 240,
    resolutionMinutes: 1440,
    calendarId: calendar.id,
  });
  await k.db
    .updateTable('service_teams')
    .set({ calendar_id: calendar.id })
    .where('workspace_id', '=', ws)
    .where('calendar_id', 'is', null)
    .where('deleted_at', 'is', null)
    .execute();

  const clocks = await k.db.transaction().execute((trx) => rebuildAll(trx, sla.clocks, ws, new Date(ctx.now)));

  // CSAT answers for the solved conversations (the requests themselves are not re-sent). Once per
  // workspace: by a second run the desk's jobs may have solved or reopened some, and answers drawn
  // for a different list would land on conversations the first run left without one.
  const answered = await k.db
    .selectFrom('service_csat')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('answered_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  const rnd = seededRandom(1818);
  const solved = answered
    ? []
    : await k.db
        .selectFrom('service_conversations')
        .select(['id', 'person_id', 'assignee_id', 'team_id', 'channel', 'reopened_count', 'solved_at', 'number'])
        .where('workspace_id', '=', ws)
        .where('merged_into', 'is', null)
        .where('status', 'in', ['solved', 'closed'])
        .where('solved_at', 'is not', null)
        .orderBy('number')
        .execute();
  let answers = 0;
  const comments = ['Спасибо, быстро помогли!', 'Всё решили, но пришлось ждать', 'Долго и без результата', null];
  for (const c of solved) {
    if (!rnd.chance(0.7)) continue;
    const roll = rnd.next();
    const score = roll < 0.5 ? 5 : roll < 0.78 ? 4 : roll < 0.88 ? 3 : roll < 0.95 ? 2 : 1;
    const at = new Date(Math.min(new Date(c.solved_at!).getTime() + rnd.int(10, 300) * 60_000, ctx.now - 60_000));
    const comment = score >= 4 ? (rnd.chance(0.4) ? comments[0] : null) : score === 3 ? comments[1] : comments[2];
    const row = await k.db
      .insertInto('service_csat')
      .values({
        workspace_id: ws,
        id: newId(),
        conversation_id: c.id,
        cycle: c.reopened_count,
        person_id: c.person_id,
        agent_id: c.assignee_id,
        team_id: c.team_id,
        channel: c.channel,
        locale: 'ru',
        score,
        comment,
        follow_up: score <= 2 ? 'demo' : null,
        requested_at: new Date(c.solved_at!),
        answered_at: at,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'conversation_id', 'cycle']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    answers++;
    await k.db.transaction().execute(async (trx) => {
      await k.cdp.directory.appendEvents(trx, ws, [
        {
          personId: c.person_id,
          type: 'service',
          event: 'CSAT Answered',
          messageId: `csat:${row.id}`,
          occurredAt: at,
          properties: {
            conversationId: c.id,
            score,
            comment,
            agentId: c.assignee_id,
            teamId: c.team_id,
            channel: c.channel,
          },
        },
      ]);
      await k.cdp.directory.setTraitsOf(trx, ws, [c.person_id], [{ path: 'lastCsat', value: score }]);
    });
  }
  const breaches = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM service_sla_clocks WHERE workspace_id = ${ws} AND breached_at IS NOT NULL
  `.execute(k.db);
  ctx.log(
    `service SLA: calendar, 3 policies, ${clocks} clocks (${breaches.rows[0]?.n ?? 0} breached), ${answers} CSAT answers`,
  );
};
