import { z } from 'zod';
import type { ReplayResult } from './run-transcript';
import type { SummaryDraft } from './types';

/** The `liveconvo summarize --json` output (issue #4). */
export const SummarizeOutputSchema = z.strictObject({
  summary: z.strictObject({
    title: z.string(),
    tldr: z.string(),
    key_decisions: z.array(z.string()),
    action_items: z.array(z.strictObject({ text: z.string(), owner: z.string().nullable(), due: z.string().nullable() })),
    follow_up_questions: z.array(z.string()),
    conversation_highlights: z.array(z.string()),
  }),
  smart_notes: z.array(z.strictObject({ category: z.enum(['key_point', 'action_item', 'decision', 'question', 'insight']), content: z.string(), importance: z.enum(['high', 'medium', 'low']) })),
  guidance: z.array(z.strictObject({ guidance_type: z.string(), content: z.string(), priority: z.enum(['high', 'medium', 'low']), triggered_by_sequence: z.number().int().nonnegative() })),
});
export type SummarizeOutput = z.infer<typeof SummarizeOutputSchema>;

/** A transcript file line: `{"speaker", "text", "start_time_seconds", "end_time_seconds"}` (is_owner optional). */
export const TranscriptFileSchema = z
  .array(
    z.object({
      speaker: z.string().trim().min(1).max(100),
      text: z.string().max(20_000),
      start_time_seconds: z.number().nonnegative(),
      end_time_seconds: z.number().nonnegative(),
      is_owner: z.boolean().optional(),
    }),
  )
  .max(100_000);

/** Builds the CLI output from a live replay and a summary (offline or stored). */
export function toSummarizeOutput(replay: Pick<ReplayResult, 'updates'>, summary: Omit<SummaryDraft, 'timeline' | 'structuredNotes'>): SummarizeOutput {
  return {
    summary: {
      title: summary.title,
      tldr: summary.tldr,
      key_decisions: summary.keyDecisions,
      action_items: summary.actionItems.map((a) => ({ text: a.text, owner: a.owner, due: a.due })),
      follow_up_questions: summary.followUpQuestions,
      conversation_highlights: summary.conversationHighlights,
    },
    smart_notes: replay.updates.flatMap((u) => u.notes.map((n) => ({ category: n.category, content: n.content, importance: n.importance }))),
    guidance: replay.updates.flatMap((u) => u.guidance.map((g) => ({ guidance_type: g.guidanceType, content: g.content, priority: g.priority, triggered_by_sequence: g.triggeredBySequence }))),
  };
}

/** Human-readable rendering of the output. */
export function formatSummarizeOutput(output: SummarizeOutput): string {
  const s = output.summary;
  const lines = [`# ${s.title}`, '', s.tldr, ''];
  const section = (title: string, items: string[]) => (items.length > 0 ? lines.push(`## ${title}`, ...items.map((i) => `- ${i}`), '') : 0);
  section('Decisions', s.key_decisions);
  section('Action items', s.action_items.map((a) => `${a.text}${a.owner ? ` — ${a.owner}` : ''}${a.due ? ` (due ${a.due})` : ''}`));
  section('Follow-up questions', s.follow_up_questions);
  section('Highlights', s.conversation_highlights);
  section('Live guidance', output.guidance.map((g) => `#${g.triggered_by_sequence} [${g.priority}] ${g.guidance_type}: ${g.content}`));
  return lines.join('\n').trimEnd();
}
