import { z } from 'zod';
import type { CopilotSegment, SessionBrief, SummaryDraft } from '../types';
import type { CallOptions, ChatMessage, LlmClient } from './llm-client';

/** Characters of transcript per request: long meetings are summarized chunk by chunk and merged. */
export const CHUNK_CHARS = 12_000;

const ActionSchema = z.object({ text: z.string().min(1), owner: z.string().nullable().default(null), due: z.string().nullable().default(null) });
const Strings = z.array(z.string()).default([]);

/** What the model returns for one chunk of a long meeting. */
export const ChunkNotesSchema = z.object({
  key_points: Strings,
  decisions: Strings,
  action_items: z.array(ActionSchema).default([]),
  open_questions: Strings,
  highlights: Strings,
});

/** What the model returns for the whole meeting. */
export const FinalSummarySchema = z.object({
  title: z.string().min(1),
  tldr: z.string().min(1),
  structured_notes: z.string().default(''),
  key_decisions: Strings,
  action_items: z.array(ActionSchema).default([]),
  follow_up_questions: Strings,
  conversation_highlights: Strings,
});

/** Context passages the prompts are grounded in (from retrieval, never the whole corpus). */
export interface PromptContext {
  passages: Array<{ label: string; text: string }>;
}

/** A summary from the LLM, with the model that wrote it. */
export interface LlmSummary {
  draft: Omit<SummaryDraft, 'timeline'>;
  model: string;
  chunks: number;
}

/** Summarizes a transcript with the LLM: one call when it fits, otherwise chunk notes merged by a final call. */
export async function summarizeWithLlm(llm: LlmClient, segments: CopilotSegment[], brief: SessionBrief, context: PromptContext, options: CallOptions = {}): Promise<LlmSummary> {
  const chunks = chunkTranscript(segments, CHUNK_CHARS);
  let material: string;
  if (chunks.length <= 1) {
    material = `Transcript:\n${chunks[0] ?? ''}`;
  } else {
    const notes: Array<z.infer<typeof ChunkNotesSchema>> = [];
    for (const [i, chunk] of chunks.entries()) {
      const { value } = await llm.completeJson(ChunkNotesSchema, [
        { role: 'system', content: systemPrompt(brief, context) },
        {
          role: 'user',
          content: `This is part ${i + 1} of ${chunks.length} of a long meeting. Extract notes from this part only as JSON with keys key_points, decisions, action_items (text, owner, due), open_questions, highlights.\n\n${chunk}`,
        },
      ], options);
      notes.push(value);
    }
    material = `Notes from each part of the meeting, in order:\n${notes.map((n, i) => `Part ${i + 1}: ${JSON.stringify(n)}`).join('\n')}`;
  }
  const { value, model } = await llm.completeJson(FinalSummarySchema, [
    { role: 'system', content: systemPrompt(brief, context) },
    {
      role: 'user',
      content:
        `${material}\n\nWrite the meeting summary as one JSON object with keys: title, tldr (2-3 sentences), structured_notes (markdown), ` +
        'key_decisions (strings), action_items (objects with text, owner, due; null when unknown), follow_up_questions (strings), ' +
        'conversation_highlights (strings). Merge duplicates across parts. Reply with JSON only.',
    },
  ], options);
  return {
    model,
    chunks: chunks.length,
    draft: {
      title: value.title,
      tldr: value.tldr,
      structuredNotes: value.structured_notes,
      keyDecisions: value.key_decisions,
      actionItems: value.action_items,
      followUpQuestions: value.follow_up_questions,
      conversationHighlights: value.conversation_highlights,
    },
  };
}

/** Writes a markdown report from a prompt or a template's instructions, grounded in the summary and context. */
export async function reportWithLlm(llm: LlmClient, input: { instructions: string; summaryMarkdown: string; transcriptExcerpt: string; brief: SessionBrief; context: PromptContext }, options: CallOptions = {}): Promise<{ markdown: string; model: string }> {
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(input.brief, input.context) },
    {
      role: 'user',
      content: `${input.instructions}\n\nWrite it in Markdown.\n\nMeeting summary:\n${input.summaryMarkdown}\n\nTranscript excerpt:\n${input.transcriptExcerpt}`,
    },
  ];
  const { text, model } = await llm.complete(messages, options);
  return { markdown: text.trim(), model };
}

/** A short suggested answer to a question the other side asked, grounded in the retrieved context. */
export async function suggestAnswerWithLlm(llm: LlmClient, input: { question: string; recentTranscript: string; brief: SessionBrief; context: PromptContext }, options: CallOptions = {}): Promise<{ answer: string; model: string }> {
  const { text, model } = await llm.complete([
    { role: 'system', content: systemPrompt(input.brief, input.context) },
    {
      role: 'user',
      content: `Recent conversation:\n${input.recentTranscript}\n\nThey just asked: "${input.question}"\nSuggest what I could answer, in at most two sentences, using only the context and the conversation. If they do not cover it, suggest a clarifying question or offer to follow up.`,
    },
  ], { ...options, maxTokens: options.maxTokens ?? 160 });
  return { answer: text.trim(), model };
}

/** The system prompt: role, session facts, the user's instructions and the retrieved context passages. */
export function systemPrompt(brief: SessionBrief, context: PromptContext): string {
  const parts = [
    'You are LiveConvo, a meeting copilot. Be accurate and concise; never invent facts that are not in the transcript or context.',
    `Session: ${brief.title}${brief.conversationType ? ` (${brief.conversationType})` : ''}. "me" is ${brief.participantMe ?? 'the user'}, "them" is ${brief.participantThem ?? 'the other party'}.`,
  ];
  if (brief.contextInstructions) parts.push(`Context instructions: ${brief.contextInstructions}`);
  if (brief.aiInstructions) parts.push(`User instructions: ${brief.aiInstructions}`);
  if (context.passages.length > 0) {
    parts.push(`Relevant context:\n${context.passages.map((p) => `[${p.label}] ${p.text}`).join('\n')}`);
  }
  return parts.join('\n\n');
}

/** Splits a transcript into chunks of about `maxChars`, on segment boundaries. */
export function chunkTranscript(segments: CopilotSegment[], maxChars: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const s of segments) {
    const line = `[${formatTime(s.startSeconds)}] ${s.isOwner ? 'me' : s.speaker}: ${s.text}\n`;
    if (current.length + line.length > maxChars && current) {
      chunks.push(current);
      current = '';
    }
    current += line;
  }
  if (current) chunks.push(current);
  return chunks;
}

function formatTime(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
