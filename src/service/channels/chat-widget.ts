import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The widget's script (chat-widget.js beside this file), read once. */
const SOURCE = readFileSync(new URL('./chat-widget.js', import.meta.url), 'utf8');
const ETAG = `"${createHash('sha256').update(SOURCE).digest('base64url').slice(0, 22)}"`;

/**
 * GET /chat.js — the chat widget, public: any site embeds it with
 * `<script src=".../chat.js" data-inbox="CHAT_INBOX_ID" async>`. Cached for 5 minutes and
 * revalidated by ETag (a new version reaches visitors within minutes, without a versioned URL on
 * customers' pages). Loadable cross-origin (the app's default Cross-Origin-Resource-Policy is
 * same-origin), and nothing else about the app's pages applies to it.
 */
export function chatWidgetRoute(app: FastifyInstance): void {
  app.get('/chat.js', { schema: { hide: true } }, (req, reply) => {
    reply
      .header('cache-control', 'public, max-age=300, must-revalidate')
      .header('etag', ETAG)
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === ETAG) return reply.status(304).send();
    return reply.type('application/javascript; charset=utf-8').send(SOURCE);
  });
}
