import { useEffect } from 'react';
import { formatRoute } from '../../app/route';
import { useGuidance } from './guidance-store';
import { useLive } from './live-store';
import { RecordingControls } from './RecordingControls';
import { Timer } from './Timer';

/**
 * The compact view for use beside the call window (the desktop app shows it always on top):
 * timer, controls, the newest guidance card and the last lines of the transcript.
 */
export function MiniView({ id }: { id: string }) {
  const session = useLive((s) => s.session);
  const finals = useLive((s) => s.finals);
  const partials = useLive((s) => s.partials);
  const open = useLive((s) => s.open);
  const openGuidance = useGuidance((s) => s.open);
  const card = useGuidance((s) => s.cards.find((c) => !c.was_dismissed));
  useEffect(() => {
    if (useLive.getState().sessionId !== id) void open(id);
    if (useGuidance.getState().sessionId !== id) void openGuidance(id);
  }, [id, open, openGuidance]);

  if (!session) {
    return (
      <p className="muted mini" role="status">
        Loading…
      </p>
    );
  }
  const lines = [...finals.slice(-3), ...Object.values(partials)];
  return (
    <section className="mini" aria-label={`${session.title}, compact view`} data-testid="mini-view">
      <header className="mini-header">
        <strong className="mini-title">{session.title}</strong>
        <Timer session={session} />
        <a href={formatRoute({ name: 'session', id })} className="link-button" data-testid="mini-expand">
          Expand
        </a>
      </header>
      <RecordingControls session={session} />
      {card && (
        <p className={`guidance mini-guidance priority-${card.priority}`} data-testid="mini-guidance">
          {card.content}
        </p>
      )}
      <ol className="mini-lines" aria-live="polite">
        {lines.map((line) => (
          <li key={line.key} className={`${line.isOwner ? 'me' : 'them'}${line.isPartial ? ' partial' : ''}`} data-testid="mini-line">
            <strong>{line.isOwner ? 'Me' : line.speaker || 'Them'}:</strong> {line.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
