import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toError } from '../../shared/errors';
import type { IpcHandlers, PushEvents } from '../../shared/ipc/contract';
import { createChecklistRepo } from '../checklist/checklist-repo';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { exportFileName, markdownToPdf, sessionToMarkdown } from '../export/session-export';
import { createLogger } from '../log/logger';
import { createNotesRepo } from '../notes/notes-repo';
import type { SecretStore } from '../ports';
import { createSessionsRepo } from '../sessions/sessions-repo';
import { createTranscriptsRepo } from '../transcripts/transcripts-repo';
import { createAiSettings } from './ai-settings';
import type { CopilotContext } from './context';
import { createCopilotRepo } from './copilot-repo';
import { createLiveService } from './live-service';
import { createLlmClient, type LlmClient, type LlmConfig } from './llm/llm-client';
import { analyze } from './offline/nlp';
import { createPostCall } from './post-call';

const log = createLogger('copilot');

/** What the copilot needs from the core. */
export interface CopilotFeatureDeps {
  db: AppDb;
  secrets: SecretStore;
  now: () => number;
  newId: () => string;
  dataDir: string;
  emit: <E extends keyof PushEvents>(event: E, payload: PushEvents[E]) => void;
  /** Builds the LLM client; injectable so a host can wrap it. */
  createLlm?: (config: LlmConfig) => LlmClient;
}

type CopilotChannels =
  | 'guidance.list' | 'guidance.feedback' | 'summaries.get' | 'summaries.generate' | 'reports.generate' | 'reports.list'
  | 'timeline.list' | 'actionItems.list' | 'actionItems.update' | 'ai.getSettings' | 'ai.setSettings' | 'export.markdown' | 'export.pdf';

/** The copilot: live guidance/notes/checklist from final segments, summaries, reports, timeline, action items, AI settings, export. */
export function createCopilotFeature(deps: CopilotFeatureDeps) {
  const { db, now } = deps;
  let stopped = false;
  const repo = createCopilotRepo(db);
  const ctx: CopilotContext = {
    db,
    repo,
    notes: createNotesRepo(db),
    checklist: createChecklistRepo(db),
    sessions: createSessionsRepo(db),
    transcripts: createTranscriptsRepo(db),
    settings: createAiSettings({ repo, secrets: deps.secrets, now }),
    makeLlm: deps.createLlm ?? createLlmClient,
    now,
    newId: deps.newId,
    emit: deps.emit,
    isStopped: () => stopped,
  };
  const { notes, sessions, transcripts, settings } = ctx;
  const postCall = createPostCall(ctx);
  const { generateSummary, generateReport, latestCompleted } = postCall;
  const liveService = createLiveService(ctx, postCall.promptContext);
  let queue: Promise<void> = Promise.resolve();

  /** Runs background work one job at a time, in arrival order (segments of a session stay ordered). */
  function enqueue(job: () => Promise<void> | void, what: string): void {
    queue = queue.then(async () => {
      if (stopped) return;
      try {
        await job();
      } catch (error) {
        log.error('copilot job failed', { what, error: toError(error).message });
      }
    });
  }

  function exportMarkdown(sessionId: string) {
    const session = sessions.get(sessionId);
    const markdown = sessionToMarkdown({
      session,
      summary: latestCompleted(sessionId),
      notes: notes.listBySession(sessionId),
      transcript: transcripts.listBySession(sessionId, { limit: 1_000_000 }),
    });
    return { session, markdown };
  }

  const handlers: Pick<IpcHandlers, CopilotChannels> = {
    'guidance.list': async ({ session_id }) => {
      sessions.get(session_id);
      return repo.listGuidance(session_id);
    },
    'guidance.feedback': async ({ id, ...patch }) =>
      repo.updateGuidanceFeedback(id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), now()),
    'summaries.get': async ({ session_id }) => {
      sessions.get(session_id);
      return repo.latestSummary(session_id);
    },
    'summaries.generate': async ({ session_id }) => generateSummary(session_id),
    'reports.generate': async (input) => generateReport(input),
    'reports.list': async ({ session_id }) => {
      sessions.get(session_id);
      return repo.listReports(session_id);
    },
    'timeline.list': async ({ session_id }) => {
      sessions.get(session_id);
      return repo.listTimeline(session_id);
    },
    'actionItems.list': async ({ session_id }) => {
      sessions.get(session_id);
      return repo.listActionItems(session_id);
    },
    'actionItems.update': async ({ id, patch }) => {
      const current = repo.getActionItem(id);
      const at = now();
      const status = patch.status ?? current.status;
      return repo.updateActionItem({
        ...current,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        completed_at: status === 'completed' ? (current.completed_at ?? at) : null,
        updated_at: at,
      });
    },
    'ai.getSettings': async () => settings.get(),
    'ai.setSettings': async (input) => settings.set(input),
    'export.markdown': async ({ session_id }) => {
      const { session, markdown } = exportMarkdown(session_id);
      return { filename: exportFileName(session, 'md'), markdown };
    },
    'export.pdf': async ({ session_id }) => {
      const { session, markdown } = exportMarkdown(session_id);
      const bytes = await markdownToPdf(markdown, session.title);
      const dir = join(deps.dataDir, 'exports');
      mkdirSync(dir, { recursive: true });
      const filename = exportFileName(session, 'pdf');
      const path = join(dir, filename);
      writeFileSync(path, bytes);
      return { filename, path, size_bytes: bytes.byteLength, pdf_base64: Buffer.from(bytes).toString('base64') };
    },
  };

  return {
    handlers,
    /** Feeds the copilot every pushed core event (final segments, session changes). */
    onEvent<E extends keyof PushEvents>(event: E, payload: PushEvents[E]): void {
      if (event === 'transcript.segmentAdded') {
        const segment = payload as PushEvents['transcript.segmentAdded'];
        const row = segment.transcript;
        if (segment.is_final && row) enqueue(async () => liveService.processFinalSegment(row), 'segment');
      } else if (event === 'sessions.changed') {
        const { id } = payload as PushEvents['sessions.changed'];
        enqueue(async () => {
          const row = db.get<{ status: string; n: number; s: number }>(sql`SELECT status,
            (SELECT COUNT(*) FROM transcripts WHERE session_id = ${id}) AS n, (SELECT COUNT(*) FROM summaries WHERE session_id = ${id}) AS s
            FROM sessions WHERE id = ${id}`);
          // A call started: load the language model now, not on its first segment.
          if (row?.status === 'active') analyze('warm up');
          // The call ended: write the post-call summary once.
          if (row && row.status === 'completed' && row.n > 0 && row.s === 0) await generateSummary(id);
          if (row?.status === 'completed') liveService.forget(id);
        }, 'session-ended');
      }
    },
    generateSummary,
    /** Resolves when queued live work and post-call summaries are done. */
    whenIdle: async () => {
      await queue;
      await liveService.whenAnswered();
    },
    stop(): void {
      stopped = true;
      liveService.clear();
    },
  };
}
