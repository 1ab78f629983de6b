import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EngageKernel } from './kernel.ts';
import { invalidLinkPage, pickLang, preferencePage, type Lang } from './preference-page.ts';

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NO_CACHE = 'no-cache, no-store, must-revalidate, private, max-age=0';
const MAX_FORM = 64 * 1024;

// Wildcard routes: a click token carries its URL and outgrows the router's 100-character parameter limit.
type Req = FastifyRequest<{ Params: { '*': string }; Querystring: { lang?: string } }>;
const tokenOf = (req: Req) => req.params['*'] ?? '';

const langOf = (req: Req): Lang => pickLang(req.query?.lang, req.headers['accept-language']);

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

/**
 * What the form or the mail client posted: RFC 8058 one-click (`List-Unsubscribe=One-Click`,
 * url-encoded or multipart) and an empty body both mean "everything"; the page's own forms say
 * `scope=all` or `scope=groups` with the `keep` groups checked.
 */
function choiceOf(req: FastifyRequest): { scope: 'all' } | { scope: 'groups'; keep: string[] } {
  const body = typeof req.body === 'string' ? req.body : '';
  const type = String(req.headers['content-type'] ?? '');
  if (/^multipart\//i.test(type)) return { scope: 'all' };
  const form = new URLSearchParams(body);
  if (form.get('List-Unsubscribe') === 'One-Click') return { scope: 'all' };
  if (form.get('scope') === 'groups') return { scope: 'groups', keep: form.getAll('keep') };
  return { scope: 'all' };
}

/**
 * Root routes of the links in messages (no authentication: the signed token is the credential):
 * GET /t/o/<token>.gif (open pixel), GET /t/c/<token> (click redirect), GET and POST /u/<token>
 * (unsubscribe page, RFC 8058 one-click) and /p/<token> (preference centre). They are not API
 * operations and stay out of the OpenAPI document. A token that does not verify gets an error
 * page, never a redirect.
 */
export async function trackingRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  await app.register(async (t) => {
    const tracking = k.engage.tracking;
    t.removeAllContentTypeParsers();
    t.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_FORM }, (_req, body, done) => done(null, body));

    t.get('/t/o/*', { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
      const token = tokenOf(req).replace(/\.gif$/i, '');
      if (!(await tracking.open(token))) return html(reply, 400, invalidLinkPage(langOf(req)));
      return reply
        .header('cache-control', NO_CACHE)
        .header('pragma', 'no-cache')
        .header('expires', '0')
        .type('image/gif')
        .send(PIXEL);
    });

    t.get('/t/c/*', { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
      const to = await tracking.click(tokenOf(req));
      if (!to) return html(reply, 400, invalidLinkPage(langOf(req)));
      return reply.header('cache-control', NO_CACHE).redirect(to, 302);
    });

    for (const prefix of ['/u', '/p']) {
      t.get(`${prefix}/*`, { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
        const lang = langOf(req);
        const s = await tracking.preferences(tokenOf(req));
        if (s === 'invalid') return html(reply, 400, invalidLinkPage(lang));
        if (s === 'gone') return html(reply, 404, invalidLinkPage(lang));
        return html(reply, 200, preferencePage(lang, s));
      });

      t.post(`${prefix}/*`, { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
        const lang = langOf(req);
        const choice = choiceOf(req);
        const done = await tracking.unsubscribe(tokenOf(req), choice);
        if (done === 'invalid') return html(reply, 400, invalidLinkPage(lang));
        if (done === 'gone') return html(reply, 404, invalidLinkPage(lang));
        const s = await tracking.preferences(tokenOf(req));
        if (typeof s === 'string') return html(reply, 404, invalidLinkPage(lang));
        return html(reply, 200, preferencePage(lang, s, choice.scope));
      });
    }
  });
}
