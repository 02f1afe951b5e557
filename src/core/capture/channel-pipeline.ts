import { createLogger } from '../log/logger';
import type { FinalHypothesis, Transcriber, UtteranceDecoder } from '../transcribe/transcriber';
import { createVad } from './silero-vad';
import type { FrameVad } from './vad';

const log = createLogger('capture');
const SAMPLE_RATE = 16_000;

/** A finished utterance of one channel, with its times on the session timeline. */
export interface Utterance extends FinalHypothesis {
  startSeconds: number;
  endSeconds: number;
  /** Wall-clock ms when the VAD closed the utterance (for latency measurement). */
  closedAt: number;
  /** The utterance audio, kept only when `keepAudio` is set (diarization). */
  audio: Int16Array | null;
  /** Mean level of the utterance's speech frames in dBFS (echo is quieter than its source). */
  levelDbfs: number;
}

/** What a channel pipeline reports. */
export interface ChannelPipelineHandlers {
  onPartial(text: string, startSeconds: number, endSeconds: number): void;
  /** Called in utterance order, one at a time. */
  onFinal(utterance: Utterance): Promise<void> | void;
  /** Frame levels, at most every `levelIntervalMs` of audio. */
  onLevel(levelDbfs: number, isSpeech: boolean): void;
  /** A final could not be produced (engine error); the recording goes on. */
  onError(error: unknown): void;
}

/** Options of a channel pipeline. */
export interface ChannelPipelineOptions {
  transcriber: Transcriber;
  handlers: ChannelPipelineHandlers;
  /** Session-timeline seconds at which this channel's first sample sits (resume offset). */
  offsetSeconds?: number;
  /** Builds this channel's VAD; default the energy VAD. */
  createVad?: () => FrameVad;
  /** Longest utterance before it is cut (seconds). */
  maxUtteranceSeconds?: number;
  /** Audio between partial hypotheses (ms). */
  partialIntervalMs?: number;
  keepAudio?: boolean;
  now?: () => number;
}


/**
 * One audio channel: VAD → utterance segmentation → transcriber, with partials while someone
 * speaks and a final when the utterance closes.
 */
export class ChannelPipeline {
  private readonly vad: FrameVad;
  private readonly prerollFrames: number;
  private readonly frame: Int16Array;
  private frameFill = 0;
  private samplesSeen = 0;
  private readonly preroll: Int16Array[] = [];
  private decoder: UtteranceDecoder | null = null;
  private utteranceStart = 0;
  private utteranceAudio: Int16Array[] = [];
  private framesSincePartial = 0;
  private lastPartial = '';
  private finals: Promise<void> = Promise.resolve();
  private pendingFinals = 0;
  private readonly closing = new Set<{ startSeconds: number; endSeconds: number }>();
  private framesSinceLevel = 0;
  private readonly offset: number;
  private readonly maxFrames: number;
  private utteranceFrames = 0;
  private utteranceEnergy = 0;
  private utteranceSpeechFrames = 0;
  private readonly partialFrames: number;
  private readonly now: () => number;

  constructor(private readonly options: ChannelPipelineOptions) {
    this.vad = (options.createVad ?? (() => createVad('energy')))();
    this.prerollFrames = Math.round((this.vad.prerollSeconds * SAMPLE_RATE) / this.vad.frameSamples);
    this.frame = new Int16Array(this.vad.frameSamples);
    this.offset = options.offsetSeconds ?? 0;
    const frameMs = (this.vad.frameSamples / SAMPLE_RATE) * 1000;
    this.maxFrames = Math.round(((options.maxUtteranceSeconds ?? 15) * 1000) / frameMs);
    this.partialFrames = Math.max(1, Math.round((options.partialIntervalMs ?? 300) / frameMs));
    this.now = options.now ?? Date.now;
  }

  /** Session-timeline seconds of audio received so far. */
  get timelineSeconds(): number {
    return this.offset + this.samplesSeen / SAMPLE_RATE;
  }

  /** Whether an utterance is open or a final is still being computed. */
  get isBusy(): boolean {
    return this.decoder !== null || this.pendingFinals > 0;
  }

  /** Timeline spans of utterances that are open or closed but not yet delivered as finals. */
  get undeliveredSpans(): { startSeconds: number; endSeconds: number }[] {
    const spans = [...this.closing];
    if (this.decoder) spans.push({ startSeconds: this.utteranceStart, endSeconds: Infinity });
    return spans;
  }


  /** Feeds samples (any length). */
  push(samples: Int16Array): void {
    let read = 0;
    while (read < samples.length) {
      const take = Math.min(samples.length - read, this.frame.length - this.frameFill);
      this.frame.set(samples.subarray(read, read + take), this.frameFill);
      this.frameFill += take;
      read += take;
      if (this.frameFill === this.frame.length) {
        this.processFrame(this.frame.slice());
        this.frameFill = 0;
      }
    }
  }

  /** Closes any open utterance and waits until every final has been handled. */
  async flush(): Promise<void> {
    if (this.frameFill > 0) {
      this.samplesSeen += this.frameFill;
      this.decoder?.accept(this.frame.slice(0, this.frameFill));
      this.frameFill = 0;
    }
    if (this.decoder) this.closeUtterance(this.timelineSeconds);
    this.vad.reset();
    await this.finals;
  }

  /** Drops the open utterance (pause) without a final. */
  discardOpenUtterance(): void {
    this.decoder?.abort();
    this.decoder = null;
    this.vad.reset();
    this.preroll.length = 0;
  }

  /** Skips audio time without decoding it (paused time keeps the timeline honest). */
  skipSeconds(seconds: number): void {
    this.samplesSeen += Math.round(seconds * SAMPLE_RATE);
  }

  private processFrame(frame: Int16Array): void {
    const frameStart = this.timelineSeconds;
    this.samplesSeen += frame.length;
    const result = this.vad.process(frame);
    this.framesSinceLevel++;
    if (this.framesSinceLevel >= 5) {
      this.framesSinceLevel = 0;
      this.options.handlers.onLevel(result.levelDbfs, result.isSpeech);
    }
    if (result.isStart) this.openUtterance(frameStart + frame.length / SAMPLE_RATE);
    if (this.decoder) {
      this.decoder.accept(frame);
      if (this.options.keepAudio) this.utteranceAudio.push(frame);
      this.utteranceFrames++;
      if (this.vad.isInSpeech && result.levelDbfs > -100) {
        this.utteranceEnergy += 10 ** (result.levelDbfs / 10);
        this.utteranceSpeechFrames++;
      }
      if (result.isEnd) {
        this.closeUtterance(this.timelineSeconds - (this.vad.hangoverFrames * frame.length) / SAMPLE_RATE);
      } else if (this.utteranceFrames >= this.maxFrames) {
        this.closeUtterance(this.timelineSeconds);
        this.vad.reset();
      } else if (++this.framesSincePartial >= this.partialFrames) {
        this.framesSincePartial = 0;
        this.emitPartial();
      }
    } else {
      this.preroll.push(frame);
      if (this.preroll.length > this.prerollFrames) this.preroll.shift();
    }
  }

  private openUtterance(now: number): void {
    this.decoder = this.options.transcriber.startUtterance();
    // The row starts at the speech onset (the first loud frame), not at the pre-roll fed before it.
    const onset = now - (this.vad.startFrames * this.frame.length) / SAMPLE_RATE;
    this.utteranceStart = Math.max(this.offset, onset);
    for (const f of this.preroll) {
      this.decoder.accept(f);
      if (this.options.keepAudio) this.utteranceAudio.push(f);
    }
    this.preroll.length = 0;
    this.utteranceFrames = 0;
    this.utteranceEnergy = 0;
    this.utteranceSpeechFrames = 0;
    this.framesSincePartial = 0;
    this.lastPartial = '';
  }

  private emitPartial(): void {
    const text = this.decoder?.partial().trim() ?? '';
    if (text.length > 0 && text !== this.lastPartial) {
      this.lastPartial = text;
      this.options.handlers.onPartial(text, this.utteranceStart, this.timelineSeconds);
    }
  }

  private closeUtterance(endSeconds: number): void {
    const decoder = this.decoder;
    if (!decoder) return;
    this.decoder = null;
    const startSeconds = this.utteranceStart;
    const audio = this.options.keepAudio ? concat(this.utteranceAudio) : null;
    this.utteranceAudio = [];
    const closedAt = this.now();
    const levelDbfs = this.utteranceSpeechFrames === 0 ? -100 : 10 * Math.log10(this.utteranceEnergy / this.utteranceSpeechFrames);
    const result = decoder.finish();
    const span = { startSeconds, endSeconds };
    this.closing.add(span);
    this.pendingFinals++;
    this.finals = this.finals
      .then(async () => {
        const hypothesis = await result;
        if (hypothesis.text.length === 0) return;
        await this.options.handlers.onFinal({ ...hypothesis, startSeconds, endSeconds: Math.max(startSeconds, endSeconds), closedAt, audio, levelDbfs });
      })
      .catch((error: unknown) => {
        log.warn('final segment failed', { code: error instanceof Error ? error.name : 'unknown' });
        this.options.handlers.onError(error);
      })
      .finally(() => {
        this.closing.delete(span);
        this.pendingFinals--;
      });
  }
}

function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
