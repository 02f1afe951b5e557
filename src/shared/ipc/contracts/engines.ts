import { z } from 'zod';

/** Engine ids (kept equal to TRANSCRIPTION_ENGINES in core/transcribe/transcriber.ts). */
export const ENGINE_IDS = ['pocketsphinx', 'sherpa-onnx', 'openai'] as const;

/** One transcription engine and whether it can run here. */
export const EngineInfoSchema = z.object({
  id: z.enum(ENGINE_IDS),
  label: z.string(),
  /** True when audio never leaves the machine. */
  local: z.boolean(),
  available: z.boolean(),
  /** Why it is not available (null when it is). */
  reason: z.string().nullable(),
});
export type EngineInfo = z.infer<typeof EngineInfoSchema>;

/** States of a downloadable model. */
export const MODEL_STATUSES = ['not_downloaded', 'downloading', 'ready', 'failed'] as const;

/** A downloadable speech model and its local state. */
export const ModelInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Total download size, null when unknown. */
  size_bytes: z.number().int().nonnegative().nullable(),
  status: z.enum(MODEL_STATUSES),
  received_bytes: z.number().int().nonnegative(),
  /** Set when status is 'failed'. */
  error: z.object({ code: z.string(), message: z.string(), offline: z.boolean() }).nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** Engines, models and the current choice. */
export const EnginesStateSchema = z.object({
  selected_engine: z.enum(ENGINE_IDS),
  selected_model: z.string(),
  engines: z.array(EngineInfoSchema),
  models: z.array(ModelInfoSchema),
});
export type EnginesState = z.infer<typeof EnginesStateSchema>;

const ModelIdInput = z.strictObject({ model_id: z.string().min(1).max(200) });

/** Settings → Engines and models. */
export const enginesContract = {
  'engines.list': { input: z.strictObject({}), output: EnginesStateSchema },
  'engines.select': {
    input: z.strictObject({ engine: z.enum(ENGINE_IDS), model_id: z.string().min(1).max(200).optional() }),
    output: EnginesStateSchema,
  },
  'models.download': { input: ModelIdInput, output: ModelInfoSchema },
  'models.cancel': { input: ModelIdInput, output: ModelInfoSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Pushed while a model downloads, and when it finishes, fails or is cancelled. */
export type ModelDownloadProgress = ModelInfo;
