import { AppError, deserializeError, serializeError } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc/contract';
import { dispatchIpc } from '../../shared/ipc/dispatch';
import type { CoreApi } from '../create-core';
import { createLogger } from '../log/logger';
import type { SecretStore } from '../ports';
import type { FromCoreMessage, MessageLink, ToCoreMessage } from './utility-protocol';
import { messageType } from './utility-protocol';
import { MAX_AUDIO_FRAME_BYTES, type AudioChannel } from './web/audio-frame';

const log = createLogger('utility-port');

type PushAudio = (channel: AudioChannel, samples: Int16Array) => unknown;

/** The core's audio entry, when the transcription pipeline provides one. */
export function findPushAudio(core: CoreApi): PushAudio | null {
  const candidate = (core as unknown as { pushAudio?: unknown }).pushAudio;
  return typeof candidate === 'function' ? (candidate.bind(core) as PushAudio) : null;
}

/**
 * Serves the IPC contract to main over `link`: each request goes through dispatchIpc (zod parse,
 * handler, result envelope) and every pushed event is forwarded. Returns a detach function.
 */
export function serveCore(core: CoreApi, link: MessageLink): () => void {
  const unsubscribe = core.subscribe((event, payload) => link.post({ type: 'event', event, payload } satisfies FromCoreMessage));
  const stop = link.listen((data) => {
    if (messageType(data) !== 'request') return;
    const { id, channel, input } = data as Extract<ToCoreMessage, { type: 'request' }>;
    if (typeof id !== 'number') return;
    void dispatchIpc(core, channel, input).then((result) => link.post({ type: 'response', id, result } satisfies FromCoreMessage));
  });
  return () => {
    unsubscribe();
    stop();
  };
}

/** Decodes one audio message; throws AppError('audio.invalid') for anything but whole Int16 frames. */
export function decodeAudioMessage(data: unknown): { channel: AudioChannel; samples: Int16Array } {
  if (messageType(data) !== 'audio') throw new AppError('audio.invalid', 'Not an audio message');
  const { channel, samples } = data as { channel?: unknown; samples?: unknown };
  if (channel !== 'mic' && channel !== 'system') throw new AppError('audio.invalid', 'Audio channel must be mic or system');
  if (!(samples instanceof ArrayBuffer)) throw new AppError('audio.invalid', 'Audio samples must be an ArrayBuffer');
  if (samples.byteLength % 2 !== 0 || samples.byteLength > MAX_AUDIO_FRAME_BYTES) {
    throw new AppError('audio.invalid', `Audio frame of ${samples.byteLength} bytes is not whole Int16 samples within the limit`);
  }
  return { channel, samples: new Int16Array(samples) };
}

/**
 * Passes audio frames from a renderer's port to `core.pushAudio`. Bad frames are dropped and
 * counted (logged once, then every 500th) so a misbehaving page cannot flood the log.
 */
export function serveAudio(core: CoreApi, link: MessageLink): () => void {
  let rejected = 0;
  const report = (error: unknown): void => {
    rejected += 1;
    if (rejected === 1 || rejected % 500 === 0) log.warn('audio frame rejected', { rejected, code: serializeError(error).code });
  };
  return link.listen((data) => {
    try {
      const pushAudio = findPushAudio(core);
      if (!pushAudio) throw new AppError('transcriber.unavailable', 'This build has no audio pipeline');
      const { channel, samples } = decodeAudioMessage(data);
      const result = pushAudio(channel, samples);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  });
}

/**
 * A SecretStore that asks main (which owns Electron's safeStorage) over `link`.
 * @throws AppError from main when the keychain is unavailable.
 */
export function createRemoteSecretStore(link: MessageLink): SecretStore {
  let nextId = 1;
  const pending = new Map<number, (result: IpcResult<string | null>) => void>();
  link.listen((data) => {
    if (messageType(data) !== 'secret-result') return;
    const { id, result } = data as Extract<ToCoreMessage, { type: 'secret-result' }>;
    pending.get(id)?.(result);
    pending.delete(id);
  });
  type SecretAsk = { type: 'secret'; op: 'get' | 'delete'; key: string } | { type: 'secret'; op: 'set'; key: string; value: string };
  const ask = (message: SecretAsk): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (result) => (result.ok ? resolve(result.value) : reject(deserializeError(result.error))));
      link.post({ ...message, id });
    });
  return {
    get: (key) => ask({ type: 'secret', op: 'get', key }),
    set: async (key, value) => {
      await ask({ type: 'secret', op: 'set', key, value });
    },
    delete: async (key) => {
      await ask({ type: 'secret', op: 'delete', key });
    },
  };
}
