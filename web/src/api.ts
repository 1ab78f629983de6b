/** One way to call the backend: JSON in, JSON out, every failure an ApiError. */
import type { Schema } from './api/contract.ts';

/** One problem of a request: the field, the server's words, a stable code to translate by (src/core/errors.ts). */
export type ErrorDetail = Schema<'Error'>['error']['details'][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Sent on every request: the server refuses writes made with the session cookie without it (a form
 * on another site cannot send a custom header), see src/core/http/csrf.ts.
 */
export const REQUEST_HEADERS = { 'x-kartoteka-request': '1' } as const;

type Query = Record<string, string | number | boolean | null | undefined>;

let onUnauthenticated: (() => void) | null = null;
/** The app registers this so an expired session anywhere sends the user back to the login page. */
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...REQUEST_HEADERS },
  };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, query), init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message || 'Network error');
  }
  const text = await res.text();
  let json: any = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = json?.error;
    const apiError = err?.code
      ? new ApiError(
          res.status,
          String(err.code),
          String(err.message ?? res.statusText),
          Array.isArray(err.details) ? err.details : [],
        )
      : new ApiError(res.status, 'HTTP_' + res.status, res.statusText || `HTTP ${res.status}`);
    // Only a missing/expired session means "log in again"; wrong credentials on the login form do not.
    if (apiError.code === 'UNAUTHENTICATED' && path !== '/auth/me') onUnauthenticated?.();
    throw apiError;
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);
