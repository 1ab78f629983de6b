import { ApiError } from './api.ts';
import { localizeApiDetail } from './i18n/apiMessages.ts';
import i18n from 'i18next';

/** Field messages from an API error, keyed by `details[].path`, for showing next to inputs. */
export function fieldErrorsOf(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const d of e.details) if (!(d.path in out)) out[d.path] = localizeApiDetail(d, i18n.language);
  return out;
}
