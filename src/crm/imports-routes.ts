import { z } from 'zod';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { AppError, invalid } from '../core/errors.ts';
import { IMPORT_ENTITIES, ROW_ERROR_CODES, type ImportEntity } from './imports.ts';
import {
  columnsOf,
  ERROR_COLUMN,
  errorListPathOf,
  localizeErrorsCsv,
  readerLang,
  rowMessage,
} from './import-messages.ts';

const importView = z.object({
  id: z.string(),
  entity: z.string(),
  fileName: z.string(),
  encoding: z.string(),
  delimiter: z.string(),
  mapping: z.record(z.string(), z.string()),
  upsertBy: z.string().nullable(),
  status: z
    .string()
    .describe('uploaded | queued | running | done | failed | expired (uploaded and not started within 24 hours)'),
  totalRows: z.number().nullable(),
  processedRows: z.number(),
  createdRows: z.number(),
  updatedRows: z.number(),
  failedRows: z.number(),
  progress: z.number().describe('0…1'),
  hasErrorsFile: z.boolean(),
  error: z.string().nullable(),
  jobId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  finishedAt: dateTime.nullable(),
});
const uploadView = importView.extend({
  columns: z.array(z.string()),
  preview: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string()),
});

/** CSV import: upload (multipart, size-limited in this scope only), start, progress, errors file. */
export async function importRoutes(app: FastifyInstance, k: Kernel) {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: k.config.importMaxBytes, files: 1, fields: 10, fieldSize: 1000 },
      throwFileSizeLimit: true,
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const ws = (req: any) => principalOf(req).actor.workspaceId;
    const tags = ['crm'];

    r.post(
      '/imports',
      {
        config: { permission: 'crm:write' },
        schema: {
          tags,
          summary:
            'Upload a CSV (multipart: `entity` = people|companies|deals, then `file`); returns columns, a preview and a suggested mapping',
          description:
            'UTF-8 (with or without BOM) and Windows-1251 are detected; other encodings are refused with 400 UNSUPPORTED_ENCODING. Delimiter `,` `;` or tab is detected. A malformed CSV gives 400 MALFORMED_CSV naming the line; a file over the size limit (KARTOTEKA_IMPORT_MAX_BYTES) gives 413. `entity` may also be given as a query parameter.',
          querystring: z.object({ entity: z.enum(IMPORT_ENTITIES).optional() }),
          response: { 201: uploadView },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data with a "file" part');
        let entity: string | undefined = req.query.entity;
        let result: Awaited<ReturnType<typeof k.crm.imports.upload>> | null = null;
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            if (part.fieldname === 'entity') entity = String(part.value);
            continue;
          }
          if (part.fieldname !== 'file' || result) {
            part.file.resume();
            continue;
          }
          if (!entity || !(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
            part.file.resume();
            throw invalid(
              'entity',
              `must be one of ${IMPORT_ENTITIES.join(', ')} (send the entity field before the file)`,
            );
          }
          result = await k.crm.imports.upload(principalOf(req).actor, {
            entity: entity as ImportEntity,
            fileName: part.filename || 'import.csv',
            file: part.file,
          });
        }
        if (!result) throw invalid('file', 'no file part in the upload');
        return reply.status(201).send(result);
      },
    );

    r.post(
      '/imports/:id/start',
      {
        config: { permission: 'crm:write' },
        schema: {
          tags,
          summary: 'Start an uploaded import with a column mapping: runs as a job; poll GET /imports/{id} for progress',
          params: idParam,
          body: z.object({
            mapping: z
              .record(z.string().max(500), z.string().max(100))
              .default({})
              .describe(
                'CSV column → field (see the fields of each entity; custom fields as cf.KEY; "" skips a column)',
              ),
            upsertBy: z
              .enum(['email', 'phone', 'externalId'])
              .nullable()
              .default(null)
              .describe('Update existing records matched by this field instead of creating new ones'),
          }),
          response: { 202: importView },
        },
      },
      async (req, reply) =>
        reply.status(202).send(await k.crm.imports.start(principalOf(req).actor, req.params.id, req.body)),
    );

    r.get(
      '/imports',
      {
        config: { permission: 'crm:read' },
        schema: {
          tags,
          summary: 'Imports, newest first',
          querystring: z.object({
            ...pageQuery,
            entity: z.enum(IMPORT_ENTITIES).optional(),
            status: z.enum(['uploaded', 'queued', 'running', 'done', 'failed', 'expired']).optional(),
          }),
          response: { 200: pageOf(importView) },
        },
      },
      async (req) => k.crm.imports.list(ws(req), req.query),
    );

    r.get(
      '/imports/:id',
      {
        config: { permission: 'crm:read' },
        schema: {
          tags,
          summary: 'An import: status, counts (created, updated, failed) and progress',
          params: idParam,
          response: { 200: importView },
        },
      },
      async (req) => k.crm.imports.get(ws(req), req.params.id),
    );

    r.get(
      '/imports/:id/errors',
      {
        config: { permission: 'crm:read' },
        schema: {
          tags,
          summary:
            "The rows that were not imported, a page at a time: row (line in the file), field, a stable code and a message in the reader's language",
          description: 'The message is in `lang` (en, ru) or else the Accept-Language language; English otherwise.',
          params: idParam,
          querystring: z.object({
            offset: z.coerce.number().int().min(0).default(0),
            limit: z.coerce.number().int().min(1).max(200).default(20),
            lang: z.enum(['en', 'ru']).optional(),
          }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  row: z.number(),
                  field: z.string().nullable(),
                  code: z.enum(ROW_ERROR_CODES),
                  message: z.string(),
                }),
              ),
              total: z.number().describe('rows refused in all'),
              offset: z.number(),
            }),
          },
        },
      },
      async (req) => {
        const lang = readerLang(req.query.lang, req.headers['accept-language']);
        const page = await k.crm.imports.rowErrors(ws(req), req.params.id, req.query);
        if (lang === 'en') return page;
        const columns = columnsOf((await k.crm.imports.get(ws(req), req.params.id)).mapping);
        return { ...page, data: page.data.map((e) => ({ ...e, message: rowMessage(e, lang, columns) })) };
      },
    );

    r.get(
      '/imports/:id/errors.csv',
      {
        config: { permission: 'crm:read' },
        schema: {
          tags,
          summary: 'The rows that were not imported: their original columns plus `error` (UTF-8 CSV with BOM)',
          description:
            "The last column, its name and its messages, are in the reader's language: `lang` (en, ru) or else Accept-Language.",
          params: idParam,
          querystring: z.object({ lang: z.enum(['en', 'ru']).optional() }),
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const lang = readerLang(req.query.lang, req.headers['accept-language']);
        const f = await k.crm.imports.errorsFile(ws(req), req.params.id, ERROR_COLUMN[lang]);
        const imp = await k.db
          .selectFrom('crm_imports')
          .select(['errors_path', 'mapping'])
          .where('workspace_id', '=', ws(req))
          .where('id', '=', req.params.id)
          .executeTakeFirstOrThrow();
        const stream = localizeErrorsCsv(
          f.stream,
          errorListPathOf(imp.errors_path ?? ''),
          lang,
          columnsOf(imp.mapping as Record<string, string>),
        );
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header(
          'content-disposition',
          `attachment; filename="errors.csv"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
        );
        return reply.send(stream);
      },
    );
  });
}
