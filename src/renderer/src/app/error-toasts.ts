import { create } from 'zustand';
import type { AppErrorOccurred } from '../../../shared/ipc/contracts/log';
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

/** Shows `app.errorOccurred` events as toasts that dismiss themselves after TOAST_MS. */
export function watchErrorToasts(): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const off = on('app.errorOccurred', (event) => {
    const id = useErrorToasts.getState().add(event);
    const timer = setTimeout(() => {
      timers.delete(timer);
      useErrorToasts.getState().dismiss(id);
    }, TOAST_MS);
    timers.add(timer);
  });
  return () => {
    off();
    for (const timer of timers) clearTimeout(timer);
  };
}
