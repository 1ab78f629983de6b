import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { principalOf } from '../http/principal.ts';
import { dateTime, idParam } from '../http/schemas.ts';
import { decodeCursor, pageQuery } from '../http/pagination.ts';
import { JOB_STATES } from './jobs.ts';

const job = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(JOB_STATES),
  progress: z.number().nullable(),
  progressMessage: z.string().nullable(),
  attempts: z.number(),
  retryLimit: z.number(),
  createdAt: dateTime,
  startAfter: dateTime,
  startedAt: dateTime.nullable(),
  completedAt: dateTime.nullable(),
  output: z.unknown(),
  data: z.record(z.string(), z.unknown()),
  deadLettered: z.boolean(),
});

export async function jobRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/jobs',
    {
      config: { permission: 'jobs:read' },
      schema: {
        tags: ['jobs'],
        summary: 'Background jobs of this workspace, newest first',
        querystring: z.object({
          ...pageQuery,
          state: z.enum(JOB_STATES).optional(),
          name: z.string().max(100).optional(),
        }),
        response: {
          200: z.object({ data: z.array(job), nextCursor: z.string().nullable(), names: z.array(z.string()) }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const cursor = decodeCursor<{ createdAt: string; id: string }>(q.cursor) ?? undefined;
      const page = await k.jobs.list(principalOf(req).actor.workspaceId, {
        state: q.state,
        name: q.name,
        limit: q.limit,
        cursor,
      });
      return { ...page, names: k.jobs.names() };
    },
  );
  r.get(
    '/jobs/:id',
    {
      config: { permission: 'jobs:read' },
      schema: { tags: ['jobs'], summary: 'One job', params: idParam, response: { 200: job } },
    },
    async (req) => k.jobs.get(principalOf(req).actor.workspaceId, req.params.id),
  );
  r.post(
    '/jobs/:id/retry',
    {
      config: { permission: 'jobs:manage' },
      schema: {
        tags: ['jobs'],
        summary: 'Run a failed, cancelled or dead job again',
        params: idParam,
        response: { 200: job },
      },
    },
    async (req) => k.jobs.retry(principalOf(req).actor.workspaceId, req.params.id),
  );
  r.post(
    '/jobs/:id/cancel',
    {
      config: { permission: 'jobs:manage' },
      schema: { tags: ['jobs'], summary: 'Cancel a queued or running job', params: idParam, response: { 200: job } },
    },
    async (req) => k.jobs.cancel(principalOf(req).actor.workspaceId, req.params.id),
  );
}
