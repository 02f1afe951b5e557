import { z } from 'zod';
import { EpochMsSchema, UuidSchema } from './common';

/** A conversation template (`templates` row). */
export const TemplateSchema = z.object({
  id: UuidSchema,
  user_id: UuidSchema.nullable(),
  organization_id: UuidSchema.nullable(),
  name: z.string(),
  description: z.string().nullable(),
  conversation_type: z.string(),
  is_system_template: z.boolean(),
  is_organization_template: z.boolean(),
  is_public: z.boolean(),
  guidance_prompts: z.array(z.string()),
  context_instructions: z.string().nullable(),
  default_checklist: z.array(z.string()),
  usage_count: z.number().int().nonnegative(),
  last_used_at: EpochMsSchema.nullable(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type Template = z.infer<typeof TemplateSchema>;

/** Input of `templates.create`. */
export const CreateTemplateInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2_000).optional(),
  conversation_type: z.string().trim().min(1).max(100),
  guidance_prompts: z.array(z.string().max(2_000)).max(50).default([]),
  context_instructions: z.string().max(20_000).optional(),
  default_checklist: z.array(z.string().max(500)).max(50).default([]),
});
export type CreateTemplateInput = z.input<typeof CreateTemplateInputSchema>;
