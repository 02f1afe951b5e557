import { create } from 'zustand';
import type { Session } from '../../../../shared/domain/session';
import { errorMessage } from '../../app/format';
import { hasChannel, invoke, invokeOptional, sendAudio } from '../../ipc';
import { startMicCapture, type MicCapture } from './mic-capture';

interface RecorderState {
  sessionId: string | null;
  phase: 'idle' | 'starting' | 'recording' | 'paused' | 'stopping';
  /** Mic RMS level 0..1, updated ten times a second. */
  level: number;
  /** True when the core has no transcription pipeline: we record time, not audio. */
  isTranscriptionUnavailable: boolean;
  error: string | null;
  start(session: Session): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<Session | null>;
}

let capture: MicCapture | null = null;

/**
 * The recording of the open session: opens the mic, streams frames to the core, and drives the
 * core's recording.* channels (falling back to the session lifecycle when they are absent).
 */
export const useRecorder = create<RecorderState>((set, get) => ({
  sessionId: null,
  phase: 'idle',
  level: 0,
  isTranscriptionUnavailable: false,
  error: null,
  async start(session) {
    if (get().phase !== 'idle') return;
    set({ sessionId: session.id, phase: 'starting', error: null, level: 0 });
    try {
      if (hasChannel('recording.start')) {
        capture = await startMicCapture({
          onFrame: (samples) => sendAudio('mic', samples),
          onLevel: (level) => set({ level }),
        });
        await invokeOptional('recording.start', { session_id: session.id, sources: ['mic'] });
        set({ isTranscriptionUnavailable: false });
      } else {
        await invoke('sessions.start', { id: session.id });
        set({ isTranscriptionUnavailable: true });
      }
      set({ phase: 'recording' });
    } catch (error) {
      await capture?.stop();
      capture = null;
      set({ phase: 'idle', error: errorMessage(error) });
    }
  },
  async pause() {
    if (get().phase !== 'recording') return;
    capture?.pause();
    try {
      if (hasChannel('recording.pause')) await invokeOptional('recording.pause', {});
      set({ phase: 'paused', level: 0 });
    } catch (error) {
      capture?.resume();
      set({ error: errorMessage(error) });
    }
  },
  async resume() {
    if (get().phase !== 'paused') return;
    try {
      if (hasChannel('recording.resume')) await invokeOptional('recording.resume', {});
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
      if (hasChannel('recording.stop')) await invokeOptional('recording.stop', { end_session: true });
      const session = await invoke('sessions.get', { id });
      const ended = session.status === 'completed' ? session : await invoke('sessions.end', { id });
      set({ phase: 'idle', sessionId: null, level: 0 });
      return ended;
    } catch (error) {
      set({ phase: 'idle', sessionId: null, error: errorMessage(error) });
      return null;
    }
  },
}));
