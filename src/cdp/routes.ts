import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CdpKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { ORIGINS, SOURCE_KINDS } from './cdp.ts';
import { IDENTITY_KINDS, isIdentityKind, type IdentityKind } from './identifiers.ts';
import { computedTraitRoutes, computedTraitsSchema } from './computed-traits-routes.ts';

const source = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    origin: z.enum(ORIGINS),
    writeKey: z.string(),
    disabled: z.boolean(),
    disabledAt: dateTime.nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Source', description: 'Where events come from; `writeKey` authenticates the tracking API' });
const identity = z.object({ kind: z.string(), value: z.string() });
const person = z
  .object({
    id: z.string(),
    identities: z.array(identity),
    traits: z.record(z.string(), z.unknown()),
    /** Per trait key: the source of its current value (keys set before sources were tracked have none). */
    traitSources: z.record(
      z.string(),
      z.object({
        sourceId: z.string(),
        sourceName: z.string().nullable(),
        kind: z.string().nullable(),
        origin: z.string().nullable(),
        at: z.string().nullable(),
      }),
    ),
    computedTraits: computedTraitsSchema,
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'Profile',
    description: 'A CDP person: identities, traits (with the source of each) and computed traits',
  });
const timelineEntry = z.object({
  id: z.string(),
  messageId: z.string(),
  type: z.string(),
  event: z.string().nullable(),
  occurredAt: dateTime,
  properties: z.record(z.string(), z.unknown()),
  source: z.object({ id: z.string(), name: z.string().nullable(), kind: z.string().nullable(), origin: z.string() }),
});
const event = z
  .object({
    id: z.string(),
    messageId: z.string(),
    type: z.string(),
    event: z.string().nullable(),
    userId: z.string().nullable(),
    anonymousId: z.string().nullable(),
    personId: z.string().nullable(),
    sourceId: z.string(),
    origin: z.string(),
    occurredAt: dateTime,
    receivedAt: dateTime,
    sentAt: dateTime.nullable(),
    originalTimestamp: dateTime.nullable(),
    properties: z.record(z.string(), z.unknown()),
    traits: z.record(z.string(), z.unknown()).nullable(),
    context: z.record(z.string(), z.unknown()),
    extra: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Event', description: 'One stored tracking message' });
const merge = z.object({
  id: z.string(),
  fromPerson: z.string(),
  intoPerson: z.string(),
  reason: z.string(),
  identities: z.array(identity),
  eventCount: z.number(),
  createdAt: dateTime,
  undoneAt: dateTime.nullable(),
});
const name = z.string().trim().min(1).max(200);
const identityKind = z
  .string()
  .refine(isIdentityKind, { message: `must be one of ${IDENTITY_KINDS.join(', ')} or external:<type>` });
const uuid = z.uuid({ message: 'must be a UUID' });

/** The CDP's management API under /api/v1 (the tracking API itself is in tracking-routes.ts). */
export async function cdpRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const tags = ['cdp'];

  r.post(
    '/sources',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Create a source; its write key authenticates the tracking API (/v1/track …) as HTTP Basic user name',
        body: z.object({ name, kind: z.enum(SOURCE_KINDS), origin: z.enum(ORIGINS).optional() }),
        response: { 201: source },
      },
    },
    async (req, reply) => reply.status(201).send(await k.cdp.createSource(principalOf(req).actor, req.body)),
  );
  r.get(
    '/sources',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Sources',
        response: { 200: z.object({ data: z.array(source), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await k.cdp.listSources(ws(req)),
      nextCursor: null,
    }),
  );
  r.get(
    '/sources/:id',
    {
      config: { permission: 'cdp:read' },
      schema: { tags, summary: 'One source', params: idParam, response: { 200: source } },
    },
    async (req) => k.cdp.getSource(ws(req), req.params.id),
  );
  r.patch(
    '/sources/:id',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Rename, disable/enable or re-classify a source',
        params: idParam,
        body: z.object({ name: name.optional(), origin: z.enum(ORIGINS).optional(), disabled: z.boolean().optional() }),
        response: { 200: source },
      },
    },
    async (req) => k.cdp.updateSource(principalOf(req).actor, req.params.id, req.body),
  );
  r.post(
    '/sources/:id/rotate-write-key',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Replace the write key (the old one stops working at once)',
        params: idParam,
        response: { 200: source },
      },
    },
    async (req) => k.cdp.updateSource(principalOf(req).actor, req.params.id, { rotateWriteKey: true }),
  );
  r.delete(
    '/sources/:id',
    {
      config: { permission: 'cdp:write' },
      schema: { tags, summary: 'Delete a source (its events stay)', params: idParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await k.cdp.deleteSource(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/people/lookup',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Find a person by an identifier',
        querystring: z.object({ kind: identityKind, value: z.string().min(1).max(1000) }),
        response: { 200: person },
      },
    },
    async (req) => k.cdp.lookup(ws(req), req.query.kind as IdentityKind, req.query.value),
  );
  r.get(
    '/persons/:id',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'A person (a merged-away id gives the person it was merged into)',
        params: idParam,
        response: { 200: person },
      },
    },
    async (req) => k.cdp.getPerson(ws(req), req.params.id),
  );
  r.get(
    '/people/:id/timeline',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary:
          "A person's timeline, newest first: tracked events and every module's entries (CRM changes, activities, deals, consents)",
        params: idParam,
        querystring: z.object({
          ...pageQuery,
          types: z
            .string()
            .max(500)
            .optional()
            .describe(
              'Comma-separated types to keep: track, page, screen, identify, group, alias, change, activity, deal, consent',
            ),
        }),
        response: { 200: pageOf(timelineEntry) },
      },
    },
    async (req) =>
      k.cdp.timeline(ws(req), req.params.id, {
        ...req.query,
        types: req.query.types
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      }),
  );

  r.get(
    '/events',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Latest events, newest first (the live debugger polls with `after` = the newest id it has)',
        querystring: z.object({ ...pageQuery, sourceId: uuid.optional(), after: uuid.optional() }),
        response: { 200: pageOf(event) },
      },
    },
    async (req) => k.cdp.listEvents(ws(req), req.query),
  );

  r.get(
    '/merges',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Merge history, newest first',
        querystring: z.object({ ...pageQuery, personId: uuid.optional() }),
        response: { 200: pageOf(merge) },
      },
    },
    async (req) => k.cdp.listMerges(ws(req), req.query),
  );
  r.post(
    '/merges/:id/undo',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary: 'Undo a merge: identifiers and events go back to the original person',
        params: idParam,
        response: { 200: merge },
      },
    },
    async (req) => k.cdp.undoMerge(principalOf(req).actor, req.params.id),
  );

  await computedTraitRoutes(app, k);
}
