import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, serializeError } from '../../shared/errors';
import type { IpcHandlers } from '../../shared/ipc/contract';
import type { EngineInfo, EnginesState, ModelInfo } from '../../shared/ipc/contracts/engines';
import type { AppDb } from '../db/open-database';
import { createLogger } from '../log/logger';
import type { SecretStore } from '../ports';
import { createCloudSettingsHandlers } from './cloud-settings';
import { readTranscriptionSettings, TRANSCRIPTION_SETTING_KEYS, writeTranscriptionSetting } from './engine-settings';
import { downloadModelFile } from './model-download';
import { approximateModelBytes, SHERPA_MODELS, validateModelFile, type SherpaModelManifest } from './sherpa-onnx';

const log = createLogger('engines');

const FileSchema = z.object({ url: z.url(), sha256: z.string().regex(/^[0-9a-fA-F]{64}$/) });
/** One entry of `<dataDir>/models/catalog.json`: a sherpa-onnx manifest plus a label and size. */
const CatalogSchema = z.object({
  models: z.array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
      label: z.string().min(1).max(200),
      size_bytes: z.number().int().nonnegative().nullable().default(null),
      files: z.object({ encoder: FileSchema, decoder: FileSchema, joiner: FileSchema, tokens: FileSchema }),
    }),
  ),
});
/** A model the feature offers: a catalog entry, or a built-in one (whose files may lack a SHA-256). */
type CatalogEntry = Omit<z.infer<typeof CatalogSchema>['models'][number], 'files'> & { files: SherpaModelManifest['files'] };

/** Ids this module added to SHERPA_MODELS from a catalog file (process-wide, like SHERPA_MODELS). */
const fromCatalog = new Set<string>();

const ROLES = ['encoder', 'decoder', 'joiner', 'tokens'] as const;
const PROGRESS_INTERVAL_MS = 100;

/** Dependencies of the engines feature. */
export interface EnginesFeatureDeps {
  db: AppDb;
  secrets: SecretStore;
  dataDir: string;
  now: () => number;
  emitProgress: (progress: ModelInfo) => void;
}

type EngineHandlers = Pick<
  IpcHandlers,
  'engines.list' | 'engines.select' | 'models.download' | 'models.cancel' | 'engines.getCloud' | 'engines.setCloud' | 'engines.testCloud'
>;

/**
 * Settings → Engines and models: lists engines (local PocketSphinx first) and the downloadable
 * sherpa-onnx models (built-in `SHERPA_MODELS` plus an optional `<dataDir>/models/catalog.json`),
 * downloads them with progress and cancel through `downloadModelFile`, and stores the choice
 * in `app_settings` through `engine-settings`.
 */
export function createEnginesFeature(deps: EnginesFeatureDeps): { handlers: EngineHandlers; close(): Promise<void> } {
  const running = new Map<string, { controller: AbortController; done: Promise<void>; info: ModelInfo }>();
  const failures = new Map<string, ModelInfo['error']>();

  /**
   * The built-in models, or, when `<dataDir>/models/catalog.json` exists, the models it lists
   * instead (a mirror or an air-gapped model server; every file there must pin a SHA-256).
   */
  async function catalog(): Promise<CatalogEntry[]> {
    const path = join(deps.dataDir, 'models', 'catalog.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return Object.values(SHERPA_MODELS)
        .filter((m) => !fromCatalog.has(m.id))
        .map((m) => ({ id: m.id, label: m.label ?? m.id, size_bytes: approximateModelBytes(m), files: m.files }));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new AppError('validation.invalid_input', `The model catalog ${path} is not valid JSON`, { cause });
    }
    const parsed = CatalogSchema.safeParse(json);
    if (!parsed.success) throw new AppError('validation.invalid_input', `The model catalog ${path} is not valid`, { details: parsed.error.issues });
    const listed = parsed.data.models.filter((m) => fromCatalog.has(m.id) || !(m.id in SHERPA_MODELS));
    // The sherpa engine resolves models by id from SHERPA_MODELS; catalog models join it.
    for (const m of listed) {
      SHERPA_MODELS[m.id] = { id: m.id, label: m.label, files: m.files } satisfies SherpaModelManifest;
      fromCatalog.add(m.id);
    }
    return listed;
  }

  function modelDir(id: string): string {
    return join(deps.dataDir, 'models', 'sherpa-onnx', id);
  }
  function fileName(role: (typeof ROLES)[number]): string {
    return `${role}${role === 'tokens' ? '.txt' : '.onnx'}`;
  }

  async function size(path: string): Promise<number | null> {
    return stat(path).then(
      (s) => s.size,
      () => null,
    );
  }

  async function modelInfo(entry: CatalogEntry): Promise<ModelInfo> {
    const active = running.get(entry.id);
    if (active) return active.info;
    let complete = 0;
    let received = 0;
    for (const role of ROLES) {
      const done = await size(join(modelDir(entry.id), fileName(role)));
      if (done !== null) {
        complete += 1;
        received += done;
      } else received += (await size(join(modelDir(entry.id), `${fileName(role)}.part`))) ?? 0;
    }
    const error = failures.get(entry.id) ?? null;
    const status = complete === ROLES.length ? 'ready' : error ? 'failed' : 'not_downloaded';
    return { id: entry.id, label: entry.label, size_bytes: entry.size_bytes, status, received_bytes: received, error: status === 'failed' ? error : null };
  }

  async function engineInfos(): Promise<EngineInfo[]> {
    const hasKey = Boolean(await deps.secrets.get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret));
    const hasSherpa = canLoad('sherpa-onnx-node');
    return [
      { id: 'pocketsphinx', label: 'PocketSphinx (built in)', local: true, available: true, reason: null },
      {
        id: 'sherpa-onnx',
        label: 'sherpa-onnx (downloaded model)',
        local: true,
        available: hasSherpa,
        reason: hasSherpa ? null : 'The sherpa-onnx library is not installed in this build',
      },
      {
        id: 'openai',
        label: 'Cloud endpoint (OpenAI-compatible)',
        local: false,
        available: hasKey,
        reason: hasKey ? null : 'No API key is set for the transcription endpoint',
      },
    ];
  }

  async function state(): Promise<EnginesState> {
    const settings = readTranscriptionSettings(deps.db);
    const entries = await catalog();
    return {
      selected_engine: settings.engine,
      selected_model: settings.sherpaModel,
      engines: await engineInfos(),
      models: await Promise.all(entries.map(modelInfo)),
    };
  }

  async function findEntry(id: string): Promise<CatalogEntry> {
    const entry = (await catalog()).find((m) => m.id === id);
    if (!entry) throw new AppError('validation.invalid_input', `Unknown model "${id}"`);
    return entry;
  }

  async function download(entry: CatalogEntry, info: ModelInfo, signal: AbortSignal): Promise<void> {
    const dir = modelDir(entry.id);
    let finished = 0;
    let lastEmit = -Infinity;
    const publish = (force: boolean) => {
      const t = performance.now();
      if (!force && t - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = t;
      deps.emitProgress({ ...info });
    };
    publish(true);
    for (const role of ROLES) {
      const file = entry.files[role];
      const path = await downloadModelFile({
        url: file.url,
        sha256: file.sha256,
        ...(file.sha256 === null ? { validate: (path: string) => validateModelFile(role, path) } : {}),
        destination: join(dir, fileName(role)),
        signal,
        onProgress: ({ receivedBytes }) => {
          info.received_bytes = finished + receivedBytes;
          publish(false);
        },
      });
      finished += (await size(path)) ?? 0;
      info.received_bytes = finished;
    }
  }

  const handlers: EngineHandlers = {
    // The cloud endpoint's URL, model and key (cloud-settings.ts).
    ...createCloudSettingsHandlers(deps),
    'engines.list': () => state(),
    'engines.select': async ({ engine, model_id }) => {
      const infos = await engineInfos();
      const chosen = infos.find((e) => e.id === engine);
      if (!chosen?.available) throw new AppError('transcriber.unavailable', chosen?.reason ?? `Unknown engine "${engine}"`);
      if (engine === 'sherpa-onnx') {
        const modelId = model_id ?? readTranscriptionSettings(deps.db).sherpaModel;
        const info = await modelInfo(await findEntry(modelId));
        if (info.status !== 'ready') throw new AppError('transcriber.unavailable', `Download the model "${info.label}" before choosing it`);
        writeTranscriptionSetting(deps.db, TRANSCRIPTION_SETTING_KEYS.sherpaModel, modelId, deps.now());
      }
      writeTranscriptionSetting(deps.db, TRANSCRIPTION_SETTING_KEYS.engine, engine, deps.now());
      log.info('transcription engine selected', { engine });
      return state();
    },
    'models.download': async ({ model_id }) => {
      const entry = await findEntry(model_id);
      const current = await modelInfo(entry);
      if (current.status === 'ready' || current.status === 'downloading') return current;
      failures.delete(entry.id);
      const info: ModelInfo = { ...current, status: 'downloading', error: null };
      const controller = new AbortController();
      const done = download(entry, info, controller.signal).then(
        () => {
          running.delete(entry.id);
          log.info('model downloaded', { model: entry.id });
        },
        (error: unknown) => {
          running.delete(entry.id);
          if (controller.signal.aborted) {
            log.info('model download cancelled', { model: entry.id });
            return;
          }
          const serialized = serializeError(error);
          const offline = Boolean(error instanceof AppError && (error.details as { offline?: boolean } | undefined)?.offline);
          failures.set(entry.id, { code: serialized.code, message: serialized.message, offline });
          log.warn('model download failed', { model: entry.id, code: serialized.code });
        },
      );
      const finished = done.then(async () => deps.emitProgress(await modelInfo(entry)));
      running.set(entry.id, { controller, done: finished, info });
      return { ...info };
    },
    'models.cancel': async ({ model_id }) => {
      const entry = await findEntry(model_id);
      const active = running.get(entry.id);
      if (active) {
        active.controller.abort();
        await active.done;
      }
      return modelInfo(entry);
    },
  };

  return {
    handlers,
    /** Stops running downloads (their `.part` files stay for a resume). */
    async close() {
      const active = [...running.values()];
      for (const r of active) r.controller.abort();
      await Promise.all(active.map((r) => r.done));
    },
  };
}

function canLoad(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}
