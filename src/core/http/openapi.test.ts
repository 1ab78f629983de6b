import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { errorCatalogue } from '../errors.ts';
import { deriveOperationId } from './openapi.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** What /api/docs/json must hold to be useful to a client generator (issue 13, item 6). */
describe('OpenAPI document', () => {
  let env: TestEnv;
  let doc: Json;
  let ops: { method: string; path: string; op: Json; key: string }[];
  beforeAll(async () => {
    env = await startTestEnv();
    const r = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    doc = r.json();
    ops = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => METHODS.includes(m))
        .map(([method, op]) => ({ method, path, op: op as Json, key: `${method.toUpperCase()} ${path}` })),
    );
  });
  afterAll(async () => env?.close());

  const response = (r: Json): Json =>
    typeof r.$ref === 'string' ? (doc.components?.responses?.[r.$ref.replace('#/components/responses/', '')] ?? {}) : r;
  const schemaOf = (r: Json): Json | undefined => response(r).content?.['application/json']?.schema;

  it('validates against the OpenAPI 3 schema', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 3000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('every operation has an operationId, unique and readable', () => {
    expect(ops.length).toBeGreaterThan(100);
    const missing = ops.filter((o) => !o.op.operationId).map((o) => o.key);
    expect(missing, 'operations without an operationId').toEqual([]);
    const seen = new Map<string, string[]>();
    for (const o of ops) seen.set(o.op.operationId, [...(seen.get(o.op.operationId) ?? []), o.key]);
    expect(
      [...seen].filter(([, keys]) => keys.length > 1),
      'duplicate operationIds: add an override to OPERATION_IDS in openapi.ts',
    ).toEqual([]);
    const unreadable = ops
      .filter((o) => !/^[a-z][A-Za-z0-9]{2,60}$/.test(o.op.operationId))
      .map((o) => `${o.key}: ${o.op.operationId}`);
    expect(unreadable).toEqual([]);
    const ids = Object.fromEntries(ops.map((o) => [o.key, o.op.operationId]));
    expect(ids).toMatchObject({
      'GET /api/v1/people': 'listPeople',
      'GET /api/v1/people/{id}': 'getPerson',
      'POST /api/v1/people': 'createPerson',
      'PATCH /api/v1/companies/{id}': 'updateCompany',
      'DELETE /api/v1/deals/{id}': 'deleteDeal',
      'POST /api/v1/deals': 'createDeal',
      'POST /api/v1/deals/{id}/move': 'moveDeal',
      'GET /api/v1/activities': 'listActivities',
      'POST /v1/track': 'track',
    });
  });

  it('the rule: method and path → operationId', () => {
    expect(deriveOperationId('get', '/api/v1/people')).toBe('listPeople');
    expect(deriveOperationId('post', '/api/v1/companies')).toBe('createCompany');
    expect(deriveOperationId('get', '/api/v1/activities/{id}')).toBe('getActivity');
    expect(deriveOperationId('patch', '/api/v1/custom-fields/{id}')).toBe('updateCustomField');
    expect(deriveOperationId('delete', '/api/v1/api-keys/{id}')).toBe('deleteApiKey');
    expect(deriveOperationId('get', '/api/v1/people/{id}/timeline')).toBe('getPersonTimeline');
    expect(deriveOperationId('get', '/api/v1/webhooks/{id}/deliveries')).toBe('listWebhookDeliveries');
    expect(deriveOperationId('post', '/api/v1/people/{id}/consents')).toBe('createPersonConsent');
    expect(deriveOperationId('post', '/api/v1/sources/{id}/rotate-write-key')).toBe('rotateSourceWriteKey');
    expect(deriveOperationId('get', '/api/v1/deals/{id}/stage-history')).toBe('getDealStageHistory');
  });

  it('every response has a real description; every operation documents its success', () => {
    const vague = ops.flatMap((o) =>
      Object.entries(o.op.responses ?? {})
        .filter(([, r]) => !response(r as Json).description || response(r as Json).description === 'Default Response')
        .map(([status]) => `${o.key} ${status}`),
    );
    expect(vague, 'responses described as "Default Response"').toEqual([]);
    const noSuccess = ops.filter((o) => !Object.keys(o.op.responses ?? {}).some((s) => /^2/.test(s))).map((o) => o.key);
    expect(noSuccess).toEqual([]);
    // A success other than 204 says what comes back.
    const noBody = ops.flatMap((o) =>
      Object.entries(o.op.responses ?? {})
        .filter(([s, r]) => /^2/.test(s) && s !== '204' && !response(r as Json).content)
        .map(([s]) => `${o.key} ${s}`),
    );
    expect(noBody, 'success responses without a body schema').toEqual([]);
  });

  it('errors: the shared Error component, and the statuses each operation can give', () => {
    const error = doc.components?.schemas?.Error;
    expect(error, 'components.schemas.Error').toBeDefined();
    expect(error.properties.error.properties.code.enum.sort()).toEqual(Object.keys(errorCatalogue).sort());
    expect(error.properties.error.required).toEqual(expect.arrayContaining(['code', 'message', 'details']));
    const publicRoutes = new Set(
      env.app.routeList.filter((r) => r.public).map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    const problems: string[] = [];
    for (const o of ops) {
      const statuses = Object.keys(o.op.responses ?? {});
      for (const [status, r] of Object.entries(o.op.responses ?? {}))
        if (/^[45]/.test(status) && schemaOf(r as Json)?.$ref !== '#/components/schemas/Error')
          problems.push(`${o.key} ${status}: not the Error schema`);
      if (!o.path.startsWith('/api/v1/')) continue;
      const takesInput =
        Boolean(o.op.requestBody) || (o.op.parameters ?? []).some((p: Json) => p.in === 'query' || p.in === 'path');
      if (!publicRoutes.has(o.key) && !statuses.includes('401')) problems.push(`${o.key}: no 401`);
      if (!publicRoutes.has(o.key) && !statuses.includes('403')) problems.push(`${o.key}: no 403`);
      if (takesInput && !statuses.includes('400'))
        problems.push(`${o.key}: takes a body or parameters but documents no 400`);
      if ((o.op.parameters ?? []).some((p: Json) => p.in === 'path') && !statuses.includes('404'))
        problems.push(`${o.key}: no 404`);
      if (o.op.requestBody?.content?.['application/json'] && !(statuses.includes('413') && statuses.includes('415')))
        problems.push(`${o.key}: a JSON body without 413/415`);
      if (!statuses.includes('429')) problems.push(`${o.key}: no 429`);
    }
    for (const path of ['/v1/track', '/v1/batch'])
      if (!doc.paths[path].post.responses['401']) problems.push(`POST ${path}: no 401 (write key)`);
    expect(problems).toEqual([]);
  });

  it('shared component schemas for the common objects, with examples; requests stay inline', () => {
    const schemas = doc.components?.schemas ?? {};
    for (const id of [
      'Error',
      'Person',
      'PersonDetail',
      'PersonPage',
      'Company',
      'CompanyPage',
      'Deal',
      'DealPage',
      'Pipeline',
      'Activity',
      'ActivityPage',
      'Source',
      'Profile',
      'Event',
    ])
      expect(schemas[id], `components.schemas.${id}`).toBeDefined();
    for (const id of ['Error', 'Person', 'Company', 'Deal']) expect(schemas[id].example, `${id} example`).toBeDefined();
    expect(schemas.Person.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
    expect(schemas.Deal.properties.closedAt).toEqual({ type: 'string', format: 'date-time', nullable: true });
    const ref = (key: string, status: string) => schemaOf(ops.find((o) => o.key === key)!.op.responses[status]);
    expect(ref('GET /api/v1/people', '200')).toEqual({ $ref: '#/components/schemas/PersonPage' });
    expect(ref('GET /api/v1/companies/{id}/people', '200')).toEqual({ $ref: '#/components/schemas/PersonPage' });
    expect(ref('POST /api/v1/deals', '201')).toEqual({ $ref: '#/components/schemas/Deal' });
    expect(ref('PATCH /api/v1/companies/{id}', '200')).toEqual({ $ref: '#/components/schemas/Company' });
    // Every $ref resolves.
    const refs = new Set<string>();
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object')
        for (const [k, v] of Object.entries(n)) k === '$ref' ? refs.add(String(v)) : walk(v);
    };
    walk(doc);
    const dangling = [...refs].filter((r) => {
      const [, kind, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(r) ?? [];
      return !kind || !doc.components?.[kind]?.[name];
    });
    expect(dangling).toEqual([]);
    // Request bodies and parameters are inline: the security and malformed-input suites walk them as they are.
    const refInputs = ops
      .filter((o) => JSON.stringify([o.op.requestBody ?? null, o.op.parameters ?? []]).includes('"$ref"'))
      .map((o) => o.key);
    expect(
      refInputs,
      'a component registered with .meta({ id }) is used in a request: keep ids on response shapes',
    ).toEqual([]);
  });
});
