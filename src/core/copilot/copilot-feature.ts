import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transcript } from '../../shared/domain/transcript';
import { AppError, toError } from '../../shared/errors';
import type { IpcHandlers, PushEvents } from '../../shared/ipc/contract';
import type { Summary } from '../../shared/ipc/contracts/copilot';
import { createChecklistRepo } from '../checklist/checklist-repo';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { exportFileName, markdownToPdf, sessionToMarkdown } from '../export/session-export';
import { createLogger } from '../log/logger';
import { createNotesRepo } from '../notes/notes-repo';
import type { SecretStore } from '../ports';
import { REPORT_INSTRUCTIONS, renderPromptOffline, renderReportOffline } from '../reports/report-templates';
import { createSessionsRepo } from '../sessions/sessions-repo';
import { createTranscriptsRepo } from '../transcripts/transcripts-repo';
import { createAiSettings } from './ai-settings';
import { createCopilotRepo } from './copilot-repo';
import { createLiveCopilot, type LiveCopilot } from './live/live-copilot';
import { createLlmClient, type LlmClient, type LlmConfig } from './llm/llm-client';
import { reportWithLlm, suggestAnswerWithLlm, summarizeWithLlm, type PromptContext } from './llm/llm-engine';
import { analyze } from './offline/nlp';
import { summarizeOffline } from './offline/summarize';
import { buildContextIndex, type ContextIndex } from './retrieval';
import { contextFingerprint, loadSessionBrief } from './session-brief';
import { retrieveContext } from '../search';
import type { CopilotSegment, GuidanceDraft, SessionBrief, SummaryDraft } from './types';

const log = createLogger('copilot');

/** model_used for rows the offline engine writes. */
export const OFFLINE_MODEL = 'offline:wink-nlp';

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

interface LiveState {
  copilot: LiveCopilot;
  fingerprint: string;
  index: ContextIndex;
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

/** The copilot: live guidance/notes/checklist from final segments, summaries, reports, timeline, action items, AI settings, export. */
export function createCopilotFeature(deps: CopilotFeatureDeps) {
  const { db, now, newId, emit } = deps;
  const repo = createCopilotRepo(db);
  const notes = createNotesRepo(db);
  const checklist = createChecklistRepo(db);
  const sessions = createSessionsRepo(db);
  const transcripts = createTranscriptsRepo(db);
  const settings = createAiSettings({ repo, secrets: deps.secrets, now });
  const makeLlm = deps.createLlm ?? createLlmClient;
  const live = new Map<string, LiveState>();
  let queue: Promise<void> = Promise.resolve();
  // LLM answer suggestions run beside the queue so a slow endpoint never delays the next segment.
  const pendingAnswers = new Set<Promise<void>>();
  let stopped = false;

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

  function liveStateFor(sessionId: string): LiveState {
    const fingerprint = contextFingerprint(db, sessionId);
    let state = live.get(sessionId);
    if (!state) {
      const brief = loadSessionBrief(db, sessionId);
      const holder = { index: buildContextIndex(brief.sources) };
      const proxy: ContextIndex = { search: (q, k) => holder.index.search(q, k), get size() { return holder.index.size; } };
      state = { copilot: createLiveCopilot({ brief, index: proxy }), fingerprint, index: holder.index };
      Object.defineProperty(state, 'index', { get: () => holder.index, set: (v: ContextIndex) => (holder.index = v) });
      live.set(sessionId, state);
    } else if (state.fingerprint !== fingerprint) {
      // A document finished processing or the context changed mid-call: re-index.
      state.index = buildContextIndex(loadSessionBrief(db, sessionId).sources);
      state.fingerprint = fingerprint;
    }
    return state;
  }

  async function processFinalSegment(row: Transcript): Promise<void> {
    const state = liveStateFor(row.session_id);
    state.copilot.setChecklist(checklist.listBySession(row.session_id));
    const update = state.copilot.push(toCopilotSegment(row));
    const session = sessions.get(row.session_id);
    const at = now();
    const config = await settings.llmConfig();
    const byLlm = config ? update.guidance.filter((g) => g.guidanceType === 'answer' && g.question) : [];
    for (const draft of byLlm) trackAnswer(suggestAnswer(row, draft, config!));
    const guidanceRows = update.guidance.filter((g) => !byLlm.includes(g)).map((g) => ({
      id: newId(),
      session_id: row.session_id,
      triggered_by_transcript_id: row.id,
      content: g.content,
      guidance_type: g.guidanceType,
      priority: g.priority,
      was_displayed: false,
      was_clicked: false,
      was_dismissed: false,
      user_feedback: null,
      model_used: OFFLINE_MODEL,
      created_at: at,
      updated_at: at,
    }));
    const noteIds: string[] = [];
    db.transaction(() => {
      for (const g of guidanceRows) repo.insertGuidance(g);
      for (const n of update.notes) {
        const id = newId();
        noteIds.push(id);
        notes.insert({ id, session_id: row.session_id, user_id: session.user_id, organization_id: session.organization_id, category: n.category, content: n.content, importance: n.importance, is_manual: false, created_at: at, updated_at: at });
      }
      for (const id of update.checklistDone) checklist.setStatus(id, 'done', at);
    });
    for (const g of guidanceRows) emit('guidance.added', g);
    if (noteIds.length > 0) emit('notes.changed', { session_id: row.session_id, note_ids: noteIds });
    if (update.checklistDone.length > 0) emit('checklist.changed', { session_id: row.session_id, item_ids: update.checklistDone });
  }

  function trackAnswer(task: Promise<void>): void {
    pendingAnswers.add(task);
    void task.finally(() => pendingAnswers.delete(task));
  }

  /** Asks the LLM for the answer card; on any failure the offline card (retrieved passage) is written instead. */
  async function suggestAnswer(row: Transcript, draft: GuidanceDraft, config: LlmConfig): Promise<void> {
    let content = draft.content;
    let model = OFFLINE_MODEL;
    try {
      const brief = loadSessionBrief(db, row.session_id);
      const recent = transcripts.listBySession(row.session_id, { afterSequence: row.sequence_number - 8, limit: 8 });
      const context = await promptContext(row.session_id, brief, draft.question ?? row.content);
      const signal = AbortSignal.timeout(Math.min(config.timeoutMs, 20_000));
      const result = await suggestAnswerWithLlm(makeLlm({ ...config, maxRetries: 1 }), {
        question: draft.question ?? row.content,
        recentTranscript: recent.map((t) => `${t.is_owner ? 'me' : t.speaker}: ${t.content}`).join('\n'),
        brief,
        context,
      }, { signal });
      if (result.answer) {
        content = `They asked: “${draft.question ?? ''}” Suggested answer: ${result.answer}`;
        model = result.model;
      }
    } catch (error) {
      log.warn('llm answer failed, using the offline suggestion', { sessionId: row.session_id, code: error instanceof AppError ? error.code : 'unknown' });
    }
    if (stopped) return;
    const at = now();
    const guidance = repo.insertGuidance({
      id: newId(), session_id: row.session_id, triggered_by_transcript_id: row.id, content, guidance_type: draft.guidanceType, priority: draft.priority,
      was_displayed: false, was_clicked: false, was_dismissed: false, user_feedback: null, model_used: model, created_at: at, updated_at: at,
    });
    emit('guidance.added', guidance);
  }

  async function promptContext(sessionId: string, brief: SessionBrief, query: string): Promise<PromptContext> {
    const chunks = await retrieveContext(db, { sessionId, query, k: 6, now: now() });
    if (chunks.length > 0) return { passages: chunks.map((c) => ({ label: c.label, text: c.content })) };
    return { passages: buildContextIndex(brief.sources).search(query, 6).map((p) => ({ label: p.label, text: p.text })) };
  }

  function offlineDraft(segments: CopilotSegment[], brief: SessionBrief): SummaryDraft {
    const replay = createLiveCopilot({ brief });
    for (const segment of segments) replay.push(segment);
    return summarizeOffline(replay.facts(), brief);
  }

  function summaryRow(sessionId: string, draft: Omit<SummaryDraft, 'timeline'> | null, status: Summary['generation_status'], model: string, error: string | null): Summary {
    const session = sessions.get(sessionId);
    const at = now();
    return {
      id: newId(),
      session_id: sessionId,
      user_id: session.user_id,
      organization_id: session.organization_id,
      title: draft?.title ?? null,
      tldr: draft?.tldr ?? null,
      structured_notes: draft?.structuredNotes ?? null,
      key_decisions: draft?.keyDecisions ?? [],
      action_items: draft?.actionItems ?? [],
      follow_up_questions: draft?.followUpQuestions ?? [],
      conversation_highlights: draft?.conversationHighlights ?? [],
      generation_status: status,
      generation_error: error,
      model_used: model,
      created_at: at,
      updated_at: at,
    };
  }

  /**
   * Writes a new summary (LLM when enabled, offline otherwise or as the fallback), the timeline and
   * the AI-generated collaborative action items.
   * @throws AppError('copilot.empty_transcript') when the session has no transcript.
   */
  async function generateSummary(sessionId: string, signal?: AbortSignal): Promise<Summary> {
    sessions.get(sessionId);
    const segments = transcripts.listBySession(sessionId, { limit: 1_000_000 }).map(toCopilotSegment);
    if (segments.length === 0) throw new AppError('copilot.empty_transcript', 'This session has no transcript to summarize yet');
    const brief = loadSessionBrief(db, sessionId);
    const offline = offlineDraft(segments, brief);
    let result: Summary | null = null;
    const config = await settings.llmConfig();
    if (config) {
      const pending = repo.insertSummary(summaryRow(sessionId, null, 'generating', config.model, null));
      emit('summaries.changed', { session_id: sessionId, summary_id: pending.id, generation_status: 'generating' });
      try {
        const context = await promptContext(sessionId, brief, [brief.title, ...offline.conversationHighlights].join(' '));
        const llm = await summarizeWithLlm(makeLlm(config), segments, brief, context, signal ? { signal } : {});
        result = repo.updateSummary({ ...summaryRow(sessionId, llm.draft, 'completed', llm.model, null), id: pending.id, created_at: pending.created_at });
        log.info('summary generated', { sessionId, engine: 'llm', chunks: llm.chunks });
      } catch (error) {
        const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'The AI endpoint failed';
        repo.updateSummary({ ...pending, generation_status: 'failed', generation_error: message, updated_at: now() });
        emit('summaries.changed', { session_id: sessionId, summary_id: pending.id, generation_status: 'failed' });
        log.warn('llm summary failed, falling back to the offline engine', { sessionId, code: error instanceof AppError ? error.code : 'unknown' });
        if (error instanceof AppError && error.code === 'llm.cancelled') throw error;
      }
    }
    result ??= repo.insertSummary(summaryRow(sessionId, offline, 'completed', OFFLINE_MODEL, null));
    const at = now();
    db.transaction(() => {
      repo.replaceTimeline(sessionId, offline.timeline.map((t) => ({ id: newId(), session_id: sessionId, event_timestamp: t.atSeconds, title: t.title, description: t.description, type: t.type, importance: t.importance, created_at: at })));
      repo.replaceGeneratedActionItems(sessionId, result.action_items.map((a) => ({
        id: newId(), session_id: sessionId, created_by: result.user_id, assigned_to: a.owner, completed_by: null, source_type: 'ai_generated' as const,
        title: a.text, description: null, priority: a.due ? 'high' as const : 'medium' as const, status: 'pending' as const, due_date: a.due, completed_at: null, created_at: at, updated_at: at,
      })));
    });
    emit('summaries.changed', { session_id: sessionId, summary_id: result.id, generation_status: result.generation_status });
    return result;
  }

  async function generateReport(input: { session_id: string; template?: keyof typeof REPORT_INSTRUCTIONS | undefined; prompt?: string | undefined }) {
    const session = sessions.get(input.session_id);
    const summary = latestCompleted(input.session_id) ?? (await generateSummary(input.session_id));
    const reportInput = {
      sessionTitle: summary.title ?? session.title,
      sessionDate: new Date(session.created_at).toISOString().slice(0, 10),
      participantMe: session.participant_me,
      participantThem: session.participant_them,
      summary,
    };
    const offline = () => (input.template ? renderReportOffline(input.template, reportInput) : renderPromptOffline(input.prompt ?? '', reportInput));
    const at = now();
    const base = { id: newId(), session_id: session.id, user_id: session.user_id, prompt: input.prompt ?? null, template: input.template ?? null, created_at: at, updated_at: at };
    const config = await settings.llmConfig();
    if (config) {
      const row = repo.insertReport({ ...base, generated_content: null, generation_status: 'generating', model_used: config.model });
      try {
        const brief = loadSessionBrief(db, session.id);
        const instructions = input.template ? REPORT_INSTRUCTIONS[input.template] : (input.prompt ?? '');
        const excerpt = transcripts.listBySession(session.id, { limit: 400 }).map((t) => `${t.speaker}: ${t.content}`).join('\n').slice(0, 12_000);
        const context = await promptContext(session.id, brief, `${instructions} ${summary.tldr ?? ''}`);
        const { markdown, model } = await reportWithLlm(makeLlm(config), { instructions, summaryMarkdown: summary.structured_notes ?? summary.tldr ?? '', transcriptExcerpt: excerpt, brief, context });
        return repo.updateReport({ ...row, generated_content: markdown, generation_status: 'completed', model_used: model, updated_at: now() });
      } catch (error) {
        repo.updateReport({ ...row, generation_status: 'failed', updated_at: now() });
        log.warn('llm report failed, falling back to the offline engine', { sessionId: session.id, code: error instanceof AppError ? error.code : 'unknown' });
      }
    }
    return repo.insertReport({ ...base, id: newId(), generated_content: offline(), generation_status: 'completed', model_used: OFFLINE_MODEL });
  }

  function latestCompleted(sessionId: string): Summary | null {
    const latest = repo.latestSummary(sessionId);
    return latest && latest.generation_status === 'completed' ? latest : null;
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
        if (segment.is_final && row) enqueue(async () => processFinalSegment(row), 'segment');
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
          if (row?.status === 'completed') live.delete(id);
        }, 'session-ended');
      }
    },
    generateSummary,
    /** Resolves when queued live work and post-call summaries are done. */
    whenIdle: async () => {
      await queue;
      await Promise.all([...pendingAnswers]);
    },
    stop(): void {
      stopped = true;
      live.clear();
    },
  };
}
