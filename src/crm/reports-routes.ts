import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { ACTIVITY_KINDS } from './activities.ts';
import { SALES_GROUPS, SALES_INTERVALS } from './reports.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const bound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be YYYY-MM-DD or an ISO 8601 date-time')
  .refine((v) => !isNaN(Date.parse(v)), 'not a valid date');
const period = {
  from: bound.optional().describe('Start (inclusive): YYYY-MM-DD (UTC day) or an ISO date-time'),
  to: bound.optional().describe('End: YYYY-MM-DD includes that whole day; a date-time is exclusive'),
};
const nullableText = z.string().nullable();
/** Reports with amounts cover one currency at a time (reports.ts). */
const currencyQuery = {
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as RUB')
    .optional()
    .describe('Only deals in this currency (default: the currency most of the matching deals are in)'),
};
const currencyOut = {
  currency: z.string().describe('The currency of every amount in this report (deals in other currencies are left out)'),
  currencies: z.array(z.string()).describe('Every currency the matching deals are in, most deals first'),
};

/** Sales reports (JSON for the ECharts views). */
export async function reportRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const tags = ['crm: reports'];

  r.get(
    '/reports/funnel',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'Funnel of a pipeline (default: the first) for deals created in the period: reached count and amount per stage, conversion to the next stage, average time in stage',
        querystring: z.object({ pipelineId: uuid.optional(), ...period, ...currencyQuery }),
        response: {
          200: z.object({
            pipelineId: z.string(),
            pipelineName: z.string(),
            ...currencyOut,
            stages: z.array(
              z.object({
                stageId: z.string(),
                name: z.string(),
                kind: z.string(),
                count: z.number(),
                amount: z.number(),
                conversionToNext: z.number().nullable(),
                avgSecondsInStage: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => k.crm.reports.funnel(ws(req), req.query),
  );

  r.get(
    '/reports/sales',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Won deals (count and amount) by close period, per region, per owner or in total',
        querystring: z.object({
          interval: z.enum(SALES_INTERVALS).default('month'),
          groupBy: z.enum(SALES_GROUPS).default('none'),
          tz: z.string().max(64).optional().describe('IANA time zone the periods are cut in (default UTC)'),
          pipelineId: uuid.optional(),
          ...period,
          ...currencyQuery,
        }),
        response: {
          200: z.object({
            interval: z.string(),
            groupBy: z.string(),
            tz: z.string(),
            ...currencyOut,
            periods: z.array(z.string()),
            series: z.array(
              z.object({
                key: z.string(),
                label: z.string(),
                count: z.number(),
                amount: z.number(),
                points: z.array(z.object({ period: z.string(), count: z.number(), amount: z.number() })),
              }),
            ),
          }),
        },
      },
    },
    async (req) => k.crm.reports.sales(ws(req), req.query),
  );

  r.get(
    '/reports/activity',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          "Managers' activity in the period: calls (in/out), meetings, visits, tasks done, emails, notes per owner",
        querystring: z.object({
          kind: z.enum(ACTIVITY_KINDS).optional(),
          direction: z.enum(['in', 'out']).optional(),
          ...period,
        }),
        response: {
          200: z.object({
            rows: z.array(
              z.object({
                ownerId: z.string().nullable(),
                ownerName: z.string().nullable(),
                calls: z.number(),
                callsOut: z.number(),
                callsIn: z.number(),
                meetings: z.number(),
                visits: z.number(),
                tasksDone: z.number(),
                emails: z.number(),
                notes: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => k.crm.reports.activity(ws(req), req.query),
  );

  const reasonRow = z.object({ reason: nullableText, count: z.number(), amount: z.number() });
  r.get(
    '/reports/reasons',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Why deals closed in the period were won or lost',
        querystring: z.object({ pipelineId: uuid.optional(), ...period, ...currencyQuery }),
        response: { 200: z.object({ ...currencyOut, won: z.array(reasonRow), lost: z.array(reasonRow) }) },
      },
    },
    async (req) => k.crm.reports.reasons(ws(req), req.query),
  );

  r.get(
    '/reports/sources',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Sources and campaigns of the deals won in the period',
        querystring: z.object({ pipelineId: uuid.optional(), ...period, ...currencyQuery }),
        response: {
          200: z.object({
            ...currencyOut,
            sources: z.array(z.object({ source: nullableText, won: z.number(), amount: z.number() })),
            campaigns: z.array(z.object({ campaign: nullableText, won: z.number(), amount: z.number() })),
          }),
        },
      },
    },
    async (req) => k.crm.reports.sources(ws(req), req.query),
  );
}
