import { AppError, deserializeError, type SerializedAppError } from '../../shared/errors';
import type { LiveconvoBridge } from '../../shared/ipc/bridge';
import { IPC_CHANNELS, PUSH_EVENTS } from '../../shared/ipc/channels';
import type { IpcChannel, IpcInput, IpcOutput, IpcResult, PushEvent, PushEvents } from '../../shared/ipc/contract';

// The only module that touches the transport (STYLE.md §4). In Electron the preload exposes
// window.liveconvo; in web mode we speak the same envelope over a WebSocket to the headless host.

type Listener = (payload: unknown) => void;

declare global {
  interface Window {
    liveconvo?: LiveconvoBridge;
  }
}

/** Web-mode connection state, shown as a banner when not connected. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Transport {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  on(event: string, listener: Listener): () => void;
  sendAudio(channel: 'mic' | 'system', samples: Int16Array): boolean;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

function createBridgeTransport(bridge: LiveconvoBridge): Transport {
  // The bridge is typed per channel; this module is where the untyped envelope is handled.
  const untyped = bridge as unknown as {
    invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
    on(event: string, listener: Listener): () => void;
  };
  return {
    invoke: (channel, input) => untyped.invoke(channel, input),
    on: (event, listener) => untyped.on(event, listener),
    sendAudio: (channel, samples) => bridge.sendAudio(channel, samples),
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
  };
}

interface Pending {
  resolve: (result: IpcResult<unknown>) => void;
}

/** A WebSocket client with the Electron IPC envelope; reconnects with backoff. */
function createSocketTransport(url: string): Transport {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  // Requests made while (re)connecting wait for the socket, but not forever.
  const queue: { id: number; message: string }[] = [];
  const QUEUE_TIMEOUT_MS = 8_000;
  let nextId = 1;
  let socket: WebSocket;
  let state: ConnectionState = 'connecting';
  let retryMs = 250;

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function connect(): void {
    setState('connecting');
    socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const { id, message } of queue.splice(0)) if (pending.has(id)) socket.send(message);
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      const data = JSON.parse(message.data) as { id?: number; result?: IpcResult<unknown>; event?: string; payload?: unknown };
      if (typeof data.id === 'number' && data.result) {
        pending.get(data.id)?.resolve(data.result);
        pending.delete(data.id);
      } else if (typeof data.event === 'string') {
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
      }
    };
    socket.onclose = () => {
      const error: SerializedAppError = { code: 'ipc.disconnected', message: 'Lost the connection to LiveConvo' };
      for (const request of pending.values()) request.resolve({ ok: false, error });
      pending.clear();
      setState('closed');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  }
  connect();

  return {
    invoke(channel, input) {
      const id = nextId++;
      const message = JSON.stringify({ id, channel, input });
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        if (state === 'open') {
          socket.send(message);
          return;
        }
        queue.push({ id, message });
        setTimeout(() => {
          const index = queue.findIndex((q) => q.id === id);
          if (index < 0) return;
          queue.splice(index, 1);
          pending.delete(id);
          resolve({ ok: false, error: { code: 'ipc.disconnected', message: 'Lost the connection to LiveConvo; try again when it is back' } });
        }, QUEUE_TIMEOUT_MS);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    sendAudio(channel, samples) {
      if (state !== 'open') return false;
      const frame = new Uint8Array(2 + samples.byteLength);
      frame[0] = channel === 'mic' ? 0 : 1;
      frame.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), 2);
      socket.send(frame);
      return true;
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

let transport: Transport | undefined;
function getTransport(): Transport {
  if (!transport) {
    const bridge = window.liveconvo;
    const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    transport = bridge ? createBridgeTransport(bridge) : createSocketTransport(socketUrl);
  }
  return transport;
}

function unwrap<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw deserializeError(result.error);
  return result.value as T;
}

/** True when the running core offers `channel` (features land channel by channel). */
export function hasChannel(channel: string): boolean {
  return (IPC_CHANNELS as readonly string[]).includes(channel);
}

/** Calls a channel and returns its value. @throws AppError from the core or the transport. */
export async function invoke<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  return unwrap<IpcOutput<C>>(await getTransport().invoke(channel, input));
}

/**
 * Calls a channel that may not exist in this build yet; callers show a "not available" state.
 * @throws AppError('ipc.unknown_channel') when the contract has no such channel.
 */
export async function invokeOptional<T>(channel: string, input: unknown): Promise<T> {
  if (!hasChannel(channel)) throw new AppError('ipc.unknown_channel', `${channel} is not available in this build`);
  return unwrap<T>(await getTransport().invoke(channel, input));
}

/** Subscribes to a pushed event; returns the unsubscribe function. */
export function on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
  return getTransport().on(event, listener as Listener);
}

/** Subscribes to an event that may not exist in this build yet. */
export function onOptional<T>(event: string, listener: (payload: T) => void): () => void {
  if (!(PUSH_EVENTS as readonly string[]).includes(event)) return () => undefined;
  return getTransport().on(event, listener as Listener);
}

/** Sends one 16 kHz mono Int16 frame to the core; false when it could not be sent. */
export function sendAudio(channel: 'mic' | 'system', samples: Int16Array): boolean {
  return getTransport().sendAudio(channel, samples);
}

/** Watches the transport connection (always 'open' in Electron). */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return getTransport().onConnection(listener);
}
