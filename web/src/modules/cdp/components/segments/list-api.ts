import { ApiError, REQUEST_HEADERS } from '../../../../api.ts';
import type { Schema } from '../../../../api/contract.ts';

/** An upload of a CSV into a static list (src/cdp/segments/list-routes.ts) and what it found. */
export type ListUpload = Schema<'SegmentUpload'>;
export const UPLOAD_IDENTIFIERS = ['email', 'phone', 'user_id', 'external'] as const;
export type UploadIdentifier = (typeof UPLOAD_IDENTIFIERS)[number];

/** Multipart upload (the JSON helper cannot send files); every failure an ApiError. */
export async function uploadForm<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...REQUEST_HEADERS },
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message || 'Network error');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    throw err?.code
      ? new ApiError(
          res.status,
          String(err.code),
          String(err.message ?? res.statusText),
          Array.isArray(err.details) ? err.details : [],
        )
      : new ApiError(res.status, `HTTP_${res.status}`, res.statusText || `HTTP ${res.status}`);
  }
  return json as T;
}
