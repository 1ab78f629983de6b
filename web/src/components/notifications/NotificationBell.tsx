import { ActionIcon, Indicator, Popover } from '@mantine/core';
import { useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { notifyError } from '../../notify.ts';
import { IconBell } from './IconBell.tsx';
import { NotificationList } from './NotificationList.tsx';
import {
  LIST_KEY,
  NOTIFICATIONS_KEY,
  REFRESH_MS,
  UNREAD_KEY,
  fetchUnreadCount,
  markAllRead,
  markRead,
  type AppNotification,
  type NotificationPage,
} from './notifications-api.ts';

type Pages = InfiniteData<NotificationPage, string | null>;

/**
 * The bell in the header: the unread count, refreshed every 30 s and when the window regains
 * focus; a popover lists the notifications. Opening one marks it read and goes to its link.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [marking, setMarking] = useState(false);
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: fetchUnreadCount,
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
  const count = unread.data?.count ?? 0;
  const refresh = () => qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  // TanStack Query refetches on tab visibility; coming back from another window counts too.
  useEffect(() => {
    const onFocus = () => void qc.invalidateQueries({ queryKey: UNREAD_KEY });
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [qc]);

  // The list and the count show the change at once; the server's answer then replaces them.
  const showRead = (which: (n: AppNotification) => boolean, count: (before: number) => number) => {
    qc.setQueryData<Pages>(
      LIST_KEY,
      (old) =>
        old && {
          ...old,
          pages: old.pages.map((p) => ({ ...p, data: p.data.map((n) => (which(n) ? { ...n, read: true } : n)) })),
        },
    );
    qc.setQueryData<{ count: number }>(UNREAD_KEY, (old) => old && { count: count(old.count) });
  };
  const open = async (n: AppNotification) => {
    setOpened(false);
    if (n.link) navigate(n.link);
    if (!n.read) {
      showRead(
        (x) => x.id === n.id,
        (c) => Math.max(0, c - 1),
      );
      await markRead(n.id).catch(notifyError);
    }
    await refresh();
  };
  const markAll = async () => {
    setMarking(true);
    try {
      await markAllRead();
      showRead(
        () => true,
        () => 0,
      );
      await refresh();
    } catch (e) {
      notifyError(e);
    } finally {
      setMarking(false);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator
          label={count > 99 ? '99+' : count}
          size={16}
          disabled={count === 0}
          offset={4}
          color="red"
          data-testid="notification-count"
          data-count={count}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => {
              if (!opened) void qc.invalidateQueries({ queryKey: UNREAD_KEY });
              setOpened((o) => !o);
            }}
            aria-label={count ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
            data-testid="notification-bell"
          >
            <IconBell />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        {opened && (
          <NotificationList
            unread={count}
            onOpen={(n) => void open(n)}
            onMarkAll={() => void markAll()}
            marking={marking}
          />
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
