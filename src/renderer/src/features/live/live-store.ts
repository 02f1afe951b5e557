import { create } from 'zustand';
import type { ChecklistItem, SmartNote } from '../../../../shared/domain/notes';
import type { Session } from '../../../../shared/domain/session';
import type { Transcript, TranscriptSegment } from '../../../../shared/domain/transcript';
import { errorMessage } from '../../app/format';
import { invoke, on, onOptional } from '../../ipc';

/** One row of the transcript view: a stored final segment or the current partial of a channel. */
export interface TranscriptLine {
  key: string;
  speaker: string;
  isOwner: boolean;
  text: string;
  startSeconds: number;
  isPartial: boolean;
}

interface LiveState {
  sessionId: string | null;
  session: Session | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  finals: TranscriptLine[];
  partials: Record<string, TranscriptLine>;
  notes: SmartNote[];
  checklist: ChecklistItem[];
  open(id: string): Promise<void>;
  refreshSession(): Promise<void>;
  refreshNotes(): Promise<void>;
  refreshChecklist(): Promise<void>;
  /** Drops the open session's state (after it was deleted). */
  forget(id: string): void;
  setSession(session: Session): void;
  applySegment(segment: TranscriptSegment): void;
  addNote(input: { category: SmartNote['category']; content: string }): Promise<void>;
  updateNote(id: string, content: string): Promise<void>;
  deleteNote(id: string): Promise<void>;
  addChecklistItem(text: string): Promise<void>;
  toggleChecklistItem(item: ChecklistItem): Promise<void>;
  deleteChecklistItem(id: string): Promise<void>;
}

/** Turns a stored transcript row into a view line. */
export function lineFromTranscript(row: Transcript): TranscriptLine {
  return { key: row.id, speaker: row.speaker, isOwner: row.is_owner, text: row.content, startSeconds: row.start_time_seconds, isPartial: false };
}

/**
 * Folds pushed segments into the view: a final is appended once (by key, tracked in `seen`) and
 * clears its channel's partial; a partial replaces the previous partial of its channel. The finals
 * array is copied at most once per batch, so a burst of segments costs one pass.
 */
export function foldSegments(
  state: Pick<LiveState, 'finals' | 'partials'>,
  segments: readonly TranscriptSegment[],
  seen: Set<string>,
): Pick<LiveState, 'finals' | 'partials'> {
  let finals: TranscriptLine[] | null = null;
  let partials = state.partials;
  let needsSort = false;
  for (const segment of segments) {
    const { [segment.channel]: _previous, ...otherPartials } = partials;
    if (!segment.is_final) {
      partials = {
        ...otherPartials,
        [segment.channel]: {
          key: `partial-${segment.channel}`,
          speaker: segment.speaker,
          isOwner: segment.channel === 'mic',
          text: segment.text,
          startSeconds: segment.start_time_seconds,
          isPartial: true,
        },
      };
      continue;
    }
    partials = otherPartials;
    const row = segment.transcript;
    const line: TranscriptLine = row
      ? lineFromTranscript(row)
      : { key: `final-${segment.channel}-${segment.start_time_seconds}`, speaker: segment.speaker, isOwner: segment.channel === 'mic', text: segment.text, startSeconds: segment.start_time_seconds, isPartial: false };
    if (seen.has(line.key)) continue;
    seen.add(line.key);
    finals ??= [...state.finals];
    const last = finals[finals.length - 1];
    if (last && last.startSeconds > line.startSeconds) needsSort = true;
    finals.push(line);
  }
  if (finals && needsSort) finals.sort((a, b) => a.startSeconds - b.startSeconds);
  return { finals: finals ?? state.finals, partials };
}

// Segments arriving between two frames are applied together, once per frame.
let seenKeys = new Set<string>();
let pendingSegments: TranscriptSegment[] = [];
let isFlushScheduled = false;

function scheduleFlush(flush: () => void): void {
  if (isFlushScheduled) return;
  isFlushScheduled = true;
  let isDone = false;
  const run = () => {
    if (isDone) return;
    isDone = true;
    isFlushScheduled = false;
    flush();
  };
  requestAnimationFrame(run);
  // Hidden windows get no animation frames; keep the store current anyway.
  setTimeout(run, 250);
}

/** The open session: its transcript (live), smart notes and prep checklist. */
export const useLive = create<LiveState>((set, get) => ({
  sessionId: null,
  session: null,
  status: 'idle',
  error: null,
  finals: [],
  partials: {},
  notes: [],
  checklist: [],
  async open(id) {
    seenKeys = new Set<string>();
    pendingSegments = [];
    set({ sessionId: id, session: null, status: 'loading', error: null, finals: [], partials: {}, notes: [], checklist: [] });
    try {
      const [session, transcripts, notes, checklist] = await Promise.all([
        invoke('sessions.get', { id }),
        invoke('transcripts.list', { session_id: id }),
        invoke('notes.list', { session_id: id }),
        invoke('checklist.list', { session_id: id }),
      ]);
      if (get().sessionId !== id) return;
      // The stored list is the base; segments pushed while loading are folded on top of it.
      const pushed = get().finals;
      const finals = transcripts.map(lineFromTranscript);
      const keys = new Set(finals.map((line) => line.key));
      for (const line of pushed) {
        if (!keys.has(line.key)) {
          keys.add(line.key);
          finals.push(line);
        }
      }
      finals.sort((a, b) => a.startSeconds - b.startSeconds);
      for (const key of keys) seenKeys.add(key);
      set({ session, notes, checklist, status: 'ready', finals });
    } catch (error) {
      if (get().sessionId === id) set({ status: 'error', error: errorMessage(error) });
    }
  },
  // Refreshes triggered by pushed events: failures (e.g. the session was just deleted) land in
  // the store's error state instead of escaping as unhandled rejections.
  async refreshNotes() {
    const id = get().sessionId;
    if (!id) return;
    try {
      const notes = await invoke('notes.list', { session_id: id });
      if (get().sessionId === id) set({ notes });
    } catch (error) {
      if (get().sessionId === id) set({ error: errorMessage(error) });
    }
  },
  async refreshChecklist() {
    const id = get().sessionId;
    if (!id) return;
    try {
      const checklist = await invoke('checklist.list', { session_id: id });
      if (get().sessionId === id) set({ checklist });
    } catch (error) {
      if (get().sessionId === id) set({ error: errorMessage(error) });
    }
  },
  async refreshSession() {
    const id = get().sessionId;
    if (!id) return;
    try {
      const session = await invoke('sessions.get', { id });
      if (get().sessionId === id) set({ session });
    } catch (error) {
      if (get().sessionId === id) set({ status: 'error', error: errorMessage(error) });
    }
  },
  forget(id) {
    if (get().sessionId !== id) return;
    seenKeys = new Set<string>();
    pendingSegments = [];
    set({ sessionId: null, session: null, status: 'idle', error: null, finals: [], partials: {}, notes: [], checklist: [] });
  },
  setSession(session) {
    if (session.id === get().sessionId) set({ session });
  },
  applySegment(segment) {
    if (segment.session_id !== get().sessionId) return;
    pendingSegments.push(segment);
    scheduleFlush(() => {
      const batch = pendingSegments;
      pendingSegments = [];
      const current = batch.filter((s) => s.session_id === get().sessionId);
      if (current.length > 0) set(foldSegments(get(), current, seenKeys));
    });
  },
  async addNote({ category, content }) {
    const id = get().sessionId;
    if (!id) return;
    const note = await invoke('notes.create', { session_id: id, category, content, importance: 'medium' });
    set({ notes: [...get().notes, note] });
  },
  async updateNote(id, content) {
    const note = await invoke('notes.update', { id, patch: { content } });
    set({ notes: get().notes.map((n) => (n.id === id ? note : n)) });
  },
  async deleteNote(id) {
    await invoke('notes.delete', { id });
    set({ notes: get().notes.filter((n) => n.id !== id) });
  },
  async addChecklistItem(text) {
    const id = get().sessionId;
    if (!id) return;
    const item = await invoke('checklist.add', { session_id: id, text });
    set({ checklist: [...get().checklist, item] });
  },
  async toggleChecklistItem(item) {
    // Optimistic, so the box ticks at once; the stored row (or the old one on failure) follows.
    const status = item.status === 'done' ? 'open' : 'done';
    const replace = (next: ChecklistItem) => set({ checklist: get().checklist.map((c) => (c.id === item.id ? next : c)) });
    replace({ ...item, status });
    try {
      replace(await invoke('checklist.setStatus', { id: item.id, status }));
    } catch (error) {
      replace(item);
      throw error;
    }
  },
  async deleteChecklistItem(id) {
    await invoke('checklist.delete', { id });
    set({ checklist: get().checklist.filter((c) => c.id !== id) });
  },
}));

/** Streams pushed transcript segments and session changes into the live store. */
export function watchLive(): () => void {
  const offSegments = on('transcript.segmentAdded', (segment) => useLive.getState().applySegment(segment));
  const offSessions = on('sessions.changed', ({ id }) => {
    if (id === useLive.getState().sessionId) void useLive.getState().refreshSession();
  });
  // The copilot adds notes and ticks checklist items as the conversation goes.
  const offNotes = onOptional<{ session_id: string }>('notes.changed', ({ session_id }) => {
    if (session_id === useLive.getState().sessionId) void useLive.getState().refreshNotes();
  });
  const offChecklist = onOptional<{ session_id: string }>('checklist.changed', ({ session_id }) => {
    if (session_id === useLive.getState().sessionId) void useLive.getState().refreshChecklist();
  });
  return () => {
    offSegments();
    offSessions();
    offNotes();
    offChecklist();
  };
}
