import type { RawData, WebSocket } from 'ws';
import { AppError, serializeError, toError } from '../../../shared/errors';
import { MAX_IPC_PAYLOAD_CHARS, MAX_UPLOAD_PAYLOAD_CHARS } from '../../../shared/ipc/channels';
import { dispatchIpc } from '../../../shared/ipc/dispatch';
import type { CoreApi } from '../../create-core';
import { createLogger } from '../../log/logger';
import { decodeAudioFrame, type AudioChannel } from './audio-frame';

const log = createLogger('web-socket');

/**
 * Largest text message accepted: an upload request (base64, one byte per character) or a normal
 * request in the worst UTF-8 case, plus room for the envelope. dispatchIpc applies the per-channel limit.
 */
export const MAX_TEXT_MESSAGE_BYTES = Math.max(MAX_UPLOAD_PAYLOAD_CHARS, MAX_IPC_PAYLOAD_CHARS * 4) + 4096;

type PushAudio = (channel: AudioChannel, samples: Int16Array) => unknown;

/** The core's audio entry, when the transcription pipeline provides one. */
function findPushAudio(core: CoreApi): PushAudio | null {
  const candidate = (core as unknown as { pushAudio?: unknown }).pushAudio;
  return typeof candidate === 'function' ? (candidate.bind(core) as PushAudio) : null;
}

function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Serves one WebSocket connection with the Electron IPC contract: JSON requests
 * `{id, channel, input}` answered with `{id, result}`, binary audio frames passed to
 * `core.pushAudio`. Pushed events are broadcast by the caller.
 */
export function handleSocket(core: CoreApi, socket: WebSocket): void {
  const pushAudio = findPushAudio(core);
  let rejectedFrames = 0;

  // ws closes the connection itself (1009 for oversized messages); we only record why.
  socket.on('error', (error: Error & { code?: string }) => {
    log.warn('websocket connection error', { code: error.code ?? error.name });
  });

  socket.on('message', (data, isBinary) => {
    const buffer = rawToBuffer(data);
    if (isBinary) {
      try {
        if (!pushAudio) throw new AppError('transcriber.unavailable', 'This build has no audio pipeline');
        const { channel, samples } = decodeAudioFrame(buffer);
        const result = pushAudio(channel, samples);
        if (result instanceof Promise) result.catch((error: unknown) => reportAudioError(error));
      } catch (error) {
        reportAudioError(error);
      }
      return;
    }
    void answerRequest(buffer.toString('utf8'));
  });

  function reportAudioError(error: unknown): void {
    rejectedFrames += 1;
    // Once, then every 500th, so a misbehaving client cannot flood the log.
    if (rejectedFrames === 1 || rejectedFrames % 500 === 0) {
      log.warn('audio frame rejected', { rejectedFrames, code: serializeError(error).code });
    }
  }

  async function answerRequest(text: string): Promise<void> {
    let id: unknown = null;
    let result;
    try {
      const message: unknown = JSON.parse(text);
      if (typeof message !== 'object' || message === null) throw new AppError('validation.invalid_input', 'A request must be a JSON object');
      const request = message as { id?: unknown; channel?: unknown; input?: unknown };
      id = request.id;
      if (typeof id !== 'number' && typeof id !== 'string') throw new AppError('validation.invalid_input', 'A request needs an id');
      result = await dispatchIpc(core, request.channel, request.input);
    } catch (error) {
      const appError = error instanceof SyntaxError ? new AppError('validation.invalid_input', 'Request is not valid JSON') : error;
      result = { ok: false as const, error: serializeError(appError) };
    }
    if (socket.readyState !== socket.OPEN) return;
    try {
      socket.send(JSON.stringify({ id, result }));
    } catch (error) {
      log.warn('could not send a response', { message: toError(error).name });
    }
  }
}
