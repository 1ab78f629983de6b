import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import { pageQuery } from '../../core/http/pagination.ts';
import type { CxKernel } from '../kernel.ts';
import { SURVEY_CHANNELS, SURVEY_STATUSES, SURVEY_TYPES } from './tables.ts';
import { surveyMustExist } from './guard.ts';
import { WAVE_CHANNELS } from './delivery.ts';

const tags = ['cx: surveys'];
const textsSchema = z
  .object({ ru: z.string().trim().max(2000).optional(), en: z.string().trim().max(2000).optional() })
  .strict()
  // No component ids on shapes a request uses: requests stay inline (src/core/http/openapi.ts).
  .describe('A text in Russian and/or English');
const questionSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, { message: 'lower-case letters, digits, - and _' })
      .describe('Names the answer in `answers`'),
    kind: z.enum(['scale', 'choice', 'text']),
    text: textsSchema,
    min: z.number().int().min(0).max(100).optional(),
    max: z.number().int().min(1).max(100).optional(),
    options: z.array(textsSchema).min(1).max(20).optional(),
  })
  .strict()
  .describe("A custom survey's question");

const surveySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(SURVEY_TYPES),
    status: z.enum(SURVEY_STATUSES),
    question: textsSchema,
    thanks: textsSchema,
    questions: z.array(questionSchema),
    scale: z.object({ min: z.number(), max: z.number() }).nullable(),
    segmentId: z.string().nullable(),
    channels: z.array(z.enum(SURVEY_CHANNELS)),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Survey', description: 'An NPS, CSAT, CES or custom survey' });

const responseSchema = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    personId: z.string(),
    score: z.number().nullable(),
    category: z.string().nullable().describe('NPS: promoter, passive or detractor'),
    answers: z.record(z.string(), z.unknown()),
    comment: z.string().nullable(),
    channel: z.string().nullable(),
    locale: z.enum(['ru', 'en']),
    analysis: z.record(z.string(), z.unknown()).nullable().describe("The comment's language, sentiment and topics"),
    sentiment: z.string().nullable(),
    followUp: z
      .object({ kind: z.string(), conversationId: z.string().nullable(), status: z.string().nullable() })
      .nullable()
      .describe('A low answer: the ticket (or CRM task) opened and its outcome (open, solved, closed, reopened)'),
    answeredAt: dateTime,
  })
  .meta({ id: 'SurveyResponse', description: 'An answer to a survey' });

const figures = {
  responses: z.number(),
  promoters: z.number(),
  passives: z.number(),
  detractors: z.number(),
  nps: z.number().nullable(),
  score: z.number().nullable().describe("The type's headline: NPS, CSAT %, CES average"),
};
const resultsSchema = z
  .object({
    surveyId: z.string(),
    type: z.enum(SURVEY_TYPES),
    ...figures,
    csat: z.number().nullable(),
    ces: z.number().nullable(),
    average: z.number().nullable(),
    comments: z.number(),
    delivered: z.number(),
    skipped: z
      .record(z.string(), z.number())
      .describe('Skipped requests by reason (recontact_limit, no_channel, no_chat_conversation, no_consent)'),
    responseRate: z.number().nullable().describe('Answers to the waves / requests delivered (%)'),
    interval: z.enum(['week', 'month']),
    overTime: z.array(z.object({ period: z.string(), ...figures })),
    bySegment: z.array(z.object({ segmentId: z.string(), name: z.string(), ...figures })),
    sentiment: z.record(z.string(), z.number()),
    followUps: z.record(z.string(), z.number()),
  })
  .meta({ id: 'SurveyResults', description: 'NPS = % promoters (9–10) − % detractors (0–6); CSAT = % of 4–5' });

const surveyBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    type: z.enum(SURVEY_TYPES),
    question: z.union([z.string().trim().min(1).max(2000), textsSchema]).optional(),
    thanks: textsSchema.optional(),
    questions: z.array(questionSchema).max(30).optional(),
    segmentId: z.uuid().nullable().optional(),
    channels: z.array(z.enum(SURVEY_CHANNELS)).max(5).optional(),
    status: z.enum(SURVEY_STATUSES).optional(),
  })
  .strict();

/** The surveys' REST routes under /api/v1. */
export async function surveysRoutes(api: FastifyInstance, k: CxKernel): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => principalOf(req).actor;
  const ws = (req: FastifyRequest) => actor(req).workspaceId;
  const s = () => k.cx.surveys;
  const mustExist = surveyMustExist(k.db);

  r.get(
    '/surveys',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'List surveys, newest first',
        querystring: z.object({ ...pageQuery, status: z.enum(SURVEY_STATUSES).optional() }),
        response: { 200: z.object({ data: z.array(surveySchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => s().list(ws(req), req.query),
  );
  r.post(
    '/surveys',
    {
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Create a survey (a draft unless `status`); `question` is one text or { ru, en }',
        body: surveyBody,
        response: { 201: surveySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await s().create(actor(req), req.body)),
  );
  r.get(
    '/survey-settings',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: "The workspace's re-contact limit across all surveys",
        response: { 200: z.object({ recontactDays: z.number() }) },
      },
    },
    async (req) => ({ recontactDays: await s().recontactDays(ws(req)) }),
  );
  r.put(
    '/survey-settings',
    {
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Set the re-contact limit: no one is surveyed more than once per this many days (0: no limit)',
        body: z.object({ recontactDays: z.number().int().min(0).max(3650) }).strict(),
        response: { 200: z.object({ recontactDays: z.number() }) },
      },
    },
    async (req) => ({ recontactDays: await s().setRecontactDays(actor(req), req.body.recontactDays) }),
  );
  r.get(
    '/surveys/:id',
    {
      config: { permission: 'cx:read' },
      schema: { tags, summary: 'One survey', params: idParam, response: { 200: surveySchema } },
    },
    async (req) => s().get(ws(req), req.params.id),
  );
  r.patch(
    '/surveys/:id',
    {
      preValidation: mustExist,
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary: 'Change a survey (status draft → active → closed; the type is kept once answered)',
        params: idParam,
        body: surveyBody.partial(),
        response: { 200: surveySchema },
      },
    },
    async (req) => s().update(actor(req), req.params.id, req.body),
  );
  r.delete(
    '/surveys/:id',
    {
      config: { permission: 'cx:write' },
      schema: { tags, summary: 'Delete a survey and its answers', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await s().remove(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/surveys/:id/responses',
    {
      preValidation: mustExist,
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary:
          "Record an answer (NPS 0–10, CSAT 1–5, CES 1–7; a custom survey's `answers`); 409 RECONTACT_LIMIT within the limit, SURVEY_CLOSED when closed",
        params: idParam,
        body: z
          .object({
            personId: z.uuid(),
            score: z.number().nullable().optional(),
            comment: z.string().max(5000).nullable().optional(),
            answers: z.record(z.string().max(40), z.unknown()).optional(),
            channel: z.string().trim().max(40).nullable().optional(),
          })
          .strict(),
        response: { 201: responseSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await s().respond(ws(req), req.params.id, req.body)),
  );
  r.get(
    '/surveys/:id/responses',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'The answers (verbatims), newest first, with the person and the comment’s sentiment',
        params: idParam,
        querystring: z.object({
          ...pageQuery,
          sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
          category: z.enum(['promoter', 'passive', 'detractor']).optional(),
          withComment: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          segmentId: z.uuid().optional(),
        }),
        response: {
          200: z.object({
            data: z.array(
              responseSchema.extend({
                person: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => s().results.responses(ws(req), req.params.id, req.query),
  );
  r.get(
    '/surveys/:id/results',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'Results: NPS (or CSAT, CES), over time by week or month, by segment, response rate, sentiment',
        params: idParam,
        querystring: z.object({
          interval: z.enum(['week', 'month']).optional(),
          segmentId: z.uuid().optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
        }),
        response: { 200: resultsSchema },
      },
    },
    async (req) => s().results.results(ws(req), req.params.id, req.query),
  );
  r.post(
    '/surveys/:id/send',
    {
      preValidation: mustExist,
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary:
          "Send the survey to a segment (the survey's or `segmentId`) on email, SMS, Telegram or the web chat (posted into each person's chat conversation), in batches; people surveyed within the limit, or without a chat conversation, are skipped with the reason",
        params: idParam,
        body: z.object({ channel: z.enum(WAVE_CHANNELS), segmentId: z.uuid().nullable().optional() }).strict(),
        response: {
          202: z.object({
            queued: z.literal(true),
            channelId: z.string().nullable().describe('The engage channel it goes through; null for the chat'),
            segmentId: z.string(),
          }),
        },
      },
    },
    async (req, reply) => reply.status(202).send(await s().delivery.send(actor(req), req.params.id, req.body)),
  );
  r.post(
    '/surveys/:id/links',
    {
      preValidation: mustExist,
      config: { permission: 'cx:write' },
      schema: {
        tags,
        summary:
          'A signed link to the hosted page for one person (the web widget, anywhere); `channel: chat` also posts the question and the link into their chat conversation (400 personId without one); 409 RECONTACT_LIMIT within the limit',
        params: idParam,
        body: z.object({ personId: z.uuid(), channel: z.enum(SURVEY_CHANNELS).optional() }).strict(),
        response: { 201: z.object({ recipientId: z.string(), url: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await s().delivery.link(actor(req), req.params.id, req.body)),
  );
}
