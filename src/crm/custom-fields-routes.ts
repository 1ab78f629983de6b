import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_KEY, CUSTOM_FIELD_TYPES } from './custom-fields.ts';

const customField = z.object({
  id: z.string(),
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  position: z.number(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const label = z.string().trim().min(1).max(200);
const options = z.array(z.string().trim().min(1).max(200)).max(500);

/** Custom field definitions for people, companies and deals. */
export async function customFieldRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['crm: custom fields'];

  r.get(
    '/custom-fields',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Custom field definitions (of one entity, or all)',
        querystring: z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES).optional() }),
        response: { 200: z.object({ data: z.array(customField), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await k.crm.customFields.list(principalOf(req).actor.workspaceId, req.query.entity),
      nextCursor: null,
    }),
  );

  r.post(
    '/custom-fields',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Define a custom field; values are then validated on every write of that entity',
        body: z.object({
          entity: z.enum(CUSTOM_FIELD_ENTITIES),
          key: z
            .string()
            .regex(CUSTOM_FIELD_KEY, 'must start with a-z and contain only a-z, 0-9 and _ (at most 63 characters)'),
          label,
          type: z.enum(CUSTOM_FIELD_TYPES),
          options: options.optional().describe('Required for select and multiselect'),
        }),
        response: { 201: customField },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.customFields.create(principalOf(req).actor, req.body)),
  );

  r.patch(
    '/custom-fields/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Rename a custom field, change its options or its place in forms (key and type are fixed)',
        params: idParam,
        body: z.object({
          label: label.optional(),
          options: options.optional(),
          position: z.number().int().min(0).max(10000).optional(),
        }),
        response: { 200: customField },
      },
    },
    async (req) => k.crm.customFields.update(principalOf(req).actor, req.params.id, req.body),
  );

  r.delete(
    '/custom-fields/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Delete a custom field and its values on every record',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.customFields.delete(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
