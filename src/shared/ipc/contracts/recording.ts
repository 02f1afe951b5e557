import { z } from 'zod';
import { UuidSchema } from '../../domain/common';

/** A live capture source (mic = me, system = them). */
export const CaptureSourceSchema = z.enum(['mic', 'system']);
/** A capture source. */
export type CaptureSource = z.infer<typeof CaptureSourceSchema>;

/** Where the recorder is. */
export const RecordingStatusSchema = z.object({
  state: z.enum(['idle', 'recording', 'paused']),
  session_id: UuidSchema.nullable(),
  sources: z.array(CaptureSourceSchema),
  /** Seconds on the session timeline recorded so far (includes earlier runs of a resumed session). */
  elapsed_seconds: z.number().nonnegative(),
  segments: z.number().int().nonnegative(),
  /** Mic segments dropped as echoes of the system channel in this run. */
  echo_dropped: z.number().int().nonnegative(),
  /** Sessions left active by a crash or kill: resume with recording.start or end with sessions.end. */
  interrupted_session_ids: z.array(UuidSchema),
});
/** The recorder status. */
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

/** Capture health of one channel. */
export const CaptureHealthSchema = z.enum(['ok', 'silent', 'stopped', 'transcriber_error']);

/** Payload of `recording.levelChanged` (about 10 per second per channel). */
export interface RecordingLevel {
  session_id: string;
  channel: 'mic' | 'system' | 'mixed';
  level_dbfs: number;
  is_speech: boolean;
}

/** Payload of `recording.healthChanged`: silent while the other channel is active, device stopped… */
export interface RecordingHealth {
  session_id: string;
  channel: 'mic' | 'system' | 'mixed';
  status: z.infer<typeof CaptureHealthSchema>;
}

/** Recording channels: start (or resume) capture into a session, pause, resume, stop, status. */
export const recordingContract = {
  'recording.start': {
    input: z.strictObject({ session_id: UuidSchema, sources: z.array(CaptureSourceSchema).min(1).max(2).default(['mic', 'system']) }),
    output: RecordingStatusSchema,
  },
  'recording.stop': {
    input: z.strictObject({ end_session: z.boolean().default(true) }),
    output: RecordingStatusSchema,
  },
  'recording.pause': { input: z.strictObject({}), output: RecordingStatusSchema },
  'recording.resume': { input: z.strictObject({}), output: RecordingStatusSchema },
  'recording.status': { input: z.strictObject({}), output: RecordingStatusSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
