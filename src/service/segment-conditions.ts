import { sql } from 'kysely';
import { z } from 'zod';
import type { CompileContext, ConditionKind, ConditionRegistry } from '../cdp/index.ts';
import { CONVERSATION_STATUSES, OPEN_STATUSES, PRIORITIES } from './tables.ts';

/**
 * The service desk's segment conditions over tickets and CSAT answers, registered through the
 * CDP's registry when the desk is created. Segments holding them are re-evaluated for a person
 * whenever one of their conversations or answers changes (`k.segments.evaluate(ws, persons,
 * { modules: ['service'] })`, queued in the change's transaction), and on the time recompute when
 * they have a window.
 */

const DURATION = /^(\d{1,5})(m|h|d|w)$/;
const UNIT: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const duration = z.string().regex(DURATION, { message: 'must be a duration such as "30d", "12h", "2w" or "90m"' });
const ms = (d: string) => {
  const m = DURATION.exec(d)!;
  return Number(m[1]) * UNIT[m[2]];
};

/** `active` = any status still being worked on (new, open, pending, on hold, reopened). */
const STATUS_WORDS = [...CONVERSATION_STATUSES, 'active'] as const;
const statuses = (s: string | string[]) =>
  (Array.isArray(s) ? s : [s]).flatMap((x) => (x === 'active' ? [...OPEN_STATUSES] : [x]));

type TicketCond = {
  ticket: { status?: string | string[]; priority?: string | string[]; topic?: string; within?: string };
};

/** `{"ticket":{"status":"open","priority":["high","urgent"],"within":"30d"}}`: has a conversation matching every given field (within: created in that window). */
const ticketKind: ConditionKind<TicketCond> = {
  key: 'ticket',
  module: 'service',
  description: `Has a service conversation (ticket) matching every given field: status (${STATUS_WORDS.join(', ')}; one or a list), priority (${PRIORITIES.join(', ')}; one or a list), topic, within (created in the last "30d")`,
  schema: z.strictObject({
    ticket: z.strictObject({
      status: z
        .union([z.enum(STATUS_WORDS), z.array(z.enum(STATUS_WORDS)).min(1).max(8)], {
          error: `must be one of ${STATUS_WORDS.join(', ')} or a list of them`,
        })
        .optional(),
      priority: z
        .union([z.enum(PRIORITIES), z.array(z.enum(PRIORITIES)).min(1).max(4)], {
          error: `must be one of ${PRIORITIES.join(', ')} or a list of them`,
        })
        .optional(),
      topic: z.string().min(1).max(200).optional(),
      within: duration.optional(),
    }),
  }),
  compile: (c, ctx: CompileContext) => {
    const t = c.ticket;
    const conds = [
      sql`workspace_id = ${ctx.workspaceId}`,
      sql`merged_into IS NULL`,
      ctx.restrict(sql.ref('person_id')),
    ];
    if (t.status) conds.push(sql`status = ANY(${statuses(t.status)}::text[])`);
    if (t.priority) conds.push(sql`priority = ANY(${Array.isArray(t.priority) ? t.priority : [t.priority]}::text[])`);
    if (t.topic) conds.push(sql`topic = ${t.topic}`);
    if (t.within) conds.push(sql`created_at >= ${new Date(ctx.now.getTime() - ms(t.within))}`);
    const alias = ctx.join(
      `ticket:${JSON.stringify(t)}`,
      sql`SELECT person_id, count(*) AS n FROM service_conversations WHERE ${sql.join(conds, sql` AND `)} GROUP BY person_id`,
    );
    return sql<boolean>`(${sql.ref(`${alias}.n`)} IS NOT NULL)`;
  },
  triggers: (c) => [{ on: 'module', name: 'service' }, ...(c.ticket.within ? [{ on: 'time' } as const] : [])],
  example: { ticket: { status: 'active', priority: ['high', 'urgent'] } },
};

type CsatCond = { csat: { lte?: number; gte?: number; within?: string } };

/** `{"csat":{"lte":2,"within":"30d"}}`: answered a CSAT survey with a score in the range (within the window). */
const csatKind: ConditionKind<CsatCond> = {
  key: 'csat',
  module: 'service',
  description: 'Answered a CSAT survey (1–5) with a score ≤ lte and/or ≥ gte, within the last "30d" when given',
  schema: z.strictObject({
    csat: z.strictObject({
      lte: z.number().int().min(1).max(5).optional(),
      gte: z.number().int().min(1).max(5).optional(),
      within: duration.optional(),
    }),
  }),
  compile: (c, ctx) => {
    const k = c.csat;
    const conds = [sql`workspace_id = ${ctx.workspaceId}`, sql`score IS NOT NULL`, ctx.restrict(sql.ref('person_id'))];
    if (k.lte != null) conds.push(sql`score <= ${k.lte}`);
    if (k.gte != null) conds.push(sql`score >= ${k.gte}`);
    if (k.within) conds.push(sql`answered_at >= ${new Date(ctx.now.getTime() - ms(k.within))}`);
    const alias = ctx.join(
      `csat:${JSON.stringify(k)}`,
      sql`SELECT person_id, count(*) AS n FROM service_csat WHERE ${sql.join(conds, sql` AND `)} GROUP BY person_id`,
    );
    return sql<boolean>`(${sql.ref(`${alias}.n`)} IS NOT NULL)`;
  },
  triggers: (c) => [{ on: 'module', name: 'service' }, ...(c.csat.within ? [{ on: 'time' } as const] : [])],
  example: { csat: { lte: 2, within: '30d' } },
};

/** Adds the desk's conditions to the segments' registry (once, when the desk is created). */
export function registerServiceSegmentConditions(registry: ConditionRegistry): void {
  for (const k of [ticketKind, csatKind] as ConditionKind[]) registry.register(k);
}
