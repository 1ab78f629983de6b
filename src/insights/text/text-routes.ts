import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import type { InsightsKernel } from '../kernel.ts';
import { BUILTIN_TOPICS } from './builtin-topics.ts';
import { MAX_CLUSTER_TEXTS } from './cluster.ts';
import { MAX_TEXT_CHARS, stripHtml } from './normalize.ts';

const tags = ['text'];

export const analysisSchema = z
  .object({
    language: z.string().describe('ISO 639-1 (ru, en, uk, de, fr, es, it) or `und` (emoji or symbols only, too short)'),
    sentiment: z.object({
      label: z.enum(['negative', 'neutral', 'positive']),
      score: z.number().min(-1).max(1).describe('−1 (negative) … 1 (positive); labels at ±0.2'),
    }),
    topics: z.array(z.string()).describe('Topic keys (built-in and the workspace’s rules), in order of first mention'),
    complaint: z.boolean().describe('A complaint phrase was found ("верните деньги", "не работает", "refund", …)'),
    complaintReasons: z
      .array(z.string())
      .describe('refund, not-working, waiting, not-delivered, charged, escalation, fraud, rude; lexicon:<term>'),
    matches: z
      .array(z.object({ term: z.string(), score: z.number() }))
      .describe('What scored: words (¬ = negated), phrases, emoji, with their contribution'),
    note: z.enum(['no-words']).optional().describe('no-words: emoji or symbols only, so neutral whatever they say'),
  })
  .meta({ id: 'TextAnalysis', description: 'Language, sentiment, topics and complaint flag of one text' });

const entrySchema = z
  .object({
    id: z.uuid(),
    term: z.string(),
    score: z.number(),
    complaint: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'TextLexiconEntry', description: 'A workspace word or phrase over the built-in sentiment lexicons' });
const term = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/\p{L}/u, { message: 'must contain a letter' })
  .describe('A word (any form of it matches) or a phrase of up to 100 characters');
const score = z.number().min(-5).max(5).describe('−5 … 5; 0 makes a word neutral');
const entryBody = z.object({
  term,
  score,
  complaint: z.boolean().optional().describe('A complaint phrase: flags the text as a complaint'),
});

const ruleSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    keywords: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'TextTopicRule', description: 'A workspace topic: keywords; a built-in key replaces that topic' });
const keywords = z
  .array(z.string().trim().min(1).max(100))
  .max(200)
  .describe('Words (any form matches), `prefix*`, or phrases; up to 200');
const ruleBody = z.object({
  key: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'lower-case letters, digits and dashes' })
    .describe('Stable key in the analysis (`delivery`, `loyalty-program`); a built-in key replaces that topic'),
  name: z.string().trim().min(1).max(100),
  keywords,
  enabled: z.boolean().optional().describe('false with a built-in key hides that built-in topic'),
});
const builtinTopic = z.object({
  key: z.string(),
  name: z.object({ ru: z.string(), en: z.string() }),
  keywords: z.array(z.string()),
});

/** POST /text/analyze, the workspace lexicon (/text/lexicon) and topic rules (/text/topics). */
export async function textRoutes(app: FastifyInstance, k: InsightsKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;

  r.post(
    '/text/analyze',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'analyzeText',
        summary: `Language, sentiment, topics and complaint flag of a text (RU, EN; HTML stripped; at most ${MAX_TEXT_CHARS} characters)`,
        body: z.object({
          text: z.string().max(MAX_TEXT_CHARS).describe(`The text, plain or HTML; 1–${MAX_TEXT_CHARS} characters`),
        }),
        response: { 200: analysisSchema },
      },
    },
    async (req) => {
      // Empty once the tags are gone ("<p> </p>") is as empty as "".
      if (!stripHtml(req.body.text))
        throw new AppError('VALIDATION_FAILED', 'text: the text is empty', [
          { path: 'text', message: 'the text is empty', code: 'TOO_SHORT', limit: 1 },
        ]);
      return k.text.analyze(ws(req), req.body.text);
    },
  );

  r.post(
    '/text/clusters',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'clusterTexts',
        summary: `Topic discovery: group up to ${MAX_CLUSTER_TEXTS} texts by what they are about (k-means on word stems)`,
        body: z.object({
          texts: z
            .array(z.string().max(MAX_TEXT_CHARS))
            .min(2)
            .max(MAX_CLUSTER_TEXTS)
            .describe(`2–${MAX_CLUSTER_TEXTS} texts (the first 2,000 characters of each are read)`),
          k: z.number().int().min(2).max(10).optional().describe('How many clusters (2–10); default √(n/2)'),
        }),
        response: {
          200: z.object({
            clusters: z.array(
              z.object({
                id: z.number(),
                size: z.number(),
                terms: z.array(z.string()).describe('The words that make the cluster'),
                examples: z.array(z.number()).describe('Indexes of the texts closest to its centre'),
                negativeShare: z.number().describe('Share of its texts analysed as negative'),
                topics: z.array(z.string()).describe('Known topics a third or more of its texts carry'),
              }),
            ),
            assignments: z
              .array(z.number())
              .describe('The cluster id of each text, in order; −1 for a text without a content word'),
          }),
        },
      },
    },
    async (req) => k.text.cluster(ws(req), req.body.texts, req.body.k),
  );

  r.get(
    '/text/lexicon',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'listTextLexicon',
        summary: "The workspace's lexicon entries, by term",
        querystring: z.object({
          q: z.string().max(100).optional().describe('Part of the term'),
          limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200)'),
          cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
        }),
        response: { 200: z.object({ data: z.array(entrySchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => k.text.store.listEntries(ws(req), req.query),
  );

  r.post(
    '/text/lexicon',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'createTextLexiconEntry',
        summary: 'Add a word or phrase (409 ALREADY_USED when the term is there)',
        body: entryBody,
        response: { 201: entrySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.text.store.createEntry(ws(req), req.body)),
  );

  r.get(
    '/text/lexicon/:id',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'getTextLexiconEntry',
        summary: 'A lexicon entry',
        params: idParam,
        response: { 200: entrySchema },
      },
    },
    async (req) => k.text.store.getEntry(ws(req), req.params.id),
  );

  r.patch(
    '/text/lexicon/:id',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'updateTextLexiconEntry',
        summary: 'Change a lexicon entry',
        params: idParam,
        body: entryBody.partial(),
        response: { 200: entrySchema },
      },
    },
    async (req) => k.text.store.updateEntry(ws(req), req.params.id, req.body),
  );

  r.delete(
    '/text/lexicon/:id',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'deleteTextLexiconEntry',
        summary: 'Remove a lexicon entry',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.text.store.deleteEntry(ws(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/text/topics',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'listTextTopics',
        summary: "The workspace's topic rules and the built-in topics",
        response: { 200: z.object({ data: z.array(ruleSchema), builtIn: z.array(builtinTopic) }) },
      },
    },
    async (req) => ({ data: await k.text.store.listRules(ws(req)), builtIn: BUILTIN_TOPICS }),
  );

  r.post(
    '/text/topics',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'createTextTopic',
        summary: 'Add a topic rule (409 ALREADY_USED when the key is there)',
        body: ruleBody,
        response: { 201: ruleSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.text.store.createRule(ws(req), req.body)),
  );

  r.get(
    '/text/topics/:id',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags,
        operationId: 'getTextTopic',
        summary: 'A topic rule',
        params: idParam,
        response: { 200: ruleSchema },
      },
    },
    async (req) => k.text.store.getRule(ws(req), req.params.id),
  );

  r.patch(
    '/text/topics/:id',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'updateTextTopic',
        summary: 'Change a topic rule (its key stays)',
        params: idParam,
        body: ruleBody.omit({ key: true }).partial(),
        response: { 200: ruleSchema },
      },
    },
    async (req) => k.text.store.updateRule(ws(req), req.params.id, req.body),
  );

  r.delete(
    '/text/topics/:id',
    {
      config: { permission: 'insights:write' },
      schema: {
        tags,
        operationId: 'deleteTextTopic',
        summary: 'Remove a topic rule',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.text.store.deleteRule(ws(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
