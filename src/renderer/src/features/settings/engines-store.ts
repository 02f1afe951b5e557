import { create } from 'zustand';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { CloudTestResult, CloudTranscription, EngineInfo, EnginesState, ModelInfo } from '../../../../shared/ipc/contracts/engines';
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
  /** The cloud endpoint's URL, model and whether a key is stored; null until loaded. */
  cloud: CloudTranscription | null;
  /** Loads the cloud endpoint settings; throws what went wrong (the form shows it). */
  loadCloud(): Promise<void>;
  /** Saves the cloud endpoint settings and refreshes the engines (a key makes the engine choosable). */
  saveCloud(input: IpcInput<'engines.setCloud'>): Promise<CloudTranscription>;
  /** Sends a short test clip with the given (or stored) settings. */
  testCloud(input: IpcInput<'engines.testCloud'>): Promise<CloudTestResult>;
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
    cloud: null,
    async loadCloud() {
      set({ cloud: await invoke('engines.getCloud', {}) });
    },
    async saveCloud(input) {
      const cloud = await invoke('engines.setCloud', input);
      set({ cloud });
      await get().load();
      return cloud;
    },
    testCloud: (input) => invoke('engines.testCloud', input),
  };
});
