import type { Session } from '../../../../shared/domain/session';

/** A stored status, or 'interrupted': active in the database while nothing records it (a closed window, a crash). */
export type ShownStatus = Session['status'] | 'interrupted';

const LABELS: Record<ShownStatus, string> = {
  draft: 'Not started',
  active: 'Recording',
  paused: 'Paused',
  completed: 'Completed',
  archived: 'Archived',
  interrupted: 'Interrupted',
};

/** A session's status as a labelled pill. */
export function StatusBadge({ status }: { status: ShownStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="session-status">
      {LABELS[status]}
    </span>
  );
}
