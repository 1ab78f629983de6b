import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { principalOf } from '../http/principal.ts';
import { dateTime } from '../http/schemas.ts';
import { pageQuery } from '../http/pagination.ts';

const entry = z.object({
  id: z.string(),
  occurredAt: dateTime,
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  channel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  requestId: z.string().nullable(),
});

export async function auditRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log: who changed what, when and through what (ui, api, import, system)',
        querystring: z.object({
          ...pageQuery,
          entityType: z.string().max(100).optional(),
          entityId: z.string().max(100).optional(),
          actorId: z.uuid().optional(),
          action: z.string().max(50).optional(),
          channel: z.enum(['ui', 'api', 'import', 'system']).optional(),
        }),
        response: { 200: z.object({ data: z.array(entry), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => k.audit.list(principalOf(req).actor.workspaceId, req.query),
  );
}
