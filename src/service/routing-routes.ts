import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import type { ServiceKernel } from './kernel.ts';
import { mustExist } from './conversations-guard.ts';
import { conditionsSchema } from './routing-conditions.ts';
import { routingActionsSchema } from './routing.ts';
import { AUTOMATION_TRIGGERS, automationActionsSchema } from './automation.ts';
import { automationConditionsSchema } from './automation-time-conditions.ts';

const name = z.string().trim().min(1).max(200);
const position = z.number().int().min(0).max(100_000);

export const teamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    calendarId: z.string().nullable().describe('The business-hours calendar of its SLA clocks'),
    assignment: z.enum(['round_robin', 'least_busy', 'none']),
    memberIds: z.array(z.string()),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'ServiceTeam', description: 'A team of agents: a routing target with its assignment mode' });

export const routingRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number(),
    enabled: z.boolean(),
    conditions: conditionsSchema,
    actions: routingActionsSchema,
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'RoutingRule', description: 'A new conversation meets the rules in order; the first match routes it' });

export const automationRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    trigger: z.enum(AUTOMATION_TRIGGERS),
    position: z.number(),
    enabled: z.boolean(),
    conditions: automationConditionsSchema,
    actions: automationActionsSchema,
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'AutomationRule',
    description:
      'On created / message / updated, or on time (conditions.time: a state held for long enough, fired once per entry into it): when the conditions hold, its actions run',
  });

/** Teams, routing rules and automation rules: CRUD shaped like the rest. */
export async function routingRoutes(app: FastifyInstance, k: ServiceKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;

  // ---------------------------------------------------------------- teams
  {
    const tags = ['service: teams'];
    const body = z
      .object({
        name,
        calendarId: z.uuid().nullable().optional(),
        assignment: z.enum(['round_robin', 'least_busy', 'none']).optional(),
        memberIds: z.array(z.uuid()).max(500).optional(),
      })
      .strict();
    r.get(
      '/teams',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'List teams', response: { 200: z.object({ data: z.array(teamSchema) }) } },
      },
      async (req) => ({ data: await k.service.teams.list(ws(req)) }),
    );
    r.post(
      '/teams',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Create a team', body, response: { 201: teamSchema } },
      },
      async (req, reply) => reply.status(201).send(await k.service.teams.create(actor(req), req.body)),
    );
    r.get(
      '/teams/:id',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'One team', params: idParam, response: { 200: teamSchema } },
      },
      async (req) => k.service.teams.get(ws(req), req.params.id),
    );
    r.patch(
      '/teams/:id',
      {
        preValidation: mustExist(k.db, 'team'),
        config: { permission: 'service:write' },
        schema: {
          tags,
          summary: 'Change a team (memberIds replaces the members)',
          params: idParam,
          body: body.partial(),
          response: { 200: teamSchema },
        },
      },
      async (req) => k.service.teams.update(actor(req), req.params.id, req.body),
    );
    r.delete(
      '/teams/:id',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Delete a team', params: idParam, response: { 204: noContent } },
      },
      async (req, reply) => {
        await k.service.teams.delete(actor(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  }

  // ---------------------------------------------------------------- routing rules
  {
    const tags = ['service: routing'];
    const body = z
      .object({
        name,
        position: position.optional(),
        enabled: z.boolean().optional(),
        conditions: conditionsSchema,
        actions: routingActionsSchema,
      })
      .strict();
    r.get(
      '/routing-rules',
      {
        config: { permission: 'service:read' },
        schema: {
          tags,
          summary: 'List routing rules in order',
          response: { 200: z.object({ data: z.array(routingRuleSchema) }) },
        },
      },
      async (req) => ({ data: await k.service.routing.list(ws(req)) }),
    );
    r.post(
      '/routing-rules',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Create a routing rule', body, response: { 201: routingRuleSchema } },
      },
      async (req, reply) => reply.status(201).send(await k.service.routing.create(actor(req), req.body)),
    );
    r.get(
      '/routing-rules/:id',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'One routing rule', params: idParam, response: { 200: routingRuleSchema } },
      },
      async (req) => k.service.routing.get(ws(req), req.params.id),
    );
    r.patch(
      '/routing-rules/:id',
      {
        preValidation: mustExist(k.db, 'routingRule'),
        config: { permission: 'service:write' },
        schema: {
          tags,
          summary: 'Change a routing rule',
          params: idParam,
          body: body.partial(),
          response: { 200: routingRuleSchema },
        },
      },
      async (req) => k.service.routing.update(actor(req), req.params.id, req.body),
    );
    r.delete(
      '/routing-rules/:id',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Delete a routing rule', params: idParam, response: { 204: noContent } },
      },
      async (req, reply) => {
        await k.service.routing.delete(actor(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  }

  // ---------------------------------------------------------------- automation rules
  {
    const tags = ['service: automation'];
    const body = z
      .object({
        name,
        trigger: z.enum(AUTOMATION_TRIGGERS),
        position: position.optional(),
        enabled: z.boolean().optional(),
        conditions: automationConditionsSchema,
        actions: automationActionsSchema,
      })
      .strict();
    r.get(
      '/automation-rules',
      {
        config: { permission: 'service:read' },
        schema: {
          tags,
          summary: 'List automation rules',
          response: { 200: z.object({ data: z.array(automationRuleSchema) }) },
        },
      },
      async (req) => ({ data: await k.service.automation.list(ws(req)) }),
    );
    r.post(
      '/automation-rules',
      {
        config: { permission: 'service:write' },
        schema: {
          tags,
          summary: 'Create an automation rule (422 OUTBOUND_BLOCKED for a refused webhook URL)',
          body,
          response: { 201: automationRuleSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await k.service.automation.create(actor(req), req.body)),
    );
    r.get(
      '/automation-rules/:id',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'One automation rule', params: idParam, response: { 200: automationRuleSchema } },
      },
      async (req) => k.service.automation.get(ws(req), req.params.id),
    );
    r.patch(
      '/automation-rules/:id',
      {
        preValidation: mustExist(k.db, 'automationRule'),
        config: { permission: 'service:write' },
        schema: {
          tags,
          summary: 'Change an automation rule',
          params: idParam,
          body: body.partial(),
          response: { 200: automationRuleSchema },
        },
      },
      async (req) => k.service.automation.update(actor(req), req.params.id, req.body),
    );
    r.delete(
      '/automation-rules/:id',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Delete an automation rule', params: idParam, response: { 204: noContent } },
      },
      async (req, reply) => {
        await k.service.automation.delete(actor(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  }
}
