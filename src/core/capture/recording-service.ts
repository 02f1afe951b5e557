import type { IpcHandlers, PushEvents } from '../../shared/ipc/contract';
import type { CaptureSource, RecordingStatus } from '../../shared/ipc/contracts/recording';
import { AppError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { createLogger } from '../log/logger';
import type { SessionsService } from '../sessions/sessions-service';
import type { Transcriber, TranscriberFactory } from '../transcribe/transcriber';
import { createRecorder, type Recorder } from './recorder';
import { createVad, type VadKind } from './silero-vad';
import { recordedSeconds } from './usage';

const log = createLogger('recording');

type RecordingChannel = 'recording.start' | 'recording.stop' | 'recording.pause' | 'recording.resume' | 'recording.status';

/** What the recording service needs from the core. */
export interface RecordingServiceDeps {
  db: AppDb;
  sessions: SessionsService;
  emit: <E extends keyof PushEvents>(event: E, payload: PushEvents[E]) => void;
  now: () => number;
  newId: () => string;
  /** Resolved at each start, so a settings change applies to the next recording. */
  transcriberFactory: () => TranscriberFactory;
  /** The VAD chosen in settings, read at each start. */
  vadKind?: () => VadKind;
}

interface Active {
  sessionId: string;
  sources: CaptureSource[];
  recorder: Recorder;
  transcribers: Transcriber[];
  healthTimer: NodeJS.Timeout;
}

/**
 * Live recording into a session: the `recording.*` handlers plus `pushAudio`, which hosts call with
 * 16 kHz mono Int16 frames of each channel. One recording at a time.
 */
export function createRecordingService(deps: RecordingServiceDeps) {
  let active: Active | null = null;
  let starting: Promise<unknown> | null = null;

  function interruptedSessionIds(): string[] {
    return deps.db
      .all<{ id: string }>(sql`SELECT id FROM sessions WHERE status IN ('active', 'paused') AND deleted_at IS NULL ORDER BY created_at`)
      .map((r) => r.id)
      .filter((id) => id !== active?.sessionId);
  }

  function status(): RecordingStatus {
    const stats = active?.recorder.stats();
    return {
      state: active ? (active.recorder.isPaused ? 'paused' : 'recording') : 'idle',
      session_id: active?.sessionId ?? null,
      sources: active?.sources ?? [],
      elapsed_seconds: stats?.timelineSeconds ?? 0,
      segments: stats?.segments ?? 0,
      echo_dropped: stats?.echoDropped ?? 0,
      interrupted_session_ids: interruptedSessionIds(),
    };
  }

  async function start(sessionId: string, sources: CaptureSource[]): Promise<RecordingStatus> {
    if (active) {
      if (active.sessionId === sessionId) return status();
      throw new AppError('validation.invalid_input', 'Another session is being recorded; stop it first', { details: { sessionId: active.sessionId } });
    }
    const session = deps.sessions.start(sessionId);
    const factory = deps.transcriberFactory();
    const unique = [...new Set(sources)];
    const transcribers = await Promise.all(unique.map(() => factory()));
    const offsetSeconds = recordedSeconds(deps.db, session.id, session.recording_started_at ?? deps.now());
    const recorder = createRecorder({
      db: deps.db,
      session: { ...session, recording_started_at: session.recording_started_at ?? deps.now() },
      transcribers: Object.fromEntries(unique.map((source, i) => [source, transcribers[i]])),
      emit: deps.emit,
      now: deps.now,
      newId: deps.newId,
      offsetSeconds,
      createVad: () => createVad(deps.vadKind?.() ?? 'energy'),
    });
    const healthTimer = setInterval(() => recorder.checkHealth(), 1000);
    healthTimer.unref();
    active = { sessionId, sources: unique, recorder, transcribers, healthTimer };
    log.info('recording started', { sessionId, sources: unique.length, resumedAtSeconds: Math.round(offsetSeconds) });
    return status();
  }

  async function stop(endSession: boolean): Promise<RecordingStatus> {
    const current = active;
    if (!current) return status();
    const stats = await current.recorder.stop();
    clearInterval(current.healthTimer);
    for (const t of current.transcribers) t.close();
    active = null;
    if (endSession) deps.sessions.end(current.sessionId);
    log.info('recording stopped', { sessionId: current.sessionId, segments: stats.segments, echoDropped: stats.echoDropped });
    return status();
  }

  const handlers: Pick<IpcHandlers, RecordingChannel> = {
    'recording.start': async ({ session_id, sources }) => {
      const run = (starting ?? Promise.resolve()).then(() => start(session_id, sources));
      starting = run.catch(() => undefined);
      return run;
    },
    'recording.stop': async ({ end_session }) => stop(end_session),
    'recording.pause': async () => {
      if (active && !active.recorder.isPaused) {
        await active.recorder.pause();
        deps.sessions.update({ id: active.sessionId, patch: { status: 'paused' } });
      }
      return status();
    },
    'recording.resume': async () => {
      if (active?.recorder.isPaused) {
        deps.sessions.start(active.sessionId);
        active.recorder.resume();
      }
      return status();
    },
    'recording.status': async () => status(),
  };

  return {
    handlers,
    /** Feeds one frame of a channel into the current recording (dropped when none is running). */
    pushAudio(channel: CaptureSource, samples: Int16Array): void {
      active?.recorder.push(channel, samples);
    },
    /** Stops a running recording without ending its session (core shutdown). */
    close: () => stop(false),
  };
}
