import { get, post } from '../../api.ts';

/** One in-app notification as GET /api/v1/notifications returns it. */
export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  data: Record<string, unknown>;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const UNREAD_KEY = [...NOTIFICATIONS_KEY, 'unread-count'] as const;
export const LIST_KEY = [...NOTIFICATIONS_KEY, 'list'] as const;
/** How often the bell asks for the unread count (it also asks when the window regains focus). */
export const REFRESH_MS = 30_000;
export const PAGE_SIZE = 20;

export const fetchUnreadCount = () => get<{ count: number }>('/notifications/unread-count');
export const fetchPage = (cursor: string | null) => get<{ data: AppNotification[]; nextCursor: string | null }>('/notifications', { limit: PAGE_SIZE, cursor });
export const markRead = (id: string) => post<AppNotification>(`/notifications/${id}/read`);
export const markAllRead = () => post<{ updated: number }>('/notifications/read-all');
