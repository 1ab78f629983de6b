import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import en from '../i18n/en.ts';
import type { BroadcastStatus, MessageStatus } from '../api.ts';

const MESSAGE_COLORS: Record<MessageStatus, string> = {
  queued: 'gray',
  sending: 'blue',
  sent: 'blue',
  delivered: 'teal',
  opened: 'green',
  clicked: 'green',
  bounced: 'orange',
  failed: 'red',
  complained: 'red',
  suppressed: 'yellow',
};
const BROADCAST_COLORS: Record<BroadcastStatus, string> = {
  draft: 'gray',
  scheduled: 'violet',
  running: 'blue',
  paused: 'yellow',
  cancelled: 'gray',
  finished: 'teal',
  failed: 'red',
};

export function MessageStatusBadge({ status }: { status: MessageStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={MESSAGE_COLORS[status] ?? 'gray'} data-status={status}>
      {t(`engage.statuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}

export function BroadcastStatusBadge({ status }: { status: BroadcastStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={BROADCAST_COLORS[status] ?? 'gray'}
      data-testid="broadcast-status"
      data-status={status}
    >
      {t(`engage.broadcastStatuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}

type ReasonKey = keyof typeof en.engage.reasons;
const REASONS = new Set(Object.keys(en.engage.reasons));
const PATTERNED = new Set(['smtp', 'http', 'provider', 'other']);
const PROVIDERS: Record<string, string> = { tg: 'Telegram', vk: 'VK', wa: 'WhatsApp', push: 'Push' };
/** A stable reason code in words. Provider codes carry a number (`smtp_550`, `http_403`, `tg_400`):
 * they are named by kind with the number kept, since the number is what a provider's support asks for. */
export function reasonText(t: TFunction, code: string | null | undefined): string {
  if (!code) return '';
  if (REASONS.has(code) && !PATTERNED.has(code)) return t(`engage.reasons.${code as ReasonKey}`);
  const m = /^([a-z]+)_(\d+)$/.exec(code);
  if (m?.[1] === 'smtp') return t('engage.reasons.smtp', { code: m[2] });
  if (m?.[1] === 'http') return t('engage.reasons.http', { code: m[2] });
  if (m && PROVIDERS[m[1]]) return t('engage.reasons.provider', { provider: PROVIDERS[m[1]], code: m[2] });
  return t('engage.reasons.other', { code });
}
