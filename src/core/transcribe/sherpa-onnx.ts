import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { downloadModelFile, type DownloadProgress } from './model-download';
import type { Transcriber, UtteranceDecoder } from './transcriber';

/** A streaming transducer model: where to fetch each file and the SHA-256 it must have. */
export interface SherpaModelManifest {
  id: string;
  files: Record<'encoder' | 'decoder' | 'joiner' | 'tokens', { url: string; sha256: string }>;
}

/** Options of the sherpa-onnx engine. */
export interface SherpaOnnxOptions {
  dataDir: string;
  /** A model id from `SHERPA_MODELS`, or a full manifest. */
  modelId: string;
  manifest?: SherpaModelManifest;
  onProgress?: (file: string, progress: DownloadProgress) => void;
}

/**
 * Known models. Checksums must be pinned by whoever adds a model (they could not be fetched on the
 * machine this was written on, so the list starts empty; a manifest can be passed directly).
 */
export const SHERPA_MODELS: Record<string, SherpaModelManifest> = {};

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
