import type { IpcChannel, IpcInput, IpcOutput, IpcResult, PushEvent, PushEvents } from './contract';

/** The property of `window` the preload exposes the bridge on. */
export const BRIDGE_KEY = 'liveconvo';

/** Internal main → preload channel that hands the renderer its audio MessagePort. */
export const AUDIO_PORT_CHANNEL = 'liveconvo:audio-port';

/**
 * What the preload exposes as `window.liveconvo` in Electron. Renderer code reaches it only
 * through its `ipc.ts`, which declares `window.liveconvo` and unwraps the envelope.
 */
export interface LiveconvoBridge {
  /** Calls a contract channel; unknown channels resolve to an `ipc.unknown_channel` error envelope. */
  invoke<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResult<IpcOutput<C>>>;
  /** Subscribes to a pushed event; returns the unsubscribe function. @throws for an unknown event. */
  on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
  /**
   * Sends 16 kHz mono Int16 samples straight to the core process (not through main).
   * Returns false when the audio port is not connected yet or the input is not an Int16Array.
   */
  sendAudio(channel: 'mic' | 'system', samples: Int16Array): boolean;
}
