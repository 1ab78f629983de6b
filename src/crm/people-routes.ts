import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { computedTraitsSchema } from '../cdp/index.ts';
import { LIFECYCLE_STAGES, PEOPLE_SORTS } from './people.ts';
import { consentStateSchema } from './consents-routes.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const ref = z.object({ id: z.string(), name: z.string() }).nullable();
const opt = (max = 200) => z.string().trim().max(max).nullable();

export const personSchema = z
  .object({
    id: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    name: z.string(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    companyId: z.string().nullable(),
    company: ref,
    position: z.string().nullable(),
    ownerId: z.string().nullable(),
    owner: ref,
    /** null only for a person the CRM does not hold yet (tracked only). */
    lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable(),
    source: z.string().nullable(),
    street: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    postalCode: z.string().nullable(),
    birthday: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    externalId: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'Person',
    description: 'A person in the CRM',
    example: {
      id: '0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b',
      firstName: 'Анна',
      lastName: 'Смирнова',
      name: 'Анна Смирнова',
      emails: ['anna@example.ru'],
      phones: ['+79161234567'],
      companyId: '0193a1b2-7c4d-7e5f-8a9b-000000000001',
      company: { id: '0193a1b2-7c4d-7e5f-8a9b-000000000001', name: 'ООО «Ромашка»' },
      position: 'Закупки',
      ownerId: null,
      owner: null,
      lifecycleStage: 'customer',
      source: 'web_form',
      street: null,
      city: 'Москва',
      region: null,
      country: 'RU',
      postalCode: null,
      birthday: null,
      tags: ['vip'],
      customFields: {},
      externalId: null,
      createdAt: '2026-01-15T09:30:00.000Z',
      updatedAt: '2026-02-01T12:00:00.000Z',
    },
  });
export const personDetailSchema = personSchema
  .extend({
    inCrm: z.boolean().describe('false for a person only tracked so far: CRM fields are empty until the first save'),
    identities: z.array(z.object({ kind: z.string(), value: z.string() })),
    traits: z.record(z.string(), z.unknown()),
    computedTraits: computedTraitsSchema,
    consents: z.array(consentStateSchema),
    segments: z.array(z.string()).describe('Ids of the segments and lists the person is in now'),
  })
  .meta({
    id: 'PersonDetail',
    description: 'A person with identities, traits, computed traits and consents (the unified profile)',
  });

/** Fields of POST and PATCH /people (PATCH: all optional, null clears). */
export const personFields = {
  firstName: opt(),
  lastName: opt(),
  emails: z.array(z.string().max(320)).max(50),
  phones: z.array(z.string().max(64)).max(50),
  companyId: uuid.nullable(),
  position: opt(),
  ownerId: uuid.nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  source: opt(),
  street: opt(500),
  city: opt(),
  region: opt(),
  country: opt(),
  postalCode: opt(20),
  birthday: z.iso.date({ message: 'must be YYYY-MM-DD' }).nullable(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100),
  customFields: z.record(z.string(), z.unknown()),
  externalId: z.string().trim().min(1).max(200).nullable(),
};

/** List filters shared by the list and (later) the CSV export of the same view. */
export const peopleListQuery = z
  .object({
    ...pageQuery,
    q: z
      .string()
      .max(200)
      .optional()
      .describe('Name, email, phone (any format) or company; typo-tolerant when nothing matches exactly'),
    sort: z.enum(PEOPLE_SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
    ownerId: uuid.optional(),
    companyId: uuid.optional(),
    city: z.string().max(200).optional(),
    region: z.string().max(200).optional(),
    country: z.string().max(200).optional(),
    tag: z.string().max(100).optional(),
    source: z.string().max(200).optional(),
    createdFrom: z.string().max(40).optional().describe('YYYY-MM-DD or ISO date-time, inclusive'),
    createdTo: z.string().max(40).optional().describe('YYYY-MM-DD (that whole day) or ISO date-time, exclusive'),
  })
  .catchall(z.string().max(500).describe('cf.KEY=value filters on custom fields'));

/** `cf.KEY` query parameters → {KEY: value}; other unknown parameters are ignored. */
export function customFieldQuery(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query))
    if (k.startsWith('cf.') && k.length > 3 && typeof v === 'string') out[k.slice(3)] = v;
  return out;
}

/** People: create, read (the unified person), list with search/filters/sort, change, delete. */
export async function peopleRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  // The segments come from the CDP's service (the person card and GET /people/{id} list them).
  const withSegments = async <P extends { id: string }>(req: FastifyRequest, person: P) => ({
    ...person,
    segments: await k.segments.segmentsOf(ws(req), person.id),
  });
  const actor = (req: any) => principalOf(req).actor;
  const tags = ['crm: people'];

  r.post(
    '/people',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Create a person. Emails and phones that identify a tracked-only person adopt that person (same id); ones on another CRM person → 409 with details[0].existingId',
        body: z.object(personFields).partial(),
        response: { 201: personSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.people.create(actor(req), req.body)),
  );

  r.get(
    '/people',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'People: search (q), filters (incl. cf.KEY=value), sort and keyset pagination',
        querystring: peopleListQuery,
        response: { 200: pageOf(personSchema) },
      },
    },
    async (req) => k.crm.people.list(ws(req), { ...req.query, customFields: customFieldQuery(req.query) }),
  );

  r.get(
    '/people/count',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'How many people the list filters select (the same filters as GET /people, without q); counting stops at 10000',
        querystring: peopleListQuery,
        response: {
          200: z.object({ count: z.number(), exact: z.boolean().describe('false: there are more than `count`') }),
        },
      },
    },
    async (req) => {
      const { q: _q, limit: _l, cursor: _c, sort: _s, order: _o, ...filters } = req.query;
      return k.crm.people.count(ws(req), { ...filters, customFields: customFieldQuery(req.query) });
    },
  );

  r.get(
    '/people/:id',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'The unified person: CRM fields, identities, traits, computed traits and consents (a merged-away id gives the survivor)',
        params: idParam,
        response: { 200: personDetailSchema },
      },
    },
    async (req) => withSegments(req, await k.crm.people.detail(ws(req), req.params.id)),
  );

  r.patch(
    '/people/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Change a person (partial; null clears). Emails and phones given replace the lists and the identities follow',
        params: idParam,
        body: z
          .object({
            ...personFields,
            emails: personFields.emails.nullable(),
            phones: personFields.phones.nullable(),
            tags: personFields.tags.nullable(),
          })
          .partial(),
        response: { 200: personSchema },
      },
    },
    async (req) => {
      const { emails, phones, tags: personTags, ...rest } = req.body;
      const lists = {
        emails: emails === null ? [] : emails,
        phones: phones === null ? [] : phones,
        tags: personTags === null ? [] : personTags,
      };
      return k.crm.people.update(actor(req), req.params.id, { ...rest, ...lists });
    },
  );

  r.delete(
    '/people/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Remove a person from the CRM (the CDP person, identities and events stay)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.people.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/people/deleted',
    {
      // Seeing what was deleted is part of deleting and restoring: the same permission as DELETE.
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'People deleted from the CRM ("Recently deleted"), newest deletion first, keyset-paginated; merged-away people are not listed',
        querystring: z.object({
          ...pageQuery,
          q: z
            .string()
            .max(200)
            .optional()
            .describe('Words that must all appear (substring, case-insensitive; no typo fallback)'),
        }),
        response: { 200: pageOf(personSchema.extend({ deletedAt: dateTime })) },
      },
    },
    async (req) => k.crm.people.listDeleted(ws(req), req.query),
  );

  r.post(
    '/people/:id/restore',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Bring a deleted person back into the CRM. 409 CONFLICT naming the field: not deleted (deletedAt), an email/phone or the externalId now held by another live person (details[0].existingId), merged into another person (id)',
        params: idParam,
        response: { 200: personDetailSchema },
      },
    },
    async (req) => withSegments(req, await k.crm.people.restore(actor(req), req.params.id)),
  );
}
