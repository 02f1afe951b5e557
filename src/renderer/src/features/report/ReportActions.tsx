import { useState } from 'react';
import { errorMessage } from '../../app/format';
import { hasChannel } from '../../ipc';
import { exportMarkdown, exportPdf } from './export';
import { useReport } from './report-store';

/** Export (Markdown, PDF) and "copy follow-up email" for a report. */
export function ReportActions({ sessionId }: { sessionId: string }) {
  const generateReport = useReport((s) => s.generateReport);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function run(action: () => Promise<string>): Promise<void> {
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ kind: 'ok', text: await action() });
    } catch (caught) {
      setStatus({ kind: 'error', text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  async function copyFollowUp(): Promise<string> {
    const report = await generateReport({ template: 'follow_up_email' });
    if (!report?.generated_content) throw new Error('The follow-up email could not be written');
    await navigator.clipboard.writeText(report.generated_content);
    return 'Follow-up email copied to the clipboard.';
  }

  return (
    <div className="report-actions">
      <div className="actions">
        {hasChannel('export.markdown') && (
          <button type="button" onClick={() => void run(async () => `Saved ${await exportMarkdown(sessionId)}`)} disabled={isBusy} data-testid="export-markdown">
            Export Markdown
          </button>
        )}
        {hasChannel('export.pdf') && (
          <button type="button" onClick={() => void run(async () => `Saved ${await exportPdf(sessionId)}`)} disabled={isBusy} data-testid="export-pdf">
            Export PDF
          </button>
        )}
        {hasChannel('reports.generate') && (
          <button type="button" onClick={() => void run(copyFollowUp)} disabled={isBusy} data-testid="copy-follow-up">
            Copy follow-up email
          </button>
        )}
      </div>
      {status && (
        <p className={status.kind === 'ok' ? 'ok-text' : 'error-text'} role={status.kind === 'ok' ? 'status' : 'alert'} data-testid="report-action-status">
          {status.text}
        </p>
      )}
    </div>
  );
}
