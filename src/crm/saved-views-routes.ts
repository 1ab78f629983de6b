import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { PERSON_VIEW_COLUMNS, VIEW_ENTITIES } from './saved-views.ts';

const columnsText = `The list's columns in order. People views: ${PERSON_VIEW_COLUMNS.join(', ')} and cf.KEY for a person custom field, each once (otherwise 400 naming columns.N); empty = the default columns.`;
const savedView = z.object({
  id: z.string(),
  entity: z.enum(VIEW_ENTITIES),
  name: z.string(),
  query: z.record(z.string(), z.unknown()),
  columns: z.array(z.string()).describe(columnsText),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const name = z.string().trim().min(1).max(200);
const query = z
  .record(z.string().max(100), z.unknown())
  .describe('The list parameters (q, filters, cf.KEY, sort, order)');
const columns = z.array(z.string().min(1).max(100)).max(100).describe(columnsText);

/** Saved list views, private to the user (or API key) that made them. */
export async function savedViewRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['crm: saved views'];

  r.get(
    '/views',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'My saved views',
        querystring: z.object({ entity: z.enum(VIEW_ENTITIES).optional() }),
        response: { 200: z.object({ data: z.array(savedView), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await k.crm.views.list(principalOf(req).actor, req.query.entity), nextCursor: null }),
  );

  r.post(
    '/views',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Save a list view (filters, sort, columns)',
        body: z.object({ entity: z.enum(VIEW_ENTITIES), name, query: query.optional(), columns: columns.optional() }),
        response: { 201: savedView },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.views.create(principalOf(req).actor, req.body)),
  );

  r.patch(
    '/views/:id',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Rename a saved view or change its query or columns',
        params: idParam,
        body: z.object({ name: name.optional(), query: query.optional(), columns: columns.optional() }),
        response: { 200: savedView },
      },
    },
    async (req) => k.crm.views.update(principalOf(req).actor, req.params.id, req.body),
  );

  r.delete(
    '/views/:id',
    {
      config: { permission: 'crm:read' },
      schema: { tags, summary: 'Delete a saved view', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await k.crm.views.delete(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
