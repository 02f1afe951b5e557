import { contentTerms } from '../offline/nlp';
import type { GuidanceDraft, GuidanceType, Level } from '../types';

/** Minimum conversation seconds between two guidance items of the same type (debounce). */
const MIN_GAP_SECONDS: Record<GuidanceType, number> = { answer: 0, objection: 20, prompt: 60, checklist: 120, talk_time: 180, next_step: 120 };
const RANK: Record<Level, number> = { high: 0, medium: 1, low: 2 };
/** At most this many guidance items per segment, so the panel never floods. */
const MAX_PER_SEGMENT = 2;

/** Debounces, deduplicates and prioritizes guidance drafts across a session. */
export function createGuidancePolicy() {
  const lastAt = new Map<GuidanceType, number>();
  const keys = new Set<string>();
  const recentAnswers: Array<Set<string>> = [];
  return {
    /** Drafts that pass, highest priority first. `at` is the conversation time in seconds. */
    admit(drafts: GuidanceDraft[], at: number): GuidanceDraft[] {
      const passed: GuidanceDraft[] = [];
      for (const draft of [...drafts].sort((a, b) => RANK[a.priority] - RANK[b.priority])) {
        if (passed.length >= MAX_PER_SEGMENT) break;
        if (keys.has(draft.dedupeKey)) continue;
        const previous = lastAt.get(draft.guidanceType);
        if (previous !== undefined && at - previous < MIN_GAP_SECONDS[draft.guidanceType]) continue;
        if (draft.guidanceType === 'answer' && isRepeatQuestion(recentAnswers, draft.dedupeKey)) continue;
        keys.add(draft.dedupeKey);
        lastAt.set(draft.guidanceType, at);
        passed.push(draft);
      }
      return passed;
    },
  };
}

// "What does it cost?" then "so what would it cost?" should not raise a second card.
function isRepeatQuestion(recent: Array<Set<string>>, key: string): boolean {
  const terms = new Set(contentTerms(key.replace(/^answer:/, '')));
  const repeat = recent.some((other) => {
    const shared = [...terms].filter((t) => other.has(t)).length;
    return terms.size > 0 && shared / Math.max(terms.size, other.size) >= 0.75;
  });
  recent.push(terms);
  if (recent.length > 20) recent.shift();
  return repeat;
}
