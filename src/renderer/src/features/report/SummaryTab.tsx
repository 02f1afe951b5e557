import { Markdown } from './Markdown';
import { useReport } from './report-store';
import { PartView } from './PartView';

/** The summary: TL;DR, notes, decisions, action items, follow-ups and highlights. */
export function SummaryTab({ sessionTitle }: { sessionTitle: string }) {
  const { summary, isGeneratingSummary, generateSummary } = useReport();
  return (
    <PartView part={summary} what="The summary">
      {(value) =>
        !value || value.generation_status === 'failed' ? (
          <div className="empty compact">
            <p>{value?.generation_status === 'failed' ? `The summary could not be written: ${value.generation_error ?? 'unknown error'}` : 'No summary yet.'}</p>
            <button type="button" className="primary" onClick={() => void generateSummary()} disabled={isGeneratingSummary} data-testid="generate-summary">
              {isGeneratingSummary ? 'Writing the summary…' : 'Write the summary'}
            </button>
          </div>
        ) : value.generation_status !== 'completed' ? (
          <p className="muted" role="status" data-testid="summary-generating">
            Writing the summary…
          </p>
        ) : (
          <article className="summary" data-testid="summary">
            {value.title && value.title !== sessionTitle && <h2>{value.title}</h2>}
            {value.tldr && (
              <p className="tldr" data-testid="summary-tldr">
                {value.tldr}
              </p>
            )}
            {value.structured_notes ? (
              // The structured notes already cover decisions and action items.
              <Markdown source={value.structured_notes} />
            ) : (
              <>
                <List title="Decisions" items={value.key_decisions} />
                <List title="Action items" items={value.action_items.map(formatSummaryAction)} />
                <List title="Highlights" items={value.conversation_highlights} />
              </>
            )}
            <List title="Follow-up questions" items={value.follow_up_questions} />
            <div className="form-actions">
              <button type="button" onClick={() => void generateSummary()} disabled={isGeneratingSummary} data-testid="regenerate-summary">
                {isGeneratingSummary ? 'Rewriting…' : 'Regenerate'}
              </button>
              {value.model_used && <span className="hint">Written by {value.model_used}</span>}
            </div>
          </article>
        )
      }
    </PartView>
  );
}

/** "Send the proposal — Dana (due Friday)". */
export function formatSummaryAction(item: { text: string; owner: string | null; due: string | null }): string {
  return [item.text, item.owner && `— ${item.owner}`, item.due && `(due ${item.due})`].filter(Boolean).join(' ');
}

function List({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <section>
      <h3>{title}</h3>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
