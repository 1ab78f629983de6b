import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import { pageOf, pageQuery } from '../../core/http/pagination.ts';
import { isUuid } from '../../core/ids.ts';
import type { ServiceKernel } from '../kernel.ts';
import { KB_LOCALES, KB_STATUSES } from './tables.ts';

export const articleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string().describe('Plain text or Markdown (shown without HTML)'),
    locale: z.enum(KB_LOCALES),
    tags: z.array(z.string()),
    status: z.enum(KB_STATUSES),
    updatedBy: z.object({ id: z.string().nullable(), label: z.string().nullable() }).nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'KbArticle', description: 'A knowledge-base article (agents search it; the bot answers from it)' });

const body = z
  .object({
    title: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1).max(50_000),
    locale: z.enum(KB_LOCALES),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
    status: z.enum(KB_STATUSES).optional().describe('draft (default) or published: only published ones reach the bot'),
  })
  .strict();

/** Knowledge-base articles: CRUD, ranked search. */
export async function kbRoutes(app: FastifyInstance, k: ServiceKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;
  const tags = ['service: knowledge base'];
  // Another workspace's id is a 404 before the body is validated (no 400 telling it exists).
  const mustExist = async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !isUuid(id)) return;
    const row = await k.db
      .selectFrom('service_kb_articles')
      .select('id')
      .where('workspace_id', '=', ws(req))
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Article');
  };
  r.get(
    '/kb/articles',
    {
      config: { permission: 'service:read' },
      schema: {
        tags,
        summary: 'List or search articles (q: best match first, each in its own language; else newest change first)',
        querystring: z.object({
          ...pageQuery,
          limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size (1–100)'),
          q: z.string().trim().min(1).max(200).optional(),
          locale: z.enum(KB_LOCALES).optional(),
          status: z.enum(KB_STATUSES).optional(),
          tag: z.string().trim().min(1).max(50).optional(),
        }),
        response: { 200: pageOf(articleSchema) },
      },
    },
    async (req) => k.service.kb.list(ws(req), req.query),
  );
  r.post(
    '/kb/articles',
    {
      config: { permission: 'service:write' },
      schema: { tags, summary: 'Create an article', body, response: { 201: articleSchema } },
    },
    async (req, reply) => reply.status(201).send(await k.service.kb.create(actor(req), req.body)),
  );
  r.get(
    '/kb/articles/:id',
    {
      config: { permission: 'service:read' },
      schema: { tags, summary: 'One article', params: idParam, response: { 200: articleSchema } },
    },
    async (req) => k.service.kb.get(ws(req), req.params.id),
  );
  r.patch(
    '/kb/articles/:id',
    {
      preValidation: mustExist,
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Change an article',
        params: idParam,
        body: body.partial(),
        response: { 200: articleSchema },
      },
    },
    async (req) => k.service.kb.update(actor(req), req.params.id, req.body),
  );
  r.delete(
    '/kb/articles/:id',
    {
      config: { permission: 'service:write' },
      schema: { tags, summary: 'Delete an article', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await k.service.kb.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
