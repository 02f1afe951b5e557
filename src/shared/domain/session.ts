import { z } from 'zod';
import { EpochMsSchema, LIMITS, TitleSchema, UuidSchema } from './common';

/** Session lifecycle states. */
export const SESSION_STATUSES = ['draft', 'active', 'paused', 'completed', 'archived'] as const;
/** Where a meeting takes place. */
export const MEETING_PLATFORMS = ['zoom', 'google_meet', 'teams', 'local'] as const;
/** Who may see a session. */
export const VISIBILITIES = ['private', 'organization', 'shared'] as const;

/** A session as the renderer sees it (epoch-ms timestamps). */
export const SessionSchema = z.object({
  id: UuidSchema,
  user_id: UuidSchema.nullable(),
  organization_id: UuidSchema.nullable(),
  title: z.string(),
  conversation_type: z.string().nullable(),
  template_id: UuidSchema.nullable(),
  status: z.enum(SESSION_STATUSES),
  meeting_url: z.string().nullable(),
  meeting_platform: z.enum(MEETING_PLATFORMS).nullable(),
  recording_started_at: EpochMsSchema.nullable(),
  recording_ended_at: EpochMsSchema.nullable(),
  recording_duration_seconds: z.number().int().nonnegative(),
  participant_me: z.string().nullable(),
  participant_them: z.string().nullable(),
  ai_instructions: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
/** A session row. */
export type Session = z.infer<typeof SessionSchema>;

/** Input of `sessions.create`. */
export const CreateSessionInputSchema = z.strictObject({
  title: TitleSchema,
  conversation_type: z.string().max(100).optional(),
  template_id: UuidSchema.optional(),
  meeting_url: z.string().max(LIMITS.shortText).optional(),
  meeting_platform: z.enum(MEETING_PLATFORMS).optional(),
  participant_me: z.string().max(LIMITS.title).optional(),
  participant_them: z.string().max(LIMITS.title).optional(),
  ai_instructions: z.string().max(LIMITS.shortText * 5).optional(),
  context_text: z.string().max(LIMITS.longText).optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});
export type CreateSessionInput = z.infer<typeof CreateSessionInputSchema>;

/** Input of `sessions.update`: any editable field. */
export const UpdateSessionInputSchema = z.strictObject({
  id: UuidSchema,
  patch: z.strictObject({
    title: TitleSchema.optional(),
    conversation_type: z.string().max(100).nullable().optional(),
    meeting_url: z.string().max(LIMITS.shortText).nullable().optional(),
    meeting_platform: z.enum(MEETING_PLATFORMS).nullable().optional(),
    participant_me: z.string().max(LIMITS.title).nullable().optional(),
    participant_them: z.string().max(LIMITS.title).nullable().optional(),
    ai_instructions: z.string().max(LIMITS.shortText * 5).nullable().optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    status: z.enum(SESSION_STATUSES).optional(),
  }),
});
export type UpdateSessionInput = z.infer<typeof UpdateSessionInputSchema>;

/** Input of `sessions.list`. */
export const ListSessionsInputSchema = z.strictObject({
  limit: z.number().int().min(1).max(500).default(100),
  before: EpochMsSchema.optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  conversation_type: z.string().max(100).optional(),
});
export type ListSessionsInput = z.input<typeof ListSessionsInputSchema>;

/** `{ id }` input for single-session operations. */
export const SessionIdInputSchema = z.strictObject({ id: UuidSchema });
