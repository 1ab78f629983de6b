import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { parse } from 'csv-parse/sync';
import {
  SECURITY_FIXTURES,
  fillUrl,
  jsonBodySchema,
  report,
  routeKey,
  setAt,
  startSecurityEnv,
  stringPaths,
  tally,
  runProbes,
  type Probe,
  type SecurityEnv,
} from './security-fixtures.ts';

/**
 * Security suite, part 4 — what leaves the server. SSRF: every body field that holds a URL or a
 * host (from the OpenAPI schemas: `format: uri`, or a name like url/host/baseUrl/endpoint) is sent
 * each address of the SSRF list and must be refused (422 OUTBOUND_BLOCKED or 400). Formula cells:
 * every CSV download (a GET ending .csv or producing text/csv) must neutralise values that start
 * with = + - @ (OWASP: prefixed with ').
 */
const URL_NAME = /(^|\.)(url|uri|host|hostname|baseUrl|endpoint|webhookUrl|callbackUrl|server)$/i;
const FALLBACK_PROBES = [
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/',
  'http://127.0.0.1:5432/',
  'http://[::1]/',
  'http://10.0.0.1/',
  'http://192.168.1.1/',
  'http://0x7f000001/',
  'http://2130706433/',
  'http://localhost/',
];

async function ssrfProbes(): Promise<readonly string[]> {
  // The outbound policy's own list (src/core/net/outbound.ts) when it is there.
  const mod = (await import('../src/core/net/outbound.ts').catch(() => null)) as {
    SSRF_PROBES?: readonly string[];
  } | null;
  return mod?.SSRF_PROBES ?? FALLBACK_PROBES;
}

describe('security: SSRF and formula cells', () => {
  let s: SecurityEnv;
  beforeAll(async () => {
    s = await startSecurityEnv();
  }, 120_000);
  afterAll(async () => s?.env.close());

  it('every URL field refuses the SSRF address list', async () => {
    const list = await ssrfProbes();
    const probes: Probe[] = [];
    const fields: string[] = [];
    for (const r of s.routes) {
      const key = routeKey(r);
      const fixture = SECURITY_FIXTURES.bodies[key]?.(s.ids);
      if (fixture === undefined) continue;
      for (const { path, schema } of stringPaths(jsonBodySchema(s.doc, r), fixture)) {
        const at = path.join('.');
        if (!(schema?.format === 'uri' || URL_NAME.test(at))) continue;
        if (SECURITY_FIXTURES.notFetched[`${key} ${at}`] ?? SECURITY_FIXTURES.notFetched[`${key} *`]) continue;
        fields.push(`${key} ${at}`);
        for (const url of list)
          probes.push({
            label: `${key} ${at}=${url}`,
            request: {
              method: r.method as any,
              url: fillUrl(r.url, s.ids),
              headers: s.authFor(r),
              payload: setAt(fixture, path, url),
            },
            check: (res) => {
              const code = res.json()?.error?.code;
              return res.statusCode >= 400 &&
                res.statusCode < 500 &&
                ['OUTBOUND_BLOCKED', 'VALIDATION_FAILED'].includes(code)
                ? null
                : `expected 422 OUTBOUND_BLOCKED or 400, got ${res.statusCode} ${res.body.slice(0, 120)}`;
            },
          });
      }
    }
    expect(fields, 'the suite found no URL fields: has the webhooks schema moved?').toContain(
      'POST /api/v1/webhooks url',
    );
    const t = tally();
    await runProbes(s.env, probes, t);
    report(`SSRF (${fields.length} fields × ${list.length} addresses)`, t);
    expect(t.failed, t.failed.slice(0, 40).join('\n')).toEqual([]);
  }, 120_000);

  it('every CSV download neutralises formula cells', async () => {
    const csvRoutes = s.routes.filter(
      (r) =>
        r.method === 'GET' &&
        (r.url.endsWith('.csv') ||
          Object.values(s.doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.get?.responses ?? {}).some((x: any) =>
            Object.keys(x?.content ?? {}).some((c) => c.includes('csv')),
          )),
    );
    expect(csvRoutes.length).toBeGreaterThanOrEqual(4);
    const t = tally();
    const starts = ['=', '+', '-', '@'];
    for (const r of csvRoutes) {
      const key = routeKey(r);
      const write = SECURITY_FIXTURES.csv[key];
      expect(write, `${key}: add to SECURITY_FIXTURES.csv in test/security-fixtures.ts`).toBeDefined();
      const tag = Math.random().toString(36).slice(2, 8);
      const value = (i: number) => `${starts[i % 4]}HYPERLINK("http://evil.example/${tag}${i}";"x")`;
      const url = await write!(s.api, s.ids, value);
      const res = await s.api('GET', url);
      expect(res.statusCode, `${key}: ${res.body.slice(0, 200)}`).toBe(200);
      const cells = (parse(res.body.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][]).flat();
      for (let i = 0; i < 4; i++) {
        t.tried++;
        const raw = value(i);
        if (cells.includes(`'${raw}`) && !cells.includes(raw)) t.clean++;
        else t.failed.push(`${key}: "${raw}" ${cells.includes(raw) ? 'comes out as is' : 'is missing from the file'}`);
      }
    }
    report('CSV formula cells', t);
    expect(t.failed, t.failed.join('\n')).toEqual([]);
  }, 120_000);
});
