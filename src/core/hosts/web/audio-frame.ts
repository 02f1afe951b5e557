import { AppError } from '../../../shared/errors';

/** Audio source of a binary WebSocket frame: byte 0 of the frame. */
export type AudioChannel = 'mic' | 'system';

/** Largest accepted audio frame: 2 s of 16 kHz Int16 plus the 2-byte header. */
export const MAX_AUDIO_FRAME_BYTES = 2 + 2 * 16_000 * 2;

/**
 * Decodes `[u8 channel 0=mic/1=system][u8 reserved=0][Int16LE samples…]` into a channel and a
 * copy of its samples (copied so the Int16Array is aligned whatever the socket buffer offset).
 * @throws AppError('audio.invalid') for an unknown channel, a non-zero reserved byte or an odd length.
 */
export function decodeAudioFrame(frame: Uint8Array): { channel: AudioChannel; samples: Int16Array } {
  if (frame.byteLength < 2 || frame.byteLength > MAX_AUDIO_FRAME_BYTES) {
    throw new AppError('audio.invalid', `Audio frame of ${frame.byteLength} bytes is outside 2..${MAX_AUDIO_FRAME_BYTES}`);
  }
  const channelByte = frame[0];
  if (channelByte !== 0 && channelByte !== 1) throw new AppError('audio.invalid', `Unknown audio channel ${String(channelByte)}`);
  if (frame[1] !== 0) throw new AppError('audio.invalid', 'Reserved audio frame byte must be 0');
  const body = frame.byteLength - 2;
  if (body % 2 !== 0) throw new AppError('audio.invalid', 'Audio frame body must be whole Int16 samples');
  const samples = new Int16Array(body / 2);
  const view = new DataView(frame.buffer, frame.byteOffset + 2, body);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return { channel: channelByte === 0 ? 'mic' : 'system', samples };
}

/** Encodes samples as a binary frame (used by tests and non-browser clients). */
export function encodeAudioFrame(channel: AudioChannel, samples: Int16Array): Uint8Array {
  const frame = new Uint8Array(2 + samples.length * 2);
  frame[0] = channel === 'mic' ? 0 : 1;
  const view = new DataView(frame.buffer, 2);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] ?? 0, true);
  return frame;
}
