import { createElement, type ComponentType } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import i18n from 'i18next';
import { localizeApiDetail } from './i18n/apiMessages.ts';
import { ApiError } from './api.ts';

/** An action offered in a notification (e.g. "Undo" right after a delete). */
export interface NotifyAction {
  label: string;
  onClick: () => void | Promise<unknown>;
  testId?: string;
}

let seq = 0;
// Mantine's polymorphic components do not fit createElement's overloads; this file stays .ts.
const ActionText = Text as unknown as ComponentType<{ size: string; children?: string }>;
const ActionButton = Button as unknown as ComponentType<{
  size: string;
  variant: string;
  onClick: () => void;
  'data-testid': string;
  children?: string;
}>;

/**
 * A success notification; with an action it carries a button (and stays a little longer, so that
 * there is time to press it). Pressing it closes the notification and runs the action once.
 */
export function notifySuccess(message: string, action?: NotifyAction) {
  if (!action) {
    notifications.show({ color: 'teal', title: i18n.t('common.done'), message, autoClose: 4000 });
    return;
  }
  const id = `kt-notify-${++seq}`;
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    notifications.hide(id);
    void action.onClick();
  };
  const body = createElement(
    Group,
    { justify: 'space-between', wrap: 'nowrap', gap: 'sm' },
    createElement(ActionText, { size: 'sm' }, message),
    createElement(
      ActionButton,
      { size: 'compact-sm', variant: 'light', onClick: run, 'data-testid': action.testId ?? 'notify-action' },
      action.label,
    ),
  );
  notifications.show({ id, color: 'teal', title: i18n.t('common.done'), message: body, autoClose: 10000 });
}

/** The API message is specific ("…must keep at least one active admin"), so it is shown as is. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return i18n.t('errors.network');
    if (e.code === 'FORBIDDEN') return `${i18n.t('errors.forbidden')} (${e.message})`;
    // Field problems are listed by field, in the UI language (translated by their code).
    if (e.code === 'VALIDATION_FAILED' && e.details.length)
      return e.details.map((d) => `${d.path}: ${localizeApiDetail(d, i18n.language)}`).join('; ');
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export function notifyError(e: unknown, title?: string) {
  const validation = e instanceof ApiError && e.code === 'VALIDATION_FAILED';
  notifications.show({
    color: 'red',
    title: title ?? i18n.t(validation ? 'errors.validation' : 'errors.title'),
    message: errorMessage(e),
    autoClose: 8000,
  });
}
