import { z } from 'zod';
import { EpochMsSchema, UuidSchema } from '../../domain/common';

/** Filters and paging of a search across all meetings. */
export const SearchQueryInputSchema = z.strictObject({
  query: z.string().trim().min(1).max(500),
  limit: z.number().int().min(1).max(100).default(20),
  /** Only sessions of this conversation type (e.g. 'sales'). */
  conversation_type: z.string().max(100).optional(),
  /** Only transcript rows of this speaker (notes and summaries are then left out). */
  speaker: z.string().max(100).optional(),
  /** Sessions created at or after this time (epoch ms). */
  from: EpochMsSchema.optional(),
  /** Sessions created before this time (epoch ms). */
  to: EpochMsSchema.optional(),
  /** Only this session. */
  session_id: UuidSchema.optional(),
});
export type SearchQueryInput = z.input<typeof SearchQueryInputSchema>;

/** An excerpt with [start, end) character ranges to highlight. */
export const SnippetSchema = z.object({
  text: z.string(),
  highlights: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});

/** One search result, with what the UI needs to jump to the moment. */
export const SearchHitSchema = z.object({
  kind: z.enum(['transcript', 'note', 'summary']),
  /** The transcript, smart note or summary id. */
  id: z.string(),
  session_id: UuidSchema,
  session_title: z.string(),
  conversation_type: z.string().nullable(),
  session_created_at: EpochMsSchema,
  /** Transcript hits only: where in the recording. */
  start_time_seconds: z.number().nullable(),
  speaker: z.string().nullable(),
  snippet: SnippetSchema,
  score: z.number(),
  matched_by: z.array(z.enum(['keyword', 'vector'])),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** State of the background embedding index. */
export const SearchIndexStatusSchema = z.object({
  embedder: z.string(),
  pending: z.number().int().nonnegative(),
  indexed: z.number().int().nonnegative(),
  is_running: z.boolean(),
  last_error: z.string().nullable(),
});
export type SearchIndexStatus = z.infer<typeof SearchIndexStatusSchema>;

/** Which embedder builds the index: the local one, or an OpenAI-compatible endpoint. */
export const EmbedderSettingsSchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('local') }),
  z.strictObject({
    provider: z.literal('openai'),
    base_url: z.url().max(500),
    model: z.string().min(1).max(200),
    /** Stored in the secret store, never in settings. */
    api_key: z.string().min(1).max(500).optional(),
  }),
]);
export type EmbedderSettings = z.infer<typeof EmbedderSettingsSchema>;

/** A passage an answer cites. */
export const CitationSchema = z.object({
  /** 1-based marker used in the answer text as [n]. */
  index: z.number().int().positive(),
  session_id: UuidSchema,
  session_title: z.string(),
  transcript_id: z.string(),
  start_time_seconds: z.number(),
  speaker: z.string(),
  text: z.string(),
});

/** Search channels: hybrid search, the embedding index, and "ask your meetings". */
export const searchContract = {
  'search.query': {
    input: SearchQueryInputSchema,
    output: z.object({ hits: z.array(SearchHitSchema), took_ms: z.number(), is_keyword_only: z.boolean() }),
  },
  'search.status': { input: z.strictObject({}), output: SearchIndexStatusSchema },
  'search.reindex': {
    input: z.strictObject({ embedder: EmbedderSettingsSchema.optional() }),
    output: SearchIndexStatusSchema,
  },
  'ask.query': {
    input: z.strictObject({
      question: z.string().trim().min(1).max(1_000),
      session_id: UuidSchema.optional(),
      conversation_type: z.string().max(100).optional(),
      from: EpochMsSchema.optional(),
      to: EpochMsSchema.optional(),
    }),
    output: z.object({
      answer: z.string(),
      mode: z.enum(['llm', 'extractive']),
      model_used: z.string().nullable(),
      citations: z.array(CitationSchema),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Pushed while the embedding index works: progress and errors. */
export type SearchIndexUpdated = SearchIndexStatus;
