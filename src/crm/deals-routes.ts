import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { STAGE_KINDS } from './pipelines.ts';
import { DEAL_SORTS, DEAL_STATUSES } from './deals.ts';
import { listCountSchema } from './list-counts.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const text = (max = 200) => z.string().trim().min(1).max(max);
const currency = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as RUB');
const probability = z.number().int().min(0).max(100);

const stage = z.object({
  id: z.string(),
  pipelineId: z.string(),
  name: z.string(),
  position: z.number(),
  probability: z.number(),
  kind: z.enum(STAGE_KINDS),
});
export const pipelineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    position: z.number(),
    stages: z.array(stage),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Pipeline', description: 'A sales pipeline with its ordered stages' });
const ref = z.object({ id: z.string(), name: z.string() }).nullable();
export const dealSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    stage: z.object({ id: z.string(), name: z.string(), kind: z.string(), probability: z.number() }).nullable(),
    status: z.enum(DEAL_STATUSES),
    amount: z.number(),
    currency: z.string(),
    probability: z.number().nullable(),
    expectedClose: z.string().nullable(),
    ownerId: z.string().nullable(),
    owner: ref,
    personId: z.string().nullable(),
    person: ref,
    companyId: z.string().nullable(),
    company: ref,
    source: z.string().nullable(),
    campaign: z.string().nullable(),
    region: z.string().nullable(),
    closeReason: z.string().nullable(),
    closedAt: dateTime.nullable(),
    stageEnteredAt: dateTime,
    position: z.number(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    externalId: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'Deal',
    description: 'A deal on a pipeline stage',
    example: {
      id: '0193a1b2-7c4d-7e5f-8a9b-000000000010',
      title: 'Поставка 200 кофемашин',
      pipelineId: '0193a1b2-7c4d-7e5f-8a9b-000000000020',
      stageId: '0193a1b2-7c4d-7e5f-8a9b-000000000021',
      stage: { id: '0193a1b2-7c4d-7e5f-8a9b-000000000021', name: 'Переговоры', kind: 'open', probability: 50 },
      status: 'open',
      amount: 1250000,
      currency: 'RUB',
      probability: null,
      expectedClose: '2026-03-31',
      ownerId: null,
      owner: null,
      personId: null,
      person: null,
      companyId: '0193a1b2-7c4d-7e5f-8a9b-000000000001',
      company: { id: '0193a1b2-7c4d-7e5f-8a9b-000000000001', name: 'ООО «Ромашка»' },
      source: 'Выставка',
      campaign: null,
      region: 'Москва',
      closeReason: null,
      closedAt: null,
      stageEnteredAt: '2026-02-01T10:00:00.000Z',
      position: 0,
      tags: [],
      customFields: {},
      externalId: null,
      createdAt: '2026-01-20T10:00:00.000Z',
      updatedAt: '2026-02-01T10:00:00.000Z',
    },
  });

const stageInput = z.object({
  id: uuid.optional(),
  name: text(100),
  probability: probability.optional(),
  kind: z.enum(STAGE_KINDS).optional(),
});
const dealFields = {
  title: text(300),
  pipelineId: uuid,
  stageId: uuid,
  amount: z.number().min(0).max(1e15),
  currency,
  probability: probability.nullable(),
  expectedClose: z.iso.date({ message: 'must be YYYY-MM-DD' }).nullable(),
  ownerId: uuid.nullable(),
  personId: uuid.nullable(),
  companyId: uuid.nullable(),
  source: z.string().trim().max(200).nullable(),
  campaign: z.string().trim().max(200).nullable(),
  region: z.string().trim().max(200).nullable(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100),
  customFields: z.record(z.string(), z.unknown()),
  externalId: z.string().trim().min(1).max(200).nullable(),
  closeReason: z.string().trim().min(1).max(500).nullable(),
};

const dealListQuery = z.object({
  ...pageQuery,
  pipelineId: uuid.optional(),
  stageId: uuid.optional(),
  status: z.enum(DEAL_STATUSES).optional(),
  ownerId: uuid.optional(),
  personId: uuid.optional(),
  companyId: uuid.optional(),
  q: z.string().max(200).optional().describe('Title, company, source, campaign, region, tag'),
  sort: z.enum(DEAL_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** Pipelines with their stages, deals, the board and the stage history. */
export async function dealRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const actor = (req: any) => principalOf(req).actor;
  const tags = ['crm: deals'];

  r.get(
    '/pipelines',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Pipelines with their ordered stages (a workspace without one gets the default "Sales" pipeline)',
        response: { 200: z.object({ data: z.array(pipelineSchema), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await k.crm.pipelines.list(ws(req)), nextCursor: null }),
  );
  r.get(
    '/pipelines/:id',
    {
      config: { permission: 'crm:read' },
      schema: { tags, summary: 'One pipeline', params: idParam, response: { 200: pipelineSchema } },
    },
    async (req) => k.crm.pipelines.get(ws(req), req.params.id),
  );
  r.post(
    '/pipelines',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Create a pipeline with its stages in order (kind open, won or lost; probability in %)',
        body: z.object({
          name: text(),
          currency: currency.optional(),
          stages: z
            .array(stageInput.omit({ id: true }))
            .min(1)
            .max(50),
        }),
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.pipelines.create(actor(req), req.body)),
  );
  r.patch(
    '/pipelines/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Rename a pipeline, or rename/reorder/add/remove stages: `stages` is the full new list (kept ones with id). Removing a stage with deals → 409',
        params: idParam,
        body: z.object({
          name: text().optional(),
          currency: currency.optional(),
          stages: z.array(stageInput).min(1).max(50).optional(),
        }),
        response: { 200: pipelineSchema },
      },
    },
    async (req) => k.crm.pipelines.update(actor(req), req.params.id, req.body),
  );
  r.delete(
    '/pipelines/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Delete a pipeline (409 while it has open deals)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.pipelines.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/deals',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Create a deal (the stage must belong to the pipeline; a lost stage needs closeReason)',
        body: z.object({
          title: dealFields.title,
          pipelineId: dealFields.pipelineId,
          stageId: dealFields.stageId,
          amount: dealFields.amount.default(0),
          currency: currency.optional(),
          probability: dealFields.probability.optional(),
          expectedClose: dealFields.expectedClose.optional(),
          ownerId: dealFields.ownerId.optional(),
          personId: dealFields.personId.optional(),
          companyId: dealFields.companyId.optional(),
          source: dealFields.source.optional(),
          campaign: dealFields.campaign.optional(),
          region: dealFields.region.optional(),
          tags: dealFields.tags.optional(),
          customFields: dealFields.customFields.optional(),
          externalId: dealFields.externalId.optional(),
          closeReason: dealFields.closeReason.optional(),
        }),
        response: { 201: dealSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.deals.create(actor(req), req.body)),
  );
  r.get(
    '/deals',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Deals, filtered and sorted (keyset pages)',
        querystring: dealListQuery,
        response: { 200: pageOf(dealSchema) },
      },
    },
    async (req) => k.crm.deals.list(ws(req), req.query),
  );
  r.get(
    '/deals/count',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'How many deals the list filters and q select (the same as GET /deals); counting stops at 10000',
        querystring: dealListQuery,
        response: { 200: listCountSchema },
      },
    },
    async (req) => {
      const { limit: _l, cursor: _c, sort: _s, order: _o, ...filters } = req.query;
      return k.crm.deals.count(ws(req), filters);
    },
  );
  r.get(
    '/deals/board',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          "The kanban board of a pipeline (default: the first): one column per stage with its cards in order, the column's count and amount",
        querystring: z.object({
          pipelineId: uuid.optional(),
          ownerId: uuid.optional(),
          status: z.enum(DEAL_STATUSES).optional(),
          q: z.string().max(200).optional(),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(500)
            .default(100)
            .describe('Cards per column (count and amount cover all)'),
        }),
        response: {
          200: z.object({
            pipeline: pipelineSchema,
            columns: z.array(
              z.object({
                stage,
                deals: z.array(dealSchema),
                count: z.number(),
                amount: z
                  .number()
                  .describe('Sum of all amounts whatever their currency (kept for older clients; use byCurrency)'),
                byCurrency: z
                  .array(z.object({ currency: z.string(), count: z.number(), amount: z.number() }))
                  .describe("One total per currency: the pipeline's first, then the largest"),
              }),
            ),
          }),
        },
      },
    },
    async (req) => k.crm.deals.board(ws(req), req.query),
  );
  r.get(
    '/deals/:id',
    {
      config: { permission: 'crm:read' },
      schema: { tags, summary: 'One deal', params: idParam, response: { 200: dealSchema } },
    },
    async (req) => k.crm.deals.get(ws(req), req.params.id),
  );
  r.patch(
    '/deals/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Change a deal (partial; null clears). stageId (with pipelineId to switch pipelines) moves it like /move',
        params: idParam,
        body: z.object(dealFields).partial(),
        response: { 200: dealSchema },
      },
    },
    async (req) => k.crm.deals.update(actor(req), req.params.id, req.body as any),
  );
  r.post(
    '/deals/:id/move',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Move a deal on the board: to a stage of its pipeline and/or a position (the midpoint between the two neighbouring cards). Won/lost stages close the deal (lost needs closeReason); an open stage reopens it',
        params: idParam,
        // stageId is checked after the deal is found, so that a stranger's deal id reads as 404 first.
        body: z.object({
          stageId: uuid.optional().describe('Required'),
          position: z.number().finite().optional(),
          closeReason: dealFields.closeReason.optional(),
        }),
        response: { 200: dealSchema },
      },
    },
    async (req) => k.crm.deals.move(actor(req), req.params.id, req.body),
  );
  r.get(
    '/deals/:id/stage-history',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Every stage change of a deal, oldest first, with the seconds spent in the stage left',
        params: idParam,
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.string(),
                fromStageId: z.string().nullable(),
                fromStage: z.string().nullable(),
                toStageId: z.string(),
                toStage: z.string(),
                toKind: z.string(),
                secondsInFrom: z.number().nullable(),
                actor: z.string().nullable(),
                changedAt: dateTime,
              }),
            ),
          }),
        },
      },
    },
    async (req) => k.crm.deals.stageHistory(ws(req), req.params.id),
  );
  r.delete(
    '/deals/:id',
    {
      config: { permission: 'crm:write' },
      schema: { tags, summary: 'Delete a deal', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await k.crm.deals.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/deals/deleted',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Deleted deals ("Recently deleted"), newest deletion first, keyset-paginated',
        querystring: z.object({
          ...pageQuery,
          q: z
            .string()
            .max(200)
            .optional()
            .describe('Words that must all appear (substring, case-insensitive; no typo fallback)'),
        }),
        response: { 200: pageOf(dealSchema.extend({ deletedAt: dateTime })) },
      },
    },
    async (req) => k.crm.deals.listDeleted(ws(req), req.query),
  );

  r.post(
    '/deals/:id/restore',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Bring a deleted deal back as it was. 409 CONFLICT naming the field: not deleted (deletedAt), pipeline deleted (pipelineId), stage gone (stageId), externalId now held by another live deal',
        params: idParam,
        response: { 200: dealSchema },
      },
    },
    async (req) => k.crm.deals.restore(actor(req), req.params.id),
  );
}
