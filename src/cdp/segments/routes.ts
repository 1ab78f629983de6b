import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CdpKernel as Kernel } from '../kernel.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam } from '../../core/http/schemas.ts';
import { pageOf, pageQuery } from '../../core/http/pagination.ts';
import { FIELD_OPS } from './fields.ts';

/**
 * The rule as JSON. Its grammar is checked by the service (src/cdp/segments/rules.ts), which names
 * the path of what it refuses (`rule.all.1.op`); the kinds of condition depend on the modules
 * present, so the document describes them instead of fixing a schema.
 */
const ruleSchema = (kinds: { key: string; description: string }[]) =>
  z
    .record(z.string(), z.unknown())
    .describe(
      [
        'A rule tree: groups {"all":[…]}, {"any":[…]}, {"not":{…}} over conditions, each marked by one key:',
        ...kinds.map((k) => `- ${k.key}: ${k.description}`),
        `Field operators: ${FIELD_OPS.join(', ')}. Windows: within ("30d", "12h", "2w", "90m"), since / before (ISO 8601).`,
      ].join('\n'),
    )
    // No component id: requests stay inline (the security and malformed-input suites walk them).
    .meta({
      example: {
        all: [
          { trait: 'city', op: 'eq', value: 'Москва' },
          { event: 'Order Completed', count: { gte: 2 }, within: '30d' },
        ],
      },
    });

const segment = (rule: z.ZodTypeAny) =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      kind: segmentKind,
      rule: rule.nullable().describe('The rule; null for a list'),
      version: z.number().describe('Rule version: each new rule adds one'),
      size: z.number().describe('Current members'),
      computedVersion: z
        .number()
        .nullable()
        .describe('The version the membership was last fully computed from (null: not yet)'),
      computedAt: dateTime.nullable(),
      createdAt: dateTime,
      updatedAt: dateTime,
    })
    .meta({
      id: 'Segment',
      description: 'A segment: a rule over people, its size and version',
      example: {
        id: '0193a1b2-7c4d-7e5f-8a9b-000000000010',
        name: 'Москва, 2+ заказа за 30 дней',
        description: null,
        kind: 'rule',
        rule: {
          all: [
            { trait: 'city', op: 'eq', value: 'Москва' },
            { event: 'Order Completed', count: { gte: 2 }, within: '30d' },
          ],
        },
        version: 1,
        size: 1250,
        computedVersion: 1,
        computedAt: '2026-12-05T10:00:00.000Z',
        createdAt: '2026-12-05T09:59:00.000Z',
        updatedAt: '2026-12-05T09:59:00.000Z',
      },
    });

const member = z
  .object({ personId: z.string(), enteredAt: dateTime })
  .meta({ id: 'SegmentMember', description: 'A current member of a segment and since when' });
const name = z.string().max(200);
const segmentKind = z
  .enum(['rule', 'list'])
  .describe('rule: members follow the rule; list: members are added by hand or by CSV upload');
const description = z.string().max(2000).nullable().optional();

/** /api/v1/segments: definitions with versions, preview, members, recompute. */
export async function segmentRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['segments'];
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  const rule = ruleSchema(k.segments.conditions.list());
  const seg = segment(rule);

  r.get(
    '/segments',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Segments, by name',
        response: { 200: z.object({ data: z.array(seg), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await k.segments.list(ws(req)), nextCursor: null }),
  );

  r.post(
    '/segments',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'Create a segment (its membership computed by a job: recompute) or a list (kind "list", no rule: add members to it)',
        body: z.object({
          name,
          description,
          kind: segmentKind.optional().describe('Default: rule'),
          rule: rule.nullable().optional().describe('Required for a rule segment; refused for a list'),
        }),
        response: { 201: seg },
      },
    },
    async (req, reply) => reply.status(201).send(await k.segments.create(principalOf(req).actor, req.body)),
  );

  r.post(
    '/segments/preview',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Size of a draft rule and a sample of its members, computed now (nothing is stored)',
        body: z.object({ rule }),
        response: { 200: z.object({ size: z.number(), sample: z.array(z.string()).describe('Up to 10 person ids') }) },
      },
    },
    async (req) => k.segments.preview(ws(req), req.body.rule),
  );

  r.get(
    '/segments/:id',
    {
      config: { permission: 'cdp:read' },
      schema: { tags, summary: 'A segment with its size', params: idParam, response: { 200: seg } },
    },
    async (req) => k.segments.get(ws(req), req.params.id),
  );

  r.patch(
    '/segments/:id',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'Rename or describe a segment, or give it a new rule (a new version, recomputed by a job; not for a list)',
        params: idParam,
        body: z.object({ name: name.optional(), description, rule: rule.optional() }),
        response: { 200: seg },
      },
    },
    async (req) => k.segments.update(principalOf(req).actor, req.params.id, req.body),
  );

  r.delete(
    '/segments/:id',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Delete a segment and its membership (refused while another segment refers to it)',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await k.segments.remove(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/segments/:id/versions',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: "A segment's rule versions, newest first",
        params: idParam,
        response: {
          200: z.object({
            data: z.array(z.object({ version: z.number(), rule, actor: z.string().nullable(), createdAt: dateTime })),
            nextCursor: z.null(),
          }),
        },
      },
    },
    async (req) => ({ data: await k.segments.versions(ws(req), req.params.id), nextCursor: null }),
  );

  r.get(
    '/segments/:id/members',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Current members, newest first',
        params: idParam,
        querystring: z.object(pageQuery),
        response: { 200: pageOf(member) },
      },
    },
    async (req) => k.segments.members(ws(req), req.params.id, req.query),
  );

  r.post(
    '/segments/:id/recompute',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Recompute the membership now (a job: follow it at GET /jobs/{jobId}); 409 for a list',
        params: idParam,
        response: { 202: z.object({ jobId: z.string() }) },
      },
    },
    async (req, reply) => reply.status(202).send({ jobId: await k.segments.queueRecompute(ws(req), req.params.id) }),
  );
}
