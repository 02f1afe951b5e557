import { Notification } from 'electron';

/** OS notifications the shell shows. */
export type NotificationKind = 'recording.started' | 'recording.stopped' | 'recording.failed' | 'summary.ready';

/** Title and body of each notification; the session title is the user's own text, never transcript content. */
export function notificationText(kind: NotificationKind, title: string): { title: string; body: string } {
  switch (kind) {
    case 'recording.started':
      return { title: 'Recording started', body: title };
    case 'recording.stopped':
      return { title: 'Recording stopped', body: `${title} — the summary is being prepared.` };
    case 'recording.failed':
      return { title: 'Recording problem', body: title };
    case 'summary.ready':
      return { title: 'Summary ready', body: title };
  }
}

/** Shows a notification (when the OS supports them); clicking it calls `onClick`. */
export function showNotification(kind: NotificationKind, title: string, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ ...notificationText(kind, title), silent: kind !== 'summary.ready' });
  if (onClick) notification.on('click', onClick);
  notification.show();
}
