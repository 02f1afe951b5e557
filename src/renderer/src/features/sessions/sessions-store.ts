import { create } from 'zustand';
import type { Session } from '../../../../shared/domain/session';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';
import type { ShownStatus } from './StatusBadge';

interface SessionsState {
  sessions: Session[];
  /** The session the core's recorder is capturing right now (any window, the tray included). */
  recordingId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The sessions list of the home screen; refreshes when the core reports a change. */
export const useSessions = create<SessionsState>((set, get) => ({
  sessions: [],
  recordingId: null,
  status: 'idle',
  error: null,
  async load() {
    if (get().status !== 'ready') set({ status: 'loading', error: null });
    try {
      const [sessions, recorder] = await Promise.all([invoke('sessions.list', { limit: 500 }), invoke('recording.status', {})]);
      set({ sessions, recordingId: recorder.state === 'idle' ? null : recorder.session_id, status: 'ready', error: null });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  async remove(id) {
    await invoke('sessions.delete', { id });
    set({ sessions: get().sessions.filter((s) => s.id !== id) });
  },
}));

/**
 * What a row shows: a session stored as recording (or paused) that the recorder is not capturing was
 * interrupted — a crash, a closed window — and can be resumed or ended from its page.
 */
export function shownStatus(session: Session, recordingId: string | null): ShownStatus {
  const live = session.status === 'active' || session.status === 'paused';
  return live && session.id !== recordingId ? 'interrupted' : session.status;
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Starts refreshing the list on `sessions.changed`, coalescing bursts. */
export function watchSessions(): () => void {
  return on('sessions.changed', () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void useSessions.getState().load(), 100);
  });
}
