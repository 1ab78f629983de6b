import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import { pageOf, pageQuery } from '../../core/http/pagination.ts';
import type { CxKernel } from '../kernel.ts';
import { mustExist } from './guard.ts';
import { ALERT_METRICS, ALERT_SCOPES, ALERT_SOURCES } from './tables.ts';

export const alertRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(ALERT_SCOPES),
    scopeValue: z.string().nullable(),
    metric: z.enum(ALERT_METRICS),
    sources: z
      .array(z.enum(ALERT_SOURCES))
      .describe('The feedback counted: mentions, survey comments, ticket messages'),
    windowMinutes: z.number(),
    baselineWindows: z.number(),
    sigma: z.number(),
    minCount: z.number(),
    emails: z.array(z.string()),
    emailChannelId: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'MentionAlertRule',
    description:
      'Raise an alert when the negative feedback (of its sources) of a scope in the current window (windowMinutes, aligned to UTC) reach minCount and exceed the mean + sigma·SD of the baselineWindows windows before it',
  });

export const mentionAlertSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    scope: z.enum(ALERT_SCOPES),
    scopeValue: z.string().nullable(),
    windowStart: dateTime,
    windowEnd: dateTime,
    count: z.number(),
    baselineMean: z.number(),
    baselineSd: z.number(),
    threshold: z.number(),
    mentionIds: z.array(z.string()),
    sources: z.array(z.enum(ALERT_SOURCES)).describe('The sources the rule counted'),
    bySource: z
      .object({ mention: z.number(), survey: z.number(), ticket: z.number() })
      .describe("The window's negative items per source"),
    sample: z
      .array(z.object({ source: z.enum(ALERT_SOURCES), id: z.string() }))
      .describe("Up to 20 of the window's items, newest first (a mention, a survey response, a ticket message)"),
    createdAt: dateTime,
    acknowledgedAt: dateTime.nullable(),
  })
  .meta({
    id: 'MentionAlert',
    description: 'A spike of negative feedback an alert rule raised (one per rule and window)',
  });

/** Alert rules and the alerts they raised. */
export async function alertRoutes(app: FastifyInstance, k: CxKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;
  const tags = ['cx: mention alerts'];
  const alerts = k.cx.mentions.alerts;
  const body = z
    .object({
      name: z.string().trim().min(1).max(200),
      scope: z.enum(ALERT_SCOPES).optional(),
      scopeValue: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .nullable()
        .optional()
        .describe('The topic key, the store, the keyword or the product (its topic key or its name in the text)'),
      sources: z
        .array(z.enum(ALERT_SOURCES))
        .min(1)
        .max(3)
        .optional()
        .describe('The feedback counted (default ["mention"])'),
      windowMinutes: z.number().int().min(5).max(10_080).optional(),
      baselineWindows: z.number().int().min(1).max(200).optional(),
      sigma: z.number().min(0).max(10).optional(),
      minCount: z.number().int().min(1).max(100_000).optional(),
      emails: z.array(z.email().max(254)).max(20).optional(),
      emailChannelId: z.uuid().nullable().optional(),
      enabled: z.boolean().optional(),
    })
    .strict();

  r.get(
    '/mention-alert-rules',
    {
      config: { permission: 'cx:read' },
      schema: { tags, summary: 'List alert rules', response: { 200: z.object({ data: z.array(alertRuleSchema) }) } },
    },
    async (req) => ({ data: await alerts.listRules(ws(req)) }),
  );
  r.post(
    '/mention-alert-rules',
    {
      config: { permission: 'cx:write' },
      schema: { tags, summary: 'Add an alert rule', body, response: { 201: alertRuleSchema } },
    },
    async (req, reply) => reply.status(201).send(await alerts.createRule(actor(req), req.body)),
  );
  r.get(
    '/mention-alert-rules/:id',
    {
      config: { permission: 'cx:read' },
      schema: { tags, summary: 'One alert rule', params: idParam, response: { 200: alertRuleSchema } },
    },
    async (req) => alerts.getRule(ws(req), req.params.id),
  );
  r.patch(
    '/mention-alert-rules/:id',
    {
      preValidation: mustExist(k.db, 'rule'),
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Change an alert rule',
        params: idParam,
        body: body.partial(),
        response: { 200: alertRuleSchema },
      },
    },
    async (req) => alerts.updateRule(actor(req), req.params.id, req.body),
  );
  r.delete(
    '/mention-alert-rules/:id',
    {
      config: { permission: 'cx:write' },
      schema: { tags, summary: 'Delete an alert rule and its alerts', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await alerts.deleteRule(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/mention-alerts',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'Alerts raised, newest first',
        querystring: z.object({ ...pageQuery, ruleId: z.uuid().optional() }),
        response: { 200: pageOf(mentionAlertSchema) },
      },
    },
    async (req) => alerts.list(ws(req), req.query),
  );
  r.get(
    '/mention-alerts/:id',
    {
      config: { permission: 'cx:read' },
      schema: { tags, summary: 'One alert', params: idParam, response: { 200: mentionAlertSchema } },
    },
    async (req) => alerts.get(ws(req), req.params.id),
  );
  r.post(
    '/mention-alerts/:id/acknowledge',
    {
      config: { permission: 'cx:write' },
      schema: { tags, summary: 'Mark an alert as seen to', params: idParam, response: { 200: mentionAlertSchema } },
    },
    async (req) => alerts.acknowledge(actor(req), req.params.id),
  );
}
