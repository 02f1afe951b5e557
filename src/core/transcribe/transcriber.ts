/** The speech-to-text engines a user can pick in settings. */
export const TRANSCRIPTION_ENGINES = ['pocketsphinx', 'openai', 'sherpa-onnx'] as const;
/** An engine name. */
export type TranscriptionEngine = (typeof TRANSCRIPTION_ENGINES)[number];

/** The final hypothesis of one utterance. */
export interface FinalHypothesis {
  text: string;
  /** 0–1, or null when the engine reports none. */
  confidence: number | null;
}

/**
 * One utterance being decoded. Audio is 16 kHz mono Int16, fed in order; `partial()` may be
 * called at any time while feeding; `finish()` ends the utterance and returns its final.
 */
export interface UtteranceDecoder {
  accept(samples: Int16Array): void;
  /** The current best hypothesis, or '' when the engine has none yet (or does not stream). */
  partial(): string;
  finish(): Promise<FinalHypothesis>;
  /** Drops the utterance without a result. */
  abort(): void;
}

/**
 * A streaming speech recognizer for one audio channel. One utterance at a time; create one
 * transcriber per channel.
 */
export interface Transcriber {
  readonly engine: TranscriptionEngine;
  startUtterance(): UtteranceDecoder;
  /** Releases native resources. */
  close(): void;
}

/** Creates a transcriber per channel (each owns its own decoder state). */
export type TranscriberFactory = () => Promise<Transcriber>;
