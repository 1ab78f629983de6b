import type { TFunction } from 'i18next';

/**
 * An attempt's error as the server words it (stable English: "HTTP 503", "timeout after 10000 ms",
 * "connection failed (ECONNREFUSED)", "blocked by the outbound policy"), in the UI's language.
 */
export function deliveryErrorText(error: string, t: TFunction): string {
  if (error === 'blocked by the outbound policy') return t('webhooks.attemptErrors.blocked');
  const timeout = /^timeout after (\d+) ms$/.exec(error);
  if (timeout) return t('webhooks.attemptErrors.timeout', { ms: Number(timeout[1]) });
  const failed = /^connection failed(?: \(([A-Z0-9_]+)\))?$/.exec(error);
  if (failed)
    return failed[1]
      ? t('webhooks.attemptErrors.connectionCode', { code: failed[1] })
      : t('webhooks.attemptErrors.connection');
  return error;
}
