import { z } from 'zod';
import { EpochMsSchema, UuidSchema } from '../../domain/common';

const Level = z.enum(['high', 'medium', 'low']);
const GenerationStatus = z.enum(['pending', 'generating', 'completed', 'failed']);
const BySession = z.strictObject({ session_id: UuidSchema });

/** A live guidance card (`guidance` row). */
export const GuidanceSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  triggered_by_transcript_id: UuidSchema.nullable(),
  content: z.string(),
  /** answer, objection, prompt, checklist, talk_time, next_step. */
  guidance_type: z.string(),
  priority: Level,
  was_displayed: z.boolean(),
  was_clicked: z.boolean(),
  was_dismissed: z.boolean(),
  user_feedback: z.enum(['helpful', 'not_helpful']).nullable(),
  model_used: z.string().nullable(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type Guidance = z.infer<typeof GuidanceSchema>;

/** An action item inside a summary. */
export const SummaryActionItemSchema = z.object({ text: z.string(), owner: z.string().nullable(), due: z.string().nullable() });

/** A post-call summary (`summaries` row, JSON columns parsed). */
export const SummarySchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  user_id: UuidSchema.nullable(),
  organization_id: UuidSchema.nullable(),
  title: z.string().nullable(),
  tldr: z.string().nullable(),
  structured_notes: z.string().nullable(),
  key_decisions: z.array(z.string()),
  action_items: z.array(SummaryActionItemSchema),
  follow_up_questions: z.array(z.string()),
  conversation_highlights: z.array(z.string()),
  generation_status: GenerationStatus,
  generation_error: z.string().nullable(),
  model_used: z.string().nullable(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type Summary = z.infer<typeof SummarySchema>;

/** Built-in report templates. */
export const REPORT_TEMPLATES = ['follow_up_email', 'sales_recap', 'interview_scorecard', 'meeting_minutes'] as const;

/** A generated report (`custom_reports` row). */
export const CustomReportSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  user_id: UuidSchema.nullable(),
  prompt: z.string().nullable(),
  template: z.string().nullable(),
  generated_content: z.string().nullable(),
  generation_status: GenerationStatus,
  model_used: z.string().nullable(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type CustomReport = z.infer<typeof CustomReportSchema>;

/** A moment on the session timeline (`session_timeline_events` row). */
export const TimelineEventSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  /** Seconds from the start of the recording. */
  event_timestamp: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  importance: Level,
  created_at: EpochMsSchema,
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

const ActionStatus = z.enum(['pending', 'in_progress', 'completed', 'cancelled']);
const ActionPriority = z.enum(['high', 'medium', 'low', 'urgent']);

/** A shared action item (`collaborative_action_items` row). */
export const CollaborativeActionItemSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  created_by: UuidSchema.nullable(),
  assigned_to: z.string().nullable(),
  completed_by: UuidSchema.nullable(),
  source_type: z.enum(['ai_generated', 'comment', 'manual']),
  title: z.string(),
  description: z.string().nullable(),
  priority: ActionPriority,
  status: ActionStatus,
  due_date: z.string().nullable(),
  completed_at: EpochMsSchema.nullable(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type CollaborativeActionItem = z.infer<typeof CollaborativeActionItemSchema>;

/** The AI endpoint settings (the key itself never leaves the core). */
export const AiSettingsSchema = z.object({
  /** True when the LLM engine is used; otherwise the offline engine runs. */
  is_enabled: z.boolean(),
  base_url: z.string(),
  model: z.string(),
  has_api_key: z.boolean(),
  timeout_ms: z.number().int().positive(),
  /** The engine in effect. */
  engine: z.enum(['offline', 'llm']),
});
export type AiSettings = z.infer<typeof AiSettingsSchema>;

/** Pushed when a session's smart notes change (live extraction or edits). */
export const NotesChangedSchema = z.object({ session_id: UuidSchema, note_ids: z.array(UuidSchema) });
export type NotesChanged = z.infer<typeof NotesChangedSchema>;
/** Pushed when prep-checklist items are ticked by the conversation. */
export const ChecklistChangedSchema = z.object({ session_id: UuidSchema, item_ids: z.array(UuidSchema) });
export type ChecklistChanged = z.infer<typeof ChecklistChangedSchema>;
/** Pushed when a summary's generation status changes. */
export const SummaryChangedSchema = z.object({ session_id: UuidSchema, summary_id: UuidSchema, generation_status: GenerationStatus });
export type SummaryChanged = z.infer<typeof SummaryChangedSchema>;

/** Copilot channels: guidance, summaries, reports, timeline, action items, AI settings, export. */
export const copilotContract = {
  'guidance.list': { input: BySession, output: z.array(GuidanceSchema) },
  'guidance.feedback': {
    input: z.strictObject({
      id: UuidSchema,
      displayed: z.boolean().optional(),
      clicked: z.boolean().optional(),
      dismissed: z.boolean().optional(),
      user_feedback: z.enum(['helpful', 'not_helpful']).nullable().optional(),
    }),
    output: GuidanceSchema,
  },
  'summaries.get': { input: BySession, output: SummarySchema.nullable() },
  'summaries.generate': { input: BySession, output: SummarySchema },
  'reports.generate': {
    input: z
      .strictObject({ session_id: UuidSchema, template: z.enum(REPORT_TEMPLATES).optional(), prompt: z.string().trim().min(1).max(5_000).optional() })
      .refine((v) => (v.template === undefined) !== (v.prompt === undefined), { message: 'Give either a template or a prompt' }),
    output: CustomReportSchema,
  },
  'reports.list': { input: BySession, output: z.array(CustomReportSchema) },
  'timeline.list': { input: BySession, output: z.array(TimelineEventSchema) },
  'actionItems.list': { input: BySession, output: z.array(CollaborativeActionItemSchema) },
  'actionItems.update': {
    input: z.strictObject({
      id: UuidSchema,
      patch: z.strictObject({
        title: z.string().trim().min(1).max(500).optional(),
        description: z.string().max(5_000).nullable().optional(),
        assigned_to: z.string().max(200).nullable().optional(),
        priority: ActionPriority.optional(),
        status: ActionStatus.optional(),
        due_date: z.string().max(100).nullable().optional(),
      }),
    }),
    output: CollaborativeActionItemSchema,
  },
  'ai.getSettings': { input: z.strictObject({}), output: AiSettingsSchema },
  'ai.setSettings': {
    input: z.strictObject({
      is_enabled: z.boolean().optional(),
      base_url: z.url().max(500).optional(),
      model: z.string().trim().min(1).max(200).optional(),
      /** A new key, or null to delete the stored one. */
      api_key: z.string().trim().min(1).max(500).nullable().optional(),
      timeout_ms: z.number().int().min(1_000).max(600_000).optional(),
    }),
    output: AiSettingsSchema,
  },
  'export.markdown': { input: BySession, output: z.object({ filename: z.string(), markdown: z.string() }) },
  'export.pdf': {
    input: BySession,
    output: z.object({ filename: z.string(), path: z.string(), size_bytes: z.number().int().nonnegative(), pdf_base64: z.string() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
