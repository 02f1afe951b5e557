import { useEffect, useState } from 'react';
import type { Guidance } from '../../../../shared/ipc/contracts/copilot';
import { useGuidance } from './guidance-store';

/** Live guidance: cards by priority; click to expand, dismiss, thumbs up/down. */
export function GuidancePanel() {
  const { cards, isAvailable, error } = useGuidance();
  if (!isAvailable) return null;
  const visible = cards.filter((c) => !c.was_dismissed);
  return (
    <section className="panel" aria-labelledby="guidance-heading" data-testid="guidance-panel">
      <h2 id="guidance-heading">Guidance</h2>
      {visible.length === 0 ? (
        <p className="muted">Suggestions appear here as the conversation goes.</p>
      ) : (
        <ul className="guidance-list" aria-live="polite">
          {visible.slice(0, 20).map((card) => (
            <GuidanceCard key={card.id} card={card} />
          ))}
        </ul>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function GuidanceCard({ card }: { card: Guidance }) {
  const feedback = useGuidance((s) => s.feedback);
  const [isExpanded, setExpanded] = useState(false);
  useEffect(() => {
    if (!card.was_displayed) void feedback(card.id, { displayed: true });
  }, [card.id, card.was_displayed, feedback]);

  function handleToggle(): void {
    setExpanded(!isExpanded);
    if (!card.was_clicked) void feedback(card.id, { clicked: true });
  }

  return (
    <li className={`guidance priority-${card.priority}`} data-testid="guidance-card">
      <button type="button" className="guidance-body" aria-expanded={isExpanded} onClick={handleToggle}>
        <span className="guidance-type">{card.guidance_type.replaceAll('_', ' ')}</span>
        <span className={isExpanded ? '' : 'clamp'}>{card.content}</span>
      </button>
      <div className="guidance-actions">
        <button type="button" className="icon-button" aria-label="Helpful" aria-pressed={card.user_feedback === 'helpful'} onClick={() => void feedback(card.id, { user_feedback: card.user_feedback === 'helpful' ? null : 'helpful' })}>
          <ThumbIcon isUp />
        </button>
        <button type="button" className="icon-button" aria-label="Not helpful" aria-pressed={card.user_feedback === 'not_helpful'} onClick={() => void feedback(card.id, { user_feedback: card.user_feedback === 'not_helpful' ? null : 'not_helpful' })}>
          <ThumbIcon isUp={false} />
        </button>
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => void feedback(card.id, { dismissed: true })} data-testid="guidance-dismiss">
          ×
        </button>
      </div>
    </li>
  );
}

/** A thumb icon drawn inline (emoji fonts are not available everywhere). */
function ThumbIcon({ isUp }: { isUp: boolean }) {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false" style={isUp ? undefined : { transform: 'rotate(180deg)' }}>
      <path fill="currentColor" d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z" />
    </svg>
  );
}
