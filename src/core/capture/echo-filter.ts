/** A final segment reduced to what echo matching needs. */
export interface TimedWords {
  startSeconds: number;
  endSeconds: number;
  text: string;
  /** Mean speech level in dBFS, when known. */
  levelDbfs?: number;
}

/** Tuning for echo detection. */
export interface EchoOptions {
  /** Seconds of slack when testing time overlap (acoustic delay, VAD jitter). */
  toleranceSeconds?: number;
  /** Share of the mic segment's words that must also be in the system segment(s). */
  minWordOverlap?: number;
  /**
   * An echo is quieter on the mic than at its source; a mic segment within this many dB of the
   * system's level carries my own voice too (double talk) and is kept.
   */
  doubleTalkMarginDb?: number;
}

/**
 * Decides whether a mic segment is the speakers' sound picked up by the microphone: it overlaps
 * in time with system segments and most of its words are theirs. Pure, so it is tested on its own.
 */
export function isEchoOf(mic: TimedWords, system: readonly TimedWords[], options: EchoOptions = {}): boolean {
  const tolerance = options.toleranceSeconds ?? 0.5;
  const minOverlap = options.minWordOverlap ?? 0.5;
  const micWords = words(mic.text);
  if (micWords.length === 0) return false;
  const concurrent = system.filter((s) => s.startSeconds < mic.endSeconds + tolerance && mic.startSeconds < s.endSeconds + tolerance);
  if (concurrent.length === 0) return false;
  const systemLevel = Math.max(...concurrent.map((s) => s.levelDbfs ?? -Infinity));
  if (mic.levelDbfs !== undefined && mic.levelDbfs > systemLevel - (options.doubleTalkMarginDb ?? 6)) return false;
  const heard = new Set(concurrent.flatMap((s) => words(s.text)));
  const shared = micWords.filter((w) => heard.has(w)).length;
  return shared / micWords.length >= minOverlap;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9']+/).filter((w) => w.length > 0);
}
