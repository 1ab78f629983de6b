import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { personMustExist } from './route-guards.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from './consents.ts';

export const consentStateSchema = z.object({
  channel: z.enum(CONSENT_CHANNELS),
  purpose: z.enum(CONSENT_PURPOSES),
  status: z.enum(['granted', 'withdrawn', 'unknown']),
  granted: z.boolean().nullable(),
  source: z.string().nullable(),
  changedAt: dateTime.nullable(),
});
const consentChange = z.object({
  id: z.string(),
  personId: z.string(),
  channel: z.enum(CONSENT_CHANNELS),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  source: z.string(),
  evidence: z.string().nullable(),
  actor: z.string().nullable(),
  occurredAt: dateTime,
});

/** Consent: append a change (grant or withdrawal) and read the history. */
export async function consentRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['crm: consents'];

  r.post(
    '/people/:id/consents',
    {
      config: { permission: 'crm:write' },
      preValidation: personMustExist(k),
      schema: {
        tags,
        summary:
          'Record a consent change for a channel and purpose (history is kept; the latest change is the current state)',
        params: idParam,
        body: z.object({
          channel: z.enum(CONSENT_CHANNELS),
          purpose: z.enum(CONSENT_PURPOSES),
          granted: z.boolean(),
          source: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .describe('Where it was given or withdrawn: web form, call, paper, unsubscribe link…'),
          evidence: z
            .string()
            .trim()
            .max(2000)
            .nullable()
            .optional()
            .describe('A reference to the proof: form id, recording URL, document number'),
        }),
        response: { 201: consentChange },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await k.crm.consents.record(principalOf(req).actor, req.params.id, req.body)),
  );

  r.get(
    '/people/:id/consents/history',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: "A person's consent changes, newest first",
        params: idParam,
        querystring: z.object({
          ...pageQuery,
          channel: z.enum(CONSENT_CHANNELS).optional(),
          purpose: z.enum(CONSENT_PURPOSES).optional(),
        }),
        response: { 200: pageOf(consentChange) },
      },
    },
    async (req) => k.crm.consents.history(principalOf(req).actor.workspaceId, req.params.id, req.query),
  );
}
