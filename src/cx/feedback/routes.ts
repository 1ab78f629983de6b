import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam } from '../../core/http/schemas.ts';
import { pageOf, pageQuery } from '../../core/http/pagination.ts';
import type { CxKernel } from '../kernel.ts';
import { SENTIMENTS } from '../mentions/tables.ts';
import { FEEDBACK_SOURCES } from './feed.ts';

const sentimentSchema = z.object({ label: z.enum(SENTIMENTS), score: z.number() });

export const feedbackItemSchema = z
  .object({
    source: z.enum(FEEDBACK_SOURCES),
    id: z.string().describe('The ticket message, the survey response or the mention'),
    personId: z.string().nullable(),
    excerpt: z.string().describe('The text (its first 500 characters)'),
    language: z.string(),
    sentiment: sentimentSchema,
    topics: z.array(z.string()),
    complaint: z.boolean(),
    at: dateTime.describe('When it was written, answered or published'),
    link: z.object({
      conversationId: z.string().nullable(),
      surveyId: z.string().nullable(),
      mentionId: z.string().nullable(),
      url: z.string().nullable().describe("A mention's public URL"),
      path: z.string().describe("The web app's page of it"),
    }),
  })
  .meta({
    id: 'FeedbackItem',
    description: "One piece of analysed feedback: a client's ticket message, a survey comment or a mention",
  });

export const messageAnalysisSchema = z
  .object({
    messageId: z.string(),
    conversationId: z.string(),
    personId: z.string().nullable(),
    channel: z.string(),
    excerpt: z.string(),
    language: z.string(),
    sentiment: sentimentSchema,
    topics: z.array(z.string()),
    complaint: z.boolean(),
    at: dateTime,
  })
  .meta({ id: 'TicketMessageAnalysis', description: "The text analysis of one client's message to the desk" });

export const conversationAnalysisSchema = z
  .object({
    conversationId: z.string(),
    overall: z
      .object({
        label: z.enum(SENTIMENTS),
        score: z.number(),
        messages: z.number(),
        negative: z.number(),
        complaint: z.boolean(),
      })
      .nullable()
      .describe(
        "The client's messages together: their scores' mean weighted by order (the i-th message, oldest first, weighs i), negative below −0.2, positive above 0.2; null before any is analysed",
      ),
    messages: z.array(messageAnalysisSchema),
  })
  .meta({ id: 'ConversationAnalysis', description: "A conversation's client messages analysed, and overall" });

/** GET /feedback (all sources) and GET /conversations/:id/analysis. */
export async function feedbackRoutes(app: FastifyInstance, k: CxKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  const tags = ['cx: feedback'];
  r.get(
    '/feedback',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: 'Analysed feedback from tickets, surveys and mentions, newest first',
        querystring: z.object({
          ...pageQuery,
          source: z.enum(FEEDBACK_SOURCES).optional(),
          sentiment: z.enum(SENTIMENTS).optional(),
          topic: z.string().trim().min(1).max(100).optional().describe('A topic key'),
          personId: z.uuid().optional(),
        }),
        response: { 200: pageOf(feedbackItemSchema) },
      },
    },
    async (req) => k.cx.feedback.feed.list(ws(req), req.query),
  );
  r.get(
    '/conversations/:id/analysis',
    {
      config: { permission: 'cx:read' },
      schema: {
        tags,
        summary: "A conversation's client messages with their analysis, and its overall sentiment",
        params: idParam,
        response: { 200: conversationAnalysisSchema },
      },
    },
    async (req) => k.cx.feedback.tickets.conversation(ws(req), req.params.id),
  );
}
