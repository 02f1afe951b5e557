/** Hybrid (BM25 + vector) retrieval of a session's context, documents, linked conversations and personal context. */
export { retrieveContext, type RetrievedChunk, type RetrieveContextOptions } from './retrieve-context';
/** The embedder the user configured (local hashed, or an OpenAI-compatible endpoint); pass it to retrieveContext. */
export { createConfiguredEmbedder } from './search-settings';
/** Formats seconds as m:ss or h:mm:ss, as citations show them. */
export { formatTimestamp } from './ask';
