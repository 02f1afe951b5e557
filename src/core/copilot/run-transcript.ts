import { createLiveCopilot, type LiveChecklistItem, type LiveUpdate } from './live/live-copilot';
import { summarizeOffline } from './offline/summarize';
import type { CopilotSegment, SessionBrief, SummaryDraft } from './types';

/** A transcript line as the CLI and the eval set store it. */
export interface TranscriptLine {
  speaker: string;
  text: string;
  start_time_seconds: number;
  end_time_seconds: number;
}

/** Converts imported lines to copilot segments; `isOwner` decides who "me" is. */
export function toSegments(lines: TranscriptLine[], isOwner: (speaker: string) => boolean): CopilotSegment[] {
  return lines.map((line, i) => ({
    sequence: i,
    transcriptId: null,
    speaker: line.speaker,
    isOwner: isOwner(line.speaker),
    text: line.text,
    startSeconds: line.start_time_seconds,
    endSeconds: Math.max(line.end_time_seconds, line.start_time_seconds),
  }));
}

/** The default owner rule: a speaker called "me", "you" or "I" (or `meName`) is the user. */
export function ownerMatcher(meName?: string): (speaker: string) => boolean {
  const names = new Set(['me', 'i', 'you', 'myself', ...(meName ? [meName.toLowerCase()] : [])]);
  return (speaker) => names.has(speaker.trim().toLowerCase());
}

/** Result of replaying a transcript through the live engine and then the offline summary. */
export interface ReplayResult {
  updates: LiveUpdate[];
  summary: SummaryDraft;
}

/** Replays segments as if they arrived live, then summarizes (the CLI and the eval use this). */
export function replayTranscript(segments: CopilotSegment[], brief: SessionBrief, checklist: LiveChecklistItem[] = []): ReplayResult {
  const live = createLiveCopilot({ brief, checklist });
  const updates = segments.map((segment) => live.push(segment));
  return { updates, summary: summarizeOffline(live.facts(), brief) };
}
