import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import type { CxKernel } from '../kernel.ts';
import { mustExist } from './guard.ts';
import { SOURCE_KINDS } from './tables.ts';

export const mentionSourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    url: z.string().nullable(),
    enabled: z.boolean(),
    pollMinutes: z.number(),
    settings: z.object({
      channel: z.string().optional(),
      query: z.string().optional(),
      method: z.enum(['newsfeed.search', 'wall.search']).optional(),
      ownerId: z.number().optional(),
      apiVersion: z.string().optional(),
      format: z.enum(['auto', 'rss', 'json']).optional(),
      accessTokenSet: z.boolean().optional().describe('VK: a token is stored (sealed; never shown)'),
    }),
    status: z.object({
      polledAt: dateTime.nullable(),
      lastOkAt: dateTime.nullable(),
      lastError: z.string().nullable(),
      lastFetched: z.number(),
      fetchedTotal: z.number(),
    }),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'MentionSource',
    description: 'Where mentions are read from: a feed, a Telegram bridge, VK search, a review site',
  });

const settingsBody = z
  .object({
    channel: z
      .string()
      .trim()
      .regex(/^@?[A-Za-z0-9_]{3,64}$/, 'a public channel username')
      .optional(),
    query: z.string().trim().min(1).max(500).optional(),
    method: z.enum(['newsfeed.search', 'wall.search']).optional(),
    ownerId: z.number().int().optional(),
    apiVersion: z
      .string()
      .regex(/^\d+\.\d+$/)
      .optional(),
    accessToken: z.string().max(1000).optional().describe('VK: write-only, sealed at rest; "" removes it'),
    format: z.enum(['auto', 'rss', 'json']).optional(),
  })
  .strict();

const sampleSchema = z.object({
  externalId: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  text: z.string(),
  publishedAt: dateTime.nullable().optional(),
  author: z
    .object({
      network: z.string(),
      handle: z.string(),
      name: z.string().nullable().optional(),
      followers: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
});

/** Mention sources: configure, test, poll now. */
export async function sourceRoutes(app: FastifyInstance, k: CxKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;
  const tags = ['cx: mention sources'];
  const m = k.cx.mentions;
  const body = z
    .object({
      name: z.string().trim().min(1).max(200),
      kind: z.enum(SOURCE_KINDS),
      url: z
        .string()
        .trim()
        .max(2000)
        .nullable()
        .optional()
        .describe('The feed, the bridge, the review site; VK: the API base (default https://api.vk.com)'),
      enabled: z.boolean().optional(),
      pollMinutes: z.number().int().min(1).max(10_080).optional(),
      settings: settingsBody.optional(),
    })
    .strict();

  r.get(
    '/mention-sources',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'List mention sources',
        response: { 200: z.object({ data: z.array(mentionSourceSchema) }) },
      },
    },
    async (req) => ({ data: await m.sources.list(ws(req)) }),
  );
  r.post(
    '/mention-sources',
    {
      config: { permission: 'cx:write' },
      schema: { tags, summary: 'Add a mention source', body, response: { 201: mentionSourceSchema } },
    },
    async (req, reply) => reply.status(201).send(await m.sources.create(actor(req), req.body)),
  );
  r.get(
    '/mention-sources/:id',
    {
      config: { permission: 'cx:read' },
      schema: { tags, summary: 'One mention source', params: idParam, response: { 200: mentionSourceSchema } },
    },
    async (req) => m.sources.get(ws(req), req.params.id),
  );
  r.patch(
    '/mention-sources/:id',
    {
      preValidation: mustExist(k.db, 'source'),
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Change a mention source',
        params: idParam,
        body: body.omit({ kind: true }).partial(),
        response: { 200: mentionSourceSchema },
      },
    },
    async (req) => m.sources.update(actor(req), req.params.id, req.body),
  );
  r.delete(
    '/mention-sources/:id',
    {
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Delete a mention source (its mentions stay)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await m.sources.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/mention-sources/:id/test',
    {
      preValidation: mustExist(k.db, 'source'),
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Read the source now without storing anything: what it gives, or why it fails',
        params: idParam,
        response: {
          200: z.object({
            ok: z.boolean(),
            items: z.number(),
            sample: z.array(sampleSchema),
            error: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => m.poller.test(await m.sources.row(ws(req), req.params.id)),
  );
  r.post(
    '/mention-sources/:id/poll',
    {
      preValidation: mustExist(k.db, 'source'),
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Poll the source now (stores new mentions, records the outcome); 409 while another poll holds it',
        params: idParam,
        response: {
          200: z.object({
            fetched: z.number(),
            created: z.number(),
            duplicates: z.number(),
            error: z.string().optional(),
          }),
        },
      },
    },
    async (req) => {
      const row = await m.sources.row(ws(req), req.params.id);
      if (row.kind === 'webhook')
        return { fetched: 0, created: 0, duplicates: 0, error: 'a webhook source is not polled' };
      const res = await m.poller.poll(ws(req), req.params.id);
      if (!res) throw new AppError('CONFLICT', 'the source is being polled');
      return res;
    },
  );
}
