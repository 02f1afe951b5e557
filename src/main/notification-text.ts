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

/**
 * Recognizes the core's "a summary finished" event (`summaries.changed` with status completed)
 * and returns its session id. Checked by name at run time so main needs no change when the
 * copilot's events join PushEvents.
 */
export function summaryReadySessionId(event: string, payload: unknown): string | null {
  if (event !== 'summaries.changed' || typeof payload !== 'object' || payload === null) return null;
  const { session_id: sessionId, generation_status: status } = payload as { session_id?: unknown; generation_status?: unknown };
  return status === 'completed' && typeof sessionId === 'string' ? sessionId : null;
}
