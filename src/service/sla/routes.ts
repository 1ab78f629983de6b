import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import { WEEKDAYS } from './calendars.ts';
import type { ServiceSla } from './sla.ts';

const hhmm = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM (24 h; 24:00 ends a day)')
  .describe('HH:MM');
const interval = z.object({ start: hhmm, end: hhmm });
const hours = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).max(12).optional()])))
  .describe('Working intervals per weekday (mon … sun); a missing or empty day is closed');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

const calendar = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    hours: z.record(z.string(), z.array(interval)),
    holidays: z.array(z.string()),
    workingDays: z.array(z.string()),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'BusinessCalendar',
    description: 'Business hours per weekday in a time zone, holidays and extra working days (SLA clocks count these)',
  });

const calendarBody = {
  name: z.string().min(1).max(200),
  timezone: z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Moscow (400 naming timezone otherwise)'),
  hours,
  holidays: z.array(date).max(1000).optional().describe('Closed dates'),
  workingDays: z
    .array(date)
    .max(1000)
    .optional()
    .describe("Dates worked although their weekday is closed (Monday's hours)"),
};

const minutes = z.number().int().min(1).max(525_600).nullable();
const uuid = z.uuid({ message: 'must be a UUID' });
const conditions = z
  .object({
    priority: z
      .array(z.enum(['low', 'normal', 'high', 'urgent']))
      .max(4)
      .optional(),
    channel: z
      .array(z.enum(['email', 'chat', 'telegram', 'vk', 'whatsapp', 'sms', 'api']))
      .max(7)
      .optional(),
    inboxId: z.array(uuid).max(100).optional(),
    topic: z.array(z.string().min(1).max(200)).max(100).optional(),
    trait: z.string().min(1).max(200).optional().describe('A person trait that must be truthy, e.g. vip'),
    segmentId: uuid.optional().describe('The person must be a member of this segment'),
  })
  .strict()
  .describe('Every given condition must hold; {} matches every conversation');

const policy = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number(),
    enabled: z.boolean(),
    conditions: z.record(z.string(), z.unknown()),
    firstResponseMinutes: z.number().nullable(),
    nextResponseMinutes: z.number().nullable(),
    resolutionMinutes: z.number().nullable(),
    calendarId: z.string().nullable(),
    warnPercent: z.number(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'SlaPolicy',
    description:
      'Targets in business minutes for the conversations its conditions match; the first enabled policy by position applies',
  });

const policyBody = {
  name: z.string().min(1).max(200),
  position: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Policies are tried in this order (lowest first)'),
  enabled: z.boolean().optional(),
  conditions: conditions.optional(),
  firstResponseMinutes: minutes.optional().describe('First human reply after the first inbound message'),
  nextResponseMinutes: minutes.optional().describe("An agent's reply to each client message after an agent reply"),
  resolutionMinutes: minutes.optional().describe('Created → solved; pending and on hold pause it'),
  calendarId: uuid
    .nullable()
    .optional()
    .describe("Business hours when the conversation's team has no calendar; null = around the clock"),
  warnPercent: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('A warning is raised at this share of a target (default 80; 100 = none)'),
};

/** Under /api/v1: /business-calendars and /sla-policies. */
export async function slaRoutes(app: FastifyInstance, sla: () => ServiceSla) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'service:read' } as const;
  const write = { permission: 'service:write' } as const;
  const ctags = ['service: SLA'];

  r.get(
    '/business-calendars',
    {
      config: read,
      schema: {
        tags: ctags,
        operationId: 'listBusinessCalendars',
        summary: 'List business calendars',
        response: { 200: z.object({ data: z.array(calendar) }) },
      },
    },
    async (req) => ({ data: await sla().config.listCalendars(principalOf(req).actor.workspaceId) }),
  );
  r.post(
    '/business-calendars',
    {
      config: write,
      schema: {
        tags: ctags,
        operationId: 'createBusinessCalendar',
        summary: 'Add a business calendar',
        body: z.object(calendarBody),
        response: { 201: calendar },
      },
    },
    async (req, reply) => reply.code(201).send(await sla().config.createCalendar(principalOf(req).actor, req.body)),
  );
  r.get(
    '/business-calendars/:id',
    {
      config: read,
      schema: {
        tags: ctags,
        operationId: 'getBusinessCalendar',
        summary: 'A business calendar',
        params: idParam,
        response: { 200: calendar },
      },
    },
    async (req) => sla().config.getCalendar(principalOf(req).actor.workspaceId, req.params.id),
  );
  r.patch(
    '/business-calendars/:id',
    {
      config: write,
      schema: {
        tags: ctags,
        operationId: 'updateBusinessCalendar',
        summary: 'Change a business calendar (clocks scheduled from now on use it)',
        params: idParam,
        body: z.object(calendarBody).partial(),
        response: { 200: calendar },
      },
    },
    async (req) => sla().config.updateCalendar(principalOf(req).actor, req.params.id, req.body),
  );
  r.delete(
    '/business-calendars/:id',
    {
      config: write,
      schema: {
        tags: ctags,
        operationId: 'deleteBusinessCalendar',
        summary: 'Delete a business calendar (its teams and policies fall back to around the clock)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await sla().config.deleteCalendar(principalOf(req).actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/sla-policies',
    {
      config: read,
      schema: {
        tags: ctags,
        operationId: 'listSlaPolicies',
        summary: 'List SLA policies in the order they are tried',
        response: { 200: z.object({ data: z.array(policy) }) },
      },
    },
    async (req) => ({ data: await sla().config.listPolicies(principalOf(req).actor.workspaceId) }),
  );
  r.post(
    '/sla-policies',
    {
      config: write,
      schema: {
        tags: ctags,
        operationId: 'createSlaPolicy',
        summary: 'Add an SLA policy (at least one target; 400 naming the field)',
        body: z.object(policyBody),
        response: { 201: policy },
      },
    },
    async (req, reply) => reply.code(201).send(await sla().config.createPolicy(principalOf(req).actor, req.body)),
  );
  r.get(
    '/sla-policies/:id',
    {
      config: read,
      schema: {
        tags: ctags,
        operationId: 'getSlaPolicy',
        summary: 'An SLA policy',
        params: idParam,
        response: { 200: policy },
      },
    },
    async (req) => sla().config.getPolicy(principalOf(req).actor.workspaceId, req.params.id),
  );
  r.patch(
    '/sla-policies/:id',
    {
      config: write,
      schema: {
        tags: ctags,
        operationId: 'updateSlaPolicy',
        summary: 'Change an SLA policy (running clocks keep their targets until the conversation changes)',
        params: idParam,
        body: z.object(policyBody).partial(),
        response: { 200: policy },
      },
    },
    async (req) => sla().config.updatePolicy(principalOf(req).actor, req.params.id, req.body),
  );
  r.delete(
    '/sla-policies/:id',
    {
      config: write,
      schema: {
        tags: ctags,
        operationId: 'deleteSlaPolicy',
        summary: 'Delete an SLA policy',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await sla().config.deletePolicy(principalOf(req).actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
