import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { MESSAGE_STATUSES } from './tables.ts';
import { CHANNEL_TYPES } from './channels/registry.ts';
import { messagingPolicyInput, messagingPolicySchema, readPolicy, writePolicy } from './policy-settings.ts';
import { suppressionRoutes } from './suppressions.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const messageFields = {
  id: z.string(),
  personId: z.string(),
  channelId: z.string(),
  channelType: z.enum(CHANNEL_TYPES as [string, ...string[]]),
  templateId: z.string().nullable(),
  templateVersion: z.number().int().nullable(),
  broadcastId: z.string().nullable(),
  kind: z.enum(['marketing', 'transactional']),
  status: z.enum(MESSAGE_STATUSES),
  reason: z
    .string()
    .nullable()
    .describe(
      'Why it was not sent, bounced or failed: no_consent, suppressed, frequency_cap, no_address, interrupted, render_error, a provider code…',
    ),
  address: z.string().nullable(),
  subject: z.string().nullable(),
  providerId: z.string().nullable(),
  attempts: z.number().int(),
  sendAfter: dateTime.nullable().describe('Waits until then (quiet hours, a retry backoff, throttling)'),
  createdAt: dateTime,
  sentAt: dateTime.nullable(),
  deliveredAt: dateTime.nullable(),
  openedAt: dateTime.nullable(),
  clickedAt: dateTime.nullable(),
};
const messageSchema = z.object(messageFields).meta({ id: 'Message', description: 'A message in the send ledger' });
const messageDetail = z
  .object({
    ...messageFields,
    history: z.array(
      z.object({
        type: z
          .string()
          .describe('queued, sent, delivered, opened, clicked, bounced, failed, suppressed, deferred, retry…'),
        detail: z.record(z.string(), z.unknown()),
        occurredAt: dateTime,
      }),
    ),
  })
  .meta({ id: 'MessageDetail', description: 'A message with its history' });
const accepted = z.object({ id: z.string(), status: z.enum(MESSAGE_STATUSES) }).meta({ id: 'MessageAccepted' });
const bound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be YYYY-MM-DD or an ISO 8601 date-time')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a valid date');
/** A date alone is a whole UTC day: as `to` it includes that day. */
const periodBound = (v: string | undefined, end = false) => {
  if (!v) return undefined;
  const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  return end && v.length === 10 ? new Date(d.getTime() + 86_400_000) : d;
};

/** The send ledger (POST/GET /messages), the delivery policy and the suppression list. */
export async function messagesRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: messages'];

  r.post(
    '/messages',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Queue a message to a person over a channel from a template (202: the sender takes it from here)',
        body: z.object({
          personId: uuid,
          channelId: uuid,
          templateId: uuid,
          data: z.record(z.string(), z.unknown()).optional().describe('Template data: `data.*` in Liquid'),
          idempotencyKey: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe('A repeated request with the same key returns the message it made, never a second one'),
          kind: z
            .enum(['marketing', 'transactional'])
            .optional()
            .describe("Default: the template's kind. Transactional messages skip caps and quiet hours"),
        }),
        response: { 202: accepted },
      },
    },
    async (req, reply) => reply.status(202).send(await k.engage.messages.send(principalOf(req).actor, req.body)),
  );

  r.get(
    '/messages',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'The message log, newest first',
        querystring: z.object({
          ...pageQuery,
          personId: uuid.optional(),
          channelId: uuid.optional(),
          broadcastId: uuid.optional(),
          status: z.enum(MESSAGE_STATUSES).optional(),
          from: bound.optional().describe('Queued at or after: YYYY-MM-DD (UTC day) or an ISO date-time'),
          to: bound.optional().describe('Queued before: YYYY-MM-DD includes that whole day'),
        }),
        response: { 200: pageOf(messageSchema) },
      },
    },
    async (req) => {
      const q = req.query;
      return k.engage.messages.list(principalOf(req).actor.workspaceId, {
        ...q,
        from: periodBound(q.from),
        to: periodBound(q.to, true),
      });
    },
  );

  r.get(
    '/messages/:id',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'A message: its status and history',
        params: idParam,
        response: { 200: messageDetail },
      },
    },
    async (req) => k.engage.messages.get(principalOf(req).actor.workspaceId, req.params.id),
  );

  r.post(
    '/messages/:id/retry',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Queue a failed message again (the same message: its attempts are kept)',
        params: idParam,
        response: { 202: accepted },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await k.engage.messages.retry(principalOf(req).actor.workspaceId, req.params.id)),
  );

  r.get(
    '/messaging/policy',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags: ['engage: policy'],
        summary: 'The delivery policy: frequency caps, quiet hours, default time zone',
        response: { 200: messagingPolicySchema },
      },
    },
    async (req) => readPolicy(k.db, principalOf(req).actor.workspaceId),
  );

  r.put(
    '/messaging/policy',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags: ['engage: policy'],
        summary: 'Replace the delivery policy (marketing messages only; transactional ones skip it)',
        body: messagingPolicyInput,
        response: { 200: messagingPolicySchema },
      },
    },
    async (req) => writePolicy(k.db, principalOf(req).actor.workspaceId, req.body),
  );

  await suppressionRoutes(app, k);
}
