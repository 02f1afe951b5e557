import { AUDIO_PORT_CHANNEL, type LiveconvoBridge } from '../shared/ipc/bridge';
import { IPC_CHANNELS, PUSH_EVENTS } from '../shared/ipc/channels';

/** The slice of Electron's ipcRenderer the bridge uses (injected so it can be tested). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: { ports: readonly AudioPortLike[] }, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: { ports: readonly AudioPortLike[] }, ...args: unknown[]) => void): unknown;
}

/** The renderer's end of its audio channel to the core process. */
export interface AudioPortLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
}
type Transferable = ArrayBuffer;

const channels = new Set<string>(IPC_CHANNELS);
const events = new Set<string>(PUSH_EVENTS);

/**
 * Builds `window.liveconvo`: invoke and on, checked against the allowlists, plus sendAudio over
 * the port main hands over. Never exposes ipcRenderer, the IPC event, or a generic send.
 */
export function createBridge(ipc: PreloadIpc): LiveconvoBridge {
  let audioPort: AudioPortLike | null = null;
  ipc.on(AUDIO_PORT_CHANNEL, (event) => {
    audioPort = event.ports[0] ?? audioPort;
  });
  const bridge = {
    async invoke(channel: string, input: unknown) {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return { ok: false, error: { code: 'ipc.unknown_channel', message: `Unknown channel: ${String(channel).slice(0, 100)}` } };
      }
      try {
        return await ipc.invoke(channel, input);
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The request could not reach the app' } };
      }
    },
    on(event: string, listener: (payload: unknown) => void) {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event: ${String(event).slice(0, 100)}`);
      if (typeof listener !== 'function') throw new Error('A listener must be a function');
      const handle = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(event, handle);
      return () => void ipc.removeListener(event, handle);
    },
    sendAudio(channel: 'mic' | 'system', samples: Int16Array) {
      if (!audioPort || (channel !== 'mic' && channel !== 'system') || !(samples instanceof Int16Array)) return false;
      const buffer = samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength);
      if (!(buffer instanceof ArrayBuffer)) return false;
      audioPort.postMessage({ type: 'audio', channel, samples: buffer }, [buffer]);
      return true;
    },
  };
  return bridge as LiveconvoBridge;
}
