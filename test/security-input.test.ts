import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadConfig } from '../src/core/config.ts';
import {
  BROWSER,
  SECURITY_FIXTURES,
  fillUrl,
  jsonBodySchema,
  queryParams,
  report,
  routeKey,
  runProbes,
  setAt,
  startSecurityEnv,
  stringPaths,
  tally,
  type Probe,
  type Route,
  type SecurityEnv,
} from './security-fixtures.ts';

/**
 * Security suite, part 2 — hostile input, generated from the route list and the OpenAPI document:
 * for every route, a NUL character and an unpaired surrogate in each string field of its body
 * (from the schema and the fixture), each query parameter and each path parameter; a NUL in a key;
 * JSON nested past KARTOTEKA_JSON_MAX_DEPTH and 5,000 deep; a body over the size limit; a handful of
 * SQL-injection strings in every string field and parameter. Never a 500; always the error shape;
 * a bad character is a 400 naming the field (issue 11, findings 6).
 */
const SQLI = [
  `' OR '1'='1`,
  `'; DROP TABLE crm_people; --`,
  `1 UNION SELECT NULL, version() --`,
  `$$; SELECT 1; $$ \\'`,
];
const MAX_DEPTH = loadConfig({}, {}).jsonMaxDepth;
const nested = (levels: number) => '['.repeat(levels - 1) + '{}' + ']'.repeat(levels - 1);
const HUGE = 'x'.repeat(1_100_000);

const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };

describe('security: hostile input on every route', () => {
  let s: SecurityEnv;
  beforeAll(async () => {
    s = await startSecurityEnv();
  }, 120_000);
  afterAll(async () => s?.env.close());

  const json = (r: { body: string }) => {
    try {
      return JSON.parse(r.body);
    } catch {
      return null;
    }
  };
  /** 400 with a detail whose path is `path`. */
  const names = (path: string) => (r: { statusCode: number; body: string }) => {
    const details: { path: string }[] = json(r)?.error?.details ?? [];
    return r.statusCode === 400 && details.some((d) => d.path === path)
      ? null
      : `expected 400 naming "${path}", got ${r.statusCode} ${r.body.slice(0, 160)}`;
  };
  /** A list judged item by item: 200 with item 0 rejected, naming the path. */
  const rejectsItem = (path: string) => (r: { statusCode: number; body: string }) => {
    const rejected: { index: number; message: string }[] = json(r)?.rejected ?? [];
    return r.statusCode === 200 && rejected.some((x) => x.index === 0 && x.message.startsWith(path))
      ? null
      : `expected item 0 rejected naming "${path}", got ${r.statusCode} ${r.body.slice(0, 160)}`;
  };
  const status = (code: number, errorCode?: string) => (r: { statusCode: number; body: string }) =>
    r.statusCode === code && (!errorCode || json(r)?.error?.code === errorCode)
      ? null
      : `expected ${code}${errorCode ? ' ' + errorCode : ''}, got ${r.statusCode} ${r.body.slice(0, 160)}`;
  const anything = () => null;

  function probesFor(r: Route): { bad: Probe[]; sqli: Probe[] } {
    const bad: Probe[] = [];
    const sqli: Probe[] = [];
    const key = routeKey(r);
    const headers = { ...BROWSER, ...s.authFor(r) };
    const url = fillUrl(r.url, s.ids);
    const fixture = SECURITY_FIXTURES.bodies[key]?.(s.ids);
    const base =
      fixture !== undefined
        ? { payload: JSON.stringify(fixture), headers: { ...headers, 'content-type': 'application/json' } }
        : { headers };
    const req = (u: string, extra: object = {}) => ({ method: r.method as any, url: u, ...base, ...extra });

    // Path parameters.
    for (const name of r.url.match(/:[A-Za-z]+/g) ?? []) {
      bad.push({
        label: `${key} ${name}=NUL`,
        request: req(fillUrl(r.url, s.ids, 'a%00b')),
        check: names(`params.${name.slice(1)}`),
      });
      for (const v of SQLI)
        sqli.push({
          label: `${key} ${name}=${v}`,
          request: req(fillUrl(r.url, s.ids, encodeURIComponent(v))),
          check: anything,
        });
    }
    // Query parameters.
    const sep = url.includes('?') ? '&' : '?';
    for (const p of queryParams(s.doc, r)) {
      bad.push({
        label: `${key} ?${p.name}=NUL`,
        request: req(`${url}${sep}${p.name}=a%00b`),
        check: names(`query.${p.name}`),
      });
      for (const v of SQLI)
        sqli.push({
          label: `${key} ?${p.name}=${v}`,
          request: req(`${url}${sep}${p.name}=${encodeURIComponent(v)}`),
          check: anything,
        });
    }
    // The JSON body.
    if (fixture === undefined) return { bad, sqli };
    const item = SECURITY_FIXTURES.perItem[key];
    const body = (b: unknown) => req(url, { payload: typeof b === 'string' ? b : JSON.stringify(b) });
    for (const { path } of stringPaths(jsonBodySchema(s.doc, r), fixture)) {
      const at = path.join('.');
      const check = item && path[0] === item ? rejectsItem(at) : names(at);
      bad.push({ label: `${key} ${at}=NUL`, request: body(setAt(fixture, path, 'a\u0000b')), check });
      bad.push({ label: `${key} ${at}=lone surrogate`, request: body(setAt(fixture, path, 'a\ud800b')), check });
      bad.push({ label: `${key} ${at}=lone low surrogate`, request: body(setAt(fixture, path, '\udc00')), check });
      for (const v of SQLI)
        sqli.push({ label: `${key} ${at}=${v}`, request: body(setAt(fixture, path, v)), check: anything });
    }
    const obj = fixture && typeof fixture === 'object' && !Array.isArray(fixture) ? fixture : {};
    bad.push({
      label: `${key} NUL in a key`,
      request: body({ ...obj, 'bad\u0000key': 'x' }),
      check: names('bad\u0000key'),
    });
    bad.push({
      label: `${key} JSON ${MAX_DEPTH + 1} deep`,
      request: body(JSON.stringify(obj).replace(/^\{/, `{"deep":${nested(MAX_DEPTH)},`)),
      check: status(400, 'BAD_REQUEST'),
    });
    bad.push({
      label: `${key} JSON 5,000 deep`,
      request: body(JSON.stringify(obj).replace(/^\{/, `{"deep":${nested(5000)},`)),
      check: status(400, 'BAD_REQUEST'),
    });
    bad.push({
      label: `${key} a 1.1 MB body`,
      request: body({ ...obj, huge: HUGE }),
      check: status(413, 'PAYLOAD_TOO_LARGE'),
    });
    return { bad, sqli };
  }

  const routesInOrder = () => [...s.routes].sort((a, b) => (ORDER[a.method] ?? 1) - (ORDER[b.method] ?? 1));

  it('NUL, unpaired surrogates, deep JSON and huge bodies: a 400 (413) in the error shape, naming the field', async () => {
    const t = tally();
    await runProbes(
      s.env,
      routesInOrder().flatMap((r) => probesFor(r).bad),
      t,
    );
    report('input: NUL / surrogate / depth / size', t);
    expect(t.tried).toBeGreaterThan(500);
    expect(t.failed, t.failed.slice(0, 40).join('\n')).toEqual([]);
  }, 300_000);

  it('SQL-injection strings in every string field and parameter: never a 500, always the error shape', async () => {
    const t = tally();
    await runProbes(
      s.env,
      routesInOrder().flatMap((r) => probesFor(r).sqli),
      t,
    );
    report('input: SQL injection', t);
    expect(t.tried).toBeGreaterThan(500);
    expect(t.failed, t.failed.slice(0, 40).join('\n')).toEqual([]);
    // The tables are still there and answer.
    expect((await s.api('GET', '/api/v1/people')).statusCode).toBe(200);
    expect((await s.api('GET', '/api/v1/deals')).statusCode).toBe(200);
  }, 300_000);

  it('the depth limit is exact and strings do not count', async () => {
    const r = { method: 'PATCH', url: '/api/v1/workspace' };
    const send = (payload: string) =>
      s.env.app.inject({
        method: 'PATCH',
        url: r.url,
        headers: { ...s.ws.auth, 'content-type': 'application/json' },
        payload,
      });
    // The body object is level 1: MAX_DEPTH levels in all pass the guard (the schema then decides).
    expect(
      (await send(`{"name":"Depth","settings":{"traitPrecedence":${nested(MAX_DEPTH - 2)}}}`)).json().error?.code,
    ).not.toBe('BAD_REQUEST');
    expect(
      (await send(`{"name":"Depth","settings":{"traitPrecedence":${nested(MAX_DEPTH - 1)}}}`)).json().error?.code,
    ).toBe('BAD_REQUEST');
    // Brackets and escaped quotes inside strings are text.
    const ok = await send(JSON.stringify({ name: `[{"\\"${'['.repeat(150)}` }));
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
