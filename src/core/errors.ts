/**
 * The one catalogue of stable error codes. Code and HTTP status are decided here and nowhere else;
 * the HTTP edge turns any AppError into `{"error":{"code","message","details"}}`.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid' },
  BAD_REQUEST: { status: 400, message: 'The request cannot be processed' },
  UNSUPPORTED_ENCODING: { status: 400, message: 'The file is not in a supported text encoding (UTF-8 or Windows-1251)' },
  MALFORMED_CSV: { status: 400, message: 'The file is not a well-formed CSV' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication required: send "Authorization: Bearer KEY" or log in' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password' },
  API_KEY_EXPIRED: { status: 401, message: 'The API key has expired' },
  CSRF_REJECTED: { status: 403, message: 'Cross-site request refused: send the X-Kartoteka-Request header from the same origin' },
  OUTBOUND_BLOCKED: { status: 422, message: 'The address is not allowed by the outbound requests policy' },
  LOGIN_THROTTLED: { status: 429, message: 'Too many failed logins; wait before trying again' },
  QUERY_TIMEOUT: { status: 503, message: 'The query took too long and was cancelled; narrow it or run it as an export job' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this action' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  CONFLICT: { status: 409, message: 'Conflicts with the current state' },
  ALREADY_EXISTS: { status: 409, message: 'Already exists' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  UNPROCESSABLE: { status: 422, message: 'The request is well-formed but cannot be applied' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  DATA_DIR_LOCKED: { status: 423, message: 'The data directory is held by another process' },
  INTERNAL: { status: 500, message: 'Internal error' },
  UNAVAILABLE: { status: 503, message: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);
