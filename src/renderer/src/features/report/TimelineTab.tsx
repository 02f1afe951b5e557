import { formatClock } from '../../app/format';
import { useReport } from './report-store';
import { PartView } from './PartView';

/** The timeline of key moments; choosing one shows it in the transcript. */
export function TimelineTab({ onOpenMoment }: { onOpenMoment: (seconds: number) => void }) {
  const timeline = useReport((s) => s.timeline);
  return (
    <PartView part={timeline} what="The timeline">
      {(events) =>
        events.length === 0 ? (
          <p className="muted">No key moments recorded.</p>
        ) : (
          <ol className="timeline" data-testid="timeline">
            {events.map((event) => (
              <li key={event.id} className={`timeline-${event.type} importance-${event.importance}`} data-testid="timeline-event">
                <button type="button" className="link-button" onClick={() => onOpenMoment(event.event_timestamp)}>
                  <time>{formatClock(event.event_timestamp)}</time>
                </button>
                <div>
                  <strong>{event.title}</strong>
                  {event.description && <p>{event.description}</p>}
                </div>
              </li>
            ))}
          </ol>
        )
      }
    </PartView>
  );
}
