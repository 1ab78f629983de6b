import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';

/**
 * "Bad input gets a clear error, never a 500": every operation in the OpenAPI document is called
 * with malformed path ids, query values and bodies (wrong types, nulls, empty, oversized strings,
 * unknown ids) and must answer below 500, in the one error shape when it is an error.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const typeOf = (s: Schema | undefined): string | undefined => {
  if (!s) return undefined;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  const alt = (s.anyOf ?? s.oneOf)?.find((x) => x.type && x.type !== 'null');
  return alt ? typeOf(alt) : undefined;
};

/** A value of the wrong type for the schema. */
const wrong = (s: Schema | undefined): unknown => {
  switch (typeOf(s)) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'maybe';
    case 'array':
      return 'not a list';
    case 'object':
      return 7;
    default:
      return { unexpected: [1, 2, 3] };
  }
};

/** A plausible value (so that deeper validation runs), with unknown ids where ids go. */
const plausible = (s: Schema | undefined, depth = 0): unknown => {
  if (s?.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'string':
      return s?.format === 'uuid'
        ? randomUUID()
        : s?.format === 'date-time'
          ? '2026-02-30T25:61:00Z'
          : s?.format === 'date'
            ? '2026-13-40'
            : s?.format === 'email'
              ? 'x@'
              : 'x';
    case 'number':
    case 'integer':
      return -1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 3 ? [] : [plausible(s?.items, depth + 1)];
    case 'object':
      return depth > 3
        ? {}
        : Object.fromEntries(Object.entries(s?.properties ?? {}).map(([k, v]) => [k, plausible(v, depth + 1)]));
    default:
      return 'x';
  }
};

describe('http: malformed input never gets a 5xx', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('malformed-ws');
  });
  afterAll(async () => env?.close());

  it('every documented operation answers malformed ids, queries and bodies with a 4xx in the error shape', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const failures: string[] = [];
    let calls = 0;
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([method, op]) => ({ path, method, op })),
    );
    expect(ops.length).toBeGreaterThan(50);
    for (const { path, method, op } of ops) {
      // Signing out or deleting the caller's own workspace would end the run, not test input handling.
      if (/\/auth\/logout|\/workspaces\/current$/.test(path) && method !== 'get') continue;
      const body: Schema | undefined = op.requestBody?.content?.['application/json']?.schema;
      const query: { name: string; schema: Schema }[] = (op.parameters ?? []).filter((p: any) => p.in === 'query');
      const ids = [randomUUID(), 'not-an-id', '%2e%2e', 'x'.repeat(300)];
      const bodies: unknown[] = body
        ? [
            {},
            [],
            'a string',
            Object.fromEntries(Object.entries(body.properties ?? {}).map(([k, v]) => [k, wrong(v)])),
            Object.fromEntries(Object.keys(body.properties ?? {}).map((k) => [k, null])),
            Object.fromEntries(Object.keys(body.properties ?? {}).map((k) => [k, 'x'.repeat(100_000)])),
            plausible(body),
          ]
        : [undefined];
      const queries = [
        '',
        query.map((p) => `${p.name}=${encodeURIComponent(String(wrong(p.schema)))}`).join('&'),
        query.map((p) => `${p.name}=${encodeURIComponent('%;\'"\\\u0000')}`).join('&'),
        query.map((p) => `${p.name}=${encodeURIComponent(String(plausible(p.schema)))}`).join('&'),
      ];
      for (const id of ids) {
        const url = path.replace(/\{[^}]+\}/g, id);
        for (const q of queries)
          for (const payload of bodies) {
            if (!path.includes('{') && id !== ids[0]) continue;
            calls++;
            const label = `${method.toUpperCase()} ${url}${q ? `?${q}` : ''} ${JSON.stringify(payload)?.slice(0, 200)}`;
            const r = await env.app
              .inject({
                method: method.toUpperCase() as any,
                url: q ? `${url}?${q}` : url,
                headers: { ...ws.auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
                ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
              })
              .catch((e: Error) => {
                failures.push(`${label} → no answer: ${e.message}`);
                return null;
              });
            if (!r) continue;
            if (r.statusCode >= 500) failures.push(`${label} → ${r.statusCode} ${r.body.slice(0, 300)}`);
            else if (r.statusCode >= 400) {
              const e = r.json()?.error;
              if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !Array.isArray(e.details))
                failures.push(
                  `${method.toUpperCase()} ${url}: ${r.statusCode} without the error shape: ${r.body.slice(0, 200)}`,
                );
            }
          }
      }
    }
    expect(calls).toBeGreaterThan(500);
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
  }, 600_000);
});
