import { z } from 'zod';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CdpKernel as Kernel } from '../kernel.ts';
import { AppError, invalid } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam } from '../../core/http/schemas.ts';
import { MAX_LIST_IDS } from './lists.ts';
import {
  LIST_UPLOAD_MAX_BYTES,
  LIST_UPLOAD_MAX_ROWS,
  REPORTED_ERRORS,
  UPLOAD_MODES,
  UPLOAD_ROW_CODES,
  type Received,
} from './list-uploads.ts';
import { EXPORT_COLUMNS } from './members-export.ts';

// Checked by the service once the list is found (so that another workspace's list reads as 404 first).
const personIds = z
  .array(z.string().max(100))
  .max(MAX_LIST_IDS)
  .optional()
  .describe(`Required: 1–${MAX_LIST_IDS} ids of persons of this workspace`);

const upload = z
  .object({
    id: z.string(),
    segmentId: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    identifier: z.string().describe('email, phone, user_id or external:<type>'),
    column: z.string().describe('The header of the column read'),
    mode: z.enum(UPLOAD_MODES),
    fileName: z.string(),
    rows: z.number().describe('Rows below the header'),
    matched: z.number().describe('Rows whose value is a known person'),
    added: z.number().describe('Persons who entered the list'),
    removed: z.number().describe('Persons who left it (mode replace: members not in the file)'),
    unmatched: z.number().describe('Rows that matched nobody (empty, invalid or unknown value)'),
    errors: z
      .array(
        z.object({
          row: z.number().describe('The row in the file, the header being 1'),
          value: z.string(),
          code: z.enum(UPLOAD_ROW_CODES),
          message: z.string(),
        }),
      )
      .describe(`The first ${REPORTED_ERRORS} rows that matched nobody (all of them: rejected.csv)`),
    error: z.string().nullable().describe('Why the upload failed (status failed)'),
    createdAt: dateTime,
    finishedAt: dateTime.nullable(),
  })
  .meta({ id: 'SegmentUpload', description: 'A CSV uploaded into a list: the job state and its per-row report' });

const uploadParams = z.object({
  id: z.uuid({ message: 'must be a UUID' }),
  // Any text: a malformed id is an upload that does not exist (404), checked after the list.
  uploadId: z.string().max(100),
});

/** Static lists: hand-made and uploaded members, and the members export (issue 14, items 7–8). */
export async function listRoutes(app: FastifyInstance, k: Kernel) {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: LIST_UPLOAD_MAX_BYTES, files: 1, fields: 10, fieldSize: 1000 },
      throwFileSizeLimit: true,
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['segments'];
    const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;

    r.post(
      '/segments/:id/members',
      {
        config: { permission: 'cdp:write' },
        schema: {
          tags,
          summary: 'Add persons to a list (each entry is a timeline event); 409 NOT_A_LIST for a rule segment',
          params: idParam,
          body: z.object({ personIds }),
          response: { 200: z.object({ added: z.number().describe('Persons who were not members before') }) },
        },
      },
      async (req) => k.segments.lists.add(principalOf(req).actor, req.params.id, req.body.personIds),
    );

    r.post(
      '/segments/:id/members/remove',
      {
        config: { permission: 'cdp:write' },
        schema: {
          tags,
          summary: 'Remove persons from a list (each exit is a timeline event); 409 NOT_A_LIST for a rule segment',
          params: idParam,
          body: z.object({ personIds }),
          response: { 200: z.object({ removed: z.number().describe('Persons who were members') }) },
        },
      },
      async (req) => k.segments.lists.remove(principalOf(req).actor, req.params.id, req.body.personIds),
    );

    r.post(
      '/segments/:id/uploads',
      {
        config: { permission: 'cdp:write' },
        schema: {
          tags,
          summary:
            'Upload a CSV of identifiers into a list (multipart: `identifier`, optional `column` and `mode`, then `file`); a job matches the rows: poll GET /segments/{id}/uploads/{uploadId}',
          description: [
            '`identifier`: email | phone | user_id | external:<type>: each row is matched to a person by that identifier as the identity graph stores it (emails lower-cased, phones E.164; Russian numbers without a country code are read as +7).',
            '`column`: the header of the column holding it (default: the first column). `mode`: add (default) or replace (members not in the file leave the list).',
            `The file must be UTF-8 (with or without BOM; another encoding: 400 UNSUPPORTED_ENCODING), at most ${LIST_UPLOAD_MAX_BYTES} bytes and ${LIST_UPLOAD_MAX_ROWS} rows (413), with a header row and at least one row (400 MALFORMED_CSV). Delimiter , ; or tab is detected.`,
            'Nothing changes in the list until the job has read the whole file; the list then changes in one transaction.',
          ].join('\n\n'),
          params: idParam,
          response: { 202: upload },
        },
      },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        // The list first: another workspace's is a 404, a rule segment a 409, before the body is read.
        await k.segments.lists.assertList(actor.workspaceId, req.params.id);
        if (!req.isMultipart())
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data with a "file" part');
        const fields: { identifier?: string; column?: string; mode?: string } = {};
        let received: Received | null = null;
        let fileName = 'list.csv';
        try {
          for await (const part of req.parts()) {
            if (part.type === 'field') {
              if (part.fieldname === 'identifier' || part.fieldname === 'column' || part.fieldname === 'mode')
                fields[part.fieldname] = String(part.value);
              continue;
            }
            if (part.fieldname !== 'file' || received) {
              part.file.resume();
              continue;
            }
            fileName = part.filename || fileName;
            received = await k.segments.uploads.receive(actor.workspaceId, part.file);
          }
        } catch (e) {
          await k.segments.uploads.discard(received);
          throw e;
        }
        if (!received) throw invalid('file', 'no file part in the upload', 'REQUIRED');
        return reply
          .status(202)
          .send(await k.segments.uploads.create(actor, req.params.id, received, { fileName, ...fields }));
      },
    );

    r.get(
      '/segments/:id/uploads/:uploadId',
      {
        config: { permission: 'cdp:read' },
        schema: {
          tags,
          summary: 'A list upload: status, counts and the first row errors',
          params: uploadParams,
          response: { 200: upload },
        },
      },
      async (req) => k.segments.uploads.get(ws(req), req.params.id, req.params.uploadId),
    );

    r.get(
      '/segments/:id/uploads/:uploadId/rejected.csv',
      {
        config: { permission: 'cdp:read' },
        schema: {
          tags,
          summary: "The rows of an upload that matched nobody: the file's columns plus `code` and `reason` (UTF-8 CSV)",
          params: uploadParams,
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const stream = await k.segments.uploads.rejectedFile(ws(req), req.params.id, req.params.uploadId);
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="rejected.csv"');
        return reply.send(stream);
      },
    );

    r.get(
      '/segments/:id/export.csv',
      {
        config: { permission: 'cdp:read' },
        schema: {
          tags,
          summary: `The current members of a segment or list as CSV, streamed (${EXPORT_COLUMNS.join(', ')})`,
          description:
            'Oldest member first. Cells a spreadsheet would read as a formula are written with a leading apostrophe.',
          params: idParam,
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const stream = await k.segments.exportCsv(ws(req), req.params.id);
        const date = new Date().toISOString().slice(0, 10);
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="segment-${date}.csv"`);
        return reply.send(stream);
      },
    );
  });
}
