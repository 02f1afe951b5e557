/** The built-in templates seeded into every database (ids are stable so syncs and links agree). */
export interface SystemTemplate {
  id: string;
  name: string;
  description: string;
  conversation_type: string;
  guidance_prompts: string[];
  context_instructions: string;
  default_checklist: string[];
  report_prompt: string;
}

/** Built-in templates, one per common kind of conversation. */
export const SYSTEM_TEMPLATES: readonly SystemTemplate[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Sales call',
    description: 'Discovery and demo calls: qualify, handle objections, agree next steps.',
    conversation_type: 'sales',
    guidance_prompts: [
      'Ask about budget, authority, need and timeline if not yet covered.',
      'When they raise an objection, acknowledge it, ask a clarifying question, then answer.',
      'Before the end, agree a concrete next step with a date.',
    ],
    context_instructions: 'Use the product notes and pricing in the context to answer questions precisely.',
    default_checklist: ['Confirm the pain point', 'Budget', 'Decision maker', 'Timeline', 'Next step booked'],
    report_prompt: 'Write a sales recap: pain points, objections and answers, buying signals, next steps.',
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    name: 'Customer support',
    description: 'Troubleshooting calls: understand the issue, reproduce, resolve or escalate.',
    conversation_type: 'support',
    guidance_prompts: [
      'Restate the customer problem to confirm understanding.',
      'Ask for the version, steps to reproduce and error messages.',
      'Summarize the resolution or the escalation path before ending.',
    ],
    context_instructions: 'Prefer answers from the knowledge-base documents in the context.',
    default_checklist: ['Problem statement', 'Steps to reproduce', 'Environment / version', 'Resolution or ticket'],
    report_prompt: 'Write a support case note: problem, diagnosis, resolution, follow-ups.',
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    name: 'Job interview',
    description: 'Structured interviews with consistent questions and a scorecard.',
    conversation_type: 'interview',
    guidance_prompts: [
      'Ask for a specific example (situation, task, action, result) when an answer is vague.',
      'Keep the candidate talking most of the time; watch your own talk time.',
      'Leave time for the candidate’s questions.',
    ],
    context_instructions: 'Use the job description and resume in the context to probe relevant experience.',
    default_checklist: ['Introductions', 'Role-specific experience', 'Behavioural example', 'Candidate questions', 'Next steps explained'],
    report_prompt: 'Write an interview scorecard: strengths, concerns, evidence per competency, recommendation.',
  },
  {
    id: '00000000-0000-4000-8000-000000000004',
    name: 'Team meeting',
    description: 'Internal meetings: agenda, decisions, owners and deadlines.',
    conversation_type: 'meeting',
    guidance_prompts: [
      'When a decision is made, confirm it out loud and note the owner.',
      'Assign an owner and a due date to every action item.',
    ],
    context_instructions: 'Use the agenda in the context to keep the meeting on track.',
    default_checklist: ['Agenda reviewed', 'Decisions recorded', 'Owners assigned', 'Next meeting set'],
    report_prompt: 'Write meeting minutes: attendees, decisions, action items with owners and dates, open questions.',
  },
  {
    id: '00000000-0000-4000-8000-000000000005',
    name: 'One-on-one',
    description: 'Manager and report check-ins: wellbeing, progress, blockers, growth.',
    conversation_type: 'one_on_one',
    guidance_prompts: ['Ask how they are doing before status.', 'Ask what is blocking them and how you can help.'],
    context_instructions: 'Use notes from earlier one-on-ones in the linked conversations.',
    default_checklist: ['Wellbeing', 'Progress on goals', 'Blockers', 'Feedback both ways', 'Growth'],
    report_prompt: 'Write one-on-one notes: topics, commitments on both sides, follow-ups for next time.',
  },
  {
    id: '00000000-0000-4000-8000-000000000006',
    name: 'User research',
    description: 'Customer discovery and usability interviews without leading questions.',
    conversation_type: 'research',
    guidance_prompts: ['Ask open questions; avoid leading ones.', 'Ask “why” and “tell me about the last time”.'],
    context_instructions: 'Use the research plan in the context for the hypotheses to test.',
    default_checklist: ['Background of participant', 'Current workflow', 'Pain points', 'Reactions to concept'],
    report_prompt: 'Write research findings: quotes, pains, jobs to be done, evidence for or against each hypothesis.',
  },
  {
    id: '00000000-0000-4000-8000-000000000007',
    name: 'Negotiation',
    description: 'Commercial and contract negotiations: interests, options, concessions.',
    conversation_type: 'negotiation',
    guidance_prompts: ['Ask about their underlying interests behind a position.', 'Trade concessions; never give one away.'],
    context_instructions: 'Use your walk-away point and targets in the context.',
    default_checklist: ['Their priorities', 'Our priorities', 'Options explored', 'Agreed terms', 'Open points'],
    report_prompt: 'Write a negotiation record: positions, concessions, agreed terms, open points.',
  },
  {
    id: '00000000-0000-4000-8000-000000000008',
    name: 'General conversation',
    description: 'Any other call: notes, questions and action items.',
    conversation_type: 'general',
    guidance_prompts: ['Answer questions using the context when you can.'],
    context_instructions: '',
    default_checklist: [],
    report_prompt: 'Write a concise summary with action items.',
  },
];
