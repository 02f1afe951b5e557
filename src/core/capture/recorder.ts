import type { PushEvents } from '../../shared/ipc/contract';
import type { Transcript } from '../../shared/domain/transcript';
import type { AppDb } from '../db/open-database';
import { createLogger } from '../log/logger';
import type { Transcriber } from '../transcribe/transcriber';
import { createTranscriptsRepo } from '../transcripts/transcripts-repo';
import { ChannelPipeline, type Utterance } from './channel-pipeline';
import { isEchoOf, type EchoOptions, type TimedWords } from './echo-filter';
import { createUsageMeter, type UsageSource } from './usage';
import type { FrameVad } from './vad';

const log = createLogger('recorder');

/** An audio channel: the microphone, the system output, or one mixed recording (file import). */
export type CaptureChannel = 'mic' | 'system' | 'mixed';

/** A stored final segment plus what diarization needs. */
export interface RecordedSegment {
  transcript: Transcript;
  channel: CaptureChannel;
  audio: Int16Array | null;
  /** Wall-clock ms from the VAD closing the utterance to the row being stored and pushed. */
  finalLatencyMs: number;
}

/** Counters of one recording. */
export interface RecorderStats {
  segments: number;
  echoDropped: number;
  timelineSeconds: number;
}

/** Options of a session recorder. */
export interface RecorderOptions {
  db: AppDb;
  session: { id: string; user_id: string | null; organization_id: string | null; recording_started_at: number };
  transcribers: Partial<Record<CaptureChannel, Transcriber>>;
  emit: <E extends keyof PushEvents>(event: E, payload: PushEvents[E]) => void;
  now: () => number;
  newId: () => string;
  /** Session-timeline seconds already recorded before this run (resume). */
  offsetSeconds?: number;
  usageSource?: UsageSource;
  /** Keep utterance audio in memory (for diarizing a mixed recording). */
  keepAudio?: boolean;
  createVad?: () => FrameVad;
  echo?: EchoOptions;
  /** Audio between partial hypotheses in ms; Infinity turns partials off (file import: nobody watches). */
  partialIntervalMs?: number;
}

const SPEAKERS: Record<CaptureChannel, { speaker: string; isOwner: boolean }> = {
  mic: { speaker: 'me', isOwner: true },
  system: { speaker: 'them', isOwner: false },
  mixed: { speaker: 'speaker_1', isOwner: false },
};

/**
 * Records one session: a pipeline per channel, final segments stored as they arrive (each in its
 * own transaction, so a crash loses at most the utterance in flight), mic echoes of the system
 * channel dropped, usage counted per minute.
 */
export function createRecorder(options: RecorderOptions) {
  const { db, session, emit } = options;
  const transcripts = createTranscriptsRepo(db);
  const usage = createUsageMeter({
    db,
    sessionId: session.id,
    userId: session.user_id,
    organizationId: session.organization_id,
    startedAt: session.recording_started_at,
    source: options.usageSource ?? 'desktop_recording',
    newId: options.newId,
    now: options.now,
  });
  const stored: RecordedSegment[] = [];
  const systemFinals: TimedWords[] = [];
  const pendingMic: Utterance[] = [];
  const lastPushAt = new Map<CaptureChannel, number>();
  const lastSpeechAt = new Map<CaptureChannel, number>();
  const health = new Map<CaptureChannel, string>();
  let echoDropped = 0;
  let isPaused = false;
  let isStopping = false;
  const pipelines = new Map<CaptureChannel, ChannelPipeline>();
  const tolerance = options.echo?.toleranceSeconds ?? 0.5;

  for (const [channel, transcriber] of Object.entries(options.transcribers) as [CaptureChannel, Transcriber][]) {
    pipelines.set(
      channel,
      new ChannelPipeline({
        transcriber,
        offsetSeconds: options.offsetSeconds ?? 0,
        keepAudio: options.keepAudio ?? false,
        now: options.now,
        ...(options.createVad ? { createVad: options.createVad } : {}),
        ...(options.partialIntervalMs === undefined ? {} : { partialIntervalMs: options.partialIntervalMs }),
        handlers: {
          onPartial: (text, start, end) =>
            emit('transcript.segmentAdded', {
              session_id: session.id,
              channel,
              speaker: SPEAKERS[channel].speaker,
              text,
              is_final: false,
              start_time_seconds: start,
              end_time_seconds: end,
            }),
          onFinal: (utterance) => handleFinal(channel, utterance),
          onLevel: (level, isSpeech) => {
            const pipeline = pipelines.get(channel);
            if (isSpeech && pipeline) lastSpeechAt.set(channel, pipeline.timelineSeconds);
            emit('recording.levelChanged', { session_id: session.id, channel, level_dbfs: Math.round(level * 10) / 10, is_speech: isSpeech });
          },
          onError: () => setHealth(channel, 'transcriber_error'),
        },
      }),
    );
  }

  function store(channel: CaptureChannel, utterance: Utterance): void {
    const { speaker, isOwner } = SPEAKERS[channel];
    const row = transcripts.append({
      id: options.newId(),
      session_id: session.id,
      content: utterance.text,
      speaker,
      is_owner: isOwner,
      confidence_score: utterance.confidence,
      start_time_seconds: round3(utterance.startSeconds),
      end_time_seconds: round3(utterance.endSeconds),
      duration_seconds: round3(utterance.endSeconds - utterance.startSeconds),
      created_at: options.now(),
    });
    stored.push({ transcript: row, channel, audio: utterance.audio, finalLatencyMs: options.now() - utterance.closedAt });
    emit('transcript.segmentAdded', {
      session_id: session.id,
      channel,
      speaker,
      text: row.content,
      is_final: true,
      start_time_seconds: row.start_time_seconds,
      end_time_seconds: row.end_time_seconds,
      transcript: row,
    });
  }

  function handleFinal(channel: CaptureChannel, utterance: Utterance): void {
    if (channel === 'mic' && pipelines.has('system')) {
      pendingMic.push(utterance);
      drainMic();
      return;
    }
    store(channel, utterance);
    if (channel === 'system') {
      systemFinals.push({ startSeconds: utterance.startSeconds, endSeconds: utterance.endSeconds, text: utterance.text, levelDbfs: utterance.levelDbfs });
      if (systemFinals.length > 50) systemFinals.shift();
      setImmediate(drainMic);
    }
  }

  /** Stores or drops held mic finals once the concurrent system utterance (if any) is final. */
  function drainMic(): void {
    const system = pipelines.get('system');
    while (pendingMic.length > 0) {
      const mic = pendingMic[0];
      if (!mic) break;
      if (!isStopping && system) {
        // Wait while a system utterance overlapping this one is not final yet.
        const isConcurrent = system.undeliveredSpans.some(
          (span) => span.startSeconds <= mic.endSeconds + tolerance && span.endSeconds >= mic.startSeconds - tolerance,
        );
        if (isConcurrent) return;
      }
      pendingMic.shift();
      if (isEchoOf(mic, systemFinals, options.echo)) {
        echoDropped++;
        log.debug('mic echo dropped', { sessionId: session.id, startSeconds: mic.startSeconds });
      } else {
        store('mic', mic);
      }
    }
  }

  function setHealth(channel: CaptureChannel, status: string): void {
    if (health.get(channel) === status) return;
    health.set(channel, status);
    emit('recording.healthChanged', { session_id: session.id, channel, status: status as PushEvents['recording.healthChanged']['status'] });
  }

  function timeline(): number {
    let max = options.offsetSeconds ?? 0;
    for (const pipeline of pipelines.values()) max = Math.max(max, pipeline.timelineSeconds);
    return max;
  }

  return {
    /** Feeds 16 kHz mono Int16 samples of one channel; ignored while paused or for an unknown channel. */
    push(channel: CaptureChannel, samples: Int16Array): void {
      const pipeline = pipelines.get(channel);
      if (!pipeline || isPaused || isStopping) return;
      lastPushAt.set(channel, options.now());
      pipeline.push(samples);
      if (pendingMic.length > 0) drainMic();
      usage.record(timeline());
    },
    /** Finalizes what was being said and stops taking audio until resume. */
    async pause(): Promise<void> {
      isPaused = true;
      await Promise.all([...pipelines.values()].map((p) => p.flush()));
      drainMic();
    },
    resume(): void {
      isPaused = false;
    },
    /** Finalizes every open utterance and stores what is pending. */
    async stop(): Promise<RecorderStats> {
      await Promise.all([...pipelines.values()].map((p) => p.flush()));
      isStopping = true;
      drainMic();
      usage.record(timeline());
      return this.stats();
    },
    /** Reports silent or stopped channels; hosts call it about once a second while recording. */
    checkHealth(): void {
      if (isPaused) return;
      const now = options.now();
      const channels = [...pipelines.keys()];
      const recentPush = channels.filter((c) => now - (lastPushAt.get(c) ?? 0) < 3000);
      const at = timeline();
      const speaking = channels.filter((c) => at - (lastSpeechAt.get(c) ?? -Infinity) < 10);
      for (const channel of channels) {
        if (recentPush.length > 0 && !recentPush.includes(channel)) setHealth(channel, 'stopped');
        else if (speaking.length > 0 && !speaking.includes(channel) && at - (lastSpeechAt.get(channel) ?? (options.offsetSeconds ?? 0)) > 20) setHealth(channel, 'silent');
        else setHealth(channel, 'ok');
      }
    },
    stats(): RecorderStats {
      return { segments: stored.length, echoDropped, timelineSeconds: timeline() };
    },
    /** Final segments stored by this run, in order. */
    segments(): readonly RecordedSegment[] {
      return stored;
    },
    get isPaused(): boolean {
      return isPaused;
    },
  };
}

/** The recorder type. */
export type Recorder = ReturnType<typeof createRecorder>;

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
