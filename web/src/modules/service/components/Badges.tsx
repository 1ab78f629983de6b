import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationStatus, Priority } from '../api.ts';

const STATUS_COLORS: Record<ConversationStatus, string> = {
  new: 'blue',
  open: 'cyan',
  pending: 'yellow',
  on_hold: 'orange',
  solved: 'green',
  closed: 'gray',
  reopened: 'grape',
};
const PRIORITY_COLORS: Record<Priority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={STATUS_COLORS[status as ConversationStatus] ?? 'gray'}
      data-testid="conversation-status"
      data-status={status}
      style={{ flexShrink: 0 }}
    >
      {t(`service.statuses.${status as ConversationStatus}`, { defaultValue: status })}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="outline"
      color={PRIORITY_COLORS[priority as Priority] ?? 'gray'}
      data-testid="conversation-priority"
      style={{ flexShrink: 0 }}
    >
      {t(`service.priorities.${priority as Priority}`, { defaultValue: priority })}
    </Badge>
  );
}

/** Which channel a message or conversation came by. */
export function ChannelBadge({ channel, testId }: { channel: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="default"
      size="sm"
      tt="none"
      data-testid={testId ?? 'channel-badge'}
      data-channel={channel}
      style={{ flexShrink: 0 }}
    >
      {t(`service.channels.${channel as 'email'}`, { defaultValue: channel })}
    </Badge>
  );
}
