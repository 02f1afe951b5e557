import { describe, expect, it } from 'vitest';
import type { Summary } from '../../shared/ipc/contracts/copilot';
import { renderPromptOffline, renderReportOffline, REPORT_INSTRUCTIONS, type ReportInput } from './report-templates';

const summary: Summary = {
  id: '00000000-0000-4000-8000-000000000001',
  session_id: '00000000-0000-4000-8000-000000000002',
  user_id: null,
  organization_id: null,
  title: 'Acme renewal',
  tldr: 'Acme renews for two years at $24 per seat.',
  structured_notes: null,
  key_decisions: ['Two-year term at $24 per seat'],
  action_items: [{ text: 'Send the order form', owner: 'me', due: 'Wednesday' }],
  follow_up_questions: ['Is quarterly billing possible?'],
  conversation_highlights: ['Acme grows to 150 seats'],
  generation_status: 'completed',
  generation_error: null,
  model_used: 'offline:wink-nlp',
  created_at: 0,
  updated_at: 0,
};
const input: ReportInput = { sessionTitle: 'Acme renewal', sessionDate: '2026-01-05', participantMe: 'Alex', participantThem: 'Dana', summary };

describe('report templates (offline)', () => {
  it('renders each template from the summary', () => {
    const email = renderReportOffline('follow_up_email', input);
    expect(email).toMatch(/^\*\*Subject:\*\* Follow-up: Acme renewal\n\nHi Dana,/);
    expect(email).toContain('- Send the order form — **me** (due Wednesday)');
    expect(email).toContain('Is quarterly billing possible?');
    expect(renderReportOffline('sales_recap', input)).toContain('## Next steps');
    expect(renderReportOffline('interview_scorecard', input)).toContain('## Recommendation');
    expect(renderReportOffline('meeting_minutes', input)).toContain('**Attendees:** Alex, Dana');
    for (const template of Object.keys(REPORT_INSTRUCTIONS)) expect(REPORT_INSTRUCTIONS[template as keyof typeof REPORT_INSTRUCTIONS]).toMatch(/^Write/);
  });

  it('answers a free-form prompt with the sections it asks for', () => {
    const report = renderPromptOffline('What decisions did we make?', input);
    expect(report).toContain('## Decisions');
    expect(report).not.toContain('## Action items');
    expect(renderPromptOffline('Recap the call', input)).toContain('## Action items');
  });
});
