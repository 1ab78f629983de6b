import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { CHANNEL_TYPES } from './channels/registry.ts';
import type { ChannelType } from './tables.ts';

const channelType = z.enum(CHANNEL_TYPES as [ChannelType, ...ChannelType[]]);
const configText =
  "The channel's settings, by type (email: host, port, secure, from, user, password, pool, maxConnections, returnPath, dkimDomain, dkimSelector, dkimPrivateKey; webhook: url, secret; …). Secret fields are stored encrypted and never returned; `secretsSet` names the ones set";

export const channelSchema = z
  .object({
    id: z.string(),
    type: channelType,
    name: z.string(),
    config: z.record(z.string(), z.unknown()).describe('The public fields of the config (never a secret)'),
    secretsSet: z.array(z.string()).describe('Secret fields that have a value (password, token, key…)'),
    ratePerSecond: z.number().nullable().describe('Throughput limit, messages per second (null: the default)'),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Channel', description: 'A configured channel: a provider account messages are sent through' });

const name = z.string().trim().min(1).max(200);
const ratePerSecond = z.number().int().min(1).max(100_000).nullable();

/** Channels setup (issue 15, item 1): CRUD and "test connection". */
export async function channelsRoutes(app: FastifyInstance, k: EngageKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: channels'];
  const actor = (req: FastifyRequest) => principalOf(req).actor;

  r.get(
    '/channels',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'List channels',
        querystring: z.object({ ...pageQuery, type: channelType.optional() }),
        response: { 200: pageOf(channelSchema) },
      },
    },
    async (req) => k.engage.channels.list(actor(req).workspaceId, req.query),
  );

  r.post(
    '/channels',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Create a channel (400 naming config.<field>; 422 OUTBOUND_BLOCKED for a refused host or URL)',
        body: z.object({
          type: channelType,
          name,
          config: z.record(z.string(), z.unknown()).describe(configText),
          ratePerSecond: ratePerSecond.optional(),
        }),
        response: { 201: channelSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.engage.channels.create(actor(req), req.body)),
  );

  r.get(
    '/channels/:id',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'One channel', params: idParam, response: { 200: channelSchema } },
    },
    async (req) => k.engage.channels.get(actor(req).workspaceId, req.params.id),
  );

  r.patch(
    '/channels/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary:
          'Change a channel: config fields given replace the stored ones; a secret omitted is kept, null clears it',
        params: idParam,
        body: z.object({
          name: name.optional(),
          config: z.record(z.string(), z.unknown()).optional().describe(configText),
          ratePerSecond: ratePerSecond.optional(),
        }),
        response: { 200: channelSchema },
      },
    },
    async (req) => k.engage.channels.update(actor(req), req.params.id, req.body),
  );

  r.delete(
    '/channels/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: "Delete a channel (its messages still queued fail with reason 'channel_deleted')",
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.engage.channels.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/channels/:id/test',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Test the connection: connects and authenticates without sending (422 with the reason, within 10 s)',
        params: idParam,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => k.engage.channels.test(actor(req).workspaceId, req.params.id),
  );
}
