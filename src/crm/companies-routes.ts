import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { COMPANY_SORTS } from './companies.ts';
import { COMPANY_TIMELINE_TYPES, companyTimeline } from './timeline.ts';
import { customFieldQuery, personSchema } from './people-routes.ts';
import { listCountSchema } from './list-counts.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const opt = (max = 200) => z.string().trim().max(max).nullable();

export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    size: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    street: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    postalCode: z.string().nullable(),
    ownerId: z.string().nullable(),
    owner: z.object({ id: z.string(), name: z.string() }).nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    externalId: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'Company',
    description: 'A company in the CRM',
    example: {
      id: '0193a1b2-7c4d-7e5f-8a9b-000000000001',
      name: 'ООО «Ромашка»',
      domain: 'romashka.ru',
      industry: 'Розничная торговля',
      size: '50-200',
      phone: '+74951234567',
      website: 'https://romashka.ru',
      street: null,
      city: 'Москва',
      region: null,
      country: 'RU',
      postalCode: null,
      ownerId: null,
      owner: null,
      tags: [],
      customFields: {},
      externalId: null,
      createdAt: '2026-01-10T08:00:00.000Z',
      updatedAt: '2026-01-10T08:00:00.000Z',
    },
  });
const rollup = z.object({
  count: z.number(),
  amount: z.number().describe('Sum of all amounts whatever their currency (kept for older clients; use byCurrency)'),
  byCurrency: z
    .array(z.object({ currency: z.string(), count: z.number(), amount: z.number() }))
    .describe('One total per currency, largest first'),
});
const companyDetail = companySchema.extend({
  peopleCount: z.number(),
  openDeals: rollup,
  wonDeals: rollup,
  lastActivityAt: dateTime.nullable(),
});
const fields = {
  name: z.string().trim().min(1).max(300),
  domain: opt(),
  industry: opt(),
  size: opt(50),
  phone: opt(64),
  website: opt(500),
  street: opt(500),
  city: opt(),
  region: opt(),
  country: opt(),
  postalCode: opt(20),
  ownerId: uuid.nullable(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100),
  customFields: z.record(z.string(), z.unknown()),
  externalId: z.string().trim().min(1).max(200).nullable(),
};
const timelineEntry = z.object({
  id: z.string(),
  type: z.string(),
  event: z.string(),
  occurredAt: dateTime,
  personId: z.string().nullable(),
  dealId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
});

const companyListQuery = z
  .object({
    ...pageQuery,
    q: z.string().max(200).optional(),
    sort: z.enum(COMPANY_SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    ownerId: uuid.optional(),
    industry: z.string().max(200).optional(),
    city: z.string().max(200).optional(),
    tag: z.string().max(100).optional(),
  })
  .catchall(z.string().max(500).describe('cf.KEY=value filters on custom fields'));

/** Companies with rollups, their people and their timeline. */
export async function companyRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const actor = (req: any) => principalOf(req).actor;
  const tags = ['crm: companies'];

  r.post(
    '/companies',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Create a company',
        body: z
          .object({ ...fields })
          .partial()
          .required({ name: true }),
        response: { 201: companySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.companies.create(actor(req), req.body)),
  );

  r.get(
    '/companies',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'Companies: search (q: name, domain, phone, city), filters (incl. cf.KEY=value), sort and keyset pagination',
        querystring: companyListQuery,
        response: { 200: pageOf(companySchema) },
      },
    },
    async (req) => k.crm.companies.list(ws(req), { ...req.query, customFields: customFieldQuery(req.query) }),
  );

  r.get(
    '/companies/count',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'How many companies the list filters select (the same filters as GET /companies, without q); counting stops at 10000',
        querystring: companyListQuery,
        response: { 200: listCountSchema },
      },
    },
    async (req) => {
      const { q: _q, limit: _l, cursor: _c, sort: _s, order: _o, ...filters } = req.query;
      return k.crm.companies.count(ws(req), { ...filters, customFields: customFieldQuery(req.query) });
    },
  );

  r.get(
    '/companies/:id',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'A company with rollups: people, open and won deals, last activity',
        params: idParam,
        response: { 200: companyDetail },
      },
    },
    async (req) => k.crm.companies.detail(ws(req), req.params.id),
  );

  r.patch(
    '/companies/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a company (partial; null clears)',
        params: idParam,
        body: z.object({ ...fields, tags: fields.tags.nullable() }).partial(),
        response: { 200: companySchema },
      },
    },
    async (req) => {
      const { tags: companyTags, ...rest } = req.body;
      return k.crm.companies.update(actor(req), req.params.id, {
        ...rest,
        tags: companyTags === null ? [] : companyTags,
      });
    },
  );

  r.delete(
    '/companies/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Delete a company (its people stay, unlinked)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.companies.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/companies/deleted',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Deleted companies ("Recently deleted"), newest deletion first, keyset-paginated',
        querystring: z.object({
          ...pageQuery,
          q: z
            .string()
            .max(200)
            .optional()
            .describe('Words that must all appear (substring, case-insensitive; no typo fallback)'),
        }),
        response: { 200: pageOf(companySchema.extend({ deletedAt: dateTime })) },
      },
    },
    async (req) => k.crm.companies.listDeleted(ws(req), req.query),
  );

  r.post(
    '/companies/:id/restore',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Bring a deleted company back as it was: the people its delete unlinked are linked again. 409 CONFLICT naming the field: not deleted (deletedAt), externalId now held by another live company',
        params: idParam,
        response: { 200: companyDetail },
      },
    },
    async (req) => k.crm.companies.restore(actor(req), req.params.id),
  );

  r.get(
    '/companies/:id/people',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: "The company's people (by last name)",
        params: idParam,
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(personSchema) },
      },
    },
    async (req) => {
      await k.crm.companies.get(ws(req), req.params.id);
      return k.crm.people.list(ws(req), { ...req.query, companyId: req.params.id, sort: 'lastName', order: 'asc' });
    },
  );

  r.get(
    '/companies/:id/timeline',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'Activities and deal events of the company and its people, newest first',
        params: idParam,
        querystring: z.object({
          ...pageQuery,
          types: z
            .string()
            .max(100)
            .optional()
            .describe(`Comma-separated: ${COMPANY_TIMELINE_TYPES.join(', ')}`),
        }),
        response: { 200: pageOf(timelineEntry) },
      },
    },
    async (req) =>
      companyTimeline(k.db, ws(req), req.params.id, {
        ...req.query,
        types: req.query.types
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      }),
  );
}
