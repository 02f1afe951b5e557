import { create } from 'zustand';
import type { AppErrorOccurred } from '../../../shared/ipc/contracts/log';
import type { SyncMutationRejected } from '../../../shared/ipc/contracts/sync';
import { on } from '../ipc';

/** How many toasts show at once (older ones give way) and how long one stays. */
export const MAX_TOASTS = 3;
export const TOAST_MS = 12_000;

/** One toast about a background failure. */
export interface ErrorToast extends AppErrorOccurred {
  id: number;
}

interface ErrorToastsState {
  toasts: ErrorToast[];
  add(event: AppErrorOccurred): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Background failures reported by the core (`app.errorOccurred`), newest last. */
export const useErrorToasts = create<ErrorToastsState>((set, get) => ({
  toasts: [],
  add(event) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...event, id }].slice(-MAX_TOASTS) });
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

// What a synced table's row is called in a sentence; tables not listed use a generic word.
const ROW_NAMES: Record<string, string> = {
  sessions: 'a session',
  transcripts: 'a transcript line',
  smart_notes: 'a note',
  summaries: 'a summary',
  guidance: 'a guidance card',
  custom_reports: 'a report',
  prep_checklist: 'a checklist item',
  collaborative_action_items: 'an action item',
  session_context: 'session context',
  meeting_metadata: 'meeting details',
};
const OPS: Record<SyncMutationRejected['op'], string> = { insert: 'new', update: 'edited', delete: 'deleted' };

/**
 * The toast for a local write the sync server refused: the core has already rolled the row back,
 * so the user is told what was undone and the server's reason (its message names no user content).
 */
export function rejectionToast(rejected: SyncMutationRejected, at: number): AppErrorOccurred {
  const what = ROW_NAMES[rejected.table] ?? 'an item';
  const reason = rejected.message.trim().slice(0, 200) || rejected.code;
  return {
    code: rejected.code,
    message: `The server refused ${what} (${OPS[rejected.op]}) and it was undone on this device: ${reason}`,
    repeated: 0,
    at,
  };
}

/** Shows `app.errorOccurred` events and refused sync writes as toasts that dismiss themselves after TOAST_MS. */
export function watchErrorToasts(): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const show = (event: AppErrorOccurred) => {
    const id = useErrorToasts.getState().add(event);
    const timer = setTimeout(() => {
      timers.delete(timer);
      useErrorToasts.getState().dismiss(id);
    }, TOAST_MS);
    timers.add(timer);
  };
  const offErrors = on('app.errorOccurred', show);
  const offRejected = on('sync.mutationRejected', (rejected) => show(rejectionToast(rejected, Date.now())));
  return () => {
    offErrors();
    offRejected();
    for (const timer of timers) clearTimeout(timer);
  };
}
