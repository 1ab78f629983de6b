import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';

/*
 * Cross-site request forgery. A browser attaches the session cookie to any request to this host,
 * including a form post or a `no-cors` fetch from another site — and, SameSite being per *site*,
 * from a page on another port of the same host. So a write authenticated by the cookie must show
 * two things such a request cannot:
 *  - the header X-Kartoteka-Request (a form cannot set headers; a cross-origin fetch that sets one
 *    needs a CORS preflight, which the API never grants), and
 *  - an Origin (or, without one, a Referer) naming this very host and port.
 * Logging in has no session yet but is guarded the same way (login CSRF: signing the victim into
 * the attacker's account). Bearer-key calls carry no ambient credential and are not affected.
 * Bodies a form can send without a preflight (text/plain, url-encoded) are refused on the API: the
 * API speaks JSON, and multipart only for uploads.
 */

export const CSRF_HEADER = 'x-kartoteka-request';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOGIN_ROUTE = '/api/v1/auth/login';
const FORM_TYPES = /^\s*(text\/plain|application\/x-www-form-urlencoded)\s*(;|$)/i;

/** The host[:port] an origin or URL names, with the scheme's default port dropped; null if unusable. */
function hostOf(url: string): { protocol: string; host: string } | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? { protocol: u.protocol, host: u.host } : null;
  } catch {
    return null;
  }
}

/** Whether `origin` names the host this request was sent to (as the client addressed it). */
export function sameHost(origin: string, requestHost: string): boolean {
  const o = hostOf(origin);
  if (!o || !requestHost) return false;
  const own = hostOf(`${o.protocol}//${requestHost}`);
  return own !== null && own.host === o.host;
}

/** Throws CSRF_REJECTED (403) or UNSUPPORTED_MEDIA_TYPE (415) for a request a hostile page could have sent. */
export function csrfGuard(req: FastifyRequest): void {
  if (!WRITES.has(req.method) || !req.url.startsWith('/api/v1/')) return;
  if (
    !req.headers.authorization &&
    (req.cookies?.[SESSION_COOKIE] !== undefined || req.routeOptions.url === LOGIN_ROUTE)
  ) {
    if (!req.headers[CSRF_HEADER])
      throw new AppError(
        'CSRF_REJECTED',
        'Cross-site request refused: a write with the session cookie, or a login, needs the X-Kartoteka-Request header (the web app sends it)',
      );
    const origin = req.headers.origin ?? (typeof req.headers.referer === 'string' ? req.headers.referer : undefined);
    if (!origin || !sameHost(origin, req.host))
      throw new AppError(
        'CSRF_REJECTED',
        `Cross-site request refused: the ${req.headers.origin ? 'Origin' : 'Referer'} ${origin ? `"${origin.slice(0, 200)}" ` : ''}is not this server (${req.host})`,
      );
  }
  const type = req.headers['content-type'];
  if (type && FORM_TYPES.test(type))
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported Content-Type: ${type.slice(0, 100)}; the API accepts application/json (and multipart/form-data for uploads)`,
    );
}
