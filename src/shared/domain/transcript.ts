import { z } from 'zod';
import { EpochMsSchema, LIMITS, UuidSchema } from './common';

/** A stored final transcript segment (`transcripts` row). */
export const TranscriptSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  content: z.string(),
  speaker: z.string(),
  is_owner: z.boolean(),
  confidence_score: z.number().min(0).max(1).nullable(),
  start_time_seconds: z.number().nonnegative(),
  end_time_seconds: z.number().nonnegative(),
  duration_seconds: z.number().nonnegative(),
  sequence_number: z.number().int().nonnegative(),
  created_at: EpochMsSchema,
});
export type Transcript = z.infer<typeof TranscriptSchema>;

/** A segment pushed to the renderer while recording; partials are replaced by their final. */
export const TranscriptSegmentSchema = z.object({
  session_id: UuidSchema,
  channel: z.enum(['mic', 'system', 'mixed']),
  speaker: z.string(),
  text: z.string(),
  is_final: z.boolean(),
  start_time_seconds: z.number().nonnegative(),
  end_time_seconds: z.number().nonnegative(),
  transcript: TranscriptSchema.optional(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegmentSchema>;

/** Input of `transcripts.add` (manual or imported text). */
export const AddTranscriptInputSchema = z.strictObject({
  session_id: UuidSchema,
  content: z.string().trim().min(1).max(LIMITS.shortText * 5),
  speaker: z.string().min(1).max(100),
  is_owner: z.boolean().default(false),
  confidence_score: z.number().min(0).max(1).optional(),
  start_time_seconds: z.number().nonnegative(),
  end_time_seconds: z.number().nonnegative(),
});
export type AddTranscriptInput = z.input<typeof AddTranscriptInputSchema>;

/** Input of `transcripts.list`. */
export const ListTranscriptsInputSchema = z.strictObject({
  session_id: UuidSchema,
  after_sequence: z.number().int().optional(),
  limit: z.number().int().min(1).max(20_000).default(20_000),
});
export type ListTranscriptsInput = z.input<typeof ListTranscriptsInputSchema>;
