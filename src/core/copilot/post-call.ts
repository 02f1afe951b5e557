import { AppError } from '../../shared/errors';
import type { Summary } from '../../shared/ipc/contracts/copilot';
import { createLogger } from '../log/logger';
import { REPORT_INSTRUCTIONS, renderPromptOffline, renderReportOffline } from '../reports/report-templates';
import { retrieveContext } from '../search';
import { OFFLINE_MODEL, toCopilotSegment, type CopilotContext } from './context';
import { createLiveCopilot } from './live/live-copilot';
import { reportWithLlm, summarizeWithLlm, type PromptContext } from './llm/llm-engine';
import { summarizeOffline } from './offline/summarize';
import { buildContextIndex } from './retrieval';
import { loadSessionBrief } from './session-brief';
import type { CopilotSegment, SessionBrief, SummaryDraft } from './types';

const log = createLogger('copilot');

/** After the call: summaries (LLM or offline, with fallback), timeline, collaborative action items and reports. */
export function createPostCall(ctx: CopilotContext) {
  const { db, repo, sessions, transcripts, settings, makeLlm, now, newId, emit } = ctx;

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

  return { generateSummary, generateReport, latestCompleted, promptContext };
}
