import type { Session } from '../../../../shared/domain/session';

const LABELS: Record<Session['status'], string> = {
  draft: 'Not started',
  active: 'Recording',
  paused: 'Paused',
  completed: 'Completed',
  archived: 'Archived',
};

/** A session's status as a labelled pill. */
export function StatusBadge({ status }: { status: Session['status'] }) {
  return (
    <span className={`badge badge-${status}`} data-testid="session-status">
      {LABELS[status]}
    </span>
  );
}
