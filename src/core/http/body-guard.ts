import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type ErrorDetail } from '../errors.ts';

/*
 * The edge's guard on request text. PostgreSQL cannot store a NUL character (text refuses 0x00,
 * jsonb refuses \u0000) nor an unpaired UTF-16 surrogate (jsonb refuses the escape), and JSON
 * nested thousands of levels deep overflows the stack of whatever walks it next (Zod,
 * JSON.stringify, the jsonb encoder). Each used to be a 500; here each is a 400 in the error shape,
 * naming the field, before any route code runs.
 *
 * Cost on the ingest hot path: an iterative walk over the parsed objects and arrays for the depth
 * (not over the strings) and one regular expression over the raw text for the escapes that could
 * decode to a bad character. Only a body that has such an escape is walked for its strings (to
 * find the field); real bad characters are rare, so is that walk.
 */

/** An escape in raw JSON text that may decode to a NUL or an unpaired surrogate (a pair is fine). */
const SUSPECT_ESCAPE =
  /\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]/;

/** True when the raw JSON text may hold a NUL or an unpaired surrogate: walk it with findBadText. */
export const mayHoldBadText = (json: string): boolean => json.includes('\\u') && SUSPECT_ESCAPE.test(json);

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `max` (the value itself is level
 * 1). Iterative, so any depth is safe: V8's JSON.parse does not recurse either, so parsing a
 * 100,000-deep body is cheap and harmless — it is what walks it afterwards that must not recurse.
 * Measured on a 100-event tracking batch (66 KB): ~20 µs, against ~110–200 µs for a character scan
 * of the raw text and ~200–450 µs for JSON.parse itself.
 */
export function jsonTooDeep(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length) {
    const v = values.pop()!;
    const d = depths.pop()! + 1;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x !== null && typeof x === 'object') {
          if (d > max) return true;
          values.push(x);
          depths.push(d);
        }
      }
    } else {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') {
          if (d > max) return true;
          values.push(x);
          depths.push(d);
        }
      }
    }
  }
  return false;
}

/** Why a string cannot be accepted, or null. */
export function badText(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed())
    return 'contains an unpaired UTF-16 surrogate, which cannot be stored';
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The first string or object key in `value` holding a NUL or an unpaired surrogate, with its path
 * (`name`, `emails.0`, `query.q`). Iterative, so any depth is safe.
 */
export function findBadText(value: unknown, root = ''): ErrorDetail | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const why = badText(v);
      if (why) return { path: path || '(body)', message: why };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, String(i))]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i];
        const why = badText(k);
        if (why) return { path: join(path, k), message: `the key ${why}` };
        stack.push([x, join(path, k)]);
      }
    }
  }
  return null;
}

export const badTextError = (d: ErrorDetail) => new AppError('VALIDATION_FAILED', `${d.path}: ${d.message}`, [d]);
export const tooDeepError = (max: number) =>
  new AppError('BAD_REQUEST', `The JSON body is nested deeper than ${max} levels (KARTOTEKA_JSON_MAX_DEPTH)`, [
    { path: '(body)', message: `nested deeper than ${max} levels` },
  ]);

/** Refuses a parsed body nested deeper than `max`, or holding a bad string (looked for only when its raw text had a suspect escape). */
export function checkParsedJson(text: string, value: unknown, max: number): void {
  if (jsonTooDeep(value, max)) throw tooDeepError(max);
  if (!mayHoldBadText(text)) return;
  const bad = findBadText(value);
  if (bad) throw badTextError(bad);
}

/**
 * Installs the guard on an app: the JSON body parser (Fastify's own, with prototype-poisoning
 * protection, followed by the depth and text checks) and a preValidation hook over the query string
 * and path parameters, for every route registered after it. Scopes with their own parsers (the
 * tracking API) call jsonTooDeep / mayHoldBadText themselves.
 */
export function installBodyGuard(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    parse(req, text, (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      try {
        checkParsedJson(text, value, maxDepth);
      } catch (e) {
        return done(e as Error, undefined);
      }
      done(null, value);
    });
  });
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const bad = findBadText(req.query, 'query');
    if (bad) throw badTextError(bad);
    // Every bad path parameter is named (a route may have two: /segments/:id/uploads/:uploadId).
    const params = Object.entries((req.params ?? {}) as Record<string, unknown>).flatMap(([k, v]) => {
      const d = findBadText(v, `params.${k}`);
      return d ? [d] : [];
    });
    if (params.length)
      throw new AppError('VALIDATION_FAILED', params.map((d) => `${d.path}: ${d.message}`).join('; '), params);
  });
}
