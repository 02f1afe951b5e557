import { z } from 'zod';
import { EpochMsSchema, UuidSchema } from './common';

/** Smart note categories (seed: key_point, action_item, decision, question, insight). */
export const NOTE_CATEGORIES = ['key_point', 'action_item', 'decision', 'question', 'insight'] as const;
/** Smart note importance levels. */
export const NOTE_IMPORTANCE = ['high', 'medium', 'low'] as const;

/** A smart note (`smart_notes` row). */
export const SmartNoteSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  user_id: UuidSchema.nullable(),
  organization_id: UuidSchema.nullable(),
  category: z.enum(NOTE_CATEGORIES),
  content: z.string(),
  importance: z.enum(NOTE_IMPORTANCE),
  is_manual: z.boolean(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type SmartNote = z.infer<typeof SmartNoteSchema>;

/** Input of `notes.create` (manual note). */
export const CreateNoteInputSchema = z.strictObject({
  session_id: UuidSchema,
  category: z.enum(NOTE_CATEGORIES),
  content: z.string().trim().min(1).max(10_000),
  importance: z.enum(NOTE_IMPORTANCE).default('medium'),
});
export type CreateNoteInput = z.input<typeof CreateNoteInputSchema>;

/** Input of `notes.update`. */
export const UpdateNoteInputSchema = z.strictObject({
  id: UuidSchema,
  patch: z.strictObject({
    category: z.enum(NOTE_CATEGORIES).optional(),
    content: z.string().trim().min(1).max(10_000).optional(),
    importance: z.enum(NOTE_IMPORTANCE).optional(),
  }),
});
export type UpdateNoteInput = z.infer<typeof UpdateNoteInputSchema>;

/** Prep checklist item statuses. */
export const CHECKLIST_STATUSES = ['open', 'done'] as const;

/** A prep checklist item (`prep_checklist` row). */
export const ChecklistItemSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  created_by: UuidSchema.nullable(),
  text: z.string(),
  status: z.enum(CHECKLIST_STATUSES),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** Input of `checklist.add`. */
export const AddChecklistItemInputSchema = z.strictObject({
  session_id: UuidSchema,
  text: z.string().trim().min(1).max(500),
});

/** Input of `checklist.setStatus`. */
export const SetChecklistStatusInputSchema = z.strictObject({
  id: UuidSchema,
  status: z.enum(CHECKLIST_STATUSES),
});
