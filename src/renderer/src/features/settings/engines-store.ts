import { create } from 'zustand';
import type { EngineInfo, EnginesState, ModelInfo } from '../../../../shared/ipc/contracts/engines';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';

interface EnginesStore {
  /** Engines, models and the current choice; null until the first load answers. */
  state: EnginesState | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last failed action or load, cleared by the next success. */
  error: string | null;
  /** (Re)loads engines and models; keeps listening to download progress. */
  load(): Promise<void>;
  select(engine: EngineInfo['id'], modelId?: string): Promise<void>;
  download(modelId: string): Promise<void>;
  cancel(modelId: string): Promise<void>;
}

let stopListening: (() => void) | null = null;

/** Transcription engines and downloadable models, shared by Settings and the first-run tour. */
export const useEngines = create<EnginesStore>((set, get) => {
  function replaceModel(model: ModelInfo): void {
    const state = get().state;
    if (state) set({ state: { ...state, models: state.models.map((m) => (m.id === model.id ? model : m)) } });
  }
  async function run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      set({ error: null });
    } catch (caught) {
      set({ error: errorMessage(caught) });
    }
  }
  return {
    state: null,
    status: 'idle',
    error: null,
    async load() {
      // Progress pushed while the screen is away still lands, so a download survives navigation.
      stopListening ??= on('models.downloadProgressed', replaceModel);
      set({ status: get().state ? 'ready' : 'loading' });
      try {
        set({ state: await invoke('engines.list', {}), status: 'ready', error: null });
      } catch (caught) {
        set({ status: get().state ? 'ready' : 'error', error: errorMessage(caught) });
      }
    },
    select: (engine, modelId) =>
      run(async () => set({ state: await invoke('engines.select', modelId === undefined ? { engine } : { engine, model_id: modelId }) })),
    download: (modelId) => run(async () => replaceModel(await invoke('models.download', { model_id: modelId }))),
    cancel: (modelId) => run(async () => replaceModel(await invoke('models.cancel', { model_id: modelId }))),
  };
});
