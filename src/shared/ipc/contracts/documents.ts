import { z } from 'zod';
import { EpochMsSchema, LIMITS, UuidSchema } from '../../domain/common';

/** Largest document a user may upload, in bytes. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Processing states of an uploaded document (documents.processing_status). */
export const DOCUMENT_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;

/** An uploaded document as the renderer sees it (without its extracted text). */
export const DocumentSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema.nullable(),
  original_filename: z.string(),
  file_type: z.string(),
  file_size_bytes: z.number().int().nonnegative(),
  processing_status: z.enum(DOCUMENT_STATUSES),
  processing_error: z.string().nullable(),
  /** Characters of extracted text (0 until processing completes). */
  text_chars: z.number().int().nonnegative(),
  created_at: EpochMsSchema,
  updated_at: EpochMsSchema,
});
export type DocumentInfo = z.infer<typeof DocumentSchema>;

/** Pushed as a document moves through processing. */
export const DocumentProgressSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema.nullable(),
  processing_status: z.enum(DOCUMENT_STATUSES),
  /** 0..1 while processing. */
  progress: z.number().min(0).max(1),
  processing_error: z.string().nullable(),
});
export type DocumentProgress = z.infer<typeof DocumentProgressSchema>;

/** A link from a session to an earlier conversation whose content feeds its context. */
export const ConversationLinkSchema = z.object({
  id: UuidSchema,
  session_id: UuidSchema,
  linked_session_id: UuidSchema,
  linked_session_title: z.string(),
  linked_session_created_at: EpochMsSchema,
  created_at: EpochMsSchema,
});
export type ConversationLink = z.infer<typeof ConversationLinkSchema>;

const Ok = z.object({ ok: z.literal(true) });
const BySession = z.strictObject({ session_id: UuidSchema });

/** Documents, session context and conversation links: what feeds a session's retrieval. */
export const documentsContract = {
  'documents.upload': {
    input: z.strictObject({
      session_id: UuidSchema,
      filename: z.string().trim().min(1).max(255),
      /** File content, base64; at most MAX_DOCUMENT_BYTES once decoded (the transport caps the request size too). */
      bytes: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
    }),
    output: DocumentSchema,
  },
  'documents.list': { input: BySession, output: z.array(DocumentSchema) },
  'documents.delete': { input: z.strictObject({ id: UuidSchema }), output: Ok },
  'context.get': { input: BySession, output: z.object({ session_id: UuidSchema, text_context: z.string().nullable(), updated_at: EpochMsSchema.nullable() }) },
  'context.set': {
    input: z.strictObject({ session_id: UuidSchema, text_context: z.string().max(LIMITS.longText) }),
    output: z.object({ session_id: UuidSchema, text_context: z.string().nullable(), updated_at: EpochMsSchema.nullable() }),
  },
  'links.add': { input: z.strictObject({ session_id: UuidSchema, linked_session_id: UuidSchema }), output: ConversationLinkSchema },
  'links.list': { input: BySession, output: z.array(ConversationLinkSchema) },
  'links.remove': { input: z.strictObject({ id: UuidSchema }), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
