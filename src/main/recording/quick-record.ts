import { AppError, serializeError } from '../../shared/errors';
import type { IpcHandlers } from '../../shared/ipc/contract';
import type { RecordingStatus } from '../../shared/ipc/contracts/recording';
import { createLogger } from '../../core/log/logger';
import { quickRecordTitle, type ActiveRecording } from '../tray/tray-model';

const log = createLogger('quick-record');

/** What the tray shows about recording. */
export interface QuickRecordState {
  recording: ActiveRecording | null;
  isBusy: boolean;
}

/** What the quick-record controller needs; Electron glue supplies the windows and notifications. */
export interface QuickRecordDeps {
  api: Pick<IpcHandlers, 'sessions.create' | 'sessions.get' | 'recording.start' | 'recording.stop' | 'recording.status'>;
  now: () => number;
  /** Makes sure a renderer is capturing audio for the session (the hidden capture window if no window is open). */
  ensureCapture(sessionId: string): void;
  /** Closes the hidden capture window, if it was opened for quick-record. */
  releaseCapture(): void;
  notify(kind: 'recording.started' | 'recording.stopped' | 'recording.failed', detail: { title: string; sessionId?: string }): void;
  onChange(state: QuickRecordState): void;
}

/** Quick-record from the tray or global shortcut: start a session and recording, or stop it. */
export interface QuickRecordController {
  toggle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Re-reads recording.status (after `sessions.changed`, or a recording started in a window). */
  refresh(): Promise<void>;
  state(): QuickRecordState;
}

/** Builds the controller; concurrent toggles are serialized so one press never starts two recordings. */
export function createQuickRecord(deps: QuickRecordDeps): QuickRecordController {
  let current: QuickRecordState = { recording: null, isBusy: false };
  let queue: Promise<void> = Promise.resolve();

  function set(next: QuickRecordState): void {
    current = next;
    deps.onChange(current);
  }

  async function fromStatus(status: RecordingStatus): Promise<ActiveRecording | null> {
    if (status.state === 'idle' || status.session_id === null) return null;
    if (current.recording?.sessionId === status.session_id) return current.recording;
    const session = await deps.api['sessions.get']({ id: status.session_id });
    return { sessionId: session.id, title: session.title, startedAt: deps.now() - status.elapsed_seconds * 1000 };
  }

  function serialized(task: () => Promise<void>): Promise<void> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function guarded(action: string, task: () => Promise<void>): Promise<void> {
    set({ ...current, isBusy: true });
    try {
      await task();
    } catch (error) {
      const { code } = serializeError(error);
      log.warn('quick-record failed', { action, code });
      deps.notify('recording.failed', { title: error instanceof AppError ? error.message : 'Recording could not be changed' });
      const recovered = await deps.api['recording.status']({}).then(fromStatus).catch(() => null);
      set({ recording: recovered, isBusy: false });
      throw error;
    }
    set({ ...current, isBusy: false });
  }

  const startTask = () =>
    guarded('start', async () => {
      const status = await deps.api['recording.status']({});
      if (status.state !== 'idle') {
        set({ recording: await fromStatus(status), isBusy: true });
        return;
      }
      const startedAt = deps.now();
      const session = await deps.api['sessions.create']({ title: quickRecordTitle(startedAt), conversation_type: 'meeting' });
      await deps.api['recording.start']({ session_id: session.id, sources: ['mic', 'system'] });
      deps.ensureCapture(session.id);
      set({ recording: { sessionId: session.id, title: session.title, startedAt }, isBusy: true });
      deps.notify('recording.started', { title: session.title, sessionId: session.id });
    });

  const stopTask = () =>
    guarded('stop', async () => {
      const stopped = current.recording;
      await deps.api['recording.stop']({ end_session: true });
      deps.releaseCapture();
      set({ recording: null, isBusy: true });
      if (stopped) deps.notify('recording.stopped', { title: stopped.title, sessionId: stopped.sessionId });
    });

  const controller: QuickRecordController = {
    start: () => serialized(startTask),
    stop: () => serialized(stopTask),
    // Decided inside the queue, so a double press is a start then a stop, never two starts.
    toggle: () => serialized(() => (current.recording ? stopTask() : startTask())),
    refresh: () =>
      serialized(async () => {
        const recording = await fromStatus(await deps.api['recording.status']({}));
        // Stopped elsewhere (the window's stop button): the hidden capture window has nothing to do.
        if (!recording && current.recording) deps.releaseCapture();
        set({ recording, isBusy: current.isBusy });
      }),
    state: () => current,
  };
  return controller;
}
