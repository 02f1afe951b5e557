import { create } from 'zustand';
import type { Template } from '../../../../shared/domain/template';
import { errorMessage } from '../../app/format';
import { invoke } from '../../ipc';

interface TemplatesState {
  templates: Template[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
}

/** Conversation templates (system ones are seeded by the core). */
export const useTemplates = create<TemplatesState>((set, get) => ({
  templates: [],
  status: 'idle',
  error: null,
  async load() {
    if (get().status === 'ready') return;
    set({ status: 'loading', error: null });
    try {
      set({ templates: await invoke('templates.list', {}), status: 'ready' });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));
