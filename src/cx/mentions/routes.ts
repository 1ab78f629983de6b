import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import { pageOf, pageQuery } from '../../core/http/pagination.ts';
import type { CxKernel } from '../kernel.ts';
import { alertRoutes } from './alerts-routes.ts';
import { sourceRoutes } from './sources-routes.ts';
import { SENTIMENTS } from './tables.ts';

export const mentionAuthorSchema = z
  .object({
    id: z.string(),
    network: z.string(),
    handle: z.string(),
    name: z.string().nullable(),
    profileUrl: z.string().nullable(),
    followers: z.number().nullable(),
    kol: z.boolean().describe('A key opinion leader: followers at or above KARTOTEKA_MENTIONS_KOL_FOLLOWERS'),
    personId: z.string().nullable().describe('The CDP person an identity of the author matched'),
  })
  .meta({ id: 'MentionAuthor', description: "A mention's author on a network, with their reach" });

export const mentionSchema = z
  .object({
    id: z.string(),
    source: z.string().describe("The source's kind (rss, telegram, vk, reviews) or the webhook's `source`"),
    sourceId: z.string().nullable(),
    externalId: z.string().nullable(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    text: z.string(),
    author: mentionAuthorSchema.nullable(),
    authorName: z.string().nullable(),
    personId: z.string().nullable(),
    publishedAt: dateTime,
    receivedAt: dateTime,
    analysis: z.object({
      language: z.string(),
      sentiment: z.object({ label: z.enum(SENTIMENTS), score: z.number() }),
      topics: z.array(z.string()),
      complaint: z.boolean(),
    }),
  })
  .meta({ id: 'Mention', description: 'A public mention of the brand with its text analysis' });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The mentions' and alerts' REST routes under /api/v1. */
export async function mentionsRoutes(app: FastifyInstance, k: CxKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;
  const tags = ['cx: mentions'];
  const mentions = k.cx.mentions;

  r.post(
    '/mentions',
    {
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Receive a mention (the generic webhook connector); a duplicate answers 200 with the stored one',
        description:
          'Deduplicated by (source, externalId), else by the normalised URL, else by author and text. HTML in `text` is removed. The author is linked to a person when authorEmail, authorTelegramId or authorVkId matches an identity.',
        body: z
          .object({
            source: z.string().trim().min(1).max(100),
            text: z.string().min(1).max(100_000),
            url: z
              .url({ protocol: /^https?$/ })
              .max(2000)
              .nullable()
              .optional(),
            author: z.string().trim().min(1).max(300).nullable().optional(),
            publishedAt: z.iso.datetime({ offset: true }).nullable().optional(),
            externalId: z.string().trim().min(1).max(400).nullable().optional(),
            title: z.string().max(1000).nullable().optional(),
            authorFollowers: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
            authorEmail: z.email().max(254).nullable().optional(),
            authorTelegramId: z.string().trim().min(1).max(40).nullable().optional(),
            authorVkId: z
              .string()
              .trim()
              .regex(/^\d{1,20}$/)
              .nullable()
              .optional(),
          })
          .strict(),
        response: { 200: mentionSchema, 201: mentionSchema },
      },
    },
    async (req, reply) => {
      const { mention, created } = await mentions.receive(actor(req), req.body);
      return reply.status(created ? 201 : 200).send(mention);
    },
  );
  r.get(
    '/mentions',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'List mentions with their analysis, newest first',
        querystring: z.object({
          ...pageQuery,
          sentiment: z.enum(SENTIMENTS).optional(),
          source: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .optional()
            .describe('A source id, or a source label (rss, vk, …, a webhook source)'),
          topic: z.string().trim().min(1).max(100).optional(),
          authorId: z.uuid().optional(),
          author: z.string().trim().min(1).max(200).optional().describe("Text in the author's name or handle"),
          personId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).optional().describe('Published at or after'),
          to: z.iso.datetime({ offset: true }).optional().describe('Published before'),
          kol: bool.optional().describe('Only key opinion leaders'),
          complaint: bool.optional(),
        }),
        response: { 200: pageOf(mentionSchema) },
      },
    },
    async (req) => mentions.store.list(ws(req), req.query),
  );
  r.get(
    '/mentions/:id',
    {
      config: { permission: 'cx:read' },
      schema: { tags, summary: 'One mention', params: idParam, response: { 200: mentionSchema } },
    },
    async (req) => mentions.store.get(ws(req), req.params.id),
  );
  r.delete(
    '/mentions/:id',
    {
      config: { permission: 'cx:write' },
      schema: { tags, summary: 'Delete a mention', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await mentions.store.delete(ws(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  await sourceRoutes(app, k);
  await alertRoutes(app, k);
}
