import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IpcHandlers, PushEvents } from '../shared/ipc/contract';
import { createRecordingService } from './capture/recording-service';
import { createCalendarFeature } from './calendar/calendar-feature';
import { createChecklistRepo } from './checklist/checklist-repo';
import { createCopilotFeature } from './copilot/copilot-feature';
import { createDataFeature } from './data/data-feature';
import { createDocumentsFeature } from './documents/documents-feature';
import { openDatabase, type AppDb } from './db/open-database';
import { createLogger } from './log/logger';
import { createRendererLog } from './log/renderer-log';
import { createNotesRepo } from './notes/notes-repo';
import { createMemorySecretStore, type CorePorts, type SecretStore } from './ports';
import { createSessionsRepo } from './sessions/sessions-repo';
import { createSearchFeature } from './search/search-feature';
import { createSessionsService } from './sessions/sessions-service';
import { createSyncFeature, type SyncFeature } from './sync/sync-feature';
import { createTemplatesRepo } from './templates/templates-repo';
import { createConfiguredTranscriberFactory, readTranscriptionSettings } from './transcribe/engine-settings';
import { createEnginesFeature } from './transcribe/engines-feature';
import { createTranscriptsRepo } from './transcripts/transcripts-repo';

const log = createLogger('core');

/** The application core: every IPC handler plus lifecycle and internals hosts need. */
export type CoreApi = IpcHandlers & {
  /** Closes the database and stops background work. */
  close(): Promise<void>;
  /** Subscribes to pushed events; returns an unsubscribe function. */
  subscribe(listener: <E extends keyof PushEvents>(event: E, payload: PushEvents[E]) => void): () => void;
  /** Feeds 16 kHz mono Int16 frames of a channel into the current recording (hosts call it; not IPC). */
  pushAudio(channel: 'mic' | 'system', samples: Int16Array): void;
  /** Internals for hosts, the CLI and tests (not exposed over IPC). */
  readonly internals: {
    db: AppDb;
    secrets: SecretStore;
    now: () => number;
    newId: () => string;
    dataDir: string;
    /** Resolves when the copilot has processed every queued segment and summary. */
    copilotIdle: () => Promise<void>;
    /** Sync feature: the outbox for local writes that reach the server. */
    sync: SyncFeature;
  };
};

/** Builds the core over its ports: opens and migrates the database, seeds templates, wires services. */
export function createCore(ports: CorePorts): CoreApi {
  if (ports.databasePath !== ':memory:') mkdirSync(ports.dataDir, { recursive: true });
  const db = openDatabase(ports.databasePath, ports.migrationsDir === undefined ? {} : { migrationsDir: ports.migrationsDir });
  const now = () => ports.clock?.now() ?? Date.now();
  const newId = ports.newId ?? randomUUID;
  const secrets = ports.secrets ?? createMemorySecretStore();
  const listeners = new Set<(event: keyof PushEvents, payload: unknown) => void>();

  function emit<E extends keyof PushEvents>(event: E, payload: PushEvents[E]): void {
    ports.emit?.(event, payload);
    kickIndexer(event);
    copilot.onEvent(event, payload);
    for (const listener of listeners) listener(event, payload);
  }

  const sessionsRepo = createSessionsRepo(db);
  const templates = createTemplatesRepo(db);
  const transcripts = createTranscriptsRepo(db);
  const notes = createNotesRepo(db);
  const checklist = createChecklistRepo(db);
  templates.seedSystemTemplates(now());
  // Live guidance, smart notes and checklist ticks from final segments; summaries when a call ends.
  const copilot = createCopilotFeature({ db, secrets, now, newId, dataDir: ports.dataDir, emit });
  const search = createSearchFeature({ db, secrets, now, onIndexUpdated: (status) => emit('search.indexUpdated', status) });
  const documents = createDocumentsFeature({
    db,
    now,
    newId,
    onProgress: (progress) => emit('documents.changed', progress),
    onChunksChanged: () => search.indexer.kick(),
  });
  // New transcript rows are queued by a trigger; this wakes the background embedder.
  const kickIndexer = (event: keyof PushEvents) => event === 'transcript.segmentAdded' && search.indexer.kick();

  const sessions = createSessionsService({
    db,
    sessions: sessionsRepo,
    templates,
    now,
    newId,
    currentUser: () => sync.currentUser(),
    onChanged: (id) => emit('sessions.changed', { id }),
  });
  const recording = createRecordingService({
    db,
    sessions,
    emit,
    now,
    newId,
    transcriberFactory: () => createConfiguredTranscriberFactory({ db, secrets, dataDir: ports.dataDir }),
    vadKind: () => readTranscriptionSettings(db).vad,
  });
  // Mirror + outbox sync with the sync server; resumes a stored sign-in.
  const sync = createSyncFeature({
    db,
    secrets,
    now,
    newId,
    emitStatus: (status) => emit('sync.statusChanged', status),
    emitRejected: (rejected) => emit('sync.mutationRejected', rejected),
  });
  // Settings → Engines and models (model downloads with progress).
  const engines = createEnginesFeature({ db, secrets, dataDir: ports.dataDir, now, emitProgress: (progress) => emit('models.downloadProgressed', progress) });
  // Settings → Data: export everything, delete everything.
  const data = createDataFeature({ db, dataDir: ports.dataDir, now, markdownFor: (id) => copilot.handlers['export.markdown']({ session_id: id }) });
  // Home's "Upcoming": the read-only calendar mirror.
  const calendar = createCalendarFeature({ db, sessions: sessionsRepo, now, currentUser: () => sync.currentUser(), createSession: (input) => sessions.create(input) });
  sync.resume().catch((error: unknown) => log.warn('sync did not resume', { error: String(error).slice(0, 200) }));
  log.info('core ready', { host: ports.host ?? 'headless' });

  const api: CoreApi = {
    'app.info': async () => ({ version: ports.version ?? '0.1.0', host: ports.host ?? 'headless', dataDir: ports.dataDir }),
    'sessions.list': async (input) =>
      sessionsRepo.list({
        limit: input.limit,
        ...(input.before === undefined ? {} : { before: input.before }),
        ...(input.status === undefined ? {} : { status: input.status }),
        ...(input.conversation_type === undefined ? {} : { conversationType: input.conversation_type }),
      }),
    'sessions.get': async ({ id }) => sessionsRepo.get(id),
    'sessions.create': async (input) => sessions.create(input),
    'sessions.update': async (input) => sessions.update(input),
    'sessions.start': async ({ id }) => sessions.start(id),
    'sessions.end': async ({ id }) => sessions.end(id),
    'sessions.delete': async ({ id }) => {
      sessions.remove(id);
      return { ok: true as const };
    },
    'transcripts.list': async (input) => {
      sessionsRepo.get(input.session_id);
      return transcripts.listBySession(input.session_id, {
        limit: input.limit,
        ...(input.after_sequence === undefined ? {} : { afterSequence: input.after_sequence }),
      });
    },
    'transcripts.add': async (input) => {
      sessionsRepo.get(input.session_id);
      const row = transcripts.append({
        id: newId(),
        session_id: input.session_id,
        content: input.content,
        speaker: input.speaker,
        is_owner: input.is_owner,
        confidence_score: input.confidence_score ?? null,
        start_time_seconds: input.start_time_seconds,
        end_time_seconds: Math.max(input.end_time_seconds, input.start_time_seconds),
        duration_seconds: Math.max(0, input.end_time_seconds - input.start_time_seconds),
        created_at: now(),
      });
      emit('transcript.segmentAdded', {
        session_id: row.session_id,
        channel: row.is_owner ? 'mic' : 'system',
        speaker: row.speaker,
        text: row.content,
        is_final: true,
        start_time_seconds: row.start_time_seconds,
        end_time_seconds: row.end_time_seconds,
        transcript: row,
      });
      return row;
    },
    'templates.list': async () => templates.list(),
    'templates.create': async (input) => templates.create({ ...input, id: newId(), user_id: null, now: now() }),
    'notes.list': async ({ session_id }) => {
      sessionsRepo.get(session_id);
      return notes.listBySession(session_id);
    },
    'notes.create': async (input) => {
      const session = sessionsRepo.get(input.session_id);
      const at = now();
      return notes.insert({
        id: newId(),
        session_id: session.id,
        user_id: session.user_id,
        organization_id: session.organization_id,
        category: input.category,
        content: input.content,
        importance: input.importance,
        is_manual: true,
        created_at: at,
        updated_at: at,
      });
    },
    'notes.update': async ({ id, patch }) =>
      notes.update(id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), now()),
    'notes.delete': async ({ id }) => {
      notes.remove(id);
      return { ok: true as const };
    },
    'checklist.list': async ({ session_id }) => {
      sessionsRepo.get(session_id);
      return checklist.listBySession(session_id);
    },
    'checklist.add': async (input) => {
      const session = sessionsRepo.get(input.session_id);
      const at = now();
      return checklist.insert({
        id: newId(),
        session_id: session.id,
        created_by: session.user_id,
        text: input.text,
        status: 'open',
        created_at: at,
        updated_at: at,
      });
    },
    'checklist.setStatus': async ({ id, status }) => checklist.setStatus(id, status, now()),
    'checklist.delete': async ({ id }) => {
      checklist.remove(id);
      return { ok: true as const };
    },
    ...search.handlers,
    ...documents.handlers,
    ...recording.handlers,
    ...copilot.handlers,
    ...sync.handlers,
    ...engines.handlers,
    ...data.handlers,
    ...calendar.handlers,
    ...createRendererLog({ now }),
    pushAudio: recording.pushAudio,
    close: async () => {
      await recording.close();
      await engines.close();
      await copilot.whenIdle();
      copilot.stop();
      listeners.clear();
      search.stop();
      await documents.whenIdle();
      await sync.close();
      db.close();
    },
    subscribe: (listener) => {
      const wrapped = listener as (event: keyof PushEvents, payload: unknown) => void;
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    internals: { db, secrets, now, newId, dataDir: ports.dataDir, copilotIdle: () => copilot.whenIdle(), sync },
  };
  return api;
}
