import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { downloadModelFile, type DownloadProgress } from './model-download';
import type { Transcriber, UtteranceDecoder } from './transcriber';

/** One file of a model: where to fetch it and how to check it. */
export interface SherpaModelFile {
  url: string;
  /**
   * Lowercase hex SHA-256 the file must have, or null where no published checksum could be found
   * (then the file is checked by `validateModelFile` for its role instead; see SHERPA_MODELS).
   */
  sha256: string | null;
  /** Size as published by the host (rounded there to three significant digits), for progress only. */
  approxBytes?: number | null;
}

/** The files of a streaming transducer model. */
export type SherpaModelRole = 'encoder' | 'decoder' | 'joiner' | 'tokens';

/** A streaming transducer model: where to fetch each file and how to verify it. */
export interface SherpaModelManifest {
  id: string;
  label?: string;
  files: Record<SherpaModelRole, SherpaModelFile>;
}

/** Options of the sherpa-onnx engine. */
export interface SherpaOnnxOptions {
  dataDir: string;
  /** A model id from `SHERPA_MODELS`, or a full manifest. */
  modelId: string;
  manifest?: SherpaModelManifest;
  onProgress?: (file: string, progress: DownloadProgress) => void;
}

/** The model the settings choose when none was picked. */
export const DEFAULT_SHERPA_MODEL_ID = 'streaming-zipformer-en-2023-06-26-int8';

const ZIPFORMER_EN_2023_06_26 = 'https://huggingface.co/csukuangfj/sherpa-onnx-streaming-zipformer-en-2023-06-26/resolve/6037ea07e3abfe599ad00d418968bcf9656e7472';

/**
 * Known models. URLs are pinned to one revision of the model repository, so the bytes behind them
 * cannot change; each SHA-256 is the Git LFS object id the host publishes for that file (the
 * SHA-256 of its content), and sizes are the host's rounded figures.
 *
 * Gap, stated plainly: `tokens.txt` is a small plain-text file kept outside Git LFS, and no
 * published SHA-256 for it could be found, so none is pinned (none was invented). It is checked
 * instead by `validateModelFile`: every line `<symbol> <id>` with ids 0, 1, 2, … in order, which a
 * truncated or wrong file fails. Whoever can fetch it once should pin its SHA-256 here.
 */
export const SHERPA_MODELS: Record<string, SherpaModelManifest> = {
  [DEFAULT_SHERPA_MODEL_ID]: {
    id: DEFAULT_SHERPA_MODEL_ID,
    label: 'English streaming Zipformer (int8, 2023-06-26)',
    files: {
      encoder: {
        url: `${ZIPFORMER_EN_2023_06_26}/encoder-epoch-99-avg-1-chunk-16-left-64.int8.onnx`,
        sha256: '0d072fd4ef956294ba9db9e9a71a541ac70659095ec4934c8453d8b2fe740187',
        approxBytes: 71_100_000,
      },
      decoder: {
        url: `${ZIPFORMER_EN_2023_06_26}/decoder-epoch-99-avg-1-chunk-16-left-64.int8.onnx`,
        sha256: '98da299f471e38bb4e1a8df579b8cc9122d6039576a77e357b3c60f17dd83b02',
        approxBytes: 1_310_000,
      },
      joiner: {
        url: `${ZIPFORMER_EN_2023_06_26}/joiner-epoch-99-avg-1-chunk-16-left-64.int8.onnx`,
        sha256: 'd944208d660d67c8d72cd2acaeac971fa5ceb8c80e76c1968148846fedd6e297',
        approxBytes: 259_000,
      },
      tokens: { url: `${ZIPFORMER_EN_2023_06_26}/tokens.txt`, sha256: null, approxBytes: 5_050 },
    },
  },
};

/** Approximate download size of a manifest (null when a file's size is not known). */
export function approximateModelBytes(manifest: SherpaModelManifest): number | null {
  let total = 0;
  for (const file of Object.values(manifest.files)) {
    if (file.approxBytes === undefined || file.approxBytes === null) return null;
    total += file.approxBytes;
  }
  return total;
}

/**
 * Checks a downloaded model file that has no pinned SHA-256 by its format. Only `tokens.txt` can
 * be checked this way; any other role without a checksum is refused.
 * @throws AppError('model.checksum_mismatch') when the file is not valid for its role.
 */
export async function validateModelFile(role: SherpaModelRole, path: string): Promise<void> {
  if (role !== 'tokens') {
    throw new AppError('model.checksum_mismatch', `The model's ${role} file has no pinned SHA-256 and cannot be verified`);
  }
  const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line.length > 0);
  const isValid = lines.length >= 2 && lines.every((line, i) => new RegExp(`^\\S+ ${i}$`).test(line));
  if (!isValid) throw new AppError('model.checksum_mismatch', 'The downloaded tokens.txt is not a valid token list');
}

interface SherpaModule {
  OnlineRecognizer: new (config: unknown) => {
    createStream(): { acceptWaveform(input: { samples: Float32Array; sampleRate: number }): void; inputFinished(): void };
    isReady(stream: unknown): boolean;
    decode(stream: unknown): void;
    getResult(stream: unknown): { text: string };
  };
}

/**
 * Downloads the model on first use (progress, resume, SHA-256) and runs it with sherpa-onnx-node.
 * @throws AppError('transcriber.unavailable') when sherpa-onnx-node is not installed or the model is unknown.
 * @throws AppError('model.download_failed' | 'model.checksum_mismatch') from the download.
 */
export async function createSherpaOnnxTranscriber(options: SherpaOnnxOptions): Promise<Transcriber> {
  const manifest = options.manifest ?? SHERPA_MODELS[options.modelId];
  if (!manifest) throw new AppError('transcriber.unavailable', `Unknown sherpa-onnx model "${options.modelId}"`);
  const dir = join(options.dataDir, 'models', 'sherpa-onnx', manifest.id);
  const paths: Record<string, string> = {};
  for (const [role, file] of Object.entries(manifest.files)) {
    paths[role] = await downloadModelFile({
      url: file.url,
      sha256: file.sha256,
      ...(file.sha256 === null ? { validate: (path: string) => validateModelFile(role as SherpaModelRole, path) } : {}),
      destination: join(dir, `${role}${role === 'tokens' ? '.txt' : '.onnx'}`),
      onProgress: (progress) => options.onProgress?.(role, progress),
    });
  }
  const sherpa = loadSherpa();
  const recognizer = new sherpa.OnlineRecognizer({
    featConfig: { sampleRate: 16_000, featureDim: 80 },
    modelConfig: {
      transducer: { encoder: paths['encoder'], decoder: paths['decoder'], joiner: paths['joiner'] },
      tokens: paths['tokens'],
      numThreads: 1,
      provider: 'cpu',
    },
    decodingMethod: 'greedy_search',
  });
  return {
    engine: 'sherpa-onnx',
    startUtterance(): UtteranceDecoder {
      const stream = recognizer.createStream();
      const decode = () => {
        while (recognizer.isReady(stream)) recognizer.decode(stream);
      };
      return {
        accept(samples) {
          const floats = new Float32Array(samples.length);
          for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32768;
          stream.acceptWaveform({ samples: floats, sampleRate: 16_000 });
          decode();
        },
        partial: () => recognizer.getResult(stream).text.trim().toLowerCase(),
        finish() {
          stream.inputFinished();
          decode();
          return Promise.resolve({ text: recognizer.getResult(stream).text.trim().toLowerCase(), confidence: null });
        },
        abort() {
          stream.inputFinished();
        },
      };
    },
    close() {
      // The recognizer is freed by the garbage collector in sherpa-onnx-node.
    },
  };
}

function loadSherpa(): SherpaModule {
  try {
    return createRequire(import.meta.url)('sherpa-onnx-node') as SherpaModule;
  } catch (cause) {
    throw new AppError('transcriber.unavailable', 'The sherpa-onnx engine needs the sherpa-onnx-node package', { cause });
  }
}
