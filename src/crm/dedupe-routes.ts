import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { personMustExist } from './route-guards.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { BLOCK_CAP, MERGE_FIELDS, SCAN_BUDGET, SCAN_CHUNK, WINDOW } from './dedupe.ts';
import { personSchema } from './people-routes.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const merge = z.object({
  id: z.string(),
  fromPerson: z.string(),
  intoPerson: z.string(),
  cdpMergeId: z.string().nullable(),
  choices: z.record(z.string(), z.enum(['this', 'other'])),
  moved: z.record(z.string(), z.number()).describe('How many rows of each kind moved to the survivor'),
  actor: z.string().nullable(),
  createdAt: dateTime,
  undoneAt: dateTime.nullable(),
});
const choice = z.enum(['this', 'other']);

/** Duplicate suggestions, dismissals, merge with field choice and unmerge. */
export async function dedupeRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const actor = (req: any) => principalOf(req).actor;
  const tags = ['crm: duplicates'];

  r.get(
    '/people/duplicates',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'Likely duplicates: same email or phone, the same or a similar name at the same company; most likely first',
        description:
          `Candidates come from small blocks only (a shared email or phone; a company's people in name order, each compared with the next ${WINDOW}; ` +
          `at most ${BLOCK_CAP} people per shared value or identical name), in three passes — shared contacts (score 1), the same name at a company (0.9), ` +
          `a similar name (0.8 × trigram similarity) — most likely first within each scanned chunk. A request reads at most ${SCAN_BUDGET} people, ` +
          `${SCAN_CHUNK} per statement: a page may hold fewer than \`limit\` pairs, even none, with a nextCursor to scan on; \`scan\` says what this request looked at.`,
        querystring: z.object({ ...pageQuery }),
        response: {
          200: pageOf(
            z.object({
              a: personSchema,
              b: personSchema,
              reasons: z.array(z.enum(['email', 'phone', 'name_company'])),
              score: z.number(),
            }),
          ).extend({
            scan: z
              .object({
                rowsScanned: z.number().describe('People rows this request read'),
                candidatesScored: z.number().describe('Candidate pairs this request scored'),
                chunks: z.number().describe('Bounded statements (chunks) this request ran'),
                complete: z.boolean().describe('true: the scan reached the end (no nextCursor)'),
              })
              .describe('How much work this page took: bounded per request'),
          }),
        },
      },
    },
    async (req) => k.crm.dedupe.suggestions(ws(req), req.query),
  );

  r.post(
    '/people/duplicates/dismiss',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Mark two people as not duplicates (no longer suggested)',
        body: z.object({ a: uuid, b: uuid }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.dedupe.dismiss(actor(req), req.body);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/people/:id/merge',
    {
      config: { permission: 'crm:write' },
      preValidation: personMustExist(k),
      schema: {
        tags,
        summary:
          'Merge otherId into this person: fields chosen per field (default: this, or other where this is empty), emails/phones/tags united, activities, deals and consents moved',
        params: idParam,
        body: z.object({
          otherId: uuid,
          fields: z
            .object(
              Object.fromEntries(Object.keys(MERGE_FIELDS).map((f) => [f, choice.optional()])) as Record<
                keyof typeof MERGE_FIELDS,
                z.ZodOptional<typeof choice>
              >,
            )
            .optional(),
        }),
        response: { 200: personSchema.extend({ mergeId: z.string() }) },
      },
    },
    async (req) => k.crm.dedupe.merge(actor(req), req.params.id, req.body),
  );

  r.get(
    '/people/:id/merges',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary: 'CRM merges this person took part in, newest first',
        params: idParam,
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(merge) },
      },
    },
    async (req) => k.crm.dedupe.list(ws(req), req.params.id, req.query),
  );

  r.post(
    '/crm-merges/:id/undo',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Unmerge: both people back exactly as they were, with the rows that moved',
        params: idParam,
        response: {
          200: merge.extend({
            into: personSchema
              .nullable()
              .describe(
                "null when the survivor was not in the CRM before the merge (it had taken the other one's row over)",
              ),
            from: personSchema,
          }),
        },
      },
    },
    async (req) => k.crm.dedupe.undo(actor(req), req.params.id),
  );
}
