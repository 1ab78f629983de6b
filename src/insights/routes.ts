import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { decodeCursor, encodeCursor } from '../core/http/pagination.ts';
import type { InsightsKernel } from './kernel.ts';
import { CUSTOMER_TYPE_TRAIT } from './customer-types.ts';
import { MODEL_KINDS, MODEL_STATUSES, SCORE_TRAITS } from './tables.ts';

const tags = ['insights'];
const kindParam = z.object({
  kind: z.enum(MODEL_KINDS).describe('churn | propensity | recommendations | payment-risk | ltv | customer-types'),
});

const featureWeight = z.object({ feature: z.string(), weight: z.number() });
const version = z.object({
  version: z.number(),
  status: z.enum(MODEL_STATUSES),
  trainedAt: dateTime.nullable(),
  createdAt: dateTime,
  metrics: z.record(z.string(), z.unknown()),
  baseline: z.record(z.string(), z.unknown()),
  featureImportance: z.array(featureWeight),
  error: z.string().nullable().describe('Why it is not ready: the reason of insufficient_data, or the failure'),
  jobId: z.string().nullable(),
});
const model = z
  .object({
    kind: z.enum(MODEL_KINDS),
    status: z
      .enum([...MODEL_STATUSES, 'untrained'])
      .describe('ready when a model is in use (the latest ready version); else the latest attempt’s status'),
    trainedAt: dateTime.nullable(),
    version: z.number().nullable().describe('The version in use'),
    metrics: z
      .record(z.string(), z.unknown())
      .describe('Held-out metrics of the version in use (auc, topDecileLift …)'),
    baseline: z
      .record(z.string(), z.unknown())
      .describe('The same metrics of the baseline (recency-only, popularity …)'),
    featureImportance: z.array(featureWeight),
    lastAttempt: version.nullable().describe('The latest training when it is not the version in use'),
    history: z.array(version).describe('The latest versions, newest first'),
  })
  .meta({ id: 'InsightsModel', description: 'A kind of model: the version in use, its evaluation and its history' });

const factor = z.object({
  feature: z.string(),
  value: z.number().describe("The person's value of the feature"),
  contribution: z.number().describe('Its share of the score (log-odds for probabilities, currency for LTV)'),
});
const score = z
  .object({
    kind: z.enum(MODEL_KINDS),
    score: z.number(),
    modelVersion: z.number(),
    scoredAt: dateTime,
    factors: z.array(factor).describe('The top factors, largest effect first'),
  })
  .meta({ id: 'PersonScore', description: "A person's score of one kind and what drove it" });

export async function insightsRoutes(app: FastifyInstance, k: InsightsKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;

  r.get(
    '/models',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'listModels',
        summary: 'The five kinds of model: status, last training, metrics vs baseline',
        response: { 200: z.object({ data: z.array(model) }) },
      },
    },
    async (req) => ({ data: await k.insights.listModels(ws(req)) }),
  );

  r.get(
    '/models/:kind',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'getModel',
        summary:
          'A kind of model: the version in use, its held-out metrics and the baseline’s, feature importance, history',
        params: kindParam,
        response: { 200: model },
      },
    },
    async (req) => k.insights.getModel(ws(req), req.params.kind),
  );

  r.post(
    '/models/:kind/train',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'trainModel',
        summary:
          'Queues a training (a new version); its progress is at GET /jobs/{jobId}. Too little data ends it as insufficient_data and keeps the model in use',
        params: kindParam,
        response: {
          202: z.object({ jobId: z.string(), version: z.number().describe('The version being trained') }),
        },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await k.insights.requestTraining(principalOf(req).actor, req.params.kind)),
  );

  r.get(
    '/people/:id/scores',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'getPersonScores',
        summary: "A person's scores with their top factors; a person never scored has none (unknown)",
        params: idParam,
        response: {
          200: z.object({
            data: z.array(score),
            problemClient: z
              .boolean()
              .describe('paymentRisk at or above the setting paymentRiskThreshold: a "problem client" on the CRM card'),
            paymentRiskThreshold: z.number().describe('The setting paymentRiskThreshold (0–1)'),
            customerType: z
              .string()
              .nullable()
              .describe('The customer type (trait customerType, the customer-types model); null = unknown'),
          }),
        },
      },
    },
    async (req) => {
      const data = await k.insights.scores.forPerson(ws(req), req.params.id);
      const threshold = k.config.paymentRiskThreshold;
      const risk = data.find((s) => s.kind === 'payment-risk');
      const id = (await k.cdp.directory.liveId(k.db, ws(req), req.params.id)) ?? req.params.id;
      const type = (await k.cdp.scores.forPerson(ws(req), id))[CUSTOMER_TYPE_TRAIT];
      return {
        data,
        problemClient: !!risk && risk.score >= threshold,
        paymentRiskThreshold: threshold,
        customerType: typeof type === 'string' ? type : null,
      };
    },
  );

  r.get(
    '/insights/at-risk',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'listAtRisk',
        summary: 'At-risk valuable customers: churnProbability ≥ minChurn, by predictedLtv (highest first)',
        querystring: z.object({
          minChurn: z.coerce.number().min(0).max(1).default(0.5).describe('The least churnProbability (0–1)'),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200)'),
          cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
        }),
        response: {
          200: z.object({
            data: z.array(
              z.object({
                personId: z.string(),
                churnProbability: z.number(),
                predictedLtv: z.number().nullable(),
                factors: z.array(factor).describe('The churn score’s top factors'),
                name: z.string().nullable().describe('The CRM name (else the first email); null when the CRM has none'),
                lastOrderAt: dateTime
                  .nullable()
                  .describe('The last order (an "Order Completed" event); null when none'),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const c = decodeCursor<{ l: number | null; i: string }>(req.query.cursor);
      const after = c && typeof c.i === 'string' ? { ltv: typeof c.l === 'number' ? c.l : null, id: c.i } : null;
      const rows = await k.insights.scores.atRisk(ws(req), {
        minChurn: req.query.minChurn,
        limit: req.query.limit,
        after,
      });
      const data = rows.slice(0, req.query.limit);
      const last = data[data.length - 1];
      // The table's name and last order, for this page's people only (through the CRM's and the CDP's services).
      const ids = data.map((x) => x.personId);
      const crm = new Map((await k.crm.people.rowsOf(ws(req), ids)).map((p) => [p.person_id, p]));
      const facts = new Map(
        (await k.cdp.personFacts(ws(req), { before: new Date(), personIds: ids })).map((f) => [f.personId, f]),
      );
      const nameOf = (id: string) => {
        const p = crm.get(id);
        if (!p) return null;
        return [p.first_name, p.last_name].filter(Boolean).join(' ') || p.emails?.[0] || null;
      };
      return {
        data: data.map((x) => ({
          personId: x.personId,
          churnProbability: x.churn,
          predictedLtv: x.ltv ?? null,
          factors: x.factors ?? [],
          name: nameOf(x.personId),
          lastOrderAt: facts.get(x.personId)?.lastOrderAt ?? null,
        })),
        nextCursor:
          rows.length > req.query.limit && last ? encodeCursor({ l: last.ltv ?? null, i: last.personId }) : null,
      };
    },
  );

  r.get(
    '/insights/distributions',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'getScoreDistributions',
        summary: 'A histogram of each score (churnProbability, predictedLtv, paymentRisk) over the scored people',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                kind: z.enum(MODEL_KINDS),
                trait: z.string(),
                count: z.number(),
                min: z.number().nullable(),
                max: z.number().nullable(),
                buckets: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      data: await Promise.all(
        (Object.entries(SCORE_TRAITS) as [keyof typeof SCORE_TRAITS, string][]).map(async ([kind, trait]) => ({
          kind,
          trait,
          ...(await k.insights.scores.distribution(ws(req), kind)),
        })),
      ),
    }),
  );
}
