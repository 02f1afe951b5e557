import { spawn, spawnSync } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError } from '../../shared/errors';
import { createLogger } from '../log/logger';
import { decodeToMonoFloat, floatToInt16, StreamResampler, TARGET_SAMPLE_RATE } from './pcm';
import { parseWavHeader, type WavInfo } from './wav';

const log = createLogger('audio');

/** An audio file opened for streaming as 16 kHz mono Int16 chunks. */
export interface AudioFileStream {
  /** How the file was decoded: 'wav' natively, or the codec name handed to ffmpeg. */
  readonly codec: string;
  /** Source sample rate and channels when known (WAV), for diagnostics. */
  readonly source: { sampleRate: number | null; channels: number | null };
  /** Yields consecutive chunks of about `chunkMs` each; never loads the whole file. */
  chunks(): AsyncGenerator<Int16Array>;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Opens an audio file for streaming. WAV is read natively; other formats go through the
 * `ffmpeg` binary (LIVECONVO_FFMPEG or PATH) when present.
 * @throws AppError('audio.invalid') for an empty, truncated or unreadable file.
 * @throws AppError('audio.unsupported_format') for a WAV codec we cannot convert.
 * @throws AppError('audio.codec_missing') naming the codec when ffmpeg is not installed.
 */
export async function openAudioFile(path: string, options: { chunkMs?: number; ffmpegPath?: string } = {}): Promise<AudioFileStream> {
  const chunkMs = options.chunkMs ?? 100;
  const size = await stat(path).then(
    (s) => s.size,
    (cause: unknown) => {
      throw new AppError('audio.invalid', 'The audio file cannot be read', { cause });
    },
  );
  if (size === 0) throw new AppError('audio.invalid', 'The audio file is empty');
  const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const container = sniffContainer(head);
  if (container === 'wav' || extname(path).toLowerCase() === '.wav') {
    const info = parseWavHeader(head, size);
    return {
      codec: 'wav',
      source: { sampleRate: info.sampleRate, channels: info.channels },
      chunks: () => readWavChunks(path, info, chunkMs),
    };
  }
  const ffmpeg = options.ffmpegPath ?? process.env['LIVECONVO_FFMPEG'] ?? 'ffmpeg';
  if (!hasBinary(ffmpeg)) {
    throw new AppError('audio.codec_missing', `Decoding ${container.toUpperCase()} audio needs ffmpeg, which is not installed`, {
      details: { codec: container },
    });
  }
  return { codec: container, source: { sampleRate: null, channels: null }, chunks: () => readWithFfmpeg(ffmpeg, path, chunkMs) };
}

/** Names the container from its magic bytes (for decoding and for clear errors). */
export function sniffContainer(head: Buffer): string {
  const ascii = (from: number, to: number) => head.toString('ascii', from, to);
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (ascii(4, 8) === 'ftyp') return 'm4a';
  if (head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  return 'unknown';
}

const binaryCache = new Map<string, boolean>();
function hasBinary(command: string): boolean {
  let found = binaryCache.get(command);
  if (found === undefined) {
    found = spawnSync(command, ['-version'], { stdio: 'ignore' }).status === 0;
    binaryCache.set(command, found);
  }
  return found;
}

async function* readWavChunks(path: string, info: WavInfo, chunkMs: number): AsyncGenerator<Int16Array> {
  const frameBytes = info.bytesPerSample * info.channels;
  const framesPerChunk = Math.max(1, Math.round((info.sampleRate * chunkMs) / 1000));
  const buffer = Buffer.alloc(framesPerChunk * frameBytes);
  const resampler = new StreamResampler(info.sampleRate);
  const isNative = info.format === 'pcm_s16' && info.channels === 1 && info.sampleRate === TARGET_SAMPLE_RATE;
  const handle = await open(path, 'r');
  try {
    let position = info.dataOffset;
    const end = info.dataOffset + info.dataBytes;
    while (position < end) {
      const want = Math.min(buffer.length, end - position);
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const bytes = buffer.subarray(0, bytesRead - (bytesRead % frameBytes));
      if (isNative) {
        const copy = new Int16Array(bytes.length / 2);
        Buffer.from(copy.buffer).set(bytes);
        yield copy;
      } else {
        yield floatToInt16(resampler.push(decodeToMonoFloat(bytes, info.format, info.channels)));
      }
    }
  } finally {
    await handle.close();
  }
}

async function* readWithFfmpeg(ffmpeg: string, path: string, chunkMs: number): AsyncGenerator<Int16Array> {
  const child = spawn(ffmpeg, ['-nostdin', '-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', String(TARGET_SAMPLE_RATE), 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4000) stderr += text;
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const chunkBytes = Math.round((TARGET_SAMPLE_RATE * chunkMs) / 1000) * 2;
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      while (pending.length >= chunkBytes) {
        yield toInt16(pending.subarray(0, chunkBytes));
        pending = pending.subarray(chunkBytes);
      }
    }
    const code = await exited;
    if (code !== 0) {
      log.warn('ffmpeg failed', { code });
      throw new AppError('audio.unsupported_format', `ffmpeg could not decode the file: ${firstLine(stderr)}`, { details: { exitCode: code } });
    }
    if (pending.length >= 2) yield toInt16(pending.subarray(0, pending.length - (pending.length % 2)));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

function toInt16(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.length / 2);
  Buffer.from(out.buffer).set(bytes);
  return out;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? 'unknown error';
  // ffmpeg prefixes errors with the input path; keep only the reason.
  return line.replace(/^.*?:\s(?=[A-Z])/, '').slice(0, 200);
}
