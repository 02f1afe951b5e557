import { z } from 'zod';
import { UuidSchema } from '../domain/common';
import {
  CreateSessionInputSchema,
  ListSessionsInputSchema,
  SessionIdInputSchema,
  SessionSchema,
  UpdateSessionInputSchema,
} from '../domain/session';
import {
  AddTranscriptInputSchema,
  ListTranscriptsInputSchema,
  TranscriptSchema,
  type TranscriptSegment,
} from '../domain/transcript';
import { CreateTemplateInputSchema, TemplateSchema } from '../domain/template';
import {
  AddChecklistItemInputSchema,
  ChecklistItemSchema,
  CreateNoteInputSchema,
  SetChecklistStatusInputSchema,
  SmartNoteSchema,
  UpdateNoteInputSchema,
} from '../domain/notes';
import type { SerializedAppError } from '../errors';
import { documentsContract, type DocumentProgress } from './contracts/documents';
import { searchContract, type SearchIndexUpdated } from './contracts/search';
import { recordingContract, type RecordingHealth, type RecordingLevel } from './contracts/recording';
import { syncContract, type SyncMutationRejected, type SyncStatus } from './contracts/sync';
import { dataContract } from './contracts/data';
import { calendarContract } from './contracts/calendar';
import { logContract, type AppErrorOccurred } from './contracts/log';
import { enginesContract, type ModelDownloadProgress } from './contracts/engines';
import { copilotContract, type ChecklistChanged, type Guidance, type NotesChanged, type SummaryChanged } from './contracts/copilot';

const Empty = z.strictObject({});
const Ok = z.object({ ok: z.literal(true) });
const BySession = z.strictObject({ session_id: UuidSchema });

/** Core channels: app, sessions, transcripts, templates, notes, checklist. */
const coreContract = {
  'app.info': {
    input: Empty,
    output: z.object({ version: z.string(), host: z.enum(['electron', 'headless']), dataDir: z.string() }),
  },
  'sessions.list': { input: ListSessionsInputSchema, output: z.array(SessionSchema) },
  'sessions.get': { input: SessionIdInputSchema, output: SessionSchema },
  'sessions.create': { input: CreateSessionInputSchema, output: SessionSchema },
  'sessions.update': { input: UpdateSessionInputSchema, output: SessionSchema },
  'sessions.start': { input: SessionIdInputSchema, output: SessionSchema },
  'sessions.end': { input: SessionIdInputSchema, output: SessionSchema },
  'sessions.delete': { input: SessionIdInputSchema, output: Ok },
  'transcripts.list': { input: ListTranscriptsInputSchema, output: z.array(TranscriptSchema) },
  'transcripts.add': { input: AddTranscriptInputSchema, output: TranscriptSchema },
  'templates.list': { input: Empty, output: z.array(TemplateSchema) },
  'templates.create': { input: CreateTemplateInputSchema, output: TemplateSchema },
  'notes.list': { input: BySession, output: z.array(SmartNoteSchema) },
  'notes.create': { input: CreateNoteInputSchema, output: SmartNoteSchema },
  'notes.update': { input: UpdateNoteInputSchema, output: SmartNoteSchema },
  'notes.delete': { input: z.strictObject({ id: UuidSchema }), output: Ok },
  'checklist.list': { input: BySession, output: z.array(ChecklistItemSchema) },
  'checklist.add': { input: AddChecklistItemInputSchema, output: ChecklistItemSchema },
  'checklist.setStatus': { input: SetChecklistStatusInputSchema, output: ChecklistItemSchema },
  'checklist.delete': { input: z.strictObject({ id: UuidSchema }), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/**
 * The only IPC contract: every request channel with its input and output schema.
 * Features add their channels as a fragment in `contracts/<feature>.ts` spread here.
 */
export const ipcContract = {
  ...coreContract,
  ...searchContract,
  ...documentsContract,
  ...recordingContract,
  ...copilotContract,
  ...syncContract,
  ...enginesContract,
  ...dataContract,
  ...logContract,
  ...calendarContract,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** A request channel name. */
export type IpcChannel = keyof typeof ipcContract;
/** What a caller passes for a channel. */
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['input']>;
/** What a channel returns. */
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['output']>;

/** The handler map every host implements (CoreApi satisfies it). */
export type IpcHandlers = {
  [C in IpcChannel]: (input: z.output<(typeof ipcContract)[C]['input']>) => Promise<IpcOutput<C>>;
};

/** Events pushed from the core to the renderer. */
export interface PushEvents {
  'sessions.changed': { id: string };
  'transcript.segmentAdded': TranscriptSegment;
  'search.indexUpdated': SearchIndexUpdated;
  'documents.changed': DocumentProgress;
  'recording.levelChanged': RecordingLevel;
  'recording.healthChanged': RecordingHealth;
  'guidance.added': Guidance;
  'notes.changed': NotesChanged;
  'checklist.changed': ChecklistChanged;
  'summaries.changed': SummaryChanged;
  'sync.statusChanged': SyncStatus;
  'sync.mutationRejected': SyncMutationRejected;
  'models.downloadProgressed': ModelDownloadProgress;
  'app.errorOccurred': AppErrorOccurred;
}
/** A pushed event name. */
export type PushEvent = keyof PushEvents;

/** The result envelope used across every transport (Electron drops error fields on invoke). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: SerializedAppError };
