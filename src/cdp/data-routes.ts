import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CdpKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { CATALOGUE_SAMPLE, eventCatalogue, traitCatalogue } from './catalogue.ts';
import { EVENT_RULE_ACTIONS, EventRules } from './event-rules.ts';

const propertyStat = z.object({
  name: z.string(),
  count: z.number(),
  types: z.array(z.object({ type: z.string(), count: z.number() })),
});
const catalogueEvent = z.object({
  type: z.string(),
  event: z.string().nullable(),
  count: z.number(),
  firstSeen: dateTime,
  lastSeen: dateTime,
  sources: z.array(z.object({ id: z.string(), name: z.string().nullable(), count: z.number() })),
  sampled: z.number(),
  properties: z.array(propertyStat),
});
const eventRule = z.object({
  id: z.string(),
  event: z.string(),
  action: z.enum(EVENT_RULE_ACTIONS),
  renameTo: z.string().nullable(),
  createdAt: dateTime,
});
const eventName = z.string().trim().min(1).max(500);

/**
 * Data management (issue 4, point 7): the schema catalogue, event rules (block / rename at
 * ingest), and GDPR export and erase of a person.
 *
 * Permissions: the catalogue and the rule list are cdp:read; rule changes, export and erase are
 * cdp:write. Export is cdp:write (not cdp:read) because it hands over all of a person's data in
 * one file, audit entries included, which a viewer cannot otherwise read; erase is cdp:write like
 * every other change to persons (merges, undo) — the marketer and admin roles have it.
 */
export async function dataRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const tags = ['cdp'];
  const rules = new EventRules(k.db, k.audit);

  r.get(
    '/catalogue/events',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: `Event catalogue: per type and event name the count, first/last seen, sources, and property names with JSON types (sampled from the latest ${CATALOGUE_SAMPLE} events of each name)`,
        response: { 200: z.object({ data: z.array(catalogueEvent), sampleSize: z.number() }) },
      },
    },
    async (req) => ({ data: await eventCatalogue(k.db, ws(req)), sampleSize: CATALOGUE_SAMPLE }),
  );
  r.get(
    '/catalogue/traits',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Trait catalogue: trait keys on persons, with JSON types and counts',
        response: { 200: z.object({ persons: z.number(), data: z.array(propertyStat) }) },
      },
    },
    async (req) => {
      const c = await traitCatalogue(k.db, ws(req));
      return { persons: c.persons, data: c.traits };
    },
  );

  r.get(
    '/event-rules',
    {
      config: { permission: 'cdp:read' },
      schema: {
        tags,
        summary: 'Event rules (block or rename tracked events at ingest)',
        response: { 200: z.object({ data: z.array(eventRule), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await rules.list(ws(req)), nextCursor: null }),
  );
  r.post(
    '/event-rules',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'Block a tracked event (acknowledged, not stored) or rename it (stored under renameTo, extra.originalEvent keeps the name); one rule per event name',
        body: z.object({
          event: eventName,
          action: z.enum(EVENT_RULE_ACTIONS),
          renameTo: eventName.nullable().optional(),
        }),
        response: { 201: eventRule },
      },
    },
    async (req, reply) => reply.status(201).send(await rules.create(principalOf(req).actor, req.body)),
  );
  r.delete(
    '/event-rules/:id',
    {
      config: { permission: 'cdp:write' },
      schema: { tags, summary: 'Delete an event rule', params: idParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await rules.delete(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/persons/:id/export',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'GDPR export: everything stored about the person (profile, traits, identities, events, merges, audit entries, other modules) as a JSON attachment',
        params: idParam,
      },
    },
    async (req, reply) => {
      const data = await k.privacy.export(ws(req), req.params.id);
      return reply
        .header('content-disposition', `attachment; filename="person-${data.person.id}.json"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );
  r.post(
    '/persons/:id/erase',
    {
      config: { permission: 'cdp:write' },
      schema: {
        tags,
        summary:
          'GDPR erase: deletes the person (and persons merged into it) with their events, identities and merges, in every module; audited without personal data',
        params: idParam,
        response: { 200: z.object({ personId: z.string(), erased: z.record(z.string(), z.number()) }) },
      },
    },
    async (req) => k.privacy.erase(principalOf(req).actor, req.params.id),
  );
}
