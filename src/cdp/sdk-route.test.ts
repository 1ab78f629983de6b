import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { SDK_FILE } from './sdk-route.ts';

/** CORS on the /v1 tracking API (and nowhere else), GET /sdk.js, the SDK's settings, the size budget. */
describe('cdp: browser SDK route and CORS', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let writeKey: string;

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('sdk-route-ws');
    const src = await env.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: ws.auth,
      payload: { name: 'Web site', kind: 'web' },
    });
    expect(src.statusCode).toBe(201);
    writeKey = src.json().writeKey;
    // Builds sdk/dist on demand when `npm ci` has not.
    expect((await env.app.inject({ method: 'GET', url: '/sdk.js' })).statusCode).toBe(200);
  });
  afterAll(async () => env?.close());

  const ORIGIN = 'https://shop.example.com';

  it('answers the preflight on every tracking route: any origin, POST, the three headers, no credentials', async () => {
    for (const path of ['identify', 'track', 'page', 'screen', 'group', 'alias', 'batch', 'b']) {
      const r = await env.app.inject({
        method: 'OPTIONS',
        url: `/v1/${path}`,
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization,content-encoding',
        },
      });
      expect(r.statusCode, path).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(String(r.headers['access-control-allow-methods'])).toMatch(/\bPOST\b/);
      const allowed = String(r.headers['access-control-allow-headers'])
        .toLowerCase()
        .split(/\s*,\s*/);
      expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'content-encoding']));
      expect(Number(r.headers['access-control-max-age'])).toBeGreaterThan(0);
      expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('a text/plain batch with the write key in the body (no preflight) is accepted, readable cross-origin', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({
        writeKey,
        sentAt: new Date().toISOString(),
        batch: [{ type: 'track', event: 'CORS Test', anonymousId: 'cors-anon-1', messageId: 'cors-m-1' }],
      }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ success: true });
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    const ev = await env.app.inject({ method: 'GET', url: '/api/v1/events', headers: ws.auth });
    expect(ev.json().data.map((e: any) => e.messageId)).toContain('cors-m-1');
  });

  it('errors carry the CORS header too (the SDK can read a 401)', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { origin: ORIGIN, 'content-type': 'text/plain' },
      payload: JSON.stringify({ writeKey: 'nope', event: 'x', anonymousId: 'a' }),
    });
    expect(r.statusCode).toBe(401);
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('only the tracking routes: the management API and the UI get no CORS', async () => {
    const api = await env.app.inject({
      method: 'GET',
      url: '/api/v1/sources',
      headers: { ...ws.auth, origin: ORIGIN },
    });
    expect(api.statusCode).toBe(200);
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await env.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/sources',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-methods']).toBeUndefined();
    const health = await env.app.inject({ method: 'GET', url: '/healthz', headers: { origin: ORIGIN } });
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('GET /sdk.js: JavaScript, cacheable with an ETag, gzip on request, loadable from other sites', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/sdk.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toContain('kartoteka.js');
    expect(r.body).toBe(readFileSync(SDK_FILE, 'utf8'));
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^".+"$/);

    const again = await env.app.inject({ method: 'GET', url: '/sdk.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const gz = await env.app.inject({
      method: 'GET',
      url: '/sdk.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(r.body);

    const head = await env.app.inject({ method: 'HEAD', url: '/sdk.js' });
    expect(head.statusCode).toBe(200);
  });

  it('the built SDK: one IIFE exposing window.kartoteka, under 10 KB gzipped', () => {
    const code = readFileSync(SDK_FILE, 'utf8');
    const gz = gzipSync(code, { level: 9 }).length;
    expect(gz).toBeLessThan(10 * 1024);
    expect(code).toMatch(/\(\(\)=>\{/);
    expect(code).not.toMatch(/\b(import|export)\s*[{*]/);
    expect(code).not.toMatch(/\brequire\(/);
    // It runs: a minimal fake browser gets window.kartoteka with the whole API.
    const store = new Map<string, string>();
    const window: any = {
      localStorage: {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, v),
        removeItem: (k: string) => void store.delete(k),
      },
      crypto: globalThis.crypto,
    };
    const document: any = { cookie: '', title: 't', referrer: '', currentScript: null, visibilityState: 'visible' };
    const location: any = {
      protocol: 'https:',
      origin: 'https://a.example',
      href: 'https://a.example/',
      pathname: '/',
      search: '',
    };
    new Function('window', 'document', 'location', 'navigator', 'addEventListener', 'globalThis', code)(
      window,
      document,
      location,
      { userAgent: 'x', language: 'en' },
      () => {},
      window,
    );
    for (const m of ['load', 'identify', 'track', 'page', 'alias', 'reset', 'consent'])
      expect(typeof window.kartoteka[m], m).toBe('function');
    expect(window.kartoteka.anonymousId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('GET /v1/projects/{writeKey}/settings tells the SDK whether the workspace requires consent', async () => {
    const r = await env.app.inject({
      method: 'GET',
      url: `/v1/projects/${writeKey}/settings`,
      headers: { origin: ORIGIN },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ requireConsent: false });
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['cache-control']).toMatch(/max-age/);

    const strict = await env.workspace('sdk-route-strict');
    const patched = await env.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: strict.auth,
      payload: { settings: { requireConsent: true } },
    });
    expect(patched.statusCode).toBe(200);
    const src = await env.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: strict.auth,
      payload: { name: 'EU site', kind: 'web' },
    });
    const s = await env.app.inject({ method: 'GET', url: `/v1/projects/${src.json().writeKey}/settings` });
    expect(s.json()).toEqual({ requireConsent: true });

    const unknown = await env.app.inject({ method: 'GET', url: '/v1/projects/not-a-key/settings' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers['access-control-allow-origin']).toBe('*');
  });
});
