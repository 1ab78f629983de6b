import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { principalOf } from '../http/principal.ts';
import { dateTime, idParam } from '../http/schemas.ts';
import { pageQuery } from '../http/pagination.ts';

const subscription = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
  secret: z.string().optional(),
});
const statuses = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
const delivery = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(statuses),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: dateTime.nullable(),
  replayOf: z.string().nullable(),
  createdAt: dateTime,
  completedAt: dateTime.nullable(),
});
const deliveryDetail = delivery.extend({
  payload: z.record(z.string(), z.unknown()),
  // Status and timing only: a receiver's answer is never read, kept or shown (it would let a URL read an internal service back).
  attemptLog: z.array(
    z.object({
      attempt: z.number(),
      startedAt: dateTime,
      durationMs: z.number(),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
const url = z.string().min(1).max(2000);
const eventTypes = z.array(z.string().min(1).max(100)).min(1, { message: 'choose at least one event type' }).max(100);

export async function webhookRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;

  r.get(
    '/webhooks/event-types',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Event types a webhook can subscribe to (also `*` and `entity.*`)',
        response: { 200: z.object({ data: z.array(z.object({ type: z.string(), description: z.string() })) }) },
      },
    },
    async () => ({ data: k.webhooks.listEventTypes() }),
  );
  r.get(
    '/webhooks',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook subscriptions',
        response: { 200: z.object({ data: z.array(subscription), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await k.webhooks.list(ws(req)),
      nextCursor: null,
    }),
  );
  r.post(
    '/webhooks',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe a URL to record events. Each delivery is signed: header `Kartoteka-Signature: t=UNIX,v1=HEX` where HEX = HMAC-SHA256(secret, "t.body")',
        description:
          'The URL must reach a public address (422 OUTBOUND_BLOCKED otherwise, checked again at every delivery on the resolved address); an operator opens private ranges or host names with KARTOTEKA_OUTBOUND_ALLOW. Redirects are not followed.',
        body: z.object({
          url,
          eventTypes,
          description: z.string().max(500).optional(),
          active: z.boolean().optional(),
        }),
        response: { 201: subscription },
      },
    },
    async (req, reply) => reply.status(201).send(await k.webhooks.create(principalOf(req).actor, req.body)),
  );
  r.get(
    '/webhooks/:id',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'One subscription, with its signing secret',
        params: idParam,
        response: { 200: subscription },
      },
    },
    async (req) => k.webhooks.get(ws(req), req.params.id),
  );
  r.patch(
    '/webhooks/:id',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change a subscription (or rotate its secret)',
        params: idParam,
        body: z.object({
          url: url.optional(),
          eventTypes: eventTypes.optional(),
          description: z.string().max(500).optional(),
          active: z.boolean().optional(),
          rotateSecret: z.boolean().optional(),
        }),
        response: { 200: subscription },
      },
    },
    async (req) => k.webhooks.update(principalOf(req).actor, req.params.id, req.body),
  );
  r.delete(
    '/webhooks/:id',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a subscription and its delivery log',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await k.webhooks.remove(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/webhooks/:id/test',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a webhook.ping event now',
        params: idParam,
        response: { 202: deliveryDetail },
      },
    },
    async (req, reply) => reply.status(202).send(await k.webhooks.test(principalOf(req).actor, req.params.id)),
  );
  r.get(
    '/webhooks/:id/deliveries',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Delivery log of a subscription, newest first',
        params: idParam,
        querystring: z.object({ ...pageQuery, status: z.enum(statuses).optional() }),
        response: { 200: z.object({ data: z.array(delivery), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => k.webhooks.listDeliveries(ws(req), req.params.id, req.query),
  );
  r.get(
    '/webhook-deliveries/:id',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'One delivery with payload and every attempt (status code, timing, error; never the response body)',
        params: idParam,
        response: { 200: deliveryDetail },
      },
    },
    async (req) => k.webhooks.getDelivery(ws(req), req.params.id),
  );
  r.post(
    '/webhook-deliveries/:id/replay',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again (a new delivery of the same event)',
        params: idParam,
        response: { 202: deliveryDetail },
      },
    },
    async (req, reply) => reply.status(202).send(await k.webhooks.replay(principalOf(req).actor, req.params.id)),
  );
}
