import { create } from 'zustand';
import type { RecordingHealth } from '../../../../shared/ipc/contracts/recording';
import type { Session } from '../../../../shared/domain/session';
import { errorMessage } from '../../app/format';
import { invoke, on, sendAudio } from '../../ipc';
import { startMicCapture, type MicCapture } from './mic-capture';

interface RecorderState {
  sessionId: string | null;
  phase: 'idle' | 'starting' | 'recording' | 'paused' | 'stopping';
  /** Mic RMS level 0..1, measured in the renderer ten times a second. */
  level: number;
  /** Capture health per channel as reported by the core ('ok' entries are dropped). */
  health: Partial<Record<RecordingHealth['channel'], RecordingHealth['status']>>;
  /** Per-channel level in dBFS as the core hears it (system audio is only known there). */
  coreLevels: Partial<Record<'mic' | 'system', number>>;
  /** Frames the transport could not send (disconnected); shown as a warning. */
  droppedFrames: number;
  error: string | null;
  start(session: Session): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<Session | null>;
}

let capture: MicCapture | null = null;

/**
 * The recording of the open session: opens the mic, streams 16 kHz frames to the core and
 * drives the core's recording.* channels.
 */
export const useRecorder = create<RecorderState>((set, get) => ({
  sessionId: null,
  phase: 'idle',
  level: 0,
  health: {},
  coreLevels: {},
  droppedFrames: 0,
  error: null,
  async start(session) {
    if (get().phase !== 'idle') return;
    set({ sessionId: session.id, phase: 'starting', error: null, level: 0, health: {}, coreLevels: {}, droppedFrames: 0 });
    try {
      capture = await startMicCapture({
        onFrame: (samples) => {
          if (!sendAudio('mic', samples)) set({ droppedFrames: get().droppedFrames + 1 });
        },
        onLevel: (level) => set({ level }),
      });
      await invoke('recording.start', { session_id: session.id, sources: ['mic'] });
      set({ phase: 'recording' });
    } catch (error) {
      await capture?.stop();
      capture = null;
      set({ phase: 'idle', sessionId: null, error: errorMessage(error) });
    }
  },
  async pause() {
    if (get().phase !== 'recording') return;
    capture?.pause();
    try {
      await invoke('recording.pause', {});
      set({ phase: 'paused', level: 0 });
    } catch (error) {
      capture?.resume();
      set({ error: errorMessage(error) });
    }
  },
  async resume() {
    if (get().phase !== 'paused') return;
    try {
      await invoke('recording.resume', {});
      capture?.resume();
      set({ phase: 'recording' });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async stop() {
    const id = get().sessionId;
    if (!id || get().phase === 'idle' || get().phase === 'stopping') return null;
    set({ phase: 'stopping' });
    try {
      await capture?.stop();
      capture = null;
      await invoke('recording.stop', { end_session: true });
      const session = await invoke('sessions.get', { id });
      set({ phase: 'idle', sessionId: null, level: 0, health: {} });
      return session;
    } catch (error) {
      set({ phase: 'idle', sessionId: null, error: errorMessage(error) });
      return null;
    }
  },
}));

/** Follows the core's capture-health and level reports for the recording session. */
export function watchRecorder(): () => void {
  const offLevels = on('recording.levelChanged', (report) => {
    const state = useRecorder.getState();
    if (report.session_id !== state.sessionId || report.channel === 'mixed') return;
    useRecorder.setState({ coreLevels: { ...state.coreLevels, [report.channel]: report.level_dbfs } });
  });
  const offHealth = on('recording.healthChanged', (report) => {
    const state = useRecorder.getState();
    if (report.session_id !== state.sessionId) return;
    const { [report.channel]: _previous, ...rest } = state.health;
    useRecorder.setState({ health: report.status === 'ok' ? rest : { ...rest, [report.channel]: report.status } });
  });
  return () => {
    offLevels();
    offHealth();
  };
}
