import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from './app';
import { migrate } from './db/migrate';
import { createEmbeddedPglite, type EmbeddedPglite } from './db/pglite';
import type { ServerConfig } from './env';
import { createServerLogger, type ServerLogger } from './log';
import { createElectricProxy } from './sync/electric-proxy';
import { createChangeFeed } from './sync/feed';
import { startMutationPurge } from './sync/mutation-retention';
import { createMutationService } from './sync/mutation-service';
import { createShapeService } from './sync/shape-service';
import { createShareExpirySweeper } from './sync/share-expiry';

/** A started server; `close()` stops HTTP, the pool and any embedded database, in that order. */
export interface RunningServer {
  app: FastifyInstance;
  /** The address HTTP listens on, e.g. http://127.0.0.1:8787 (the real port when config.port is 0). */
  url: string;
  /** Postgres connection string the server uses (the embedded socket when no DATABASE_URL). */
  databaseUrl: string;
  close(): Promise<void>;
}

// The pool (plus the feed's LISTEN connection) must stay below the socket server's connection
// cap, which refuses extra connections.
const EMBEDDED_MAX_CONNECTIONS = 12;
const EMBEDDED_POOL_SIZE = 8;

/**
 * Boots the server: connects to DATABASE_URL, or starts embedded PGlite in DATA_DIR behind a
 * loopback Postgres socket so everything talks `pg`; applies migrations; listens.
 */
export async function startServer(config: ServerConfig, logger: ServerLogger = createServerLogger(config.logLevel)): Promise<RunningServer> {
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let databaseUrl = config.databaseUrl;
    let poolSize = 20;
    if (databaseUrl === undefined) {
      const embedded = await startEmbeddedDatabase(join(config.dataDir, 'pgdata'));
      cleanups.push(embedded.close);
      databaseUrl = embedded.url;
      poolSize = EMBEDDED_POOL_SIZE;
      // The loopback URL (no password) lets tools and tests reach the embedded database.
      logger.info({ connections: EMBEDDED_MAX_CONNECTIONS, databaseUrl: embedded.url }, 'embedded database started');
    }
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
    cleanups.push(() => pool.end());

    const applied = await migrate(pool);
    logger.info({ applied: applied.length }, 'migrations applied');

    // The built-in change feed serves /v1/shape on a single node (DESIGN.md, Sync).
    const feed = createChangeFeed({ db: pool });
    await feed.start();
    cleanups.push(() => feed.stop());
    // Recorded mutation outcomes are kept for the retention window (plus a margin), then purged.
    const mutationPurge = startMutationPurge({ db: pool, retentionMs: config.mutationRetentionMs, log: logger.child({ module: 'mutation-retention' }) });
    cleanups.push(() => mutationPurge.stop());
    // Expired shares reach live recipients as deletes; also sweeps what expired while stopped.
    const shareExpiry = createShareExpirySweeper({ db: pool, feed, logger });
    await shareExpiry.start();
    cleanups.push(() => shareExpiry.stop());
    const sync = {
      // ELECTRIC_URL: forward to a real Electric service (production); else serve from the feed.
      shapes: config.electricUrl ? createElectricProxy({ db: pool, electricUrl: config.electricUrl }) : createShapeService({ db: pool, feed }),
      mutations: createMutationService({ db: pool, onCommitted: () => feed.kick(), retentionMs: config.mutationRetentionMs }),
    };

    const app = await buildApp({ config, db: pool, logger, sync });
    cleanups.push(() => app.close());
    const url = await app.listen({ port: config.port, host: config.host });
    logger.info({ url }, 'sync server listening');
    return { app, url, databaseUrl, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function startEmbeddedDatabase(dataDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const db: EmbeddedPglite = await createEmbeddedPglite({ dataDir });
  const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  try {
    await socket.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgres://postgres@${socket.getServerConn()}/postgres`,
    close: async () => {
      await socket.stop();
      await db.close();
    },
  };
}
