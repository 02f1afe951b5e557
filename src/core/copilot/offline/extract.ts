import type { ActionItem } from '../types';
import { detectDecision, isBareConfirmation, NOT_A_PROPOSAL } from './decisions';
import { analyze, contentTerms, type Sentence, type Token } from './nlp';
import { detectObjection } from './objections';
import { detectQuestion, firstContentIndex, questionText, WH } from './questions';

/** Who is speaking and to whom, so "I", "you" and "we" can be resolved to owners. */
export interface SpeakerFrame {
  speakerName: string;
  /** The other party's display name (the addressee of "you"). */
  addresseeName: string;
  isOwner: boolean;
  /** Text of the previous segment by the other side, for "I'll do that" / "agreed". */
  previousText: string | null;
}

/** What one sentence contributes: a question, an objection, action items, a decision, key-point signal. */
export interface SentenceFacts {
  text: string;
  isQuestion: boolean;
  /** The question itself, without a remark before it in the same sentence. */
  question: string | null;
  isObjection: boolean;
  objectionTopic: string | null;
  actionItems: ActionItem[];
  decision: string | null;
  /** 0..1: how much the sentence looks like a key point (numbers, stakes, goals). */
  keySignal: number;
  sentiment: number;
}


/** Analyzes a segment's text sentence by sentence. */
export function extractFacts(text: string, frame: SpeakerFrame): SentenceFacts[] {
  const sentences = analyze(text);
  const facts = sentences.map((sentence) => factsOf(sentence, frame));
  // "Yes. Exponential backoff is the default." / "Agreed. Offline mode is the first bet.":
  // a bare confirmation hands the decision to the statement that follows it.
  for (let i = 0; i + 1 < facts.length; i++) {
    const current = facts[i]!;
    const next = facts[i + 1]!;
    if (!current.decision || !isBareConfirmation(current.text)) continue;
    if (!next.isQuestion && !next.decision && contentTerms(next.text).length >= 3 && !NOT_A_PROPOSAL.test(next.text)) {
      facts[i] = { ...current, decision: null };
      facts[i + 1] = { ...next, decision: next.text };
    } else if (facts.slice(i + 1).some((f) => f.decision)) {
      // The segment states the decision itself further on ("Yes. All in favour? … approved.").
      facts[i] = { ...current, decision: null };
    }
  }
  return facts;
}

function factsOf(sentence: Sentence, frame: SpeakerFrame): SentenceFacts {
  const isQuestion = detectQuestion(sentence);
  const objectionTopic = isQuestion ? null : detectObjection(sentence);
  const decision = isQuestion ? null : detectDecision(sentence, frame);
  // "We'll make performance the third bet" is the decision itself, not a task.
  const actionItems = detectActionItems(sentence, frame, isQuestion).filter((item) => !(decision && item.owner === 'we' && !item.due));
  return {
    text: sentence.text.trim(),
    isQuestion,
    question: isQuestion ? questionText(sentence) : null,
    isObjection: objectionTopic !== null,
    objectionTopic,
    actionItems,
    decision,
    keySignal: keySignalOf(sentence),
    sentiment: sentence.sentiment,
  };
}

const MODALS = new Set(['will', "'ll", 'll', 'shall']);
// Verbs after "I'll…" that are talk, not work ("I'll be honest", "we'll see", "I'll say").
const NON_ACTION = new Set(['be', 'say', 'see', 'think', 'guess', 'know', 'bet', 'admit', 'tell', 'hear', 'mean', 'let', 'take', 'keep', 'wait', 'talk', 'get', 'need', 'want', 'like', 'love', 'leave', 'do', 'go', 'pass', 'hand', 'stop', 'have', 'start', 'begin', 'continue', 'try', 'give', 'remember', 'agree', 'move', 'wrap', 'jump', 'turn', 'explain', 'repeat', 'answer', 'ask', 'mention', 'note', 'put', 'make', 'look', 'come', 'catch', 'help', 'happen', 'work', 'use', 'end', 'pick', 'pull', 'show', 'walk', 'introduce', 'recap', 'summarize', 'switch', 'aim', 'hope', 'expect', 'plan', 'wonder', 'imagine', 'assume', 'feel', 'love', 'prefer', 'own']);
// Verbs that make a commitment concrete even when NON_ACTION would drop them in context.
const WORK_WITH_OBJECT = new Set(['do', 'have', 'take', 'put', 'make', 'look', 'pull', 'get', 'work', 'pick', 'talk', 'move', 'use', 'ask', 'give', 'help', 'start', 'show', 'walk']);
const IN_MEETING_OBJECT = /^(my |the |your )?(screen|slides?|question|call|example|moment|second|minute|floor|quick look|step back|look at (it|this) now|stab|break|turn)\b|^(it|that|this|you|him|her|them|there|us|me|over to|through|a look)$/i;
const PERSONAL_PRONOUN_OWNERS: Record<string, 'speaker' | 'addressee' | 'we'> = { i: 'speaker', we: 'we', you: 'addressee' };

/** Action items (commitments and requests) in a sentence, with owner and due phrase. */
export function detectActionItems(sentence: Sentence, frame: SpeakerFrame, isQuestion: boolean): ActionItem[] {
  const tokens = sentence.tokens;
  const items: ActionItem[] = [];
  const lower = sentence.text.toLowerCase();
  if (/\b(if|unless|whether|in case)\b/.test(lower.slice(0, 12))) return items;
  for (let i = 0; i < tokens.length; i++) {
    const found = matchCommitment(tokens, i, frame, isQuestion);
    if (!found) continue;
    const end = clauseEnd(tokens, found.verbIndex + 1);
    const item = actionFromClause(sentence, frame, tokens.slice(found.verbIndex, end), found.owner);
    if (item) items.push(item);
    i = end - 1;
  }
  return items;
}

function actionFromClause(sentence: Sentence, frame: SpeakerFrame, clauseTokens: Token[], owner: string | null): ActionItem | null {
  let text = clauseTokens.map((t) => t.value).join(' ').replace(/\s+([,.!?;:'])/g, '$1').replace(/\s+n't/g, "n't").trim();
  text = text.replace(/[,.!?;:]+$/, '');
  // "own that and have it done by Friday": the first verb's object decides whether it is anaphoric.
  const coordination = clauseTokens.findIndex((t, k) => k > 0 && t.pos === 'CCONJ' && verbAt(clauseTokens, k + 1) !== null);
  const object = clauseTokens.slice(1, coordination > 0 ? coordination : undefined).map((t) => t.normal).join(' ').replace(/[.?!,]/g, '').replace(DUE_REGEX, '').replace(/\s+/g, ' ').trim();
  const verb = clauseTokens[0]!.lemma;
  if ((verb === 'start' || verb === 'begin' || verb === 'kick') && /^(with|by|off)\b/.test(object)) return null;
  const anaphoric = /^(that|it|this|so|those|them)( (for you|too|then|today|tomorrow|now|first|right away|asap|done|ready))?$/.test(object) || object === '';
  if (anaphoric && frame.previousText && RESOLVING_VERBS.has(verb)) {
    const reference = referencedRequest(frame.previousText) ?? referencedProposal(frame.previousText);
    if (!reference) return null;
    text = reference;
  } else if (NON_ACTION.has(verb) && !(WORK_WITH_OBJECT.has(verb) && !IN_MEETING_OBJECT.test(object) && contentTerms(object).length >= 2)) {
    return null;
  } else if (anaphoric || IN_MEETING_OBJECT.test(object) || contentTerms(text).length < 2) {
    return null;
  }
  const after = sentence.tokens.slice(sentence.tokens.indexOf(clauseTokens[clauseTokens.length - 1]!) + 1);
  return { text: capitalize(text), owner, due: dueOf(sentence, clauseTokens) ?? dueOf(sentence, after) };
}

// "I'll do that", "I'll own it": verbs whose pronoun object points at the previous request or proposal.
const RESOLVING_VERBS = new Set(['do', 'own', 'take', 'handle', 'send', 'share', 'get', 'cover', 'sort', 'fix', 'check', 'email', 'write', 'review', 'schedule', 'set', 'organize', 'book', 'draft', 'update', 'prepare', 'follow', 'arrange', 'run', 'lead', 'drive', 'pick']);

// Verbs wink sometimes tags as nouns or adjectives after a modal ("I'll also open a ticket").
const COMMON_VERBS = new Set(['email', 'text', 'ping', 'call', 'check', 'update', 'draft', 'schedule', 'book', 'review', 'loop', 'test', 'fix', 'ship', 'file', 'reach', 'open', 'set', 'share', 'post', 'document', 'record', 'clean', 'sign', 'order', 'present', 'prepare', 'list', 'process', 'mail', 'host', 'train', 'brief', 'cover', 'complete', 'forward', 'double', 'write', 'send', 'follow', 'sync', 'circle', 'merge', 'deploy', 'release', 'draft', 'invite', 'confirm', 'escalate', 'contact', 'finish', 'own', 'handle', 'lead', 'run']);

interface Commitment {
  verbIndex: number;
  owner: string | null;
}

function resolveOwner(subject: Token, frame: SpeakerFrame): string | null {
  const role = PERSONAL_PRONOUN_OWNERS[subject.normal];
  if (role === 'speaker') return frame.speakerName;
  if (role === 'addressee') return frame.addresseeName;
  if (role === 'we') return 'we';
  if (subject.pos === 'PROPN' || /^[A-Z][a-z]+$/.test(subject.value)) return subject.value;
  return null;
}

function skipAdverbs(tokens: Token[], i: number): number {
  let j = i;
  while (tokens[j] && (tokens[j]!.pos === 'ADV' || ['also', 'then', 'just', 'definitely', 'personally', 'quickly', 'happily', 'please', 'first'].includes(tokens[j]!.normal)) && tokens[j]!.normal !== 'not') j++;
  return j;
}

function verbAt(tokens: Token[], i: number): number | null {
  let j = skipAdverbs(tokens, i);
  const token = tokens[j];
  if (!token) return null;
  if (token.normal === 'try' && tokens[j + 1]?.normal === 'to') j = skipAdverbs(tokens, j + 2);
  else if ((token.normal === 'have' || token.normal === 'need') && tokens[j + 1]?.normal === 'to') j = skipAdverbs(tokens, j + 2);
  else if (token.normal === 'be' && tokens[j + 1]?.normal === 'able' && tokens[j + 2]?.normal === 'to') j = skipAdverbs(tokens, j + 3);
  const verb = tokens[j];
  if (!verb) return null;
  if (verb.pos === 'VERB' || (verb.pos !== 'AUX' && verb.pos !== 'PRON' && verb.pos !== 'DET' && COMMON_VERBS.has(verb.normal))) return j;
  return null;
}

function isSubject(token: Token | undefined): boolean {
  if (!token) return false;
  return ['i', 'we', 'you'].includes(token.normal) || token.pos === 'PROPN' || (/^[A-Z][a-z]+$/.test(token.value) && token.pos === 'NOUN');
}

function matchCommitment(tokens: Token[], i: number, frame: SpeakerFrame, isQuestion: boolean): Commitment | null {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  const prev = tokens[i - 1];
  // "I'll send…", "Sarah will update…", "we're going to…", "I need to…", "I can send…"
  if (isSubject(t) && next && !isQuestion) {
    if (prev && (WH.has(prev.normal) || prev.normal === 'if' || prev.normal === 'when')) return null;
    let j: number;
    if (MODALS.has(next.normal) || (next.normal === 'can' && t.normal === 'i')) j = i + 2;
    else if (['am', "'m", 'are', "'re", 'is', "'s"].includes(next.normal) && tokens[i + 2]?.normal === 'going' && tokens[i + 3]?.normal === 'to') j = i + 4;
    else if (['need', 'needs', 'have', 'has'].includes(next.normal) && tokens[i + 2]?.normal === 'to' && t.normal !== 'you') j = i + 3;
    else if (t.normal === 'i' && ['need', 'want', 'ask'].includes(next.normal) && tokens[i + 3]?.normal === 'to' && isDelegate(tokens[i + 2])) {
      // "I need everyone to update…", "I want Sam to draft…" → that person.
      const verbIndex = verbAt(tokens, i + 4);
      return verbIndex === null ? null : { verbIndex, owner: tokens[i + 2]!.value };
    } else if (next.normal === 'to' && t.pos === 'PROPN') j = i + 2; // minutes style: "Sarah to send…"
    else return null;
    if (tokens[j]?.normal === 'not' || tokens[j]?.normal === 'never') return null;
    const verbIndex = verbAt(tokens, j);
    if (verbIndex === null) return null;
    return { verbIndex, owner: resolveOwner(t, frame) };
  }
  // "let me check with legal" → the speaker.
  if (t.normal === 'let' && next?.normal === 'me') {
    const verbIndex = verbAt(tokens, i + 2);
    return verbIndex === null ? null : { verbIndex, owner: frame.speakerName };
  }
  // "can you send me…", "could you please share…" → the addressee.
  const start = firstContentIndex(tokens);
  // "Jordan, can you…", "good idea marco can you…": a name (and no verb) before the request.
  const afterVocative = i > start && (prev?.pos === 'PROPN' || prev?.pos === 'NOUN' || prev?.value === ',') && !tokens.slice(0, i).some((x) => x.pos === 'VERB' || x.pos === 'AUX');
  const addressee = ['you', 'someone', 'anyone', 'somebody', 'anybody'].includes(next?.normal ?? '') ? next!.normal : null;
  if (['can', 'could', 'would', 'will'].includes(t.normal) && addressee && (i === start || afterVocative) && !tokens.slice(0, i).some((x) => WH.has(x.normal))) {
    const verbIndex = verbAt(tokens, i + 2);
    if (verbIndex === null || ['mind'].includes(tokens[verbIndex]!.lemma)) return null;
    const nameToken = [...tokens.slice(0, i)].reverse().find((x) => x.pos === 'PROPN' || x.pos === 'NOUN');
    const named = afterVocative && nameToken && /^[A-Za-z]+$/.test(nameToken.value) && !/^(idea|thanks|question|point|team|everyone|guys|folks|okay)$/i.test(nameToken.value) ? capitalize(nameToken.value) : null;
    return { verbIndex, owner: addressee === 'you' ? named ?? frame.addresseeName : null };
  }
  // "I need everyone to update…", "I'd like Sam to draft…" → that person.
  if (t.normal === 'i' && ['need', 'want', 'ask'].includes(next?.normal ?? '') && tokens[i + 3]?.normal === 'to' && isDelegate(tokens[i + 2])) {
    const verbIndex = verbAt(tokens, i + 4);
    return verbIndex === null ? null : { verbIndex, owner: tokens[i + 2]!.value };
  }
  // "please send…", "make sure to…", "don't forget to…" → the addressee.
  if ((t.normal === 'please' && i <= firstContentIndex(tokens)) || (t.normal === 'forget' && prev?.normal === "n't") || (t.normal === 'sure' && prev?.normal === 'make' && next?.normal === 'to')) {
    const verbIndex = verbAt(tokens, t.normal === 'please' ? i + 1 : i + 2);
    return verbIndex === null ? null : { verbIndex, owner: frame.addresseeName };
  }
  // "action item for Sarah: …", "follow up with…" stated as a task.
  return null;
}

function isDelegate(token: Token | undefined): boolean {
  return !!token && (token.pos === 'PROPN' || ['everyone', 'everybody', 'you', 'somebody', 'someone', 'all'].includes(token.normal) || /^[A-Z][a-z]+$/.test(token.value));
}

function clauseEnd(tokens: Token[], from: number): number {
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.pos === 'PUNCT' && t.value !== "'" && t.value !== '-' && t.value !== '/' && t.value !== '$' && t.value !== '%') return k;
    // "…and I'll loop in legal": a new commitment starts.
    if ((t.pos === 'CCONJ' || t.normal === 'then') && isSubject(tokens[k + 1]) && tokens[k + 2] && (MODALS.has(tokens[k + 2]!.normal) || tokens[k + 2]!.normal === 'can')) return k;
    if (t.normal === 'so' && isSubject(tokens[k + 1])) return k;
    if (t.normal === 'because' || t.normal === 'since') return k;
  }
  return tokens.length;
}

const DUE_REGEX = /\b((by|before|until|on|end of|within|in the next|in) )?(the )?((next|end of the) (release|sprint|meeting|call|review|board meeting|standup|demo)|eod|eow|end of (the )?(day|week|month|quarter|sprint)|asap|tonight|tomorrow( morning| afternoon)?|today|this (afternoon|evening|week|month)|next (week|month|quarter|sprint|monday|tuesday|wednesday|thursday|friday)|(next |this )?(mon|tues|wednes|thurs|fri|satur|sun)day( morning| afternoon| evening)?|(\d+|one|two|three|four|five|six|a couple of|a few) (hours?|days?|weeks?|months?)( from (now|today))?|(before |by |after )?(lunch|noon|midday|standup|the call|this call|the meeting)|(this|next) sprint|q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december)\b([^,.;]*?\b\d{1,2}(st|nd|rd|th)?\b)?/i;

function dueOf(sentence: Sentence, clause: Token[]): string | null {
  const clauseText = clause.map((t) => t.value).join(' ');
  const entity = sentence.timeEntities.find((e) => clauseText.toLowerCase().includes(e.toLowerCase()));
  const match = DUE_REGEX.exec(clauseText);
  if (match) return match[0].trim();
  return entity ?? null;
}

function referencedRequest(previousText: string): string | null {
  const frame: SpeakerFrame = { speakerName: 'x', addresseeName: 'y', isOwner: false, previousText: null };
  for (const sentence of analyze(previousText).reverse()) {
    const items = detectActionItems(sentence, frame, false);
    if (items[0]) return items[0].text;
    // "Could you send the security docs?" is a question but also a request.
    const requested = detectActionItems(sentence, frame, true);
    if (requested[0]) return requested[0].text;
  }
  return null;
}

// "I'll own that" after "we decided to split the config": commit to the proposal itself.
function referencedProposal(previousText: string): string | null {
  const proposal = analyze(previousText).filter((s) => contentTerms(s.text).length >= 3 && !s.text.trim().endsWith('?')).pop();
  if (!proposal) return null;
  return proposal.text.replace(/^\W*((yes|yeah|so|okay|ok|well|and|then|right)\W+)*(we|i|you)?\s*('ve|have)?\s*(decided|agreed|should|need) to\s+/i, '').replace(/[.!]$/, '').trim();
}

const KEY_LEXICON = /\b(important|key|main|priority|priorities|goal|goals|biggest|critical|must|revenue|budget|deadline|risk|problem|issue|customers?|users?|launch|growth|churn|cost|metric|target|root cause|because)\b/i;

function keySignalOf(sentence: Sentence): number {
  const terms = contentTerms(sentence.text).length;
  if (terms < 4) return 0;
  let score = Math.min(1, terms / 12) * 0.4;
  if (/\d|\$|%|percent/.test(sentence.text)) score += 0.3;
  if (KEY_LEXICON.test(sentence.text)) score += 0.3;
  return Math.min(1, score);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
