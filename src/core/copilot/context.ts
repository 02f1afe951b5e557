import type { Transcript } from '../../shared/domain/transcript';
import type { PushEvents } from '../../shared/ipc/contract';
import type { createChecklistRepo } from '../checklist/checklist-repo';
import type { AppDb } from '../db/open-database';
import type { createNotesRepo } from '../notes/notes-repo';
import type { SessionsRepo } from '../sessions/sessions-repo';
import type { TranscriptsRepo } from '../transcripts/transcripts-repo';
import type { createAiSettings } from './ai-settings';
import type { CopilotRepo } from './copilot-repo';
import type { LlmClient, LlmConfig } from './llm/llm-client';
import type { CopilotSegment } from './types';

/** model_used for rows the offline engine writes. */
export const OFFLINE_MODEL = 'offline:wink-nlp';

/** What the live and post-call parts of the copilot share. */
export interface CopilotContext {
  db: AppDb;
  repo: CopilotRepo;
  notes: ReturnType<typeof createNotesRepo>;
  checklist: ReturnType<typeof createChecklistRepo>;
  sessions: SessionsRepo;
  transcripts: TranscriptsRepo;
  settings: ReturnType<typeof createAiSettings>;
  makeLlm: (config: LlmConfig) => LlmClient;
  now: () => number;
  newId: () => string;
  emit: <E extends keyof PushEvents>(event: E, payload: PushEvents[E]) => void;
  /** True once the core is closing: background work must not write any more. */
  isStopped: () => boolean;
}

/** Converts a stored transcript row to a copilot segment. */
export const toCopilotSegment = (row: Transcript): CopilotSegment => ({
  sequence: row.sequence_number,
  transcriptId: row.id,
  speaker: row.speaker,
  isOwner: row.is_owner,
  text: row.content,
  startSeconds: row.start_time_seconds,
  endSeconds: row.end_time_seconds,
});
