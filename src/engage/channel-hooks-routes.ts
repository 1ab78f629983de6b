import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { EngageKernel } from './kernel.ts';
import { ChannelError, type CallbackRequest } from './channels/types.ts';

/** Providers' callbacks are small JSON or form posts; a larger body is not one. */
const MAX_HOOK_BYTES = 1024 * 1024;

/**
 * Provider callbacks (delivery reports, inbound messages, verification handshakes) at
 * /hooks/channels/{channelId}. Public: the channel id (UUIDv7) finds the channel in whichever
 * workspace holds it, and the provider's signature, checked by the channel kind over the raw body,
 * authenticates the call.
 */
export async function channelHooksRoutes(app: FastifyInstance, k: EngageKernel) {
  await app.register(async (scope) => {
    const raw = new WeakMap<FastifyRequest, string>();
    // Signatures are over the bytes as sent: keep them, then parse JSON or a form as a convenience.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_HOOK_BYTES }, (req, body, done) => {
      const text = body as string;
      raw.set(req, text);
      const ct = String(req.headers['content-type'] ?? '').toLowerCase();
      try {
        if (ct.includes('json')) return done(null, text ? JSON.parse(text) : null);
        if (ct.includes('application/x-www-form-urlencoded'))
          return done(null, Object.fromEntries(new URLSearchParams(text)));
        done(null, text);
      } catch {
        done(
          new AppError('BAD_REQUEST', 'Malformed JSON', [
            { path: '(body)', message: 'malformed JSON', code: 'MALFORMED' },
          ]),
        );
      }
    });

    const handle = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const found = await k.engage.channels.findForHook(req.params.id);
      if (!found?.kind.callback) throw new AppError('NOT_FOUND', 'Channel not found');
      const input: CallbackRequest = {
        method: req.method,
        query: Object.fromEntries(
          Object.entries((req.query ?? {}) as Record<string, unknown>).map(([key, v]) => [
            key,
            Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v),
          ]),
        ),
        headers: req.headers,
        rawBody: raw.get(req) ?? '',
        body: req.body ?? null,
      };
      let result: Awaited<ReturnType<NonNullable<typeof found.kind.callback>>>;
      try {
        result = await found.kind.callback(k.engage.channels.fullConfig(found.row), input);
      } catch (e) {
        if (e instanceof ChannelError && e.code === 'unauthenticated')
          throw new AppError('UNAUTHENTICATED', 'The callback is not signed by the channel’s provider');
        if (e instanceof ChannelError) throw new AppError('BAD_REQUEST', `The callback was refused: ${e.message}`);
        throw e;
      }
      await k.engage.channels.deliverCallback(found.ws, found.row.id, result);
      if (result.reply)
        return reply
          .status(result.reply.status)
          .type(result.reply.contentType ?? 'text/plain; charset=utf-8')
          .send(result.reply.body);
      return reply.status(200).type('text/plain; charset=utf-8').send('ok');
    };

    // Provider-facing, not part of the client API: left out of the OpenAPI document.
    const schema = { hide: true };
    scope.post<{ Params: { id: string } }>('/hooks/channels/:id', { config: { public: true }, schema }, handle);
    scope.get<{ Params: { id: string } }>('/hooks/channels/:id', { config: { public: true }, schema }, handle);
  });
}
