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

/** https anywhere; plain http only to a loopback host (a transcription server on this computer). */
const SECURE_OR_LOOPBACK = /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?(\/|$))/i;

/** A transcription endpoint's base URL: https anywhere, plain http only on this computer. */
export const CloudBaseUrlSchema = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url('Enter the base URL, e.g. https://api.openai.com/v1'))
  .refine((value) => SECURE_OR_LOOPBACK.test(value), 'Use an https:// URL (plain http:// only for a server on this computer: localhost or 127.0.0.1)');

/** The cloud transcription endpoint as the renderer sees it (the key itself never leaves the core). */
export const CloudTranscriptionSchema = z.object({
  base_url: z.string(),
  model: z.string(),
  has_key: z.boolean(),
});
export type CloudTranscription = z.infer<typeof CloudTranscriptionSchema>;

const CloudModelSchema = z.string().trim().min(1).max(200);
/** An API key as typed; an empty string in engines.setCloud removes the stored one. */
const CloudKeySchema = z.string().trim().max(500);

/** What engines.testCloud found: a short generated WAV was transcribed, or why not. */
export const CloudTestResultSchema = z.object({
  ok: z.boolean(),
  /** The endpoint's HTTP status, null when it did not answer. */
  status: z.number().int().nullable(),
  /** What happened, for the user (includes the endpoint's own error text when it gave one). */
  message: z.string(),
});
export type CloudTestResult = z.infer<typeof CloudTestResultSchema>;

/** Settings → Engines and models. */
export const enginesContract = {
  'engines.list': { input: z.strictObject({}), output: EnginesStateSchema },
  'engines.select': {
    input: z.strictObject({ engine: z.enum(ENGINE_IDS), model_id: z.string().min(1).max(200).optional() }),
    output: EnginesStateSchema,
  },
  'models.download': { input: ModelIdInput, output: ModelInfoSchema },
  'models.cancel': { input: ModelIdInput, output: ModelInfoSchema },
  'engines.getCloud': { input: z.strictObject({}), output: CloudTranscriptionSchema },
  'engines.setCloud': {
    input: z.strictObject({ base_url: CloudBaseUrlSchema.optional(), model: CloudModelSchema.optional(), api_key: CloudKeySchema.optional() }),
    output: CloudTranscriptionSchema,
  },
  /** Sends a short generated WAV; fields given override the stored ones (test before saving). */
  'engines.testCloud': {
    input: z.strictObject({ base_url: CloudBaseUrlSchema.optional(), model: CloudModelSchema.optional(), api_key: z.string().trim().min(1).max(500).optional() }),
    output: CloudTestResultSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Pushed while a model downloads, and when it finishes, fails or is cancelled. */
export type ModelDownloadProgress = ModelInfo;
