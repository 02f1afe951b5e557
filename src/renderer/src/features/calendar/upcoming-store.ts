import { create } from 'zustand';
import type { UpcomingResult } from '../../../../shared/ipc/contracts/calendar';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';

/** How many events Home shows. */
export const UPCOMING_LIMIT = 5;

interface UpcomingState {
  result: UpcomingResult | null;
  /** When `result` was read: the "now" its labels are relative to. */
  loadedAt: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
}

/** Home's "Upcoming" events; a reload keeps the shown list until the new one arrives. */
export const useUpcoming = create<UpcomingState>((set, get) => ({
  result: null,
  loadedAt: 0,
  status: 'idle',
  error: null,
  async load() {
    if (get().status !== 'ready') set({ status: 'loading', error: null });
    try {
      const result = await invoke('calendar.upcoming', { limit: UPCOMING_LIMIT });
      set({ result, loadedAt: Date.now(), status: 'ready', error: null });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));

/**
 * Keeps the list current while Home is open: after sync changes (new events, sign-in/out),
 * session changes (a session started from an event) and every minute (events start and end).
 */
export function watchUpcoming(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reload = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void useUpcoming.getState().load(), 250);
  };
  const offSync = on('sync.statusChanged', reload);
  const offSessions = on('sessions.changed', reload);
  const tick = setInterval(() => void useUpcoming.getState().load(), 60_000);
  return () => {
    clearTimeout(timer);
    clearInterval(tick);
    offSync();
    offSessions();
  };
}
