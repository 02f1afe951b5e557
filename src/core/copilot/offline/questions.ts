import { contentTerms, type Sentence, type Token } from './nlp';

/** Words that open a turn without content ("so", "okay", "um"). */
const FILLERS = new Set(['so', 'and', 'okay', 'ok', 'um', 'uh', 'well', 'but', 'also', 'alright', 'oh', 'hey', 'sorry', 'then', 'now', 'yeah', 'right', 'hmm', 'actually', 'just', 'quick', 'question', ',', 'one', 'last', 'thing', 'great', 'cool', 'sure', 'thanks', 'perfect', 'understood']);
/** Wh-words. */
export const WH = new Set(['what', 'when', 'where', 'who', 'why', 'how', 'which', 'whose', 'whom']);
const INVERTING_AUX = new Set(['do', 'does', 'did', 'can', 'could', 'would', 'will', 'is', 'are', 'was', 'were', 'have', 'has', 'should', 'shall', 'may', 'might', 'am', "isn't", "aren't", "don't", "doesn't", "didn't", "won't", "can't", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't", 'is there', 'are there']);
const TAG_ONLY = /^(right|ok(ay)?|you know|yeah|yes|huh|sorry|really|correct|no|what|hello|make sense|does that make sense|got it|is that right|see what i mean|you see)\W*$/i;
const QUESTION_OPENERS = /^(i was wondering|i'?m (curious|wondering)|any (idea|chance|thoughts|update)|do you (know|have)|tell me (about|how|what|why|more)|walk me through|help me understand|can you (tell|explain|walk)|could you (tell|explain|walk))\b/i;

/** Index of the first token that is not a filler word ("so", "okay", "um"…). */
export function firstContentIndex(tokens: Token[]): number {
  let i = 0;
  for (;;) {
    if (i < tokens.length && FILLERS.has(tokens[i]!.normal)) i++;
    else if (tokens[i]?.normal === 'got' && tokens[i + 1]?.normal === 'it') i += 2;
    else return i;
  }
}

/** True for real questions: a question mark, a wh-question, or subject-aux inversion (ASR text has no "?"). */
export function detectQuestion(sentence: Sentence): boolean {
  return questionStart(sentence) !== null;
}

/** The question part of a sentence ("that's strong what's driving growth" → "what's driving growth"). */
export function questionText(sentence: Sentence): string {
  const start = questionStart(sentence);
  if (start === null || start === 0) return sentence.text.trim();
  const values = sentence.tokens.slice(start).map((t) => t.value);
  return values.join(' ').replace(/\s+([,.!?;:])/g, '$1').replace(/\s+('|n't)/g, '$1').trim();
}

/** Token index where the question starts, or null when the sentence is not a question. */
function questionStart(sentence: Sentence): number | null {
  const text = sentence.text.trim();
  const bare = text.replace(/^[\s,]*(so|and|okay|ok|um|uh|well|oh|but)\b[\s,]*/i, '');
  if (TAG_ONLY.test(bare)) return null;
  if (contentTerms(text).length < 1) return null;
  const tokens = sentence.tokens;
  const start = firstContentIndex(tokens);
  if (text.endsWith('?')) return contentTerms(text).length >= 2 || /^(why|how|do|does|did|can|could|would|is|are)\b/i.test(bare) ? 0 : null;
  if (tokens[start] && isQuestionAt(tokens, start)) return 0;
  if (QUESTION_OPENERS.test(tokens.slice(start).map((t) => t.value).join(' '))) return 0;
  // Speech recognizers write no punctuation, so a question often follows a remark in the same
  // segment ("sounds good can you send me the deck"): look for one starting mid-sentence.
  if (/[.!?]/.test(text)) return null;
  for (let i = start + 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    if (['AUX', 'VERB', 'ADP', 'DET', 'PART', 'SCONJ'].includes(prev.pos) || prev.normal === 'if' || prev.normal === 'know') continue;
    const t = tokens[i]!;
    // "the only one who knows", "no idea what was promised": relative and embedded clauses.
    if (['which', 'who', 'whom', 'whose', 'what'].includes(t.normal) && ['NOUN', 'PRON', 'NUM', 'PROPN'].includes(prev.pos) && prev.normal !== 'me' && prev.normal !== 'you') continue;
    if (['have', 'has', 'had'].includes(t.normal)) continue;
    if (WH.has(t.normal) ? isQuestionAt(tokens, i) : isInversionAt(tokens, i, true)) return i;
  }
  return null;
}

function isQuestionAt(tokens: Token[], i: number): boolean {
  const first = tokens[i]!;
  if (WH.has(first.normal)) {
    // "what do you…", "how many engineer-weeks does…", "who owns…": a question; "what we need is…" is a clause.
    for (let j = i + 1; j < Math.min(tokens.length, i + 5); j++) {
      const t = tokens[j]!;
      if (t.pos === 'AUX' || t.pos === 'VERB') return true;
      if (!['ADJ', 'ADV', 'NOUN', 'PROPN', 'NUM'].includes(t.pos) && t.value !== '-') return false;
    }
    return false;
  }
  return isInversionAt(tokens, i, false);
}

// "do you…", "can the tool…", "is there…": an auxiliary before its subject.
function isInversionAt(tokens: Token[], i: number, isStrict: boolean): boolean {
  const first = tokens[i]!;
  const second = tokens[i + 1];
  if (!INVERTING_AUX.has(first.normal) || first.pos !== 'AUX' || !second) return false;
  if (!isStrict) return ['PRON', 'DET', 'PROPN', 'NOUN', 'ADV', 'ADJ', 'NUM'].includes(second.pos) || second.normal === 'there';
  // Mid-sentence, demand auxiliary + subject + verb ("can the tool keep", "would it come").
  if (!['you', 'we', 'i', 'it', 'they', 'he', 'she', 'the', 'this', 'that', 'there'].includes(second.normal) && second.pos !== 'PROPN') return false;
  let j = i + 2;
  while (tokens[j] && ['NOUN', 'ADJ', 'ADV', 'PROPN'].includes(tokens[j]!.pos) && second.normal === 'the') j++;
  while (tokens[j]?.pos === 'ADV') j++;
  return tokens[j]?.pos === 'VERB' || tokens[j]?.pos === 'AUX' || (second.normal === 'there' && !!tokens[j]);
}
