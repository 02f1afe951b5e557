import { z } from 'zod';

/** Levels the renderer may log at. */
export const RENDERER_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Most fields one renderer log line may carry. */
export const MAX_LOG_FIELDS = 16;

/**
 * One renderer log line: a constant message plus technical fields (names, ids, counts, code
 * locations). Never user content: no transcript text, titles, notes, error messages that may
 * quote input, emails or paths.
 */
export const LogWriteInputSchema = z.strictObject({
  level: z.enum(RENDERER_LOG_LEVELS),
  message: z.string().trim().min(1).max(200),
  fields: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), z.union([z.string().max(300), z.number(), z.boolean(), z.null()]))
    .refine((fields) => Object.keys(fields).length <= MAX_LOG_FIELDS, { message: `At most ${MAX_LOG_FIELDS} fields` })
    .default({}),
});
export type LogWriteInput = z.input<typeof LogWriteInputSchema>;

/** `log.write`: renderer logs written by the core's logger. */
export const logContract = {
  'log.write': { input: LogWriteInputSchema, output: z.object({ ok: z.literal(true), dropped: z.number().int().nonnegative() }) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Pushed when background work in the core failed unexpectedly; the app keeps running. */
export interface AppErrorOccurred {
  /** An AppError code, or 'internal'. */
  code: string;
  /** Safe to show: never quotes user content. */
  message: string;
  /** Failures of the same kind folded into this one since the last event. */
  repeated: number;
  at: number;
}
