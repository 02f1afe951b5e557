import { create } from 'zustand';
import type { Session } from '../../../../shared/domain/session';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';

interface SessionsState {
  sessions: Session[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The sessions list of the home screen; refreshes when the core reports a change. */
export const useSessions = create<SessionsState>((set, get) => ({
  sessions: [],
  status: 'idle',
  error: null,
  async load() {
    if (get().status !== 'ready') set({ status: 'loading', error: null });
    try {
      const sessions = await invoke('sessions.list', { limit: 500 });
      set({ sessions, status: 'ready', error: null });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  async remove(id) {
    await invoke('sessions.delete', { id });
    set({ sessions: get().sessions.filter((s) => s.id !== id) });
  },
}));

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Starts refreshing the list on `sessions.changed`, coalescing bursts. */
export function watchSessions(): () => void {
  return on('sessions.changed', () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void useSessions.getState().load(), 100);
  });
}
