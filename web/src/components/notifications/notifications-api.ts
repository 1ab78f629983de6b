import { get, post } from '../../api.ts';
import type { ItemOf, ResponseOf } from '../../api/contract.ts';

/** One in-app notification as GET /api/v1/notifications returns it. */
export type AppNotification = ItemOf<'listNotifications'>;
export type NotificationPage = ResponseOf<'listNotifications'>;

export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const UNREAD_KEY = [...NOTIFICATIONS_KEY, 'unread-count'] as const;
export const LIST_KEY = [...NOTIFICATIONS_KEY, 'list'] as const;
/** How often the bell asks for the unread count (it also asks when the window regains focus). */
export const REFRESH_MS = 30_000;
export const PAGE_SIZE = 20;

export const fetchUnreadCount = () => get<ResponseOf<'countUnreadNotifications'>>('/notifications/unread-count');
export const fetchPage = (cursor: string | null) =>
  get<NotificationPage>('/notifications', { limit: PAGE_SIZE, cursor });
export const markRead = (id: string) => post<ResponseOf<'markNotificationRead'>>(`/notifications/${id}/read`);
export const markAllRead = () => post<ResponseOf<'markAllNotificationsRead'>>('/notifications/read-all');
