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

const REASONS = new Set(Object.keys(en.engage.reasons));
/** A stable reason code in words; a code the UI does not know yet as it is. */
export function reasonText(t: TFunction, code: string | null | undefined): string {
  if (!code) return '';
  return REASONS.has(code) ? t(`engage.reasons.${code as keyof typeof en.engage.reasons}`) : code;
}
