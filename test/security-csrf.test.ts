import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  BROWSER,
  FOREIGN_ORIGIN,
  SECURITY_FIXTURES,
  fillUrl,
  report,
  routeKey,
  runProbes,
  startSecurityEnv,
  tally,
  type Probe,
  type SecurityEnv,
} from './security-fixtures.ts';
import { multipart } from './multipart.ts';

/**
 * Security suite, part 3 — cross-site request forgery (issue 11, finding 7), over every write
 * route: with the session cookie, a request without X-Kartoteka-Request, or from another origin
 * (another port of the same site), or with a body a form can send (text/plain, url-encoded,
 * multipart without the header) is refused (403 CSRF_REJECTED / 415) and changes nothing. The
 * same request from the app's own pages works; API keys are not affected; the tracking API takes
 * no cookie at all.
 */
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

describe('security: CSRF on every cookie-authenticated write', () => {
  let s: SecurityEnv;
  let cookie: string;
  beforeAll(async () => {
    s = await startSecurityEnv();
    cookie = await s.login();
  }, 120_000);
  afterAll(async () => s?.env.close());

  const code = (r: { body: string }) => {
    try {
      return JSON.parse(r.body)?.error?.code;
    } catch {
      return undefined;
    }
  };
  const refused =
    (...allowed: number[]) =>
    (r: { statusCode: number; body: string }) =>
      allowed.includes(r.statusCode) && (r.statusCode !== 403 || code(r) === 'CSRF_REJECTED')
        ? null
        : `expected ${allowed.join('/')} (CSRF_REJECTED), got ${r.statusCode} ${r.body.slice(0, 160)}`;

  it('every write with the session cookie is refused without the header, from another origin, or as a form', async () => {
    const writes = s.routes.filter((r) => r.url.startsWith('/api/v1/') && WRITES.includes(r.method));
    expect(writes.length).toBeGreaterThan(40);
    const before = await s.snapshot();
    const t = tally();
    const probes: Probe[] = [];
    for (const r of writes) {
      const key = routeKey(r);
      const url = fillUrl(r.url, s.ids);
      const fixture = SECURITY_FIXTURES.bodies[key]?.(s.ids) ?? {};
      const json = { payload: JSON.stringify(fixture), 'content-type': 'application/json' };
      const req = (headers: Record<string, string>, payload: string | Buffer, type: string) => ({
        method: r.method as any,
        url,
        headers: { cookie, 'content-type': type, ...headers },
        payload,
      });
      const m = multipart({ entity: 'people' }, { name: 'x.csv', content: 'Email\nforged@sec.test\n' });
      probes.push(
        {
          label: `${key}: no header`,
          request: req({ origin: BROWSER.origin }, json.payload, json['content-type']),
          check: refused(403),
        },
        {
          label: `${key}: header, foreign Origin`,
          request: req({ ...BROWSER, origin: FOREIGN_ORIGIN }, json.payload, json['content-type']),
          check: refused(403),
        },
        {
          label: `${key}: header, Origin "null"`,
          request: req({ ...BROWSER, origin: 'null' }, json.payload, json['content-type']),
          check: refused(403),
        },
        {
          label: `${key}: header, no Origin, foreign Referer`,
          request: {
            ...req(
              { 'x-kartoteka-request': '1', referer: `${FOREIGN_ORIGIN}/attack.html` },
              json.payload,
              json['content-type'],
            ),
          },
          check: refused(403),
        },
        {
          label: `${key}: header, neither Origin nor Referer`,
          request: req({ 'x-kartoteka-request': '1' }, json.payload, json['content-type']),
          check: refused(403),
        },
        {
          label: `${key}: text/plain form post`,
          request: req({ origin: FOREIGN_ORIGIN }, json.payload, 'text/plain'),
          check: refused(403, 415),
        },
        {
          label: `${key}: url-encoded form post`,
          request: req(
            { origin: FOREIGN_ORIGIN },
            'name=x&url=http%3A%2F%2F127.0.0.1',
            'application/x-www-form-urlencoded',
          ),
          check: refused(403, 415),
        },
        {
          label: `${key}: multipart form post`,
          request: req({ origin: FOREIGN_ORIGIN }, m.payload, m.headers['content-type']),
          check: refused(403, 415),
        },
        {
          label: `${key}: multipart, same origin, no header`,
          request: req({ origin: BROWSER.origin }, m.payload, m.headers['content-type']),
          check: refused(403, 415),
        },
        {
          label: `${key}: text/plain with the header`,
          request: req(BROWSER, json.payload, 'text/plain'),
          check: refused(415),
        },
        // An API key is not an ambient credential: no header needed, but the API still speaks JSON.
        {
          label: `${key}: API key, text/plain`,
          request: {
            method: r.method as any,
            url,
            headers: { ...s.ws.auth, 'content-type': 'text/plain' },
            payload: json.payload,
          },
          check: refused(415),
        },
        {
          label: `${key}: API key, url-encoded`,
          request: {
            method: r.method as any,
            url,
            headers: { ...s.ws.auth, 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'a=b',
          },
          check: refused(415),
        },
      );
    }
    await runProbes(s.env, probes, t);
    report('CSRF', t);
    expect(t.failed, t.failed.slice(0, 40).join('\n')).toEqual([]);
    expect(await s.snapshot(), 'a refused request changed data').toEqual(before);
    // The session is still alive: nothing above logged it out.
    expect((await s.env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(
      200,
    );
  }, 300_000);

  it('the same writes from the app itself work: the header and our own Origin (or Referer)', async () => {
    const ok = await s.env.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie, ...BROWSER },
      payload: { locale: 'ru' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const viaReferer = await s.env.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie, 'x-kartoteka-request': '1', referer: 'http://localhost/settings/profile' },
      payload: { locale: 'en' },
    });
    expect(viaReferer.statusCode, viaReferer.body).toBe(200);
    const other = (await s.api('POST', '/api/v1/sources', { name: 'Rotated', kind: 'server' })).json();
    const rotate = await s.env.app.inject({
      method: 'POST',
      url: `/api/v1/sources/${other.id}/rotate-write-key`,
      headers: { cookie, ...BROWSER },
    });
    expect(rotate.statusCode, rotate.body).toBeLessThan(300);
    const m = multipart({ entity: 'people' }, { name: 'ok.csv', content: 'Email\nok@sec.test\n' });
    const upload = await s.env.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { cookie, ...BROWSER, ...m.headers },
      payload: m.payload,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    // Behind a proxy the browser's host is the one it addressed.
    const proxied = await s.env.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie, 'x-kartoteka-request': '1', host: 'crm.example.com', origin: 'https://crm.example.com' },
      payload: { locale: 'ru' },
    });
    expect(proxied.statusCode, proxied.body).toBe(200);
  });

  it('login refuses a cross-site form post (login CSRF) and works from the app', async () => {
    const body = { email: 'probe.admin@sec.test', password: 'probe-admin-password' };
    const form = await s.env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: FOREIGN_ORIGIN },
      payload: `email=probe.admin%40sec.test&password=probe-admin-password`,
    });
    expect(form.statusCode).toBe(403);
    expect(form.headers['set-cookie']).toBeUndefined();
    const noHeader = await s.env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_REJECTED');
    const foreign = await s.env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { ...BROWSER, origin: FOREIGN_ORIGIN },
      payload: body,
    });
    expect(foreign.statusCode).toBe(403);
    const ok = await s.env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: BROWSER, payload: body });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('the tracking API takes no cookie: a cookie alone is 401; SDKs may post text/plain', async () => {
    const tracking = s.routes.filter((r) => r.url.startsWith('/v1/') && r.method === 'POST');
    expect(tracking.length).toBeGreaterThanOrEqual(8);
    const t = tally();
    const probes: Probe[] = tracking.map((r) => ({
      label: `${routeKey(r)} with only the session cookie`,
      request: {
        method: 'POST',
        url: r.url,
        headers: { cookie, origin: FOREIGN_ORIGIN, 'content-type': 'text/plain' },
        payload: JSON.stringify(SECURITY_FIXTURES.bodies[routeKey(r)]?.(s.ids) ?? {}),
      },
      check: (res) => (res.statusCode === 401 ? null : `expected 401, got ${res.statusCode} ${res.body.slice(0, 120)}`),
    }));
    await runProbes(s.env, probes, t);
    report('CSRF: tracking API', t);
    expect(t.failed).toEqual([]);
    const r = await s.env.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { ...s.authFor({ method: 'POST', url: '/v1/track' }), 'content-type': 'text/plain' },
      payload: JSON.stringify({ userId: 'sdk', event: 'Beacon' }),
    });
    expect(r.json()).toEqual({ success: true });
  });
});
