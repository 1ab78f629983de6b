import { Button, Center, Divider, Group, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../States.tsx';
import { NotificationItem } from './NotificationItem.tsx';
import { LIST_KEY, fetchPage, type AppNotification } from './notifications-api.ts';

/** The popover's content: newest first, "load more", an empty state and "mark all read". */
export function NotificationList({
  unread,
  onOpen,
  onMarkAll,
  marking,
}: {
  unread: number;
  onOpen: (n: AppNotification) => void;
  onMarkAll: () => void;
  marking: boolean;
}) {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: LIST_KEY,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    refetchOnMount: 'always',
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap={0} data-testid="notifications-panel">
      <Group justify="space-between" px="sm" py={8} wrap="nowrap">
        <Text fw={600} size="sm">
          {t('notifications.title')}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          disabled={unread === 0}
          loading={marking}
          onClick={onMarkAll}
          data-testid="notifications-mark-all"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Group>
      <Divider />
      {list.isPending ? (
        <Center py="lg">
          <Loader size="sm" />
        </Center>
      ) : list.isError ? (
        <Stack p="sm">
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </Stack>
      ) : rows.length === 0 ? (
        <Stack align="center" gap={4} py="xl" px="md" data-testid="notifications-empty">
          <Text size="sm" fw={500}>
            {t('notifications.empty')}
          </Text>
          <Text size="xs" c="dimmed" ta="center">
            {t('notifications.emptyText')}
          </Text>
        </Stack>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap={2} p={4} data-testid="notification-list">
            {rows.map((n) => (
              <NotificationItem key={n.id} n={n} onOpen={onOpen} />
            ))}
            {list.hasNextPage && (
              <Center py={6}>
                <Button
                  size="compact-sm"
                  variant="light"
                  loading={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                  data-testid="notifications-load-more"
                >
                  {t('common.loadMore')}
                </Button>
              </Center>
            )}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
