import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { customFieldQuery, peopleListQuery } from './people-routes.ts';
import { COMPANY_SORTS } from './companies.ts';
import { DEAL_SORTS, DEAL_STATUSES } from './deals.ts';
import type { ExportEntity } from './exports.ts';
import { idParam } from '../core/http/schemas.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const csv = { produces: ['text/csv'] };
const started = z.object({
  jobId: z.string(),
  statusUrl: z.string().describe('GET it for state and progress (the jobs API)'),
  downloadUrl: z.string().describe('GET it when the job is completed'),
  fileName: z.string(),
});
const companiesQuery = z
  .object({
    q: z.string().max(200).optional(),
    sort: z.enum(COMPANY_SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    ownerId: uuid.optional(),
    industry: z.string().max(200).optional(),
    city: z.string().max(200).optional(),
    tag: z.string().max(100).optional(),
  })
  .catchall(z.string().max(500));
const dealsQuery = z.object({
  pipelineId: uuid.optional(),
  stageId: uuid.optional(),
  status: z.enum(DEAL_STATUSES).optional(),
  ownerId: uuid.optional(),
  personId: uuid.optional(),
  companyId: uuid.optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(DEAL_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
const peopleQuery = peopleListQuery.omit({ limit: true, cursor: true });

/**
 * CSV export of the people, companies and deals list views (same query parameters as the lists):
 * `GET …/export.csv` streams it (chunked, yielding; `Prefer: respond-async` on a large workspace
 * gets a job instead), `POST …/export` queues a job whose file `GET /exports/{jobId}/download` serves.
 */
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
  const queryOf = (entity: ExportEntity, q: Record<string, any>) =>
    entity === 'deals' ? q : { ...q, customFields: customFieldQuery(q) };
  /** The GET: a stream, or a job for a client that prefers one when the workspace is large. */
  const download = async (req: any, reply: FastifyReply, entity: ExportEntity) => {
    const q = queryOf(entity, req.query);
    if (/respond-async/i.test(String(req.headers.prefer ?? '')) && (await k.crm.exports.isLarge(ws(req), entity))) {
      reply.header('preference-applied', 'respond-async');
      return reply.status(202).send(await k.crm.exports.start(ws(req), entity, q));
    }
    return send(reply, entity, await k.crm.exports.open(ws(req), entity, q));
  };
  const asJob = (entity: ExportEntity, querystring: z.ZodTypeAny, what: string) =>
    r.post(
      `/${entity}/export`,
      {
        config: { permission: 'crm:read' },
        schema: {
          tags,
          summary: `Export the ${what} list view as a background job (same query parameters as GET /${entity}/export.csv); 202 with the job and its download link`,
          querystring,
          response: { 202: started },
        },
      },
      async (req, reply) =>
        reply
          .status(202)
          .send(await k.crm.exports.start(ws(req), entity, queryOf(entity, req.query as Record<string, any>))),
    );

  r.get(
    '/people/export.csv',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'The people list view as CSV (same search, filters and sort as GET /people; all pages; UTF-8 with BOM). With `Prefer: respond-async` on a workspace over the sync limit: 202 and a job instead',
        querystring: peopleQuery,
        response: { 202: started },
        ...csv,
      },
    },
    async (req, reply) => download(req, reply, 'people'),
  );

  r.get(
    '/companies/export.csv',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'The companies list view as CSV (same search, filters and sort as GET /companies; UTF-8 with BOM)',
        querystring: companiesQuery,

        response: { 202: started },
        ...csv,
      },
    },
    async (req, reply) => download(req, reply, 'companies'),
  );

  r.get(
    '/deals/export.csv',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'The deals list view as CSV (same filters and sort as GET /deals; UTF-8 with BOM)',
        querystring: dealsQuery,

        response: { 202: started },
        ...csv,
      },
    },
    async (req, reply) => download(req, reply, 'deals'),
  );

  asJob('people', peopleQuery, 'people');
  asJob('companies', companiesQuery, 'companies');
  asJob('deals', dealsQuery, 'deals');

  r.get(
    '/exports/:id/download',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'The CSV file of a completed export job (kept 7 days); 409 while it runs',
        params: idParam,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const f = await k.crm.exports.file(ws(req), req.params.id);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${f.fileName.replace(/[^\w.-]/g, '_')}"`);
      return reply.send(f.stream);
    },
  );
}
