import { AppError } from '../../shared/errors';

/** Sample encodings a WAV file may carry that we can convert without a codec. */
export type WavSampleFormat = 'pcm_u8' | 'pcm_s16' | 'pcm_s24' | 'pcm_s32' | 'float32' | 'float64';

/** What a WAV header says about the audio that follows it. */
export interface WavInfo {
  format: WavSampleFormat;
  channels: number;
  sampleRate: number;
  bytesPerSample: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data actually present (a truncated file reports what is there). */
  dataBytes: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Parses a RIFF/WAVE header from the first bytes of a file (at least up to the `data` chunk).
 * `fileSize` bounds the data chunk so a truncated file still yields its samples.
 * @throws AppError('audio.invalid') for an empty or truncated header or a non-WAV file.
 * @throws AppError('audio.unsupported_format') for a WAV codec other than PCM or float.
 */
export function parseWavHeader(head: Buffer, fileSize: number): WavInfo {
  if (fileSize === 0) throw new AppError('audio.invalid', 'The audio file is empty');
  if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') {
    throw new AppError('audio.invalid', 'Not a WAV file (missing RIFF/WAVE header)');
  }
  let offset = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes'> | undefined;
  while (offset + 8 <= head.length) {
    const id = head.toString('ascii', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > head.length) break;
      fmt = parseFmt(head, body, size);
    } else if (id === 'data') {
      if (!fmt) throw new AppError('audio.invalid', 'WAV data chunk comes before its format chunk');
      const available = Math.max(0, fileSize - body);
      const declared = size === 0 || size === 0xffffffff ? available : size;
      const dataBytes = Math.min(declared, available);
      const frame = fmt.bytesPerSample * fmt.channels;
      return { ...fmt, dataOffset: body, dataBytes: dataBytes - (dataBytes % frame) };
    }
    offset = body + size + (size % 2);
  }
  throw new AppError('audio.invalid', 'Truncated WAV header (no complete fmt and data chunks)');
}

function parseFmt(head: Buffer, body: number, size: number): Omit<WavInfo, 'dataOffset' | 'dataBytes'> {
  let tag = head.readUInt16LE(body);
  const channels = head.readUInt16LE(body + 2);
  const sampleRate = head.readUInt32LE(body + 4);
  const bits = head.readUInt16LE(body + 14);
  if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= head.length) tag = head.readUInt16LE(body + 24);
  if (channels < 1 || channels > 32 || sampleRate < 1000 || sampleRate > 384_000) {
    throw new AppError('audio.invalid', 'WAV header has an impossible channel count or sample rate', { details: { channels, sampleRate } });
  }
  const format = sampleFormat(tag, bits);
  return { format, channels, sampleRate, bytesPerSample: bits / 8 };
}

function sampleFormat(tag: number, bits: number): WavSampleFormat {
  if (tag === WAVE_FORMAT_PCM) {
    if (bits === 8) return 'pcm_u8';
    if (bits === 16) return 'pcm_s16';
    if (bits === 24) return 'pcm_s24';
    if (bits === 32) return 'pcm_s32';
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits === 32) return 'float32';
    if (bits === 64) return 'float64';
  }
  throw new AppError('audio.unsupported_format', `WAV encoding ${tag} with ${bits}-bit samples is not supported`, {
    details: { formatTag: tag, bitsPerSample: bits },
  });
}

/** Encodes 16-bit mono PCM as a WAV file (for engines that take whole files). */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  Buffer.from(samples.buffer, samples.byteOffset, dataBytes).copy(out, 44);
  return out;
}
