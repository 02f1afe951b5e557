import { analyze, contentTerms, type Sentence } from './nlp';
import type { SpeakerFrame } from './extract';
import { detectQuestion } from './questions';

const LETS = "let'?s (also |just |then |now |all |definitely )?";
const DECISION_PATTERNS = [
  /\b(we|i|they|team|everyone)('ve| have| had)? (all )?(decided|agreed|settled|chose|chosen|picked|opted|committed|aligned)\b/i,
  /\b(the |our |final )?decision (is|was)\b|\bdecided\b|\bdecision:\s/i,
  /\bwe('re| are) (now )?(making|offering|hiring|moving|switching|launching|shipping|adopting|dropping|cancell?ing|pausing|keeping|proceeding|signing|approving|extending|renewing|pulling|going ahead)\b(?![,.]| (so|and|but|too|as well)\b)|\b[\w-]+ it is\W*$|\bwe('re| are) going to (use|switch|move|keep|launch|ship|adopt|drop|stop|standardi[sz]e|migrate|hire|postpone|delay|cut|raise|lower|offer)\b|\bthe plan is to\b|\b(we('re| are)|i'?m) going (to go )?with\b|\b(let'?s|we'?ll|we will|we can) go (ahead )?with\b|\bgo ahead with\b|\bmoving forward with\b|\bwe('re| are) (going|moving) ahead\b|\bwe('ll| will) (move|keep|switch|use|push|postpone|make|drop|run|hold|freeze|adopt|stick|cap|limit|split|cut|delay|pause)\b/i,
  /\b(is|are|was|were|been|got|get) (approved|signed off|finali[sz]ed|green-?lit)\b|\b(it'?s a go|locked in|lock (it|that) in)\b/i,
  new RegExp(`\\b${LETS}(stick|keep|do|use|move|ship|launch|plan|switch|cut|drop|postpone|delay|push|go with|make|adopt|split|hold|freeze|roll|standardi[sz]e|target|set|book|meet|schedule|pilot|limit|pause|cap|approve|have|lower|raise|increase|reduce|change|add|remove|lock|commit|run|try)\\b`, 'i'),
  /\b(that'?s|it'?s) (settled|decided|final|agreed)\b|\bdeal\b|\bagreed\b|\bi agree\b|\bwe agree\b|\bworks for (me|us)\b|\bsounds good\b|\bwe have a deal\b|\bwe('ll| will) take (it|the)\b/i,
];
const NOT_DECIDED = /\b(not|haven'?t|hasn'?t|didn'?t|yet to|still|un)(\s+\w+)?\s*(decided|decide|agreed|approved|deciding)\b|\bneed to decide\b|\bif we decide\b|\bno decision\b|\bdecided by\b|\bbefore (we|you|they) (approve|decide|agree)\b/i;
const AGREEMENT_WORDS = "yes|yeah|yep|sure|okay|ok|great|perfect|good|fine|alright|absolutely|definitely|then|so|agreed|deal|exactly|that makes sense|makes sense|sounds good|sounds great|works for (me|us)|that works|fine with me|good idea|i agree|we agree|go ahead|approved|done|it'?s a deal|we have a deal|let'?s do (it|that)|let'?s go with (it|that)|let'?s lock (it|that) in|lock (it|that) in|to me|with me";
const AGREEMENT_ONLY = new RegExp(`^(\\W*(${AGREEMENT_WORDS})\\W*)+$`, 'i');
// "Agreed, we run both for a week": agreement followed by the decision itself.
const AGREEMENT_PREFIX = /^\W*(agreed|deal|decision|i agree|we agree|okay,? agreed|yes,? agreed)\W+(?<rest>.+)$/i;
// A first-person commitment or thanks is not a proposal one can agree to as a decision.
export const NOT_A_PROPOSAL = /^\W*(\w+,\s*)?(i'?ll|i will|i can|i'?m going to|thanks|thank you|can you|could you|would you|will you)\b/i;

// "Should we…?", "Are we still…?", "Is the launch definitely…?": a question about our own plan.
const PLAN_QUESTION = /^\W*((so|and|okay|ok|then|but)\W+)*((should|shall) [\w-]+\b|(is|are) (the |our |this |that )?[\w-]+( [\w-]+)? (still|definitely)\b)/i;
const WH_PLAN_QUESTION = /\b(what|how|which|when)\b[^?]*\b(do|should|shall|will|are) we\b/i;
// A yes/no question about our own plan ("Do we need references first?", "And Redis stays for caching?"), not about the other side's product.
function isAboutOurPlan(question: string): boolean {
  if (/\b(you|your)\b/i.test(question)) return false;
  return /\b(we|our|us)\b/i.test(question) || !/^\W*((and|so|but|okay|ok)\W+)*(do|does|did|is|are|was|were|can|could|will|would|have|has|what|when|where|who|why|how|which)\b/i.test(question);
}
const YES = /^\W*(yes|yeah|yep|yup|correct|absolutely|definitely|exactly)\b\W*(?<rest>.*)$/i;

/** The decision a sentence states, or null. Bare agreement ("deal", "let's do that") adopts the previous proposal. */
export function detectDecision(sentence: Sentence, frame: SpeakerFrame): string | null {
  const text = sentence.text.trim();
  if (NOT_DECIDED.test(text)) return null;
  // "Is the blog migration in scope?" — "Yes, the blog moves to a headless CMS.": a confirmed plan.
  const yes = YES.exec(text);
  const asked = frame.previousText ? analyze(frame.previousText).filter((s) => detectQuestion(s) || PLAN_QUESTION.test(s.text)).pop() : undefined;
  if (yes && asked && (PLAN_QUESTION.test(asked.text) || isAboutOurPlan(asked.text))) {
    const rest = yes.groups?.['rest']?.trim() ?? '';
    return contentTerms(rest).length >= 3 ? rest : asked.text.replace(/\?$/, '').trim();
  }
  // "What do we do with the old jobs?" — "We drain them; new jobs go to pg-boss.": the answer decides.
  if (asked && WH_PLAN_QUESTION.test(asked.text) && !detectQuestion(sentence) && contentTerms(text).length >= 3 && !NOT_A_PROPOSAL.test(text) && !/\b(not sure|don'?t know|depends)\b/i.test(text)) {
    return text;
  }
  const prefixed = AGREEMENT_PREFIX.exec(text)?.groups?.['rest'];
  if (prefixed && contentTerms(prefixed).length >= 3 && !AGREEMENT_ONLY.test(prefixed)) return prefixed.trim();
  if (!DECISION_PATTERNS.some((pattern) => pattern.test(text))) return null;
  // "So pg-boss it is.": short, but complete.
  if (/\b[\w-]+ it is\W*$/i.test(text)) return text;
  if (AGREEMENT_ONLY.test(text) || contentTerms(text).length < 3) {
    if (!frame.previousText) return null;
    const proposal = analyze(frame.previousText).filter((s) => contentTerms(s.text).length >= 3).pop();
    if (!proposal || NOT_A_PROPOSAL.test(proposal.text)) return null;
    return proposal.text.replace(/\?$/, '').trim();
  }
  // "deal" / "sounds good" inside a longer sentence are not decisions on their own.
  if (!DECISION_PATTERNS.slice(0, 5).some((pattern) => pattern.test(text))) return null;
  return text;
}

/** "Yes.", "Agreed.", "Sounds good, let's do it.": agreement with no content of its own. */
export function isBareConfirmation(text: string): boolean {
  return AGREEMENT_ONLY.test(text) || (YES.test(text) && contentTerms(YES.exec(text)?.groups?.['rest'] ?? '').length < 3);
}
