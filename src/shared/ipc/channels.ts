// Allowlists for the preload, with no zod so the sandboxed preload bundle stays tiny.
// A unit test keeps these equal to the keys of ipcContract and PushEvents.

/** Every request channel the renderer may invoke. */
export const IPC_CHANNELS = [
  'app.info',
  'sessions.list',
  'sessions.get',
  'sessions.create',
  'sessions.update',
  'sessions.start',
  'sessions.end',
  'sessions.delete',
  'transcripts.list',
  'transcripts.add',
  'templates.list',
  'templates.create',
  'notes.list',
  'notes.create',
  'notes.update',
  'notes.delete',
  'checklist.list',
  'checklist.add',
  'checklist.setStatus',
  'checklist.delete',
  'recording.start',
  'recording.stop',
  'recording.pause',
  'recording.resume',
  'recording.status',
] as const;

/** Every event the renderer may subscribe to. */
export const PUSH_EVENTS = ['sessions.changed', 'transcript.segmentAdded', 'recording.levelChanged', 'recording.healthChanged'] as const;

/** Maximum serialized size of one IPC request, in characters. */
export const MAX_IPC_PAYLOAD_CHARS = 1_000_000;
