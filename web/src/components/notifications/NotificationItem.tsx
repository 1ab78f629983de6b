import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import type { AppNotification } from './notifications-api.ts';

/** What the notification is about, in the reader's language (its title is the record's own text). */
function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string) =>
    kind === 'activity.reminder'
      ? t('crm.activities.reminder.notification')
      : kind === 'sla.warning'
        ? t('notifications.slaWarning')
        : kind === 'sla.breached'
          ? t('notifications.slaBreached')
          : t('notifications.kindOther');
}

export function NotificationItem({ n, onOpen }: { n: AppNotification; onOpen: (n: AppNotification) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const kindLabel = useKindLabel();
  const about = [n.data.deal, n.data.person, n.data.company].find(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  const dueAt = typeof n.data.dueAt === 'string' ? n.data.dueAt : null;
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      data-testid="notification-item"
      data-read={n.read ? 'true' : 'false'}
      px="sm"
      py={8}
      style={{
        display: 'block',
        width: '100%',
        borderRadius: 6,
        background: n.read ? undefined : 'var(--mantine-color-blue-light)',
      }}
    >
      <Stack gap={2}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" truncate>
            {kindLabel(n.kind)}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {fmt.dateTime(n.createdAt)}
          </Text>
        </Group>
        <Text size="sm" fw={n.read ? 400 : 600} lineClamp={2}>
          {n.title || t('notifications.untitled')}
        </Text>
        {(about || dueAt) && (
          <Text size="xs" c="dimmed" truncate>
            {[about, dueAt ? t('crm.activities.reminder.due', { date: fmt.dateTime(dueAt) }) : null]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        )}
      </Stack>
    </UnstyledButton>
  );
}
