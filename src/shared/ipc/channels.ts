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
  'search.query',
  'search.status',
  'search.reindex',
  'ask.query',
  'documents.upload',
  'documents.list',
  'documents.delete',
  'context.get',
  'context.set',
  'links.add',
  'links.list',
  'links.remove',
  'recording.start',
  'recording.stop',
  'recording.pause',
  'recording.resume',
  'recording.status',
  'guidance.list',
  'guidance.feedback',
  'summaries.get',
  'summaries.generate',
  'reports.generate',
  'reports.list',
  'timeline.list',
  'actionItems.list',
  'actionItems.update',
  'ai.getSettings',
  'ai.setSettings',
  'export.markdown',
  'export.pdf',
  'sync.status',
  'sync.signIn',
  'sync.signOut',
  'sync.organizations',
  'sync.switchOrganization',
  'sync.createOrganization',
  'engines.list',
  'engines.select',
  'models.download',
  'models.cancel',
  'engines.getCloud',
  'engines.setCloud',
  'engines.testCloud',
  'data.exportAll',
  'data.deleteAll',
  'log.write',
  'calendar.upcoming',
  'calendar.startSession',
] as const;

/** Every event the renderer may subscribe to. */
export const PUSH_EVENTS = ['sessions.changed', 'transcript.segmentAdded', 'search.indexUpdated', 'documents.changed', 'recording.levelChanged', 'recording.healthChanged', 'guidance.added', 'notes.changed', 'checklist.changed', 'summaries.changed', 'sync.statusChanged', 'sync.mutationRejected', 'models.downloadProgressed', 'app.errorOccurred'] as const;

/** Maximum serialized size of one IPC request, in characters. */
export const MAX_IPC_PAYLOAD_CHARS = 1_000_000;

/** Channels that carry file uploads (base64), and their larger size limit in characters. */
export const UPLOAD_CHANNELS: readonly string[] = ['documents.upload'];
/** Maximum serialized size of an upload request (a 10 MB file in base64 plus its fields). */
export const MAX_UPLOAD_PAYLOAD_CHARS = 14_100_000;
