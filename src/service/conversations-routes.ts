import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { pageQuery } from '../core/http/pagination.ts';
import type { ServiceKernel } from './kernel.ts';
import { mustExist } from './conversations-guard.ts';
import { CONVERSATION_SORTS, SLA_FILTERS } from './conversations.ts';
import { CONVERSATION_STATUSES, INBOX_CHANNELS, PRIORITIES } from './tables.ts';

const status = z.enum(CONVERSATION_STATUSES);
const priority = z.enum(PRIORITIES);
const channel = z.enum(INBOX_CHANNELS);
const tag = z.string().trim().min(1).max(100);

export const conversationSchema = z
  .object({
    id: z.string(),
    number: z.number().describe('Per workspace, for people (#1042)'),
    personId: z.string(),
    status,
    priority,
    channel: channel.describe('The last channel the client used (replies go there unless switched)'),
    subject: z.string(),
    assigneeId: z.string().nullable(),
    teamId: z.string().nullable(),
    tags: z.array(z.string()),
    inboxId: z.string(),
    language: z.string().nullable(),
    lastMessageAt: dateTime.nullable(),
    firstResponseAt: dateTime.nullable().describe('The first human reply'),
    mergedInto: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    sla: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The SLA targets and their state; null when no policy applies'),
    personName: z.string().nullable().describe("The person's display name (CRM, else CDP traits); null when unknown"),
  })
  .meta({
    id: 'Conversation',
    description: 'A conversation with a client: the ticket (status, priority, assignee) and its messages',
  });

export const conversationDetailSchema = conversationSchema
  .extend({
    topic: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    reopenedCount: z.number(),
    solvedAt: dateTime.nullable(),
    person: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  })
  .meta({ id: 'ConversationDetail', description: 'A conversation with its topic, custom fields and person' });

export const serviceMessageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    direction: z.enum(['in', 'out', 'note']).describe('in: from the client; out: a reply; note: internal, never sent'),
    channel,
    body: z.string().describe('Plain text'),
    html: z.string().nullable().describe('Sanitised HTML (email), or null'),
    authorKind: z.enum(['client', 'agent', 'bot', 'system']),
    authorUserId: z.string().nullable(),
    mentions: z.array(z.string()),
    engageMessageId: z.string().nullable().describe('The send in the message log (GET /messages/{id})'),
    attachments: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() })),
    createdAt: dateTime,
  })
  .meta({ id: 'ServiceMessage', description: 'One message of a conversation' });

export const statusChangeSchema = z
  .object({
    from: status.nullable().describe('null: the conversation was created'),
    to: status,
    at: dateTime,
    byKind: z.enum(['client', 'agent', 'bot', 'system']).describe('system: automation, merge, a CSAT follow-up'),
    byUserId: z.string().nullable(),
  })
  .meta({ id: 'ConversationStatusChange', description: "One move of a conversation's status" });

const list = z
  .string()
  .max(500)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const convParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** Conversations (tickets): the list with filters, one, field changes, merge and split, messages, attachments, macros. */
export async function conversationsRoutes(app: FastifyInstance, k: ServiceKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service: conversations'];
  const actor = (req: FastifyRequest) => principalOf(req).actor;

  r.get(
    '/conversations',
    {
      config: { permission: 'service:read' },
      schema: {
        tags,
        summary: 'List conversations, newest activity first (filters combine; status and priority take comma lists)',
        querystring: z.object({
          ...pageQuery,
          personId: z.uuid().optional(),
          status: list.pipe(z.array(status)).optional().describe('e.g. new,open,reopened'),
          assigneeId: z
            .union([z.uuid(), z.literal('none')])
            .optional()
            .describe("A user id, or 'none' for unassigned"),
          teamId: z.uuid().optional(),
          inboxId: z.uuid().optional(),
          priority: list.pipe(z.array(priority)).optional(),
          channel: channel.optional(),
          tag: tag.optional(),
          q: z.string().trim().min(1).max(200).optional().describe('Text in the subject or messages, or a #number'),
          sort: z.enum(CONVERSATION_SORTS).optional().describe('Default -lastMessageAt'),
          sla: z
            .enum(SLA_FILTERS)
            .optional()
            .describe(
              'breached: an SLA clock still running (or paused) is past its due time; breaching: one is past its warning, none breached',
            ),
        }),
        response: { 200: z.object({ data: z.array(conversationSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => k.service.conversations.list(actor(req).workspaceId, req.query),
  );

  r.post(
    '/conversations',
    {
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary:
          "Open a ticket for an existing person (201): its first message is an internal note, never sent; routed when neither an assignee nor a team is given. Its inbox: `inboxId`, else the person's latest conversation's, else the oldest on a channel they can be reached on; replies go out on that inbox's channel",
        body: z
          .object({
            personId: z.uuid(),
            subject: z.string().trim().min(1).max(300),
            priority: priority.optional().describe('Default normal'),
            assigneeId: z.uuid().nullable().optional().describe('An active member; the ticket starts open'),
            teamId: z.uuid().nullable().optional(),
            inboxId: z.uuid().nullable().optional(),
            tags: z.array(tag).max(50).optional(),
            note: z
              .string()
              .max(100_000)
              .nullable()
              .optional()
              .describe('The internal note it starts with (default: the subject)'),
            externalId: z
              .string()
              .trim()
              .min(1)
              .max(400)
              .optional()
              .describe('Idempotency: the same key opens one ticket (200 with it, duplicate: true)'),
          })
          .strict(),
        response: {
          201: conversationDetailSchema.extend({ duplicate: z.boolean() }),
          200: conversationDetailSchema.extend({ duplicate: z.boolean() }),
        },
      },
    },
    async (req, reply) => {
      const c = await k.service.conversations.open(actor(req), req.body);
      return reply.status(c.duplicate ? 200 : 201).send(c);
    },
  );

  r.get(
    '/conversations/:id',
    {
      config: { permission: 'service:read' },
      schema: { tags, summary: 'One conversation', params: idParam, response: { 200: conversationDetailSchema } },
    },
    async (req) => k.service.conversations.get(actor(req).workspaceId, req.params.id),
  );

  r.patch(
    '/conversations/:id',
    {
      preValidation: mustExist(k.db, 'conversation'),
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary:
          'Change status, priority, assignee, team, tags, topic or custom fields (audited; 409 for a closed one: closed is final)',
        params: idParam,
        body: z
          .object({
            status: status.optional(),
            priority: priority.optional(),
            assigneeId: z.uuid().nullable().optional(),
            teamId: z.uuid().nullable().optional(),
            tags: z.array(tag).max(50).optional(),
            topic: z.string().trim().min(1).max(100).nullable().optional(),
            language: z.string().trim().min(2).max(10).nullable().optional(),
            subject: z.string().trim().max(300).optional(),
            custom: z
              .record(z.string().max(100), z.unknown())
              .optional()
              .describe('Merged into the stored ones; null removes a key'),
          })
          .strict(),
        response: { 200: conversationDetailSchema },
      },
    },
    async (req) => k.service.conversations.update(actor(req), req.params.id, req.body),
  );

  r.post(
    '/conversations/:id/merge',
    {
      preValidation: mustExist(k.db, 'conversation'),
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Merge this conversation into another (its messages move there; this one is closed, pointing to it)',
        params: idParam,
        body: z.object({ intoId: z.uuid() }).strict(),
        response: { 200: conversationDetailSchema },
      },
    },
    async (req) => k.service.merges.merge(actor(req), req.params.id, req.body.intoId),
  );

  r.post(
    '/conversations/:id/split',
    {
      preValidation: mustExist(k.db, 'conversation'),
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Split messages out into a new conversation (201 with the new one)',
        params: idParam,
        body: z.object({ messageIds: z.array(z.uuid()).min(1).max(1000) }).strict(),
        response: { 201: conversationDetailSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await k.service.merges.split(actor(req), req.params.id, req.body.messageIds)),
  );

  r.get(
    '/conversations/:id/messages',
    {
      config: { permission: 'service:read' },
      schema: {
        tags,
        summary: 'The messages of a conversation, oldest first',
        params: idParam,
        response: { 200: z.object({ data: z.array(serviceMessageSchema) }) },
      },
    },
    async (req) => ({ data: await k.service.messages.list(actor(req).workspaceId, req.params.id) }),
  );

  r.post(
    '/conversations/:id/messages',
    {
      preValidation: mustExist(k.db, 'conversation'),
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary:
          "Reply (sent on the conversation's channel, or `channel` to switch) or an internal note (`internal`: never sent); @user@email or `mentions` notify members",
        params: idParam,
        body: z
          .object({
            body: z.string().min(1).max(100_000),
            channel: channel.optional(),
            inboxId: z
              .uuid()
              .optional()
              .describe(
                "Reply through this inbox (of this workspace, on the reply's channel); default: the inbox the client last wrote from on that channel, else the oldest",
              ),
            internal: z.boolean().optional(),
            mentions: z.array(z.uuid()).max(50).optional(),
          })
          .strict(),
        response: { 201: serviceMessageSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.service.messages.reply(actor(req), req.params.id, req.body)),
  );

  r.get(
    '/conversations/:id/status-changes',
    {
      config: { permission: 'service:read' },
      schema: {
        tags,
        summary: 'How the status moved, oldest first (null → new at creation)',
        params: idParam,
        response: { 200: z.object({ data: z.array(statusChangeSchema) }) },
      },
    },
    async (req) => ({ data: await k.service.statusHistory.list(actor(req).workspaceId, req.params.id) }),
  );

  r.get(
    '/conversations/:id/attachments/:attachmentId',
    {
      config: { permission: 'service:read' },
      schema: {
        tags,
        summary:
          'Download an attachment (always as a file: active types such as HTML or SVG are served as octet-stream)',
        params: convParams.extend({
          attachmentId: z.string().max(100).describe('A malformed id is an attachment that does not exist (404)'),
        }),
        produces: ['application/octet-stream'],
      },
    },
    async (req, reply) => {
      const a = await k.service.messages.attachment(actor(req).workspaceId, req.params.id, req.params.attachmentId);
      reply.header('content-type', a.contentType);
      reply.header('content-disposition', a.disposition);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(a.content);
    },
  );

  r.post(
    '/conversations/:id/macros/:macroId',
    {
      config: { permission: 'service:write' },
      schema: {
        tags,
        summary: 'Apply a macro: its reply and note, then its fields, in one step',
        params: convParams.extend({
          macroId: z.string().max(100).describe('A malformed id is a macro that does not exist (404)'),
        }),
        response: { 200: conversationDetailSchema },
      },
    },
    async (req) => k.service.macros.apply(actor(req), req.params.id, req.params.macroId),
  );
}
