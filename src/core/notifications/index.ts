export { Notifications, type NotificationInput, type NotificationView } from './notifications.ts';
export { notificationRoutes } from './routes.ts';
