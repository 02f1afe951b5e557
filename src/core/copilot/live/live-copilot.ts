import { bestSentences, buildContextIndex, type ContextIndex } from '../retrieval';
import { extractFacts, type SentenceFacts } from '../offline/extract';
import { contentTerms } from '../offline/nlp';
import type { ActionItem, CopilotSegment, GuidanceDraft, NoteDraft, SessionBrief } from '../types';
import { createGuidancePolicy } from './guidance-policy';

/** The facts extracted from one final segment. */
export interface SegmentFacts {
  segment: CopilotSegment;
  sentences: SentenceFacts[];
}

/** What one final segment produced. */
export interface LiveUpdate {
  facts: SegmentFacts;
  guidance: GuidanceDraft[];
  notes: NoteDraft[];
  /** Ids of prep-checklist items this segment covered. */
  checklistDone: string[];
}

/** A prep checklist item as the live engine tracks it. */
export interface LiveChecklistItem {
  id: string;
  text: string;
  status: 'open' | 'done';
}

/** Incremental, in-memory copilot for one session: feed final segments in order, get guidance and notes. */
export interface LiveCopilot {
  push(segment: CopilotSegment): LiveUpdate;
  /** Everything extracted so far, in order (feeds the post-call summary). */
  facts(): SegmentFacts[];
  /** Marks a checklist item done or open (the user ticked it by hand). */
  setChecklist(items: LiveChecklistItem[]): void;
}

const CLOSING_CUES = /\b(anything else|wrap (this |it )?up|wrapping up|out of time|almost at time|before we (go|hang up|finish|close)|last (question|thing)|that'?s (all|it) (for|from) (me|us|today)|talk (soon|then|later)|thanks (so much )?for your time)\b/i;

/** Synonyms for common checklist wording, so "Budget" is covered by "what can you spend". */
const CHECKLIST_SYNONYMS: Record<string, string[]> = {
  budget: ['cost', 'price', 'pricing', 'spend', 'afford', 'money', 'dollar', 'fund'],
  timeline: ['when', 'date', 'deadline', 'quarter', 'month', 'week', 'launch', 'schedule', 'timeframe'],
  decision: ['decide', 'sign', 'approve', 'approval', 'authority', 'buyer', 'boss'],
  maker: ['sign', 'approve', 'decide'],
  pain: ['problem', 'challenge', 'struggle', 'issue', 'frustrat', 'hard', 'difficult', 'slow'],
  next: ['follow', 'schedule', 'book', 'calendar', 'tomorrow', 'week'],
  step: ['follow', 'schedule', 'book'],
  introduction: ['introduce', 'name', 'role', 'myself'],
  blocker: ['block', 'stuck', 'waiting', 'depend'],
  wellbe: ['feel', 'doing', 'weekend', 'stress', 'energy'],
  reproduce: ['repro', 'steps', 'happen', 'when'],
  version: ['release', 'build', 'upgrade'],
  resolution: ['fix', 'resolve', 'workaround', 'ticket', 'escalate'],
};

/** Builds the live engine for one session. `index` defaults to a BM25 index over `brief.sources`. */
export function createLiveCopilot(options: { brief: SessionBrief; checklist?: LiveChecklistItem[]; index?: ContextIndex }): LiveCopilot {
  const { brief } = options;
  const index = options.index ?? buildContextIndex(brief.sources);
  const policy = createGuidancePolicy();
  let checklist = (options.checklist ?? []).map((item) => ({ ...item, terms: expandTerms(item.text) }));
  const all: SegmentFacts[] = [];
  const notedActions: string[][] = [];
  const notedDecisions: string[][] = [];
  const notedKeyPoints: string[][] = [];
  const talk = { me: [] as Array<[number, number]>, them: [] as Array<[number, number]> };
  const recent: CopilotSegment[] = [];
  let addressed: { name: string; sequence: number; isOwner: boolean } | null = null;
  let lastSequence = -1;
  let promptCursor = 0;
  let lastPromptAt = 0;
  let lastChecklistReminderAt = 0;
  let lastKeyPointSequence = -10;
  let hasDatedNextStep = false;

  function push(segment: CopilotSegment): LiveUpdate {
    const meName = brief.participantMe ?? 'me';
    const themName = brief.participantThem ?? 'them';
    const labelled = segment.isOwner ? meName : segment.speaker && !/^them$/i.test(segment.speaker) ? segment.speaker : themName;
    // "Hana, could you write the guide?" — "Sure, I'll have a draft by the 28th": the reply is Hana's.
    const isGenericLabel = labelled === themName || labelled === meName;
    const speakerName = isGenericLabel && addressed && addressed.sequence === lastSequence && addressed.isOwner !== segment.isOwner ? addressed.name : labelled;
    const frame = {
      speakerName,
      addresseeName: segment.isOwner ? themName : meName,
      isOwner: segment.isOwner,
      // "I'll do that" / "agreed" refer to the last thing someone else said.
      previousText: [...recent].reverse().find((r) => r.speaker !== segment.speaker || r.isOwner !== segment.isOwner)?.text ?? null,
    };
    const sentences = extractFacts(segment.text, frame);
    const facts: SegmentFacts = { segment, sentences };
    all.push(facts);
    (segment.isOwner ? talk.me : talk.them).push([segment.startSeconds, segment.endSeconds]);
    recent.push(segment);
    lastSequence = segment.sequence;
    const named = sentences.flatMap((f) => f.actionItems).map((a) => a.owner).find((o) => o && o !== speakerName && o !== meName && o !== themName && o !== 'we' && /^[A-Z]/.test(o));
    addressed = named ? { name: named, sequence: segment.sequence, isOwner: segment.isOwner } : null;
    if (recent.length > 10) recent.shift();

    const notes: NoteDraft[] = [];
    const drafts: GuidanceDraft[] = [];
    for (const sentence of sentences) {
      // "Anything else before we go?" closes the call; it is not a question to answer.
      if (sentence.isQuestion && !segment.isOwner && !CLOSING_CUES.test(sentence.text)) {
        const question = sentence.question ?? sentence.text;
        notes.push({ category: 'question', content: question, importance: 'medium', sourceSequence: segment.sequence });
        drafts.push(answerGuidance(question, segment.sequence));
      }
      if (sentence.isObjection && !segment.isOwner) {
        notes.push({ category: 'insight', content: `Concern (${sentence.objectionTopic ?? 'general'}): ${sentence.text}`, importance: 'high', sourceSequence: segment.sequence });
        drafts.push(objectionGuidance(sentence, segment.sequence));
      }
      for (const item of sentence.actionItems) {
        if (isDuplicate(notedActions, item.text)) continue;
        notedActions.push(contentTerms(item.text));
        if (item.due) hasDatedNextStep = true;
        notes.push({ category: 'action_item', content: formatAction(item), importance: item.due ? 'high' : 'medium', sourceSequence: segment.sequence });
      }
      if (sentence.decision && !isDuplicate(notedDecisions, sentence.decision)) {
        notedDecisions.push(contentTerms(sentence.decision));
        notes.push({ category: 'decision', content: sentence.decision, importance: 'high', sourceSequence: segment.sequence });
      }
      const plain = !sentence.isQuestion && !sentence.decision && sentence.actionItems.length === 0;
      if (plain && sentence.keySignal >= 0.7 && segment.sequence - lastKeyPointSequence >= 3 && !isDuplicate(notedKeyPoints, sentence.text)) {
        lastKeyPointSequence = segment.sequence;
        notedKeyPoints.push(contentTerms(sentence.text));
        notes.push({ category: 'key_point', content: sentence.text, importance: sentence.keySignal >= 0.9 ? 'high' : 'medium', sourceSequence: segment.sequence });
      }
    }

    const checklistDone = coverChecklist(segment);
    drafts.push(...periodicGuidance(segment));
    const admitted = policy.admit(drafts, segment.endSeconds);
    // Periodic cards count as shown only when the policy let them through (a busier card may win).
    for (const draft of admitted) {
      if (draft.guidanceType === 'prompt') {
        promptCursor++;
        lastPromptAt = segment.endSeconds;
      } else if (draft.guidanceType === 'checklist') lastChecklistReminderAt = segment.endSeconds;
    }
    return { facts, guidance: admitted, notes, checklistDone };
  }

  function answerGuidance(question: string, sequence: number): GuidanceDraft {
    const hits = index.search(question, 1);
    const best = hits[0];
    const content = best
      ? `They asked: “${question}” Suggested answer: ${bestSentences(best.text, question)} (from ${best.label})`
      : `They asked: “${question}” Nothing in your context answers this — answer what you know, or offer to follow up in writing.`;
    return { guidanceType: 'answer', content, priority: best ? 'high' : 'medium', triggeredBySequence: sequence, dedupeKey: `answer:${contentTerms(question).join(' ')}`, question };
  }

  function objectionGuidance(sentence: SentenceFacts, sequence: number): GuidanceDraft {
    const hits = index.search(sentence.text, 1);
    const evidence = hits[0] ? ` Relevant: ${bestSentences(hits[0].text, sentence.text, 1)} (from ${hits[0].label})` : '';
    const topic = sentence.objectionTopic ?? 'concern';
    return {
      guidanceType: 'objection',
      content: `Objection (${topic}): acknowledge it, ask what is behind it, then answer with specifics.${evidence}`,
      priority: 'high',
      triggeredBySequence: sequence,
      dedupeKey: `objection:${topic}`,
    };
  }

  function periodicGuidance(segment: CopilotSegment): GuidanceDraft[] {
    const drafts: GuidanceDraft[] = [];
    const at = segment.endSeconds;
    // Template prompts: one at a time, the first after a minute, then every four minutes.
    if (promptCursor < brief.guidancePrompts.length && at >= 60 && at - lastPromptAt >= (promptCursor === 0 ? 60 : 240)) {
      drafts.push({ guidanceType: 'prompt', content: brief.guidancePrompts[promptCursor]!, priority: 'low', triggeredBySequence: segment.sequence, dedupeKey: `prompt:${promptCursor}` });
    }
    // Open checklist items: after five minutes, remind one every three minutes.
    const open = checklist.filter((item) => item.status === 'open');
    if (open.length > 0 && at >= 300 && at - lastChecklistReminderAt >= 180) {
      const item = open[0]!;
      drafts.push({ guidanceType: 'checklist', content: `Not covered yet: ${item.text}`, priority: 'medium', triggeredBySequence: segment.sequence, dedupeKey: `checklist:${item.id}:${Math.floor(at / 600)}` });
    }
    // The call is closing and nobody has committed to anything dated yet.
    if (!hasDatedNextStep && CLOSING_CUES.test(segment.text)) {
      drafts.push({ guidanceType: 'next_step', content: 'The call is wrapping up with no dated next step: propose one (who does what, by when) before you hang up.', priority: 'high', triggeredBySequence: segment.sequence, dedupeKey: 'next_step' });
    }
    const share = ownerShare(at - 300, at);
    if (share !== null && share > 0.7 && at >= 120) {
      drafts.push({
        guidanceType: 'talk_time',
        content: `You have talked ${Math.round(share * 100)}% of the last few minutes — ask an open question and listen.`,
        priority: 'medium',
        triggeredBySequence: segment.sequence,
        dedupeKey: `talk_time:${Math.floor(at / 300)}`,
      });
    }
    return drafts;
  }

  function ownerShare(from: number, to: number): number | null {
    const sum = (spans: Array<[number, number]>) => spans.reduce((total, [s, e]) => total + Math.max(0, Math.min(e, to) - Math.max(s, from)), 0);
    const me = sum(talk.me);
    const them = sum(talk.them);
    return me + them < 60 ? null : me / (me + them);
  }

  function coverChecklist(segment: CopilotSegment): string[] {
    const terms = new Set(contentTerms(segment.text));
    const done: string[] = [];
    for (const item of checklist) {
      if (item.status !== 'open' || item.terms.length === 0) continue;
      const hits = item.terms.filter((group) => group.some((t) => terms.has(t) || [...terms].some((w) => w.startsWith(t) && t.length >= 4))).length;
      if (hits >= Math.ceil(item.terms.length / 2)) {
        item.status = 'done';
        done.push(item.id);
      }
    }
    return done;
  }

  return {
    push,
    facts: () => all,
    setChecklist(items) {
      checklist = items.map((item) => ({ ...item, terms: expandTerms(item.text) }));
    },
  };
}

/** Each content term of a checklist item with its synonyms (a group matches if any member does). */
function expandTerms(text: string): string[][] {
  return contentTerms(text).map((term) => [term, ...(CHECKLIST_SYNONYMS[term] ?? [])]);
}

/** True when `text` is a near-repeat of one already noted (term Jaccard ≥ `threshold`, or one contains the other). */
export function isDuplicate(seen: string[][], text: string, threshold = 0.6): boolean {
  const terms = new Set(contentTerms(text));
  if (terms.size === 0) return true;
  return seen.some((other) => {
    const otherSet = new Set(other);
    const shared = [...otherSet].filter((t) => terms.has(t)).length;
    const union = terms.size + otherSet.size - shared;
    return shared / union >= threshold || shared / Math.min(terms.size, Math.max(1, otherSet.size)) >= 0.85;
  });
}

/** "Send the deck (owner: Sarah, due: Friday)". */
export function formatAction(item: ActionItem): string {
  const meta = [item.owner ? `owner: ${item.owner}` : null, item.due ? `due: ${item.due}` : null].filter(Boolean).join(', ');
  return meta ? `${item.text} (${meta})` : item.text;
}
