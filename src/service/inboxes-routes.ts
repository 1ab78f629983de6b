import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import type { ServiceKernel } from './kernel.ts';
import { mustExist } from './conversations-guard.ts';
import { normalIdentity } from './people.ts';
import { invalid } from '../core/errors.ts';
import { INBOX_CHANNELS } from './tables.ts';

export const inboxSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    channel: z.enum(INBOX_CHANNELS),
    address: z.string().nullable().describe('An email inbox: the address its mail comes to (lower-cased)'),
    channelId: z
      .string()
      .nullable()
      .describe('The messaging channel that sends replies (and whose inbound lands here)'),
    settings: z.record(z.string(), z.unknown()),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'Inbox',
    description: 'Where requests land: one channel (email, chat, telegram, vk, whatsapp, sms, api)',
  });

const name = z.string().trim().min(1).max(200);
const address = z.string().trim().max(254);

/** Inboxes CRUD and the API channel (POST /inboxes/{id}/messages). */
export async function inboxesRoutes(app: FastifyInstance, k: ServiceKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service: inboxes'];
  const actor = (req: FastifyRequest) => principalOf(req).actor;

  r.get(
    '/inboxes',
    {
      config: { permission: 'service:read' },
      schema: { tags, summary: 'List inboxes', response: { 200: z.object({ data: z.array(inboxSchema) }) } },
    },
    async (req) => ({ data: await k.service.inboxes.list(actor(req).workspaceId) }),
  );

  r.post(
    '/inboxes',
    {
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Create an inbox (409 ALREADY_EXISTS for an email address another inbox has)',
        body: z
          .object({
            name,
            channel: z.enum(INBOX_CHANNELS),
            address: address.nullable().optional(),
            channelId: z.uuid().nullable().optional(),
            settings: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
        response: { 201: inboxSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.service.inboxes.create(actor(req), req.body)),
  );

  r.get(
    '/inboxes/:id',
    {
      config: { permission: 'service:read' },
      schema: { tags, summary: 'One inbox', params: idParam, response: { 200: inboxSchema } },
    },
    async (req) => k.service.inboxes.get(actor(req).workspaceId, req.params.id),
  );

  r.patch(
    '/inboxes/:id',
    {
      preValidation: mustExist(k.db, 'inbox'),
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Change an inbox (its channel type stays)',
        params: idParam,
        body: z
          .object({
            name: name.optional(),
            address: address.nullable().optional(),
            channelId: z.uuid().nullable().optional(),
            settings: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
        response: { 200: inboxSchema },
      },
    },
    async (req) => k.service.inboxes.update(actor(req), req.params.id, req.body),
  );

  r.delete(
    '/inboxes/:id',
    {
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Delete an inbox (its conversations stay; its address is free again)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.service.inboxes.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/inboxes/:id/messages',
    {
      preValidation: mustExist(k.db, 'inbox'),
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary:
          "The API channel: a client's message from your own system into this inbox (the person found or created by email, phone or userId; idempotent by externalId)",
        params: idParam,
        body: z
          .object({
            from: z
              .object({
                email: z.email().max(254).optional(),
                phone: z.string().trim().min(5).max(32).optional(),
                userId: z.string().trim().min(1).max(255).optional(),
                name: z.string().trim().max(200).optional(),
              })
              .strict()
              .refine((f) => f.email || f.phone || f.userId, { message: 'email, phone or userId is required' }),
            text: z.string().min(1).max(100_000),
            subject: z.string().max(300).optional(),
            externalId: z.string().trim().min(1).max(500),
          })
          .strict(),
        response: {
          201: z.object({
            conversationId: z.string(),
            messageId: z.string(),
            personId: z.string(),
            created: z.boolean().describe('A new conversation was opened'),
            duplicate: z.boolean().describe('This externalId was received before: nothing new was written'),
          }),
        },
      },
    },
    async (req, reply) => {
      const ws = actor(req).workspaceId;
      const inbox = await k.service.inboxes.get(ws, req.params.id);
      const f = req.body.from;
      if (f.phone && !normalIdentity({ kind: 'phone', value: f.phone }))
        throw invalid('from.phone', 'not a valid phone number', 'INVALID_PHONE');
      const out = await k.service.inbound.receive(ws, {
        inboxId: inbox.id,
        channel: 'api',
        identities: [
          ...(f.userId ? [{ kind: 'user_id', value: f.userId }] : []),
          ...(f.email ? [{ kind: 'email', value: f.email }] : []),
          ...(f.phone ? [{ kind: 'phone', value: f.phone }] : []),
        ],
        traits: f.name ? { name: f.name } : {},
        externalId: req.body.externalId,
        text: req.body.text,
        ...(req.body.subject ? { subject: req.body.subject } : {}),
      });
      const { refused: _r, ...rest } = out;
      return reply.status(201).send(rest);
    },
  );
}
