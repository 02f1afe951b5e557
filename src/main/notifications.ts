import { Notification } from 'electron';
import { notificationText, type NotificationKind } from './notification-text';

/** Shows a notification (when the OS supports them); clicking it calls `onClick`. */
export function showNotification(kind: NotificationKind, title: string, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ ...notificationText(kind, title), silent: kind !== 'summary.ready' });
  if (onClick) notification.on('click', onClick);
  notification.show();
}
