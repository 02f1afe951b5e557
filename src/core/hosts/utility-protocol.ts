import type { SerializedAppError } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc/contract';

/**
 * Messages between Electron main and the core's utility process (STYLE.md §2). Main talks over
 * the utility's parentPort; each renderer also gets a direct MessagePort for audio frames.
 */

/** Main → core. */
export type ToCoreMessage =
  | { type: 'request'; id: number; channel: string; input: unknown }
  | { type: 'secret-result'; id: number; result: IpcResult<string | null> }
  /** Carries a MessagePort (in the transfer list) whose messages are AudioMessage. */
  | { type: 'audio-port' }
  | { type: 'shutdown' };

/** Core → main. */
export type FromCoreMessage =
  | { type: 'ready' }
  | { type: 'fatal'; error: SerializedAppError }
  | { type: 'response'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'secret'; id: number; op: 'get' | 'delete'; key: string }
  | { type: 'secret'; id: number; op: 'set'; key: string; value: string };

/** Renderer → core over an audio port: 16 kHz mono Int16 samples in a transferred ArrayBuffer. */
export interface AudioMessage {
  type: 'audio';
  channel: 'mic' | 'system';
  samples: ArrayBuffer;
}

/** Environment variables main passes to the utility process. */
export const CORE_ENV = { dataDir: 'LIVECONVO_DATA_DIR', version: 'LIVECONVO_VERSION', migrationsDir: 'LIVECONVO_MIGRATIONS_DIR' } as const;

/** The database file inside the data directory (same as the headless host's). */
export const DATABASE_FILE = 'liveconvo.db';

/**
 * One end of a message channel, whatever its runtime: Electron's parentPort, MessagePortMain,
 * UtilityProcess, or Node's worker_threads MessagePort in tests.
 */
export interface MessageLink {
  post(message: unknown): void;
  /** Calls `listener` with each message's data; returns a function that stops listening. */
  listen(listener: (data: unknown, ports: readonly MessageLinkPort[]) => void): () => void;
}

/** A transferred port as received; adapted to a MessageLink by the host. */
export type MessageLinkPort = unknown;

/** Narrows an unknown message to an object with a string `type`. */
export function messageType(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' ? type : null;
}
