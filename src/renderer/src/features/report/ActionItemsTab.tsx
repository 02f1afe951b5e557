import { useReport } from './report-store';
import { PartView } from './PartView';
import { formatSummaryAction } from './SummaryTab';

/** Action items from the call, tickable. */
export function ActionItemsTab() {
  const { actionItems, summary, setActionItemDone } = useReport();
  // Builds without the shared action-item channels still show the summary's items, read-only.
  if (actionItems.state === 'unavailable' && summary.state === 'ready' && summary.value) {
    const items = summary.value.action_items;
    return items.length === 0 ? (
      <p className="muted">No action items were found in this conversation.</p>
    ) : (
      <ul className="bullets" data-testid="action-items">
        {items.map((item, i) => (
          <li key={i} data-testid="action-item">
            {formatSummaryAction(item)}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <PartView part={actionItems} what="Action items">
      {(items) =>
        items.length === 0 ? (
          <p className="muted">No action items were found in this conversation.</p>
        ) : (
          <ul className="checklist action-items" data-testid="action-items">
            {items.map((item) => (
              <li key={item.id} className={item.status === 'completed' ? 'done' : ''} data-testid="action-item">
                <label>
                  <input type="checkbox" checked={item.status === 'completed'} onChange={(e) => void setActionItemDone(item, e.target.checked)} />
                  <span>{item.title}</span>
                </label>
                <span className="muted">{[item.assigned_to, item.due_date, item.priority !== 'medium' ? item.priority : null].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        )
      }
    </PartView>
  );
}
