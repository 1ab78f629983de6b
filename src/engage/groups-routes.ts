import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';

const group = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    optOuts: z.number().describe('Persons who opted out of this group'),
    createdAt: dateTime,
  })
  .meta({
    id: 'SubscriptionGroup',
    description:
      "A preference-centre topic: a marketing template may belong to one; a person who opts out of it gets none of its messages and keeps the channel's other marketing",
  });

const name = z.string().max(200).describe('Shown to recipients on the preference page');
const description = z.string().max(2000).nullable().optional();

/** Subscription groups (the preference centre's topics): CRUD under /api/v1/subscription-groups. */
export async function groupsRoutes(app: FastifyInstance, k: EngageKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: subscription groups'];
  const groups = () => k.engage.tracking.groups;

  r.get(
    '/subscription-groups',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'List subscription groups, by name',
        response: { 200: z.object({ data: z.array(group) }) },
      },
    },
    async (req) => ({ data: await groups().list(principalOf(req).actor.workspaceId) }),
  );

  r.post(
    '/subscription-groups',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Create a subscription group',
        body: z.object({ name, description }),
        response: { 201: group },
      },
    },
    async (req, reply) => reply.status(201).send(await groups().create(principalOf(req).actor, req.body)),
  );

  r.get(
    '/subscription-groups/:id',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'Get a subscription group', params: idParam, response: { 200: group } },
    },
    async (req) => groups().get(principalOf(req).actor.workspaceId, req.params.id),
  );

  r.patch(
    '/subscription-groups/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Rename or re-describe a subscription group',
        params: idParam,
        body: z.object({ name: name.optional(), description }),
        response: { 200: group },
      },
    },
    async (req) => groups().update(principalOf(req).actor, req.params.id, req.body),
  );

  r.delete(
    '/subscription-groups/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Delete a subscription group and its opt-outs (its templates then belong to no group)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await groups().remove(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
