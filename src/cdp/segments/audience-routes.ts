import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CdpKernel as Kernel } from '../kernel.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam } from '../../core/http/schemas.ts';

const historyDay = z
  .object({
    day: z.string().describe('A UTC day, YYYY-MM-DD'),
    size: z.number().describe('Members at the end of the day'),
    entered: z.number(),
    exited: z.number(),
  })
  .meta({ id: 'SegmentHistoryDay', description: "A day of a segment's size history" });

const destination = z
  .object({
    id: z.string(),
    segmentId: z.string(),
    url: z.string(),
    description: z.string(),
    active: z.boolean(),
    lastSyncAt: dateTime.nullable().describe('The last sync every page of which was acknowledged'),
    lastStatus: z.enum(['succeeded', 'failed']).nullable(),
    lastError: z.string().nullable().describe('Why the last sync failed: `HTTP 500`, `timeout after 10000 ms`, …'),
    createdAt: dateTime,
    secret: z.string().optional().describe('The signing secret: in the answer to its creation only'),
  })
  .meta({ id: 'SegmentDestination', description: "A URL that receives a segment's added/removed members" });

const destParams = idParam.extend({ destId: z.string().max(100) });

/** Size history and audience syncs to destinations (issue 14, items 6 and 8). */
export async function audienceRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['segments'];
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;

  r.get(
    '/segments/:id/history',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: "A segment's size per UTC day, oldest first, from the day it was created",
        params: idParam,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
        response: { 200: z.object({ data: z.array(historyDay) }) },
      },
    },
    async (req) => {
      const seg = await k.segments.get(ws(req), req.params.id);
      return { data: await k.audiences.history.days(ws(req), seg, req.query.days) };
    },
  );

  r.get(
    '/segments/:id/destinations',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: "A segment's audience destinations (without their secrets)",
        params: idParam,
        response: { 200: z.object({ data: z.array(destination), nextCursor: z.null() }) },
      },
    },
    async (req) => {
      await k.segments.get(ws(req), req.params.id);
      return { data: await k.audiences.destinations.list(ws(req), req.params.id), nextCursor: null };
    },
  );

  r.post(
    '/segments/:id/destinations',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'Sync a segment to a URL: signed POSTs of added/removed members (`audience.delta`), a full sync first, then deltas as membership changes',
        description:
          'Each POST carries `Kartoteka-Signature: t=UNIX,v1=HEX`, HEX = HMAC-SHA256(secret, "t.body"), as webhooks. The URL must reach a public address (422 OUTBOUND_BLOCKED otherwise, checked again at each connection); an operator opens private ranges with KARTOTEKA_OUTBOUND_ALLOW. Failed syncs are retried with backoff; the destination moves on only when every page got a 2xx.',
        params: idParam,
        body: z.object({ url: z.string().min(1).max(2000), description: z.string().max(500).optional() }),
        response: { 201: destination },
      },
    },
    async (req, reply) => {
      await k.segments.get(ws(req), req.params.id);
      return reply
        .status(201)
        .send(await k.audiences.destinations.create(principalOf(req).actor, req.params.id, req.body));
    },
  );

  r.delete(
    '/segments/:id/destinations/:destId',
    {
      config: { permission: 'cdp:write' },
      schema: { tags, summary: 'Stop syncing to a destination', params: destParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await k.segments.get(ws(req), req.params.id);
      await k.audiences.destinations.remove(principalOf(req).actor, req.params.id, req.params.destId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/segments/:id/destinations/:destId/sync',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Send a destination every current member again (a full sync, as a job)',
        params: destParams,
        response: { 202: z.object({ jobId: z.string() }) },
      },
    },
    async (req, reply) => {
      await k.segments.get(ws(req), req.params.id);
      const jobId = await k.audiences.destinations.resync(ws(req), req.params.id, req.params.destId);
      return reply.status(202).send({ jobId });
    },
  );
}
