import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/** Options for {@link createEmbeddedPglite}. */
export interface EmbeddedPgliteOptions {
  /** Directory holding the database files; omit for an in-memory database (tests). */
  dataDir?: string;
}

/** An embedded PGlite with the pgvector extension loaded, the server's database without DATABASE_URL. */
export type EmbeddedPglite = PGlite;

/** Opens (creating if needed) an embedded PGlite in `dataDir` with pgvector available, ready to query. */
export async function createEmbeddedPglite(options: EmbeddedPgliteOptions = {}): Promise<EmbeddedPglite> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const db = new PGlite({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: { vector },
  });
  await db.waitReady;
  return db;
}
