import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime } from '../core/http/schemas.ts';
import { listCountSchema } from './list-counts.ts';
import { teamSummary } from './team-summary.ts';

const summarySchema = z
  .object({
    day: z.string().describe('The day counted (YYYY-MM-DD in tz)'),
    tz: z.string(),
    from: dateTime.describe("The day's start"),
    to: dateTime.describe("The next day's start"),
    tasksToday: listCountSchema.describe('Open tasks due today'),
    overdueTasks: listCountSchema.describe('Open tasks due before today'),
    callsToday: listCountSchema.describe('Calls logged or planned today'),
    meetingsToday: listCountSchema.describe('Meetings and visits today'),
    newPeopleThisWeek: listCountSchema.describe('People created since Monday'),
    wonThisMonth: z.object({
      count: z.number(),
      byCurrency: z
        .array(z.object({ currency: z.string(), count: z.number(), amount: z.number() }))
        .describe('One total per currency, most deals first'),
    }),
    tasksTodayByAssignee: z
      .array(z.object({ userId: z.string().nullable(), name: z.string().nullable(), count: z.number() }))
      .describe('Open tasks due today per assignee, most first (userId null: unassigned)'),
  })
  .meta({ id: 'TeamSummary', description: "The team's day: the counts the admin's home page shows" });

/** GET /team/summary: the admin's home page in one request. */
export async function teamSummaryRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/team/summary',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags: ['crm: reports'],
        summary:
          "The team's day: open tasks due today (per assignee) and overdue, calls and meetings today, new people this week, deals won this month; each count stops at 10000",
        querystring: z.object({
          tz: z.string().max(64).optional().describe('IANA time zone of the day, week and month (default UTC)'),
          day: z.iso
            .date({ message: 'must be YYYY-MM-DD' })
            .optional()
            .describe('The day to count (default: today in tz)'),
        }),
        response: { 200: summarySchema },
      },
    },
    async (req) => teamSummary(k.db, principalOf(req).actor.workspaceId, req.query),
  );
}
