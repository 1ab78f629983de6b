import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';

describe('HTTP edge', () => {
  let env: TestEnv;
  let auth: { authorization: string };
  beforeAll(async () => {
    env = await startTestEnv({ rateLimitPerMinute: 5 });
    auth = (await env.workspace('edge')).auth;
  });
  afterAll(async () => env?.close());

  it('GET /healthz → 200 {"status":"ok"} with a request id and security headers', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-me-1' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
    expect(r.headers['x-request-id']).toBe('trace-me-1');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBeDefined();
    // Plain http by default: no forced https upgrade (that blanks the UI on a LAN address).
    expect(r.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });

  it('OpenAPI 3 at /api/docs/json lists the routes with bearer auth; the docs UI is served', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/users',
        '/api/v1/api-keys',
        '/api/v1/webhooks',
        '/api/v1/jobs',
        '/api/v1/audit',
      ]),
    );
    expect(doc.paths['/api/v1/users'].post.requestBody).toBeDefined();
    const ui = await env.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('errors: unknown route, malformed JSON, wrong content type, bad id — all 4xx in one shape', async () => {
    const shape = { error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } };
    const notFound = await env.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: auth });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const malformed = await env.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject(shape);
    expect(malformed.json().error.code).toBe('BAD_REQUEST');
    const wrongType = await env.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const badId = await env.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: auth });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details).toEqual([
      { path: 'params.id', message: expect.any(String), code: 'INVALID_UUID' },
    ]);
    const badQuery = await env.app.inject({ method: 'GET', url: '/api/v1/audit?limit=100000', headers: auth });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details[0].path).toBe('query.limit');
    const badCursor = await env.app.inject({ method: 'GET', url: '/api/v1/audit?cursor=%%%', headers: auth });
    expect(badCursor.statusCode).toBe(400);
  });

  it('error details carry a stable code per problem (and the bound where the text needs one)', async () => {
    // Five requests a minute per key here: one key per group of requests.
    const a = (await env.workspace('edge')).auth;
    const json = { 'content-type': 'application/json' };
    const user = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...a, ...json },
      payload: { email: 'nope', name: 'x'.repeat(201), role: 'boss' },
    });
    expect(user.statusCode).toBe(400);
    expect(user.json().error.code).toBe('VALIDATION_FAILED');
    const byPath = Object.fromEntries(user.json().error.details.map((d: any) => [d.path, d]));
    expect(byPath.email).toMatchObject({ code: 'INVALID_EMAIL', message: 'must be a valid email address' });
    expect(byPath.name).toMatchObject({ code: 'TOO_LONG', limit: 200 });
    expect(byPath.password).toMatchObject({ code: 'REQUIRED' });
    expect(byPath.role).toMatchObject({ code: 'INVALID_OPTION' });
    const short = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...a, ...json },
      payload: { email: 'a@b.co', name: '', password: 'short', role: 'viewer' },
    });
    expect(short.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name', code: 'REQUIRED', limit: 1 }),
        expect.objectContaining({ path: 'password', code: 'TOO_SHORT', limit: 8 }),
      ]),
    );
    const limit = await env.app.inject({ method: 'GET', url: '/api/v1/audit?limit=100000', headers: a });
    expect(limit.json().error.details).toEqual([
      expect.objectContaining({ path: 'query.limit', code: 'TOO_LARGE', limit: 500 }),
    ]);
    const malformed = await env.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...a, ...json },
      payload: '{"name": "x",',
    });
    expect(malformed.json().error).toMatchObject({
      code: 'BAD_REQUEST',
      details: [{ path: '(body)', code: 'MALFORMED' }],
    });
    const expiry = await env.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...a, ...json },
      payload: { name: 'k', role: 'viewer', expiresAt: 'tomorrow' },
    });
    expect(expiry.json().error.details).toEqual([expect.objectContaining({ path: 'expiresAt', code: 'INVALID_DATE' })]);

    const b = (await env.workspace('edge')).auth;
    const none = await env.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { ...b, ...json },
      payload: { url: 'https://example.com/hook', eventTypes: [] },
    });
    expect(none.json().error.details).toEqual([
      expect.objectContaining({
        path: 'eventTypes',
        code: 'TOO_FEW',
        limit: 1,
        message: 'choose at least one event type',
      }),
    ]);
    const unknown = await env.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { ...b, ...json },
      payload: { url: 'https://example.com/hook', eventTypes: ['nothing.here'] },
    });
    expect(unknown.json().error.details).toEqual([
      expect.objectContaining({ path: 'eventTypes.0', code: 'UNKNOWN_EVENT_TYPE', value: 'nothing.here' }),
    ]);
    const local = await env.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { ...b, ...json },
      payload: { url: 'http://127.0.0.1/hook', eventTypes: ['*'] },
    });
    expect(local.statusCode).toBe(422);
    expect(local.json().error).toMatchObject({
      code: 'OUTBOUND_BLOCKED',
      details: [{ path: 'url', code: 'URL_BLOCKED' }],
    });
    const ftp = await env.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { ...b, ...json },
      payload: { url: 'ftp://example.com/x', eventTypes: ['*'] },
    });
    expect(ftp.json().error.details).toEqual([expect.objectContaining({ path: 'url', code: 'URL_NOT_HTTP' })]);
  });

  it('rate limit per key: the 6th request in a minute → 429 RATE_LIMITED; another key is unaffected', async () => {
    const k = await env.workspace('edge', 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await env.app.inject({ method: 'GET', url: '/api/v1/roles', headers: k.auth })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await env.app.inject({ method: 'GET', url: '/api/v1/roles', headers: k.auth });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    const other = await env.workspace('edge', 'viewer');
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/roles', headers: other.auth })).statusCode).toBe(200);
  });
});
