import type { REPORT_TEMPLATES, Summary } from '../../shared/ipc/contracts/copilot';

/** A built-in report template name. */
export type ReportTemplate = (typeof REPORT_TEMPLATES)[number];

/** What a report is written from. */
export interface ReportInput {
  sessionTitle: string;
  sessionDate: string;
  participantMe: string | null;
  participantThem: string | null;
  summary: Summary;
}

/** Instructions the LLM engine receives for each template. */
export const REPORT_INSTRUCTIONS: Record<ReportTemplate, string> = {
  follow_up_email: 'Write a short, warm follow-up email to the other party: thank them, recap what was agreed, list next steps with owners and dates, and answer any open question you can from the context.',
  sales_recap: 'Write a sales recap: their pain points, objections and how they were answered, buying signals, decision process and budget, and next steps with dates.',
  interview_scorecard: 'Write an interview scorecard: summary of the candidate, strengths, concerns, evidence per competency, questions the candidate asked, and a recommendation with confidence.',
  meeting_minutes: 'Write meeting minutes: attendees, agenda topics discussed, decisions, action items with owners and due dates, and open questions.',
};

const list = (items: string[], empty = '_None recorded._') => (items.length > 0 ? items.map((i) => `- ${i}`).join('\n') : empty);
const actions = (s: Summary) =>
  list(s.action_items.map((a) => `${a.text}${a.owner ? ` — **${a.owner}**` : ''}${a.due ? ` (due ${a.due})` : ''}`));

/** The offline rendering of a template from the summary: deterministic Markdown, no model needed. */
export function renderReportOffline(template: ReportTemplate, input: ReportInput): string {
  const { summary: s } = input;
  const them = input.participantThem ?? 'there';
  switch (template) {
    case 'follow_up_email':
      return [
        `**Subject:** Follow-up: ${input.sessionTitle}`,
        '',
        `Hi ${them},`,
        '',
        `Thanks for your time today. ${s.tldr ?? ''}`.trim(),
        '',
        s.key_decisions.length > 0 ? `**What we agreed**\n\n${list(s.key_decisions)}\n` : '',
        `**Next steps**\n\n${actions(s)}`,
        '',
        s.follow_up_questions.length > 0 ? `**Open questions I will follow up on**\n\n${list(s.follow_up_questions)}\n` : '',
        'Best regards,',
        input.participantMe ?? '',
      ].filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n').trim();
    case 'sales_recap':
      return [
        `# Sales recap: ${input.sessionTitle}`,
        `_${input.sessionDate}_`,
        '',
        `## Summary\n\n${s.tldr ?? ''}`,
        `## Highlights\n\n${list(s.conversation_highlights)}`,
        `## Decisions\n\n${list(s.key_decisions)}`,
        `## Next steps\n\n${actions(s)}`,
        `## Open questions\n\n${list(s.follow_up_questions)}`,
      ].join('\n\n');
    case 'interview_scorecard':
      return [
        `# Interview scorecard: ${input.sessionTitle}`,
        `_${input.sessionDate}_`,
        '',
        `## Overview\n\n${s.tldr ?? ''}`,
        `## Evidence from the conversation\n\n${list(s.conversation_highlights)}`,
        `## Candidate questions and follow-ups\n\n${list(s.follow_up_questions)}`,
        `## Next steps\n\n${actions(s)}`,
        '## Recommendation\n\n_To be completed by the interviewer._',
      ].join('\n\n');
    case 'meeting_minutes':
      return [
        `# Minutes: ${input.sessionTitle}`,
        `_${input.sessionDate}_`,
        '',
        `**Attendees:** ${[input.participantMe ?? 'me', input.participantThem ?? 'them'].join(', ')}`,
        `## Summary\n\n${s.tldr ?? ''}`,
        `## Discussion\n\n${list(s.conversation_highlights)}`,
        `## Decisions\n\n${list(s.key_decisions)}`,
        `## Action items\n\n${actions(s)}`,
        `## Open questions\n\n${list(s.follow_up_questions)}`,
      ].join('\n\n');
  }
}

/** The offline answer to a free-form prompt: the summary sections whose words overlap the prompt, else the whole summary. */
export function renderPromptOffline(prompt: string, input: ReportInput): string {
  const s = input.summary;
  const wants = (re: RegExp) => re.test(prompt);
  const sections: string[] = [`# ${input.sessionTitle}`, `_${input.sessionDate}_`, `> ${prompt}`, `## Summary\n\n${s.tldr ?? ''}`];
  const all = !wants(/decision|action|task|next step|question|highlight|risk|concern/i);
  if (all || wants(/decision/i)) sections.push(`## Decisions\n\n${list(s.key_decisions)}`);
  if (all || wants(/action|task|next step|todo|to-do/i)) sections.push(`## Action items\n\n${actions(s)}`);
  if (all || wants(/question/i)) sections.push(`## Open questions\n\n${list(s.follow_up_questions)}`);
  if (all || wants(/highlight|risk|concern/i)) sections.push(`## Highlights\n\n${list(s.conversation_highlights)}`);
  return sections.join('\n\n');
}
