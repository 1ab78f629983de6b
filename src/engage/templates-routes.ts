import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { MAX_SMS_SEGMENTS, TEMPLATE_CHANNELS, TEMPLATE_FORMATS } from './templates.ts';
import { TEMPLATE_ROOTS } from './template-render.ts';

const channel = z.enum(TEMPLATE_CHANNELS);
const format = z.enum(TEMPLATE_FORMATS);
const kind = z.enum(['marketing', 'transactional']);
const name = z.string().trim().min(1).max(200);
const subject = z.string().max(1000);
const body = z.string().min(1).max(500_000);
const text = z.string().max(500_000);
const variant = z.object({ subject: subject.nullable().optional(), body, text: text.nullable().optional() });
const variants = z
  .record(z.string().max(10), variant)
  .describe(
    'Locale variants keyed by language code (`{"en": {"subject"?, "body", "text"?}}`); the top-level content is the default. A person gets the variant of their locale (trait `locale`/`language`), else the default',
  );

const liquidText = `Liquid: ${TEMPLATE_ROOTS.join(', ')} (person.firstName, lastName, email, phone, locale, traits.*, computed.*; data.* from the sender); filters: Liquid's own plus money. A missing data.* variable fails the send (400 naming it) unless the template gives | default:`;

const versionFields = {
  format,
  subject: z.string().nullable(),
  body: z.string(),
  text: z.string().nullable().describe("An email's plain-text part; null = derived from the HTML"),
  variants: z.record(z.string(), variant),
};
export const templateSchema = z
  .object({
    id: z.string(),
    channel,
    name: z.string(),
    kind,
    groupId: z.string().nullable().describe('The preference-centre group its marketing messages belong to'),
    version: z.number().describe('The current version'),
    ...versionFields,
    createdAt: dateTime,
    updatedAt: dateTime,
    archivedAt: dateTime.nullable(),
  })
  .meta({ id: 'Template', description: `A message template (current version). ${liquidText}` });
const versionSchema = z
  .object({ version: z.number(), ...versionFields, actor: z.string().nullable(), createdAt: dateTime })
  .meta({ id: 'TemplateVersion', description: 'One saved version of a template' });
const previewSchema = z
  .object({
    templateId: z.string(),
    version: z.number(),
    locale: z.string().nullable().describe('The variant used; null = the default content'),
    subject: z.string().nullable(),
    html: z.string().nullable(),
    text: z.string(),
    sms: z
      .object({
        encoding: z.enum(['gsm7', 'ucs2']),
        length: z.number(),
        segments: z.number(),
        perSegment: z.number(),
      })
      .nullable()
      .describe('SMS templates: the rendered text’s encoding, length and parts'),
    missing: z.array(z.string()).describe('Variables the data lacks (shown as [data.x] in the preview)'),
  })
  .meta({ id: 'TemplatePreview', description: 'A template rendered for one person, without sending' });
// Any text: a version that is not a number is one that does not exist (404), checked after the template.
const versionParams = z.object({ id: z.uuid({ message: 'must be a UUID' }), version: z.string().max(20) });
const data = z.record(z.string(), z.unknown()).describe('The values of data.* in the template');

/** Templates (issue 15, item 2): CRUD, versions, preview, test send. */
export async function templatesRoutes(app: FastifyInstance, k: EngageKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: templates'];
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const t = () => k.engage.templates;

  r.get(
    '/templates',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'List templates, newest first (archived ones with archived=true)',
        querystring: z.object({
          ...pageQuery,
          channel: channel.optional(),
          q: z.string().max(200).optional().describe('Part of the name'),
          archived: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: pageOf(templateSchema) },
      },
    },
    async (req) => t().list(actor(req).workspaceId, req.query),
  );

  r.post(
    '/templates',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Create a template (400 naming body, subject or variants.<locale>.body when it does not compile)',
        description: [
          liquidText,
          'format: email → mjml when the body starts with <mjml, else html; other channels → text. MJML is validated strictly; a Liquid tag between MJML components must sit in <mj-raw>.',
          `Email needs a subject; an SMS text may take at most ${MAX_SMS_SEGMENTS} parts.`,
        ].join('\n\n'),
        body: z.object({
          channel,
          name,
          subject: subject.nullable().optional(),
          body,
          text: text.nullable().optional(),
          format: format.optional(),
          kind: kind.optional(),
          groupId: z.uuid().nullable().optional(),
          variants: variants.optional(),
        }),
        response: { 201: templateSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await t().create(actor(req), req.body)),
  );

  r.get(
    '/templates/:id',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'A template (current version)', params: idParam, response: { 200: templateSchema } },
    },
    async (req) => t().get(actor(req).workspaceId, req.params.id),
  );

  r.patch(
    '/templates/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Change a template: a content change (subject, body, text, format, variants) is a new version',
        params: idParam,
        body: z.object({
          name: name.optional(),
          subject: subject.nullable().optional(),
          body: body.optional(),
          text: text.nullable().optional(),
          format: format.optional(),
          kind: kind.optional(),
          groupId: z.uuid().nullable().optional(),
          variants: variants.optional(),
        }),
        response: { 200: templateSchema },
      },
    },
    async (req) => t().update(actor(req), req.params.id, req.body),
  );

  r.delete(
    '/templates/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Archive a template (messages already queued still render)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await t().archive(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/templates/:id/versions',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: "A template's versions, newest first",
        params: idParam,
        response: { 200: z.object({ data: z.array(versionSchema) }) },
      },
    },
    async (req) => ({ data: await t().listVersions(actor(req).workspaceId, req.params.id) }),
  );

  r.get(
    '/templates/:id/versions/:version',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'One version of a template', params: versionParams, response: { 200: versionSchema } },
    },
    async (req) => t().getVersion(actor(req).workspaceId, req.params.id, req.params.version),
  );

  r.post(
    '/templates/:id/restore/:version',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Restore a version: a new version with its content',
        params: versionParams,
        response: { 200: templateSchema },
      },
    },
    async (req) => t().restore(actor(req), req.params.id, req.params.version),
  );

  r.post(
    '/templates/:id/preview',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'Render for a person (or nobody) without sending; missing variables are listed, not refused',
        params: idParam,
        body: z.object({
          personId: z.uuid().optional(),
          data: data.optional(),
          locale: z.string().max(20).optional().describe('Overrides the person’s locale (ru, en)'),
          version: z.number().int().min(1).optional().describe('Default: the current version'),
        }),
        response: { 200: previewSchema },
      },
    },
    async (req) => t().preview(actor(req).workspaceId, req.params.id, req.body),
  );

  r.post(
    '/templates/:id/test-send',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary:
          'Send the template now as a transactional message to a person (or the person an email/phone belongs to)',
        params: idParam,
        body: z.object({
          channelId: z.uuid().optional().describe('Required: the channel to send through'),
          personId: z.uuid().optional(),
          to: z.string().max(320).optional().describe('An email or phone of a known person, instead of personId'),
          data: data.optional(),
        }),
        response: {
          202: z.object({ id: z.string().describe('The message id (GET /messages/{id})'), status: z.string() }),
        },
      },
    },
    async (req, reply) => reply.status(202).send(await t().testSend(actor(req), req.params.id, req.body)),
  );
}
