/** Types shared by the copilot engines, the live processor and the summary pipeline. */

/** One final transcript segment as the copilot sees it. */
export interface CopilotSegment {
  /** transcripts.sequence_number (or the index in an imported transcript). */
  sequence: number;
  /** transcripts.id when the segment is stored; null for CLI imports. */
  transcriptId: string | null;
  speaker: string;
  /** True for the user ("me"), false for the other side ("them"). */
  isOwner: boolean;
  text: string;
  startSeconds: number;
  endSeconds: number;
}

/** Priority levels shared by guidance and notes. */
export type Level = 'high' | 'medium' | 'low';

/** Guidance kinds written to guidance.guidance_type. */
export type GuidanceType = 'answer' | 'objection' | 'prompt' | 'checklist' | 'talk_time' | 'next_step';

/** A guidance suggestion before it becomes a row. */
export interface GuidanceDraft {
  guidanceType: GuidanceType;
  content: string;
  priority: Level;
  /** Sequence of the segment that triggered it. */
  triggeredBySequence: number;
  /** Stable key used to drop duplicates (e.g. the normalized question). */
  dedupeKey: string;
  /** For `answer` guidance: the question asked (the LLM engine writes its own suggestion for it). */
  question?: string;
}

/** Smart note categories (smart_notes.category). */
export type NoteCategory = 'key_point' | 'action_item' | 'decision' | 'question' | 'insight';

/** A smart note before it becomes a row. */
export interface NoteDraft {
  category: NoteCategory;
  content: string;
  importance: Level;
  sourceSequence: number;
}

/** An action item with its owner and due phrase. */
export interface ActionItem {
  text: string;
  owner: string | null;
  due: string | null;
}

/** A timeline moment (session_timeline_events). */
export interface TimelineDraft {
  atSeconds: number;
  title: string;
  description: string;
  type: 'question' | 'objection' | 'decision' | 'action_item' | 'key_point' | 'topic';
  importance: Level;
}

/** A post-call summary before it becomes a `summaries` row. */
export interface SummaryDraft {
  title: string;
  tldr: string;
  /** Markdown notes grouped by topic. */
  structuredNotes: string;
  keyDecisions: string[];
  actionItems: ActionItem[];
  followUpQuestions: string[];
  conversationHighlights: string[];
  timeline: TimelineDraft[];
}

/** Retrievable context for a session: session_context, documents and the user's personal_context. */
export interface ContextSource {
  kind: 'session_context' | 'document' | 'personal_context' | 'linked_session';
  /** Document filename or a label. */
  label: string;
  text: string;
}

/** What the engines know about the session besides its transcript. */
export interface SessionBrief {
  title: string;
  conversationType: string | null;
  participantMe: string | null;
  participantThem: string | null;
  aiInstructions: string | null;
  guidancePrompts: string[];
  contextInstructions: string | null;
  sources: ContextSource[];
}
