import { notifications } from '@mantine/notifications';
import i18n from './i18n/index.ts';
import { localizeApiMessage } from './i18n/apiMessages.ts';
import { ApiError } from './api.ts';

export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', title: i18n.t('common.done'), message, autoClose: 4000 });
}

/** The API message is specific ("…must keep at least one active admin"), so it is shown as is. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return i18n.t('errors.network');
    if (e.code === 'FORBIDDEN') return `${i18n.t('errors.forbidden')} (${e.message})`;
    // Field problems are listed by field, in the UI language where the message is a known one.
    if (e.code === 'VALIDATION_FAILED' && e.details.length) return e.details.map((d) => `${d.path}: ${localizeApiMessage(d.message, i18n.language)}`).join('; ');
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export function notifyError(e: unknown, title?: string) {
  const validation = e instanceof ApiError && e.code === 'VALIDATION_FAILED';
  notifications.show({ color: 'red', title: title ?? i18n.t(validation ? 'errors.validation' : 'errors.title'), message: errorMessage(e), autoClose: 8000 });
}
