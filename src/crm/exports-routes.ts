import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../core/kernel.ts';
import { principalOf } from '../core/http/app.ts';
import { customFieldQuery, peopleListQuery } from './people-routes.ts';
import { COMPANY_SORTS } from './companies.ts';
import { DEAL_SORTS, DEAL_STATUSES } from './deals.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const csv = { produces: ['text/csv'] };

/** CSV export of the people, companies and deals list views (same query parameters as the lists). */
export async function exportRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const tags = ['crm'];
  const send = (reply: FastifyReply, name: string, stream: Readable) => {
    const date = new Date().toISOString().slice(0, 10);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${name}-${date}.csv"`);
    return reply.send(stream);
  };

  r.get('/people/export.csv', {
    config: { permission: 'crm:read' },
    schema: { tags, summary: 'The people list view as CSV (same search, filters and sort as GET /people; all pages; UTF-8 with BOM)', querystring: peopleListQuery.omit({ limit: true, cursor: true }), ...csv },
  }, async (req, reply) => send(reply, 'people', await k.crm.exports.people(ws(req), { ...req.query, customFields: customFieldQuery(req.query) })));

  r.get('/companies/export.csv', {
    config: { permission: 'crm:read' },
    schema: {
      tags,
      summary: 'The companies list view as CSV (same search, filters and sort as GET /companies; UTF-8 with BOM)',
      querystring: z
        .object({
          q: z.string().max(200).optional(),
          sort: z.enum(COMPANY_SORTS).optional(),
          order: z.enum(['asc', 'desc']).optional(),
          ownerId: uuid.optional(),
          industry: z.string().max(200).optional(),
          city: z.string().max(200).optional(),
          tag: z.string().max(100).optional(),
        })
        .catchall(z.string().max(500)),
      ...csv,
    },
  }, async (req, reply) => send(reply, 'companies', await k.crm.exports.companies(ws(req), { ...req.query, customFields: customFieldQuery(req.query) })));

  r.get('/deals/export.csv', {
    config: { permission: 'crm:read' },
    schema: {
      tags,
      summary: 'The deals list view as CSV (same filters and sort as GET /deals; UTF-8 with BOM)',
      querystring: z.object({
        pipelineId: uuid.optional(),
        stageId: uuid.optional(),
        status: z.enum(DEAL_STATUSES).optional(),
        ownerId: uuid.optional(),
        personId: uuid.optional(),
        companyId: uuid.optional(),
        q: z.string().max(200).optional(),
        sort: z.enum(DEAL_SORTS).optional(),
        order: z.enum(['asc', 'desc']).optional(),
      }),
      ...csv,
    },
  }, async (req, reply) => send(reply, 'deals', await k.crm.exports.deals(ws(req), req.query)));
}
