import type { CoreApi } from '../create-core';
import { openAudioFile, type AudioFileStream } from '../audio/read-audio';
import { sql } from '../db/sql';
import { createLogger } from '../log/logger';
import type { Transcriber, TranscriberFactory } from '../transcribe/transcriber';
import { clusterSpeakers } from './diarize';
import { createRecorder, type CaptureChannel } from './recorder';
import { createVad, type VadKind } from './silero-vad';
import { extractSpeakerFeatures } from './speaker-features';

const log = createLogger('transcribe-files');

/** Files to transcribe: a mic and/or a system track, or one mixed recording. */
export type TranscribeFilesInput = { mic?: string; system?: string; input?: undefined } | { input: string; mic?: undefined; system?: undefined };

/** One stored segment as the CLI prints it. */
export interface FileSegment {
  speaker: string;
  text: string;
  start_time_seconds: number;
  end_time_seconds: number;
  confidence: number | null;
}

/** What a file transcription produced. */
export interface TranscribeFilesResult {
  session_id: string;
  segments: FileSegment[];
  echo_dropped: number;
  audio_seconds: number;
}

/**
 * Runs the live pipeline over files, streamed chunk by chunk (channels interleaved on one timeline),
 * into a new session. Files are validated before the session exists, and a failure part-way
 * deletes the session, so bad audio never leaves a half-written session.
 * @throws AppError('audio.*') for unreadable audio, AppError('transcriber.unavailable') for the engine.
 */
export async function transcribeFiles(
  core: CoreApi,
  input: TranscribeFilesInput,
  options: { factory: TranscriberFactory; title?: string; chunkMs?: number; vad?: VadKind },
): Promise<TranscribeFilesResult> {
  const sources: [CaptureChannel, string][] = input.input
    ? [['mixed', input.input]]
    : ([['mic', input.mic], ['system', input.system]].filter(([, p]) => p !== undefined) as [CaptureChannel, string][]);
  const streams = await Promise.all(sources.map(([, path]) => openAudioFile(path, { chunkMs: options.chunkMs ?? 100 })));
  const transcribers: Transcriber[] = await Promise.all(sources.map(() => options.factory()));
  const created = await core['sessions.create']({ title: options.title ?? 'Imported recording' });
  try {
    const session = await core['sessions.start']({ id: created.id });
    const recorder = createRecorder({
      db: core.internals.db,
      session: { ...session, recording_started_at: session.recording_started_at ?? core.internals.now() },
      transcribers: Object.fromEntries(sources.map(([channel], i) => [channel, transcribers[i]])),
      emit: () => undefined,
      now: core.internals.now,
      newId: core.internals.newId,
      usageSource: 'file_import',
      keepAudio: input.input !== undefined,
      partialIntervalMs: Infinity,
      createVad: () => createVad(options.vad ?? 'energy'),
    });
    await feedInLockstep(sources.map(([channel]) => channel), streams, (channel, samples) => recorder.push(channel, samples));
    const stats = await recorder.stop();
    if (input.input !== undefined) labelSpeakers(core, recorder.segments());
    await core['sessions.end']({ id: created.id });
    const rows = await core['transcripts.list']({ session_id: created.id, limit: 20_000 });
    log.info('file transcribed', { sessionId: created.id, segments: rows.length, echoDropped: stats.echoDropped });
    return {
      session_id: created.id,
      segments: rows.map((r) => ({
        speaker: r.speaker,
        text: r.content,
        start_time_seconds: r.start_time_seconds,
        end_time_seconds: r.end_time_seconds,
        confidence: r.confidence_score,
      })),
      echo_dropped: stats.echoDropped,
      audio_seconds: stats.timelineSeconds,
    };
  } catch (error) {
    await core['sessions.delete']({ id: created.id });
    throw error;
  } finally {
    for (const t of transcribers) t.close();
  }
}

/** Pulls one chunk from each stream in turn so every channel advances on the same timeline. */
async function feedInLockstep(
  channels: CaptureChannel[],
  streams: AudioFileStream[],
  push: (channel: CaptureChannel, samples: Int16Array) => void,
): Promise<void> {
  const iterators = streams.map((s) => s.chunks());
  const live = new Set(iterators.keys());
  while (live.size > 0) {
    for (const i of [...live]) {
      const next = await iterators[i]?.next();
      if (!next || next.done) live.delete(i);
      else push(channels[i] ?? 'mixed', next.value);
    }
  }
}

/** Diarizes the segments of a mixed recording and relabels their rows in one transaction. */
function labelSpeakers(core: CoreApi, segments: ReturnType<ReturnType<typeof createRecorder>['segments']>): void {
  const withAudio = segments.filter((s) => s.audio !== null && s.audio.length > 0);
  if (withAudio.length === 0) return;
  const labels = clusterSpeakers(withAudio.map((s) => extractSpeakerFeatures(s.audio ?? new Int16Array(0))));
  const { db } = core.internals;
  db.transaction(() => {
    withAudio.forEach((segment, i) => {
      db.run(sql`UPDATE transcripts SET speaker = ${labels[i] ?? 'speaker_1'} WHERE id = ${segment.transcript.id}`);
    });
  });
}
