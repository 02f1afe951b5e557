import { describe, expect, it } from 'vitest';
import type { CopilotSegment, SessionBrief } from '../types';
import { createLiveCopilot } from './live-copilot';

const brief: SessionBrief = {
  title: 'Demo',
  conversationType: 'sales',
  participantMe: 'Alex',
  participantThem: 'Dana',
  aiInstructions: null,
  guidancePrompts: ['Ask about budget and timeline.', 'Agree a next step with a date.'],
  contextInstructions: null,
  sources: [{ kind: 'document', label: 'faq.md', text: 'Data is stored in the EU region by default. Exports are available as CSV and PDF.' }],
};

let sequence = 0;
const seg = (isOwner: boolean, text: string, start: number, end = start + 4): CopilotSegment => ({
  sequence: sequence++,
  transcriptId: null,
  speaker: isOwner ? 'me' : 'them',
  isOwner,
  text,
  startSeconds: start,
  endSeconds: end,
});

describe('live copilot', () => {
  it('answers their questions from the context and names owners from the session participants', () => {
    const live = createLiveCopilot({ brief });
    const update = live.push(seg(false, 'Where is our data stored?', 0));
    expect(update.guidance[0]).toMatchObject({ guidanceType: 'answer', priority: 'high' });
    expect(update.guidance[0]?.content).toContain('Suggested answer: Data is stored in the EU region by default. (from faq.md)');
    const mine = live.push(seg(true, "I'll send you the export guide by Monday.", 5));
    expect(mine.notes).toEqual([{ category: 'action_item', content: 'Send you the export guide by Monday (owner: Alex, due: by Monday)', importance: 'high', sourceSequence: mine.facts.segment.sequence }]);
    // Questions I ask are not "their" questions.
    expect(live.push(seg(true, 'What does your team use today?', 10)).guidance).toEqual([]);
  });

  it('asks for a dated next step when the call wraps up without one', () => {
    const live = createLiveCopilot({ brief });
    expect(live.push(seg(true, 'We covered the pricing and the rollout plan.', 0)).guidance).toEqual([]);
    expect(live.push(seg(false, 'Great, anything else before we go?', 5)).guidance.map((g) => g.guidanceType)).toEqual(['next_step']);
    const dated = createLiveCopilot({ brief });
    dated.push(seg(true, "I'll send the proposal by Friday.", 0));
    expect(dated.push(seg(false, 'Great, anything else before we go?', 5)).guidance).toEqual([]);
  });

  it('surfaces template prompts over time, open checklist items after five minutes, and warns on talk time', () => {
    const live = createLiveCopilot({ brief, checklist: [{ id: 'c1', text: 'Budget', status: 'open' }, { id: 'c2', text: 'Decision maker', status: 'open' }] });
    const types: string[] = [];
    let ticked: string[] = [];
    for (let t = 0; t < 420; t += 10) {
      const text = t === 200 ? 'We have a budget of twenty thousand for this.' : 'Let me walk you through how the product handles onboarding and reporting for large teams.';
      const update = live.push(seg(t !== 200, text, t, t + 9));
      types.push(...update.guidance.map((g) => g.guidanceType));
      ticked = [...ticked, ...update.checklistDone];
    }
    expect(types.filter((t) => t === 'prompt')).toHaveLength(2);
    expect(ticked).toEqual(['c1']);
    expect(types).toContain('checklist');
    expect(types.filter((t) => t === 'talk_time').length).toBeGreaterThanOrEqual(1);
    // Debounced: never more than one talk-time card within three minutes.
    expect(types.filter((t) => t === 'talk_time').length).toBeLessThanOrEqual(3);
  });
});
