import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import type { ServiceKernel } from './kernel.ts';
import { mustExist } from './conversations-guard.ts';
import { macroActionsSchema } from './canned-macros.ts';

export const cannedSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    shortcut: z.string().nullable(),
    language: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'CannedResponse', description: 'A text an agent inserts into a reply' });

export const macroSchema = z
  .object({ id: z.string(), name: z.string(), actions: macroActionsSchema, createdAt: dateTime, updatedAt: dateTime })
  .meta({ id: 'Macro', description: 'One click: a reply and/or note, then fields set' });

/** Canned responses and macros. */
export async function cannedRoutes(app: FastifyInstance, k: ServiceKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;
  {
    const tags = ['service: canned responses'];
    const body = z
      .object({
        title: z.string().trim().min(1).max(200),
        body: z.string().min(1).max(10_000),
        shortcut: z.string().trim().min(1).max(50).nullable().optional(),
        language: z.string().trim().min(2).max(10).nullable().optional(),
      })
      .strict();
    r.get(
      '/canned-responses',
      {
        config: { permission: 'service:read' },
        schema: {
          tags,
          summary: 'List canned responses (q: text in title, shortcut or body)',
          querystring: z.object({
            q: z.string().trim().min(1).max(200).optional(),
            language: z.string().max(10).optional(),
          }),
          response: { 200: z.object({ data: z.array(cannedSchema) }) },
        },
      },
      async (req) => ({ data: await k.service.canned.list(ws(req), req.query) }),
    );
    r.post(
      '/canned-responses',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Create a canned response', body, response: { 201: cannedSchema } },
      },
      async (req, reply) => reply.status(201).send(await k.service.canned.create(actor(req), req.body)),
    );
    r.get(
      '/canned-responses/:id',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'One canned response', params: idParam, response: { 200: cannedSchema } },
      },
      async (req) => k.service.canned.get(ws(req), req.params.id),
    );
    r.patch(
      '/canned-responses/:id',
      {
        preValidation: mustExist(k.db, 'cannedResponse'),
        config: { permission: 'service:write' },
        schema: {
          tags,
          summary: 'Change a canned response',
          params: idParam,
          body: body.partial(),
          response: { 200: cannedSchema },
        },
      },
      async (req) => k.service.canned.update(actor(req), req.params.id, req.body),
    );
    r.delete(
      '/canned-responses/:id',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Delete a canned response', params: idParam, response: { 204: noContent } },
      },
      async (req, reply) => {
        await k.service.canned.delete(actor(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  }
  {
    const tags = ['service: macros'];
    const body = z.object({ name: z.string().trim().min(1).max(200), actions: macroActionsSchema }).strict();
    r.get(
      '/macros',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'List macros', response: { 200: z.object({ data: z.array(macroSchema) }) } },
      },
      async (req) => ({ data: await k.service.macros.list(ws(req)) }),
    );
    r.post(
      '/macros',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Create a macro', body, response: { 201: macroSchema } },
      },
      async (req, reply) => reply.status(201).send(await k.service.macros.create(actor(req), req.body)),
    );
    r.get(
      '/macros/:id',
      {
        config: { permission: 'service:read' },
        schema: { tags, summary: 'One macro', params: idParam, response: { 200: macroSchema } },
      },
      async (req) => k.service.macros.get(ws(req), req.params.id),
    );
    r.patch(
      '/macros/:id',
      {
        preValidation: mustExist(k.db, 'macro'),
        config: { permission: 'service:write' },
        schema: {
          tags,
          summary: 'Change a macro',
          params: idParam,
          body: body.partial(),
          response: { 200: macroSchema },
        },
      },
      async (req) => k.service.macros.update(actor(req), req.params.id, req.body),
    );
    r.delete(
      '/macros/:id',
      {
        config: { permission: 'service:write' },
        schema: { tags, summary: 'Delete a macro', params: idParam, response: { 204: noContent } },
      },
      async (req, reply) => {
        await k.service.macros.delete(actor(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  }
}
