import type { Transcript } from '../../shared/domain/transcript';
import { AppError } from '../../shared/errors';
import { createLogger } from '../log/logger';
import { OFFLINE_MODEL, toCopilotSegment, type CopilotContext } from './context';
import { createLiveCopilot, type LiveCopilot } from './live/live-copilot';
import type { LlmConfig } from './llm/llm-client';
import { suggestAnswerWithLlm, type PromptContext } from './llm/llm-engine';
import { buildContextIndex, type ContextIndex } from './retrieval';
import { contextFingerprint, loadSessionBrief } from './session-brief';
import type { GuidanceDraft, SessionBrief } from './types';

const log = createLogger('copilot');

interface LiveState {
  copilot: LiveCopilot;
  fingerprint: string;
  /** The live engine searches through this holder, so the index can be rebuilt mid-call. */
  holder: { index: ContextIndex };
}

/** Live processing of final segments: guidance rows, smart notes and checklist ticks, with pushed events. */
export function createLiveService(ctx: CopilotContext, promptContext: (sessionId: string, brief: SessionBrief, query: string) => Promise<PromptContext>) {
  const { db, repo, notes, checklist, sessions, transcripts, settings, makeLlm, now, newId, emit } = ctx;
  const live = new Map<string, LiveState>();
  // LLM answer suggestions run beside the segment queue so a slow endpoint never delays the next segment.
  const pendingAnswers = new Set<Promise<void>>();

  function liveStateFor(sessionId: string): LiveState {
    const fingerprint = contextFingerprint(db, sessionId);
    let state = live.get(sessionId);
    if (!state) {
      const brief = loadSessionBrief(db, sessionId);
      const holder = { index: buildContextIndex(brief.sources) };
      const proxy: ContextIndex = { search: (q, k) => holder.index.search(q, k), get size() { return holder.index.size; } };
      state = { copilot: createLiveCopilot({ brief, index: proxy }), fingerprint, holder };
      live.set(sessionId, state);
    } else if (state.fingerprint !== fingerprint) {
      // A document finished processing or the context changed mid-call: re-index.
      state.holder.index = buildContextIndex(loadSessionBrief(db, sessionId).sources);
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
    if (ctx.isStopped()) return;
    const at = now();
    const guidance = repo.insertGuidance({
      id: newId(), session_id: row.session_id, triggered_by_transcript_id: row.id, content, guidance_type: draft.guidanceType, priority: draft.priority,
      was_displayed: false, was_clicked: false, was_dismissed: false, user_feedback: null, model_used: model, created_at: at, updated_at: at,
    });
    emit('guidance.added', guidance);
  }

  return {
    processFinalSegment,
    /** Forgets a session's live state (the call ended). */
    forget: (sessionId: string) => live.delete(sessionId),
    /** Resolves when every LLM answer in flight has been written. */
    whenAnswered: async () => {
      await Promise.all([...pendingAnswers]);
    },
    clear: () => live.clear(),
  };
}
