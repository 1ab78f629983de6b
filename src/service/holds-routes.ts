import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { holdPolicyInput, holdPolicySchema, type ServiceHolds } from './holds.ts';

/** Under /api/v1: GET/PUT /service/holds — the workspace's service-aware marketing holds. */
export async function holdRoutes(app: FastifyInstance, holds: () => ServiceHolds) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service: holds'];
  r.get(
    '/service/holds',
    {
      config: { permission: 'service:read' },
      schema: {
        tags,
        operationId: 'getServiceHolds',
        summary: 'When marketing to a person is held because of their tickets',
        response: { 200: holdPolicySchema },
      },
    },
    async (req) => holds().read(principalOf(req).actor.workspaceId),
  );
  r.put(
    '/service/holds',
    {
      config: { permission: 'service:write' },
      schema: {
        tags,
        operationId: 'putServiceHolds',
        summary:
          'Change the holds: a held marketing message is dropped (suppressed) with the reason held_open_ticket, held_sla_breach or held_low_csat',
        body: holdPolicyInput,
        response: { 200: holdPolicySchema },
      },
    },
    async (req) => holds().write(principalOf(req).actor, req.body),
  );
}
