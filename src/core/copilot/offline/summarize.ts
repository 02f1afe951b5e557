import type { SegmentFacts } from '../live/live-copilot';
import { formatAction, isDuplicate } from '../live/live-copilot';
import type { ActionItem, SessionBrief, SummaryDraft, TimelineDraft } from '../types';
import { contentTerms } from './nlp';
import { textRank } from './textrank';

/** Sentences per chunk: long meetings are ranked chunk by chunk, then the picks are ranked again. */
const CHUNK_SENTENCES = 200;

interface RankedSentence {
  text: string;
  atSeconds: number;
  sequence: number;
  bonus: number;
}

/** The offline post-call summary: TextRank highlights (chunked and merged) plus the extracted facts. */
export function summarizeOffline(allFacts: SegmentFacts[], brief: SessionBrief): SummaryDraft {
  const sentences: RankedSentence[] = [];
  const actionItems: ActionItem[] = [];
  const decisions: string[] = [];
  const theirQuestions: Array<{ text: string; index: number }> = [];
  const concerns: string[] = [];
  const timeline: TimelineDraft[] = [];
  const seenActions: string[][] = [];
  const seenDecisions: string[][] = [];
  const actionSequences: number[] = [];

  allFacts.forEach(({ segment, sentences: facts }, index) => {
    for (const fact of facts) {
      // Highlights are statements; questions are listed on their own.
      if (!fact.isQuestion) sentences.push({ text: fact.text, atSeconds: segment.startSeconds, sequence: segment.sequence, bonus: fact.keySignal + (fact.decision ? 0.5 : 0) });
      for (const item of fact.actionItems) {
        if (isDuplicate(seenActions, item.text)) continue;
        // "Can you send me the deck?" then "I'll send the deck by Thursday": one task, not two.
        // A named person answering their own request in the next turn ("Ben, can you…?" — "I'll have it by Wednesday").
        const isReplyToRequest = (other: ActionItem, k: number) => segment.sequence - actionSequences[k]! === 1 && !!other.owner && /^[A-Z]/.test(other.owner) && other.owner === item.owner;
        const earlier = actionItems.findIndex((other, k) => segment.sequence - actionSequences[k]! <= 3 && other.owner === item.owner && (isSameTask(other.text, item.text) || isReplyToRequest(other, k)));
        if (earlier >= 0) {
          const other = actionItems[earlier]!;
          const keepOther = isReplyToRequest(other, earlier) || (!!other.due && !item.due);
          actionItems[earlier] = { text: keepOther ? other.text : item.text, owner: item.owner ?? other.owner, due: item.due ?? other.due };
          seenActions[earlier] = contentTerms(actionItems[earlier].text);
          continue;
        }
        seenActions.push(contentTerms(item.text));
        actionSequences.push(segment.sequence);
        actionItems.push(item);
        timeline.push({ atSeconds: segment.startSeconds, title: 'Action item', description: formatAction(item), type: 'action_item', importance: 'medium' });
      }
      if (fact.decision && !isDuplicate(seenDecisions, fact.decision)) {
        seenDecisions.push(contentTerms(fact.decision));
        decisions.push(fact.decision);
        timeline.push({ atSeconds: segment.startSeconds, title: 'Decision', description: fact.decision, type: 'decision', importance: 'high' });
      }
      if (fact.isQuestion && !segment.isOwner) {
        const question = fact.question ?? fact.text;
        theirQuestions.push({ text: question, index });
        timeline.push({ atSeconds: segment.startSeconds, title: 'Question from them', description: question, type: 'question', importance: 'low' });
      }
      if (fact.isObjection && !segment.isOwner) {
        concerns.push(fact.text);
        timeline.push({ atSeconds: segment.startSeconds, title: `Concern: ${fact.objectionTopic ?? 'general'}`, description: fact.text, type: 'objection', importance: 'high' });
      }
    }
  });

  const highlights = rankChunked(sentences.filter((s) => contentTerms(s.text).length >= 4), 6);
  const tldrPicks = highlights.slice().sort((a, b) => b.score - a.score).slice(0, 2).sort((a, b) => a.sentence.sequence - b.sentence.sequence);
  const followUps = unansweredQuestions(allFacts, theirQuestions);
  const title = titleOf(brief, sentences);
  const tldrParts = [
    ...tldrPicks.map((p) => p.sentence.text),
    decisions.length > 0 ? `${decisions.length} decision${decisions.length === 1 ? '' : 's'} made.` : '',
    actionItems.length > 0 ? `${actionItems.length} action item${actionItems.length === 1 ? '' : 's'} agreed.` : '',
  ].filter(Boolean);
  for (const h of highlights) timeline.push({ atSeconds: h.sentence.atSeconds, title: 'Highlight', description: h.sentence.text, type: 'key_point', importance: 'medium' });
  timeline.sort((a, b) => a.atSeconds - b.atSeconds);

  return {
    title,
    tldr: tldrParts.join(' '),
    structuredNotes: notesMarkdown({ highlights: highlights.map((h) => h.sentence.text), decisions, actionItems, questions: theirQuestions.map((q) => q.text), concerns }),
    keyDecisions: decisions,
    actionItems,
    followUpQuestions: followUps,
    conversationHighlights: highlights.map((h) => h.sentence.text),
    timeline,
  };
}

const VERB_GROUPS = [
  ['send', 'share', 'email', 'forward', 'circulat', 'mail', 'get'],
  ['check', 'confirm', 'verify', 'ask', 'find'],
  ['set', 'schedul', 'book', 'arrang', 'organiz', 'put'],
  ['writ', 'draft', 'prepar', 'hav'],
  ['review', 'look', 'read'],
];

/** Same kind of verb and at least one shared object word: a request and the commitment that answers it. */
function isSameTask(a: string, b: string): boolean {
  const [verbA, ...restA] = contentTerms(a);
  const [verbB, ...restB] = contentTerms(b);
  if (!verbA || !verbB) return false;
  const group = (verb: string) => VERB_GROUPS.findIndex((g) => g.some((v) => verb.startsWith(v)));
  const sameVerb = verbA === verbB || (group(verbA) >= 0 && group(verbA) === group(verbB));
  const objectsA = new Set(restA.filter((t) => t !== 'you' && t !== 'me'));
  return sameVerb && restB.some((t) => objectsA.has(t));
}

function rankChunked(sentences: RankedSentence[], k: number): Array<{ sentence: RankedSentence; score: number }> {
  if (sentences.length === 0) return [];
  let candidates = sentences;
  if (sentences.length > CHUNK_SENTENCES) {
    // Chunk, keep the best of each chunk, then rank the survivors together: a 2-hour meeting is
    // covered end to end instead of being truncated to its first minutes.
    const perChunk = Math.max(3, Math.ceil((k * 3) / Math.ceil(sentences.length / CHUNK_SENTENCES)));
    candidates = [];
    for (let start = 0; start < sentences.length; start += CHUNK_SENTENCES) {
      const chunk = sentences.slice(start, start + CHUNK_SENTENCES);
      candidates.push(...pick(chunk, perChunk).map((p) => p.sentence));
    }
  }
  return pick(candidates, k).sort((a, b) => a.sentence.sequence - b.sentence.sequence);
}

function pick(sentences: RankedSentence[], k: number): Array<{ sentence: RankedSentence; score: number }> {
  const scores = textRank(sentences.map((s) => s.text));
  const ranked = sentences.map((sentence, i) => ({ sentence, score: scores[i]! * (1 + sentence.bonus) })).sort((a, b) => b.score - a.score);
  const chosen: Array<{ sentence: RankedSentence; score: number }> = [];
  const seen: string[][] = [];
  for (const entry of ranked) {
    if (chosen.length >= k) break;
    if (isDuplicate(seen, entry.sentence.text, 0.7)) continue;
    seen.push(contentTerms(entry.sentence.text));
    chosen.push(entry);
  }
  return chosen;
}

const DEFERRAL = /\b(get back to you|follow up|find out|not sure|don'?t know|check (with|on|and)|circle back|let you know|look into)\b/i;

// Their questions that got a deferral or no answer from us become follow-up questions.
function unansweredQuestions(allFacts: SegmentFacts[], questions: Array<{ text: string; index: number }>): string[] {
  const result: string[] = [];
  for (const question of questions) {
    const reply = allFacts.slice(question.index + 1).find((f) => f.segment.isOwner);
    if (!reply || DEFERRAL.test(reply.segment.text)) result.push(question.text);
  }
  return result;
}

function titleOf(brief: SessionBrief, sentences: RankedSentence[]): string {
  if (brief.title && !/^(untitled|new (session|meeting|conversation)|session|meeting)$/i.test(brief.title.trim())) return brief.title.trim();
  const counts = new Map<string, number>();
  for (const s of sentences) for (const term of contentTerms(s.text)) if (term.length > 3) counts.set(term, (counts.get(term) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t]) => t);
  const kind = brief.conversationType ? `${brief.conversationType.replace(/_/g, ' ')} ` : '';
  return top.length > 0 ? `${kind}conversation: ${top.join(', ')}`.replace(/^./, (c) => c.toUpperCase()) : 'Conversation';
}

function notesMarkdown(parts: { highlights: string[]; decisions: string[]; actionItems: ActionItem[]; questions: string[]; concerns: string[] }): string {
  const section = (heading: string, items: string[]) => (items.length > 0 ? [`## ${heading}`, ...items.map((i) => `- ${i}`), ''] : []);
  return [
    ...section('Key points', parts.highlights),
    ...section('Decisions', parts.decisions),
    ...section('Action items', parts.actionItems.map(formatAction)),
    ...section('Questions raised', parts.questions),
    ...section('Concerns', parts.concerns),
  ].join('\n').trim();
}
