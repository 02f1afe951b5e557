import { describe, expect, it } from 'vitest';
import { extractFacts, type SpeakerFrame } from './extract';
import { textRank } from './textrank';
import { buildContextIndex } from '../retrieval';
import { itemSimilarity, matchItems } from '../eval/evaluate';

const me: SpeakerFrame = { speakerName: 'me', addresseeName: 'them', isOwner: true, previousText: null };
const them: SpeakerFrame = { speakerName: 'them', addresseeName: 'me', isOwner: false, previousText: null };

describe('offline extraction', () => {
  it('detects questions with and without a question mark, and ignores tag questions and relative clauses', () => {
    const q = (text: string) => extractFacts(text, them).some((f) => f.isQuestion);
    expect(q('How long does onboarding take for a team our size?')).toBe(true);
    expect(q('what do you charge for the enterprise tier')).toBe(true);
    expect(q('is there a discount for nonprofits')).toBe(true);
    expect(q('what we need is a faster export')).toBe(false);
    expect(q('Right?')).toBe(false);
    expect(q('We shipped it last week.')).toBe(false);
  });

  it('finds questions inside unpunctuated speech-recognizer text and keeps only the question', () => {
    const facts = (text: string) => extractFacts(text, them).find((f) => f.isQuestion);
    expect(facts('sounds good can you send me a short deck i can forward to him')?.question).toBe('can you send me a short deck i can forward to him');
    expect(facts("that's strong what's driving the growth new logos or expansion")?.question).toMatch(/^what/);
    expect(facts('how many engineer-weeks does that leave for the third bet')).toBeDefined();
    expect(facts("i'm the only one who knows that code")).toBeUndefined();
    expect(facts('our managers have no idea what was promised to customers')).toBeUndefined();
    expect(facts("it's the full month of shipments so probably eighty thousand rows")).toBeUndefined();
  });

  it('extracts action items with owner and due phrase, resolving I / you / names', () => {
    const [facts] = extractFacts('Sarah will send the revised contract by end of next week and I will loop in legal tomorrow.', me);
    expect(facts?.actionItems).toEqual([
      { text: 'Send the revised contract by end of next week', owner: 'Sarah', due: 'end of next week' },
      { text: 'Loop in legal tomorrow', owner: 'me', due: 'tomorrow' },
    ]);
    const [request] = extractFacts('Can you send me the pricing by Friday?', them);
    expect(request?.actionItems[0]).toMatchObject({ owner: 'me', due: 'by Friday' });
  });

  it('does not turn talk into tasks', () => {
    for (const text of ["I'll be honest, that's a lot.", 'Let me share my screen.', "We'll see how it goes.", 'Could you start with a quick overview of your background?']) {
      expect(extractFacts(text, me).flatMap((f) => f.actionItems)).toEqual([]);
    }
  });

  it('resolves "I\'ll do that" to the request it answers', () => {
    const facts = extractFacts("Sure, I'll do that by Friday.", { ...me, previousText: 'Could you send over the security questionnaire?' });
    expect(facts[0]?.actionItems[0]).toMatchObject({ text: 'Send over the security questionnaire', owner: 'me', due: 'by Friday' });
  });

  it('detects decisions, adopting the proposal for a bare "agreed"', () => {
    expect(extractFacts('We decided to go with Postgres for the new service.', me)[0]?.decision).toContain('Postgres');
    const agreed = extractFacts('Agreed.', { ...me, previousText: 'So we move the launch to the first week of May.' });
    expect(agreed[0]?.decision).toBe('So we move the launch to the first week of May.');
    expect(extractFacts("We haven't decided on pricing yet.", me)[0]?.decision).toBeNull();
  });

  it('detects objections by topic', () => {
    expect(extractFacts('Honestly the price is too high compared to our current tool.', them)[0]?.objectionTopic).toBe('price');
    expect(extractFacts('We have no concerns about security.', them)[0]?.isObjection).toBe(false);
  });
});

describe('TextRank and retrieval', () => {
  it('ranks the central sentence highest', () => {
    const scores = textRank([
      'The export fails for reports with many rows.',
      'Large reports with many rows make the export fail with error E-413.',
      'The weather was nice.',
      'Splitting the export by date avoids the failing large reports.',
    ]);
    expect(scores.indexOf(Math.max(...scores))).not.toBe(2);
    expect(scores[2]).toBeLessThan(scores[1]!);
  });

  it('retrieves the passage that answers a question with BM25', () => {
    const index = buildContextIndex([
      { kind: 'session_context', label: 'notes', text: 'Onboarding for teams under 100 people takes two weeks. Our office is in Lisbon.' },
      { kind: 'document', label: 'pricing.pdf', text: 'Enterprise adds SSO and audit logs. The Team plan costs $24 per user per month.' },
    ]);
    expect(index.search('How much does the team plan cost per user?')[0]?.label).toBe('pricing.pdf');
    expect(index.search('completely unrelated gardening words')).toEqual([]);
  });
});

describe('eval matching', () => {
  it('matches paraphrases by token overlap one to one, not exact strings', () => {
    expect(itemSimilarity('send the deck and a pricing summary', 'Send the deck and a pricing summary by Thursday')).toBe(1);
    expect(itemSimilarity('send the deck', 'The weather in Lisbon is lovely today and we talked about many other things')).toBe(0);
    expect(matchItems(['send the deck', 'book a demo'], ['Send the deck by Friday', 'Send the deck again'])).toEqual({ expected: 2, produced: 2, matched: 1 });
  });
});
