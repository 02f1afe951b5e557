import { useId, useState, type FormEvent } from 'react';
import { Markdown } from './Markdown';
import { useReport } from './report-store';
import { PartView } from './PartView';

const TEMPLATES: { id: string; label: string }[] = [
  { id: 'follow_up_email', label: 'Follow-up email' },
  { id: 'sales_recap', label: 'Sales recap' },
  { id: 'interview_scorecard', label: 'Interview scorecard' },
  { id: 'meeting_minutes', label: 'Meeting minutes' },
];

/** Custom reports: generate from a template or a prompt; newest first. */
export function CustomReportsTab() {
  const { reports, isGeneratingReport, generateReport } = useReport();
  const [template, setTemplate] = useState(TEMPLATES[0]?.id ?? '');
  const [prompt, setPrompt] = useState('');
  const ids = { template: useId(), prompt: useId() };

  async function handlePrompt(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!prompt.trim()) return;
    if (await generateReport({ prompt: prompt.trim() })) setPrompt('');
  }

  return (
    <PartView part={reports} what="Custom reports">
      {(list) => (
        <div className="custom-reports">
          <div className="report-generators">
            <div className="inline-add">
              <label htmlFor={ids.template} className="visually-hidden">
                Report template
              </label>
              <select id={ids.template} value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="report-template">
                {TEMPLATES.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => void generateReport({ template })} disabled={isGeneratingReport} aria-label="Generate from the template" data-testid="generate-report">
                Generate
              </button>
            </div>
            <form className="inline-add" onSubmit={(e) => void handlePrompt(e)}>
              <label htmlFor={ids.prompt} className="visually-hidden">
                Ask for a report
              </label>
              <input id={ids.prompt} value={prompt} onChange={(e) => setPrompt(e.target.value)} maxLength={5_000} placeholder="Or describe the report you want" data-testid="report-prompt" />
              <button type="submit" disabled={isGeneratingReport || !prompt.trim()} aria-label="Generate from your description">
                Generate
              </button>
            </form>
          </div>
          {isGeneratingReport && (
            <p className="muted" role="status">
              Writing the report…
            </p>
          )}
          {list.length === 0 && !isGeneratingReport ? (
            <p className="muted">No custom reports yet.</p>
          ) : (
            list.map((report) => (
              <article key={report.id} className="panel report-card" data-testid="custom-report">
                <h3>{TEMPLATES.find((t) => t.id === report.template)?.label ?? report.prompt ?? 'Report'}</h3>
                {report.generation_status === 'completed' ? <Markdown source={report.generated_content ?? ''} /> : <p className="muted">{report.generation_status === 'failed' ? 'This report could not be written.' : 'Writing…'}</p>}
              </article>
            ))
          )}
        </div>
      )}
    </PartView>
  );
}
