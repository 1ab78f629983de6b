import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { CdpKernel as Kernel } from './kernel.ts';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { badTextError, findBadText, jsonTooDeep, mayHoldBadText, tooDeepError } from '../core/http/body-guard.ts';
import type { SourceAuth } from './sources.ts';
import { NUL_REJECTED } from './ingest.ts';
import {
  EVENT_TYPES,
  MAX_BATCH_EVENTS,
  MAX_MESSAGE_BYTES,
  MAX_REQUEST_BYTES,
  MessageError,
  measure,
  parseMessage,
  type ParsedMessage,
} from './messages.ts';

const KB = (n: number) => `${Math.round(n / 1024)} KB`;

/*
 * What the OpenAPI document shows for the tracking API. The handlers parse and validate messages
 * themselves (parseMessage: Segment's lenient rules, per-message rejection in a batch), so these
 * schemas are documentation only: the routes get a validator and serializer that pass data through.
 */
const obj = z.record(z.string(), z.unknown());
const id = z.string().max(255);
const common = {
  userId: id.optional().describe('Your id of the user; userId or anonymousId is required'),
  anonymousId: id.optional().describe('The device or visitor id'),
  messageId: z.string().optional().describe('Idempotency key: a message id is stored once'),
  timestamp: z.string().optional().describe('When it happened (ISO-8601); defaults to when it was received'),
  context: obj.optional().describe('Library, page, user agent, locale, ip, …'),
  integrations: obj.optional(),
  writeKey: z.string().optional().describe('The source write key, if not sent as the HTTP Basic user name'),
};
const messages = {
  identify: z.object({ ...common, traits: obj.optional().describe('Email, phone, name and any other traits') }),
  track: z.object({
    ...common,
    event: z.string().describe('The event name, e.g. "Order Completed"'),
    properties: obj.optional(),
  }),
  page: z.object({
    ...common,
    name: z.string().optional(),
    category: z.string().optional(),
    properties: obj.optional(),
  }),
  screen: z.object({
    ...common,
    name: z.string().optional(),
    category: z.string().optional(),
    properties: obj.optional(),
  }),
  group: z.object({ ...common, groupId: id, traits: obj.optional() }),
  alias: z.object({ ...common, previousId: id.describe('The old id, joined to userId'), userId: id }),
};
const rejectedSchema = z.object({
  index: z.number(),
  messageId: z.string().nullable().optional(),
  message: z.string(),
});
const docOnly = {
  validatorCompiler: () => (value: unknown) => ({ value }),
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};
const docSchema = (summary: string, body: z.ZodType, ok: z.ZodType) => ({
  tags: ['tracking'],
  summary,
  description: `Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as \`writeKey\` in the body. Bodies may be gzip- or deflate-encoded; at most ${KB(MAX_MESSAGE_BYTES)} per message and ${KB(MAX_REQUEST_BYTES)} per request. Browsers may post cross-origin (CORS, no credentials).`,
  security: [{ writeKey: [] }],
  body,
  response: { 200: ok },
});

/**
 * The Segment HTTP tracking API: POST /v1/{identify,track,page,screen,group,alias,batch} (and /v1/b),
 * authenticated by a source's write key as HTTP Basic user name (or `writeKey` in the body). Bodies
 * may be gzip- or deflate-encoded (RudderStack's SDK gzips). Success is `{"success":true}`; a batch
 * also lists the messages it rejected. Errors use the project's error shape.
 */
export async function trackingRoutes(app: FastifyInstance, k: Kernel) {
  await app.register(async (t) => {
    const sources = new WeakMap<FastifyRequest, SourceAuth>();
    // Requests whose raw JSON had an escape that may decode to a NUL or an unpaired surrogate.
    const suspect = new WeakSet<FastifyRequest>();
    const maxDepth = k.config.jsonMaxDepth;

    t.removeAllContentTypeParsers();
    t.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (req, body, done) => {
      try {
        let buf = body as Buffer;
        const enc = String(req.headers['content-encoding'] ?? 'identity')
          .toLowerCase()
          .trim();
        try {
          if (enc === 'gzip' || enc === 'x-gzip') buf = gunzipSync(buf, { maxOutputLength: MAX_REQUEST_BYTES });
          else if (enc === 'deflate') buf = inflateSync(buf, { maxOutputLength: MAX_REQUEST_BYTES });
          else if (enc !== 'identity' && enc !== '')
            throw new AppError(
              'UNSUPPORTED_MEDIA_TYPE',
              `Unsupported Content-Encoding "${enc}"; send gzip, deflate or none`,
            );
        } catch (e: any) {
          if (e instanceof AppError) throw e;
          if (e?.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              `The decompressed request is larger than ${KB(MAX_REQUEST_BYTES)}; send smaller batches`,
            );
          throw new AppError('BAD_REQUEST', `The body is not valid ${enc} data`, [
            { path: '(body)', message: `invalid ${enc} data` },
          ]);
        }
        if (!buf.length)
          throw new AppError('BAD_REQUEST', 'The JSON body is empty', [{ path: '(body)', message: 'empty' }]);
        const text = buf.toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e: any) {
          throw new AppError('BAD_REQUEST', `Malformed JSON: ${e.message}`, [
            { path: '(body)', message: 'malformed JSON' },
          ]);
        }
        // The edge's guard (src/core/http/body-guard.ts), as on every other route.
        if (jsonTooDeep(parsed, maxDepth)) throw tooDeepError(maxDepth);
        if (mayHoldBadText(text)) suspect.add(req);
        done(null, parsed);
      } catch (e) {
        done(e as Error, undefined);
      }
    });

    t.setErrorHandler((err: any) => {
      if (err?.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `The request is larger than ${KB(MAX_REQUEST_BYTES)} (the batch limit); send smaller batches, at most ${KB(MAX_MESSAGE_BYTES)} per message`,
        );
      throw err;
    });

    // Browsers on any site post here (the SDK): CORS without credentials, preflight answered.
    // Set first, so that errors (401, 413, …) are readable cross-origin too.
    t.addHook('onRequest', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    });
    for (const path of [...EVENT_TYPES, 'batch', 'b'])
      t.options(`/v1/${path}`, { schema: { hide: true } }, async (_req, reply) =>
        reply
          .status(204)
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'Content-Type, Authorization, Content-Encoding')
          .header('access-control-max-age', '86400')
          .send(),
      );

    // A key in the Authorization header is checked before the body is read.
    t.addHook('onRequest', async (req) => {
      const header = req.headers.authorization;
      if (!header) return;
      const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
      const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
      sources.set(req, await authenticate(k, key));
    });

    const sourceOf = async (req: FastifyRequest): Promise<SourceAuth> => {
      const s = sources.get(req);
      if (s) return s;
      const body = req.body as Record<string, unknown> | null;
      const key = body && typeof body === 'object' ? (body.writeKey ?? body.secret) : undefined;
      if (typeof key !== 'string' || !key)
        throw new AppError(
          'UNAUTHENTICATED',
          "Send the source's write key as the HTTP Basic user name (empty password), or as writeKey in the body",
        );
      return authenticate(k, key);
    };

    const opts = { bodyLimit: MAX_REQUEST_BYTES, config: { public: true }, schema: { hide: true } };
    const documented = (schema: ReturnType<typeof docSchema>) => ({ ...opts, ...docOnly, schema });

    /** A NUL or an unpaired surrogate in the body (outside `batch`, whose messages are judged one by one): 400. */
    const refuseBadText = (req: FastifyRequest, isBatch: boolean) => {
      if (!suspect.has(req)) return;
      const body = req.body;
      const bad =
        isBatch && body && typeof body === 'object' && !Array.isArray(body)
          ? findBadText({ ...body, batch: undefined })
          : findBadText(body);
      if (bad) throw badTextError(bad);
    };

    for (const type of EVENT_TYPES) {
      t.post(
        `/v1/${type}`,
        documented(docSchema(`Send one ${type} message`, messages[type], z.object({ success: z.literal(true) }))),
        async (req) => {
          refuseBadText(req, false);
          const source = await sourceOf(req);
          const { bytes, nul } = measure(req.body);
          if (bytes > MAX_MESSAGE_BYTES)
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              `The message is ${bytes} bytes; at most ${MAX_MESSAGE_BYTES} bytes (32 KB) per message`,
            );
          if (nul) throw new AppError('VALIDATION_FAILED', NUL_REJECTED, [{ path: '(body)', message: NUL_REJECTED }]);
          // Parsed here so that a malformed single message is a 400, not a rejected entry; ingest takes the parsed message as is.
          const receivedAt = new Date();
          let parsed: ParsedMessage;
          try {
            parsed = parseMessage(req.body, 0, type, receivedAt);
          } catch (e) {
            if (e instanceof MessageError)
              throw new AppError('VALIDATION_FAILED', `${e.path}: ${e.message}`, [
                { path: e.path, message: e.message },
              ]);
            throw e;
          }
          const result = await k.cdp.ingestParsed(source, [parsed], receivedAt);
          if (result.rejected.length)
            throw new AppError('VALIDATION_FAILED', result.rejected[0].message, [
              { path: '(body)', message: result.rejected[0].message },
            ]);
          return { success: true };
        },
      );
    }

    const batch = async (req: FastifyRequest) => {
      refuseBadText(req, true);
      const source = await sourceOf(req);
      const body = req.body as Record<string, unknown>;
      if (!body || typeof body !== 'object' || !Array.isArray(body.batch))
        throw new AppError('VALIDATION_FAILED', 'batch: must be an array of messages', [
          { path: 'batch', message: 'must be an array of messages' },
        ]);
      if (body.batch.length > MAX_BATCH_EVENTS)
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `The batch has ${body.batch.length} messages; at most ${MAX_BATCH_EVENTS} per request`,
          [{ path: 'batch', message: `at most ${MAX_BATCH_EVENTS} messages` }],
        );
      const isObj = (v: unknown): v is Record<string, unknown> =>
        typeof v === 'object' && v !== null && !Array.isArray(v);
      for (const key of ['context', 'integrations'] as const)
        if (body[key] !== undefined && body[key] !== null && !isObj(body[key]))
          throw new AppError('VALIDATION_FAILED', `${key}: must be an object`, [
            { path: key, message: 'must be an object' },
          ]);
      let sentAt: Date | null = null;
      if (body.sentAt !== undefined && body.sentAt !== null) {
        sentAt = new Date(body.sentAt as string);
        if (typeof body.sentAt !== 'string' || Number.isNaN(sentAt.getTime()))
          throw new AppError('VALIDATION_FAILED', 'sentAt: must be an ISO-8601 date-time', [
            { path: 'sentAt', message: 'must be an ISO-8601 date-time' },
          ]);
      }
      // A message with a NUL or an unpaired surrogate is rejected on its own (Segment's rule: one bad
      // message does not cost the batch); `kept` maps the indices of the rest back.
      let messages = body.batch as unknown[];
      let kept: number[] | null = null;
      const refused: { index: number; messageId?: string; message: string }[] = [];
      if (suspect.has(req)) {
        kept = [];
        messages = messages.filter((m, i) => {
          const bad: ErrorDetail | null = findBadText(m, `batch.${i}`);
          if (!bad) return kept!.push(i) > 0;
          const messageId =
            m && typeof m === 'object' && typeof (m as any).messageId === 'string' && !findBadText((m as any).messageId)
              ? (m as any).messageId
              : undefined;
          refused.push({ index: i, ...(messageId ? { messageId } : {}), message: `${bad.path}: ${bad.message}` });
          return false;
        });
      }
      const result = await k.cdp.ingest(source, messages, {
        type: null,
        defaults: {
          context: body.context as Record<string, unknown> | undefined,
          integrations: body.integrations as Record<string, unknown> | undefined,
          sentAt,
        },
      });
      const rejected = kept
        ? [...refused, ...result.rejected.map((r) => ({ ...r, index: kept![r.index] }))].sort(
            (a, b) => a.index - b.index,
          )
        : result.rejected;
      return rejected.length ? { success: true, rejected } : { success: true };
    };
    const batchBody = z.object({
      batch: z
        .array(z.union(EVENT_TYPES.map((type) => messages[type].extend({ type: z.literal(type) })) as any))
        .max(MAX_BATCH_EVENTS),
      context: obj.optional().describe('Defaults for every message'),
      integrations: obj.optional(),
      sentAt: z.string().optional().describe('When the client sent the batch (ISO-8601): corrects client clock skew'),
      writeKey: common.writeKey,
    });
    t.post(
      '/v1/batch',
      documented(
        docSchema(
          `Send up to ${MAX_BATCH_EVENTS} messages of any type (what the SDKs use); malformed messages are listed in \`rejected\`, the rest are stored`,
          batchBody,
          z.object({ success: z.literal(true), rejected: z.array(rejectedSchema).optional() }),
        ),
      ),
      batch,
    );
    t.post('/v1/b', opts, batch);
  });
}

async function authenticate(k: Kernel, key: string): Promise<SourceAuth> {
  const source = key ? await k.cdp.authenticateWriteKey(key) : null;
  if (!source) throw new AppError('UNAUTHENTICATED', 'Unknown write key');
  if (source.disabled) throw new AppError('FORBIDDEN', `Source "${source.name}" is disabled`);
  return source;
}
