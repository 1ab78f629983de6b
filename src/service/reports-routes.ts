import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { BACKLOG_STEPS, REPORT_GROUPS, type ServiceReports } from './reports.ts';

const time = z.object({ count: z.number(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() });
const row = z.object({
  key: z.string().nullable(),
  volume: z.number().describe('Conversations created in the period'),
  firstResponse: time.describe('First human reply − first inbound message (minutes), by when the reply came'),
  resolution: time.describe('Solved − created (minutes, pending/on hold included), by when it was solved'),
  sla: z.object({ met: z.number(), breached: z.number(), hitRate: z.number().nullable() }),
  csat: z.object({ answered: z.number(), average: z.number().nullable(), satisfiedShare: z.number().nullable() }),
});
const report = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(REPORT_GROUPS),
    timezone: z.string(),
    total: row,
    groups: z.array(row),
    backlogStep: z.enum(BACKLOG_STEPS),
    backlog: z
      .array(z.object({ at: z.string(), open: z.number() }))
      .describe('Open conversations (new, open, pending, on hold, reopened) at each boundary, from the status history'),
  })
  .meta({
    id: 'ServiceReport',
    description:
      'Volume, first response and resolution times (median, p90), SLA hit rate, CSAT and backlog over a period',
  });

/** Under /api/v1: GET /service/reports. */
export async function reportRoutes(app: FastifyInstance, reports: () => ServiceReports) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/service/reports',
    {
      config: { permission: 'service:read' },
      schema: {
        tags: ['service: reports'],
        operationId: 'getServiceReport',
        summary: 'Service desk report over a period (metrics defined in src/service/sla/metrics.ts)',
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).describe('Start (inclusive)'),
          to: z.iso.datetime({ offset: true }).describe('End (exclusive); at most 366 days after from'),
          groupBy: z.enum(REPORT_GROUPS).default('channel'),
          timezone: z.string().max(64).default('UTC').describe('IANA zone for hour/day groups and the backlog days'),
          backlogStep: z
            .enum(BACKLOG_STEPS)
            .default('day')
            .describe('Backlog points at each local day or hour boundary (hourly: periods of at most 31 days)'),
        }),
        response: { 200: report },
      },
    },
    async (req) =>
      reports().report(principalOf(req).actor.workspaceId, {
        from: new Date(req.query.from),
        to: new Date(req.query.to),
        groupBy: req.query.groupBy,
        timezone: req.query.timezone,
        backlogStep: req.query.backlogStep,
      }),
  );
}
