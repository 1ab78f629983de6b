/**
 * The OpenAPI document's quality, decided in one place so that every module's routes get it without
 * anyone remembering to (issue 13, item 6):
 *  - an `operationId` on every operation, derived from method and path (listPeople, getPerson,
 *    createDeal, moveDeal, …), with OPERATION_IDS overriding where the rule reads badly; a route may
 *    also set `schema.operationId` itself;
 *  - a real description on every success response (never "Default Response");
 *  - the error responses each operation can give (400/401/403/404/409/413/415/422/429/503), all
 *    pointing to the one `Error` component (`{"error":{"code","message","details"}}`);
 *  - shared component schemas: every Zod schema given an id (`.meta({ id: 'Person' })`, on response
 *    shapes only) becomes `#/components/schemas/<id>`, and `pageOf` of it the `<id>Page` envelope;
 *    unused `…Input` twins are dropped.
 * Wired into @fastify/swagger in app.ts (`openapiTransforms`); src/core/http/openapi.test.ts checks
 * the document against the OpenAPI 3 schema and these rules.
 */
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';

type Json = Record<string, any>;

// ---- operation ids

/** Where the rule below gives something awkward: 'METHOD /openapi/path' → operationId. */
export const OPERATION_IDS: Record<string, string> = {
  'POST /api/v1/auth/login': 'login',
  'POST /api/v1/auth/logout': 'logout',
  'GET /api/v1/auth/me': 'getCurrentUser',
  'PATCH /api/v1/auth/me': 'updateCurrentUser',
  'POST /api/v1/auth/switch-workspace': 'switchWorkspace',
  'GET /api/v1/audit': 'listAuditEntries',
  'GET /api/v1/webhooks/event-types': 'listWebhookEventTypes',
  'GET /api/v1/notifications/unread-count': 'countUnreadNotifications',
  'POST /api/v1/notifications/read-all': 'markAllNotificationsRead',
  'POST /api/v1/notifications/{id}/read': 'markNotificationRead',
  'GET /api/v1/people/lookup': 'lookupPerson',
  'GET /api/v1/persons/{id}': 'getProfile',
  'GET /api/v1/persons/{id}/export': 'exportProfile',
  'POST /api/v1/persons/{id}/erase': 'eraseProfile',
  'GET /api/v1/people/deleted': 'listDeletedPeople',
  'GET /api/v1/companies/deleted': 'listDeletedCompanies',
  'GET /api/v1/deals/deleted': 'listDeletedDeals',
  'GET /api/v1/people/duplicates': 'listDuplicatePeople',
  'POST /api/v1/people/duplicates/dismiss': 'dismissDuplicatePeople',
  'GET /api/v1/people/export.csv': 'exportPeopleCsv',
  'GET /api/v1/companies/export.csv': 'exportCompaniesCsv',
  'GET /api/v1/deals/export.csv': 'exportDealsCsv',
  'POST /api/v1/people/export': 'startPeopleExport',
  'POST /api/v1/companies/export': 'startCompaniesExport',
  'POST /api/v1/deals/export': 'startDealsExport',
  'GET /api/v1/exports/{id}/download': 'downloadExport',
  'POST /api/v1/imports': 'uploadImport',
  'GET /api/v1/imports/{id}/errors.csv': 'downloadImportErrors',
  'POST /api/v1/segments/{id}/members': 'addListMembers',
  'POST /api/v1/segments/{id}/members/remove': 'removeListMembers',
  'POST /api/v1/segments/{id}/uploads': 'uploadListMembers',
  'GET /api/v1/segments/{id}/uploads/{uploadId}': 'getListUpload',
  'GET /api/v1/segments/{id}/uploads/{uploadId}/rejected.csv': 'downloadListUploadRejected',
  'GET /api/v1/segments/{id}/export.csv': 'exportSegmentMembersCsv',
  'GET /api/v1/deals/board': 'getDealBoard',
  'GET /api/v1/people/{id}/consents/history': 'listPersonConsentHistory',
  'POST /api/v1/telephony/calls': 'recordTelephonyCall',
  'GET /api/v1/reports/funnel': 'getFunnelReport',
  'GET /api/v1/reports/sales': 'getSalesReport',
  'GET /api/v1/reports/activity': 'getActivityReport',
  'GET /api/v1/reports/reasons': 'getReasonsReport',
  'GET /api/v1/reports/sources': 'getSourcesReport',
  'POST /v1/identify': 'identify',
  'POST /v1/track': 'track',
  'POST /v1/page': 'page',
  'POST /v1/screen': 'screen',
  'POST /v1/group': 'group',
  'POST /v1/alias': 'alias',
  'POST /v1/batch': 'batch',
};

const IRREGULAR: Record<string, string> = {
  people: 'person',
  persons: 'person',
  data: 'data',
  status: 'status',
  analytics: 'analytics',
};
const words = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean);
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const pascal = (s: string) => words(s).map(cap).join('');
const isPlural = (w: string) =>
  w === 'people' || (/s$/.test(w) && !/(ss|us|is)$/.test(w) && !(w in IRREGULAR && IRREGULAR[w] === w));
function singular(segment: string): string {
  const ws = words(segment);
  const last = ws.pop() ?? '';
  const one =
    IRREGULAR[last] ??
    (/ies$/.test(last)
      ? last.slice(0, -3) + 'y'
      : /(sses|xes|ches|shes)$/.test(last)
        ? last.slice(0, -2)
        : isPlural(last)
          ? last.slice(0, -1)
          : last);
  return [...ws, one].join('-');
}

/**
 * The rule: static segments name the subject (a segment followed by a `{param}` is one item of it,
 * so singular); the last segment decides the verb —
 *   GET /people → listPeople · POST /people → createPerson · GET|PATCH|PUT|DELETE /people/{id} →
 *   getPerson|updatePerson|replacePerson|deletePerson · GET /people/{id}/timeline → getPersonTimeline ·
 *   GET /deals/{id}/stage-history → getDealStageHistory · POST /people/{id}/consents →
 *   createPersonConsent · POST /deals/{id}/move → moveDeal (an action: its first word is the verb).
 */
export function deriveOperationId(method: string, path: string): string {
  const tokens = path
    .replace(/^\/api\/v1(?=\/)/, '')
    .replace(/^\/v1(?=\/)/, '')
    .split('/')
    .filter(Boolean);
  const isParam = (t: string) => t.startsWith('{') || t.startsWith(':');
  const m = method.toUpperCase();
  const last = tokens[tokens.length - 1] ?? 'root';
  const subject: string[] = [];
  tokens.forEach((t, i) => {
    if (isParam(t) || (i === tokens.length - 1 && !isParam(last))) return;
    subject.push(pascal(tokens[i + 1] && isParam(tokens[i + 1]) ? singular(t) : t));
  });
  const s = subject.join('');
  const lower = (id: string) => id.charAt(0).toLowerCase() + id.slice(1);
  if (isParam(last))
    return (
      lower(
        ({ GET: 'get', PATCH: 'update', PUT: 'replace', DELETE: 'delete' } as Record<string, string>)[m] ??
          m.toLowerCase(),
      ) + s
    );
  if (m === 'GET') return (isPlural(words(last).pop() ?? '') ? 'list' : 'get') + s + pascal(last);
  if (m === 'POST' && isPlural(words(last).pop() ?? '')) return 'create' + s + pascal(singular(last));
  if (m === 'POST') {
    const [verb, ...rest] = words(last);
    return verb.toLowerCase() + s + rest.map(cap).join('');
  }
  return ({ PATCH: 'update', PUT: 'replace', DELETE: 'delete' } as Record<string, string>)[m] + s + pascal(last);
}

// ---- responses

const errorRef = { $ref: '#/components/schemas/Error' };
const errorExample = (
  code: string,
  message: string,
  details: { path: string; message: string; code: string }[] = [],
) => ({ error: { code, message, details } });

/** The shared error responses: status → component name, description, example. */
const ERROR_RESPONSES: Record<string, { name: string; description: string; example: Json; headers?: Json }> = {
  '400': {
    name: 'BadRequest',
    description:
      'The request is invalid: a body field, query or path parameter fails validation (VALIDATION_FAILED, `details` names each field), or the body is malformed (BAD_REQUEST, MALFORMED_CSV, UNSUPPORTED_ENCODING)',
    example: errorExample('VALIDATION_FAILED', 'email: Invalid email address', [
      { path: 'email', message: 'Invalid email address', code: 'INVALID_EMAIL' },
    ]),
  },
  '401': {
    name: 'Unauthorized',
    description:
      'Not authenticated: no, invalid, revoked or expired API key or session (UNAUTHENTICATED, API_KEY_EXPIRED, INVALID_CREDENTIALS)',
    example: errorExample('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer KEY" or log in'),
  },
  '403': {
    name: 'Forbidden',
    description:
      "The caller's role lacks the permission (FORBIDDEN), or a cookie-authenticated write came without the same-origin header (CSRF_REJECTED)",
    example: errorExample('FORBIDDEN', 'Role "viewer" lacks permission "crm:write"'),
  },
  '404': {
    name: 'NotFound',
    description: 'No such record in this workspace (NOT_FOUND)',
    example: errorExample('NOT_FOUND', 'Person not found'),
  },
  '409': {
    name: 'Conflict',
    description:
      'Conflicts with the current state: a duplicate of a unique value (ALREADY_EXISTS), a record still in use (CONFLICT), or a list operation on a segment that is not a list (NOT_A_LIST)',
    example: errorExample('ALREADY_EXISTS', 'Already exists'),
  },
  '413': {
    name: 'PayloadTooLarge',
    description: 'The request body is too large (PAYLOAD_TOO_LARGE)',
    example: errorExample('PAYLOAD_TOO_LARGE', 'The request body is too large'),
  },
  '415': {
    name: 'UnsupportedMediaType',
    description:
      'The body is not sent as application/json (or the content encoding is unsupported) (UNSUPPORTED_MEDIA_TYPE)',
    example: errorExample('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type: text/plain; send application/json'),
  },
  '422': {
    name: 'Unprocessable',
    description:
      'Well-formed but cannot be applied to the current data (UNPROCESSABLE), or an address the outbound requests policy refuses (OUTBOUND_BLOCKED)',
    example: errorExample('UNPROCESSABLE', 'The request is well-formed but cannot be applied'),
  },
  '429': {
    name: 'TooManyRequests',
    description:
      'Rate limited: too many requests per minute for this key or session (RATE_LIMITED), or too many failed logins (LOGIN_THROTTLED); retry after `Retry-After` seconds',
    example: errorExample('RATE_LIMITED', 'Too many requests: at most 600 per minute; retry in 42 s'),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  },
  '503': {
    name: 'Unavailable',
    description:
      'The query took too long and was cancelled (QUERY_TIMEOUT: narrow it or export it as a job), or the service is unavailable (UNAVAILABLE)',
    example: errorExample(
      'QUERY_TIMEOUT',
      'The query took too long and was cancelled; narrow it or run it as an export job',
    ),
  },
};

/** Error statuses an operation gives beyond the rule (`errorStatuses`), e.g. a public login that still answers 401. */
const EXTRA_ERRORS: Record<string, string[]> = {
  'POST /api/v1/auth/login': ['401', '429'],
  'GET /api/v1/people/lookup': ['404'],
  'POST /api/v1/imports': ['413', '415'],
  'POST /api/v1/segments/{id}/uploads': ['413', '415'],
  'GET /api/v1/exports/{id}/download': ['409'],
  'POST /api/v1/channels/{id}/test': ['422'],
};

/** Success responses the route's schema cannot express (files, streams): 'METHOD /path' → status → response. */
const csv = (what: string) => ({
  description: what,
  content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
});
const SUCCESS_RESPONSES: Record<string, Record<string, Json>> = {
  'GET /api/v1/persons/{id}/export': {
    '200': {
      description: 'Everything stored about the person as a JSON attachment (person-<id>.json)',
      content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
    },
  },
  'GET /api/v1/imports/{id}/errors.csv': {
    '200': csv('The rows that were not imported, with their original columns plus `error` (UTF-8 CSV with BOM)'),
  },
  'GET /api/v1/exports/{id}/download': { '200': csv("The export job's file (UTF-8 CSV), once the job is completed") },
  'GET /api/v1/people/export.csv': { '200': csv('The people list view as CSV, streamed') },
  'GET /api/v1/companies/export.csv': { '200': csv('The companies list view as CSV, streamed') },
  'GET /api/v1/deals/export.csv': { '200': csv('The deals list view as CSV, streamed') },
  'GET /api/v1/segments/{id}/export.csv': {
    '200': csv('The current members: personId, enteredAt, email, phone, userId, firstName, lastName (streamed)'),
  },
  'GET /api/v1/conversations/{id}/attachments/{attachmentId}': {
    '200': {
      description: "The attachment's bytes, as a download (active types such as HTML or SVG as octet-stream)",
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    },
  },
  'GET /api/v1/segments/{id}/uploads/{uploadId}/rejected.csv': {
    '200': csv("The upload's rows that matched nobody: the file's columns plus code and reason"),
  },
};

/** Success descriptions the rule cannot guess: 'METHOD /path' → description. */
const tracked = 'Stored: `{"success":true}`';
const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  ...Object.fromEntries(
    ['identify', 'track', 'page', 'screen', 'group', 'alias'].map((t) => [`POST /v1/${t}`, tracked]),
  ),
  'POST /api/v1/auth/login': 'Logged in: the session cookie is set; the body is the current user',
  'POST /v1/batch': `${tracked}, with \`rejected\` listing the messages that were refused (the others are stored)`,
  'GET /api/v1/notifications/unread-count': 'How many notifications are unread',
};

interface RouteInfo {
  public: boolean;
}

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/** The error statuses an operation documents: decided by where it lives, what it takes and who may call it. */
export function errorStatuses(method: string, path: string, op: Json, info: RouteInfo | undefined): string[] {
  const api = path.startsWith('/api/v1/');
  const tracking = path.startsWith('/v1/');
  const m = method.toLowerCase();
  const params: Json[] = op.parameters ?? [];
  const hasBody = Boolean(op.requestBody);
  const hasQuery = params.some((p) => p.in === 'query');
  const hasPath = params.some((p) => p.in === 'path');
  const isPublic = info?.public ?? false;
  const out = new Set<string>(EXTRA_ERRORS[`${m.toUpperCase()} ${path}`] ?? []);
  if (hasBody || hasQuery || hasPath || tracking) out.add('400');
  if ((api && !isPublic) || tracking) out.add('401');
  if (api && (!isPublic || WRITES.has(m))) out.add('403');
  if (hasPath && !tracking) out.add('404');
  if (api && !isPublic && WRITES.has(m)) out.add('409');
  if (hasBody || tracking) out.add('413').add('415');
  if (api && !isPublic && hasBody) out.add('422');
  if (api) out.add('429').add('503');
  return [...out].sort();
}

/** A success response's description from what the operation does (used where the route gives none). */
function successDescription(
  method: string,
  status: string,
  operationId: string,
  response: Json,
  schemas: Json,
): string {
  const [verb, ...rest] = operationId
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .split(' ');
  const thing = rest.join(' ') || 'result';
  let schema: Json = response.content?.['application/json']?.schema ?? {};
  if (typeof schema.$ref === 'string') schema = schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {};
  const paged = Boolean(schema.properties?.data && schema.properties?.nextCursor);
  if (status === '204') return 'Done; no content';
  if (status === '201') return `Created: the new ${thing}`;
  if (status === '202') return `Accepted: the ${thing} runs as a background job`;
  if (method === 'get') return paged ? `A page of ${thing} (\`nextCursor\` fetches the next one)` : `The ${thing}`;
  if (method === 'patch' || method === 'put') return `Updated: the ${thing} as now stored`;
  if (method === 'delete') return `Deleted: the ${thing}`;
  return `Done: ${verb} ${thing}`.trim();
}

const collectRefs = (node: unknown, into: Set<string>) => {
  if (Array.isArray(node)) for (const n of node) collectRefs(n, into);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else collectRefs(v, into);
    }
};

/** `dateTime` (schemas.ts) comes out as `{ type: string, format: date-time, anyOf: [string branches] }`: drop the redundant anyOf. */
const tidyDateTimes = (node: unknown) => {
  if (Array.isArray(node)) node.forEach(tidyDateTimes);
  else if (node && typeof node === 'object') {
    const n = node as Json;
    if (
      n.type === 'string' &&
      n.format === 'date-time' &&
      Array.isArray(n.anyOf) &&
      n.anyOf.every((b: Json) => b?.type === 'string')
    )
      delete n.anyOf;
    Object.values(n).forEach(tidyDateTimes);
  }
};

const OPENAPI_3_0 = { target: 'openapi-3.0' as const };

/**
 * @fastify/swagger's `transform` and `transformObject`: fastify-type-provider-zod's (Zod → JSON
 * Schema, registered components) followed by this file's rules. `transform` notes each route's
 * access; `transformObject` completes the finished document.
 */
export function openapiTransforms() {
  const zodTransform = createJsonSchemaTransform({ zodToJsonConfig: OPENAPI_3_0 });
  const zodTransformObject = createJsonSchemaTransformObject({ zodToJsonConfig: OPENAPI_3_0 });
  const routes = new Map<string, RouteInfo>();

  const transform: typeof zodTransform = (input) => {
    const route = (input as { route?: { method: string | string[]; config?: { public?: boolean } } }).route;
    const docPath = input.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const m of [route?.method ?? []].flat())
      routes.set(`${m.toUpperCase()} ${docPath}`, { public: Boolean(route?.config?.public) });
    return zodTransform(input);
  };

  const transformObject: typeof zodTransformObject = (input) => {
    const doc = zodTransformObject(input) as Json;
    const components = (doc.components ??= {});
    components.responses = {
      ...components.responses,
      ...Object.fromEntries(
        Object.values(ERROR_RESPONSES).map((e) => [
          e.name,
          {
            description: e.description,
            ...(e.headers ? { headers: e.headers } : {}),
            content: { 'application/json': { schema: errorRef, example: e.example } },
          },
        ]),
      ),
    };
    for (const [path, methods] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
      for (const [method, op] of Object.entries(methods) as [string, Json][]) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const key = `${method.toUpperCase()} ${path}`;
        op.operationId ??= OPERATION_IDS[key] ?? deriveOperationId(method, path);
        const responses: Json = (op.responses ??= {});
        for (const [status, r] of Object.entries(SUCCESS_RESPONSES[key] ?? {})) responses[status] = r;
        for (const [status, r] of Object.entries(responses) as [string, Json][]) {
          if (/^2/.test(status) && (!r.description || r.description === 'Default Response'))
            r.description =
              SUCCESS_DESCRIPTIONS[key] ??
              successDescription(method, status, op.operationId, r, components.schemas ?? {});
        }
        for (const status of errorStatuses(method, path, op, routes.get(key))) {
          responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
        }
      }
    }
    tidyDateTimes(doc);
    // Registered schemas come out twice (as read and as written); keep a `…Input` twin only where used.
    const schemas: Json = components.schemas ?? {};
    for (let changed = true; changed; ) {
      changed = false;
      const used = new Set<string>();
      collectRefs(
        { ...doc, components: { ...components, schemas: Object.fromEntries(Object.entries(schemas)) } },
        used,
      );
      for (const id of Object.keys(schemas))
        if (id.endsWith('Input') && !used.has(`#/components/schemas/${id}`)) {
          delete schemas[id];
          changed = true;
        }
    }
    return doc as ReturnType<typeof zodTransformObject>;
  };

  return { transform, transformObject };
}
