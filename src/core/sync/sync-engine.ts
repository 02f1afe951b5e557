import { setMaxListeners } from 'node:events';
import { FetchError, ShapeStream, type ChangeMessage, type Message, type Offset, type Row } from '@electric-sql/client';
import type { ErrorCode } from '../../shared/errors';
import type { MutationBatchResponse, WireMutation } from '../../shared/sync/mutations';
import { SYNCED_TABLE_NAMES, type SyncedTable } from '../../shared/sync/tables';
import type { AppDb } from '../db/open-database';
import { createLogger } from '../log/logger';
import {
  applyShapeBatch,
  confirmFromDeferred,
  createRowConverter,
  SQLITE_PARSER,
  type BatchOutcome,
  type DeferredChanges,
  type RowConverter,
  type ShapeSchema,
  type StreamPosition,
} from './apply-batch';
import { beginTriggerDeferral, endTriggerDeferral } from './change-capture';
import { createOutbox, type OutboxEntry, type RejectedWrite } from './outbox';

const log = createLogger('sync');
// How often an idle sender looks for new outbox entries.
const IDLE_POLL_MS = 100;
// Stream batches received but not yet written before the stream waits.
const MAX_QUEUED = 2;

/** What the UI shows: synced, syncing n (unconfirmed writes + tables catching up), offline, error. */
export interface SyncEngineStatus {
  state: 'synced' | 'syncing' | 'offline' | 'error';
  /** Local writes not yet confirmed by the stream. */
  pending: number;
  /** Tables whose initial sync (or catch-up) is not done. */
  tablesSyncing: number;
  /** Rows received since start, for initial-sync progress. */
  rowsReceived: number;
  message?: string;
}

/** Options of {@link createSyncEngine}. */
export interface SyncEngineOptions {
  db: AppDb;
  /** Sync server base URL, e.g. https://sync.example.com */
  serverUrl: string;
  /** Current access token; called per request, so a refreshed token is picked up. */
  getAccessToken: () => Promise<string>;
  /** Called once after a 401; resolve true when a new token is available. */
  refreshAccessToken?: () => Promise<boolean>;
  now: () => number;
  newId: () => string;
  fetch?: typeof fetch;
  tables?: readonly SyncedTable[];
  onStatus?: (status: SyncEngineStatus) => void;
  onRejected?: (rejected: RejectedWrite) => void;
  /** Called after each stream batch is committed to SQLite (benchmarks, diagnostics). */
  onBatch?: (table: SyncedTable, outcome: BatchOutcome) => void;
  /** Mutations per POST (default 200). */
  batchSize?: number;
}

/**
 * The desktop sync engine: one official ShapeStream per synced table feeding SQLite (each batch
 * in one transaction with its position), and the outbox sender (exponential backoff, survives
 * restarts because the outbox is in SQLite, confirmation by txid in the stream).
 */
export function createSyncEngine(options: SyncEngineOptions) {
  const { db, now } = options;
  const baseFetch = options.fetch ?? fetch;
  const tables = options.tables ?? SYNCED_TABLE_NAMES;
  const outbox = createOutbox(db, { now, newId: options.newId });
  const bulkWrites = createBulkWrites(db);
  const aborter = new AbortController();
  // One stop listener per table stream plus one per in-flight request: more than EventTarget's
  // default of 10 by design, so raise the leak warning's threshold instead of printing it.
  setMaxListeners(tables.length + 32, aborter.signal);
  const upToDate = new Set<SyncedTable>();
  const streams: ShapeStream<Row>[] = [];
  const deferred: DeferredChanges = new Map();
  let rowsReceived = 0;
  let networkDown = false;
  let fatal: string | undefined;
  let lastStatus = '';
  let running = false;
  let wakeSender: (() => void) | undefined;
  let senderDone: Promise<void> | undefined;

  const trackedFetch: typeof fetch = async (input, init) => {
    try {
      const response = await baseFetch(input, init);
      if (networkDown) {
        networkDown = false;
        emitStatus();
      }
      return response;
    } catch (error) {
      if (!aborter.signal.aborted && !networkDown) {
        networkDown = true;
        emitStatus();
      }
      throw error;
    }
  };

  function status(): SyncEngineStatus {
    const pending = outbox.unconfirmedCount();
    const tablesSyncing = tables.length - upToDate.size;
    const base = { pending, tablesSyncing, rowsReceived };
    if (fatal) return { state: 'error', ...base, message: fatal };
    if (networkDown) return { state: 'offline', ...base };
    return { state: pending > 0 || tablesSyncing > 0 ? 'syncing' : 'synced', ...base };
  }

  function emitStatus(): void {
    const current = status();
    const key = JSON.stringify(current);
    if (key === lastStatus) return;
    lastStatus = key;
    options.onStatus?.(current);
  }

  function readPosition(table: SyncedTable): { offset: Offset; handle?: string } {
    const row = db.raw.prepare(`SELECT shape_handle, shape_offset FROM sync_state WHERE table_name = ?`).get(table) as
      | { shape_handle: string | null; shape_offset: string | null }
      | undefined;
    if (!row?.shape_handle || !row.shape_offset || row.shape_offset === '-1') return { offset: '-1' };
    return { offset: row.shape_offset as Offset, handle: row.shape_handle };
  }

  function startStream(table: SyncedTable): void {
    if (!running) return;
    const state = db.raw.prepare(`SELECT is_up_to_date FROM sync_state WHERE table_name = ?`).get(table) as { is_up_to_date: number } | undefined;
    // Search triggers skipped until this stream first reports up-to-date (then rebuilt once).
    let isDeferred = false;
    if (!state?.is_up_to_date) {
      isDeferred = beginTriggerDeferral(db, table);
      bulkWrites.enter(table);
    }
    const own = new AbortController();
    const onStop = () => own.abort();
    aborter.signal.addEventListener('abort', onStop, { once: true });
    const converters = new Map<string, RowConverter | null>();
    const stream = new ShapeStream<Row>({
      url: `${options.serverUrl}/v1/shape`,
      params: { table },
      ...readPosition(table),
      headers: { Authorization: async () => `Bearer ${await options.getAccessToken()}` },
      parser: SQLITE_PARSER,
      signal: own.signal,
      fetchClient: convertingFetch(trackedFetch, converters),
      onError: async (error) => {
        if (error instanceof FetchError && error.status === 401 && options.refreshAccessToken && (await options.refreshAccessToken())) return {};
        if (error instanceof FetchError && error.status >= 400 && error.status < 500) {
          fatal = error.status === 401 ? 'Signed out by the server; sign in again' : `The server refused the ${table} stream (${error.status})`;
          emitStatus();
          return;
        }
        return {};
      },
    });
    let isBroken = false;
    // Batches are applied off the stream's callback so the next chunk is requested (and prepared
    // by the server) while this one is written; at most MAX_QUEUED wait before the stream pauses.
    const queue: { messages: Message<Row>[]; position: StreamPosition; convert: RowConverter | undefined }[] = [];
    let isScheduled = false;
    let resumeStream: (() => void) | undefined;
    const applyQueued = () => {
      isScheduled = false;
      let isCaughtUp = false;
      while (queue.length > 0 && !isBroken && running) {
        const batch = queue.shift() as (typeof queue)[number];
        try {
          if (batch.convert) for (const message of batch.messages) if ('operation' in message.headers) batch.convert((message as ChangeMessage<Row>).value);
          const outcome = applyShapeBatch(db, table, batch.messages, () => batch.position, now(), deferred);
          rowsReceived += outcome.upserted;
          if (outcome.refetched) upToDate.delete(table);
          if (outcome.isUpToDate) {
            upToDate.add(table);
            isCaughtUp = true;
            bulkWrites.leave(table);
          }
          options.onBatch?.(table, outcome);
          emitStatus();
        } catch (error) {
          // Nothing of the batch was kept (one transaction): restart the stream from the saved position.
          isBroken = true;
          queue.length = 0;
          log.error('sync batch not applied; restarting the stream', { table, error: String(error).slice(0, 200) });
          own.abort();
          stream.unsubscribeAll();
          aborter.signal.removeEventListener('abort', onStop);
          setTimeout(() => startStream(table), 1_000).unref();
        }
      }
      resumeStream?.();
      resumeStream = undefined;
      // The rows are in and up-to-date is reported first; the search index deferred during the
      // initial sync is rebuilt right after (one statement, ~0.4 s per 100k transcripts), still
      // before the next batch is applied. stop() rebuilds it if the engine stops first.
      if (isCaughtUp && isDeferred && running) {
        isDeferred = false;
        setImmediate(() => {
          // After stop() the database may be closed; stop() has rebuilt the index itself.
          if (!running || !db.raw.open) return;
          try {
            endTriggerDeferral(db, table);
          } catch (error) {
            // Left deferred: stop() or the next start repairs it.
            log.error('search index rebuild after initial sync failed', { table, error: String(error).slice(0, 200) });
          }
        });
      }
    };
    stream.subscribe((messages: Message<Row>[]) => {
      if (isBroken) return;
      const handle = stream.shapeHandle ?? null;
      queue.push({ messages, position: { handle, offset: stream.lastOffset }, convert: (handle === null ? undefined : converters.get(handle)) ?? undefined });
      if (!isScheduled) {
        isScheduled = true;
        setImmediate(applyQueued);
      }
      if (queue.length < MAX_QUEUED) return;
      return new Promise<void>((resolve) => {
        resumeStream = resolve;
      });
    });
    streams.push(stream);
  }

  async function post(entries: OutboxEntry[]): Promise<Response> {
    return trackedFetch(`${options.serverUrl}/v1/mutations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await options.getAccessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(outbox.toWireBatch(entries, (mutation) => withoutLocalTemplate(db, mutation))),
      signal: aborter.signal,
    });
  }

  async function send(entries: OutboxEntry[]): Promise<void> {
    let response: Response;
    try {
      response = await post(entries);
    } catch (error) {
      if (aborter.signal.aborted) return;
      outbox.markFailed(entries.map((entry) => entry.id), 'network error');
      log.warn('mutations not delivered; will retry', { count: entries.length, error: String(error).slice(0, 200) });
      return;
    }
    if (response.status === 401 && options.refreshAccessToken && (await options.refreshAccessToken())) return;
    if (response.status === 400 && entries.length > 1) {
      // One malformed entry fails the batch: send one by one to find it.
      for (const entry of entries) await send([entry]);
      return;
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 401) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: ErrorCode; message?: string } };
      for (const entry of entries) {
        options.onRejected?.(outbox.reject(entry, body.error?.code ?? 'validation.invalid_input', body.error?.message ?? `HTTP ${response.status}`));
      }
      return;
    }
    if (!response.ok) {
      if (response.status === 401) fatal = 'Signed out by the server; sign in again';
      outbox.markFailed(entries.map((entry) => entry.id), `HTTP ${response.status}`);
      return;
    }
    const body = (await response.json()) as MutationBatchResponse;
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    const sent: string[] = [];
    for (const result of body.results) {
      const entry = byId.get(result.id);
      if (!entry) continue;
      if (result.status === 'applied') sent.push(result.id);
      else options.onRejected?.(outbox.reject(entry, result.error.code, result.error.message));
    }
    outbox.markSent(sent, body.txid);
    const sentIds = new Set(sent);
    confirmFromDeferred(db, deferred, entries.filter((entry) => sentIds.has(entry.id)), body.txid);
  }

  async function sendLoop(): Promise<void> {
    while (running) {
      const entries = outbox.due(options.batchSize ?? 200);
      if (entries.length > 0 && !fatal) {
        await send(entries);
        outbox.expireSent(now() - 120_000);
        outbox.purgeDone();
        emitStatus();
        continue;
      }
      // Local writes reach the outbox through SQLite triggers (no callback): look again soon.
      emitStatus();
      const next = outbox.nextAttemptAt();
      const delay = next === undefined ? IDLE_POLL_MS : Math.max(20, Math.min(IDLE_POLL_MS, next - now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wakeSender = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeSender = undefined;
    }
  }

  return {
    outbox,
    /** Starts every table's stream (resuming from sync_state) and the outbox sender. */
    start(): void {
      if (running) return;
      running = true;
      for (const table of tables) startStream(table);
      senderDone = sendLoop().catch((error: unknown) => {
        fatal = 'Sending local changes failed';
        log.error('outbox sender stopped', { error: String(error).slice(0, 200) });
        emitStatus();
      });
      emitStatus();
    },
    /** Sends pending local writes now instead of at the next tick. */
    flush(): void {
      wakeSender?.();
    },
    status,
    /** Stops streams and the sender; the next engine over the same database resumes where this stopped. */
    async stop(): Promise<void> {
      running = false;
      aborter.abort();
      for (const stream of streams) stream.unsubscribeAll();
      wakeSender?.();
      await senderDone;
      endTriggerDeferral(db);
      bulkWrites.end();
    },
  };
}

// While a table's initial sync writes: a 64 MB page cache (SQLite's default is 2 MB) and a
// checkpoint every ~40 MB of WAL instead of every 4 MB. A snapshot inserts into each table's
// indexes in an order unrelated to the rows' (e.g. transcripts by id, and by session and sequence);
// with the small cache and frequent checkpoints, 1M transcripts took 65 s to insert, 20 s with these.
const BULK_CACHE_PAGES_KIB = 65_536;
const BULK_WAL_AUTOCHECKPOINT = 10_000;

/**
 * Raises the connection's page cache and checkpoint interval while any table is in its initial
 * sync, and puts the previous values back (with a passive checkpoint) when none is.
 */
function createBulkWrites(db: AppDb) {
  const active = new Set<SyncedTable>();
  let saved: { cacheSize: number; autocheckpoint: number } | undefined;
  const end = () => {
    active.clear();
    if (!saved || !db.raw.open) return;
    db.raw.pragma(`cache_size = ${saved.cacheSize}`);
    db.raw.pragma(`wal_autocheckpoint = ${saved.autocheckpoint}`);
    db.raw.pragma('wal_checkpoint(PASSIVE)');
    saved = undefined;
  };
  return {
    enter(table: SyncedTable): void {
      active.add(table);
      if (saved) return;
      saved = {
        cacheSize: Number(db.raw.pragma('cache_size', { simple: true })),
        autocheckpoint: Number(db.raw.pragma('wal_autocheckpoint', { simple: true })),
      };
      db.raw.pragma(`cache_size = -${BULK_CACHE_PAGES_KIB}`);
      db.raw.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT}`);
    },
    leave(table: SyncedTable): void {
      if (!active.delete(table) || active.size > 0) return;
      end();
    },
    end,
  };
}

const SCHEMA_HEADER = 'electric-schema';
const HANDLE_HEADER = 'electric-handle';

/**
 * The ShapeStream converts every value inside its JSON reviver, one call and two allocations per
 * column; on an initial sync that was a third of the desktop's CPU. This fetch wrapper keeps the
 * response's column types for the engine (by shape handle, which pins the schema) and hands the
 * client an empty `electric-schema`, so it passes the Postgres text through; the engine converts
 * each row in one loop before applying it (the same results as SQLITE_PARSER). Shapes with array
 * columns are left to the client. The official client and the server's protocol are unchanged.
 */
function convertingFetch(inner: typeof fetch, converters: Map<string, RowConverter | null>): typeof fetch {
  const bySchema = new Map<string, RowConverter | null>();
  return async (input, init) => {
    const response = await inner(input, init);
    const schemaText = response.headers.get(SCHEMA_HEADER);
    const handle = response.headers.get(HANDLE_HEADER);
    if (response.status !== 200 || !schemaText || schemaText === '{}' || !handle) return response;
    let convert = bySchema.get(schemaText);
    if (convert === undefined) {
      convert = parseSchema(schemaText);
      bySchema.set(schemaText, convert);
    }
    converters.set(handle, convert);
    if (convert === null) return response;
    const headers = new Headers(response.headers);
    headers.set(SCHEMA_HEADER, '{}');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function parseSchema(text: string): RowConverter | null {
  try {
    const schema = JSON.parse(text) as unknown;
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return null;
    return createRowConverter(schema as ShapeSchema) ?? null;
  } catch (error) {
    // Not JSON: the client reports the broken header itself; leave the response untouched.
    log.warn('shape schema header is not JSON', { error: String(error).slice(0, 100) });
    return null;
  }
}

/**
 * System templates and templates made while signed out exist only on this device: a session
 * pointing at one goes to the server without the reference (the local row keeps it), instead of
 * being rejected by the server's foreign key and rolled back.
 */
function withoutLocalTemplate(db: AppDb, mutation: WireMutation): WireMutation {
  if (mutation.table !== 'sessions' || mutation.op === 'delete') return mutation;
  const values = mutation.op === 'insert' ? mutation.row : mutation.changes;
  const templateId = values['template_id'];
  if (typeof templateId !== 'string') return mutation;
  const template = db.raw.prepare(`SELECT is_system_template, user_id, organization_id FROM templates WHERE id = ?`).get(templateId) as
    | { is_system_template: number; user_id: string | null; organization_id: string | null }
    | undefined;
  const isShared = template !== undefined && !template.is_system_template && (template.user_id !== null || template.organization_id !== null);
  if (isShared) return mutation;
  const stripped = { ...values, template_id: null };
  return mutation.op === 'insert' ? { ...mutation, row: stripped } : { ...mutation, changes: stripped };
}

/** The engine's type. */
export type SyncEngine = ReturnType<typeof createSyncEngine>;
