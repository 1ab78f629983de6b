/**
 * The one catalogue of stable error codes. Code and HTTP status are decided here and nowhere else;
 * the HTTP edge turns any AppError into `{"error":{"code","message","details"}}`.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid' },
  BAD_REQUEST: { status: 400, message: 'The request cannot be processed' },
  UNSUPPORTED_ENCODING: {
    status: 400,
    message: 'The file is not in a supported text encoding (UTF-8 or Windows-1251)',
  },
  MALFORMED_CSV: { status: 400, message: 'The file is not a well-formed CSV' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication required: send "Authorization: Bearer KEY" or log in' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password' },
  API_KEY_EXPIRED: { status: 401, message: 'The API key has expired' },
  CSRF_REJECTED: {
    status: 403,
    message: 'Cross-site request refused: send the X-Kartoteka-Request header from the same origin',
  },
  OUTBOUND_BLOCKED: { status: 422, message: 'The address is not allowed by the outbound requests policy' },
  LOGIN_THROTTLED: { status: 429, message: 'Too many failed logins; wait before trying again' },
  QUERY_TIMEOUT: {
    status: 503,
    message: 'The query took too long and was cancelled; narrow it or run it as an export job',
  },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this action' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  CONFLICT: { status: 409, message: 'Conflicts with the current state' },
  ALREADY_EXISTS: { status: 409, message: 'Already exists' },
  NOT_A_LIST: { status: 409, message: 'The segment is not a list: its members follow its rule' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  UNPROCESSABLE: { status: 422, message: 'The request is well-formed but cannot be applied' },
  TEMPLATE_UNAVAILABLE: {
    status: 422,
    message: 'A template, channel or segment the campaign needs was deleted since it was made',
  },
  NO_REACHABLE_AUDIENCE: {
    status: 422,
    message: 'Nobody in the audience can be reached: no consent or no address on the chosen channels',
  },
  PROMOTION_OVERLAP: {
    status: 422,
    message: 'The promotion overlaps an active one in time, geography and products',
  },
  INSUFFICIENT_POINTS: { status: 422, message: 'Not enough bonus points' },
  JOURNEY_INVALID: {
    status: 422,
    message:
      'The journey cannot be published: a dead end, an unreachable step, a cycle with no wait or a missing reference',
  },
  RECONTACT_LIMIT: {
    status: 409,
    message: 'The person was surveyed within the re-contact limit (no one is surveyed more than once per N days)',
  },
  SURVEY_CLOSED: { status: 409, message: 'The survey is closed: it takes no more answers' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  DATA_DIR_LOCKED: { status: 423, message: 'The data directory is held by another process' },
  INTERNAL: { status: 500, message: 'Internal error' },
  UNAVAILABLE: { status: 503, message: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * The stable code of one problem in `details`, one per field: clients translate by it (with `limit`
 * or `value` where the text needs them) instead of matching the English message, which may change.
 */
export const detailCatalogue = {
  REQUIRED: 'A value is required',
  INVALID_TYPE: 'The value has the wrong type',
  TOO_SHORT: 'Too short (limit: the fewest characters)',
  TOO_LONG: 'Too long (limit: the most characters)',
  TOO_SMALL: 'Too small (limit: the least allowed)',
  TOO_LARGE: 'Too large (limit: the most allowed)',
  TOO_FEW: 'Too few items (limit: the fewest)',
  TOO_MANY: 'Too many items (limit: the most)',
  INVALID_EMAIL: 'Not a valid email address',
  INVALID_PHONE: 'Not a valid phone number',
  INVALID_URL: 'Not a valid URL',
  URL_NOT_HTTP: 'The URL must be http or https',
  URL_BLOCKED: 'The URL points to an address the outbound requests policy refuses',
  INVALID_UUID: 'Not a valid id (UUID)',
  INVALID_DATE: 'Not a valid date or time',
  INVALID_FORMAT: 'Not in the expected format',
  INVALID_OPTION: 'Not one of the allowed values',
  INVALID_SLUG: 'Only lower-case letters, digits and dashes',
  UNKNOWN_FIELD: 'A field the endpoint does not know',
  UNKNOWN_EVENT_TYPE: 'An event type that does not exist (value: the type)',
  ALREADY_MEMBER: 'Already a member of this workspace',
  ALREADY_USED: 'Already used by another record (existingId: that record)',
  WRONG_PASSWORD: 'The current password is wrong',
  UNKNOWN_PRODUCT: 'A product the catalogue does not have (value: the sku)',
  OVERLAPS: 'Overlaps another active promotion (existingId: that one)',
  INSUFFICIENT_POINTS: 'More bonus points than the balance (limit: the balance)',
  RECONTACT_LIMIT: 'Surveyed within the re-contact limit (limit: the days)',
  SURVEY_CLOSED: 'The survey is closed',
  UNKNOWN_PERSON: 'A person that does not exist in this workspace',
  MALFORMED: 'The body or URL cannot be parsed',
  INVALID: 'Any other problem: the message says which',
} as const;
export type DetailCode = keyof typeof detailCatalogue;

/** One problem of a request: the field (`email`, `query.limit`, `params.id`, `(body)`), words for people, a stable code. */
export interface ErrorDetail {
  path: string;
  message: string;
  /** Left out where an error is raised: `INVALID`. */
  code?: DetailCode;
  /** The bound of TOO_SHORT, TOO_LONG, TOO_SMALL, TOO_LARGE, TOO_FEW, TOO_MANY. */
  limit?: number;
  /** The offending value where the text names it (UNKNOWN_EVENT_TYPE). */
  value?: string;
  existingId?: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly details: (ErrorDetail & { code: DetailCode })[];
  constructor(
    readonly code: ErrorCode,
    message?: string,
    details: ErrorDetail[] = [],
  ) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
    this.details = details.map((d) => ({ ...d, code: d.code ?? 'INVALID' }));
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const invalid = (path: string, message: string, code: DetailCode = 'INVALID') =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code }]);

/** What a schema validator reports about one field (a Zod 4 issue as fastify-type-provider-zod passes it on). */
export interface SchemaIssue {
  code: string;
  /** The rest of the issue: `origin`, `maximum`/`minimum`, `format`, `expected`, … */
  params?: Record<string, unknown>;
}

const FORMATS: Record<string, DetailCode> = {
  email: 'INVALID_EMAIL',
  url: 'INVALID_URL',
  uuid: 'INVALID_UUID',
  guid: 'INVALID_UUID',
  datetime: 'INVALID_DATE',
  date: 'INVALID_DATE',
  time: 'INVALID_DATE',
};

/**
 * The detail code of a schema issue: the one place where validation problems get their code.
 * `missing` is whether the request had no value at the issue's path.
 */
export function detailOfIssue(issue: SchemaIssue, missing: boolean): Pick<ErrorDetail, 'code' | 'limit'> {
  const p = issue.params ?? {};
  const origin = String(p.origin ?? '');
  const bound = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined);
  switch (issue.code) {
    case 'invalid_type':
      return { code: missing ? 'REQUIRED' : 'INVALID_TYPE' };
    case 'too_small': {
      const limit = bound(p.minimum);
      if (origin === 'string') return limit === 1 ? { code: 'REQUIRED', limit } : { code: 'TOO_SHORT', limit };
      if (origin === 'array' || origin === 'set') return { code: 'TOO_FEW', limit };
      return { code: 'TOO_SMALL', limit };
    }
    case 'too_big': {
      const limit = bound(p.maximum);
      if (origin === 'string') return { code: 'TOO_LONG', limit };
      if (origin === 'array' || origin === 'set') return { code: 'TOO_MANY', limit };
      return { code: 'TOO_LARGE', limit };
    }
    case 'invalid_format':
      return { code: FORMATS[String(p.format)] ?? 'INVALID_FORMAT' };
    case 'invalid_value':
      return { code: 'INVALID_OPTION' };
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELD' };
    case 'invalid_union':
      return { code: missing ? 'REQUIRED' : 'INVALID_TYPE' };
    default:
      return { code: 'INVALID' };
  }
}
