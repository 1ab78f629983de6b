import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CdpKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { AGGREGATIONS, RFM_SEGMENTS } from './computed-traits.ts';

const definition = z.object({
  id: z.string(),
  key: z.string(),
  event: z.string(),
  property: z.string().nullable(),
  aggregation: z.enum(AGGREGATIONS),
  windowDays: z.number().nullable(),
  createdAt: dateTime,
});

/** The computed traits of a profile (`computedTraits` of GET /persons/{id} and /people/lookup). */
export const computedTraitsSchema = z.object({
  eventCount: z.number(),
  orderCount: z.number(),
  currency: z
    .string()
    .describe(
      "The workspace's currency (setting `currency`, RUB by default): revenue, averageCheck, ltv and predictedLtv12m are in it; an order that names no currency counts as it",
    ),
  revenue: z.number(),
  revenueByCurrency: z
    .record(z.string(), z.number())
    .describe('Order revenue per currency the person paid in, e.g. {"RUB": 1500, "USD": 20}'),
  averageCheck: z.number().nullable(),
  firstOrderAt: dateTime.nullable(),
  lastOrderAt: dateTime.nullable(),
  firstSeenAt: dateTime.nullable(),
  lastSeenAt: dateTime.nullable(),
  sessions: z.number(),
  daysSinceLastActivity: z.number().nullable(),
  purchaseFrequencyDays: z.number().nullable(),
  ltv: z.number(),
  predictedLtv12m: z
    .number()
    .nullable()
    .describe('Null until the person has enough order history for a 12-month prediction: see predictedLtv12mBasis'),
  predictedLtv12mBasis: z
    .object({
      orders: z.number(),
      spanDays: z.number(),
      minOrders: z.number(),
      minSpanDays: z.number(),
      reason: z
        .string()
        .nullable()
        .describe(
          'Why there is no prediction, e.g. "not enough history: 2 orders over 6 days …"; null when there is one',
        ),
    })
    .describe('The history the prediction stands on (orders, days from the first to the last) and the least it needs'),
  rfm: z.object({ r: z.number(), f: z.number(), m: z.number(), segment: z.enum(RFM_SEGMENTS) }).nullable(),
  custom: z.record(z.string(), z.unknown()),
  churnProbability: z
    .number()
    .nullable()
    .optional()
    .describe('Probability (0–1) of no order in the next 90 days, from the insights churn model; null = unknown'),
  predictedLtv: z
    .number()
    .nullable()
    .optional()
    .describe('Predicted revenue over the next 12 months (insights LTV model), in the currency; null = unknown'),
  paymentRisk: z
    .number()
    .nullable()
    .optional()
    .describe('Probability (0–1) that the person defaults on an invoice (insights payment-risk model); null = unknown'),
  customerType: z
    .string()
    .nullable()
    .optional()
    .describe(
      'The customer type (insights customer-types clusters: champions, loyal, new, at_risk, hibernating, bargain_hunters, browsers); null = unknown',
    ),
});

/** Workspace-defined computed traits: GET/POST /computed-traits, DELETE /computed-traits/{id}. */
export async function computedTraitRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cdp'];
  r.get(
    '/computed-traits',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Workspace-defined computed traits',
        response: { 200: z.object({ data: z.array(definition), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await k.cdp.computedTraits.listDefinitions(principalOf(req).actor.workspaceId),
      nextCursor: null,
    }),
  );
  r.post(
    '/computed-traits',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'Define a computed trait: count / sum / avg / min / max / first / last of an event property, optionally over the last N days',
        body: z.object({
          key: z.string().trim().min(1).max(64),
          event: z.string().trim().min(1).max(200),
          property: z.string().trim().min(1).max(200).nullable().optional(),
          // Checked by the service, so that an unknown aggregation gets a message naming the valid ones.
          aggregation: z.string().min(1).max(20),
          windowDays: z.number().nullable().optional(),
        }),
        response: { 201: definition },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await k.cdp.computedTraits.createDefinition(principalOf(req).actor, req.body)),
  );
  r.delete(
    '/computed-traits/:id',
    {
      config: { permission: 'cdp:write' },
      schema: { tags, summary: 'Delete a computed trait definition', params: idParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await k.cdp.computedTraits.deleteDefinition(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
